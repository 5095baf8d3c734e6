#pragma once
/// @file
/// MinMaxScaler — sklearn.preprocessing.MinMaxScaler.

#include <algorithm>
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
#include "fepipe/scale/detail/scaler_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Scales numeric variables to `feature_range` using the training minimum
/// and maximum: x·scale_ + min_ (two roundings, as scikit-learn). NaN is
/// ignored at fit and kept at transform; ±inf is a DataError.
///
/// Learns (one entry per variable, in `variables_` order):
/// `data_min_`, `data_max_`, `data_range_`, `scale_` =
/// (hi − lo)/range (a zero range counts as 1), `min_` = lo − data_min_·scale_,
/// plus `n_samples_seen_` (the number of training rows, NaN rows included,
/// as scikit-learn counts them), `variables_`, `feature_names_in_`.
class MinMaxScaler {
 public:
  struct Options {
    std::pair<double, double> feature_range{0.0, 1.0};
    bool clip = false;
    /// Numeric columns to scale (automatic: all numeric columns).
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(feature_range), FEPIPE_NVP(clip), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "MinMaxScaler";
  /// 2: n_samples_seen_ became one row count (version 1 stored one count of
  /// non-NaN values per variable).
  static constexpr std::uint32_t serial_version = 2;

  MinMaxScaler() = default;
  explicit MinMaxScaler(Options options) : options_(std::move(options)) { validate(); }

  MinMaxScaler& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_scaler_variables(X, options_.variables, options_.return_empty, type_name);
    const auto [lo, hi] = options_.feature_range;
    const std::size_t p = fitted.positions.size();
    std::vector<double> dmin(p), dmax(p), range(p), scale(p), min(p);
    for (std::size_t k = 0; k < p; ++k) {
      auto v = X.column(fitted.positions[k]).values();
      dmin[k] = detail::nan_min(v);
      dmax[k] = detail::nan_max(v);
      range[k] = dmax[k] - dmin[k];
      scale[k] = (hi - lo) / detail::handle_zero_scale(range[k]);
      min[k] = lo - dmin[k] * scale[k];
    }
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    data_min_ = std::move(dmin);
    data_max_ = std::move(dmax);
    data_range_ = std::move(range);
    scale_ = std::move(scale);
    min_ = std::move(min);
    n_samples_seen_ = X.rows();
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, detail::not_infinite, detail::infinite_reason, [this](std::size_t k, double x) { return apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, detail::not_infinite,
                                    detail::infinite_reason, [this](std::size_t k, double x) { return apply(k, x); });
  }

  /// (x − min_)/scale_.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric(X, positions_, [this](std::size_t k, double x) { return (x - min_[k]) / scale_[k]; });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<double> data_min_, data_max_, data_range_, scale_, min_;
  std::size_t n_samples_seen_ = 0;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    // scikit-learn's statistics: NaN for a variable without values, and inf
    // where a range of values near ±1.8e308 overflows (docs/bad-input-contract.md).
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP_NONFINITE(data_min_), FEPIPE_NVP_NONFINITE(data_max_), FEPIPE_NVP_NONFINITE(data_range_),
       FEPIPE_NVP_NONFINITE(scale_), FEPIPE_NVP_NONFINITE(min_));
    if constexpr (Archive::is_loading) {
      if (version == 1) {
        // Per-variable non-NaN counts: the largest is the row count unless
        // every variable had a missing value (nothing better is recorded).
        std::vector<std::size_t> per_variable;
        ar(make_nvp("n_samples_seen_", per_variable));
        if (per_variable.size() != variables_.size())
          detail::throw_model_format("MinMaxScaler: learned arrays do not match variables_");
        n_samples_seen_ = 0;
        for (std::size_t n : per_variable) n_samples_seen_ = std::max(n_samples_seen_, n);
      } else {
        ar(FEPIPE_NVP(n_samples_seen_));
      }
      validate();
      detail::check_lengths(variables_.size(), type_name,
                            {data_min_.size(), data_max_.size(), data_range_.size(), scale_.size(), min_.size()});
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    } else {
      ar(FEPIPE_NVP(n_samples_seen_));
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    const auto [lo, hi] = options_.feature_range;
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
      detail::throw_parameter(type_name, "feature_range must be finite with min < max, got (" +
                                             detail::python_float_repr(lo) + ", " + detail::python_float_repr(hi) + ")");
  }
  double apply(std::size_t k, double x) const noexcept {
    double y = x * scale_[k];
    y += min_[k];
    if (options_.clip && !std::isnan(y)) y = std::clamp(y, options_.feature_range.first, options_.feature_range.second);
    return y;
  }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<MinMaxScaler>);

FEPIPE_NAMESPACE_END
