#pragma once
/// @file
/// LogTransformer — feature_engine.transformation.LogTransformer.

#include <array>
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

enum class LogBase : std::uint8_t { e, ten };
constexpr std::array<std::string_view, 2> enum_names(LogBase) { return {"e", "10"}; }

/// Replaces numeric variables by their natural or base-10 logarithm.
/// Values must be finite and strictly positive, at fit and at transform
/// (DataError naming the column, value and row).
///
/// Learns: `variables_`, `feature_names_in_` (nothing else is estimated).
class LogTransformer {
 public:
  struct Options {
    LogBase base = LogBase::e;
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(base), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "LogTransformer";
  static constexpr std::uint32_t serial_version = 1;

  LogTransformer() = default;
  explicit LogTransformer(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  LogTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    detail::check_numeric(X, fitted.positions, type_name, positive, why);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, positive, why, [&](std::size_t, double x) { return log(x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, positive, why,
                                    [&](std::size_t, double x) { return log(x); });
  }

  /// exp(x) or 10^x.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric(X, positions_, [&](std::size_t, double x) {
      return options_.base == LogBase::e ? std::exp(x) : std::pow(10.0, x);
    });
    return X;
  }

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
  static bool positive(double x) noexcept { return std::isfinite(x) && x > 0; }
  static std::string why(double x) { return detail::not_finite_or("is not positive (the log needs x > 0)", x); }
  double log(double x) const noexcept { return options_.base == LogBase::e ? std::log(x) : std::log10(x); }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<LogTransformer>);

FEPIPE_NAMESPACE_END
