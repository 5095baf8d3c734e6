#pragma once
/// @file
/// ReciprocalTransformer — feature_engine.transformation.ReciprocalTransformer.

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

/// Replaces numeric variables by their reciprocal 1/x. Values must be
/// finite and non-zero, at fit and at transform (DataError naming the
/// column, value and row). The transform is its own inverse.
///
/// Learns: `variables_`, `feature_names_in_` (nothing is estimated).
class ReciprocalTransformer : public detail::ValueTransformer<ReciprocalTransformer> {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "ReciprocalTransformer";
  static constexpr std::uint32_t serial_version = 1;

  ReciprocalTransformer() = default;
  explicit ReciprocalTransformer(Options options) : options_(std::move(options)) { validate(); }

  ReciprocalTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) { return adopt(fit_domain(X)); }

  /// 1/y again (the reciprocal is an involution).
  Frame inverse_transform(Frame X) const { return transform(std::move(X)); }

 private:
  friend class detail::ValueTransformer<ReciprocalTransformer>;

  static bool in_domain(std::size_t, double x) noexcept { return std::isfinite(x) && x != 0; }
  static std::string why(std::size_t, double x) {
    return detail::not_finite_or("is zero (the reciprocal needs x != 0)", x);
  }
  static double apply(std::size_t, double x) noexcept { return 1.0 / x; }

  Options options_;
};

static_assert(RowTransformer<ReciprocalTransformer>);

FEPIPE_NAMESPACE_END
