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
#include "fepipe/transform/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces numeric variables by their reciprocal 1/x. Values must be
/// finite and non-zero, at fit and at transform (DataError naming the
/// column, value and row). The transform is its own inverse.
///
/// Learns: `variables_`, `feature_names_in_` (nothing is estimated).
class ReciprocalTransformer {
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
  explicit ReciprocalTransformer(Options options) : options_(std::move(options)) {
    options_.variables.validate(type_name);
  }

  ReciprocalTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    detail::check_numeric(X, fitted.positions, type_name, non_zero, why);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, non_zero, why, reciprocal);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, non_zero, why, reciprocal);
  }

  /// 1/y again (the reciprocal is an involution).
  Frame inverse_transform(Frame X) const { return transform(std::move(X)); }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  static bool non_zero(double x) noexcept { return std::isfinite(x) && x != 0; }
  static std::string why(double x) { return detail::not_finite_or("is zero (the reciprocal needs x != 0)", x); }
  static double reciprocal(std::size_t, double x) noexcept { return 1.0 / x; }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<ReciprocalTransformer>);

FEPIPE_NAMESPACE_END
