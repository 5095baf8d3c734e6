#pragma once
/// @file
/// Shared by the scikit-learn scalers: variable resolution (numeric columns,
/// automatic = all of them), scikit-learn's input rule (NaN passes, ±inf is
/// rejected) and its zero-scale rule.

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

struct ScalerFit {
  Schema schema;
  std::vector<std::string> variables;
  std::vector<std::size_t> positions;
};

// A function object, not a function: check_numeric gets its type and
// inlines the test into its loop (a function's reference was called once
// per value, 3% of `fepipe predict`'s time).
inline constexpr auto not_infinite = [](double x) noexcept { return !std::isinf(x); };
inline std::string infinite_reason(double) { return "is infinite (scikit-learn scalers accept NaN, not inf)"; }

inline ScalerFit fit_scaler_variables(const Frame& X, const Variables& vars, bool return_empty, std::string_view step) {
  ScalerFit out;
  out.schema = fit_schema(X, step);
  out.variables = resolve_variables(X, vars, step, {.type = VariableType::numeric, .return_empty = return_empty});
  out.positions = positions_in(out.schema, out.variables, step);
  check_numeric(X, out.positions, step, not_infinite, infinite_reason);
  return out;
}

/// scikit-learn's `_handle_zeros_in_scale` without a constant mask: scales
/// below 10·eps become 1 so constant features pass through unscaled.
inline double handle_zero_scale(double scale) noexcept {
  return scale < 10.0 * std::numeric_limits<double>::epsilon() ? 1.0 : scale;
}

/// After loading: the per-variable arrays must match the variables.
inline void check_lengths(std::size_t n, std::string_view step, std::initializer_list<std::size_t> sizes) {
  for (std::size_t s : sizes)
    if (s != n) throw_model_format(std::string(step) + ": learned arrays do not match variables_");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
