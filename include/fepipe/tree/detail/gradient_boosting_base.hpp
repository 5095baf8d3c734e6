#pragma once
/// @file
/// Gradient boosting as scikit-learn 1.2 fits it (sklearn/ensemble/_gb.py),
/// shared by the regressor and the classifier: optional early-stopping
/// split, init raw prediction, then per stage a subsample mask (sequential
/// selection sampling from the shared numpy RandomState), one regression
/// tree per output on the negative gradient (its splitter seeded from the
/// same RandomState), the loss's leaf line search, and the raw prediction
/// update; train_score_, oob_improvement_ and the validation loss as the
/// reference computes them.

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/tree/detail/cart_builder.hpp"
#include "fepipe/tree/detail/forest.hpp"
#include "fepipe/tree/detail/gb_loss.hpp"
#include "fepipe/core/detail/stratified_split.hpp"
#include "fepipe/tree/boosting_options.hpp"
#include "fepipe/tree/detail/tree_data.hpp"
#include "fepipe/tree/detail/tree_model.hpp"
#include "fepipe/tree/tree_options.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

template <class O>
void validate_boosting_options(const O& o, std::string_view step) {
  validate_growth_options(o, step);
  if (!(o.learning_rate >= 0.0) || !std::isfinite(o.learning_rate))
    throw_parameter(step, "learning_rate must be a finite number >= 0, got " + python_float_repr(o.learning_rate));
  if (o.n_estimators < 1) throw_parameter(step, "n_estimators must be >= 1, got " + std::to_string(o.n_estimators));
  if (!(o.subsample > 0.0 && o.subsample <= 1.0))
    throw_parameter(step, "subsample must be in (0, 1], got " + python_float_repr(o.subsample));
  if (!(o.validation_fraction > 0.0 && o.validation_fraction < 1.0))
    throw_parameter(step, "validation_fraction must be in (0, 1), got " + python_float_repr(o.validation_fraction));
  if (o.n_iter_no_change && *o.n_iter_no_change < 1)
    throw_parameter(step, "n_iter_no_change must be >= 1 (or unset), got " + std::to_string(*o.n_iter_no_change));
  if (!(o.tol >= 0.0) || !std::isfinite(o.tol))
    throw_parameter(step, "tol must be a finite number >= 0, got " + python_float_repr(o.tol));
}

/// Everything a boosting fit learns.
struct BoostingFit {
  std::vector<CartTree> trees;  // stage-major, trees_per_iteration per stage
  std::vector<double> init_raw;
  std::size_t n_stages = 0;
  std::vector<double> train_score, oob_improvement;
  std::vector<double> feature_importances;
  std::int64_t max_features = 0;
};

/// _random_sample_mask: row i is drawn if u_i·(n − i) < n_inbag − drawn so far.
inline std::vector<char> random_sample_mask(std::size_t n, std::size_t n_inbag, NumpyRandomState& rng) {
  std::vector<double> u(n);
  for (double& v : u) v = rng.random_sample();
  std::vector<char> mask(n, 0);
  std::size_t drawn = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (u[i] * static_cast<double>(n - i) < static_cast<double>(n_inbag - drawn)) {
      mask[i] = 1;
      ++drawn;
    }
  return mask;
}

/// BaseGradientBoosting.feature_importances_: the mean of the unnormalised
/// importances of the trees that split at all, normalised to sum 1.
inline std::vector<double> boosting_importances(const std::vector<CartTree>& trees, std::size_t p) {
  std::vector<double> avg(p, 0.0);
  std::size_t relevant = 0;
  for (const CartTree& t : trees) {
    if (t.node_count() <= 1) continue;
    const std::vector<double> imp = cart_feature_importances(t, p);
    for (std::size_t j = 0; j < p; ++j) avg[j] += imp[j];
    ++relevant;
  }
  if (relevant == 0) return avg;
  for (double& v : avg) v /= static_cast<double>(relevant);
  const double total = pairwise_sum(avg);
  for (double& v : avg) v /= total;
  return avg;
}

/// One boosting fit on float32 features X, targets y (regression values or
/// labels 0..n_classes-1), optional user weights.
template <class O>
BoostingFit fit_boosting(const O& o, GbLoss loss, const Float32Matrix& X, std::span<const double> y,
                         const double* user_weight, std::size_t n_classes, std::string_view step) {
  const std::size_t n = X.rows, p = X.cols;
  const std::uint32_t seed = o.random_state ? *o.random_state : std::random_device{}();
  std::vector<double> sw(n, 1.0);
  if (user_weight) sw.assign(user_weight, user_weight + n);

  if (loss.is_classification()) {
    std::vector<double> class_weight(n_classes, 0.0);
    for (std::size_t i = 0; i < n; ++i) class_weight[static_cast<std::size_t>(y[i])] += sw[i];
    std::size_t kept = 0;
    for (double w : class_weight) kept += w != 0.0;
    if (kept < 2)
      throw_data(step, "", "only " + std::to_string(kept) + " class has non-zero total sample_weight; at least 2 are needed");
  }

  // Early stopping holds out a validation part first; the rest trains, in
  // the split's row order (it changes the tree sums' order, so it matters).
  const Float32Matrix* Xt = &X;
  std::vector<double> yt(y.begin(), y.end()), swt = sw, yv, swv;
  Float32Matrix X_train, X_val;
  if (o.n_iter_no_change) {
    SplitIndices split;
    if (loss.is_classification()) {
      split = stratified_split_indices(y, n_classes, o.validation_fraction, seed, step);
    } else {
      const auto n_val = static_cast<std::size_t>(std::ceil(o.validation_fraction * static_cast<double>(n)));
      if (n_val == 0 || n_val >= n)
        throw_data(step, "", "validation_fraction " + python_float_repr(o.validation_fraction) + " of " +
                                 std::to_string(n) + " rows leaves an empty training or validation part");
      split = train_test_split_indices(n, {o.validation_fraction, seed, true});
    }
    X_train = take_rows(X, split.train);
    X_val = take_rows(X, split.test);
    Xt = &X_train;
    const auto pick = [](const std::vector<double>& v, const std::vector<std::size_t>& rows) {
      std::vector<double> out(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) out[i] = v[rows[i]];
      return out;
    };
    const std::vector<double> y_all(y.begin(), y.end());
    yt = pick(y_all, split.train);
    yv = pick(y_all, split.test);
    swt = pick(sw, split.train);
    swv = pick(sw, split.test);
    if (loss.is_classification()) {
      std::vector<char> present(n_classes, 0);
      for (double v : yt) present[static_cast<std::size_t>(v)] = 1;
      for (std::size_t c = 0; c < n_classes; ++c)
        if (!present[c])
          throw_data(step, "", "class " + std::to_string(c) +
                                   " is missing from the training part of the early-stopping split; "
                                   "try another random_state or validation_fraction");
    }
  }
  const std::size_t nt = Xt->rows, nv = yv.size(), K = loss.trees_per_iteration();

  BoostingFit fit;
  fit.max_features = o.max_features.resolve(p);
  fit.init_raw = o.init == BoostingInit::zero ? std::vector<double>(K, 0.0)
                                               : loss.init_raw(yt, user_weight ? swt.data() : nullptr);
  GbRaw raw(nt, K, fit.init_raw), raw_val(nv, K, fit.init_raw);

  NumpyRandomState rng(seed);
  const bool do_oob = o.subsample < 1.0;
  const auto n_inbag = static_cast<std::size_t>(
      std::max<std::int64_t>(1, static_cast<std::int64_t>(o.subsample * static_cast<double>(nt))));
  std::vector<char> mask(nt, 1);
  std::vector<std::size_t> all_rows(nt), val_rows(nv), inbag, oob;
  for (std::size_t i = 0; i < nt; ++i) all_rows[i] = i;
  for (std::size_t i = 0; i < nv; ++i) val_rows[i] = i;
  std::vector<double> loss_history(o.n_iter_no_change ? static_cast<std::size_t>(*o.n_iter_no_change) : 0,
                                   std::numeric_limits<double>::infinity());
  std::vector<double> residual(nt), y_k(nt), tree_w(nt);
  std::vector<std::int32_t> leaf(nt);
  const CartCriterion criterion = cart_criterion(o.criterion);
  const auto n_estimators = static_cast<std::size_t>(o.n_estimators);
  fit.train_score.reserve(n_estimators);

  for (std::size_t stage = 0; stage < n_estimators; ++stage) {
    double old_oob = 0.0;
    if (do_oob) {
      mask = random_sample_mask(nt, n_inbag, rng);
      inbag.clear();
      oob.clear();
      for (std::size_t i = 0; i < nt; ++i) (mask[i] ? inbag : oob).push_back(i);
      old_oob = loss(yt, raw, swt, oob);
    }
    for (std::size_t i = 0; i < nt; ++i) tree_w[i] = do_oob ? swt[i] * (mask[i] ? 1.0 : 0.0) : swt[i];
    // Every tree of a stage starts from the stage's raw predictions.
    const GbRaw raw_before = raw;
    for (std::size_t k = 0; k < K; ++k) {
      const std::vector<double>* target = &yt;
      if (loss.multi_class()) {
        for (std::size_t i = 0; i < nt; ++i) y_k[i] = yt[i] == static_cast<double>(k) ? 1.0 : 0.0;
        target = &y_k;
      }
      loss.negative_gradient(*target, raw_before, k, swt, residual);
      const CartParams params = resolve_cart_params(o, nt, p, tree_w.data());
      const CartInput in{Xt->values.data(), nt, p, residual.data(), tree_w.data(), 0};
      CartTree tree = fit_cart(in, params, criterion, draw_cart_seed(rng));

      std::vector<std::vector<std::size_t>> leaf_rows(tree.node_count());
      for (std::size_t i = 0; i < nt; ++i) {
        leaf[i] = tree.leaf_of(Xt->values.data(), nt, i);
        if (mask[i]) leaf_rows[static_cast<std::size_t>(leaf[i])].push_back(i);
      }
      loss.update_leaves(tree, leaf_rows, *target, residual, raw, tree_w);
      for (std::size_t i = 0; i < nt; ++i)
        raw.at(i, k) += o.learning_rate * tree.value[static_cast<std::size_t>(leaf[i]) * tree.value_width];
      for (std::size_t i = 0; i < nv; ++i)
        raw_val.at(i, k) +=
            o.learning_rate *
            tree.value[static_cast<std::size_t>(tree.leaf_of(X_val.values.data(), nv, i)) * tree.value_width];
      fit.trees.push_back(std::move(tree));
    }

    if (do_oob) {
      fit.train_score.push_back(loss(yt, raw, swt, inbag));
      fit.oob_improvement.push_back(old_oob - loss(yt, raw, swt, oob));
    } else {
      fit.train_score.push_back(loss(yt, raw, swt, all_rows));
    }
    fit.n_stages = stage + 1;
    if (o.n_iter_no_change) {
      // Continue while the validation loss beats one of the last
      // n_iter_no_change by tol; the stage that fails is kept.
      const double v = loss(yv, raw_val, swv, val_rows);
      bool improved = false;
      for (double h : loss_history) improved = improved || v + o.tol < h;
      if (!improved) break;
      loss_history[stage % loss_history.size()] = v;
    }
  }
  fit.feature_importances = boosting_importances(fit.trees, p);
  return fit;
}

/// The boosting regressor and classifier in one place; `Derived` supplies
/// `is_classifier`, `make_loss(n_classes)` (the GbLoss for the options),
/// `validate_loss_options(options)` and `loss_fits(loss, n_classes)`.
template <class Derived, class Loss>
class GradientBoostingBase : public TreeModel<Derived> {
  using Model = TreeModel<Derived>;

 public:
  using Options = GradientBoostingOptions<Loss>;

  GradientBoostingBase() = default;
  explicit GradientBoostingBase(Options options) : options_(std::move(options)) { validate(); }

  const Options& options() const noexcept { return options_; }

  /// Trees per stage: 1 (regression, binary) or the number of classes.
  std::size_t n_trees_per_iteration() const noexcept {
    return this->is_fitted() ? static_cast<std::size_t>(this->forest_.n_outputs) : 0;
  }

  /// The raw prediction before any tree, per output.
  std::vector<double> init_raw_;
  /// Stages fitted (fewer than n_estimators after early stopping).
  std::size_t n_estimators_ = 0;
  /// Loss on the in-bag rows after each stage (deviance for log_loss).
  Eigen::VectorXd train_score_;
  /// Loss decrease on the out-of-bag rows per stage (subsample < 1 only).
  Eigen::VectorXd oob_improvement_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_));
    this->serialize_common(ar);
    ar(FEPIPE_NVP(init_raw_), FEPIPE_NVP(n_estimators_), FEPIPE_NVP(train_score_), FEPIPE_NVP(oob_improvement_));
    if constexpr (Archive::is_loading) {
      validate();
      check_loaded();
    }
  }

 protected:
  std::span<const double> raw_base() const noexcept { return init_raw_; }

  /// Number of classes behind K raw outputs (K = 1 is binary).
  std::size_t classes_of_outputs() const noexcept {
    const std::size_t k = n_trees_per_iteration();
    return k == 1 ? 2 : k;
  }

  /// fn(stage, scores) after each stage's trees are added, for the staged
  /// predictions.
  template <class Input, class Fn>
  void staged_scores(const Input& X, Fn&& fn) const {
    const TreeBatch b = this->batch(X);
    const Forest& f = this->forest_;
    const std::size_t K = n_trees_per_iteration();
    RawScores s;
    s.rows = b.rows;
    s.outputs = K;
    s.values.resize(b.rows * K);
    std::vector<double> rows(b.rows * b.columns.size());
    for (std::size_t r = 0; r < b.rows; ++r) {
      for (std::size_t c = 0; c < b.columns.size(); ++c) rows[r * b.columns.size() + c] = b.columns[c][r];
      for (std::size_t k = 0; k < K; ++k) s.values[r * K + k] = init_raw_[k];
    }
    for (std::size_t stage = 0; stage < n_estimators_; ++stage) {
      for (std::size_t t = stage * K; t < (stage + 1) * K; ++t) {
        const auto k = static_cast<std::size_t>(f.tree_output[t]);
        for (std::size_t r = 0; r < b.rows; ++r)
          s.values[r * K + k] +=
              f.value[static_cast<std::size_t>(f.leaf_of(f.tree_root[t], rows.data() + r * b.columns.size()))];
      }
      fn(stage, static_cast<const RawScores&>(s));
    }
  }

  void fit_float32(Float32Matrix X, const Target& y, const Eigen::VectorXd* weight, Schema schema) {
    constexpr std::string_view step = Derived::type_name;
    const std::size_t n = X.rows, p = X.cols;
    std::size_t n_classes = 0;
    if constexpr (Derived::is_classifier)
      n_classes = check_class_labels(y, n, step);
    else
      check_target(y, n, step);
    if (weight) check_sample_weight(*weight, n, step);
    const GbLoss loss = static_cast<const Derived&>(*this).make_loss(n_classes);
    BoostingFit r = fit_boosting(options_, loss, X, {y.data(), n}, weight ? weight->data() : nullptr, n_classes, step);

    const std::size_t K = loss.trees_per_iteration();
    Forest forest = Model::empty_forest(p, K);
    const double lr = options_.learning_rate;
    // Leaves hold learning_rate · value, the product scikit-learn adds.
    for (std::size_t t = 0; t < r.trees.size(); ++t) {
      const CartTree& tree = r.trees[t];
      append_cart(forest, tree, static_cast<std::int32_t>(t % K),
                  [&](std::size_t node) { return lr * tree.value[node * tree.value_width]; });
    }
    Model::finish_forest(forest);
    this->forest_ = std::move(forest);
    this->feature_importances_ =
        Eigen::Map<const Eigen::VectorXd>(r.feature_importances.data(), static_cast<Eigen::Index>(p));
    this->max_features_ = r.max_features;
    this->feature_names_in_ = std::move(schema);
    init_raw_ = std::move(r.init_raw);
    n_estimators_ = r.n_stages;
    train_score_ = Eigen::Map<const Eigen::VectorXd>(r.train_score.data(), static_cast<Eigen::Index>(r.n_stages));
    oob_improvement_ =
        Eigen::Map<const Eigen::VectorXd>(r.oob_improvement.data(), static_cast<Eigen::Index>(r.oob_improvement.size()));
  }

 private:
  friend Model;

  void validate() const {
    validate_boosting_options(options_, Derived::type_name);
    static_cast<const Derived&>(*this).validate_loss_options(options_);
  }

  void check_loaded() const {
    const std::string name(Derived::type_name);
    const std::size_t K = static_cast<std::size_t>(std::max(this->forest_.n_outputs, 1));
    if (!Derived::is_classifier && K != 1) throw_model_format(name + ": a regressor has one output");
    if (n_estimators_ < 1 || n_estimators_ > static_cast<std::size_t>(options_.n_estimators))
      throw_model_format(name + ": n_estimators_ is " + std::to_string(n_estimators_) + ", outside 1.." +
                         std::to_string(options_.n_estimators));
    this->check_common(K, n_estimators_ * K);
    for (std::size_t t = 0; t < this->forest_.n_trees(); ++t)
      if (static_cast<std::size_t>(this->forest_.tree_output[t]) != t % K)
        throw_model_format(name + ": tree " + std::to_string(t) + " adds to the wrong output");
    if (init_raw_.size() != K) throw_model_format(name + ": init_raw_ does not have one value per output");
    const std::size_t n_oob = options_.subsample < 1.0 ? n_estimators_ : 0;
    if (static_cast<std::size_t>(train_score_.size()) != n_estimators_ ||
        static_cast<std::size_t>(oob_improvement_.size()) != n_oob)
      throw_model_format(name + ": train_score_ or oob_improvement_ does not match n_estimators_");
    if (!Derived::loss_fits(options_.loss, classes_of_outputs()))
      throw_model_format(name + ": the loss does not fit " + std::to_string(classes_of_outputs()) + " classes");
  }

  Options options_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
