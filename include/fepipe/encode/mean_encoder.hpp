#pragma once
/// @file
/// MeanEncoder — feature_engine.encoding.MeanEncoder.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/encode/detail/encoding.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How MeanEncoder blends a category's mean with the prior.
enum class MeanSmoothing : std::uint8_t {
  fixed,      ///< the same damping D = `smoothing` for every category
  automatic,  ///< feature-engine's 'auto': D = var(y in category) / var(y)
};
constexpr std::array<std::string_view, 2> enum_names(MeanSmoothing) { return {"fixed", "auto"}; }

/// Replaces categories by the mean target of their training rows, blended
/// with the overall mean (the prior) for small categories.
///
/// Learns:
/// - `prior_`: the mean of y over all rows (rows with a missing category
///   included).
/// - `encoder_dict_`: variable → (category → λ·mean_c + (1−λ)·prior) with
///   λ = n_c / (n_c + D). `smoothing_method` fixed: D = `smoothing` (0 gives
///   the plain mean); automatic: D = var_c / var(y), both population
///   variances, so a single-row category keeps its own mean. Categories in
///   ascending label order (numbers numerically, then text).
/// - `variables_`, `feature_names_in_`.
///
/// An unseen category (and, with `missing_values` ignore, a missing value)
/// becomes NaN (`unseen` ignore), raises UnseenCategoryError (raise) or
/// becomes the prior (encode). A constant target with automatic smoothing
/// has no variance to divide by: ParameterError. With `ignore_format`,
/// numeric variables are encoded too (a number's category is its repr).
class MeanEncoder {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;
    /// Encode numeric variables too (automatic selection: every column).
    bool ignore_format = false;
    UnseenPolicy unseen = UnseenPolicy::ignore;
    /// The damping D (≥ 0) when smoothing_method is fixed.
    double smoothing = 0.0;
    /// fixed (use `smoothing`) or automatic (feature-engine's 'auto').
    MeanSmoothing smoothing_method = MeanSmoothing::fixed;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values), FEPIPE_NVP(ignore_format),
         FEPIPE_NVP(unseen), FEPIPE_NVP(smoothing), FEPIPE_NVP(smoothing_method));
    }
    // feature-engine's smoothing is the number or 'auto' (smoothing='auto' sets smoothing_method).
    static constexpr std::array<SpecKeyword, 1> spec_keywords{{
        {.field = "smoothing_method", .keyword = "smoothing"},
    }};
  };

  static constexpr std::string_view type_name = "MeanEncoder";
  static constexpr std::uint32_t serial_version = 1;

  MeanEncoder() = default;
  explicit MeanEncoder(Options options) : options_(std::move(options)) { validate(); }

  MeanEncoder& fit(const Frame& X, const Target* y = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    options_.missing_values, type_name, options_.ignore_format);
    detail::check_target(y, X.rows(), type_name, "MeanEncoder");
    const double prior = detail::pairwise_sum({y->data(), static_cast<std::size_t>(y->size())}) /
                         static_cast<double>(y->size());
    const bool automatic = options_.smoothing_method == MeanSmoothing::automatic;
    double y_var = 0.0;
    if (automatic) {
      y_var = detail::nan_variance({y->data(), static_cast<std::size_t>(y->size())}, 0);
      if (!(y_var > 0.0))
        detail::throw_parameter(type_name, "smoothing auto divides by the variance of y, which is 0 (a constant "
                                           "target): use a fixed smoothing");
    }
    Dict<Dict<double>> dict;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      Dict<double> mapping = detail::with_categories(X.column(fitted.positions[k]), [&](const Column& col) {
        const detail::TargetGroups groups = detail::group_target(col, *y);
        const std::vector<double> var_c = automatic ? detail::group_target_variance(col, *y) : std::vector<double>{};
        Dict<double> m;
        for (std::size_t c : detail::used_codes_by_label(col)) {
          const double n = static_cast<double>(groups.count[c]);
          const double damping = automatic ? var_c[c] / y_var : options_.smoothing;
          const double lambda = n / (n + damping);
          m.insert_or_assign(col.labels()[c], lambda * groups.mean(c) + (1.0 - lambda) * prior);
        }
        return m;
      });
      dict.insert_or_assign(fitted.variables[k], std::move(mapping));
    }
    maps_ = detail::LabelNumberMaps(dict);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    encoder_dict_ = std::move(dict);
    prior_ = prior;
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (options_.missing_values == MissingValues::raise) detail::reject_missing(X, positions_, type_name);
    maps_.apply(X, positions_, variables_, policy(), type_name);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    maps_.apply_row(row, positions_, variables_, feature_names_in_, policy(), type_name);
  }

  /// Encodings back to categories. Not available with unseen = encode (the
  /// prior could stand for any unseen category), as in feature-engine.
  Frame inverse_transform(Frame X) const {
    if (options_.unseen == UnseenPolicy::encode)
      detail::throw_parameter(type_name, "inverse_transform is not available with unseen = encode");
    detail::inverse_encode(X, feature_names_in_, positions_, encoder_dict_, type_name);
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<Dict<double>> encoder_dict_;
  double prior_ = detail::nan_v;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(encoder_dict_), FEPIPE_NVP_NONFINITE(prior_));  // NaN until fitted (checked below)
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_encoder_dict(encoder_dict_, variables_, type_name);
      if (!feature_names_in_.empty() && !std::isfinite(prior_))
        detail::throw_model_format(std::string(type_name) + ": prior_ is not finite");
      detail::check_encodings(encoder_dict_, type_name, [](double v) { return std::isfinite(v); });
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name,
                                             detail::encoder_kind(options_.ignore_format));
      detail::check_number_categories(encoder_dict_, feature_names_in_, positions_, type_name);
      maps_ = detail::LabelNumberMaps(encoder_dict_);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!(options_.smoothing >= 0.0) || !std::isfinite(options_.smoothing))
      detail::throw_parameter(type_name, "smoothing must be a finite number >= 0 (or smoothing_method auto), got " +
                                             detail::python_float_repr(options_.smoothing));
  }

  detail::LabelNumberMaps::Policy policy() const { return {options_.missing_values, options_.unseen, prior_}; }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::LabelNumberMaps maps_;
};

static_assert(RowTransformer<MeanEncoder>);

FEPIPE_NAMESPACE_END
