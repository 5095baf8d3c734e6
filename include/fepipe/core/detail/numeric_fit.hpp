#pragma once
/// @file
/// The fit-time bookkeeping of feature-engine's numerical transformers
/// (BaseNumericalTransformer): numeric variables only, and no NaN or ±inf in
/// them at fit (nor at transform, checked by the classes' kernels).

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

struct NumericFit {
  Schema schema;
  std::vector<std::string> variables;
  std::vector<std::size_t> positions;
};

inline NumericFit fit_numeric_variables(const Frame& X, const Variables& vars, bool return_empty,
                                        std::string_view step) {
  NumericFit out;
  out.schema = fit_schema(X, step);
  out.variables = resolve_variables(X, vars, step, {.type = VariableType::numeric, .return_empty = return_empty});
  out.positions = positions_in(out.schema, out.variables, step);
  require_finite(X, out.positions, step);
  return out;
}

/// " is not finite" / " is not positive" style reasons for DataErrors.
inline std::string not_finite_or(std::string_view otherwise, double x) {
  return std::isfinite(x) ? std::string(otherwise) : std::string("is not finite (NaN and infinite values are not allowed)");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
