// The House Prices pipeline (examples/house_prices_pipeline.hpp): single-
// record latency, batch throughput, fit time and model load time. The same
// measurements for scikit-learn + feature-engine come from
// tools/bench/house_prices_sklearn.py; README.md shows both.

#include <benchmark/benchmark.h>

#include <sys/resource.h>  // getrusage: peak resident memory

#include <string>
#include <vector>

#include "../examples/house_prices_pipeline.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/io/model_file.hpp"

namespace {

struct Data {
  fepipe::TrainTestSplit split;
  decltype(house_prices::make_pipeline()) pipeline;
  std::string json, binary;
  std::vector<fepipe::Value> record;
};

const Data& data() {
  static const Data d = [] {
    auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
    Data out{fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u}), house_prices::make_pipeline(),
             {}, {}, {}};
    out.pipeline.fit(out.split.X_train, out.split.y_train);
    out.json = fepipe::save_model_to_string(out.pipeline, fepipe::ModelFormat::json);
    out.binary = fepipe::save_model_to_string(out.pipeline, fepipe::ModelFormat::binary);
    out.record = house_prices::record_of(out.split.X_test, 0);
    return out;
  }();
  return d;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void BM_HousePrices_PredictOne(benchmark::State& state) {
  const Data& d = data();
  fepipe::Workspace ws;
  for (auto _ : state) benchmark::DoNotOptimize(d.pipeline.predict_one(d.record, ws));
  state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_HousePrices_PredictOne)->Repetitions(9)->ReportAggregatesOnly(true);

void BM_HousePrices_PredictOneNamed(benchmark::State& state) {
  const Data& d = data();
  std::vector<std::pair<std::string_view, fepipe::Value>> named;
  for (std::size_t c = 0; c < d.record.size(); ++c) named.emplace_back(d.split.X_test.name(c), d.record[c]);
  for (auto _ : state) benchmark::DoNotOptimize(d.pipeline.predict_one(named));
}
BENCHMARK(BM_HousePrices_PredictOneNamed)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_HousePrices_PredictBatch(benchmark::State& state) {
  const Data& d = data();
  // The whole data set (1460 rows) as one batch.
  const fepipe::Frame all = [&] {
    auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
    return X;
  }();
  for (auto _ : state) benchmark::DoNotOptimize(d.pipeline.predict(all));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.rows()));
}
BENCHMARK(BM_HousePrices_PredictBatch)->Unit(benchmark::kMicrosecond);

void BM_HousePrices_Fit(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) {
    auto p = house_prices::make_pipeline();
    p.fit(d.split.X_train, d.split.y_train);
    benchmark::DoNotOptimize(p);
  }
  state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_HousePrices_Fit)->Unit(benchmark::kMillisecond);

void BM_HousePrices_LoadJson(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) {
    decltype(house_prices::make_pipeline()) p;
    fepipe::load_model_from_memory(d.json, p);
    benchmark::DoNotOptimize(p);
  }
  state.counters["file_bytes"] = static_cast<double>(d.json.size());
}
BENCHMARK(BM_HousePrices_LoadJson)->Unit(benchmark::kMicrosecond);

void BM_HousePrices_LoadBinary(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) {
    decltype(house_prices::make_pipeline()) p;
    fepipe::load_model_from_memory(d.binary, p);
    benchmark::DoNotOptimize(p);
  }
  state.counters["file_bytes"] = static_cast<double>(d.binary.size());
}
BENCHMARK(BM_HousePrices_LoadBinary)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
