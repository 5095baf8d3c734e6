#pragma once
/// @file
/// RobustScaler — sklearn.preprocessing.RobustScaler.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/scale/detail/normal_quantile.hpp"
#include "fepipe/scale/detail/quantile_select.hpp"
#include "fepipe/scale/detail/scaler_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Centres numeric variables on their median and divides by their
/// interquantile range: (x − center_)/scale_, robust to outliers. NaN is
/// ignored at fit and kept at transform; ±inf is a DataError.
///
/// Learns (per variable, in `variables_` order):
/// - `center_`: the NaN-skipping median (numpy's), empty without
///   with_centering;
/// - `scale_`: Q(q_max) − Q(q_min) by numpy's linear percentiles over the
///   non-NaN values, 1 where below 10·eps (constant features), divided by
///   Φ⁻¹(q_max/100) − Φ⁻¹(q_min/100) with unit_variance (1.349 for the
///   default range); empty without with_scaling;
/// - `variables_`, `feature_names_in_`.
/// An all-NaN variable learns NaN and transforms to NaN, as scikit-learn.
class RobustScaler {
 public:
  struct Options {
    bool with_centering = true;
    bool with_scaling = true;
    /// Percentiles (0 ≤ q_min ≤ q_max ≤ 100) whose distance is the scale.
    std::pair<double, double> quantile_range{25.0, 75.0};
    /// Scale so that a normal variable ends with unit variance.
    bool unit_variance = false;
    /// Numeric columns to scale (automatic: all numeric columns).
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(with_centering), FEPIPE_NVP(with_scaling), FEPIPE_NVP(quantile_range), FEPIPE_NVP(unit_variance),
         FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "RobustScaler";
  static constexpr std::uint32_t serial_version = 1;

  RobustScaler() = default;
  explicit RobustScaler(Options options) : options_(std::move(options)) { validate(); }

  RobustScaler& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_scaler_variables(X, options_.variables, options_.return_empty, type_name);
    const auto [q_min, q_max] = options_.quantile_range;
    // scikit-learn divides by Φ⁻¹(q_max/100) − Φ⁻¹(q_min/100), computed once.
    const double adjust = detail::normal_quantile(q_max / 100.0) - detail::normal_quantile(q_min / 100.0);
    std::vector<double> center, scale;
    for (std::size_t pos : fitted.positions) {
      // Order statistics by selection: the values of a full sort, in linear time.
      auto v = detail::non_nan(X.column(pos).values());
      if (options_.with_centering) center.push_back(detail::median_select(v));
      if (options_.with_scaling) {
        double s = detail::linear_quantile_select(v, q_max / 100.0) - detail::linear_quantile_select(v, q_min / 100.0);
        s = detail::handle_zero_scale(s);
        if (options_.unit_variance) s /= adjust;
        scale.push_back(s);
      }
    }
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    center_ = std::move(center);
    scale_ = std::move(scale);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, detail::not_infinite, detail::infinite_reason,
                                [this](std::size_t k, double x) { return apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, detail::not_infinite,
                                    detail::infinite_reason, [this](std::size_t k, double x) { return apply(k, x); });
  }

  /// x·scale_ + center_.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric(X, positions_, [this](std::size_t k, double x) {
      if (options_.with_scaling) x *= scale_[k];
      if (options_.with_centering) x += center_[k];
      return x;
    });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<double> center_, scale_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    // scikit-learn's statistics: NaN for a variable without values, and inf
    // where values near ±1.8e308 overflow (docs/bad-input-contract.md).
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP_NONFINITE(center_), FEPIPE_NVP_NONFINITE(scale_));
    if constexpr (Archive::is_loading) {
      validate();
      const std::size_t p = variables_.size();
      detail::check_lengths(p, type_name,
                            {options_.with_centering ? center_.size() : p, options_.with_scaling ? scale_.size() : p});
      if (!options_.with_centering && !center_.empty())
        detail::throw_model_format("RobustScaler: center_ without with_centering");
      if (!options_.with_scaling && !scale_.empty())
        detail::throw_model_format("RobustScaler: scale_ without with_scaling");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    const auto [q_min, q_max] = options_.quantile_range;
    // Written so that NaN fails too.
    if (!(0.0 <= q_min && q_min <= q_max && q_max <= 100.0))
      detail::throw_parameter(type_name, "quantile_range must satisfy 0 <= q_min <= q_max <= 100, got (" +
                                             detail::python_float_repr(q_min) + ", " +
                                             detail::python_float_repr(q_max) + ")");
  }
  double apply(std::size_t k, double x) const noexcept {
    if (options_.with_centering) x -= center_[k];
    if (options_.with_scaling) x /= scale_[k];
    return x;
  }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<RobustScaler>);

FEPIPE_NAMESPACE_END
