// Batch transform throughput (rows/s) and single-record latency of every
// discretiser, variable transformer and outlier step (and the tree-based
// DecisionTreeEncoder), on House Prices (1460 rows) and a synthetic
// 200,000-row frame. tools/bench/discretise_transform_outlier_peer.py
// measures feature-engine 1.6.2 / pandas on the same data (the synthetic
// frame is built by the same formula) and prints the table of
// docs/benchmarks/discretise_transform_outlier.md.
//
//   discretise_transform_outlier_bench --benchmark_filter=batch    # or record, or a class name

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "fepipe/discretise/arbitrary_discretiser.hpp"
#include "fepipe/discretise/decision_tree_discretiser.hpp"
#include "fepipe/discretise/equal_frequency_discretiser.hpp"
#include "fepipe/discretise/equal_width_discretiser.hpp"
#include "fepipe/encode/decision_tree_encoder.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/outlier/arbitrary_outlier_capper.hpp"
#include "fepipe/outlier/outlier_trimmer.hpp"
#include "fepipe/outlier/winsorizer.hpp"
#include "fepipe/transform/arcsin_transformer.hpp"
#include "fepipe/transform/box_cox_transformer.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"

using namespace fepipe;

namespace {

// --- data ----------------------------------------------------------------------

/// One data set: positive numeric columns (every transformer's domain),
/// the same scaled into [0, 1] for ArcsinTransformer, categorical columns
/// for DecisionTreeEncoder, and a numeric target.
struct Data {
  Frame positive;
  Frame proportions;
  Frame categorical;
  Target y;
  std::vector<std::string> numeric;
};

Frame scaled_to_unit(const Frame& X) {
  Frame out(X.rows());
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const auto v = X.column(c).values();
    const double top = *std::max_element(v.begin(), v.end()) + 1.0;
    std::vector<double> p(v.size());
    for (std::size_t r = 0; r < v.size(); ++r) p[r] = v[r] / top;
    out.add(X.name(c), Column::numeric(std::move(p)));
  }
  return out;
}

const Data& house() {
  static const Data d = [] {
    const Frame raw = read_csv(FEPIPE_DATA_DIR "/houseprice.csv", {.kinds = {{"MSSubClass", Kind::categorical}}});
    Data out;
    out.numeric = {"LotArea", "GrLivArea", "1stFlrSF", "YearBuilt"};
    out.positive = raw.select(out.numeric);
    out.proportions = scaled_to_unit(out.positive);
    out.categorical = raw.select({"Neighborhood", "MSZoning", "HouseStyle", "MSSubClass"});
    const auto price = raw.numeric("SalePrice");
    out.y = Eigen::Map<const Eigen::VectorXd>(price.data(), static_cast<Eigen::Index>(price.size()));
    return out;
  }();
  return d;
}

// Cell (r, c) of the synthetic frame comes from splitmix64(r * 64 + c), the
// formula tools/bench/impute_encode_peer.py and its C++ benchmark use too.
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
    out.positive = Frame(n);
    out.categorical = Frame(n);
    std::vector<double> y(n, 0.0);
    for (std::uint64_t c = 0; c < 6; ++c) {
      std::vector<double> v(n);
      for (std::size_t r = 0; r < n; ++r) {
        const std::uint64_t h = splitmix64(r * 64 + c);
        v[r] = static_cast<double>(h % 1000000) / 100.0 + 1.0;  // in [1, 10001)
        y[r] += v[r] / 1000.0;
      }
      out.numeric.push_back("num" + std::to_string(c));
      out.positive.add(out.numeric.back(), Column::numeric(std::move(v)));
    }
    constexpr std::array<std::uint64_t, 3> cardinality{8, 30, 120};
    for (std::uint64_t c = 0; c < cardinality.size(); ++c) {
      std::vector<std::string> labels(cardinality[c]);
      // Appended, not "v" + std::string: GCC 12 misreads that as an
      // overlapping copy (-Wrestrict) once inlined here.
      for (std::size_t k = 0; k < labels.size(); ++k) (labels[k] = "v") += std::to_string(k);
      std::vector<std::int32_t> codes(n);
      for (std::size_t r = 0; r < n; ++r)
        codes[r] = static_cast<std::int32_t>((splitmix64(r * 64 + 6 + c) >> 8) % cardinality[c]);
      out.categorical.add("cat" + std::to_string(c), Column::categorical(std::move(codes), labels));
    }
    out.proportions = scaled_to_unit(out.positive);
    out.y = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(n));
    return out;
  }();
  return d;
}

// --- measurements ---------------------------------------------------------------

/// Transform of the whole frame, input copy included (pandas' transform
/// copies too): rows/s.
template <class Step>
void batch(benchmark::State& state, const Step& step, const Frame& X) {
  for (auto _ : state) {
    Frame out = step.transform(X);
    benchmark::DoNotOptimize(out.cols());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(X.rows()));
}

/// transform_row over the frame's first 256 records that the step accepts
/// (OutlierTrimmer refuses outliers), one at a time.
template <class Step>
void record(benchmark::State& state, const Step& step, const Frame& X) {
  std::vector<std::vector<Value>> records;
  std::vector<Value> buffer(4 * X.cols() + 16);
  for (std::size_t r = 0; r < X.rows() && records.size() < 256; ++r) {
    std::vector<Value> rec;
    for (std::size_t c = 0; c < X.cols(); ++c) {
      const Column& col = X.column(c);
      rec.push_back(col.is_numeric() ? Value(col.values()[r]) : Value(col.label(col.codes()[r])));
    }
    std::copy(rec.begin(), rec.end(), buffer.begin());
    Row row(buffer, rec.size());
    try {
      step.transform_row(row);
      records.push_back(std::move(rec));
    } catch (const Error&) {
    }
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& rec = records[i++ % records.size()];
    std::copy(rec.begin(), rec.end(), buffer.begin());
    Row row(buffer, rec.size());
    step.transform_row(row);
    benchmark::DoNotOptimize(row.width());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

enum class Input { positive, proportions, categorical };

const Frame& input(const Data& d, Input which) {
  switch (which) {
    case Input::positive:
      return d.positive;
    case Input::proportions:
      return d.proportions;
    case Input::categorical:
      return d.categorical;
  }
  return d.positive;
}

/// Registers batch/<Class>/<data> and record/<Class>/<data> for a step made
/// by `make(data)` and fitted on the chosen frame (with the target).
template <class Step, class Make>
void add(const std::string& name, Input which, Make make) {
  const std::array<std::pair<const char*, const Data& (*)()>, 2> sets{
      {{"house", &house}, {"synthetic200k", &synthetic}}};
  for (const auto& [set, data] : sets) {
    auto fitted = [data, make, which]() -> const Step& {
      static std::deque<std::pair<const Data*, Step>> cache;  // one fit per data set; stable references
      for (const auto& [d, s] : cache)
        if (d == &data()) return s;
      Step s = make(data());
      s.fit(input(data(), which), &data().y);
      cache.emplace_back(&data(), std::move(s));
      return cache.back().second;
    };
    benchmark::RegisterBenchmark(("batch/" + name + "/" + set).c_str(),
                                 [=](benchmark::State& st) { batch(st, fitted(), input(data(), which)); })
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("record/" + name + "/" + set).c_str(), [=](benchmark::State& st) {
      record(st, fitted(), input(data(), which));
    })->UseRealTime();
  }
}

void register_all() {
  using I = Input;
  add<EqualFrequencyDiscretiser>("EqualFrequencyDiscretiser", I::positive,
                                 [](const Data&) { return EqualFrequencyDiscretiser(); });
  add<EqualWidthDiscretiser>("EqualWidthDiscretiser", I::positive, [](const Data&) { return EqualWidthDiscretiser(); });
  add<ArbitraryDiscretiser>("ArbitraryDiscretiser", I::proportions, [](const Data& d) {
    // Quarters of [0, 1] for the first two variables.
    Dict<std::vector<double>> bins;
    for (std::size_t k = 0; k < 2; ++k) bins.insert_or_assign(d.numeric[k], {0.0, 0.25, 0.5, 0.75, 1.0});
    return ArbitraryDiscretiser({.binning_dict = bins});
  });
  add<DecisionTreeDiscretiser>("DecisionTreeDiscretiser", I::positive,
                               [](const Data&) { return DecisionTreeDiscretiser(); });
  add<LogCpTransformer>("LogCpTransformer", I::positive, [](const Data&) { return LogCpTransformer(); });
  add<ReciprocalTransformer>("ReciprocalTransformer", I::positive, [](const Data&) { return ReciprocalTransformer(); });
  add<PowerTransformer>("PowerTransformer", I::positive, [](const Data&) { return PowerTransformer(); });
  add<BoxCoxTransformer>("BoxCoxTransformer", I::positive, [](const Data&) { return BoxCoxTransformer(); });
  add<YeoJohnsonTransformer>("YeoJohnsonTransformer", I::positive, [](const Data&) { return YeoJohnsonTransformer(); });
  add<ArcsinTransformer>("ArcsinTransformer", I::proportions, [](const Data&) { return ArcsinTransformer(); });
  add<Winsorizer>("Winsorizer", I::positive, [](const Data&) { return Winsorizer({.tail = Tail::both}); });
  add<OutlierTrimmer>("OutlierTrimmer", I::positive, [](const Data&) {
    return OutlierTrimmer({.capping_method = CappingMethod::iqr, .tail = Tail::both});
  });
  add<ArbitraryOutlierCapper>("ArbitraryOutlierCapper", I::proportions, [](const Data& d) {
    return ArbitraryOutlierCapper(
        {.max_capping_dict = {{d.numeric[0], 0.5}}, .min_capping_dict = {{d.numeric[1], 0.1}}});
  });
  add<DecisionTreeEncoder>("DecisionTreeEncoder", I::categorical, [](const Data&) { return DecisionTreeEncoder(); });
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
