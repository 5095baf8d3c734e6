// Committed version-1 model files of the outlier steps
// (tests/data/model_files/): each must still load and cap (or trim) as
// feature-engine does. See impute/model_fixture.hpp for how the files were
// written. Also: edited files are refused.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/hostile_files.hpp"
#include "fepipe/outlier/arbitrary_outlier_capper.hpp"
#include "fepipe/outlier/outlier_trimmer.hpp"
#include "fepipe/outlier/winsorizer.hpp"
#include "support/model_fixture.hpp"
#include "outlier/capping_cases.hpp"

namespace outlier_model_files_test {

using namespace fepipe;

namespace {
Frame reference(const std::string& c) { return fepipe_test::read_reference_frame("outlier/" + c + "__transform.csv"); }
}  // namespace

TEST_CASE("model files: Winsorizer (both tails, indicators)") {
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea", "TotalBsmtSF", "SalePrice"});
  Winsorizer fitted({.tail = Tail::both, .fold = 2.0, .add_indicators = true});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("winsorizer", fitted, X, reference("winsorizer_house_gaussian_both_2_indicators"),
                                    1e-12);
}

TEST_CASE("model files: OutlierTrimmer") {
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea", "TotalBsmtSF", "SalePrice"});
  OutlierTrimmer fitted({.capping_method = CappingMethod::iqr, .tail = Tail::both});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("outlier_trimmer", fitted, X, reference("outlier_trimmer_house_iqr_both"), 0.0);
}

TEST_CASE("model files: ArbitraryOutlierCapper") {
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea", "TotalBsmtSF"});
  ArbitraryOutlierCapper fitted({.max_capping_dict = {{"LotArea", 20000.0}, {"GrLivArea", 3000.0}},
                                 .min_capping_dict = {{"GrLivArea", 800.0}, {"TotalBsmtSF", 100.0}}});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("arbitrary_outlier_capper", fitted, X, reference("arbitrary_outlier_capper_house"),
                                    0.0);
}

TEST_CASE("model files: hostile outlier files are refused") {
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea"});
  Winsorizer w({.tail = Tail::both});
  w.fit(X);
  const std::string json = save_model_to_string(w);
  using fepipe_test::edit_json_value_after;
  fepipe_test::check_json_rejected<Winsorizer>(edit_json_value_after(json, "\"fold_\":", "-3.0"));
  fepipe_test::check_json_rejected<Winsorizer>(
      edit_json_value_after(json, "\"right_tail_caps_\": [\n   [\n    \"LotArea\",", "NaN"));
  // A right cap for a variable of a left-only step, or a missing tail.
  fepipe_test::check_edit_rejected(w, "\"tail\": \"both\"", "\"tail\": \"left\"");
  fepipe_test::check_edit_rejected(w, "\"capping_method\": \"gaussian\"", "\"capping_method\": \"zscore\"");
  fepipe_test::check_edit_rejected(w, "\"missing_values\": \"raise\"", "\"missing_values\": \"maybe\"");
  OutlierTrimmer t({.capping_method = CappingMethod::quantiles, .fold = 0.1});
  t.fit(X);
  // The fold option above 0.2.
  fepipe_test::check_json_rejected<OutlierTrimmer>(
      edit_json_value_after(save_model_to_string(t), "\"fold\": [", "0.3"));
  ArbitraryOutlierCapper cap({.max_capping_dict = {{"LotArea", 20000.0}}});
  cap.fit(X);
  fepipe_test::check_edit_rejected(cap, "20000.0", "25000.0", 1);  // learned caps differ from the option
}

}  // namespace outlier_model_files_test
