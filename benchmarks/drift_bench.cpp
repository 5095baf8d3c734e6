// What issue #13's DriftMonitor adds to single-record prediction: the House
// Prices course pipeline's predict_one alone, then followed by
// monitor.observe on the same record, and observe alone, on the test split's
// records in turn (146 records: the category lookups and bins vary as in
// live traffic). Wall time; the added cost is the difference of the first
// two, and BM_Drift_AddedByObserve's added_ns measures it within one
// benchmark (acceptance: ≤ 50 ns per record, no allocation).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
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

// The added cost in one number, robust to a shared machine: each iteration
// predicts the 146 records alone, then predicts them again each followed by
// observe, timing the two halves apart (wall, and process CPU time, which a
// process descheduled by other work does not accrue). The halves run
// moments apart, under the same load, and the counters are medians over the
// iterations of the per-record times and of their difference, so a burst of
// load during a few iterations does not move them (the two benchmarks above
// run seconds apart: a change of load between them shows up as a
// difference). Counters per record: predict_ns, predict_observe_ns,
// added_ns, and the same in CPU time (added_cpu_ns...).
void BM_Drift_AddedByObserve(benchmark::State& state) {
  using clock = std::chrono::steady_clock;
  const Data& d = data();
  fepipe::DriftMonitor m(d.baseline);
  fepipe::Workspace ws;
  const double n = static_cast<double>(d.records.size());
  std::vector<double> alone, with, added, alone_cpu, with_cpu, added_cpu;
  for (auto _ : state) {
    const std::clock_t c0 = std::clock();
    const auto t0 = clock::now();
    for (const auto& rec : d.records) benchmark::DoNotOptimize(d.pipeline.predict_one(rec, ws));
    const auto t1 = clock::now();
    const std::clock_t c1 = std::clock();
    for (const auto& rec : d.records) {
      benchmark::DoNotOptimize(d.pipeline.predict_one(rec, ws));
      m.observe(rec);
    }
    const auto t2 = clock::now();
    const std::clock_t c2 = std::clock();
    state.PauseTiming();
    alone.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / n);
    with.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count() / n);
    added.push_back(with.back() - alone.back());
    alone_cpu.push_back(static_cast<double>(c1 - c0) * 1e9 / CLOCKS_PER_SEC / n);
    with_cpu.push_back(static_cast<double>(c2 - c1) * 1e9 / CLOCKS_PER_SEC / n);
    added_cpu.push_back(with_cpu.back() - alone_cpu.back());
    state.ResumeTiming();
  }
  auto median = [](std::vector<double>& v) {
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  state.counters["predict_ns"] = median(alone);
  state.counters["predict_observe_ns"] = median(with);
  state.counters["added_ns"] = median(added);
  state.counters["predict_cpu_ns"] = median(alone_cpu);
  state.counters["added_cpu_ns"] = median(added_cpu);
}
BENCHMARK(BM_Drift_AddedByObserve)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();

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
