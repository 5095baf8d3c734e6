#include "fepipe/outlier/arbitrary_outlier_capper.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "outlier/capping_cases.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace outlier_arbitrary_outlier_capper_test {

using namespace fepipe;

namespace {

std::vector<std::string> reference_variables(const std::string& c) {
  std::vector<std::string> out;
  for (const auto& r : fepipe_test::read_attribute("outlier/" + c + "__variables.csv")) out.push_back(r.text);
  return out;
}

}  // namespace

TEST_CASE("ArbitraryOutlierCapper matches feature-engine on House Prices") {
  const Frame& X = fepipe_test::house_frame();
  ArbitraryOutlierCapper cap({.max_capping_dict = {{"LotArea", 20000.0}, {"GrLivArea", 3000.0}},
                              .min_capping_dict = {{"GrLivArea", 800.0}, {"TotalBsmtSF", 100.0}}});
  cap.fit(X);
  // Keys of the min dict first, then new keys of the max dict.
  CHECK(cap.variables_ == reference_variables("arbitrary_outlier_capper_house"));
  CHECK(cap.right_tail_caps_.at("LotArea") == 20000.0);
  CHECK(cap.left_tail_caps_.at("TotalBsmtSF") == 100.0);
  const Frame expected = fepipe_test::read_reference_frame("outlier/arbitrary_outlier_capper_house__transform.csv");
  fepipe_test::check_frame_close(cap.transform(X).select(expected.names()), expected, 0.0);
  CHECK(cap.feature_names_out() == X.names());
  fepipe_test::check_rows_match_transform(cap, X.head(100));
  fepipe_test::check_transform_roundtrip(cap, X);
}

TEST_CASE("ArbitraryOutlierCapper lets missing values through with missing_values = ignore (Titanic)") {
  const Frame X = fepipe_test::titanic_frame({"age", "fare"});
  ArbitraryOutlierCapper cap({.max_capping_dict = {{"age", 60.0}, {"fare", 200.0}},
                              .min_capping_dict = {{"age", 1.0}},
                              .missing_values = MissingValues::ignore});
  cap.fit(X);
  CHECK(cap.variables_ == reference_variables("arbitrary_outlier_capper_titanic"));
  fepipe_test::check_frame_close(
      cap.transform(X), fepipe_test::read_reference_frame("outlier/arbitrary_outlier_capper_titanic__transform.csv"),
      0.0);
  fepipe_test::check_rows_match_transform(cap, X);
  CHECK(!fepipe_test::reference_error("outlier/arbitrary_outlier_capper_titanic_nan_raise__raises.csv").empty());
  CHECK_THROWS_WITH_AS(ArbitraryOutlierCapper({.max_capping_dict = {{"age", 60.0}}}).fit(X),
                       doctest::Contains("ArbitraryOutlierCapper: column 'age': value nan at row"), DataError);
}

TEST_CASE("ArbitraryOutlierCapper option errors") {
  CHECK_THROWS_WITH_AS(ArbitraryOutlierCapper(ArbitraryOutlierCapper::Options{}),
                       doctest::Contains("at least one of max_capping_dict and min_capping_dict"), ParameterError);
  CHECK_THROWS_WITH_AS(ArbitraryOutlierCapper({.max_capping_dict = {{"a", std::nan("")}}}),
                       doctest::Contains("column 'a': the cap is NaN"), ParameterError);
  CHECK_THROWS_WITH_AS(ArbitraryOutlierCapper({.max_capping_dict = {{"Street", 1.0}}}).fit(fepipe_test::house_frame()),
                       doctest::Contains("column 'Street'"), SchemaError);
  CHECK_THROWS_AS(ArbitraryOutlierCapper({.min_capping_dict = {{"Nope", 1.0}}}).fit(fepipe_test::house_frame()),
                  SchemaError);
}

TEST_CASE("ArbitraryOutlierCapper before a log in a Pipeline") {
  const Frame X = fepipe_test::house_frame().select({"WoodDeckSF", "LotArea"});
  Pipeline pipe(
      ArbitraryOutlierCapper({.max_capping_dict = {{"WoodDeckSF", 400.0}}, .min_capping_dict = {{"LotArea", 2000.0}}}),
      LogCpTransformer());
  pipe.fit(X);
  const Frame out = pipe.transform(X);
  for (double v : out.numeric("WoodDeckSF")) CHECK(v <= std::log(401.0));
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace outlier_arbitrary_outlier_capper_test
