// `fepipe predict` on a 1,000,000-row House Prices CSV (the model's 37
// input columns, rows of data/houseprice.csv repeated) against the library
// on the same file: read_csv + batch predict, and batch predict alone on a
// frame already in memory. The file is written once to the temporary
// directory and read from the page cache ("excluding disk"); the tool runs
// in-process with its output to /dev/null. Issue 11 asks the tool for
// >= 1M rows/s on one core. Counters: rows per second (items_per_second).
//
// Run: cli_bench (FEPIPE_CLI_BENCH_ROWS=<n> for another size)

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "fepipe/cli/cli.hpp"  // the built-in classes: apps/builtins.cpp, linked in
#include "../examples/house_prices_pipeline.hpp"

FEPIPE_REGISTER_STEP(house_prices::ElapsedTime);
FEPIPE_REGISTER_STEP(house_prices::Mapper);

namespace {

namespace fs = std::filesystem;

std::size_t bench_rows() {
  const char* n = std::getenv("FEPIPE_CLI_BENCH_ROWS");
  return n ? std::strtoull(n, nullptr, 10) : 1'000'000;
}

/// The House Prices model (fitted on the course split) and the big CSV.
struct Setup {
  fs::path dir = fs::temp_directory_path() / ("fepipe_cli_bench_" + std::to_string(::getpid()));
  std::string model, csv;
  std::size_t rows = bench_rows();
  Setup() {
    fs::create_directories(dir);
    const auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
    const auto split = fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
    auto pipeline = house_prices::make_pipeline();
    pipeline.fit(split.X_train, split.y_train);
    model = (dir / "house_prices.fpm").string();
    fepipe::save_model(pipeline, model);
    // The input columns of every data row, as text, then repeated.
    std::ostringstream header, body;
    const fepipe::Frame raw = fepipe::read_csv(FEPIPE_DATA_DIR "/houseprice.csv",
                                               {.kinds = {{"MSSubClass", fepipe::Kind::categorical}}});
    for (std::size_t c = 0; c < house_prices::kFeatures.size(); ++c) header << (c ? "," : "") << house_prices::kFeatures[c];
    std::vector<std::string> lines(raw.rows());
    for (std::size_t r = 0; r < raw.rows(); ++r)
      for (std::size_t c = 0; c < house_prices::kFeatures.size(); ++c) {
        const fepipe::Column& col = raw[house_prices::kFeatures[c]];
        std::string cell;
        if (col.is_numeric()) {
          if (!std::isnan(col.values()[r])) cell = fepipe::cli::detail::number(col.values()[r]);
        } else if (col.codes()[r] >= 0) {
          cell = col.label(col.codes()[r]);
        }
        lines[r] += (c ? "," : "") + cell;
      }
    csv = (dir / "house_prices_1m.csv").string();
    std::ofstream out(csv, std::ios::binary);
    out << header.str() << "\n";
    for (std::size_t i = 0; i < rows; ++i) out << lines[i % lines.size()] << "\n";
    out.close();
    // One untimed run: the file is read from the page cache, as a run of
    // the tool on a file already read would (and as "excluding disk" asks),
    // and the process's heap has settled. Without it the first timed run of
    // a process was up to twice as slow as the next, which a run of the
    // tool as a process of its own is not.
    std::ostringstream sink_out, sink_err;
    const char* argv[] = {"fepipe", "predict", model.c_str(), csv.c_str(), "-o", "/dev/null"};
    if (fepipe::cli::run(6, argv, sink_out, sink_err) != 0) throw std::runtime_error(sink_err.str());
  }
  ~Setup() { fs::remove_all(dir); }
};

const Setup& setup() {
  static const Setup s;
  return s;
}

void BM_FepipePredictCsv(benchmark::State& state) {
  const Setup& s = setup();
  for (auto _ : state) {
    std::ostringstream out, err;
    const char* argv[] = {"fepipe", "predict", s.model.c_str(), s.csv.c_str(), "-o", "/dev/null"};
    if (fepipe::cli::run(6, argv, out, err) != 0) state.SkipWithError(err.str().c_str());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.rows));
}
BENCHMARK(BM_FepipePredictCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LibraryReadCsvAndPredict(benchmark::State& state) {
  const Setup& s = setup();
  const auto model = fepipe::load_any_model(s.model);
  for (auto _ : state) {
    const fepipe::Frame X = fepipe::read_csv(s.csv, fepipe::cli::detail::schema_csv_options(model.input_schema()));
    benchmark::DoNotOptimize(model.predict(X).data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.rows));
}
BENCHMARK(BM_LibraryReadCsvAndPredict)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LibraryBatchPredict(benchmark::State& state) {
  const Setup& s = setup();
  const auto model = fepipe::load_any_model(s.model);
  const fepipe::Frame X = fepipe::read_csv(s.csv, fepipe::cli::detail::schema_csv_options(model.input_schema()));
  for (auto _ : state) benchmark::DoNotOptimize(model.predict(X).data());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.rows));
}
BENCHMARK(BM_LibraryBatchPredict)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
