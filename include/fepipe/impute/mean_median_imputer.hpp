#pragma once
/// @file
/// MeanMedianImputer — feature_engine.imputation.MeanMedianImputer.

#include <array>
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
#include "fepipe/core/variables.hpp"
#include "fepipe/impute/detail/numeric_fill.hpp"

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
class MeanMedianImputer {
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
  explicit MeanMedianImputer(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  MeanMedianImputer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto vars = resolve_variables(X, options_.variables, type_name,
                                  {.type = VariableType::numeric, .return_empty = options_.return_empty});
    Dict<double> dict;
    for (const auto& v : vars) {
      auto x = X.numeric(v);
      dict.insert_or_assign(v, options_.imputation_method == ImputationMethod::mean ? detail::nan_mean(x)
                                                                                      : detail::nan_median(x));
    }
    positions_ = detail::positions_in(schema, vars, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    imputer_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::fill_numeric(X, positions_, imputer_dict_);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::fill_numeric_row(row, positions_, imputer_dict_, type_name);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> imputer_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(imputer_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_dict_keys(imputer_dict_, variables_, type_name, "imputer_dict_");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<MeanMedianImputer>);

FEPIPE_NAMESPACE_END
