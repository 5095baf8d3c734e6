#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_mean_median_imputer_test {

using namespace fepipe;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

Frame small_frame() {
  Frame f;
  f.add("a", Column::numeric({1.0, kNaN, 3.0, 10.0}));
  f.add("b", Column::numeric({kNaN, 2.0, 2.0, 5.0}));
  f.add("c", Column::from_labels(std::vector<std::string>{"x", "y", "", "x"}));
  return f;
}

Frame house() {
  Frame X = fepipe_test::load_houseprice();
  X.drop({"Id", "SalePrice"});
  return X;
}
}  // namespace

TEST_CASE("MeanMedianImputer: imputer_dict_ and transform match feature-engine on House Prices") {
  const Frame X = house();
  for (const std::string method : {"mean", "median"}) {
    INFO(method);
    MeanMedianImputer imp(
        {.imputation_method = method == "mean" ? ImputationMethod::mean : ImputationMethod::median});
    imp.fit(X);
    const auto ref = fepipe_test::read_attribute("impute/mean_median_imputer_house_" + method + "__imputer_dict.csv");
    REQUIRE(imp.imputer_dict_.size() == ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) {
      CHECK(imp.imputer_dict_[i].first == ref[i].variable);
      FEPIPE_CHECK_CLOSE(imp.imputer_dict_[i].second, ref[i].value, 1e-12);
    }
    const Frame expected = fepipe_test::read_reference_frame("impute/mean_median_imputer_house_" + method + "__transform.csv");
    fepipe_test::check_frame_close(imp.transform(X).select(expected.names()), expected, 1e-12);
  }
}

TEST_CASE("MeanMedianImputer learns NaN-skipping medians of numeric columns only") {
  MeanMedianImputer imp;
  imp.fit(small_frame());
  CHECK(imp.variables_ == std::vector<std::string>{"a", "b"});
  CHECK(imp.imputer_dict_.at("a") == 3.0);
  CHECK(imp.imputer_dict_.at("b") == 2.0);
  const Frame out = imp.transform(small_frame());
  CHECK(out.numeric("a")[1] == 3.0);
  CHECK(out.numeric("b")[0] == 2.0);
  CHECK(out["c"].is_missing(2));  // other columns untouched
  fepipe_test::check_rows_match_transform(imp, small_frame());
}

TEST_CASE("MeanMedianImputer: all-NaN columns learn NaN; single rows work") {
  Frame f;
  f.add("all_nan", Column::numeric({kNaN, kNaN}));
  f.add("one", Column::numeric({4.0, kNaN}));
  MeanMedianImputer imp({.imputation_method = ImputationMethod::mean});
  imp.fit(f);
  CHECK(std::isnan(imp.imputer_dict_.at("all_nan")));
  CHECK(imp.imputer_dict_.at("one") == 4.0);
  CHECK(std::isnan(imp.transform(f).numeric("all_nan")[0]));
  imp.fit(f.head(1));
  CHECK(imp.imputer_dict_.at("one") == 4.0);
}

TEST_CASE("MeanMedianImputer errors name the step and the column") {
  CHECK_THROWS_AS(MeanMedianImputer({.variables = std::vector<std::string>{}}), ParameterError);
  CHECK_THROWS_WITH_AS(MeanMedianImputer({.variables = {"a", "a"}}), doctest::Contains("twice"), ParameterError);
  CHECK_THROWS_WITH_AS(MeanMedianImputer({.variables = {"c"}}).fit(small_frame()),
                       doctest::Contains("MeanMedianImputer: column 'c'"), SchemaError);
  CHECK_THROWS_WITH_AS(MeanMedianImputer({.variables = {"zz"}}).fit(small_frame()), doctest::Contains("'zz'"),
                       SchemaError);
  CHECK_THROWS_AS(MeanMedianImputer().fit(Frame()), DataError);
  CHECK_THROWS_AS(MeanMedianImputer().transform(small_frame()), NotFittedError);
  MeanMedianImputer imp;
  imp.fit(small_frame());
  Frame missing = small_frame();
  missing.pop("b");
  CHECK_THROWS_WITH_AS(imp.transform(missing), doctest::Contains("'b'"), SchemaError);
  Frame retyped = small_frame();
  retyped.set("a", Column::from_labels(std::vector<std::string>{"1", "2", "3", "4"}));
  CHECK_THROWS_WITH_AS(imp.transform(retyped), doctest::Contains("'a'"), SchemaError);
  Frame only_categorical;
  only_categorical.add("c", Column::from_labels(std::vector<std::string>{"x"}));
  CHECK_THROWS_AS(MeanMedianImputer().fit(only_categorical), SchemaError);
  CHECK_NOTHROW(MeanMedianImputer({.return_empty = true}).fit(only_categorical));
}

TEST_CASE("MeanMedianImputer: columns in another order are aligned to the training order") {
  MeanMedianImputer imp;
  imp.fit(small_frame());
  Frame shuffled = small_frame().select({"c", "b", "a"});
  const Frame out = imp.transform(shuffled);
  CHECK(out.names() == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("MeanMedianImputer round trip") {
  MeanMedianImputer imp({.imputation_method = ImputationMethod::mean, .variables = {"a"}});
  imp.fit(small_frame());
  CHECK(imp.imputer_dict_.at("a") == doctest::Approx(14.0 / 3.0));
  fepipe_test::check_transform_roundtrip(imp, small_frame());
}

}  // namespace impute_mean_median_imputer_test
