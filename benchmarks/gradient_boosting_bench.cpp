// Gradient boosting and decision trees on House Prices' numeric columns
// (NaN filled with medians, as tools/reference/tree_gb.py prepares them):
// fit time, batch prediction and single-record latency.

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/detail/stats.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"

namespace {

struct House {
  fepipe::Frame X;
  fepipe::Target y;
  std::vector<fepipe::Value> record;
};

const House& house() {
  static const House h = [] {
    const fepipe::Frame raw = fepipe::read_csv(FEPIPE_DATA_DIR "/houseprice.csv",
                                               {.kinds = {{"MSSubClass", fepipe::Kind::categorical}}});
    House out;
    out.X = fepipe::Frame(raw.rows());
    for (std::size_t c = 0; c < raw.cols(); ++c) {
      if (!raw.column(c).is_numeric() || raw.name(c) == "Id" || raw.name(c) == "SalePrice") continue;
      std::vector<double> v(raw.column(c).values().begin(), raw.column(c).values().end());
      const double m = fepipe::detail::nan_median(v);
      for (double& x : v)
        if (std::isnan(x)) x = m;
      out.X.add(raw.name(c), fepipe::Column::numeric(std::move(v)));
    }
    auto sp = raw.numeric("SalePrice");
    out.y = Eigen::Map<const Eigen::VectorXd>(sp.data(), static_cast<Eigen::Index>(sp.size()));
    for (std::size_t c = 0; c < out.X.cols(); ++c) out.record.emplace_back(out.X.column(c).values()[0]);
    return out;
  }();
  return h;
}

const fepipe::GradientBoostingRegressor& fitted_gbr() {
  static const fepipe::GradientBoostingRegressor m = [] {
    fepipe::GradientBoostingRegressor g({.random_state = 0});
    g.fit(house().X, house().y);
    return g;
  }();
  return m;
}

void BM_GradientBoostingRegressor_Fit(benchmark::State& state) {
  const House& h = house();
  for (auto _ : state) {
    fepipe::GradientBoostingRegressor g({.n_estimators = static_cast<int>(state.range(0)), .random_state = 0});
    g.fit(h.X, h.y);
    benchmark::DoNotOptimize(g.n_estimators_);
  }
}
BENCHMARK(BM_GradientBoostingRegressor_Fit)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_GradientBoostingRegressor_FitSubsample(benchmark::State& state) {
  const House& h = house();
  for (auto _ : state) {
    fepipe::GradientBoostingRegressor g({.loss = fepipe::RegressionLoss::huber, .subsample = 0.8, .random_state = 0});
    g.fit(h.X, h.y);
    benchmark::DoNotOptimize(g.n_estimators_);
  }
}
BENCHMARK(BM_GradientBoostingRegressor_FitSubsample)->Unit(benchmark::kMillisecond);

void BM_DecisionTreeRegressor_FitFull(benchmark::State& state) {
  const House& h = house();
  for (auto _ : state) {
    fepipe::DecisionTreeRegressor t({.random_state = 0});
    t.fit(h.X, h.y);
    benchmark::DoNotOptimize(t.n_leaves());
  }
}
BENCHMARK(BM_DecisionTreeRegressor_FitFull)->Unit(benchmark::kMillisecond);

void BM_GradientBoostingClassifier_FitMulticlass(benchmark::State& state) {
  const House& h = house();
  // Three price bands as classes.
  fepipe::Target bands(h.y.size());
  for (Eigen::Index i = 0; i < h.y.size(); ++i) bands[i] = h.y[i] < 140000 ? 0 : h.y[i] < 220000 ? 1 : 2;
  for (auto _ : state) {
    fepipe::GradientBoostingClassifier g({.random_state = 0});
    g.fit(h.X, bands);
    benchmark::DoNotOptimize(g.n_estimators_);
  }
}
BENCHMARK(BM_GradientBoostingClassifier_FitMulticlass)->Unit(benchmark::kMillisecond);

void BM_GradientBoostingRegressor_PredictBatch(benchmark::State& state) {
  const auto& g = fitted_gbr();
  for (auto _ : state) benchmark::DoNotOptimize(g.predict(house().X));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(house().X.rows()));
}
BENCHMARK(BM_GradientBoostingRegressor_PredictBatch)->Unit(benchmark::kMicrosecond);

void BM_GradientBoostingRegressor_PredictRow(benchmark::State& state) {
  const auto& g = fitted_gbr();
  for (auto _ : state) benchmark::DoNotOptimize(g.predict_row(house().record));
}
BENCHMARK(BM_GradientBoostingRegressor_PredictRow);

}  // namespace

BENCHMARK_MAIN();
