// HistGradientBoostingRegressor side by side with XGBoost (C API, tree_method
// hist) in one run: fit time, peak memory during fit, batch prediction and
// single-record latency, on 1 000 000 × 20 synthetic rows and on House
// Prices' numeric columns (NaN kept: both libraries handle missing values).
//
// Same settings for both: 100 rounds, learning rate 0.1, depth 6 (HGB:
// max_depth = 6, no leaf limit), 255 value bins (+1 for missing / XGBoost
// max_bin = 256), no L2 penalty (XGBoost lambda = 0), 20 rows per leaf
// (XGBoost min_child_weight = 20: unit hessians), one thread each.
//
// Peak memory: Linux's VmHWM, reset through /proc/self/clear_refs before
// the fit; the HGB fit runs first, before any XGBoost copy of the data
// exists. Results and how to run: docs/benchmarks/trees.md.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/io/csv.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"

#ifdef FEPIPE_HAVE_XGBOOST
#include <xgboost/c_api.h>
#endif

namespace {

constexpr int kRounds = 100;
constexpr int kDepth = 6;

// ---- memory ----------------------------------------------------------------

/// A /proc/self/status field in MiB (0 where unavailable).
double status_mib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;
  return 0.0;
}
/// Resets VmHWM to the current RSS (Linux >= 4.0).
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

// ---- data --------------------------------------------------------------------

struct Data {
  Eigen::MatrixXd X;                 // column-major doubles (HGB's input)
  Eigen::VectorXd y;
  std::vector<float> X_rows;         // row-major float32 (XGBoost's input), made on demand
  std::vector<float> y_float;
  std::vector<fepipe::Value> record;
  bool synthetic = false;  // the 1M-row set (compared without building it)

  void make_row_major() {
    if (!X_rows.empty()) return;
    const auto n = static_cast<std::size_t>(X.rows()), p = static_cast<std::size_t>(X.cols());
    X_rows.resize(n * p);
    for (std::size_t c = 0; c < p; ++c)
      for (std::size_t r = 0; r < n; ++r)
        X_rows[r * p + c] = static_cast<float>(X(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)));
    y_float.assign(y.data(), y.data() + y.size());
  }
};

/// 1 000 000 × 20: uniform features (5 % NaN in the first two), a target
/// mixing thresholds, products and smooth terms, plus noise.
Data& synthetic() {
  static Data d = [] {
    Data out;
    out.synthetic = true;
    const Eigen::Index n = 1000000, p = 20;
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    out.X.resize(n, p);
    for (Eigen::Index c = 0; c < p; ++c)
      for (Eigen::Index r = 0; r < n; ++r) out.X(r, c) = u(rng);
    out.y.resize(n);
    for (Eigen::Index r = 0; r < n; ++r) {
      const auto x = [&](Eigen::Index c) { return out.X(r, c); };
      out.y[r] = 3.0 * (x(0) > 0.5) + 2.0 * x(1) * x(2) + std::sin(6.0 * x(3)) + x(4) * x(4) - 1.5 * (x(5) < 0.2) +
                 0.5 * x(6) + 0.3 * u(rng);
    }
    for (Eigen::Index r = 0; r < n; ++r)
      for (Eigen::Index c = 0; c < 2; ++c)
        if (u(rng) < 0.05) out.X(r, c) = std::numeric_limits<double>::quiet_NaN();
    for (Eigen::Index c = 0; c < p; ++c) out.record.emplace_back(out.X(12345, c));
    return out;
  }();
  return d;
}

/// House Prices: every numeric column but Id and SalePrice, NaN kept.
Data& house() {
  static Data d = [] {
    const fepipe::Frame raw =
        fepipe::read_csv(FEPIPE_DATA_DIR "/houseprice.csv", {.kinds = {{"MSSubClass", fepipe::Kind::categorical}}});
    std::vector<std::size_t> cols;
    for (std::size_t c = 0; c < raw.cols(); ++c)
      if (raw.column(c).is_numeric() && raw.name(c) != "Id" && raw.name(c) != "SalePrice") cols.push_back(c);
    Data out;
    out.X.resize(static_cast<Eigen::Index>(raw.rows()), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t j = 0; j < cols.size(); ++j)
      for (std::size_t r = 0; r < raw.rows(); ++r)
        out.X(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = raw.column(cols[j]).values()[r];
    const auto sp = raw.numeric("SalePrice");
    out.y = Eigen::Map<const Eigen::VectorXd>(sp.data(), static_cast<Eigen::Index>(sp.size()));
    for (Eigen::Index c = 0; c < out.X.cols(); ++c) out.record.emplace_back(out.X(7, c));
    return out;
  }();
  return d;
}

// ---- fepipe --------------------------------------------------------------------

fepipe::HistGradientBoostingRegressor::Options hgb_options() {
  fepipe::HistGradientBoostingRegressor::Options o;
  o.max_iter = kRounds;
  o.learning_rate = 0.1;
  o.max_depth = kDepth;
  o.max_leaf_nodes = std::nullopt;
  o.min_samples_leaf = 20;
  o.max_bins = 255;
  o.early_stopping = fepipe::HistEarlyStopping::off;
  o.n_threads = 1;
  return o;
}

bool is_synthetic(const Data& d) { return d.synthetic; }

std::unique_ptr<fepipe::HistGradientBoostingRegressor>& hgb_model(const Data& d) {
  static std::unique_ptr<fepipe::HistGradientBoostingRegressor> synthetic_model, house_model;
  return is_synthetic(d) ? synthetic_model : house_model;
}

const fepipe::HistGradientBoostingRegressor& fitted_hgb(Data& d) {
  auto& m = hgb_model(d);
  if (!m) {
    m = std::make_unique<fepipe::HistGradientBoostingRegressor>(hgb_options());
    m->fit(d.X, d.y);
  }
  return *m;
}

void BM_HGB_Fit(benchmark::State& state, Data& (*data)()) {
  Data& d = data();
  double peak = 0.0, before = 0.0;
  for (auto _ : state) {
    auto m = std::make_unique<fepipe::HistGradientBoostingRegressor>(hgb_options());
    before = status_mib("VmRSS");
    reset_peak_rss();
    m->fit(d.X, d.y);
    peak = status_mib("VmHWM");
    benchmark::DoNotOptimize(m->forest_.n_nodes());
    hgb_model(d) = std::move(m);
  }
  state.counters["trees"] = static_cast<double>(hgb_model(d)->forest_.n_trees());
  // Memory only where it means something: the first, large fit (later fits
  // share the process with every data set and model made since).
  if (!is_synthetic(d)) return;
  const double input = static_cast<double>(d.X.size()) * 8.0 / (1 << 20);
  const double binned = static_cast<double>(d.X.size()) / (1 << 20);
  state.counters["peak_rss_MiB"] = peak;
  state.counters["rss_before_MiB"] = before;
  state.counters["input_plus_binned_MiB"] = input + binned;
  // The target: peak <= 1.5 × (binned data + float input).
  state.counters["peak_over_budget"] = peak / (1.5 * (input + binned));
}

void BM_HGB_PredictBatch(benchmark::State& state, Data& (*data)()) {
  Data& d = data();
  const auto& m = fitted_hgb(d);
  for (auto _ : state) benchmark::DoNotOptimize(m.predict(d.X).data());
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(d.X.rows()),
                         benchmark::Counter::kIsRate);
}

void BM_HGB_PredictOne(benchmark::State& state, Data& (*data)()) {
  Data& d = data();
  const auto& m = fitted_hgb(d);
  for (auto _ : state) benchmark::DoNotOptimize(m.predict_row(d.record));
  state.counters["trees"] = static_cast<double>(m.forest_.n_trees());
}

// ---- XGBoost ---------------------------------------------------------------------

#ifdef FEPIPE_HAVE_XGBOOST
void xgb_check(int rc) {
  if (rc != 0) throw std::runtime_error(std::string("XGBoost: ") + XGBGetLastError());
}

struct Xgb {
  BoosterHandle booster = nullptr;
  DMatrixHandle train = nullptr;
  ~Xgb() {
    if (booster) XGBoosterFree(booster);
    if (train) XGDMatrixFree(train);
  }
};

/// The whole XGBoost fit: DMatrix (its quantile sketch and bin index are
/// built during the first round), then the boosting rounds.
std::unique_ptr<Xgb> xgb_fit(Data& d) {
  auto x = std::make_unique<Xgb>();
  const auto n = static_cast<bst_ulong>(d.X.rows()), p = static_cast<bst_ulong>(d.X.cols());
  xgb_check(XGDMatrixCreateFromMat(d.X_rows.data(), n, p, std::numeric_limits<float>::quiet_NaN(), &x->train));
  xgb_check(XGDMatrixSetFloatInfo(x->train, "label", d.y_float.data(), n));
  xgb_check(XGBoosterCreate(&x->train, 1, &x->booster));
  const std::pair<const char*, std::string> params[] = {
      {"tree_method", "hist"},       {"objective", "reg:squarederror"},
      {"max_depth", std::to_string(kDepth)}, {"eta", "0.1"},
      {"max_bin", "256"},            {"lambda", "0"},
      {"min_child_weight", "20"},    {"nthread", "1"},
      {"verbosity", "0"}};
  for (const auto& [k, v] : params) xgb_check(XGBoosterSetParam(x->booster, k, v.c_str()));
  for (int i = 0; i < kRounds; ++i) xgb_check(XGBoosterUpdateOneIter(x->booster, i, x->train));
  return x;
}

// Boosters are deliberately never freed: at exit libxgboost may already have
// torn down its own globals, and freeing a booster then crashes.
std::unique_ptr<Xgb>& xgb_model(const Data& d) {
  static auto* models = new std::unique_ptr<Xgb>[2];
  return models[is_synthetic(d) ? 0 : 1];
}

const Xgb& fitted_xgb(Data& d) {
  d.make_row_major();
  auto& m = xgb_model(d);
  if (!m) m = xgb_fit(d);
  return *m;
}

/// In-place prediction from a row-major float32 array (XGBoost's fastest
/// CPU path: no DMatrix).
const float* xgb_predict(const Xgb& x, const float* rows, std::size_t n, std::size_t p) {
  char values[256];
  std::snprintf(values, sizeof values,
                "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", \"version\": 3}",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(rows)), n, p);
  static const char* config =
      "{\"type\": 0, \"training\": false, \"cache_id\": 0, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, "
      "\"missing\": NaN}";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  xgb_check(XGBoosterPredictFromDense(x.booster, values, config, nullptr, &shape, &dim, &out));
  return out;
}

void BM_XGB_Fit(benchmark::State& state, Data& (*data)()) {
  Data& d = data();
  d.make_row_major();
  for (auto _ : state) {
    auto m = xgb_fit(d);
    xgb_model(d) = std::move(m);
  }
  state.counters["trees"] = kRounds;
}

void BM_XGB_PredictBatch(benchmark::State& state, Data& (*data)()) {
  Data& d = data();
  const Xgb& x = fitted_xgb(d);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        xgb_predict(x, d.X_rows.data(), static_cast<std::size_t>(d.X.rows()), static_cast<std::size_t>(d.X.cols())));
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(d.X.rows()),
                         benchmark::Counter::kIsRate);
}

void BM_XGB_PredictOne(benchmark::State& state, Data& (*data)()) {
  Data& d = data();
  const Xgb& x = fitted_xgb(d);
  const float* row = d.X_rows.data() + 12345 * static_cast<std::size_t>(d.X.cols());
  if (!is_synthetic(d)) row = d.X_rows.data() + 7 * static_cast<std::size_t>(d.X.cols());
  for (auto _ : state) benchmark::DoNotOptimize(xgb_predict(x, row, 1, static_cast<std::size_t>(d.X.cols())));
}
#endif

}  // namespace

// Registration order is run order: the HGB fit comes first so its peak
// memory is measured before XGBoost's float copy of the data exists.
BENCHMARK_CAPTURE(BM_HGB_Fit, synthetic_1Mx20, &synthetic)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifdef FEPIPE_HAVE_XGBOOST
BENCHMARK_CAPTURE(BM_XGB_Fit, synthetic_1Mx20, &synthetic)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK_CAPTURE(BM_HGB_PredictBatch, synthetic_1Mx20, &synthetic)->Iterations(3)->Unit(benchmark::kMillisecond);
#ifdef FEPIPE_HAVE_XGBOOST
BENCHMARK_CAPTURE(BM_XGB_PredictBatch, synthetic_1Mx20, &synthetic)->Iterations(3)->Unit(benchmark::kMillisecond);
#endif
BENCHMARK_CAPTURE(BM_HGB_PredictOne, synthetic_1Mx20, &synthetic)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kNanosecond);
#ifdef FEPIPE_HAVE_XGBOOST
BENCHMARK_CAPTURE(BM_XGB_PredictOne, synthetic_1Mx20, &synthetic)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kNanosecond);
#endif

BENCHMARK_CAPTURE(BM_HGB_Fit, house_prices, &house)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifdef FEPIPE_HAVE_XGBOOST
BENCHMARK_CAPTURE(BM_XGB_Fit, house_prices, &house)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif
BENCHMARK_CAPTURE(BM_HGB_PredictBatch, house_prices, &house)->Unit(benchmark::kMicrosecond);
#ifdef FEPIPE_HAVE_XGBOOST
BENCHMARK_CAPTURE(BM_XGB_PredictBatch, house_prices, &house)->Unit(benchmark::kMicrosecond);
#endif
BENCHMARK_CAPTURE(BM_HGB_PredictOne, house_prices, &house)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kNanosecond);
#ifdef FEPIPE_HAVE_XGBOOST
BENCHMARK_CAPTURE(BM_XGB_PredictOne, house_prices, &house)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kNanosecond);
#endif

BENCHMARK_MAIN();
