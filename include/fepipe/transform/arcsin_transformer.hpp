#pragma once
/// @file
/// ArcsinTransformer — feature_engine.transformation.ArcsinTransformer.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/transform/detail/value_transformer.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces proportions by arcsin(sqrt(x)), the variance-stabilising
/// transform of binomial proportions. Values must lie in [0, 1], at fit and
/// at transform (DataError naming the column, value and row). The inverse
/// is sin(y)².
///
/// Learns: `variables_`, `feature_names_in_` (nothing is estimated).
class ArcsinTransformer : public detail::ValueTransformer<ArcsinTransformer> {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "ArcsinTransformer";
  static constexpr std::uint32_t serial_version = 1;

  ArcsinTransformer() = default;
  explicit ArcsinTransformer(Options options) : options_(std::move(options)) { validate(); }

  ArcsinTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) { return adopt(fit_domain(X)); }

  /// sin(y)².
  Frame inverse_transform(Frame X) const {
    return map_finite(std::move(X), [](std::size_t, double y) {
      const double s = std::sin(y);
      return s * s;
    });
  }

 private:
  friend class detail::ValueTransformer<ArcsinTransformer>;

  static bool in_domain(std::size_t, double x) noexcept { return x >= 0 && x <= 1; }  // false for NaN
  static std::string why(std::size_t, double x) {
    return detail::not_finite_or("is outside [0, 1] (arcsin needs a proportion)", x);
  }
  static double apply(std::size_t, double x) noexcept { return std::asin(std::sqrt(x)); }

  Options options_;
};

static_assert(RowTransformer<ArcsinTransformer>);

FEPIPE_NAMESPACE_END
