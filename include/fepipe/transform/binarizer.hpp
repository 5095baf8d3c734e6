#pragma once
/// @file
/// Binarizer — sklearn.preprocessing.Binarizer, applied to chosen variables
/// (as feature-engine's SklearnTransformerWrapper(Binarizer) does).

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

/// Replaces numeric values by 1 where x > threshold and 0 otherwise.
/// NaN and ±inf are rejected (scikit-learn's Binarizer validates finite
/// input), with a DataError naming the column and row.
///
/// Learns: `variables_`, `feature_names_in_` (nothing is estimated).
class Binarizer {
 public:
  struct Options {
    double threshold = 0.0;
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(threshold), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "Binarizer";
  static constexpr std::uint32_t serial_version = 1;

  Binarizer() = default;
  explicit Binarizer(Options options) : options_(std::move(options)) { validate(); }

  Binarizer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, finite, why, [this](std::size_t k, double x) { return apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, finite, why, [this](std::size_t k, double x) { return apply(k, x); });
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
      validate();
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (std::isnan(options_.threshold)) detail::throw_parameter(type_name, "threshold must not be NaN");
  }
  static bool finite(double x) noexcept { return std::isfinite(x); }
  static std::string why(double x) { return detail::not_finite_or("", x); }
  double apply(std::size_t, double x) const noexcept { return x > options_.threshold ? 1.0 : 0.0; }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<Binarizer>);

FEPIPE_NAMESPACE_END
