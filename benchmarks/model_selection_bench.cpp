// Model selection on the House Prices course pipeline (issue 15's
// acceptance): GridSearchCV over the Lasso's alpha (4 values) x the
// RareLabelEncoder's tol (3 values), 5-fold KFold on the course's training
// split, neg_mean_squared_error, refit of the best candidate included: the
// search tests/model_selection/house_prices_search_test.cpp checks against
// scikit-learn + feature-engine, on 1 and 2 threads. Wall time (real time):
// the threads run at once. benchmarks/python/bench_search.py runs this
// binary and scikit-learn + feature-engine's GridSearchCV (n_jobs=2) in the
// same run and prints the ratio (README's figure; `tools/dev bench`).

#include <benchmark/benchmark.h>

#include <cstddef>

#include "../examples/house_prices_pipeline.hpp"
#include "fepipe/model_selection/pipeline_params.hpp"
#include "fepipe/model_selection/search.hpp"
#include "fepipe/model_selection/train_test_split.hpp"

namespace {

using HousePrices = decltype(house_prices::make_pipeline());

const fepipe::TrainTestSplit& split() {
  static const fepipe::TrainTestSplit s = [] {
    auto [X, y] = house_prices::load(FEPIPE_DATA_DIR "/houseprice.csv");
    return fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
  }();
  return s;
}

const fepipe::ParameterGrid grid(R"({"Lasso__alpha": [0.0005, 0.001, 0.005, 0.01],
                                     "RareLabelEncoder__tol": [0.01, 0.03, 0.05]})");

void BM_HousePrices_GridSearchCV(benchmark::State& state) {
  const auto& s = split();
  const auto threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    fepipe::GridSearchCV<HousePrices> search(fepipe::with_pipeline_params(house_prices::make_pipeline()), grid,
                                             {.scoring = {"neg_mean_squared_error"}, .n_threads = threads});
    search.fit(s.X_train, s.y_train);
    benchmark::DoNotOptimize(search.best_score_);
  }
  state.counters["fits"] = static_cast<double>(grid.size() * 5 + 1);
}
BENCHMARK(BM_HousePrices_GridSearchCV)
    ->ArgName("n_threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// One fit of the pipeline on the whole training split (a search task fits
// on four fifths of it).
void BM_HousePrices_Fit(benchmark::State& state) {
  const auto& s = split();
  for (auto _ : state) {
    HousePrices p = house_prices::make_pipeline();
    p.fit(s.X_train, s.y_train);
    benchmark::DoNotOptimize(p.is_fitted());
  }
}
BENCHMARK(BM_HousePrices_Fit)->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
