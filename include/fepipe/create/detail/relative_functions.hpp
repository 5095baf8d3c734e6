#pragma once
/// @file
/// Binary operations as pandas applies them to float columns (numpy 1.24
/// ufuncs): floor division and modulo follow Python's sign rules (the result
/// of `%` takes the divisor's sign, `//` rounds toward −inf), computed the
/// way numpy's npy_divmod does so even ±inf, NaN and signed zeros agree.
/// One function serves the batch and the record path of RelativeFeatures.

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN

/// The operations RelativeFeatures offers (pandas' method names).
enum class RelativeFunction : std::uint8_t { add, sub, mul, div, truediv, floordiv, mod, pow };
constexpr std::array<std::string_view, 8> enum_names(RelativeFunction) {
  return {"add", "sub", "mul", "div", "truediv", "floordiv", "mod", "pow"};
}

namespace detail {

/// The operations for which a zero reference needs `fill_value`.
constexpr bool divides(RelativeFunction f) noexcept {
  return f == RelativeFunction::div || f == RelativeFunction::truediv || f == RelativeFunction::floordiv ||
         f == RelativeFunction::mod;
}

/// numpy's npy_divmod: the floored quotient and the remainder with the sign
/// of b. fmod is exact; the quotient is rebuilt from it and rounded.
struct FloorDivMod {
  double quotient;
  double remainder;
};
inline FloorDivMod floor_divmod(double a, double b) noexcept {
  double mod = std::fmod(a, b);
  if (b == 0.0) return {a / b, mod};
  double div = (a - mod) / b;
  if (mod != 0.0) {
    if ((b < 0.0) != (mod < 0.0)) {
      mod += b;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, b);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, a / b);
  }
  return {floordiv, mod};
}

/// `x <f> reference`, as pandas' `X[var].<f>(X[reference])` on one value.
inline double relative_function(RelativeFunction f, double x, double reference) noexcept {
  switch (f) {
    case RelativeFunction::add:
      return x + reference;
    case RelativeFunction::sub:
      return x - reference;
    case RelativeFunction::mul:
      return x * reference;
    case RelativeFunction::div:
    case RelativeFunction::truediv:
      return x / reference;
    case RelativeFunction::floordiv:
      return floor_divmod(x, reference).quotient;
    case RelativeFunction::mod:
      return floor_divmod(x, reference).remainder;
    case RelativeFunction::pow:
      return std::pow(x, reference);
  }
  return x;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
