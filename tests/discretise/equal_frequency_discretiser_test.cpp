#include "fepipe/discretise/equal_frequency_discretiser.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "discretise/discretiser_case.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace discretise_equal_frequency_discretiser_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_vars{"LotArea",   "GrLivArea",  "TotalBsmtSF", "OverallQual",
                                          "YearBuilt", "WoodDeckSF", "BsmtUnfSF",   "SalePrice"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}

Frame titanic_discrete() {
  return read_csv(fepipe_test::data_path("titanic.csv"), {.na_values = {"?"}, .usecols = {"pclass", "sibsp", "parch"}});
}

void check_case(EqualFrequencyDiscretiser d, const Frame& X, const std::string& c) {
  fepipe_test::check_discretiser_case(std::move(d), X, c);
}

}  // namespace

TEST_CASE("EqualFrequencyDiscretiser matches feature-engine on House Prices") {
  SUBCASE("q = 10, bin numbers") {
    check_case(EqualFrequencyDiscretiser({.q = 10, .variables = house_vars}), house(),
               "equal_frequency_discretiser_house_q10");
  }
  SUBCASE("q = 5, interval labels") {
    check_case(EqualFrequencyDiscretiser({.q = 5, .variables = house_vars, .return_boundaries = true}), house(),
               "equal_frequency_discretiser_house_q5_boundaries");
  }
  SUBCASE("q = 4, bin numbers as labels") {
    check_case(EqualFrequencyDiscretiser({.q = 4, .variables = house_vars, .return_object = true}), house(),
               "equal_frequency_discretiser_house_q4_object");
  }
  SUBCASE("q = 8, interval labels with precision 1") {
    check_case(EqualFrequencyDiscretiser({.q = 8, .variables = house_vars, .return_boundaries = true, .precision = 1}),
               house(), "equal_frequency_discretiser_house_q8_boundaries_p1");
  }
}

TEST_CASE("EqualFrequencyDiscretiser drops duplicate quantiles of discrete data (Titanic)") {
  const Frame X = titanic_discrete();
  check_case(EqualFrequencyDiscretiser({.q = 10}), X, "equal_frequency_discretiser_titanic_q10");
  EqualFrequencyDiscretiser d({.q = 10});
  d.fit(X);
  // sibsp is mostly 0 and 1: ten quantiles collapse to the edges -inf, 1, inf.
  CHECK(d.binner_dict_.at("sibsp") ==
        std::vector<double>{-std::numeric_limits<double>::infinity(), 1.0, std::numeric_limits<double>::infinity()});
}

TEST_CASE("EqualFrequencyDiscretiser on ties, negatives, tiny and huge values") {
  const Frame X = fepipe_test::read_input_frame("equal_frequency_discretiser_small");
  check_case(EqualFrequencyDiscretiser({.q = 4, .return_boundaries = true}), X, "equal_frequency_discretiser_small_q4");
}

TEST_CASE("EqualFrequencyDiscretiser: q = 1 is one bin, unseen extremes land in the end bins") {
  Frame X;
  X.add("a", Column::numeric({3.0, 1.0, 2.0}));
  EqualFrequencyDiscretiser one({.q = 1});
  one.fit(X);
  CHECK(one.binner_dict_.at("a").size() == 2);
  Frame far;
  far.add("a", Column::numeric({-1e300, 1e300}));
  CHECK(one.transform(far).numeric("a")[1] == 0.0);
  EqualFrequencyDiscretiser two({.q = 2});
  two.fit(X);
  const Frame out = two.transform(far);
  CHECK(out.numeric("a")[0] == 0.0);
  CHECK(out.numeric("a")[1] == 1.0);
}

TEST_CASE("EqualFrequencyDiscretiser rejects a constant column where feature-engine learns [inf]") {
  const Frame X = fepipe_test::read_input_frame("equal_frequency_discretiser_constant");
  // The reference's single edge maps every value to NaN later.
  const auto reference =
      fepipe_test::read_list_dict("discretise/equal_frequency_discretiser_constant__binner_dict.csv");
  CHECK(reference.at("const") == std::vector<double>{std::numeric_limits<double>::infinity()});
  EqualFrequencyDiscretiser d({.q = 3});
  const std::string msg = fepipe_test::error_message<DataError>([&] { d.fit(X); });
  CHECK(msg.find("EqualFrequencyDiscretiser") != std::string::npos);
  CHECK(msg.find("'const'") != std::string::npos);
  CHECK(msg.find("5.0") != std::string::npos);
  CHECK_FALSE(d.is_fitted());
  // A single row is constant too.
  CHECK_THROWS_AS(EqualFrequencyDiscretiser({.q = 2}).fit(X.head(1)), DataError);
}

TEST_CASE("EqualFrequencyDiscretiser rejects NaN and infinities at fit and transform, as feature-engine") {
  const Frame X = fepipe_test::read_input_frame("equal_frequency_discretiser_small");
  CHECK(!fepipe_test::reference_error("discretise/equal_frequency_discretiser_nan_fit__raises.csv").empty());
  CHECK(!fepipe_test::reference_error("discretise/equal_frequency_discretiser_inf_transform__raises.csv").empty());
  Frame with_nan = X;
  with_nan["neg"].mutable_values()[3] = std::numeric_limits<double>::quiet_NaN();
  const std::string msg = fepipe_test::error_message<DataError>([&] { EqualFrequencyDiscretiser().fit(with_nan); });
  CHECK(msg.find("column 'neg'") != std::string::npos);
  CHECK(msg.find("row 3") != std::string::npos);

  EqualFrequencyDiscretiser d({.q = 3});
  d.fit(X);
  Frame with_inf = X;
  with_inf["big"].mutable_values()[5] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(d.transform(with_inf), doctest::Contains("column 'big'"), DataError);
  std::vector<Value> cells = fepipe_test::record_of(with_inf, 5);
  Row row(cells, cells.size());
  CHECK_THROWS_WITH_AS(d.transform_row(row), doctest::Contains("value inf"), DataError);
}

TEST_CASE("EqualFrequencyDiscretiser option and schema errors") {
  CHECK_THROWS_WITH_AS(EqualFrequencyDiscretiser({.q = 0}), doctest::Contains("EqualFrequencyDiscretiser: q must"),
                       ParameterError);
  CHECK_THROWS_WITH_AS(EqualFrequencyDiscretiser({.precision = 0}), doctest::Contains("precision"), ParameterError);
  CHECK_THROWS_AS(EqualFrequencyDiscretiser({.precision = 20}), ParameterError);
  CHECK_THROWS_AS(EqualFrequencyDiscretiser({.variables = std::vector<std::string>{}}), ParameterError);
  Frame X;
  X.add("a", Column::numeric({1.0, 2.0, 3.0}));
  X.add("s", Column::from_labels(std::vector<std::string>{"x", "y", "z"}));
  CHECK_THROWS_WITH_AS(EqualFrequencyDiscretiser({.variables = {"s"}}).fit(X), doctest::Contains("column 's'"),
                       SchemaError);
  CHECK_THROWS_AS(EqualFrequencyDiscretiser().transform(X), NotFittedError);
  EqualFrequencyDiscretiser d({.q = 2});
  d.fit(X);
  CHECK(d.variables_ == std::vector<std::string>{"a"});
  CHECK_THROWS_WITH_AS(d.transform(X.select({"a"})), doctest::Contains("column 's'"), SchemaError);
}

TEST_CASE("EqualFrequencyDiscretiser in a Pipeline after an imputer") {
  const Frame X = house().select({"LotFrontage", "LotArea"});
  Pipeline pipe(MeanMedianImputer(), EqualFrequencyDiscretiser({.q = 4, .return_boundaries = true}));
  pipe.fit(X);
  MeanMedianImputer imp;
  EqualFrequencyDiscretiser d({.q = 4, .return_boundaries = true});
  const Frame by_hand = d.fit(imp.fit(X).transform(X)).transform(imp.transform(X));
  fepipe_test::require_identical(pipe.transform(X), by_hand);
  CHECK(pipe.feature_names_out() == X.names());
}

}  // namespace discretise_equal_frequency_discretiser_test
