#pragma once
/// @file
/// GradientBoostingClassifier — sklearn.ensemble.GradientBoostingClassifier.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/tree/detail/gb_loss.hpp"
#include "fepipe/tree/detail/gradient_boosting_base.hpp"
#include "fepipe/tree/detail/tree_data.hpp"

FEPIPE_NAMESPACE_BEGIN

/// log_loss: binomial deviance for 2 classes, multinomial (one tree per
/// class and stage) above; exponential: AdaBoost's loss, 2 classes only.
enum class ClassificationLoss : std::uint8_t { log_loss, exponential };
constexpr std::array<std::string_view, 2> enum_names(ClassificationLoss) { return {"log_loss", "exponential"}; }

/// Gradient boosting classification as scikit-learn 1.2 fits it (see
/// GradientBoostingRegressor for the mechanics). Targets are class labels
/// 0..k-1, every class present, k >= 2. Early stopping splits off a
/// stratified validation part, as scikit-learn does.
///
/// Learns:
/// - `forest_`: n_estimators_ · K trees (K = 1 for two classes, else k),
///   stage-major, tree t adding to raw output t mod K.
/// - `init_raw_` (log-odds or log class priors), `n_estimators_`,
///   `train_score_` (deviance), `oob_improvement_`, `feature_importances_`,
///   `max_features_`, `feature_names_in_`.
class GradientBoostingClassifier
    : public detail::GradientBoostingBase<GradientBoostingClassifier, ClassificationLoss> {
  using Base = detail::GradientBoostingBase<GradientBoostingClassifier, ClassificationLoss>;

 public:
  static constexpr std::string_view type_name = "GradientBoostingClassifier";
  /// Version 2: the forest records node covers (Forest version 2, for
  /// explanations); version-1 files still load.
  static constexpr std::uint32_t serial_version = 2;
  static constexpr bool is_classifier = true;
  // scikit-learn's GradientBoostingClassifier has no alpha (a field of the Options shared with the regressor).
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{
      {.field = "alpha", .hidden = true},
  }};

  using Base::Base;

  /// Number of classes (0 before fit).
  std::size_t n_classes() const noexcept { return is_fitted() ? classes_of_outputs() : 0; }

  /// Raw scores F (n × K): log-odds for two classes.
  Eigen::MatrixXd decision_function(const Frame& X) const { return to_matrix(scores(X)); }
  Eigen::MatrixXd decision_function(const Eigen::MatrixXd& X) const { return to_matrix(scores(X)); }
  Eigen::MatrixXd predict_proba(const Frame& X) const { return to_proba(scores(X)); }
  Eigen::MatrixXd predict_proba(const Eigen::MatrixXd& X) const { return to_proba(scores(X)); }
  Eigen::VectorXd predict(const Frame& X) const { return to_labels(scores(X)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const { return to_labels(scores(X)); }

  /// Probabilities / predicted classes after each stage.
  std::vector<Eigen::MatrixXd> staged_predict_proba(const Frame& X) const { return staged_proba(X); }
  std::vector<Eigen::MatrixXd> staged_predict_proba(const Eigen::MatrixXd& X) const { return staged_proba(X); }
  std::vector<Eigen::VectorXd> staged_predict(const Frame& X) const { return staged_labels(X); }
  std::vector<Eigen::VectorXd> staged_predict(const Eigen::MatrixXd& X) const { return staged_labels(X); }

  /// One record's class probabilities into `out` (n_classes() slots);
  /// allocation-free.
  void predict_proba_row(std::span<const Value> row, std::span<double> out) const {
    if (!is_fitted()) detail::throw_not_fitted(type_name);
    if (out.size() != n_classes())
      detail::throw_schema(type_name, "", "output span has " + std::to_string(out.size()) + " slots for " +
                                              std::to_string(n_classes()) + " classes");
    const detail::GbLoss loss = make_loss(n_classes());
    detail::with_scratch(n_trees_per_iteration(), [&](double* raw) {
      scores_row(row, raw);
      loss.proba(raw, out.data());
    });
  }
  /// One record's predicted class; allocation-free.
  double predict_row(std::span<const Value> row) const {
    if (!is_fitted()) detail::throw_not_fitted(type_name);
    const detail::GbLoss loss = make_loss(n_classes());
    return detail::with_scratch(n_trees_per_iteration(), [&](double* raw) {
      scores_row(row, raw);
      return static_cast<double>(loss.decision(raw));
    });
  }

 private:
  friend Base;
  friend detail::TreeModel<GradientBoostingClassifier>;

  static bool loss_fits(ClassificationLoss loss, std::size_t n_classes) noexcept {
    return n_classes >= 2 && (loss == ClassificationLoss::log_loss || n_classes == 2);
  }
  // Callers guarantee n_classes >= 2 (fit checked the labels, predict
  // paths check is_fitted first), so only exponential can fail here.
  detail::GbLoss make_loss(std::size_t n_classes) const {
    if (!loss_fits(options().loss, n_classes))
      detail::throw_data(type_name, "", "loss 'exponential' needs 2 classes, the target has " +
                                            std::to_string(n_classes));
    const auto kind = options().loss == ClassificationLoss::exponential ? detail::GbLossKind::exponential
                      : n_classes == 2                                   ? detail::GbLossKind::binomial_deviance
                                                                         : detail::GbLossKind::multinomial_deviance;
    return {kind, options().alpha, n_classes};
  }
  static void validate_loss_options(const Options& o) {
    if (o.alpha != Options{}.alpha)
      detail::throw_parameter(type_name, "alpha applies to the regressor's huber and quantile losses only");
  }

  static Eigen::MatrixXd to_matrix(const detail::RawScores& s) {
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        s.values.data(), static_cast<Eigen::Index>(s.rows), static_cast<Eigen::Index>(s.outputs));
  }
  Eigen::MatrixXd to_proba(const detail::RawScores& s) const {
    const std::size_t k = n_classes();
    const detail::GbLoss loss = make_loss(k);
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> p(static_cast<Eigen::Index>(s.rows),
                                                                              static_cast<Eigen::Index>(k));
    for (std::size_t r = 0; r < s.rows; ++r) loss.proba(s.values.data() + r * s.outputs, p.data() + r * k);
    return p;
  }
  Eigen::VectorXd to_labels(const detail::RawScores& s) const {
    const detail::GbLoss loss = make_loss(n_classes());
    Eigen::VectorXd out(static_cast<Eigen::Index>(s.rows));
    for (std::size_t r = 0; r < s.rows; ++r)
      out[static_cast<Eigen::Index>(r)] = static_cast<double>(loss.decision(s.values.data() + r * s.outputs));
    return out;
  }
  template <class Input>
  std::vector<Eigen::MatrixXd> staged_proba(const Input& X) const {
    std::vector<Eigen::MatrixXd> out;
    staged_scores(X, [&](std::size_t, const detail::RawScores& s) { out.push_back(to_proba(s)); });
    return out;
  }
  template <class Input>
  std::vector<Eigen::VectorXd> staged_labels(const Input& X) const {
    std::vector<Eigen::VectorXd> out;
    staged_scores(X, [&](std::size_t, const detail::RawScores& s) { out.push_back(to_labels(s)); });
    return out;
  }
};

static_assert(RowClassifier<GradientBoostingClassifier>);

FEPIPE_NAMESPACE_END
