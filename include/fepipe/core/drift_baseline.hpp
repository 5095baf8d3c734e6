#pragma once
/// @file
/// DriftBaseline: what a pipeline's input looked like at fit, recorded per
/// input column so that live inputs can be compared with it later
/// (fepipe/drift/monitor.hpp, `fepipe drift`, the server's /drift).
///
/// Per column, over the rows the pipeline was fitted on:
/// - every column: the row count and the missing count (NaN for numbers, a
///   missing label for categories);
/// - numeric: over the present values — min, max, mean and standard
///   deviation (numpy's: pairwise sums, ddof 0), the quantiles at
///   `drift_quantile_levels` (numpy's linear method) as bin edges, and the
///   count of values in each bin: bin 0 is (-inf, e0], bin k is
///   (e(k-1), e(k)], the last is (e10, +inf). So the training CDF is known
///   exactly at every edge, which is what the Kolmogorov-Smirnov statistic
///   against live data is evaluated on. ±inf values count in the end bins
///   and are left out of min/max/mean/std/quantiles (which must be finite in
///   a model file);
/// - categorical: each category seen, with its count, most frequent first
///   (ties in order of first appearance); beyond `drift_max_categories`
///   categories the rest are one `other_count` (an ID-like column must not
///   make the file grow with the data).
///
/// A model file stores the baseline with the pipeline (Pipeline and
/// DynamicPipeline serial version 2); files of version 1 load without one.
/// `check` re-validates a loaded baseline against the pipeline's input
/// schema: names and kinds in order, counts consistent, edges finite and
/// sorted, so a monitor built from a file can never index outside it.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"

FEPIPE_NAMESPACE_BEGIN

/// The quantile levels whose values are a numeric column's bin edges: 1 %,
/// the deciles and 99 %.
inline constexpr std::array<double, 11> drift_quantile_levels = {0.01, 0.1, 0.2, 0.3, 0.4, 0.5,
                                                                  0.6,  0.7, 0.8, 0.9, 0.99};
/// Numeric bins per column: one more than the edges.
inline constexpr std::size_t drift_numeric_bins = drift_quantile_levels.size() + 1;
/// Most categories a column's baseline keeps by name.
inline constexpr std::size_t drift_max_categories = 1000;

/// One input column's training distribution.
struct DriftColumnBaseline {
  std::string name;
  Kind kind = Kind::numeric;
  std::uint64_t count = 0;    ///< rows at fit
  std::uint64_t missing = 0;  ///< of which missing

  // Numeric columns (present values; all zero and `edges` empty when every
  // value was missing).
  double min = 0.0;
  double max = 0.0;
  double mean = 0.0;
  double stddev = 0.0;  ///< ddof 0
  std::vector<double> edges;              ///< drift_quantile_levels.size() values, ascending
  std::vector<std::uint64_t> bin_counts;  ///< edges.size() + 1 counts (empty with edges)

  // Categorical columns.
  std::vector<std::string> categories;         ///< most frequent first
  std::vector<std::uint64_t> category_counts;  ///< one per category, > 0
  std::uint64_t other_count = 0;               ///< present values of categories not kept by name

  /// Present (non-missing) values at fit.
  std::uint64_t present() const noexcept { return count - missing; }

  /// The bin of a present numeric value: the number of edges below it.
  /// (x <= e0 is bin 0; x > e10 is the last bin.)
  std::size_t bin_of(double x) const noexcept {
    return static_cast<std::size_t>(std::lower_bound(edges.begin(), edges.end(), x) - edges.begin());
  }

  static constexpr std::uint32_t serial_version = 1;
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(FEPIPE_NVP(name), FEPIPE_NVP(kind), FEPIPE_NVP(count), FEPIPE_NVP(missing), FEPIPE_NVP(min), FEPIPE_NVP(max),
       FEPIPE_NVP(mean), FEPIPE_NVP(stddev), FEPIPE_NVP(edges), FEPIPE_NVP(bin_counts), FEPIPE_NVP(categories),
       FEPIPE_NVP(category_counts), FEPIPE_NVP(other_count));
  }
};

/// Every input column's training distribution, in input-schema order.
struct DriftBaseline {
  std::vector<DriftColumnBaseline> columns;

  bool empty() const noexcept { return columns.empty(); }

  /// Records the distribution of every column of X (in X's order).
  static DriftBaseline fit(const Frame& X) {
    DriftBaseline b;
    b.columns.reserve(X.cols());
    for (std::size_t c = 0; c < X.cols(); ++c) b.columns.push_back(fit_column(X.name(c), X.column(c)));
    return b;
  }

  /// Checks a loaded baseline against the input schema it was recorded on
  /// (same names and kinds in the same order) and for internal consistency;
  /// a ModelFormatError names the column and what is wrong.
  void check(const Schema& input) const {
    if (columns.size() != input.size())
      detail::throw_model_format("drift baseline: " + std::to_string(columns.size()) + " columns for an input of " +
                                 std::to_string(input.size()));
    for (std::size_t i = 0; i < columns.size(); ++i) check_column(columns[i], input[i]);
  }

  static constexpr std::uint32_t serial_version = 1;
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(FEPIPE_NVP(columns));
  }

 private:
  static DriftColumnBaseline fit_column(const std::string& name, const Column& col) {
    DriftColumnBaseline b;
    b.name = name;
    b.kind = col.kind();
    b.count = col.size();
    if (col.is_numeric()) {
      fit_numeric(b, col.values());
    } else {
      fit_categorical(b, col);
    }
    return b;
  }

  static void fit_numeric(DriftColumnBaseline& b, std::span<const double> x) {
    std::vector<double> finite;
    finite.reserve(x.size());
    std::uint64_t below = 0;  // -inf
    std::uint64_t above = 0;  // +inf
    for (double v : x) {
      if (std::isnan(v))
        ++b.missing;
      else if (std::isfinite(v))
        finite.push_back(v);
      else
        ++(v < 0 ? below : above);
    }
    if (finite.empty()) {
      if (below + above > 0) {  // only infinite values: one edge-less histogram is not enough
        b.edges.assign(drift_quantile_levels.size(), 0.0);
        b.bin_counts.assign(drift_numeric_bins, 0);
        b.bin_counts.front() = below;
        b.bin_counts.back() = above;
      }
      return;
    }
    b.mean = detail::pairwise_sum(finite) / static_cast<double>(finite.size());
    b.stddev = std::sqrt(detail::nan_variance(finite, 0));
    std::sort(finite.begin(), finite.end());
    b.min = finite.front();
    b.max = finite.back();
    b.edges.reserve(drift_quantile_levels.size());
    for (double q : drift_quantile_levels) b.edges.push_back(detail::linear_quantile_sorted(finite, q));
    b.bin_counts.assign(drift_numeric_bins, 0);
    // Sorted values: each bin is a run, found by bisection on the edges.
    std::size_t start = 0;
    for (std::size_t k = 0; k < b.edges.size(); ++k) {
      const auto end = static_cast<std::size_t>(
          std::upper_bound(finite.begin() + static_cast<std::ptrdiff_t>(start), finite.end(), b.edges[k]) -
          finite.begin());
      b.bin_counts[k] = end - start;
      start = end;
    }
    b.bin_counts.back() = finite.size() - start;
    b.bin_counts.front() += below;
    b.bin_counts.back() += above;
  }

  static void fit_categorical(DriftColumnBaseline& b, const Column& col) {
    const auto& labels = col.labels();
    std::vector<std::uint64_t> counts(labels.size(), 0);
    std::vector<std::size_t> first(labels.size(), col.size());
    const auto codes = col.codes();
    for (std::size_t r = 0; r < codes.size(); ++r) {
      const std::int32_t code = codes[r];
      if (code < 0) {
        ++b.missing;
        continue;
      }
      const auto k = static_cast<std::size_t>(code);
      if (counts[k]++ == 0) first[k] = r;
    }
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < labels.size(); ++k)
      if (counts[k] > 0) order.push_back(k);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
      return counts[a] != counts[c] ? counts[a] > counts[c] : first[a] < first[c];
    });
    const std::size_t kept = std::min(order.size(), drift_max_categories);
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (i < kept) {
        b.categories.push_back(labels[order[i]]);
        b.category_counts.push_back(counts[order[i]]);
      } else {
        b.other_count += counts[order[i]];
      }
    }
  }

  static void check_column(const DriftColumnBaseline& b, const ColumnSpec& spec) {
    auto bad = [&](const std::string& what) {
      detail::throw_model_format("drift baseline of column " + detail::quote_label(b.name) + ": " + what);
    };
    if (b.name != spec.name)
      bad("the input column at its place is " + detail::quote_label(spec.name));
    if (b.kind != spec.kind) bad("it is " + std::string(to_string(b.kind)) + ", the input column is " +
                                 std::string(to_string(spec.kind)));
    if (b.missing > b.count) bad("missing " + std::to_string(b.missing) + " > count " + std::to_string(b.count));
    if (b.kind == Kind::numeric) {
      if (!b.categories.empty() || !b.category_counts.empty() || b.other_count != 0) bad("numeric with categories");
      if (b.edges.empty() != b.bin_counts.empty()) bad("edges and bin counts disagree");
      if (b.edges.empty()) {
        if (b.present() != 0) bad("present values but no edges");
        return;
      }
      if (b.edges.size() != drift_quantile_levels.size() || b.bin_counts.size() != drift_numeric_bins)
        bad(std::to_string(b.edges.size()) + " edges and " + std::to_string(b.bin_counts.size()) + " bins");
      for (double v : b.edges)
        if (!std::isfinite(v)) bad("an edge is not finite");
      for (double v : {b.min, b.max, b.mean, b.stddev})
        if (!std::isfinite(v)) bad("min, max, mean or stddev is not finite");
      if (!std::is_sorted(b.edges.begin(), b.edges.end())) bad("edges are not ascending");
      if (!(b.min <= b.max) || !(b.stddev >= 0.0)) bad("min > max or stddev < 0");
      if (sum(b.bin_counts) != b.present()) bad("bin counts do not add up to the present values");
    } else {
      if (!b.edges.empty() || !b.bin_counts.empty()) bad("categorical with numeric bins");
      if (b.categories.size() != b.category_counts.size()) bad("categories and counts disagree");
      if (b.categories.size() > drift_max_categories) bad("more than " + std::to_string(drift_max_categories) + " categories");
      if (auto d = detail::first_duplicate(b.categories)) bad("lists " + detail::quote_label(*d) + " twice");
      for (std::uint64_t n : b.category_counts)
        if (n == 0) bad("a category with count 0");
      if (sum(b.category_counts) + b.other_count != b.present())
        bad("category counts do not add up to the present values");
    }
  }

  static std::uint64_t sum(const std::vector<std::uint64_t>& v) {
    std::uint64_t s = 0;
    for (std::uint64_t n : v) {
      if (n > UINT64_MAX - s) detail::throw_model_format("drift baseline: counts overflow");
      s += n;
    }
    return s;
  }
};

/// While alive on a thread, pipelines fitted on that thread record no drift
/// baseline. Model selection fits a pipeline per candidate and fold only to
/// score it and throw it away; the baseline (a sort of every numeric input
/// column) was a sixth of such a fit. Models that are kept (refits,
/// return_estimator) are fitted outside it and have their baseline.
class SkipDriftBaseline {
 public:
  SkipDriftBaseline() noexcept : previous_(active()) { active() = true; }
  ~SkipDriftBaseline() { active() = previous_; }
  SkipDriftBaseline(const SkipDriftBaseline&) = delete;
  SkipDriftBaseline& operator=(const SkipDriftBaseline&) = delete;
  static bool skipped() noexcept { return active(); }

 private:
  static bool& active() noexcept {
    thread_local bool on = false;
    return on;
  }
  bool previous_;
};

FEPIPE_NAMESPACE_END
