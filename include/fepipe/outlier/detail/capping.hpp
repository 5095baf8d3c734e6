#pragma once
/// @file
/// What the outlier steps share: the capping options (method, tail, fold),
/// the caps feature-engine's Winsorizer and OutlierTrimmer learn, and the
/// per-value kernels (clip to the caps, or test that a value lies inside
/// them) used by both the batch and the single-record path.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
// MissingValues (raise | ignore) is shared with the encoders.
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How the caps are derived from the training data.
enum class CappingMethod : std::uint8_t {
  gaussian,   ///< mean ± fold · std (population std, ddof 0)
  iqr,        ///< Q75 + fold · IQR, Q25 − fold · IQR
  quantiles,  ///< the (1 − fold) and fold quantiles
  mad,        ///< median ± fold · MAD / 0.67449
};
constexpr std::array<std::string_view, 4> enum_names(CappingMethod) { return {"gaussian", "iqr", "quantiles", "mad"}; }

/// Which end(s) of the distribution are capped.
enum class Tail : std::uint8_t { right, left, both };
constexpr std::array<std::string_view, 3> enum_names(Tail) { return {"right", "left", "both"}; }

namespace detail {

inline bool has_right(Tail t) noexcept { return t != Tail::left; }
inline bool has_left(Tail t) noexcept { return t != Tail::right; }

/// feature-engine 1.9's fold='auto': the conventional multiplier (or tail
/// fraction) of each method.
inline double auto_fold(CappingMethod m) noexcept {
  switch (m) {
    case CappingMethod::gaussian:
      return 3.0;
    case CappingMethod::iqr:
      return 1.5;
    case CappingMethod::quantiles:
      return 0.05;
    case CappingMethod::mad:
      return 3.29;
  }
  return 3.0;
}

/// ParameterError for a fold that is not a positive number, or above 0.2
/// with the quantiles method (it is then the fraction cut from each tail).
inline void validate_fold(std::optional<double> fold, CappingMethod method, std::string_view step) {
  if (!fold) return;
  if (!std::isfinite(*fold) || *fold <= 0)
    throw_parameter(step, "fold must be a positive number (or unset for 'auto'), got " + python_float_repr(*fold));
  if (method == CappingMethod::quantiles && *fold > 0.2)
    throw_parameter(step,
                    "with capping_method = quantiles, fold is the fraction cut from each tail and must be at most "
                    "0.2, got " +
                        python_float_repr(*fold));
}

/// pandas' DataFrame.quantile(q): numpy's linear percentile at q·100, which
/// numpy divides by 100 again (not always giving back q's exact bits).
inline double pandas_quantile(std::span<const double> sorted, double q) {
  return linear_quantile_sorted(sorted, (q * 100.0) / 100.0);
}

struct Caps {
  double right = std::numeric_limits<double>::quiet_NaN();
  double left = std::numeric_limits<double>::quiet_NaN();
};

/// The caps of one variable, as feature-engine's WinsorizerBase.fit
/// computes them (NaN skipped). DataError naming the column when there is
/// nothing to learn from, the spread is zero, or a cap is not finite.
inline Caps learn_caps(std::span<const double> x, CappingMethod method, Tail tail, double fold, std::string_view step,
                       std::string_view column) {
  const std::vector<double> sorted = sorted_non_nan(x);
  if (sorted.empty()) throw_data(step, column, "has no non-missing values to learn the caps from");
  double centre_right = 0, centre_left = 0, scale = 0;  // cap = centre ± fold · scale
  bool from_quantiles = false;
  switch (method) {
    case CappingMethod::gaussian:
      centre_right = centre_left = nan_mean(x);
      scale = std::sqrt(nan_variance(x, 0));
      break;
    case CappingMethod::iqr:
      centre_right = pandas_quantile(sorted, 0.75);
      centre_left = pandas_quantile(sorted, 0.25);
      scale = centre_right - centre_left;
      break;
    case CappingMethod::quantiles:
      centre_right = pandas_quantile(sorted, 1.0 - fold);
      centre_left = pandas_quantile(sorted, fold);
      scale = centre_right - centre_left;
      from_quantiles = true;
      break;
    case CappingMethod::mad: {
      const double median = median_sorted(sorted);
      std::vector<double> deviation(sorted.size());
      for (std::size_t i = 0; i < sorted.size(); ++i) deviation[i] = std::fabs(sorted[i] - median);
      std::sort(deviation.begin(), deviation.end());
      centre_right = centre_left = median;
      scale = median_sorted(deviation) / 0.67449;
      break;
    }
  }
  if (scale == 0)
    throw_data(
        step, column,
        "has low variation for capping_method = " + std::string(enum_names(method)[static_cast<std::size_t>(method)]) +
            " (its spread is 0); try another capping method or drop the column");
  auto finite_cap = [&](double cap, const char* which) {
    if (!std::isfinite(cap))
      throw_data(step, column,
                 std::string("learned a ") + which + " cap of " + python_float_repr(cap) +
                     " (the column holds infinite values; impute or drop them first)");
    return cap;
  };
  Caps caps;
  if (has_right(tail)) caps.right = finite_cap(from_quantiles ? centre_right : centre_right + fold * scale, "right");
  if (has_left(tail)) caps.left = finite_cap(from_quantiles ? centre_left : centre_left - fold * scale, "left");
  return caps;
}

/// What Winsorizer and OutlierTrimmer learn.
struct CapFit {
  Schema schema;
  std::vector<std::string> variables;
  std::vector<std::size_t> positions;
  Dict<double> right_tail_caps;
  Dict<double> left_tail_caps;
  double fold = 0;
};

/// WinsorizerBase.fit for an Options struct with capping_method, tail,
/// fold, variables, return_empty and missing_values.
template <class Options>
CapFit fit_caps(const Frame& X, const Options& o, std::string_view step) {
  CapFit out;
  out.schema = fit_schema(X, step);
  out.variables =
      resolve_variables(X, o.variables, step, {.type = VariableType::numeric, .return_empty = o.return_empty});
  out.positions = positions_in(out.schema, out.variables, step);
  if (o.missing_values == MissingValues::raise) require_finite(X, out.positions, step);
  out.fold = o.fold ? *o.fold : auto_fold(o.capping_method);
  for (std::size_t k = 0; k < out.positions.size(); ++k) {
    const Caps caps =
        learn_caps(X.column(out.positions[k]).values(), o.capping_method, o.tail, out.fold, step, out.variables[k]);
    if (has_right(o.tail)) out.right_tail_caps.insert_or_assign(out.variables[k], caps.right);
    if (has_left(o.tail)) out.left_tail_caps.insert_or_assign(out.variables[k], caps.left);
  }
  return out;
}

/// Per variable position, the upper and lower cap (±inf where a tail is not
/// capped): the derived state behind the clip and inside kernels.
class CapTable {
 public:
  CapTable() = default;
  CapTable(std::span<const std::string> variables, const Dict<double>& right, const Dict<double>& left) {
    for (const auto& var : variables) {
      auto r = right.find(var);
      auto l = left.find(var);
      upper_.push_back(r != right.end() ? r->second : std::numeric_limits<double>::infinity());
      lower_.push_back(l != left.end() ? l->second : -std::numeric_limits<double>::infinity());
    }
  }

  /// pandas clip(upper) then clip(lower); NaN stays NaN.
  double clip(std::size_t k, double x) const noexcept {
    if (x > upper_[k]) x = upper_[k];
    if (x < lower_[k]) x = lower_[k];
    return x;
  }
  /// Kept by OutlierTrimmer: x <= upper and x >= lower (false for NaN).
  bool inside(std::size_t k, double x) const noexcept { return x <= upper_[k] && x >= lower_[k]; }
  double upper(std::size_t k) const noexcept { return upper_[k]; }
  double lower(std::size_t k) const noexcept { return lower_[k]; }

 private:
  std::vector<double> upper_, lower_;
};

/// The value of a record's cell for an outlier step: a number, finite when
/// missing_values = raise.
inline double outlier_cell(const Value& cell, MissingValues missing, std::string_view step, std::string_view column) {
  const double x = cell_number(cell, step, column);
  if (missing == MissingValues::raise && !std::isfinite(x)) [[unlikely]]
    throw_data(
        step, column,
        "value " + python_float_repr(x) + ": NaN and infinite values are not allowed here (missing_values = raise)");
  return x;
}

/// After loading: a caps dict must hold a finite cap for exactly the
/// variables it should (all of them, or none when the tail is not capped).
inline void check_loaded_caps(const Dict<double>& caps, std::span<const std::string> variables, bool expected,
                              std::string_view step, std::string_view name) {
  check_dict_keys(caps, expected ? variables : std::span<const std::string>(), step, name);
  for (const auto& [var, cap] : caps)
    if (!std::isfinite(cap))
      throw_model_format(std::string(step) + ": " + std::string(name) + " of '" + var + "' is not finite");
}

/// After loading a Winsorizer or OutlierTrimmer: caps for exactly the
/// capped tails, a positive fold once fitted.
inline void check_loaded_fit(const Dict<double>& right, const Dict<double>& left, double fold,
                             std::span<const std::string> variables, Tail tail, bool fitted, std::string_view step) {
  check_loaded_caps(right, variables, has_right(tail), step, "right_tail_caps_");
  check_loaded_caps(left, variables, has_left(tail), step, "left_tail_caps_");
  if (fitted && !(std::isfinite(fold) && fold > 0))
    throw_model_format(std::string(step) + ": fold_ is not a positive number");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
