#pragma once
/// @file
/// MaxAbsScaler — sklearn.preprocessing.MaxAbsScaler.

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

/// Divides numeric variables by their largest absolute training value, so
/// they land in [−1, 1] with zeros (and sparsity) kept. NaN is ignored at fit
/// and kept at transform; ±inf is a DataError.
///
/// Learns (per variable, in `variables_` order): `max_abs_` (NaN-skipping
/// max |x|; NaN for an all-NaN variable, which then transforms to NaN, as
/// scikit-learn), `scale_` = max_abs_ with values below 10·eps replaced by 1;
/// `n_samples_seen_` (rows at fit — one number, NaN rows included, as
/// scikit-learn), `variables_`, `feature_names_in_`.
class MaxAbsScaler {
 public:
  struct Options {
    /// Numeric columns to scale (automatic: all numeric columns).
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "MaxAbsScaler";
  static constexpr std::uint32_t serial_version = 1;

  MaxAbsScaler() = default;
  explicit MaxAbsScaler(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  MaxAbsScaler& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_scaler_variables(X, options_.variables, options_.return_empty, type_name);
    std::vector<double> max_abs, scale;
    for (std::size_t pos : fitted.positions) {
      double m = detail::nan_v;
      for (double x : X.column(pos).values())
        if (!std::isnan(x) && (std::isnan(m) || std::fabs(x) > m)) m = std::fabs(x);
      max_abs.push_back(m);
      scale.push_back(detail::handle_zero_scale(m));
    }
    n_samples_seen_ = X.rows();
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    max_abs_ = std::move(max_abs);
    scale_ = std::move(scale);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, detail::not_infinite, detail::infinite_reason,
                                [this](std::size_t k, double x) { return x / scale_[k]; });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, detail::not_infinite,
                                    detail::infinite_reason, [this](std::size_t k, double x) { return x / scale_[k]; });
  }

  /// x·scale_.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric(X, positions_, [this](std::size_t k, double x) { return x * scale_[k]; });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<double> max_abs_, scale_;
  std::size_t n_samples_seen_ = 0;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    // NaN for a variable without values, as scikit-learn.
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP_NONFINITE(max_abs_), FEPIPE_NVP_NONFINITE(scale_), FEPIPE_NVP(n_samples_seen_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_lengths(variables_.size(), type_name, {max_abs_.size(), scale_.size()});
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<MaxAbsScaler>);

FEPIPE_NAMESPACE_END
