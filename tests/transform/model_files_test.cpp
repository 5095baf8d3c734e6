// Committed version-1 model files of the variable transformers
// (tests/data/model_files/): each must still load and transform as
// feature-engine does. See impute/model_fixture.hpp for how the files were
// written. Also: edited files are refused.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/hostile_files.hpp"
#include "fepipe/transform/arcsin_transformer.hpp"
#include "fepipe/transform/binarizer.hpp"
#include "fepipe/transform/box_cox_transformer.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "fepipe/transform/log_transformer.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"
#include "support/model_fixture.hpp"

namespace transform_model_files_test {

using namespace fepipe;

namespace {

Frame house(const std::vector<std::string>& cols) { return fepipe_test::load_houseprice().select(cols); }
Frame reference(const std::string& c) {
  return fepipe_test::read_reference_frame("transform/" + c + "__transform.csv");
}

}  // namespace

TEST_CASE("model files: LogTransformer") {
  const Frame X = house({"LotArea", "GrLivArea", "1stFlrSF", "SalePrice"});
  LogTransformer fitted;
  fitted.fit(X);
  fepipe_test::check_model_fixtures("log_transformer", fitted, X, reference("log_transformer_house_e"), 1e-15);
}

TEST_CASE("model files: Binarizer") {
  const Frame X = house({"ScreenPorch", "WoodDeckSF"});
  Binarizer fitted({.threshold = 0.0});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("binarizer", fitted, X, reference("binarizer_house_0"), 0.0);
}

TEST_CASE("model files: YeoJohnsonTransformer") {
  const Frame X = house({"LotArea", "GrLivArea", "WoodDeckSF", "SalePrice"});
  // Brent, the optimiser of the scipy that wrote the reference transform
  // (the bounded one stops ~1e-6 away on this flat likelihood).
  YeoJohnsonTransformer fitted({.optimizer = LambdaOptimizer::brent});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("yeo_johnson_transformer", fitted, X,
                                    reference("yeo_johnson_transformer_house_brent").select(X.names()), 1e-12);
}

TEST_CASE("model files: LogCpTransformer") {
  const Frame X = house({"LotArea", "GrLivArea", "WoodDeckSF", "BsmtFinSF1"});
  LogCpTransformer fitted;
  fitted.fit(X);
  fepipe_test::check_model_fixtures("log_cp_transformer", fitted, X, reference("log_cp_transformer_house_auto"), 1e-12);
}

TEST_CASE("model files: ReciprocalTransformer") {
  const Frame X = house({"LotArea", "GrLivArea", "1stFlrSF", "YearBuilt"});
  ReciprocalTransformer fitted;
  fitted.fit(X);
  fepipe_test::check_model_fixtures("reciprocal_transformer", fitted, X, reference("reciprocal_transformer_house"),
                                    0.0);
}

TEST_CASE("model files: PowerTransformer") {
  const Frame X = house({"LotArea", "GrLivArea", "WoodDeckSF"});
  PowerTransformer fitted({.exp = 0.5});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("power_transformer", fitted, X, reference("power_transformer_house_0.5"), 1e-15);
}

TEST_CASE("model files: BoxCoxTransformer") {
  const Frame X = house({"LotArea", "GrLivArea", "1stFlrSF", "SalePrice"});
  BoxCoxTransformer fitted;
  fitted.fit(X);
  fepipe_test::check_model_fixtures("box_cox_transformer", fitted, X,
                                    reference("box_cox_transformer_house").select(X.names()), 1e-12);
}

TEST_CASE("model files: ArcsinTransformer") {
  const Frame X = fepipe_test::read_input_frame("arcsin_transformer_proportions");
  ArcsinTransformer fitted;
  fitted.fit(X);
  fepipe_test::check_model_fixtures("arcsin_transformer", fitted, X, reference("arcsin_transformer_proportions"),
                                    1e-15);
}

TEST_CASE("model files: hostile transformer files are refused") {
  const Frame X = house({"LotArea", "WoodDeckSF"});
  BoxCoxTransformer box_cox({.variables = {"LotArea"}});
  box_cox.fit(X);
  const std::string json = save_model_to_string(box_cox);
  const std::string lambda_of_lot_area = "\"lambda_dict_\": [\n   [\n    \"LotArea\",";
  fepipe_test::check_json_rejected<BoxCoxTransformer>(
      fepipe_test::edit_json_value_after(json, lambda_of_lot_area, "NaN"));
  fepipe_test::check_json_rejected<BoxCoxTransformer>(
      fepipe_test::edit_json_value_after(json, lambda_of_lot_area, "-Infinity"));
  fepipe_test::check_edit_rejected(box_cox, lambda_of_lot_area, "\"lambda_dict_\": [\n   [\n    \"WoodDeckSF\",");
  LogCpTransformer log_cp;
  log_cp.fit(X);
  fepipe_test::check_json_rejected<LogCpTransformer>(
      fepipe_test::edit_json_value_after(save_model_to_string(log_cp), "\"C_\": [\n   [\n    \"LotArea\",", "NaN"));
  fepipe_test::check_edit_rejected(log_cp, "\"C\": []", "\"C\": [1.0, 2.0]");
  fepipe_test::check_edit_rejected(log_cp, "\"base\": \"e\"", "\"base\": \"2\"");
  PowerTransformer power;
  power.fit(X);
  fepipe_test::check_edit_rejected(power, "\"exp\": 0.5", "\"exp\": 0.0");
  fepipe_test::check_edit_rejected(power, "\"kind\": \"numeric\"", "\"kind\": \"categorical\"");
}

}  // namespace transform_model_files_test
