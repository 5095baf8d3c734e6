// What issue #13's DriftMonitor adds to single-record prediction: the House
// Prices course pipeline's predict_one alone, then followed by
// monitor.observe on the same record, and observe alone, on the test split's
// records in turn (146 records: the category lookups and bins vary as in
// live traffic). Wall time; the added cost is the difference of the first
// two (acceptance: ≤ 50 ns per record, no allocation).

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "../examples/house_prices_pipeline.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/drift/monitor.hpp"

namespace {

struct Data {
  fepipe::TrainTestSplit split;
  decltype(house_prices::make_pipeline()) pipeline;
  fepipe::DriftBaseline baseline;
  std::vector<std::vector<fepipe::Value>> records;  // labels view split.X_test
};

const Data& data() {
  static const Data d = [] {
    auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
    Data out{fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u}), house_prices::make_pipeline(),
             {}, {}};
    out.pipeline.fit(out.split.X_train, out.split.y_train);
    out.baseline = fepipe::DriftBaseline::fit(out.split.X_train);
    for (std::size_t r = 0; r < out.split.X_test.rows(); ++r)
      out.records.push_back(house_prices::record_of(out.split.X_test, r));
    return out;
  }();
  return d;
}

fepipe::DriftMonitor& monitor() {
  static fepipe::DriftMonitor m(data().baseline);
  return m;
}

void BM_Drift_PredictOne(benchmark::State& state) {
  const Data& d = data();
  fepipe::Workspace ws;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& rec = d.records[i];
    benchmark::DoNotOptimize(d.pipeline.predict_one(rec, ws));
    if (++i == d.records.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Drift_PredictOne)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();

void BM_Drift_PredictOneObserve(benchmark::State& state) {
  const Data& d = data();
  fepipe::DriftMonitor& m = monitor();
  fepipe::Workspace ws;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& rec = d.records[i];
    benchmark::DoNotOptimize(d.pipeline.predict_one(rec, ws));
    m.observe(rec);
    if (++i == d.records.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["records"] = static_cast<double>(m.records());
}
BENCHMARK(BM_Drift_PredictOneObserve)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();

void BM_Drift_Observe(benchmark::State& state) {
  const Data& d = data();
  fepipe::DriftMonitor& m = monitor();
  std::size_t i = 0;
  for (auto _ : state) {
    m.observe(d.records[i]);
    if (++i == d.records.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Drift_Observe)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();
// Two threads on one monitor (each on its own shard).
BENCHMARK(BM_Drift_Observe)->Threads(2)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();

// The two kinds of column apart (16 numeric, 21 categorical inputs).
void observe_kind(benchmark::State& state, fepipe::Kind kind) {
  const Data& d = data();
  std::vector<std::string> names;
  for (const auto& c : d.baseline.columns)
    if (c.kind == kind) names.push_back(c.name);
  const fepipe::Frame X = d.split.X_test.select(names);
  fepipe::DriftMonitor m(fepipe::DriftBaseline::fit(d.split.X_train.select(names)));
  std::vector<std::vector<fepipe::Value>> records;
  for (std::size_t r = 0; r < X.rows(); ++r) records.push_back(house_prices::record_of(X, r));
  std::size_t i = 0;
  for (auto _ : state) {
    m.observe(records[i]);
    if (++i == records.size()) i = 0;
  }
  state.counters["columns"] = static_cast<double>(names.size());
}
void BM_Drift_ObserveNumeric(benchmark::State& state) { observe_kind(state, fepipe::Kind::numeric); }
void BM_Drift_ObserveCategorical(benchmark::State& state) { observe_kind(state, fepipe::Kind::categorical); }
BENCHMARK(BM_Drift_ObserveNumeric)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();
BENCHMARK(BM_Drift_ObserveCategorical)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();

void BM_Drift_Report(benchmark::State& state) {
  fepipe::DriftMonitor& m = monitor();
  for (auto _ : state) benchmark::DoNotOptimize(m.report());
}
BENCHMARK(BM_Drift_Report)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
