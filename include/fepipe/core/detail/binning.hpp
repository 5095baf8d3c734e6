#pragma once
/// @file
/// What every discretiser shares: pandas.cut's assignment rule (right-closed
/// intervals, the lowest edge included), pandas' interval label strings, the
/// edge checks, and the kernel that turns a numeric column (or one cell of a
/// record) into bin codes, code labels or interval labels.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// What a discretiser writes for each value.
enum class BinOutput : std::uint8_t {
  codes,        ///< the bin number as a number (feature-engine's int64 column)
  code_labels,  ///< the bin number as a label "0", "1", ... (return_object)
  intervals,    ///< pandas' interval label "(2.5, 5.0]" (return_boundaries)
};

inline BinOutput bin_output(bool return_object, bool return_boundaries) noexcept {
  // feature-engine checks return_boundaries first: it wins over return_object.
  if (return_boundaries) return BinOutput::intervals;
  return return_object ? BinOutput::code_labels : BinOutput::codes;
}

/// searchsorted(edges, x, side="left"): the number of edges below x (x not
/// NaN). Discretisers rarely have more than a few dozen edges: counting
/// them without branches beats a binary search's mispredictions.
inline std::size_t edges_below(std::span<const double> edges, double x) noexcept {
  if (edges.size() > 64)
    return static_cast<std::size_t>(std::lower_bound(edges.begin(), edges.end(), x) - edges.begin());
  std::size_t i = 0;
  for (double e : edges) i += e < x;
  return i;
}

/// pandas.cut(labels=False, include_lowest=True): the index i with
/// e[i] < x <= e[i+1], x == e[0] in bin 0, NaN outside [e[0], e[K]] or for NaN.
inline double bin_code(std::span<const double> edges, double x) noexcept {
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  std::size_t i = edges_below(edges, x);
  if (x == edges.front()) i = 1;
  if (i == 0 || i == edges.size()) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(i - 1);
}

/// numpy's power_of_ten (used by np.around): exact table up to 1e8, then
/// repeated multiplication by ten, as numpy computes it.
inline double numpy_power_of_ten(int n) noexcept {
  static constexpr std::array<double, 9> table{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  if (n < 9) return table[static_cast<std::size_t>(n)];
  double ret = 1e9;
  while (n-- > 9) ret *= 10.0;
  return ret;
}

/// np.around(x, decimals) for decimals >= 0: rint(x * 10^d) / 10^d,
/// ties to even as numpy's rint.
inline double numpy_around(double x, int decimals) noexcept {
  const double f = numpy_power_of_ten(decimals);
  return std::rint(x * f) / f;
}

/// pandas' _round_frac: rounds to `precision` decimals, or for |x| < 1 to
/// `precision` significant digits of the fraction.
inline double round_frac(double x, int precision) noexcept {
  if (!std::isfinite(x) || x == 0) return x;
  double whole;
  const double frac = std::modf(x, &whole);
  int digits = precision;
  if (whole == 0) digits = -static_cast<int>(std::floor(std::log10(std::fabs(frac)))) - 1 + precision;
  return numpy_around(x, digits);
}

/// pandas' _infer_precision: the first precision in [base, 19] whose rounded
/// edges are all distinct, or `base` when there is none.
inline int infer_label_precision(std::span<const double> edges, int base) {
  std::vector<double> levels(edges.size());
  for (int p = base; p < 20; ++p) {
    for (std::size_t i = 0; i < edges.size(); ++i) levels[i] = round_frac(edges[i], p);
    std::sort(levels.begin(), levels.end());
    if (std::adjacent_find(levels.begin(), levels.end()) == levels.end()) return p;
  }
  return base;
}

/// The labels pandas.cut(precision=..., include_lowest=True) gives the bins
/// of `edges`, e.g. "(-inf, 2.5]": edges rounded for display, the first one
/// lowered by 10^-precision (the interval is shown open but includes it).
inline std::vector<std::string> interval_labels(std::span<const double> edges, int precision) {
  const int p = infer_label_precision(edges, precision);
  std::vector<double> breaks(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) breaks[i] = round_frac(edges[i], p);
  if (!breaks.empty()) breaks[0] -= std::pow(10.0, -p);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i + 1 < breaks.size(); ++i) {
    // Appended piece by piece: GCC 12 misreads "(" + std::string&& as an
    // overflowing copy (-Wstringop-overflow) once inlined here.
    std::string label(1, '(');
    label += python_float_repr(breaks[i]);
    label += ", ";
    label += python_float_repr(breaks[i + 1]);
    label += ']';
    labels.push_back(std::move(label));
  }
  return labels;
}

/// numpy.linspace(start, stop, num) (num >= 2), value for value.
inline std::vector<double> numpy_linspace(double start, double stop, std::size_t num) {
  std::vector<double> y(num);
  const double div = static_cast<double>(num - 1);
  const double delta = stop - start;
  const double step = delta / div;
  for (std::size_t i = 0; i < num; ++i) {
    const double k = static_cast<double>(i);
    // numpy falls back to (i / div) * delta when the step underflows to 0.
    y[i] = (step == 0 ? (k / div) * delta : k * step) + start;
  }
  y[num - 1] = stop;
  return y;
}

/// pandas' duplicates="drop": order-preserving unique edges, applied only
/// when there are more than two edges.
inline void drop_duplicate_edges(std::vector<double>& edges) {
  if (edges.size() == 2) return;
  std::vector<double> out;
  out.reserve(edges.size());
  for (double e : edges)
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  edges = std::move(out);
}

/// Why `edges` cannot be a list of bin edges, or empty if they can: at least
/// two, no NaN, strictly increasing.
inline std::string edges_problem(std::span<const double> edges) {
  if (edges.size() < 2) return "needs at least two edges, got " + std::to_string(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (std::isnan(edges[i])) return "edge " + std::to_string(i) + " is NaN";
    if (i > 0 && !(edges[i - 1] < edges[i]))
      return "edges must increase strictly, but edge " + std::to_string(i) + " (" + python_float_repr(edges[i]) +
             ") follows " + python_float_repr(edges[i - 1]);
  }
  return {};
}

/// ParameterError unless 1 <= precision <= 19 (pandas searches display
/// precisions up to 19; beyond that a double has no more digits to show).
inline void check_label_precision(int precision, std::string_view step) {
  if (precision < 1 || precision > 19)
    throw_parameter(step, "precision must be between 1 and 19, got " + std::to_string(precision));
}

/// After loading: every variable's edges must be valid.
inline void check_loaded_edges(const Dict<std::vector<double>>& binner_dict, std::string_view step) {
  for (const auto& [var, edges] : binner_dict)
    if (auto why = edges_problem(edges); !why.empty())
      throw_model_format(std::string(step) + ": binner_dict_ of '" + var + "' " + why);
}

/// The derived state of a fitted discretiser (edges by variable position
/// and the output labels) and the per-value kernel both paths call.
class BinTable {
 public:
  BinTable() = default;
  BinTable(const Dict<std::vector<double>>& binner_dict, BinOutput output, int precision) : output_(output) {
    for (const auto& [var, edges] : binner_dict) {
      edges_.push_back(edges);
      std::vector<std::string> labels;
      if (output == BinOutput::intervals) {
        labels = interval_labels(edges, precision);
      } else if (output == BinOutput::code_labels) {
        for (std::size_t i = 0; i + 1 < edges.size(); ++i) labels.push_back(std::to_string(i));
      }
      labels_.push_back(std::move(labels));
    }
  }

  BinOutput output() const noexcept { return output_; }
  /// The labels of variable k's bins (empty for numeric codes).
  const std::vector<std::string>& labels(std::size_t k) const { return labels_[k]; }

  /// Replaces variable k's column by its bins. `raise_outside` turns a value
  /// outside the edges into a DataError (else it becomes missing).
  void transform_column(Frame& X, std::size_t k, std::size_t pos, std::string_view step, bool raise_outside) const {
    const std::span<const double> edges = edges_[k];
    if (output_ == BinOutput::codes) {
      auto v = X.column(pos).mutable_values();
      for (std::size_t r = 0; r < v.size(); ++r) {
        const double code = bin_code(edges, v[r]);
        if (std::isnan(code) && raise_outside) [[unlikely]]
          throw_outside(step, X.name(pos), value_at_row(v[r], r));
        v[r] = code;
      }
      return;
    }
    // Labels: codes in order of first appearance, so the dictionary holds
    // only the bins rows use, as a column read from text would.
    auto v = X.column(pos).values();
    std::vector<std::int32_t> new_code(edges.size(), Column::missing_code);
    std::vector<std::string> dictionary;
    std::vector<std::int32_t> codes(v.size());
    for (std::size_t r = 0; r < v.size(); ++r) {
      const double code = bin_code(edges, v[r]);
      if (std::isnan(code)) {
        if (raise_outside) throw_outside(step, X.name(pos), value_at_row(v[r], r));
        codes[r] = Column::missing_code;
        continue;
      }
      const auto b = static_cast<std::size_t>(code);
      if (new_code[b] < 0) {
        new_code[b] = static_cast<std::int32_t>(dictionary.size());
        dictionary.push_back(labels_[k][b]);
      }
      codes[r] = new_code[b];
    }
    X.column(pos) = Column::categorical(std::move(codes), std::move(dictionary));
  }

  /// The record path: one cell, same rule, labels viewed from this table.
  void transform_cell(Value& cell, std::size_t k, std::string_view step, std::string_view column,
                      bool raise_outside) const {
    const double x = cell_number(cell, step, column);
    if (!std::isfinite(x)) [[unlikely]]
      throw_data(step, column,
                 "value " + python_float_repr(x) + " is not finite (NaN and infinite values are not allowed here)");
    const double code = bin_code(edges_[k], x);
    if (std::isnan(code)) {
      if (raise_outside) throw_outside(step, column, "value " + python_float_repr(x));
      cell = output_ == BinOutput::codes ? Value(code) : Value::missing();
      return;
    }
    cell =
        output_ == BinOutput::codes ? Value(code) : Value(std::string_view(labels_[k][static_cast<std::size_t>(code)]));
  }

 private:
  [[noreturn]] FEPIPE_COLD static void throw_outside(std::string_view step, std::string_view column,
                                                     const std::string& what) {
    throw_data(step, column, what + " is outside the bin edges (errors = raise)");
  }

  BinOutput output_ = BinOutput::codes;
  std::vector<std::vector<double>> edges_;
  std::vector<std::vector<std::string>> labels_;
};

/// The batch transform of a discretiser: finite values only, then each
/// variable's column replaced by its bins.
inline void transform_bins(Frame& X, const BinTable& table, std::span<const std::size_t> positions,
                           std::string_view step, bool raise_outside) {
  require_finite(X, positions, step);
  for (std::size_t k = 0; k < positions.size(); ++k) table.transform_column(X, k, positions[k], step, raise_outside);
}

inline void transform_bins_row(Row& row, const BinTable& table, std::span<const std::size_t> positions,
                               std::span<const std::string> names, std::string_view step, bool raise_outside) {
  for (std::size_t k = 0; k < positions.size(); ++k)
    table.transform_cell(row[positions[k]], k, step, names[k], raise_outside);
}

}  // namespace detail
FEPIPE_NAMESPACE_END
