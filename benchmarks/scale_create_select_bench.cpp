// Batch transform throughput (rows/s), single-record latency and fit time of
// every scaler, creation step and selector, on House Prices (1460 rows) and a
// synthetic 200,000-row numeric frame. tools/bench/scale_create_select_peer.py
// measures scikit-learn / feature-engine 1.6.2 / pandas on the same data (the
// synthetic frame comes from the same splitmix64 formula) and with the same
// options; docs/benchmarks/scale_create_select.md puts them side by side.
//
//   scale_create_select_bench --benchmark_filter=batch   # or record, fit, a class name

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fepipe/create/cyclical_features.hpp"
#include "fepipe/create/math_features.hpp"
#include "fepipe/create/relative_features.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/scale/max_abs_scaler.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "fepipe/scale/robust_scaler.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "fepipe/select/drop_constant_features.hpp"
#include "fepipe/select/drop_correlated_features.hpp"
#include "fepipe/select/drop_duplicate_features.hpp"
#include "fepipe/select/drop_features.hpp"
#include "fepipe/select/select_by_lasso.hpp"

using namespace fepipe;

namespace {

// --- data ----------------------------------------------------------------------

/// One data set: the frame every step sees and the target SelectByLasso
/// needs (its own frame: the Lasso wants numbers only, without NaN).
struct Data {
  std::string name;
  Frame X;
  Frame lasso_X;
  Target lasso_y;
  // Per-data-set choices, in the peer script too.
  std::vector<std::string> scaled, math, rel_vars, rel_refs, cyclical, dropped;
};

Target column_target(const Frame& X, const std::string& name) {
  auto v = X.numeric(name);
  Target y(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) y[static_cast<Eigen::Index>(i)] = v[i];
  return y;
}

const Data& house() {
  static const Data d = [] {
    Data out;
    out.name = "house";
    out.X = read_csv(FEPIPE_DATA_DIR "/houseprice.csv", {.kinds = {{"MSSubClass", Kind::categorical}}});
    CsvOptions o;
    o.keep_default_na = false;
    o.na_values = {""};
    // The course's preprocessed training matrix (tools/reference/catalogue_scale_create_select.py).
    out.lasso_X = read_csv(FEPIPE_TEST_DATA_DIR "/inputs/select_by_lasso_house_train.csv", o);
    out.lasso_y = column_target(out.lasso_X, "SalePrice");
    out.lasso_X.drop({"SalePrice"});
    out.scaled = {"LotFrontage", "LotArea",  "MasVnrArea", "BsmtFinSF1", "GarageYrBlt",
                  "GrLivArea",   "PoolArea", "MiscVal",    "YrSold",     "SalePrice"};
    out.math = {"1stFlrSF", "2ndFlrSF", "TotalBsmtSF", "GarageArea"};
    out.rel_vars = {"LotArea", "GrLivArea"};
    out.rel_refs = {"1stFlrSF", "TotRmsAbvGrd"};
    out.cyclical = {"MoSold"};
    out.dropped = {"YrSold", "Street", "LotArea"};
    return out;
  }();
  return d;
}

// The synthetic frame of tools/bench/scale_create_select_peer.py: cell (r, c)
// derives from splitmix64(r * 64 + c), so both programs build it alike.
std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
constexpr std::size_t synthetic_rows = 200000;

const Data& synthetic() {
  static const Data d = [] {
    const std::size_t n = synthetic_rows;
    Data out;
    out.name = "synthetic200k";
    std::vector<std::vector<double>> s(8, std::vector<double>(n));
    std::vector<double> y(n, 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      for (std::uint64_t c = 0; c < 5; ++c) {
        s[c][r] = static_cast<double>(splitmix64(r * 64 + c) % 1000000) / 100.0;
        y[r] += s[c][r] * static_cast<double>(c) / 1000.0;  // s0 does not matter
      }
      const std::uint64_t h = splitmix64(r * 64 + 5);
      s[5][r] = 2.0 * s[1][r] + static_cast<double>(h % 1000) / 1000.0;  // correlated with s1
      s[6][r] = s[0][r];                                                 // duplicate of s0
      s[7][r] = (h >> 20) % 100 == 0 ? 2.0 : 1.0;                        // quasi-constant
      y[r] += static_cast<double>((h >> 32) % 1000) / 1000.0;
    }
    out.X = Frame(n);
    for (std::size_t c = 0; c < 8; ++c) out.X.add("s" + std::to_string(c), Column::numeric(std::move(s[c])));
    out.lasso_X = out.X;
    Target t(static_cast<Eigen::Index>(n));
    for (std::size_t r = 0; r < n; ++r) t[static_cast<Eigen::Index>(r)] = y[r];
    out.lasso_y = std::move(t);
    out.scaled = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
    out.math = {"s0", "s1", "s2", "s3"};
    out.rel_vars = {"s0", "s1"};
    out.rel_refs = {"s2", "s7"};
    out.cyclical = {"s2"};
    out.dropped = {"s6", "s7"};
    return out;
  }();
  return d;
}

// --- measurements ---------------------------------------------------------------

/// A benchmark subject: fits a fresh step, and knows the frame it works on.
template <class Step>
struct Subject {
  std::function<Step(const Data&)> make;  // unfitted, with the options
  bool needs_target = false;
  bool lasso_frame = false;
};

template <class Step>
const Frame& frame_of(const Subject<Step>& s, const Data& d) {
  return s.lasso_frame ? d.lasso_X : d.X;
}

template <class Step>
Step fit(const Subject<Step>& s, const Data& d) {
  Step step = s.make(d);
  step.fit(frame_of(s, d), s.needs_target ? &d.lasso_y : nullptr);
  return step;
}

/// A frame's row as a record (labels view the frame's dictionary).
std::vector<Value> record_of(const Frame& X, std::size_t r) {
  std::vector<Value> rec;
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const Column& col = X.column(c);
    if (col.is_numeric())
      rec.emplace_back(col.values()[r]);
    else
      rec.push_back(col.codes()[r] < 0 ? Value::missing() : Value(col.label(col.codes()[r])));
  }
  return rec;
}

/// Registers fit/, batch/ and record/<name>/<data set> for one subject.
template <class Step>
void add(const std::string& name, Subject<Step> subject) {
  for (const Data& (*data)() : {&house, &synthetic}) {
    const std::string suffix = name + "/" + data().name;
    // Fitted once per data set on first use, shared by batch and record.
    auto fitted = std::make_shared<std::unique_ptr<Step>>();
    auto get = [=]() -> const Step& {
      if (!*fitted) *fitted = std::make_unique<Step>(fit(subject, data()));
      return **fitted;
    };
    benchmark::RegisterBenchmark(("fit/" + suffix).c_str(),
                                 [=](benchmark::State& st) {
                                   for (auto _ : st) {
                                     Step s = fit(subject, data());
                                     benchmark::DoNotOptimize(s.is_fitted());
                                   }
                                 })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    // transform of the whole frame, input copy included (pandas copies too).
    benchmark::RegisterBenchmark(
        ("batch/" + suffix).c_str(),
        [=](benchmark::State& st) {
          const Step& step = get();
          const Frame& X = frame_of(subject, data());
          for (auto _ : st) {
            Frame out = step.transform(X);
            benchmark::DoNotOptimize(out.cols());
          }
          st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(X.rows()));
        })
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    // transform_row over the first 256 records, one at a time: the step's
    // share of a predict_one (allocation-free).
    benchmark::RegisterBenchmark(("record/" + suffix).c_str(), [=](benchmark::State& st) {
      const Step& step = get();
      const Frame& X = frame_of(subject, data());
      std::vector<std::vector<Value>> records;
      for (std::size_t r = 0; r < std::min<std::size_t>(256, X.rows()); ++r) records.push_back(record_of(X, r));
      std::vector<Value> buffer(2 * X.cols() + 64);
      std::size_t i = 0;
      for (auto _ : st) {
        const auto& rec = records[i++ % records.size()];
        std::copy(rec.begin(), rec.end(), buffer.begin());
        Row row(buffer, rec.size());
        step.transform_row(row);
        benchmark::DoNotOptimize(row.width());
      }
      st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
    })->UseRealTime();
  }
}

void register_all() {
  add<MinMaxScaler>("MinMaxScaler", {[](const Data& d) { return MinMaxScaler({.variables = d.scaled}); }});
  add<StandardScaler>("StandardScaler", {[](const Data& d) { return StandardScaler({.variables = d.scaled}); }});
  add<RobustScaler>("RobustScaler", {[](const Data& d) { return RobustScaler({.variables = d.scaled}); }});
  add<MaxAbsScaler>("MaxAbsScaler", {[](const Data& d) { return MaxAbsScaler({.variables = d.scaled}); }});
  add<MathFeatures>(
      "MathFeatures", {[](const Data& d) {
        return MathFeatures({.variables = d.math,
                             .func = {MathFunction::sum, MathFunction::mean, MathFunction::std, MathFunction::max},
                             .missing_values = MissingValues::ignore});
      }});
  add<RelativeFeatures>("RelativeFeatures", {[](const Data& d) {
                          return RelativeFeatures({.variables = d.rel_vars,
                                                   .reference = d.rel_refs,
                                                   .func = {RelativeFunction::sub, RelativeFunction::div},
                                                   .fill_value = 0.0});
                        }});
  add<CyclicalFeatures>("CyclicalFeatures",
                        {[](const Data& d) { return CyclicalFeatures({.variables = d.cyclical}); }});
  add<DropFeatures>("DropFeatures", {[](const Data& d) { return DropFeatures({.features_to_drop = d.dropped}); }});
  add<DropConstantFeatures>("DropConstantFeatures", {[](const Data&) {
                              return DropConstantFeatures({.tol = 0.98, .missing_values = ConstantMissing::ignore});
                            }});
  add<DropDuplicateFeatures>("DropDuplicateFeatures", {[](const Data&) { return DropDuplicateFeatures(); }});
  add<DropCorrelatedFeatures>("DropCorrelatedFeatures",
                              {[](const Data&) { return DropCorrelatedFeatures({.threshold = 0.8}); }});
  add<SelectByLasso>(
      "SelectByLasso",
      {[](const Data&) { return SelectByLasso({.lasso = {.alpha = 0.001, .random_state = 0u}}); }, true, true});
}

}  // namespace

int main(int argc, char** argv) {
  // glibc's malloc serves large blocks (a 200,000-row column is 1.6 MB) with
  // fresh mmap'd pages until a large block has been freed, after which it
  // raises its mmap and trim thresholds and reuses heap memory. A Python
  // process reaches that state while it loads its data; so does this one,
  // here, instead of on whichever benchmark happens to free a large block
  // first (otherwise every column copy of the early benchmarks would
  // page-fault 1.6 MB from the kernel).
  std::vector<double> warm(std::size_t{2} << 20, 1.0);  // 16 MB: below glibc's 32 MB cap on the threshold
  benchmark::DoNotOptimize(warm.data());
  warm = std::vector<double>();
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
