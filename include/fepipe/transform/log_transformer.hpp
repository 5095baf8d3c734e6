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
#include "fepipe/transform/detail/value_transformer.hpp"

FEPIPE_NAMESPACE_BEGIN

enum class LogBase : std::uint8_t { e, ten };
constexpr std::array<std::string_view, 2> enum_names(LogBase) { return {"e", "10"}; }

/// Replaces numeric variables by their natural or base-10 logarithm.
/// Values must be finite and strictly positive, at fit and at transform
/// (DataError naming the column, value and row).
///
/// Learns: `variables_`, `feature_names_in_` (nothing else is estimated).
class LogTransformer : public detail::ValueTransformer<LogTransformer> {
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
  explicit LogTransformer(Options options) : options_(std::move(options)) { validate(); }

  LogTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) { return adopt(fit_domain(X)); }

  /// exp(x) or 10^x.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric(X, positions_, [&](std::size_t, double x) {
      return options_.base == LogBase::e ? std::exp(x) : std::pow(10.0, x);
    });
    return X;
  }

 private:
  friend class detail::ValueTransformer<LogTransformer>;

  static bool in_domain(std::size_t, double x) noexcept { return std::isfinite(x) && x > 0; }
  static std::string why(std::size_t, double x) {
    return detail::not_finite_or("is not positive (the log needs x > 0)", x);
  }
  double apply(std::size_t, double x) const noexcept {
    return options_.base == LogBase::e ? std::log(x) : std::log10(x);
  }

  Options options_;
};

static_assert(RowTransformer<LogTransformer>);

FEPIPE_NAMESPACE_END
