#pragma once
/// @file
/// MeanMedianImputer — feature_engine.imputation.MeanMedianImputer.

#include <array>
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

enum class ImputationMethod : std::uint8_t { mean, median };
constexpr std::array<std::string_view, 2> enum_names(ImputationMethod) { return {"mean", "median"}; }

/// Replaces missing values (NaN) of numeric variables by the variable's mean
/// or median in the training data.
///
/// Learns:
/// - `imputer_dict_`: variable → fill value (NaN-skipping mean, or numpy's
///   median; an all-NaN column learns NaN and stays unfilled).
/// - `variables_`: the numeric variables imputed (all numeric columns when
///   `variables` is automatic).
/// - `feature_names_in_`: the columns seen at fit.
///
/// @code
///   MeanMedianImputer imp({.imputation_method = ImputationMethod::mean, .variables = {"LotFrontage"}});
///   imp.fit(X);  imp.imputer_dict_.at("LotFrontage");  // 69.87
/// @endcode
class MeanMedianImputer : public detail::NumericImputer<MeanMedianImputer> {
 public:
  struct Options {
    ImputationMethod imputation_method = ImputationMethod::median;
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(imputation_method), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "MeanMedianImputer";
  static constexpr std::uint32_t serial_version = 1;

  MeanMedianImputer() = default;
  explicit MeanMedianImputer(Options options) : options_(std::move(options)) { validate(); }

 private:
  friend class detail::NumericImputer<MeanMedianImputer>;

  double fill_value(std::span<const double> x, const std::string& /*var*/) const {
    return options_.imputation_method == ImputationMethod::mean ? detail::nan_mean(x) : detail::nan_median(x);
  }

  Options options_;
};

static_assert(RowTransformer<MeanMedianImputer>);

FEPIPE_NAMESPACE_END
