#pragma once
/// @file
/// The option types of the boosting models, public so that a program
/// names them (`fepipe::GradientBoostingRegressor::Options` is
/// `GradientBoostingOptions<RegressionLoss>`; the histogram models'
/// early_stopping and scoring): GradientBoostingOptions, BoostingInit,
/// HistEarlyStopping, HistScoring. The classes' headers include this one.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/tree/tree_options.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Where boosting starts: the loss's default init estimator (mean, median,
/// alpha-quantile, or the class prior through the link) or raw scores of 0.
enum class BoostingInit : std::uint8_t { default_estimator, zero };
constexpr std::array<std::string_view, 2> enum_names(BoostingInit) { return {"default", "zero"}; }

/// early_stopping: 'auto' (on above 10 000 rows), on, off.
enum class HistEarlyStopping : std::uint8_t { automatic, on, off };
constexpr std::array<std::string_view, 3> enum_names(HistEarlyStopping) { return {"auto", "on", "off"}; }

/// scoring for early stopping. Only the loss is supported (scikit-learn
/// also accepts scorer names, evaluated on a 10 000-row subsample).
enum class HistScoring : std::uint8_t { loss };
constexpr std::array<std::string_view, 1> enum_names(HistScoring) { return {"loss"}; }

/// Options of GradientBoostingRegressor and GradientBoostingClassifier
/// (their `Options`), which differ in the loss type. Names and defaults are
/// scikit-learn 1.2's; see the two classes for what each option does there.
template <class Loss>
struct GradientBoostingOptions {
  Loss loss{};
  double learning_rate = 0.1;
  int n_estimators = 100;
  /// Fraction of rows each stage's trees see (< 1: stochastic boosting,
  /// with out-of-bag scores).
  double subsample = 1.0;
  RegressionCriterion criterion = RegressionCriterion::friedman_mse;
  RowCount min_samples_split = 2;
  RowCount min_samples_leaf = 1;
  double min_weight_fraction_leaf = 0.0;
  std::optional<int> max_depth = 3;
  double min_impurity_decrease = 0.0;
  BoostingInit init = BoostingInit::default_estimator;
  /// Seeds numpy's RandomState (subsampling, feature order, the
  /// validation split); nullopt draws a fresh seed.
  std::optional<std::uint32_t> random_state{};
  MaxFeatures max_features{};
  /// Quantile of the huber and quantile losses, in (0, 1) (regressor only).
  double alpha = 0.9;
  std::optional<int> max_leaf_nodes{};
  /// Early stopping: validation share, patience (unset: no early stopping)
  /// and the improvement that counts.
  double validation_fraction = 0.1;
  std::optional<int> n_iter_no_change{};
  double tol = 1e-4;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(loss), FEPIPE_NVP(learning_rate), FEPIPE_NVP(n_estimators), FEPIPE_NVP(subsample),
       FEPIPE_NVP(criterion), FEPIPE_NVP(min_samples_split), FEPIPE_NVP(min_samples_leaf),
       FEPIPE_NVP(min_weight_fraction_leaf), FEPIPE_NVP(max_depth), FEPIPE_NVP(min_impurity_decrease),
       FEPIPE_NVP(init), FEPIPE_NVP(random_state), FEPIPE_NVP(max_features), FEPIPE_NVP(alpha),
       FEPIPE_NVP(max_leaf_nodes), FEPIPE_NVP(validation_fraction), FEPIPE_NVP(n_iter_no_change), FEPIPE_NVP(tol));
  }
  // scikit-learn's init=None is the loss's default estimator ('zero' is spelled alike).
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{
      {.field = "init", .values = R"([[null, "default"]])"},
  }};
};

FEPIPE_NAMESPACE_END
