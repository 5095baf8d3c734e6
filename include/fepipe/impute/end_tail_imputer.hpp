#pragma once
/// @file
/// EndTailImputer — feature_engine.imputation.EndTailImputer.

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/impute/detail/numeric_imputer.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How EndTailImputer finds the end of a distribution.
enum class EndTailImputation : std::uint8_t {
  gaussian,  ///< mean ± fold · sample standard deviation (ddof 1)
  iqr,       ///< Q75 + fold · IQR (right) or Q25 − fold · IQR (left), linear quantiles
  max,       ///< fold · maximum, whatever the tail
};
constexpr std::array<std::string_view, 3> enum_names(EndTailImputation) { return {"gaussian", "iqr", "max"}; }

/// Which end of the distribution EndTailImputer imputes at.
enum class ImputationTail : std::uint8_t { right, left };
constexpr std::array<std::string_view, 2> enum_names(ImputationTail) { return {"right", "left"}; }

/// Replaces missing values of numeric variables by a value at the end of
/// the variable's training distribution, so imputed rows stand out (a
/// stand-in for "missing" that tree models and linear models can pick up).
///
/// Learns:
/// - `imputer_dict_`: variable → fill value. gaussian: mean ± fold·std with
///   the *sample* standard deviation (ddof 1), + for the right tail, − for
///   the left; iqr: Q75 + fold·(Q75 − Q25) or Q25 − fold·(Q75 − Q25) with
///   numpy's linear quantiles; max: fold·max(x) for either tail (so a
///   negative maximum gives a value below it, as in feature-engine). NaN is
///   skipped; an all-NaN column (or a single value with gaussian) learns
///   NaN and stays unfilled; ±inf values give what pandas gives (inf/NaN).
/// - `variables_`, `feature_names_in_`.
///
/// @code
///   EndTailImputer imp({.imputation_method = EndTailImputation::iqr, .fold = 1.5});
/// @endcode
class EndTailImputer : public detail::NumericImputer<EndTailImputer> {
 public:
  struct Options {
    EndTailImputation imputation_method = EndTailImputation::gaussian;
    ImputationTail tail = ImputationTail::right;
    /// Multiplier of the std, IQR or maximum; must be > 0.
    double fold = 3.0;
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(imputation_method), FEPIPE_NVP(tail), FEPIPE_NVP(fold), FEPIPE_NVP(variables),
         FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "EndTailImputer";
  static constexpr std::uint32_t serial_version = 1;

  EndTailImputer() = default;
  explicit EndTailImputer(Options options) : options_(std::move(options)) { validate(); }

 private:
  friend class detail::NumericImputer<EndTailImputer>;

  void validate() const {
    options_.variables.validate(type_name);
    if (!(options_.fold > 0.0) || !std::isfinite(options_.fold))
      detail::throw_parameter(type_name,
                              "fold must be a positive finite number, got " + detail::python_float_repr(options_.fold));
  }

  double fill_value(std::span<const double> x, const std::string& /*var*/) const {
    // One NaN for "nothing to fill with": inf − inf makes a negative NaN
    // on x86, which a JSON model file cannot keep, and files and outputs
    // must be bit-identical in both formats.
    const double fill = end_value(x);
    return std::isnan(fill) ? detail::nan_v : fill;
  }

  // The fill value of one column, in the reference's order of operations.
  double end_value(std::span<const double> x) const {
    const double fold = options_.fold;
    const bool right = options_.tail == ImputationTail::right;
    switch (options_.imputation_method) {
      case EndTailImputation::gaussian: {
        const double mean = detail::nan_mean(x);
        const double sd = std::sqrt(detail::nan_variance(x, 1));
        return right ? mean + fold * sd : mean - fold * sd;
      }
      case EndTailImputation::iqr: {
        const std::vector<double> v = detail::sorted_non_nan(x);
        const double q75 = detail::linear_quantile_sorted(v, 0.75);
        const double q25 = detail::linear_quantile_sorted(v, 0.25);
        const double iqr = q75 - q25;
        return right ? q75 + iqr * fold : q25 - iqr * fold;
      }
      case EndTailImputation::max: return detail::nan_max(x) * fold;
    }
    return detail::nan_v;
  }

  Options options_;
};

static_assert(RowTransformer<EndTailImputer>);

FEPIPE_NAMESPACE_END
