// What load_any_model refuses, and how: a class nobody registered (the
// message says how to register it), files that are not pipelines, lists of
// steps that are empty, too long or badly composed, and hostile files —
// truncated, flipped, or claiming huge lengths — which must end as
// ModelFormatErrors (or load, where the edit left a valid model), within the
// allocation bound of the checked loader and exactly when the compile-time
// loader accepts the same bytes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"
#include "reliability/checks.hpp"
#include "reliability/frames.hpp"
#include "runtime/runtime_support.hpp"
#include "support/alloc_counter.hpp"
#include "support/hostile_files.hpp"

namespace runtime_load_errors_test {

using fepipe::DynamicPipeline;
using fepipe::ModelFormat;

namespace {

/// A user step nobody registers (until a test does).
using Unregistered = runtime_support::PassThrough<"Unregistered">;

std::string load_error(std::string_view bytes, const fepipe::LoadLimits& limits = {}) {
  try {
    (void)fepipe::load_any_model_from_memory(bytes, limits);
  } catch (const fepipe::ModelFormatError& e) {
    return e.what();
  }
  return "(loaded)";
}

/// The fitted course pipelines of the reliability catalogue (small files).
const std::vector<std::unique_ptr<fepipe_rel::AnyModel>>& small_course_models() {
  static const auto models = [] {
    std::vector<std::unique_ptr<fepipe_rel::AnyModel>> v;
    for (const char* label : {"HousePricesPipeline", "TitanicLogitPipeline", "TitanicGbmPipeline"})
      v.push_back(fepipe_rel::fitted_small(fepipe_rel::entry(label)));
    return v;
  }();
  return models;
}

/// Loads `bytes` with both loaders: the runtime one may only throw
/// ModelFormatError, must accept exactly what the compile-time type
/// accepts, and a model it accepts is used (predictions on a frame of its
/// schema, the record path) with only fepipe errors. Returns whether it
/// loaded; `largest` gets the largest allocation of the runtime path.
bool load_both(const fepipe_rel::AnyModel& typed, const std::string& bytes, std::size_t* largest = nullptr) {
  bool typed_ok = true, runtime_ok = true;
  try {
    (void)typed.load(bytes);
  } catch (const fepipe::ModelFormatError&) {
    typed_ok = false;
  }
  {
    fepipe_test::CountAllocations guard;
    try {
      const DynamicPipeline p = fepipe::load_any_model_from_memory(bytes);
      const fepipe::Frame X = fepipe_rel::frame_for_schema(p.input_schema(), 3);
      try {
        (void)p.predict(X);
      } catch (const fepipe::Error&) {
      }
      for (std::size_t r = 0; r < X.rows(); ++r) {
        try {
          (void)p.predict_one(fepipe_rel::record_of(X, r));
        } catch (const fepipe::Error&) {
        }
      }
    } catch (const fepipe::ModelFormatError&) {
      runtime_ok = false;
    }
    if (largest) *largest = guard.largest();
  }
  CHECK(runtime_ok == typed_ok);
  return runtime_ok;
}

/// A binary file with the 8 bytes at `at` set to `claim` (none when `at` is
/// npos) and its checksum recomputed, so the decoder reads the edit.
std::string with_claim(std::string bytes, std::size_t at, std::uint64_t claim) {
  for (std::size_t i = 0; at != std::string::npos && i < 8; ++i, claim >>= 8) bytes[at + i] = static_cast<char>(claim & 0xFF);
  const std::size_t body = bytes.size() - fepipe::detail::checksum_bytes;
  std::uint64_t sum = fepipe::detail::fnv1a64(std::string_view(bytes).substr(0, body));
  for (std::size_t i = body; i < bytes.size(); ++i, sum >>= 8) bytes[i] = static_cast<char>(sum & 0xFF);
  return bytes;
}

}  // namespace

TEST_CASE("a class nobody registered: the error names it and says how to register it") {
  fepipe::Frame X(3);
  X.add("x", fepipe::Column::numeric({1.0, 2.0, 4.0}));
  auto pipeline = fepipe::Pipeline(Unregistered(), fepipe::Lasso({.alpha = 0.01}));
  pipeline.fit(X, fepipe::Target::LinSpaced(3, 0.0, 1.0));
  for (auto format : {ModelFormat::json, ModelFormat::binary}) {
    INFO((format == ModelFormat::json ? "JSON" : "binary"));
    CHECK(load_error(fepipe::save_model_to_string(pipeline, format)) ==
          "model file: step 0 is of type 'Unregistered', which is not registered: register its class with "
          "fepipe::register_step<Unregistered>() or FEPIPE_REGISTER_STEP(Unregistered) "
          "(fepipe/runtime/registry.hpp) before loading; the built-in classes are registered by including "
          "fepipe/runtime/builtins.hpp");
  }
  // Once registered, the same bytes load.
  fepipe::register_step<Unregistered>();
  const DynamicPipeline p = fepipe::load_any_model_from_memory(fepipe::save_model_to_string(pipeline));
  CHECK(p.step(0).holds<Unregistered>());
  CHECK(p.predict(X) == pipeline.predict(X));
}

TEST_CASE("files that hold no usable pipeline are ModelFormatErrors") {
  const std::string hp = small_course_models()[0]->save(ModelFormat::json);
  // A single class's file is not a pipeline.
  fepipe::MeanMedianImputer imputer;
  fepipe::Frame X(2);
  X.add("x", fepipe::Column::numeric({1.0, 2.0}));
  imputer.fit(X);
  for (auto format : {ModelFormat::json, ModelFormat::binary})
    CHECK(load_error(fepipe::save_model_to_string(imputer, format)).rfind("model file: ", 0) == 0);
  // No steps.
  std::string no_steps = hp;
  const std::size_t list = no_steps.find("\"steps\": [");
  no_steps.replace(list, no_steps.find(']', list) + 1 - list, "\"steps\": []");
  CHECK(load_error(no_steps) == "model file: a pipeline has no steps");
  // More steps than any pipeline has: refused before anything is built.
  std::string many = R"({"format": "fepipe-model", "format_version": 1, "library_version": "0.1.0", "steps": [)";
  for (int i = 0; i < 1025; ++i) many += std::string(i ? ", " : "") + "\"Mapper\"";
  many += R"(], "model": {}})";
  CHECK(load_error(many) == "model file: a pipeline of 1025 steps, above the limit of 1024");
  // An estimator before the last step.
  std::string swapped = hp;
  for (std::size_t at = 0; (at = swapped.find("\"MinMaxScaler\",", at)) != std::string::npos;) {
    const std::size_t lasso = swapped.find("\"Lasso\"", at);
    swapped.replace(lasso, 7, "\"MinMaxScaler\"").replace(at, 15, "\"Lasso\",");
    at = lasso;
  }
  REQUIRE(swapped.find("\"Lasso\",") != std::string::npos);
  CHECK(load_error(swapped) ==
        "model file: invalid content: Pipeline: step 14 ('Lasso') is not a transformer: only the last step may be "
        "an estimator");
  // The envelope and the model disagree on the steps.
  const std::string disagree = fepipe_test::edit_json(hp, "\"Binarizer\"", "\"LogTransformer\"", 1);
  CHECK(load_error(disagree) ==
        "model file: step 7 is 'LogTransformer' in the file, but this Pipeline type has 'Binarizer' there");
  // A row capacity no honest fit writes.
  CHECK(load_error(fepipe_test::edit_json_value_after(hp, "\"row_capacity\":", "1000000000000")) ==
        "model file: Pipeline: row_capacity 1000000000000 is inconsistent");
  // The size limit of every loader.
  CHECK(load_error(hp, {.max_file_bytes = 1000}) ==
        "model file: " + std::to_string(hp.size()) + " bytes, above the limit of 1000");
}

TEST_CASE("truncated and flipped course model files: ModelFormatError, exactly when the typed loader refuses") {
  std::size_t tried = 0;
  for (const auto& m : small_course_models()) {
    for (auto format : {ModelFormat::json, ModelFormat::binary}) {
      const std::string bytes = m->save(format);
      INFO(m->type_name() << (format == ModelFormat::json ? " JSON" : " binary") << ", " << bytes.size() << " bytes");
      const std::size_t step = std::max<std::size_t>(1, bytes.size() / 150);
      for (std::size_t n = 0; n < bytes.size(); n += step) {
        INFO("truncated to " << n);
        load_both(*m, bytes.substr(0, n));
        INFO("byte " << n << " flipped");
        std::string flipped = bytes;
        flipped[n] = static_cast<char>(flipped[n] ^ 0x5A);
        load_both(*m, flipped);
        if (format == ModelFormat::binary) load_both(*m, with_claim(flipped, std::string::npos, 0));  // past the checksum
        tried += 3;
      }
    }
  }
  MESSAGE(tried << " damaged files");
}

TEST_CASE("huge lengths and counts anywhere in a binary file stay within the loader's allocation bound") {
  // The envelope, the pipeline's own fields and the first steps at every
  // offset, the rest sampled: an 8-byte claim written over the file (with a
  // valid checksum, so the decoder sees it) must be refused, or load, within
  // 8 bytes of memory per byte of file (allocation_bound_test.cpp's bound).
  std::size_t tried = 0;
  for (const auto& m : small_course_models()) {
    const std::string bytes = m->save(ModelFormat::binary);
    const std::size_t body = bytes.size() - fepipe::detail::checksum_bytes;
    const std::size_t bound = 8 * bytes.size() + 4096;
    std::vector<std::size_t> offsets;
    for (std::size_t at = 1; at + 8 <= body; at += at < 1024 ? 1 : body / 300 + 1) offsets.push_back(at);
    for (std::size_t at : offsets)
      for (std::uint64_t claim : {std::uint64_t{body - at}, std::uint64_t{1} << 62}) {
        std::size_t largest = 0;
        load_both(*m, with_claim(bytes, at, claim), &largest);
        INFO(m->type_name() << ": claim " << claim << " at offset " << at);
        CHECK(largest <= bound);
        ++tried;
      }
  }
  MESSAGE(tried << " hostile claims");
}

}  // namespace runtime_load_errors_test
