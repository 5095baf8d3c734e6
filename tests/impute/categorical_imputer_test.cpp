#include <doctest/doctest.h>

#include <cmath>

#include "fepipe/impute/categorical_imputer.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_categorical_imputer_test {

using namespace fepipe;

namespace {
Frame house() {
  Frame X = fepipe_test::load_houseprice();
  X.drop({"Id", "SalePrice"});
  return X;
}
const std::vector<std::string> kCat{"Alley", "MasVnrType", "BsmtQual", "FireplaceQu", "GarageType", "Electrical"};
}  // namespace

TEST_CASE("CategoricalImputer 'missing' matches feature-engine") {
  const Frame X = house();
  CategoricalImputer imp({.variables = kCat});
  imp.fit(X);
  CHECK(imp.imputer_dict_.at("Alley") == "Missing");
  fepipe_test::check_frame_close(imp.transform(X).select(kCat),
                                 fepipe_test::read_reference_frame("impute/categorical_imputer_house_missing__transform.csv"),
                                 0.0);
  fepipe_test::check_rows_match_transform(imp, X.head(300));
  fepipe_test::check_transform_roundtrip(imp, X);
}

TEST_CASE("CategoricalImputer 'frequent' learns each mode like feature-engine") {
  const Frame X = house();
  CategoricalImputer imp({.imputation_method = CategoricalImputation::frequent});
  imp.fit(X);
  const auto ref = fepipe_test::read_attribute("impute/categorical_imputer_house_frequent__imputer_dict.csv");
  REQUIRE(imp.imputer_dict_.size() == ref.size());
  for (std::size_t i = 0; i < ref.size(); ++i) {
    CHECK(imp.imputer_dict_[i].first == ref[i].variable);
    CHECK(imp.imputer_dict_[i].second == ref[i].text);
  }
  fepipe_test::check_frame_close(imp.transform(X).select(kCat),
                                 fepipe_test::read_reference_frame("impute/categorical_imputer_house_frequent__transform.csv"),
                                 0.0);
}

TEST_CASE("CategoricalImputer: tied modes are an error naming the variables") {
  Frame f;
  f.add("tie", Column::from_labels(std::vector<std::string>{"a", "b", "", "a", "b"}));
  f.add("ok", Column::from_labels(std::vector<std::string>{"a", "a", "", "b", "a"}));
  CHECK_THROWS_WITH_AS(CategoricalImputer({.imputation_method = CategoricalImputation::frequent}).fit(f),
                       doctest::Contains("tie"), DataError);
}

TEST_CASE("CategoricalImputer 'frequent' on an all-missing column: an error naming it, not a tie") {
  // feature-engine 1.6.2 reports this as tied modes; there is no mode at all.
  Frame f;
  f.add("ok", Column::from_labels(std::vector<std::string>{"a", "a", "", "b", "a"}));
  f.add("empty", Column::from_labels(std::vector<std::string>{"", "", "", "", ""}, ""));
  CHECK_THROWS_WITH_AS(CategoricalImputer({.imputation_method = CategoricalImputation::frequent}).fit(f),
                       "CategoricalImputer: column 'empty': every value is missing, so there is no most frequent "
                       "category to impute with (use imputation_method='missing', or drop the column)",
                       DataError);
  // 'missing' needs no mode: the column is filled.
  CategoricalImputer missing({.variables = {"empty"}});
  CHECK(missing.fit(f).transform(f)["empty"].label(missing.transform(f)["empty"].codes()[0]) == "Missing");
}

TEST_CASE("CategoricalImputer with ignore_format imputes numeric columns with numbers") {
  Frame f;
  f.add("n", Column::numeric({1.0, NAN, 2.0, 2.0}));
  CategoricalImputer mode({.imputation_method = CategoricalImputation::frequent, .variables = {"n"}, .ignore_format = true});
  mode.fit(f);
  CHECK(mode.transform(f).numeric("n")[1] == 2.0);
  fepipe_test::check_rows_match_transform(mode, f);
  CategoricalImputer numeric_fill({.fill_value = "-1", .variables = {"n"}, .ignore_format = true});
  CHECK(numeric_fill.fit(f).transform(f).numeric("n")[1] == -1.0);
  CHECK_THROWS_WITH_AS(CategoricalImputer({.variables = {"n"}, .ignore_format = true}).fit(f),
                       doctest::Contains("not a number"), ParameterError);
  CHECK_THROWS_WITH_AS(CategoricalImputer({.variables = {"n"}}).fit(f), doctest::Contains("'n'"), SchemaError);
}

}  // namespace impute_categorical_imputer_test
