#pragma once
// The runtime fuzz targets: any model file read by load_any_model (no C++
// pipeline type), and pipeline specs read by pipeline_from_spec. Shared by
// the libFuzzer driver (fuzz_main.cpp) and the runtime family's replay of
// tests/fuzz/regression/{runtime_model,spec}/ (tests/runtime/
// fuzz_regression_test.cpp), apart from entry_points.hpp so the reliability
// family does not compile the registry of every class.
//
// Input layouts:
//   runtime_model  one flag byte, then a model file; flag bit 0 set =
//                  overwrite the last 8 bytes with the right checksum (as
//                  model_binary does), so mutations reach the decoder.
//   spec           a pipeline spec (JSON text).
//
// Properties:
//   runtime_model  loading raises ModelFormatError only; a pipeline that
//                  loads is usable — batch and record predictions (or
//                  transforms) on a frame of its own input schema raise
//                  fepipe errors only, and where both paths answer they give
//                  the same bits; it saves to a binary file (and a JSON one,
//                  unless a label holds a NUL byte) that loads again and
//                  saves to the same bytes.
//   spec           pipeline_from_spec raises ParameterError only; a spec
//                  that builds is written back by pipeline_to_spec, and that
//                  text builds a pipeline written back to the same text.
// The course pipelines' own steps are registered (the seeds include them).

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/runtime/spec.hpp"  // first: spec hooks for the registry
#include "fepipe/runtime/builtins.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"
#include "fepipe/runtime/pipeline_spec.hpp"
#include "house_prices_pipeline.hpp"
#include "reliability/checks.hpp"
#include "titanic_pipeline.hpp"

namespace fepipe_fuzz {

/// Registers the course pipelines' steps (idempotent).
inline void register_course_steps() {
  static const bool done = [] {
    fepipe::register_step<house_prices::ElapsedTime>();
    fepipe::register_step<house_prices::Mapper>();
    fepipe::register_step<titanic::TitanicFeatures>();
    fepipe::register_step<titanic::ExtractLetter>();
    return true;
  }();
  (void)done;
}

/// Uses a pipeline a (possibly hostile) file loaded into; see the file comment.
inline void exercise_runtime(const fepipe::DynamicPipeline& m) {
  using fepipe_rel::Defect;
  if (!m.is_fitted()) return;
  const fepipe::Schema& schema = m.input_schema();
  for (std::size_t i = 0; i < schema.size(); ++i)
    for (std::size_t j = i + 1; j < schema.size(); ++j)
      if (schema[i].name == schema[j].name) throw Defect("a loaded pipeline's input schema names a column twice");
  const fepipe::Frame X = fepipe_rel::frame_for_schema(schema, 3);
  if (!m.predicts()) {
    try {
      (void)m.transform(X);
    } catch (const fepipe::Error&) {
    }
    return;
  }
  Eigen::VectorXd batch;
  bool batch_ok = false;
  try {
    batch = m.predict(X);
    batch_ok = true;
    if (batch.size() != static_cast<Eigen::Index>(X.rows())) throw Defect("predict gives " + std::to_string(batch.size()) + " values for " + std::to_string(X.rows()) + " rows");
  } catch (const fepipe::Error&) {
  }
  std::vector<double> proba(m.classifies() ? m.n_classes() : 0);
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const std::vector<fepipe::Value> record = fepipe_rel::record_of(X, r);
    try {
      const double one = m.predict_one(record);
      if (batch_ok && !fepipe_rel::same_number(one, batch[static_cast<Eigen::Index>(r)]))
        throw Defect("predict_one and predict differ on row " + std::to_string(r));
    } catch (const fepipe::Error&) {
    }
    if (m.classifies()) try {
        m.predict_proba_one(record, proba);
      } catch (const fepipe::Error&) {
      }
  }
}

inline void runtime_model(std::span<const std::uint8_t> bytes) {
  using fepipe_rel::Defect;
  register_course_steps();
  if (bytes.empty()) return;
  std::string file(reinterpret_cast<const char*>(bytes.data()) + 1, bytes.size() - 1);
  if ((bytes[0] & 1u) != 0 && file.size() > fepipe::detail::checksum_bytes) {
    const std::size_t body = file.size() - fepipe::detail::checksum_bytes;
    const std::uint64_t sum = fepipe::detail::fnv1a64(std::string_view(file).substr(0, body));
    for (std::size_t i = 0; i < fepipe::detail::checksum_bytes; ++i)
      file[body + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  }
  fepipe::DynamicPipeline m;
  try {
    m = fepipe::load_any_model_from_memory(file);
  } catch (const fepipe::ModelFormatError&) {
    return;  // the one error a file may cause
  }
  exercise_runtime(m);
  for (auto format : {fepipe::ModelFormat::binary, fepipe::ModelFormat::json}) {
    std::string again;
    try {
      again = fepipe::save_model_to_string(m, format);
    } catch (const fepipe::Error&) {
      // JSON cannot hold every label a binary file can (a NUL byte): that
      // save is refused, documented. Binary holds whatever loaded.
      if (format == fepipe::ModelFormat::binary) throw;
      continue;
    }
    fepipe::DynamicPipeline reloaded;
    try {
      reloaded = fepipe::load_any_model_from_memory(again);
    } catch (const fepipe::ModelFormatError& e) {
      throw Defect(std::string("a loaded pipeline saves to a file it cannot load: ") + e.what());
    }
    if (fepipe::save_model_to_string(reloaded, format) != again)
      throw Defect("a loaded pipeline, saved, loaded and saved again, changes its bytes");
  }
}

inline void spec(std::span<const std::uint8_t> bytes) {
  using fepipe_rel::Defect;
  register_course_steps();
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  fepipe::DynamicPipeline p;
  try {
    p = fepipe::pipeline_from_spec(text);
  } catch (const fepipe::ParameterError&) {
    return;  // the one error a spec may cause
  }
  std::string written;
  try {
    written = fepipe::pipeline_to_spec(p);
  } catch (const fepipe::ParameterError&) {
    return;  // options the reference keywords cannot express (documented)
  }
  fepipe::DynamicPipeline again;
  try {
    again = fepipe::pipeline_from_spec(written);
  } catch (const fepipe::ParameterError& e) {
    throw Defect(std::string("pipeline_to_spec wrote a spec that does not build: ") + e.what() + "\n" + written);
  }
  if (fepipe::pipeline_to_spec(again) != written)
    throw Defect("a spec written by pipeline_to_spec, read back, is written differently:\n" + written);
}

/// One-step pipelines of every registered class with its default options,
/// fitted on `data(type)` (a frame and a target) where that works, unfitted
/// otherwise: spec seeds (pipeline_to_spec) and model seeds (saved, in both
/// formats).
template <class Data>
void one_step_seeds(Data&& data, std::vector<std::string>& models, std::vector<std::string>& specs) {
  register_course_steps();
  for (const std::string& type : fepipe::registered_step_types()) {
    const auto t = fepipe::find_step_type(type);
    if (!t) continue;
    fepipe::DynamicPipeline p({t->make()});
    try {
      specs.push_back(fepipe::pipeline_to_spec(p));
    } catch (const fepipe::Error&) {
    }
    try {
      const std::pair<fepipe::Frame, fepipe::Target> xy = data(type);
      p.fit(xy.first, &xy.second);
    } catch (const fepipe::Error&) {
      continue;
    }
    for (auto format : {fepipe::ModelFormat::json, fepipe::ModelFormat::binary}) try {
        models.push_back(fepipe::save_model_to_string(p, format));
      } catch (const fepipe::Error&) {
      }
  }
}

/// Seeds of the runtime targets, written through `write(name, bytes)`:
/// `models` are pipeline model files (each in both formats, both checksum
/// flags), `specs` pipeline specs. Returns how many.
template <class Write>
int write_runtime_seeds(const std::string& target, const std::vector<std::string>& models,
                        const std::vector<std::string>& specs, Write&& write) {
  int n = 0;
  if (target == "runtime_model") {
    for (std::size_t i = 0; i < models.size(); ++i) {
      write("model-" + std::to_string(i), std::string(1, '\x01') + models[i]);
      ++n;
    }
  } else if (target == "spec") {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      write("spec-" + std::to_string(i), specs[i]);
      ++n;
    }
  }
  return n;
}

}  // namespace fepipe_fuzz
