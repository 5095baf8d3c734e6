// libFuzzer driver for fepipe's fuzz targets (entry_points.hpp). One binary
// serves every target, chosen by the environment, so CI compiles the
// catalogue of classes once instead of once per target:
//
//   FEPIPE_FUZZ_TARGET=model_json ./fepipe_fuzz corpus/model_json -max_total_time=60
//   FEPIPE_FUZZ_TARGET=csv FEPIPE_FUZZ_SEEDS=corpus/csv ./fepipe_fuzz   (writes the seeds, exits)
//
// tools/fuzz/run.sh builds it and runs every target; tools/ci/stages/60-fuzz.sh
// is the CI stage.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/entry_points.hpp"
#include "fuzz/runtime_entry_points.hpp"
#include "fuzz/seeds.hpp"
#include "fuzz/signed_entry_point.hpp"

namespace {
fepipe_fuzz::EntryPoint chosen = nullptr;

// The targets of entry_points.hpp, signed_model (libsodium: kept out of
// the reliability family, see signed_entry_point.hpp), and the runtime
// targets (runtime_entry_points.hpp, replayed by the runtime family).
const std::vector<std::pair<std::string, fepipe_fuzz::EntryPoint>>& all_targets() {
  static const auto t = [] {
    auto v = fepipe_fuzz::targets();
    v.emplace_back("signed_model", &fepipe_fuzz::signed_model);
    v.emplace_back("runtime_model", &fepipe_fuzz::runtime_model);
    v.emplace_back("spec", &fepipe_fuzz::spec);
    return v;
  }();
  return t;
}

// Runtime seeds: the course pipelines fitted on a slice of their data
// (files of the compile-time types), one-step pipelines of every registered
// class, and the course specs of examples/.
int write_runtime_seeds(const std::string& target, const std::filesystem::path& dir) {
  std::vector<std::string> models, specs;
  for (const auto& e : fepipe_rel::catalogue()) {
    if (e.dataset.empty()) continue;
    if (auto m = fepipe_rel::fitted_small(e))
      for (auto format : {fepipe::ModelFormat::json, fepipe::ModelFormat::binary}) models.push_back(m->save(format));
  }
  // Each class on a small synthetic frame made for its catalogue entry.
  fepipe_rel::Rng rng(7);
  fepipe_fuzz::one_step_seeds(
      [&](const std::string& type) {
        for (const auto& e : fepipe_rel::catalogue())
          if (e.type_name == type && e.dataset.empty()) {
            fepipe_rel::Case c = fepipe_rel::synthetic_case(rng, e, fepipe_rel::domain_of(e));
            return std::pair{std::move(c.fit), std::move(c.y)};
          }
        throw fepipe::DataError("no catalogue entry for " + type);
      },
      models, specs);
  for (const char* name : {"house_prices_spec.json", "titanic_logit_spec.json", "titanic_gbm_spec.json"}) {
    std::ifstream in(std::filesystem::path(FEPIPE_DATA_DIR).parent_path() / "examples" / name, std::ios::binary);
    specs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return fepipe_fuzz::write_runtime_seeds(
      target, models, specs,
      [&](const std::string& name, const std::string& bytes) { fepipe_fuzz::write_seed(dir, name, bytes); });
}

int write_any_seeds(const std::string& target, const std::filesystem::path& dir) {
  if (target == "runtime_model" || target == "spec") return write_runtime_seeds(target, dir);
  if (target != "signed_model") return fepipe_fuzz::write_seeds(target, dir);
  return fepipe_fuzz::write_signed_seeds(
      [&](const std::string& name, const std::string& bytes) { fepipe_fuzz::write_seed(dir, name, bytes); });
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* name = std::getenv("FEPIPE_FUZZ_TARGET");
  for (const auto& [n, f] : all_targets())
    if (name && n == name) chosen = f;
  if (!chosen) {
    std::fprintf(stderr, "set FEPIPE_FUZZ_TARGET to one of:");
    for (const auto& t : all_targets()) std::fprintf(stderr, " %s", t.first.c_str());
    std::fprintf(stderr, "\n");
    std::exit(2);
  }
  if (const char* dir = std::getenv("FEPIPE_FUZZ_SEEDS")) {
    const int n = write_any_seeds(name, dir);
    std::printf("wrote %d seeds for %s to %s\n", n, name, dir);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A fepipe_rel::Defect or any non-fepipe exception escapes and aborts the
  // run: libFuzzer then writes the input as a crash reproducer.
  chosen(std::span<const std::uint8_t>(data, size));
  return 0;
}
