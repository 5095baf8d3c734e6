// The course pipelines written as specs (examples/*_spec.json), fitted by
// the tool with the course steps registered (as examples/course_cli.cpp
// does), give the compile-time examples' metrics exactly; and a spec of
// built-in classes fitted by the stock `fepipe fit` predicts what the same
// compile-time Pipeline fitted on the same CSV predicts.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "fepipe/cli/cli.hpp"  // first: spec hooks for the registry
#include "cli/cli_support.hpp"
#include "house_prices_pipeline.hpp"
#include "titanic_pipeline.hpp"

FEPIPE_REGISTER_STEP(house_prices::ElapsedTime);
FEPIPE_REGISTER_STEP(house_prices::Mapper);
FEPIPE_REGISTER_STEP(titanic::TitanicFeatures);
FEPIPE_REGISTER_STEP(titanic::ExtractLetter);

namespace cli_course_specs_test {

namespace fs = std::filesystem;

using cli_support::Dir;
using cli_support::fepipe_run;
using cli_support::Result;

/// The value printed on the line "<name> <value>" of the tool's stdout.
double metric(const std::string& out, const std::string& name) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  FAIL("no '" << name << "' line in: " << out);
  return NAN;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) (s += s.empty() ? "" : ",") += n;
  return s;
}

const std::string kExamples = FEPIPE_DATA_DIR "/../examples";

TEST_CASE("House Prices spec: the course metrics (test_r2 0.8854), and its model loads into the compile-time type") {
  Dir dir("fepipe_course_specs_test");
  const std::string data = FEPIPE_DATA_DIR "/houseprice.csv";
  const Result r = fepipe_run({"fit", kExamples + "/house_prices_spec.json", data, "--target", "SalePrice",
                               "--log-target", "--features", joined(house_prices::kFeatures), "--categorical",
                               "MSSubClass", "-o", dir / "hp.json", "--test-size", "0.1", "--random-state", "0"});
  REQUIRE_MESSAGE(r.code == 0, r.err);

  // The compile-time example, as examples/house_prices.cpp runs it.
  const auto [X, y] = house_prices::load(data);
  const auto split = fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
  auto pipeline = house_prices::make_pipeline();
  pipeline.fit(split.X_train, split.y_train);
  const Eigen::VectorXd pred = pipeline.predict(split.X_test);
  const double r2 = fepipe::r2_score(split.y_test, pred);
  CHECK(metric(r.out, "r2") == r2);
  CHECK(metric(r.out, "rmse") == fepipe::root_mean_squared_error(split.y_test, pred));
  char printed[32];
  std::snprintf(printed, sizeof printed, "%.4f", metric(r.out, "r2"));
  CHECK(std::string(printed) == "0.8854");

  // The file the tool wrote is the compile-time pipeline's file.
  const auto typed = fepipe::load_model<decltype(house_prices::make_pipeline())>(dir / "hp.json");
  const Eigen::VectorXd again = typed.predict(split.X_test);
  CHECK((again.array() == pred.array()).all());
}

struct TitanicCase {
  const char* spec;
  bool gbm;
};

TEST_CASE("Titanic specs (logit, GBM): the course metrics of examples/titanic.cpp") {
  Dir dir("fepipe_course_specs_test");
  const std::string data = FEPIPE_DATA_DIR "/titanic.csv";
  const auto [X, y] = titanic::load(data);
  const auto split = fepipe::train_test_split(X, y, {.test_size = 0.2, .random_state = 0u});
  for (const TitanicCase c : {TitanicCase{"titanic_logit_spec.json", false}, TitanicCase{"titanic_gbm_spec.json", true}}) {
    CAPTURE(c.spec);
    const Result r = fepipe_run({"fit", kExamples + "/" + c.spec, data, "--target", "survived", "--na-values", "?",
                                 "-o", dir / "model.fpm", "--test-size", "0.2", "--random-state", "0"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    auto check = [&](auto pipeline) {
      pipeline.fit(split.X_train, split.y_train);
      const Eigen::MatrixXd proba = pipeline.predict_proba(split.X_test);
      CHECK(metric(r.out, "accuracy") == fepipe::accuracy_score(split.y_test, pipeline.predict(split.X_test)));
      CHECK(metric(r.out, "roc_auc") == fepipe::roc_auc_score(split.y_test, proba.col(1)));
      const auto typed = fepipe::load_model<decltype(pipeline)>(dir / "model.fpm");
      CHECK((typed.predict_proba(split.X_test).array() == proba.array()).all());
    };
    if (c.gbm)
      check(titanic::make_gbm_pipeline());
    else
      check(titanic::make_logit_pipeline());
  }
}

TEST_CASE("a spec of built-in classes, fitted by the stock fepipe fit, predicts as the compile-time Pipeline") {
  Dir dir("fepipe_course_specs_test");
  const std::string data = FEPIPE_DATA_DIR "/houseprice.csv";
  {
    std::ofstream(dir / "spec.json") << R"({"steps": [
      ["rare", {"class": "RareLabelEncoder", "tol": 0.02, "n_categories": 2, "variables": ["Neighborhood", "MSZoning"]}],
      ["indicator", {"class": "AddMissingIndicator", "variables": ["LotFrontage", "MasVnrArea"]}],
      ["median", {"class": "MeanMedianImputer", "imputation_method": "median", "variables": ["LotFrontage", "MasVnrArea"]}],
      ["yj", {"class": "YeoJohnsonTransformer", "variables": ["GrLivArea", "LotArea"]}],
      ["onehot", {"class": "OneHotEncoder", "drop_last": true, "variables": ["Neighborhood", "MSZoning"]}],
      ["scale", {"class": "StandardScaler"}],
      ["lasso", {"class": "Lasso", "alpha": 0.0005, "random_state": 0}]]})";
  }
  const std::vector<std::string> features = {"LotFrontage", "MasVnrArea", "GrLivArea", "LotArea",
                                             "OverallQual", "Neighborhood", "MSZoning"};
  const Result r = fepipe_run({"fit", dir / "spec.json", data, "--target", "SalePrice", "--log-target", "--features",
                               joined(features), "-o", dir / "model.json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);

  using namespace fepipe;
  const Frame df = read_csv(data);
  const Frame X = df.select(features);
  Target y(static_cast<Eigen::Index>(df.rows()));
  for (std::size_t i = 0; i < df.rows(); ++i) y[static_cast<Eigen::Index>(i)] = std::log(df.numeric("SalePrice")[i]);
  auto pipeline = Pipeline(
      RareLabelEncoder({.tol = 0.02, .n_categories = 2, .variables = {"Neighborhood", "MSZoning"}}),
      AddMissingIndicator({.variables = {"LotFrontage", "MasVnrArea"}}),
      MeanMedianImputer({.imputation_method = ImputationMethod::median, .variables = {"LotFrontage", "MasVnrArea"}}),
      YeoJohnsonTransformer({.variables = {"GrLivArea", "LotArea"}}),
      OneHotEncoder({.drop_last = true, .variables = {"Neighborhood", "MSZoning"}}), StandardScaler(),
      Lasso({.alpha = 0.0005, .random_state = 0u}));
  pipeline.fit(X, y);
  const Eigen::VectorXd expected = pipeline.predict(X);

  REQUIRE(fepipe_run({"predict", dir / "model.json", data, "-o", dir / "pred.csv", "--chunk-rows", "333"}).code == 0);
  std::ifstream lines(dir / "pred.csv");
  std::string line;
  std::getline(lines, line);
  REQUIRE(line == "prediction");
  double max_diff = 0;
  Eigen::Index i = 0;
  while (std::getline(lines, line)) {
    REQUIRE(i < expected.size());
    max_diff = std::max(max_diff, std::abs(std::stod(line) - expected[i++]));
  }
  CHECK(i == expected.size());
  CHECK(max_diff <= 1e-12);
  MESSAGE("max |fepipe fit + predict - compile-time Pipeline| = " << max_diff);
}

}  // namespace cli_course_specs_test
