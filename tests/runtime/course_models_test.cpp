// The course pipelines (House Prices, Titanic with logistic regression and
// with gradient boosting) written by their compile-time Pipeline types and
// read by a host that only knows the registry: load_any_model predicts the
// same bits on every path, saves the same bytes, and a DynamicPipeline of
// the same steps fits to the same model — in JSON and in binary.

#include <doctest/doctest.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fepipe/core/train_test_split.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"
#include "runtime/runtime_support.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace runtime_course_models_test {

using fepipe::DynamicPipeline;
using fepipe::ModelFormat;
using fepipe_test::same_bits;

namespace {

/// A course pipeline fitted by its compile-time type, and what a host
/// compiled without that type needs to compare with.
struct Course {
  std::string name;
  fepipe::TrainTestSplit split;
  std::string json, binary;  // written by the compile-time pipeline
  Eigen::VectorXd predictions;
  std::optional<Eigen::MatrixXd> proba;
  DynamicPipeline unfitted;  // the same steps, unfitted, behind DynamicSteps
  /// Loads bytes into the compile-time type and saves them again.
  std::function<std::string(const std::string&, ModelFormat)> typed_resave;
};

template <class P>
Course make_course(std::string name, P pipeline, const std::pair<fepipe::Frame, fepipe::Target>& data,
                   double test_size) {
  Course c;
  c.name = std::move(name);
  c.split = fepipe::train_test_split(data.first, data.second, {.test_size = test_size, .random_state = 0u});
  c.unfitted = [&]<std::size_t... I>(std::index_sequence<I...>) {
    return DynamicPipeline({fepipe::DynamicStep(pipeline.template step<I>())...});
  }(std::make_index_sequence<P::size()>{});
  pipeline.fit(c.split.X_train, c.split.y_train);
  c.json = fepipe::save_model_to_string(pipeline, ModelFormat::json);
  c.binary = fepipe::save_model_to_string(pipeline, ModelFormat::binary);
  c.predictions = pipeline.predict(c.split.X_test);
  if constexpr (P::classifies) c.proba = pipeline.predict_proba(c.split.X_test);
  c.typed_resave = [](const std::string& bytes, ModelFormat format) {
    P loaded;
    fepipe::load_model_from_memory(bytes, loaded);
    return fepipe::save_model_to_string(loaded, format);
  };
  return c;
}

const std::vector<Course>& courses() {
  static const std::vector<Course> all = [] {
    const auto house = house_prices::load(fepipe_test::data_path("houseprice.csv"));
    const auto passengers = titanic::load(fepipe_test::data_path("titanic.csv"));
    std::vector<Course> v;
    v.push_back(make_course("House Prices", house_prices::make_pipeline(), house, 0.1));
    v.push_back(make_course("Titanic logit", titanic::make_logit_pipeline(), passengers, 0.2));
    v.push_back(make_course("Titanic GBM", titanic::make_gbm_pipeline(), passengers, 0.2));
    return v;
  }();
  return all;
}

/// Every prediction path of `p` gives the compile-time pipeline's bits.
void check_predictions(const DynamicPipeline& p, const Course& c) {
  const fepipe::Frame& X = c.split.X_test;
  fepipe_test::require_identical(p.predict(X), c.predictions);
  CHECK(p.classifies() == c.proba.has_value());
  if (c.proba) fepipe_test::require_identical(p.predict_proba(X), *c.proba);
  CHECK(p.row_path());
  fepipe::Workspace ws;
  std::vector<double> out(c.proba ? static_cast<std::size_t>(c.proba->cols()) : 0);
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    const auto rec = fepipe_test::record_of(X, r);
    CHECK(same_bits(p.predict_one(rec), c.predictions[i]));
    CHECK(same_bits(p.predict_one(rec, ws), c.predictions[i]));
    if (c.proba) {
      p.predict_proba_one(rec, out);
      for (std::size_t k = 0; k < out.size(); ++k) CHECK(same_bits(out[k], (*c.proba)(i, static_cast<Eigen::Index>(k))));
    }
    if (r % 10 == 0) {
      // Named records, in reverse order: names decide.
      std::vector<std::pair<std::string_view, fepipe::Value>> named;
      for (std::size_t col = rec.size(); col-- > 0;) named.emplace_back(X.name(col), rec[col]);
      CHECK(same_bits(p.predict_one(named), c.predictions[i]));
    }
  }
}

}  // namespace

TEST_CASE("files of the compile-time course pipelines load without their types and predict the same bits") {
  for (const Course& c : courses()) {
    for (const std::string* bytes : {&c.json, &c.binary}) {
      INFO(c.name << (bytes == &c.json ? " JSON" : " binary"));
      const DynamicPipeline p = fepipe::load_any_model_from_memory(*bytes);
      CHECK(p.is_fitted());
      CHECK(p.size() == c.unfitted.size());
      CHECK(p.step_type_names() == c.unfitted.step_type_names());
      CHECK(p.predicts());
      check_predictions(p, c);
    }
  }
}

TEST_CASE("a loaded DynamicPipeline saves the bytes it was read from, and the compile-time type reads them") {
  for (const Course& c : courses()) {
    INFO(c.name);
    const DynamicPipeline from_json = fepipe::load_any_model_from_memory(c.json);
    const DynamicPipeline from_binary = fepipe::load_any_model_from_memory(c.binary);
    for (const DynamicPipeline* p : {&from_json, &from_binary}) {
      CHECK(fepipe::save_model_to_string(*p, ModelFormat::json) == c.json);
      CHECK(fepipe::save_model_to_string(*p, ModelFormat::binary) == c.binary);
    }
    const std::string json = fepipe::save_model_to_string(from_binary, ModelFormat::json);
    const std::string binary = fepipe::save_model_to_string(from_json, ModelFormat::binary);
    CHECK(c.typed_resave(json, ModelFormat::json) == c.json);
    CHECK(c.typed_resave(binary, ModelFormat::binary) == c.binary);
  }
}

TEST_CASE("a DynamicPipeline of the same steps fits to the same model file and predictions") {
  for (const Course& c : courses()) {
    INFO(c.name);
    DynamicPipeline p = c.unfitted;
    CHECK_FALSE(p.is_fitted());
    p.fit(c.split.X_train, c.split.y_train);
    CHECK(fepipe::save_model_to_string(p, ModelFormat::json) == c.json);
    CHECK(fepipe::save_model_to_string(p, ModelFormat::binary) == c.binary);
    check_predictions(p, c);
    // The unfitted original is untouched (steps are values).
    CHECK_FALSE(c.unfitted.is_fitted());
    CHECK_FALSE(c.unfitted.step(0).is_fitted());
  }
}

TEST_CASE("load_any_model reads files from disk in both formats") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "fepipe_runtime_course_models_test";
  fs::create_directories(dir);
  const Course& c = courses()[0];
  const DynamicPipeline p = fepipe::load_any_model_from_memory(c.json);
  fepipe::save_model(p, dir / "house.json");
  fepipe::save_model(p, dir / "house.fpm");
  for (const char* file : {"house.json", "house.fpm"}) {
    INFO(file);
    const DynamicPipeline loaded = fepipe::load_any_model(dir / file);
    fepipe_test::require_identical(loaded.predict(c.split.X_test), c.predictions);
  }
  CHECK(fepipe::load_model<decltype(house_prices::make_pipeline())>(dir / "house.fpm").predict(c.split.X_test) ==
        c.predictions);
  fs::remove_all(dir);
}

TEST_CASE("predict_one and predict_proba_one make no heap allocation after warm-up") {
  for (const Course& c : courses()) {
    INFO(c.name);
    const DynamicPipeline p = fepipe::load_any_model_from_memory(c.binary);
    const auto rec = fepipe_test::record_of(c.split.X_test, 5);
    std::vector<std::pair<std::string_view, fepipe::Value>> named;
    for (std::size_t col = 0; col < rec.size(); ++col) named.emplace_back(c.split.X_test.name(col), rec[col]);
    fepipe::Workspace ws;
    std::vector<double> out(c.proba ? static_cast<std::size_t>(c.proba->cols()) : 0);
    double first = p.predict_one(rec, ws), again = p.predict_one(rec);
    (void)p.predict_one(named);
    if (c.proba) p.predict_proba_one(rec, out);
    std::size_t allocations = 0;
    {
      fepipe_test::CountAllocations guard;
      for (int i = 0; i < 50; ++i) {
        again = p.predict_one(rec, ws);
        again = p.predict_one(rec);
        again = p.predict_one(named);
        if (c.proba) p.predict_proba_one(rec, out, ws);
      }
      allocations = guard.count();
    }
    CHECK(allocations == 0);
    CHECK(first == again);
  }
}

TEST_CASE("step access by index, name and class on a loaded pipeline") {
  const DynamicPipeline p = fepipe::load_any_model_from_memory(courses()[1].json);
  CHECK(p.size() == 9);
  CHECK(p.step_name(0) == "titanicfeatures");
  CHECK(p.step("categoricalimputer").type_name() == "CategoricalImputer");
  CHECK(p.step(8).holds<fepipe::LogisticRegression>());
  CHECK(p.step<fepipe::LogisticRegression>().n_classes() == 2);
  CHECK(p.n_classes() == 2);
  CHECK(p.step<titanic::ExtractLetter>().is_fitted());
  CHECK(p.feature_names_out() == fepipe::load_any_model_from_memory(courses()[1].binary).feature_names_out());
  CHECK(p.row_capacity() >= p.input_schema().size());
}

}  // namespace runtime_course_models_test
