// Replays the runtime fuzz targets (tests/fuzz/runtime_entry_points.hpp)
// through the same entry points the fuzzer calls: their reproducers
// (tests/fuzz/regression/runtime_model/, spec/), every model-file
// reproducer the typed targets ever found (model_json/, model_binary/: the
// runtime loader must refuse or use them as cleanly), and seeds with bytes
// flipped. The other targets are replayed by test_reliability.

#include <doctest/doctest.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

#include "fepipe/core/train_test_split.hpp"
#include "fuzz/runtime_entry_points.hpp"

namespace runtime_fuzz_regression_test {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int replay(void (*entry_point)(std::span<const std::uint8_t>), const std::string& bytes) {
  const std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  try {
    entry_point(input);
  } catch (const std::exception& e) {
    FAIL_CHECK(std::string(typeid(e).name()) << ": " << std::string(e.what()));
  }
  return 1;
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& f : fs::directory_iterator(dir))
    if (f.is_regular_file() && f.path().filename().string().front() != '.') files.push_back(f.path());
  std::sort(files.begin(), files.end());
  return files;
}

const fs::path kRegression = fs::path(FEPIPE_TEST_DATA_DIR).parent_path() / "fuzz" / "regression";

TEST_CASE("runtime_model and spec reproducers replay cleanly") {
  REQUIRE(fs::is_directory(kRegression / "runtime_model"));
  REQUIRE(fs::is_directory(kRegression / "spec"));
  int replayed = 0;
  for (const auto& f : files_in(kRegression / "runtime_model")) {
    INFO(f.filename().string());
    replayed += replay(&fepipe_fuzz::runtime_model, slurp(f));
  }
  for (const auto& f : files_in(kRegression / "spec")) {
    INFO(f.filename().string());
    replayed += replay(&fepipe_fuzz::spec, slurp(f));
  }
  // The typed targets' reproducers, as runtime_model inputs: "<type>\n",
  // then (model_binary) the flag byte, then the file.
  for (const char* target : {"model_json", "model_binary"})
    for (const auto& f : files_in(kRegression / target)) {
      INFO(target << "/" << f.filename().string());
      std::string bytes = slurp(f);
      const auto nl = bytes.find('\n');
      if (nl == std::string::npos) continue;
      bytes.erase(0, nl + 1);
      if (std::string_view(target) == "model_json") bytes.insert(0, 1, '\0');
      replayed += replay(&fepipe_fuzz::runtime_model, bytes);
    }
  CHECK(replayed >= 14);
  MESSAGE(replayed << " reproducers replayed through the runtime targets");
}

TEST_CASE("runtime seeds, and seeds with a byte flipped, replay cleanly") {
  // Models: the House Prices and Titanic course pipelines (compile-time
  // files) and a one-step pipeline of every registered class.
  std::vector<std::string> models, specs;
  {
    const auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
    auto hp = house_prices::make_pipeline();
    hp.fit(X, y);
    models.push_back(fepipe::save_model_to_string(hp, fepipe::ModelFormat::json));
    models.push_back(fepipe::save_model_to_string(hp, fepipe::ModelFormat::binary));
    const auto [T, t] = titanic::load(FEPIPE_DATA_DIR "/titanic.csv");
    auto logit = titanic::make_logit_pipeline();
    logit.fit(T, t);
    models.push_back(fepipe::save_model_to_string(logit, fepipe::ModelFormat::binary));
  }
  {
    // Numeric and categorical columns, a 0/1 target that regressors take too.
    fepipe::Frame X(40);
    std::vector<double> a(40), b(40);
    std::vector<std::string> c(40);
    fepipe::Target y(40);
    for (int i = 0; i < 40; ++i) {
      a[static_cast<std::size_t>(i)] = 1.0 + (i * 7) % 13;
      b[static_cast<std::size_t>(i)] = 0.5 + (i * 3) % 5;
      c[static_cast<std::size_t>(i)] = std::string(1, static_cast<char>('p' + i % 4));
      y[i] = (i * 5) % 3 == 0 ? 1.0 : 0.0;
    }
    X.add("a", fepipe::Column::numeric(a));
    X.add("b", fepipe::Column::numeric(b));
    X.add("c", fepipe::Column::from_labels(c));
    fepipe_fuzz::one_step_seeds([&](const std::string&) { return std::pair{X, y}; }, models, specs);
  }
  for (const char* name : {"house_prices_spec.json", "titanic_logit_spec.json", "titanic_gbm_spec.json"})
    specs.push_back(slurp(fs::path(FEPIPE_DATA_DIR).parent_path() / "examples" / name));
  CHECK(models.size() >= 60);
  CHECK(specs.size() >= 49);
  int seeds = 0;
  for (std::size_t i = 0; i < models.size(); ++i) {
    INFO("model seed " << i);
    seeds += replay(&fepipe_fuzz::runtime_model, std::string(1, '\x01') + models[i]);
    for (std::size_t at = 0; at < models[i].size(); at += 1 + models[i].size() / 8) {
      std::string flipped = std::string(1, '\x01') + models[i];
      flipped[1 + at] = static_cast<char>(flipped[1 + at] ^ 0x04);
      replay(&fepipe_fuzz::runtime_model, flipped);
    }
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    INFO("spec seed " << i << ": " << specs[i]);
    seeds += replay(&fepipe_fuzz::spec, specs[i]);
    for (std::size_t at = 0; at < specs[i].size(); at += 1 + specs[i].size() / 6) {
      std::string flipped = specs[i];
      flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
      replay(&fepipe_fuzz::spec, flipped);
    }
  }
  MESSAGE(seeds << " seeds replayed");
}

}  // namespace runtime_fuzz_regression_test
