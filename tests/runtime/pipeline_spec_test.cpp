// pipeline_from_spec / pipeline_to_spec: a whole runtime pipeline from one
// JSON document, its exact errors, and the House Prices pipeline's built-in
// steps giving the compile-time Pipeline's predictions.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/runtime/pipeline_spec.hpp"  // first: spec.hpp before the registry
#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/impute/add_missing_indicator.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "fepipe/select/drop_features.hpp"
#include "fepipe/transform/binarizer.hpp"
#include "fepipe/transform/log_transformer.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "house_prices_pipeline.hpp"

namespace runtime_pipeline_spec_test {

using namespace fepipe;

std::string spec_error(const std::string& spec) {
  try {
    (void)pipeline_from_spec(spec);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "(no error)";
}

// A class registered without spec hooks: no Options.
struct Hookless {
  static constexpr std::string_view type_name = "SpecTestHookless";
  static constexpr std::uint32_t serial_version = 1;
  Hookless& fit(const Frame&, const Target* = nullptr) { return *this; }
  Frame transform(Frame X) const { return X; }
  bool is_fitted() const { return true; }
  template <class Archive>
  void serialize(Archive&, std::uint32_t) {}
};

TEST_CASE("pipeline_from_spec builds named steps with their options") {
  const auto p = pipeline_from_spec(
      R"({"steps": [["imputer", {"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["BsmtQual"]}],
                    ["lasso", {"class": "Lasso", "alpha": 0.001}]]})");
  REQUIRE(p.size() == 2);
  CHECK(p.step_name(0) == "imputer");
  CHECK(p.step_name(1) == "lasso");
  CHECK(p.predicts());
  CHECK(p.step<CategoricalImputer>().options().variables.names() == std::vector<std::string>{"BsmtQual"});
  CHECK(p.step<Lasso>().options().alpha == 0.001);
}

TEST_CASE("pipeline_to_spec writes every option and reads back to the same spec") {
  const auto p = pipeline_from_spec(R"({"steps": [["scale", {"class": "MinMaxScaler"}], ["lasso", {"class": "Lasso", "alpha": 0.5}]]})");
  const std::string spec = pipeline_to_spec(p);
  CHECK(spec ==
        R"({"steps": [["scale", {"class": "MinMaxScaler", "feature_range": [0.0, 1.0], "clip": false, "variables": null, "return_empty": false}], )"
        R"(["lasso", {"class": "Lasso", "alpha": 0.5, "fit_intercept": true, "max_iter": 1000, "tol": 0.0001, "positive": false, "warm_start": false, "selection": "cyclic", "random_state": null}]]})");
  CHECK(pipeline_to_spec(pipeline_from_spec(spec)) == spec);
}

TEST_CASE("pipeline_from_spec errors name the step and the class") {
  CHECK(spec_error("[1]") == "pipeline spec: the document must be a JSON object, got [1]");
  CHECK(spec_error("{}") == "pipeline spec: the document has no \"steps\"");
  CHECK(spec_error(R"({"steps": [], "x": 1})") == "pipeline spec: unknown key 'x'; accepted: steps");
  CHECK(spec_error(R"({"steps": []})") ==
        "pipeline spec: \"steps\" must be a non-empty array of [name, options] pairs, got []");
  CHECK(spec_error(R"({"steps": [["a"]]})") == "pipeline spec: step 0 must be a [name, options] pair, got [\"a\"]");
  CHECK(spec_error(R"({"steps": [["a", 3]]})") == "pipeline spec: step 'a': the options must be a JSON object, got 3");
  CHECK(spec_error(R"({"steps": [["a", {"alpha": 1}]]})") == "pipeline spec: step 'a': the options have no \"class\"");

  const std::string unknown = spec_error(R"({"steps": [["model", {"class": "Lassoo"}]]})");
  CHECK(unknown.rfind("pipeline spec: step 'model': unknown class 'Lassoo'; registered classes: ", 0) == 0);
  CHECK(unknown.find("CategoricalImputer, ") != std::string::npos);
  CHECK(unknown.find("Lasso, ") != std::string::npos);

  register_step<Hookless>();
  register_step<Hookless, false>();
  if (!find_step_type("SpecTestHookless")->from_params)
    CHECK(spec_error(R"({"steps": [["h", {"class": "SpecTestHookless"}]]})") ==
          "pipeline spec: step 'h': class 'SpecTestHookless' cannot be built from a spec: it was registered without "
          "spec hooks (it needs an Options struct, options() and a constructor from Options, and "
          "fepipe/runtime/spec.hpp included before registering it)");

  // The class's own option errors, from the spec bridge, name the step too.
  CHECK(spec_error(R"({"steps": [["model", {"class": "Lasso", "alpha": "big"}]]})").rfind("step 'model' (Lasso): ", 0) ==
        0);
  CHECK(spec_error(R"({"steps": [["model", {"class": "Lasso", "alphas": 1}]]})").rfind(
            "step 'model' (Lasso): unknown option 'alphas'", 0) == 0);
  // Pipeline rules: only the last step may be an estimator; names are unique.
  CHECK(spec_error(R"({"steps": [["m", {"class": "Lasso"}], ["s", {"class": "MinMaxScaler"}]]})") ==
        "Pipeline: step 0 ('Lasso') is not a transformer: only the last step may be an estimator");
  CHECK(spec_error(R"({"steps": [["s", {"class": "MinMaxScaler"}], ["s", {"class": "Lasso"}]]})") ==
        "Pipeline: two steps are named 's'");
}

// The House Prices course pipeline with its built-in steps only (the
// quality columns the course maps with its own Mapper are ordinal-encoded
// instead; YearRemodAdd stays a year).
constexpr const char* kHouseSpec = R"({"steps": [
  ["fireplace", {"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["FireplaceQu"]}],
  ["frequent", {"class": "CategoricalImputer", "imputation_method": "frequent",
                "variables": ["BsmtQual", "BsmtExposure", "BsmtFinType1", "GarageFinish"]}],
  ["indicator", {"class": "AddMissingIndicator", "variables": ["LotFrontage"]}],
  ["mean", {"class": "MeanMedianImputer", "imputation_method": "mean", "variables": ["LotFrontage"]}],
  ["drop", {"class": "DropFeatures", "features_to_drop": ["YrSold"]}],
  ["log", {"class": "LogTransformer", "variables": ["LotFrontage", "1stFlrSF", "GrLivArea"]}],
  ["binarize", {"class": "Binarizer", "threshold": 0.0, "variables": ["ScreenPorch"]}],
  ["rare", {"class": "RareLabelEncoder", "tol": 0.01, "n_categories": 1, "variables": VARS}],
  ["ordinal", {"class": "OrdinalEncoder", "encoding_method": "ordered", "variables": VARS}],
  ["scale", {"class": "MinMaxScaler"}],
  ["lasso", {"class": "Lasso", "alpha": 0.001, "random_state": 0}]]})";

std::vector<std::string> house_categorical() {
  std::vector<std::string> v = house_prices::kCategorical;
  for (const char* c : {"ExterQual", "BsmtQual", "HeatingQC", "KitchenQual", "FireplaceQu", "BsmtExposure",
                        "BsmtFinType1", "GarageFinish"})
    v.emplace_back(c);
  return v;
}

std::string house_spec() {
  std::string vars = "[";
  for (const auto& c : house_categorical()) vars += (vars.size() > 1 ? ", \"" : "\"") + c + "\"";
  vars += "]";
  std::string s = kHouseSpec;
  for (std::size_t at; (at = s.find("VARS")) != std::string::npos;) s.replace(at, 4, vars);
  return s;
}

TEST_CASE("a spec of the House Prices built-in steps predicts as the compile-time Pipeline") {
  const auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
  const auto split = train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
  const std::vector<std::string> cats = house_categorical();

  auto fixed = Pipeline(
      CategoricalImputer({.imputation_method = CategoricalImputation::missing, .variables = {"FireplaceQu"}}),
      CategoricalImputer({.imputation_method = CategoricalImputation::frequent,
                          .variables = {"BsmtQual", "BsmtExposure", "BsmtFinType1", "GarageFinish"}}),
      AddMissingIndicator({.variables = {"LotFrontage"}}),
      MeanMedianImputer({.imputation_method = ImputationMethod::mean, .variables = {"LotFrontage"}}),
      DropFeatures({.features_to_drop = {"YrSold"}}),
      LogTransformer({.variables = {"LotFrontage", "1stFlrSF", "GrLivArea"}}),
      Binarizer({.threshold = 0.0, .variables = {"ScreenPorch"}}),
      RareLabelEncoder({.tol = 0.01, .n_categories = 1, .variables = cats}),
      OrdinalEncoder({.encoding_method = OrdinalEncoding::ordered, .variables = cats}), MinMaxScaler(),
      Lasso({.alpha = 0.001, .random_state = 0u}));
  fixed.fit(split.X_train, split.y_train);

  auto dynamic = pipeline_from_spec(house_spec());
  dynamic.fit(split.X_train, split.y_train);

  const Eigen::VectorXd a = fixed.predict(split.X_test), b = dynamic.predict(split.X_test);
  REQUIRE(a.size() == b.size());
  CHECK((a - b).cwiseAbs().maxCoeff() <= 1e-12);
  // Same steps, same file: the runtime pipeline writes what the fixed one writes.
  CHECK(save_model_to_string(dynamic) == save_model_to_string(fixed));
  // And its spec reads back to the same spec.
  CHECK(pipeline_to_spec(pipeline_from_spec(pipeline_to_spec(dynamic))) == pipeline_to_spec(dynamic));
}

}  // namespace runtime_pipeline_spec_test

