#pragma once
/// @file
/// GradientBoostingRegressor — sklearn.ensemble.GradientBoostingRegressor.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/tree/detail/gb_loss.hpp"
#include "fepipe/tree/detail/gradient_boosting_base.hpp"
#include "fepipe/tree/detail/tree_data.hpp"

FEPIPE_NAMESPACE_BEGIN

enum class RegressionLoss : std::uint8_t { squared_error, absolute_error, huber, quantile };
constexpr std::array<std::string_view, 4> enum_names(RegressionLoss) {
  return {"squared_error", "absolute_error", "huber", "quantile"};
}

/// Gradient boosting of regression trees as scikit-learn 1.2 fits it:
/// features cast to float32, the loss's init (mean, median or
/// alpha-quantile), per stage a tree on the negative gradient (friedman_mse
/// by default) whose leaves the loss re-estimates (medians for
/// absolute_error, Huber's M-step, quantiles), stochastic subsampling and
/// early stopping drawn from numpy's RandomState exactly as scikit-learn
/// draws them. Predictions, train_score_, oob_improvement_ and
/// feature_importances_ agree with scikit-learn 1.2.1 to ~1e-12 relative.
///
/// Options: GradientBoostingOptions (tree/boosting_options.hpp; scikit-learn's names and
/// defaults). Not offered: a user init estimator, warm_start, ccp_alpha.
///
/// Learns:
/// - `forest_`: n_estimators_ trees, leaves holding learning_rate · value.
/// - `init_raw_`, `n_estimators_`, `train_score_`, `oob_improvement_`,
///   `feature_importances_`, `max_features_`, `feature_names_in_`.
class GradientBoostingRegressor : public detail::GradientBoostingBase<GradientBoostingRegressor, RegressionLoss> {
  using Base = detail::GradientBoostingBase<GradientBoostingRegressor, RegressionLoss>;

 public:
  static constexpr std::string_view type_name = "GradientBoostingRegressor";
  /// Version 2: the forest records node covers (Forest version 2, for
  /// explanations); version-1 files still load.
  static constexpr std::uint32_t serial_version = 2;
  static constexpr bool is_classifier = false;

  using Base::Base;

  Eigen::VectorXd predict(const Frame& X) const { return to_vector(scores(X)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const { return to_vector(scores(X)); }

  /// One record (numbers in fitted column order); allocation-free.
  double predict_row(std::span<const Value> row) const {
    double out = 0.0;
    scores_row(row, &out);
    return out;
  }

  /// The prediction after each stage (n_estimators_ vectors).
  std::vector<Eigen::VectorXd> staged_predict(const Frame& X) const { return staged(X); }
  std::vector<Eigen::VectorXd> staged_predict(const Eigen::MatrixXd& X) const { return staged(X); }

 private:
  friend Base;
  friend detail::TreeModel<GradientBoostingRegressor>;

  detail::GbLoss make_loss(std::size_t) const {
    static constexpr std::array<detail::GbLossKind, 4> kinds = {
        detail::GbLossKind::squared_error, detail::GbLossKind::absolute_error, detail::GbLossKind::huber,
        detail::GbLossKind::quantile};
    return {kinds[static_cast<std::size_t>(options().loss)], options().alpha, 0};
  }
  static void validate_loss_options(const Options& o) {
    if (!(o.alpha > 0.0 && o.alpha < 1.0))
      detail::throw_parameter(type_name, "alpha must be in (0, 1), got " + detail::python_float_repr(o.alpha));
  }
  static bool loss_fits(RegressionLoss, std::size_t) noexcept { return true; }

  static Eigen::VectorXd to_vector(const detail::RawScores& s) {
    return Eigen::Map<const Eigen::VectorXd>(s.values.data(), static_cast<Eigen::Index>(s.rows));
  }
  template <class Input>
  std::vector<Eigen::VectorXd> staged(const Input& X) const {
    std::vector<Eigen::VectorXd> out;
    staged_scores(X, [&](std::size_t, const detail::RawScores& s) { out.push_back(to_vector(s)); });
    return out;
  }
};

static_assert(RowEstimator<GradientBoostingRegressor>);

FEPIPE_NAMESPACE_END
