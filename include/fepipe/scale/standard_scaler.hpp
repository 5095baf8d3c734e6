#pragma once
/// @file
/// StandardScaler — sklearn.preprocessing.StandardScaler.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/scale/detail/scaler_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Standardises numeric variables: (x − mean_)/scale_. NaN is ignored at fit
/// and kept at transform; ±inf is a DataError.
///
/// Learns (per variable, in `variables_` order):
/// - `mean_` (empty when neither with_mean nor with_std) and `var_`
///   (population variance by scikit-learn's corrected two-pass formula;
///   empty without with_std);
/// - `scale_` = sqrt(var_), 1 for features scikit-learn deems constant
///   (var ≤ n·eps·var + (n·mean·eps)²); empty when with_std is false;
/// - `n_samples_seen_` (non-NaN rows), `variables_`, `feature_names_in_`.
class StandardScaler {
 public:
  struct Options {
    bool with_mean = true;
    bool with_std = true;
    /// Numeric columns to scale (automatic: all numeric columns).
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(with_mean), FEPIPE_NVP(with_std), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "StandardScaler";
  static constexpr std::uint32_t serial_version = 1;

  StandardScaler() = default;
  explicit StandardScaler(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  StandardScaler& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_scaler_variables(X, options_.variables, options_.return_empty, type_name);
    const std::size_t p = fitted.positions.size();
    std::vector<double> mean, var, scale;
    std::vector<std::size_t> seen(p);
    const bool moments = options_.with_mean || options_.with_std;
    for (std::size_t k = 0; k < p; ++k) {
      auto x = X.column(fitted.positions[k]).values();
      seen[k] = detail::count_non_nan(x);
      if (!moments) continue;
      const auto [m, v] = mean_and_variance(x, seen[k]);
      mean.push_back(m);
      // scikit-learn keeps no variance when it does not scale (var_ = None).
      if (options_.with_std) var.push_back(v);
      if (options_.with_std) {
        const double n = static_cast<double>(seen[k]);
        const double eps = std::numeric_limits<double>::epsilon();
        const double bound = n * eps * v + (n * m * eps) * (n * m * eps);
        scale.push_back(v <= bound ? 1.0 : std::sqrt(v));
      }
    }
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    mean_ = std::move(mean);
    var_ = std::move(var);
    scale_ = std::move(scale);
    n_samples_seen_ = std::move(seen);
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

  /// x·scale_ + mean_.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric(X, positions_, [this](std::size_t k, double x) {
      if (options_.with_std) x *= scale_[k];
      if (options_.with_mean) x += mean_[k];
      return x;
    });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<double> mean_, var_, scale_;
  std::vector<std::size_t> n_samples_seen_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    // scikit-learn's statistics: NaN for a variable without values, and NaN
    // or inf where values near ±1.8e308 overflow (docs/bad-input-contract.md).
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP_NONFINITE(mean_), FEPIPE_NVP_NONFINITE(var_), FEPIPE_NVP_NONFINITE(scale_),
       FEPIPE_NVP(n_samples_seen_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      const std::size_t p = variables_.size();
      const bool moments = options_.with_mean || options_.with_std;
      detail::check_lengths(p, type_name,
                            {n_samples_seen_.size(), moments ? mean_.size() : p, options_.with_std ? var_.size() : p,
                             options_.with_std ? scale_.size() : p});
      if ((!options_.with_std && (!var_.empty() || !scale_.empty())) || (!moments && !mean_.empty()))
        detail::throw_model_format("StandardScaler: learned arrays the options do not use are present");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  // scikit-learn's `_incremental_mean_and_var` for a first batch.
  static std::pair<double, double> mean_and_variance(std::span<const double> x, std::size_t count) {
    if (count == 0) return {detail::nan_v, detail::nan_v};
    const double n = static_cast<double>(count);
    const double sum = detail::pairwise_sum(0, x.size(), [&](std::size_t i) { return std::isnan(x[i]) ? 0.0 : x[i]; });
    const double mean = sum / n;
    const double correction =
        detail::pairwise_sum(0, x.size(), [&](std::size_t i) { return std::isnan(x[i]) ? 0.0 : x[i] - mean; });
    const double squares = detail::pairwise_sum(0, x.size(), [&](std::size_t i) {
      if (std::isnan(x[i])) return 0.0;
      const double d = x[i] - mean;
      return d * d;
    });
    return {mean, (squares - correction * correction / n) / n};
  }

  double apply(std::size_t k, double x) const noexcept {
    if (options_.with_mean) x -= mean_[k];
    if (options_.with_std) x /= scale_[k];
    return x;
  }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<StandardScaler>);

FEPIPE_NAMESPACE_END
