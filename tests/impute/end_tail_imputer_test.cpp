// EndTailImputer against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py): fill values and transforms
// for every method and tail on hand-made data (NaN, ±inf, a constant and an
// all-NaN column, a single training row) and on House Prices.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/add_missing_indicator.hpp"
#include "fepipe/impute/end_tail_imputer.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_end_tail_imputer_test {

using namespace fepipe;

namespace {

const std::vector<std::string> small_numeric{"x", "const", "neg", "posinf", "neginf", "allnan"};
const std::vector<std::string> house_numeric{"LotFrontage", "MasVnrArea", "GarageYrBlt"};

Frame small() { return fepipe_test::read_input_frame("end_tail_imputer_small", {{"allnan", Kind::numeric}}); }

const Frame& house() {
  static const Frame X = [] {
    Frame f = fepipe_test::load_houseprice();
    f.drop({"Id", "SalePrice"});
    return f;
  }();
  return X;
}

struct Case {
  EndTailImputation method;
  ImputationTail tail;
  const char* name;
};
const std::vector<Case> cases{{EndTailImputation::gaussian, ImputationTail::right, "gaussian_right"},
                              {EndTailImputation::gaussian, ImputationTail::left, "gaussian_left"},
                              {EndTailImputation::iqr, ImputationTail::right, "iqr_right"},
                              {EndTailImputation::iqr, ImputationTail::left, "iqr_left"},
                              {EndTailImputation::max, ImputationTail::right, "max_right"},
                              {EndTailImputation::max, ImputationTail::left, "max_left"}};

}  // namespace

TEST_CASE("EndTailImputer matches feature-engine on NaN, ±inf, constant and all-NaN columns") {
  const Frame X = small();
  for (const auto& c : cases)
    for (const auto& [fold, fold_name] : std::vector<std::pair<double, std::string>>{{3.0, "3"}, {0.5, "0.5"}}) {
      const std::string ref = "impute/end_tail_imputer_small_" + std::string(c.name) + "_" + fold_name;
      INFO(ref);
      EndTailImputer imp({.imputation_method = c.method, .tail = c.tail, .fold = fold});
      imp.fit(X);
      CHECK(imp.variables_ == small_numeric);  // automatic: numeric columns only
      fepipe_test::check_number_dict(imp.imputer_dict_, ref + "__imputer_dict.csv", 1e-12);
      const Frame out = imp.transform(X);
      fepipe_test::check_frame_close(out.select(small_numeric), fepipe_test::read_reference_frame(ref + "__transform.csv"),
                                     1e-12);
      fepipe_test::require_identical(out.select({"label"}), X.select({"label"}));  // untouched
      fepipe_test::check_rows_match_transform(imp, X);
      fepipe_test::check_transform_roundtrip(imp, X);
    }
}

TEST_CASE("EndTailImputer fitted on a single row: gaussian learns NaN (ddof 1), iqr and max the value") {
  const Frame one = fepipe_test::read_input_frame("end_tail_imputer_one_row", {{"allnan", Kind::numeric}});
  REQUIRE(one.rows() == 1);
  for (const auto& c : cases) {
    const std::string ref = "impute/end_tail_imputer_one_row_" + std::string(c.name);
    INFO(ref);
    EndTailImputer imp({.imputation_method = c.method, .tail = c.tail});
    imp.fit(one);
    fepipe_test::check_number_dict(imp.imputer_dict_, ref + "__imputer_dict.csv", 1e-12);
    fepipe_test::check_frame_close(imp.transform(small()).select(small_numeric),
                                   fepipe_test::read_reference_frame(ref + "__transform.csv"), 1e-12);
  }
}

TEST_CASE("EndTailImputer matches feature-engine on House Prices") {
  for (const auto& c : cases) {
    const std::string ref = "impute/end_tail_imputer_house_" + std::string(c.name);
    INFO(ref);
    EndTailImputer imp({.imputation_method = c.method, .tail = c.tail});
    imp.fit(house());
    fepipe_test::check_number_dict(imp.imputer_dict_, ref + "__imputer_dict.csv", 1e-9);
    fepipe_test::check_frame_close(imp.transform(house()).select(house_numeric),
                                   fepipe_test::read_reference_frame(ref + "__transform.csv"), 1e-9);
    CHECK(imp.feature_names_out() == house().names());
  }
  EndTailImputer imp({.imputation_method = EndTailImputation::iqr, .variables = house_numeric});
  imp.fit(house());
  fepipe_test::check_rows_match_transform(imp, house().head(100));
  fepipe_test::check_transform_roundtrip(imp, house());
  fepipe_test::check_hostile_files(imp);
}

TEST_CASE("EndTailImputer in a Pipeline: fit, transform, single records and a reload agree") {
  const Frame X = house().select(house_numeric);
  Pipeline pipe{AddMissingIndicator(), EndTailImputer({.imputation_method = EndTailImputation::max, .fold = 2.0})};
  pipe.fit(X);
  AddMissingIndicator ind;
  ind.fit(X);
  const Frame with_flags = ind.transform(X);
  EndTailImputer imp({.imputation_method = EndTailImputation::max, .fold = 2.0});
  imp.fit(with_flags);
  const Frame expected = imp.transform(with_flags);
  fepipe_test::require_identical(pipe.transform(X), expected);
  CHECK(pipe.feature_names_out() == expected.names());
  auto [from_json, from_bin] = fepipe_test::roundtrip_both(pipe);
  fepipe_test::require_identical(from_bin.transform(X), expected);
}

TEST_CASE("EndTailImputer errors name the step and the column") {
  Frame X;
  X.add("n", Column::numeric({1.0, NAN, 3.0}));
  X.add("c", Column::from_labels(std::vector<std::string>{"a", "b", "a"}));
  for (double fold : {0.0, -1.0, std::nan(""), HUGE_VAL})
    CHECK_THROWS_WITH_AS(EndTailImputer({.fold = fold}), doctest::Contains("EndTailImputer: fold"), ParameterError);
  CHECK_THROWS_AS(EndTailImputer({.variables = std::vector<std::string>{}}), ParameterError);
  CHECK_THROWS_WITH_AS(EndTailImputer({.variables = {"c"}}).fit(X), doctest::Contains("EndTailImputer: column 'c'"),
                       SchemaError);
  CHECK_THROWS_WITH_AS(EndTailImputer({.variables = {"zz"}}).fit(X), doctest::Contains("'zz'"), SchemaError);
  CHECK_THROWS_WITH_AS(EndTailImputer().fit(X.select({"c"})), doctest::Contains("EndTailImputer"), SchemaError);
  CHECK(EndTailImputer({.return_empty = true}).fit(X.select({"c"})).variables_.empty());
  CHECK_THROWS_AS(EndTailImputer().fit(Frame()), DataError);
  CHECK_THROWS_AS(EndTailImputer().transform(X), NotFittedError);

  EndTailImputer imp;
  imp.fit(X);
  Frame relabelled = X;
  relabelled.set("n", Column::from_labels(std::vector<std::string>{"1", "2", "3"}));
  CHECK_THROWS_WITH_AS(imp.transform(relabelled), doctest::Contains("EndTailImputer: column 'n'"), SchemaError);
  CHECK_THROWS_WITH_AS(imp.transform(X.select({"c"})), doctest::Contains("'n'"), SchemaError);
  std::vector<Value> cells{Value("one"), Value("a")};
  Row row(cells, 2);
  CHECK_THROWS_WITH_AS(imp.transform_row(row), doctest::Contains("EndTailImputer: column 'n'"), SchemaError);
  Row narrow(cells, 1);
  CHECK_THROWS_AS(imp.transform_row(narrow), SchemaError);
}

}  // namespace impute_end_tail_imputer_test
