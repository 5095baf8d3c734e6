#pragma once
/// @file
/// Per-prediction contributions of a fitted model's input features
/// ("model-level" explanations): for each output k of the model's raw
/// prediction (its margin: a regressor's prediction, a classifier's
/// decision function / logits, a decision tree classifier's class
/// probabilities), a base value b_k and one contribution φ_kj per model
/// input j with
///
///   b_k + Σ_j φ_kj = raw prediction k        (to rounding, < 1e-9)
///
/// - Lasso, LogisticRegression: φ_kj = coef_kj·(x_j − mean_j) and
///   b_k = intercept_k + Σ_j coef_kj·mean_j, the means being the training
///   means recorded at fit (`feature_means_`), on the logit scale for
///   LogisticRegression (one output when binary, one per class when
///   multinomial).
/// - DecisionTreeRegressor/Classifier, GradientBoostingRegressor/Classifier,
///   HistGradientBoostingRegressor/Classifier: path-dependent TreeSHAP
///   (explain/detail/tree_shap.hpp) over the node covers recorded at fit
///   (`forest_.cover`); b_k is the model's raw baseline plus each tree's
///   cover-weighted mean leaf value.
///
/// A model loaded from a file written before these were recorded (Lasso or
/// LogisticRegression version 1, a tree model whose Forest is version 1)
/// predicts as before, and ModelExplainer refuses it with an Error saying
/// so. docs/explain.md lists the versions.
///
/// Layout of one record's explanation: n_outputs() blocks of
/// n_features() + 1 numbers, block k = φ_k0 .. φ_k(F−1), b_k (XGBoost's
/// pred_contribs layout, bias last).

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/explain/detail/tree_shap.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

template <class M>
concept ExplainableLinear = std::same_as<M, Lasso> || std::same_as<M, LogisticRegression>;

/// Every tree model: a fitted Forest in `forest_` and its input schema.
template <class M>
concept ExplainableTree = requires(const M& m) {
  { m.forest_ } -> std::convertible_to<const Forest&>;
  { m.feature_names_in_ } -> std::convertible_to<const Schema&>;
};

/// Histogram gradient boosting: raw baseline in baseline_prediction_, label
/// columns coded by their rank in category_labels_.
template <class M>
concept HistTree = ExplainableTree<M> && requires(const M& m) {
  m.baseline_prediction_;
  m.category_labels_;
};

/// Gradient boosting: raw baseline in init_raw_.
template <class M>
concept BoostedTree = ExplainableTree<M> && requires(const M& m) { m.init_raw_; };

}  // namespace detail

/// Explains one fitted model's predictions (see the file comment). Holds a
/// pointer to the model, which must outlive it and stay unchanged, and its
/// own scratch space: explain_one allocates nothing, and one explainer is
/// used by one thread at a time (make one per thread).
template <class Model>
  requires detail::ExplainableLinear<Model> || detail::ExplainableTree<Model>
class ModelExplainer {
 public:
  explicit ModelExplainer(const Model& model) : model_(&model) {
    if (!model.is_fitted()) detail::throw_not_fitted(Model::type_name);
    const std::size_t F = model.feature_names_in_.size();
    if constexpr (detail::ExplainableLinear<Model>) {
      if (static_cast<std::size_t>(model.feature_means_.size()) != F)
        throw Error(std::string(Model::type_name), "",
                    "the model has no training means: it was loaded from a model file that predates explanations "
                    "(version 1) or that did not record them (converted from scikit-learn); refit it with fepipe "
                    "to explain it");
      Eigen::MatrixXd coef;
      if constexpr (std::same_as<Model, Lasso>) {
        coef = model.coef_.transpose();
        base_.assign(1, model.intercept_);
      } else {
        coef = model.coef_;
        base_.assign(model.intercept_.data(), model.intercept_.data() + model.intercept_.size());
      }
      coef_ = coef;
      for (Eigen::Index k = 0; k < coef.rows(); ++k)
        for (Eigen::Index j = 0; j < coef.cols(); ++j)
          base_[static_cast<std::size_t>(k)] += coef(k, j) * model.feature_means_[j];
    } else {
      shap_.emplace(model.forest_, Model::type_name);
      const detail::Forest& forest = model.forest_;
      base_.assign(static_cast<std::size_t>(forest.n_outputs), 0.0);
      if constexpr (detail::HistTree<Model>)
        base_ = model.baseline_prediction_;
      else if constexpr (detail::BoostedTree<Model>)
        base_ = model.init_raw_;
      for (std::size_t t = 0; t < forest.n_trees(); ++t)
        base_[static_cast<std::size_t>(forest.tree_output[t])] += shap_->tree_expectation(t);
      scratch_.resize(shap_->scratch_size());
    }
    x_.resize(F);
  }

  /// Model inputs, in the order of the contributions.
  const Schema& features() const noexcept { return model_->feature_names_in_; }
  std::size_t n_features() const noexcept { return model_->feature_names_in_.size(); }
  /// Raw outputs explained (1 for regressors and binary classifiers other
  /// than DecisionTreeClassifier, which has one per class).
  std::size_t n_outputs() const noexcept { return base_.size(); }
  /// Numbers per record: n_outputs() × (n_features() + 1).
  std::size_t width() const noexcept { return n_outputs() * (n_features() + 1); }
  /// The base value per output: the raw prediction when no input is known.
  std::span<const double> base_values() const noexcept { return base_; }

  /// One record (values in the model's input order, as predict_row takes
  /// them) into `out` (width() numbers, layout in the file comment).
  /// Allocation-free. Values are checked as the model's predict checks
  /// them (SchemaError, DataError naming the model and column).
  void explain_one(std::span<const Value> row, std::span<double> out) {
    if (out.size() != width())
      detail::throw_schema(Model::type_name, "",
                           "explain_one needs an output of " + std::to_string(width()) + " values, got " +
                               std::to_string(out.size()));
    const Schema& schema = features();
    if (row.size() != schema.size())
      detail::throw_schema(Model::type_name, "",
                           "record has " + std::to_string(row.size()) + " values, the model was fitted on " +
                               std::to_string(schema.size()) + " features");
    for (std::size_t j = 0; j < row.size(); ++j) x_[j] = input_value(row[j], j);
    explain_values(x_.data(), out.data());
  }

  /// Every row of X (columns by name, as predict takes them): rows × width().
  Eigen::MatrixXd explain(const Frame& X) {
    std::optional<Frame> storage;
    const Frame& aligned = detail::aligned_to_schema(X, features(), Model::type_name, storage);
    const std::size_t F = n_features(), W = width();
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(
        static_cast<Eigen::Index>(aligned.rows()), static_cast<Eigen::Index>(W));
    for (std::size_t r = 0; r < aligned.rows(); ++r) {
      for (std::size_t j = 0; j < F; ++j) {
        const Column& c = aligned.column(j);
        Value v;
        if (c.is_numeric()) {
          v = Value(c.values()[r]);
        } else {
          const std::int32_t code = c.codes()[r];
          v = code < 0 ? Value::missing() : Value(std::string_view(c.labels()[static_cast<std::size_t>(code)]));
        }
        x_[j] = input_value(v, j, r);
      }
      explain_values(x_.data(), out.data() + r * W);
    }
    return out;
  }

 private:
  /// Feature j's value as the model reads it (`row` for messages).
  double input_value(const Value& v, std::size_t j, std::size_t row = 0) const {
    const ColumnSpec& spec = features()[j];
    (void)row;  // only the messages of some model kinds name it
    if constexpr (detail::HistTree<Model>) {
      if (spec.kind == Kind::categorical) {
        // Rank among the sorted training labels; unknown or missing: NaN,
        // which follows the split's missing side (as predict does).
        const auto label = detail::cell_label(v, Model::type_name, spec.name);
        if (!label) return std::numeric_limits<double>::quiet_NaN();
        const auto& labels = model_->category_labels_[j];
        const auto it = std::lower_bound(labels.begin(), labels.end(), *label,
                                         [](const std::string& a, std::string_view b) { return a < b; });
        if (it == labels.end() || *it != *label) return std::numeric_limits<double>::quiet_NaN();
        return static_cast<double>(it - labels.begin());
      }
      return detail::cell_number(v, Model::type_name, spec.name);
    } else {
      const double x = detail::cell_number(v, Model::type_name, spec.name);
      if constexpr (detail::ExplainableLinear<Model>) {
        if (!std::isfinite(x)) [[unlikely]]
          detail::throw_data(Model::type_name, spec.name, detail::value_at_row(x, row) + " is not finite");
        return x;
      } else {
        // CART trees read float32 values and route no missing values.
        if (!std::isfinite(static_cast<float>(x))) [[unlikely]]
          detail::throw_data(Model::type_name, spec.name,
                             detail::value_at_row(x, row) +
                                 (std::isnan(x) ? " is missing (trees here do not route missing values: impute first)"
                                                : " is not finite as float32 (tree inputs are cast to float32)"));
        return model_->forest_.float32_inputs ? static_cast<double>(static_cast<float>(x)) : x;
      }
    }
  }

  void explain_values(const double* x, double* out) noexcept {
    const std::size_t F = n_features(), K = n_outputs();
    if constexpr (detail::ExplainableLinear<Model>) {
      for (std::size_t k = 0; k < K; ++k) {
        double* o = out + k * (F + 1);
        for (std::size_t j = 0; j < F; ++j) {
          const auto jj = static_cast<Eigen::Index>(j);
          o[j] = coef_(static_cast<Eigen::Index>(k), jj) * (x[j] - model_->feature_means_[jj]);
        }
        o[F] = base_[k];
      }
    } else {
      std::fill(out, out + K * (F + 1), 0.0);
      const detail::Forest& forest = model_->forest_;
      for (std::size_t t = 0; t < forest.n_trees(); ++t)
        shap_->explain_tree(t, x, out + static_cast<std::size_t>(forest.tree_output[t]) * (F + 1), scratch_.data());
      for (std::size_t k = 0; k < K; ++k) out[k * (F + 1) + F] = base_[k];
    }
  }

  const Model* model_;
  std::vector<double> base_;
  Eigen::MatrixXd coef_;  // linear: n_outputs × F
  std::optional<detail::TreeShap> shap_;
  std::vector<detail::ShapPathElement> scratch_;
  std::vector<double> x_;
};

/// Every row of X explained (rows × ModelExplainer::width()); see
/// ModelExplainer for the layout.
template <class Model>
Eigen::MatrixXd explain(const Model& model, const Frame& X) {
  ModelExplainer<Model> e(model);
  return e.explain(X);
}

FEPIPE_NAMESPACE_END
