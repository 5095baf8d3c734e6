// DynamicPipeline's own contract, against Pipeline<Steps...> on small
// frames: composition checks, step names, transform-only pipelines, row
// filters during fit, the one-row-frame fallback for steps without a
// record path, and the same errors for bad records and frames.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/drop_missing_data.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "runtime/runtime_support.hpp"
#include "support/roundtrip.hpp"

namespace runtime_dynamic_pipeline_test {

using fepipe::DynamicPipeline;
using fepipe::DynamicStep;
using fepipe::Frame;
using fepipe::Target;
using fepipe::Value;

namespace {

/// A user step without transform_row: pipelines with it predict records
/// through a one-row Frame.
using Plain = runtime_support::PassThrough<"RuntimeTestPlain">;

Frame frame() {
  Frame f;
  f.add("a", fepipe::Column::numeric({1.0, NAN, 3.0, 4.0, -5.0, 6.0}));
  f.add("b", fepipe::Column::numeric({2.0, 1.0, 0.0, 1.0, 3.0, 2.0}));
  return f;
}
Target target() {
  Target y(6);
  y << 1.0, 0.0, 1.0, 1.0, 0.0, 1.0;
  return y;
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const fepipe::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

FEPIPE_REGISTER_STEP(Plain);

TEST_CASE("composition is checked at construction") {
  CHECK(error_of([] { DynamicPipeline p(std::vector<DynamicStep>{}); }) ==
        "Pipeline: a pipeline needs at least one step");
  CHECK(error_of([] { DynamicPipeline p({fepipe::Lasso(), fepipe::StandardScaler()}); }) ==
        "Pipeline: step 0 ('Lasso') is not a transformer: only the last step may be an estimator");
  CHECK(error_of([] { DynamicPipeline p({fepipe::StandardScaler(), DynamicStep()}); }) == "Pipeline: step 1 is empty");
  CHECK(error_of([] {
          DynamicPipeline p({{"scale", fepipe::StandardScaler()}, {"scale", fepipe::MeanMedianImputer()}});
        }) == "Pipeline: two steps are named 'scale'");
  CHECK(error_of([] { DynamicPipeline p({{"", fepipe::StandardScaler()}}); }) == "Pipeline: a step name is empty");
}

TEST_CASE("steps are named after their class unless named; access by index, name and class") {
  DynamicPipeline p({fepipe::MeanMedianImputer(), fepipe::StandardScaler(), fepipe::MeanMedianImputer(), fepipe::Lasso()});
  CHECK(p.step_names() == std::vector<std::string>{"meanmedianimputer-1", "standardscaler", "meanmedianimputer-2", "lasso"});
  DynamicPipeline named({{"impute", fepipe::MeanMedianImputer()}, {"model", fepipe::Lasso({.alpha = 0.5})}});
  CHECK(named.step("model").typed<fepipe::Lasso>().options().alpha == 0.5);
  CHECK(&named.step<fepipe::Lasso>() == &named.step(1).typed<fepipe::Lasso>());
  CHECK(named.step_name(0) == "impute");
  CHECK(error_of([&] { (void)named.step("nope"); }) == "Pipeline: no step is named 'nope'");
  CHECK(error_of([&] { (void)named.step(2); }) == "Pipeline: step 2 is out of range (2 steps)");
  CHECK(error_of([&] { (void)named.step<fepipe::StandardScaler>(); }) ==
        "Pipeline: no step is of class 'StandardScaler'");
  CHECK(named.predicts());
  CHECK_FALSE(named.classifies());
  CHECK(named.row_path());
}

TEST_CASE("a pipeline of transformers transforms as Pipeline does, and cannot predict") {
  fepipe::Pipeline typed{fepipe::MeanMedianImputer(), fepipe::StandardScaler()};
  DynamicPipeline p({fepipe::MeanMedianImputer(), fepipe::StandardScaler()});
  typed.fit(frame());
  p.fit(frame());
  CHECK_FALSE(p.predicts());
  CHECK_FALSE(p.row_path());
  fepipe_test::require_identical(p.transform(frame()), typed.transform(frame()));
  CHECK(fepipe::save_model_to_string(p) == fepipe::save_model_to_string(typed));
  CHECK(p.feature_names_out() == typed.feature_names_out());
  CHECK(error_of([&] { (void)p.predict(frame()); }) == "Pipeline: the last step is not an estimator: it does not predict");
  CHECK(error_of([&] { (void)p.predict_one({1.0, 2.0}); }) ==
        "Pipeline: the last step is not an estimator: it does not predict");
  DynamicPipeline q({fepipe::MeanMedianImputer(), fepipe::Lasso()});
  CHECK(error_of([&] { q.fit(frame()); }) == "Pipeline: the last step 'Lasso' is an estimator: fit needs a target");
  q.fit(frame(), target());
  CHECK(error_of([&] { (void)q.transform(frame()); }) ==
        "Pipeline: the last step is an estimator: use predict, not transform");
  CHECK(error_of([&] { (void)q.predict_proba(frame()); }) == "Pipeline: the last step is not a classifier");
  CHECK(error_of([&] { (void)p.estimator_input(frame()); }) ==
        "Pipeline: the last step is not an estimator: it does not predict");
}

TEST_CASE("estimator_input is what the last step receives, as Pipeline's") {
  fepipe::Pipeline typed{fepipe::MeanMedianImputer(), fepipe::StandardScaler(), fepipe::Lasso()};
  DynamicPipeline p({fepipe::MeanMedianImputer(), fepipe::StandardScaler(), fepipe::Lasso()});
  typed.fit(frame(), target());
  p.fit(frame(), target());
  const Frame features = p.estimator_input(frame());
  fepipe_test::require_identical(features, typed.estimator_input(frame()));
  CHECK(features.names() == p.feature_names_out());
  fepipe_test::require_identical(typed.step<2>().predict(features), p.predict(frame()));
}

TEST_CASE("row filters drop rows and their targets during fit, as in Pipeline") {
  fepipe::Pipeline typed{fepipe::DropMissingData(), fepipe::StandardScaler(), fepipe::LogisticRegression()};
  DynamicPipeline p({fepipe::DropMissingData(), fepipe::StandardScaler(), fepipe::LogisticRegression()});
  typed.fit(frame(), target());
  p.fit(frame(), target());
  CHECK(fepipe::save_model_to_string(p, fepipe::ModelFormat::binary) ==
        fepipe::save_model_to_string(typed, fepipe::ModelFormat::binary));
  fepipe_test::require_identical(p.predict_proba(frame().head(1)), typed.predict_proba(frame().head(1)));
  CHECK(p.classifies());
  double a[2], b[2];
  const std::vector<Value> rec{1.0, 2.0};
  p.predict_proba_one(rec, a);
  typed.predict_proba_one(rec, b);
  CHECK(fepipe_test::same_bits(a[1], b[1]));
}

TEST_CASE("a step without a record path: single records go through a one-row Frame") {
  fepipe::Pipeline typed{fepipe::MeanMedianImputer(), Plain(), fepipe::Lasso({.alpha = 0.01})};
  DynamicPipeline p({fepipe::MeanMedianImputer(), Plain(), fepipe::Lasso({.alpha = 0.01})});
  typed.fit(frame(), target());
  p.fit(frame(), target());
  CHECK_FALSE(p.row_path());
  const Eigen::VectorXd batch = typed.predict(frame());
  CHECK(fepipe_test::same_bits(p.predict_one({3.0, 0.0}), batch[2]));
  CHECK(fepipe_test::same_bits(p.predict_one({Value::missing(), 1.0}), batch[1]));
  CHECK(fepipe_test::same_bits(p.predict_one({{"b", Value(1.0)}, {"a", Value::missing()}}), batch[1]));
  const DynamicPipeline loaded = fepipe::load_any_model_from_memory(fepipe::save_model_to_string(typed));
  CHECK(fepipe_test::same_bits(loaded.predict_one({3.0, 0.0}), batch[2]));
}

TEST_CASE("bad records and frames: the same errors as Pipeline") {
  fepipe::Pipeline typed{fepipe::MeanMedianImputer(), fepipe::Lasso({.alpha = 0.01})};
  DynamicPipeline p({fepipe::MeanMedianImputer(), fepipe::Lasso({.alpha = 0.01})});
  CHECK(error_of([&] { (void)p.predict_one({1.0, 2.0}); }) == error_of([&] { (void)typed.predict_one({1.0, 2.0}); }));
  typed.fit(frame(), target());
  p.fit(frame(), target());
  auto both = [&](auto&& call) { CHECK(error_of([&] { call(p); }) == error_of([&] { call(typed); })); };
  both([](const auto& m) { (void)m.predict_one({1.0}); });
  both([](const auto& m) { (void)m.predict_one({"label", 2.0}); });
  both([](const auto& m) { (void)m.predict_one({{"a", Value(1.0)}}); });
  both([](const auto& m) { (void)m.predict_one({{"a", Value(1.0)}, {"a", Value(1.0)}, {"b", Value(1.0)}}); });
  both([](const auto& m) { (void)m.predict_one({{"zz", Value(1.0)}}); });
  both([](const auto& m) { (void)m.predict(frame().select({"a"})); });
  both([](const auto& m) { (void)m.predict(Frame(2)); });
  CHECK(error_of([&] { p.fit(Frame(3), target()); }) == error_of([&] { typed.fit(Frame(3), target()); }));
  CHECK_FALSE(p.is_fitted());  // a failed fit leaves the pipeline unfitted, as Pipeline
}

}  // namespace runtime_dynamic_pipeline_test
