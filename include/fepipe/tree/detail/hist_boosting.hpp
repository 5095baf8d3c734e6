#pragma once
/// @file
/// What HistGradientBoostingRegressor and HistGradientBoostingClassifier
/// share: options checking, input preparation (numeric columns are used in
/// place, label columns become category ranks), the boosting loop of
/// scikit-learn 1.2's `BaseHistGradientBoosting.fit` (seed, validation
/// split, binning, baseline, trees, early stopping), the conversion of the
/// grown trees into the shared inference layout (detail::Forest), the raw
/// prediction paths and the learned state with its model-file checks.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/label_index.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/tree/boosting_options.hpp"
#include "fepipe/tree/detail/binning.hpp"
#include "fepipe/tree/detail/forest.hpp"
#include "fepipe/tree/detail/hist_grower.hpp"
#include "fepipe/tree/detail/hist_loss.hpp"
#include "fepipe/tree/detail/hist_threads.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// The options both estimators share, independent of the Options struct.
struct HistParams {
  double learning_rate = 0.1;
  int max_iter = 100;
  std::optional<int> max_leaf_nodes = 31;
  std::optional<int> max_depth{};
  int min_samples_leaf = 20;
  double l2_regularization = 0.0;
  int max_bins = 255;
  std::vector<std::string> categorical_features{};
  HistEarlyStopping early_stopping = HistEarlyStopping::automatic;
  std::optional<double> validation_fraction = 0.1;
  int n_iter_no_change = 10;
  double tol = 1e-7;
  std::optional<std::uint32_t> random_state{};
  int n_threads = 0;
};

template <class Options>
HistParams hist_params(const Options& o) {
  return {o.learning_rate,     o.max_iter,       o.max_leaf_nodes,      o.max_depth,
          o.min_samples_leaf,  o.l2_regularization, o.max_bins,          o.categorical_features,
          o.early_stopping,    o.validation_fraction, o.n_iter_no_change, o.tol,
          o.random_state,      o.n_threads};
}

/// ParameterError (naming `step`) for an invalid shared option; ranges as
/// scikit-learn 1.2's _parameter_constraints.
inline void validate_hist_params(const HistParams& p, std::string_view step) {
  auto bad = [&](const std::string& what) { throw_parameter(step, what); };
  if (!(p.learning_rate > 0.0) || !std::isfinite(p.learning_rate))
    bad("learning_rate must be a finite number > 0, got " + python_float_repr(p.learning_rate));
  if (p.max_iter < 1) bad("max_iter must be >= 1, got " + std::to_string(p.max_iter));
  if (p.max_leaf_nodes && *p.max_leaf_nodes < 2)
    bad("max_leaf_nodes must be >= 2 (or unset), got " + std::to_string(*p.max_leaf_nodes));
  if (p.max_depth && *p.max_depth < 1) bad("max_depth must be >= 1 (or unset), got " + std::to_string(*p.max_depth));
  if (p.min_samples_leaf < 1) bad("min_samples_leaf must be >= 1, got " + std::to_string(p.min_samples_leaf));
  if (!(p.l2_regularization >= 0.0) || !std::isfinite(p.l2_regularization))
    bad("l2_regularization must be a finite number >= 0, got " + python_float_repr(p.l2_regularization));
  if (p.max_bins < 2 || p.max_bins > 255) bad("max_bins must be in [2, 255], got " + std::to_string(p.max_bins));
  if (p.validation_fraction && !(*p.validation_fraction > 0.0 && *p.validation_fraction < 1.0))
    bad("validation_fraction must be in (0, 1) (or unset), got " + python_float_repr(*p.validation_fraction));
  if (p.n_iter_no_change < 1) bad("n_iter_no_change must be >= 1, got " + std::to_string(p.n_iter_no_change));
  if (!(p.tol >= 0.0)) bad("tol must be >= 0, got " + python_float_repr(p.tol));
  if (p.n_threads < 0) bad("n_threads must be >= 0 (0 = all cores), got " + std::to_string(p.n_threads));
  std::vector<std::string_view> names(p.categorical_features.begin(), p.categorical_features.end());
  std::sort(names.begin(), names.end());
  if (auto d = std::adjacent_find(names.begin(), names.end()); d != names.end())
    bad("categorical_features lists '" + std::string(*d) + "' twice");
}

/// Writes the shared options (same names in both estimators' files).
template <class Archive, class Options>
void serialize_hist_options(Archive& ar, Options& o) {
  ar(make_nvp("learning_rate", o.learning_rate), make_nvp("max_iter", o.max_iter),
     make_nvp("max_leaf_nodes", o.max_leaf_nodes), make_nvp("max_depth", o.max_depth),
     make_nvp("min_samples_leaf", o.min_samples_leaf), make_nvp("l2_regularization", o.l2_regularization),
     make_nvp("max_bins", o.max_bins), make_nvp("categorical_features", o.categorical_features),
     make_nvp("early_stopping", o.early_stopping), make_nvp("scoring", o.scoring),
     make_nvp("validation_fraction", o.validation_fraction), make_nvp("n_iter_no_change", o.n_iter_no_change),
     make_nvp("tol", o.tol), make_nvp("random_state", o.random_state), make_nvp("n_threads", o.n_threads));
}

/// scikit-learn's `train_test_split(..., stratify=y)` (StratifiedShuffleSplit
/// with one split) for labels 0..k-1, index for index.
struct HistStratifiedSplit {
  static std::vector<std::int64_t> approximate_mode(const std::vector<std::int64_t>& counts, std::int64_t n_draws,
                                                    NumpyRandomState& rng) {
    double total = 0.0;
    for (auto c : counts) total += static_cast<double>(c);
    const std::size_t k = counts.size();
    std::vector<double> continuous(k), floored(k), remainder(k);
    double floored_sum = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      continuous[i] = static_cast<double>(counts[i]) / total * static_cast<double>(n_draws);
      floored[i] = std::floor(continuous[i]);
      floored_sum += floored[i];
      remainder[i] = continuous[i] - floored[i];
    }
    auto need = static_cast<std::int64_t>(static_cast<double>(n_draws) - floored_sum);
    if (need > 0) {
      std::vector<double> values = remainder;
      std::sort(values.begin(), values.end());
      values.erase(std::unique(values.begin(), values.end()), values.end());
      for (std::size_t v = values.size(); v-- > 0;) {
        std::vector<std::size_t> inds;
        for (std::size_t i = 0; i < k; ++i)
          if (remainder[i] == values[v]) inds.push_back(i);
        const auto add_now = std::min<std::int64_t>(static_cast<std::int64_t>(inds.size()), need);
        const auto perm = rng.permutation(inds.size());
        for (std::int64_t j = 0; j < add_now; ++j) floored[inds[perm[static_cast<std::size_t>(j)]]] += 1.0;
        need -= add_now;
        if (need == 0) break;
      }
    }
    std::vector<std::int64_t> out(k);
    for (std::size_t i = 0; i < k; ++i) out[i] = static_cast<std::int64_t>(floored[i]);
    return out;
  }

  static SplitIndices split(std::span<const double> y, std::size_t n_classes, double test_size, std::uint32_t seed,
                            std::string_view step) {
    const std::size_t n = y.size();
    const auto n_test = static_cast<std::int64_t>(std::ceil(test_size * static_cast<double>(n)));
    const std::int64_t n_train = static_cast<std::int64_t>(n) - n_test;
    std::vector<std::int64_t> counts(n_classes, 0);
    for (double v : y) ++counts[static_cast<std::size_t>(v)];
    for (std::size_t c = 0; c < n_classes; ++c)
      if (counts[c] < 2)
        throw_data(step, "",
                   "class " + std::to_string(c) + " has " + std::to_string(counts[c]) +
                       " row(s); the stratified validation split for early stopping needs at least 2 per class "
                       "(turn early_stopping off or unset validation_fraction)");
    if (n_train < static_cast<std::int64_t>(n_classes) || n_test < static_cast<std::int64_t>(n_classes))
      throw_data(step, "",
                 "the validation split (" + std::to_string(n_train) + " train / " + std::to_string(n_test) +
                     " validation rows) cannot hold every one of the " + std::to_string(n_classes) + " classes");
    std::vector<std::vector<std::size_t>> class_rows(n_classes);
    for (std::size_t i = 0; i < n; ++i) class_rows[static_cast<std::size_t>(y[i])].push_back(i);
    NumpyRandomState rng(seed);
    const auto n_i = approximate_mode(counts, n_train, rng);
    std::vector<std::int64_t> remaining(n_classes);
    for (std::size_t c = 0; c < n_classes; ++c) remaining[c] = counts[c] - n_i[c];
    const auto t_i = approximate_mode(remaining, n_test, rng);
    SplitIndices s;
    for (std::size_t c = 0; c < n_classes; ++c) {
      const auto perm = rng.permutation(class_rows[c].size());
      for (std::int64_t j = 0; j < n_i[c]; ++j) s.train.push_back(class_rows[c][perm[static_cast<std::size_t>(j)]]);
      for (std::int64_t j = n_i[c]; j < n_i[c] + t_i[c]; ++j)
        s.test.push_back(class_rows[c][perm[static_cast<std::size_t>(j)]]);
    }
    rng.shuffle(s.train);
    rng.shuffle(s.test);
    return s;
  }
};

/// Learned state and machinery of both estimators. Public members are the
/// fitted attributes (scikit-learn names where it has them).
class HistGradientBoostingBase {
 public:
  /// Iterations built (each adds n_trees_per_iteration_ trees).
  int n_iter_ = 0;
  /// Scores (negated mean loss) before the first tree and after every
  /// iteration, when early stopping ran; the validation ones need a
  /// validation split.
  std::vector<double> train_score_;
  std::vector<double> validation_score_;
  bool do_early_stopping_ = false;
  /// 1, or the number of classes of a multiclass classifier.
  int n_trees_per_iteration_ = 1;
  /// Raw prediction of the intercept-only model, one per tree slot.
  std::vector<double> baseline_prediction_;
  /// Per feature: treated as categorical.
  std::vector<bool> is_categorical_;
  /// Per label (categorical-kind) feature: its training labels, sorted; a
  /// label's rank is its category code. Empty for numeric features.
  std::vector<std::vector<std::string>> category_labels_;
  /// Per feature, as scikit-learn's `_bin_mapper.bin_thresholds_`: numeric
  /// bin thresholds, or a categorical feature's known category codes.
  std::vector<std::vector<double>> bin_thresholds_;
  std::vector<std::uint32_t> n_bins_non_missing_;
  /// Every tree, in iteration order (iteration i, class k at i·K + k).
  Forest forest_;
  Schema feature_names_in_;

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }

 protected:
  /// Training inputs: one pointer per feature to n_rows doubles.
  struct FitData {
    Schema schema;
    std::size_t n_rows = 0;
    std::vector<const double*> columns;
    std::vector<std::vector<double>> owned;  // rank columns of label features
    std::vector<bool> is_categorical;
    std::vector<std::vector<double>> known_categories;
    std::vector<std::vector<std::string>> labels;
  };

  FitData prepare(const Frame& X, const HistParams& p, std::string_view step) const {
    FitData d;
    d.schema = fit_schema(X, step);
    d.n_rows = X.rows();
    const std::size_t F = X.cols();
    d.columns.resize(F);
    d.owned.resize(F);
    d.is_categorical.assign(F, false);
    d.known_categories.resize(F);
    d.labels.resize(F);
    for (const auto& name : p.categorical_features) d.is_categorical[X.index_of(name, step)] = true;
    for (std::size_t f = 0; f < F; ++f) {
      const Column& col = X.column(f);
      if (col.is_numeric()) {
        d.columns[f] = col.values().data();
        if (d.is_categorical[f]) d.known_categories[f] = numeric_categories(col.values(), X.name(f), p, step);
        continue;
      }
      // A label column: categories are the labels rows use, sorted (the
      // order scikit-learn's OrdinalEncoder gives them); a label's rank is
      // its category code.
      d.is_categorical[f] = true;
      std::vector<std::string> labels;
      const auto used = used_codes(col);
      for (std::size_t c = 0; c < used.size(); ++c)
        if (used[c]) labels.push_back(col.labels()[c]);
      std::sort(labels.begin(), labels.end());
      if (labels.size() > static_cast<std::size_t>(p.max_bins))
        throw_data(step, X.name(f),
                   "has " + std::to_string(labels.size()) + " categories, more than max_bins = " +
                       std::to_string(p.max_bins) + " (group rare labels first, e.g. with RareLabelEncoder)");
      const LabelIndex index(labels);
      const Column ranks = encode_labels(col, [&](std::optional<std::string_view> label) {
        return label ? static_cast<double>(index.find(*label)) : std::numeric_limits<double>::quiet_NaN();
      });
      d.owned[f].assign(ranks.values().begin(), ranks.values().end());
      d.columns[f] = d.owned[f].data();
      for (std::size_t c = 0; c < labels.size(); ++c) d.known_categories[f].push_back(static_cast<double>(c));
      d.labels[f] = std::move(labels);
    }
    return d;
  }

  FitData prepare(const Eigen::MatrixXd& X, const HistParams& p, std::string_view step) const {
    if (X.rows() == 0 || X.cols() == 0) throw_data(step, "", "the matrix is empty");
    FitData d;
    d.schema = matrix_schema(X.cols());
    d.n_rows = static_cast<std::size_t>(X.rows());
    const auto F = static_cast<std::size_t>(X.cols());
    d.columns.resize(F);
    d.owned.resize(F);
    d.is_categorical.assign(F, false);
    d.known_categories.resize(F);
    d.labels.resize(F);
    for (const auto& name : p.categorical_features) {
      auto i = d.schema.find(name);
      if (!i) throw_schema(step, name, "is not a column of the matrix (its columns are named x0..x" +
                                           std::to_string(F - 1) + ")");
      d.is_categorical[*i] = true;
    }
    for (std::size_t f = 0; f < F; ++f) {
      d.columns[f] = X.col(static_cast<Eigen::Index>(f)).data();
      if (d.is_categorical[f])
        d.known_categories[f] =
            numeric_categories({d.columns[f], d.n_rows}, d.schema[f].name, p, step);
    }
    return d;
  }

  static Schema matrix_schema(Eigen::Index p) {
    Schema s;
    for (Eigen::Index j = 0; j < p; ++j) s.push_back({"x" + std::to_string(j), Kind::numeric, {}});
    return s;
  }

  /// A numeric column used as categorical holds category codes: integers in
  /// [0, max_bins) (scikit-learn 1.2 checks the upper bound; negative or
  /// fractional codes would be truncated by its predictor, fepipe rejects
  /// them). Returns the sorted distinct codes.
  static std::vector<double> numeric_categories(std::span<const double> v, std::string_view column,
                                                const HistParams& p, std::string_view step) {
    std::vector<char> seen(static_cast<std::size_t>(p.max_bins), 0);
    for (std::size_t r = 0; r < v.size(); ++r) {
      const double x = v[r];
      if (std::isnan(x)) continue;
      if (!(x >= 0.0) || x >= static_cast<double>(p.max_bins) || x != std::floor(x))
        throw_data(step, column,
                   value_at_row(x, r) + " is not a category code: categorical features must be encoded as integers in "
                                        "[0, max_bins = " + std::to_string(p.max_bins) + ")");
      seen[static_cast<std::size_t>(x)] = 1;
    }
    std::vector<double> out;
    for (std::size_t c = 0; c < seen.size(); ++c)
      if (seen[c]) out.push_back(static_cast<double>(c));
    return out;
  }

  /// The boosting loop. `y` is the target (class codes for classifiers).
  void fit_data(FitData d, std::span<const double> y, HistLoss loss, const HistParams& p, bool classifier,
                std::string_view step) {
    const std::size_t n = d.n_rows, F = d.columns.size(), K = loss.n_outputs;
    if (y.size() != n)
      throw_schema(step, "", "target has " + std::to_string(y.size()) + " values for " + std::to_string(n) + " rows");
    if (n > std::numeric_limits<std::uint32_t>::max())
      throw_data(step, "", "more than 2^32 - 1 rows are not supported");
    HistThreadPool pool(static_cast<unsigned>(p.n_threads));

    // _random_seed = RandomState(random_state).randint(2^32 - 1): seeds the
    // validation split and the binning subsample.
    NumpyRandomState seeder(p.random_state ? *p.random_state : std::random_device{}());
    const auto seed = static_cast<std::uint32_t>(numpy_randint(seeder, 0, 4294967295LL));

    const bool early = p.early_stopping == HistEarlyStopping::automatic ? n > 10000
                                                                         : p.early_stopping == HistEarlyStopping::on;
    const bool use_validation = early && p.validation_fraction.has_value();
    // Training rows in the reference's order; empty = all rows in order
    // (no index vector or target copy for the common case).
    std::vector<std::size_t> train_rows, val_rows;
    if (use_validation) {
      const double frac = *p.validation_fraction;
      const auto n_test = static_cast<std::size_t>(std::ceil(frac * static_cast<double>(n)));
      if (n_test == 0 || n_test >= n)
        throw_data(step, "",
                   "with " + std::to_string(n) + " rows, validation_fraction " + python_float_repr(frac) +
                       " leaves an empty training or validation part");
      SplitIndices s = classifier ? HistStratifiedSplit::split(y, classifier_classes(K), frac, seed, step)
                                  : train_test_split_indices(n, {frac, seed, true});
      train_rows = std::move(s.train);
      val_rows = std::move(s.test);
    }
    const std::size_t nt = use_validation ? train_rows.size() : n, nv = val_rows.size();
    std::vector<double> y_train_copy, y_val(nv);
    if (use_validation) {
      y_train_copy.resize(nt);
      for (std::size_t i = 0; i < nt; ++i) y_train_copy[i] = y[train_rows[i]];
    }
    const std::span<const double> y_train = use_validation ? std::span<const double>(y_train_copy) : y;
    for (std::size_t i = 0; i < nv; ++i) y_val[i] = y[val_rows[i]];
    auto train_row = [&](std::size_t i) { return train_rows.empty() ? i : train_rows[i]; };

    // ---- binning (fitted on the training part only) ----
    const auto missing_bin = static_cast<std::uint8_t>(p.max_bins);
    std::vector<std::vector<double>> thresholds(F);
    std::vector<std::size_t> subset;  // rows of the training part used for thresholds
    constexpr std::size_t binning_subsample = 200000;
    if (nt > binning_subsample) {
      NumpyRandomState rng(seed);
      const std::vector<std::size_t> perm = rng.permutation(nt);
      subset.assign(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(binning_subsample));
    }
    pool.parallel_for(F, [&](std::size_t f) {
      if (d.is_categorical[f]) {
        thresholds[f] = d.known_categories[f];
        return;
      }
      std::vector<double> values;
      const double* col = d.columns[f];
      if (subset.empty()) {
        values.resize(nt);
        for (std::size_t i = 0; i < nt; ++i) values[i] = col[train_row(i)];
      } else {
        values.resize(subset.size());
        for (std::size_t i = 0; i < subset.size(); ++i) values[i] = col[train_row(subset[i])];
      }
      thresholds[f] = find_binning_thresholds(std::move(values), p.max_bins);
    });
    std::vector<std::uint32_t> n_bins_non_missing(F);
    for (std::size_t f = 0; f < F; ++f)
      n_bins_non_missing[f] = static_cast<std::uint32_t>(thresholds[f].size() + (d.is_categorical[f] ? 0 : 1));

    subset = {};
    BinnedMatrix binned_train = bin_rows(d, thresholds, train_rows, nt, missing_bin, pool);
    BinnedMatrix binned_val = bin_rows(d, thresholds, val_rows, nv, missing_bin, pool);
    train_rows = {};
    val_rows = {};

    std::vector<HistFeatureInfo> info(F);
    for (std::size_t f = 0; f < F; ++f) {
      const std::uint8_t* c = binned_train.column(f);
      info[f].n_bins_non_missing = n_bins_non_missing[f];
      info[f].is_categorical = d.is_categorical[f];
      info[f].has_missing = std::find(c, c + nt, missing_bin) != c + nt;
    }

    // ---- boosting ----
    const std::vector<double> baseline = loss.baseline(y_train);
    std::vector<double> raw(nt * K), raw_val(nv * K);
    for (std::size_t k = 0; k < K; ++k) {
      std::fill(raw.begin() + static_cast<std::ptrdiff_t>(k * nt), raw.begin() + static_cast<std::ptrdiff_t>((k + 1) * nt),
                baseline[k]);
      std::fill(raw_val.begin() + static_cast<std::ptrdiff_t>(k * nv),
                raw_val.begin() + static_cast<std::ptrdiff_t>((k + 1) * nv), baseline[k]);
    }
    std::vector<double> train_score, validation_score, loss_buffer;
    auto record_scores = [&]() -> bool {
      train_score.push_back(-loss.mean_loss(y_train, raw.data(), loss_buffer));
      if (use_validation) {
        validation_score.push_back(-loss.mean_loss(y_val, raw_val.data(), loss_buffer));
        return should_stop(validation_score, p);
      }
      return should_stop(train_score, p);
    };
    if (early) record_scores();

    HistGrowerParams gp;
    gp.max_leaf_nodes = p.max_leaf_nodes;
    gp.max_depth = p.max_depth;
    gp.min_samples_leaf = p.min_samples_leaf;
    gp.l2_regularization = p.l2_regularization;
    gp.n_bins = p.max_bins + 1;
    HistGrower grower(binned_train, info, gp, pool);

    const bool constant_hessian = loss.constant_hessian();
    std::vector<float> grad(nt * K), hess(constant_hessian ? 0 : nt * K);
    Forest forest;
    forest.n_features = static_cast<std::int32_t>(F);
    forest.n_outputs = static_cast<std::int32_t>(K);
    std::vector<double> residuals;
    int n_iter = 0;
    const std::size_t chunk = 1 << 15;
    for (int iteration = 0; iteration < p.max_iter; ++iteration) {
      pool.parallel_for((nt + chunk - 1) / chunk, [&](std::size_t c) {
        loss.gradients(y_train, raw.data(), grad.data(), hess.data(), nt, c * chunk, std::min(nt, (c + 1) * chunk));
      });
      for (std::size_t k = 0; k < K; ++k) {
        const float* h = constant_hessian ? nullptr : hess.data() + k * nt;
        grower.grow(grad.data() + k * nt, h, p.learning_rate);
        std::vector<HistNode>& nodes = grower.nodes();
        const auto part = grower.partition();
        double* raw_k = raw.data() + k * nt;
        if (loss.updates_leaves()) {
          // Leaves re-fitted to the residuals: learning_rate × median (or
          // quantile) of y − raw over the leaf's rows.
          for (int leaf : grower.leaves()) {
            HistNode& node = nodes[static_cast<std::size_t>(leaf)];
            residuals.resize(node.n_samples());
            for (std::size_t i = 0; i < residuals.size(); ++i) {
              const std::uint32_t row = part[node.start + i];
              residuals[i] = y_train[row] - raw_k[row];
            }
            node.value = p.learning_rate * leaf_update(residuals, loss);
          }
        }
        // F += tree(x) on the training rows, through the leaves' rows.
        const auto& leaves = grower.leaves();
        pool.parallel_for(leaves.size(), [&](std::size_t li) {
          const HistNode& node = nodes[static_cast<std::size_t>(leaves[li])];
          for (std::uint32_t pos = node.start; pos < node.stop; ++pos) raw_k[part[pos]] += node.value;
        });
        if (early && use_validation) predict_binned(nodes, binned_val, missing_bin, raw_val.data() + k * nv, pool);
        append_tree(forest, nodes, thresholds, n_bins_non_missing, d.known_categories, static_cast<std::int32_t>(k));
      }
      ++n_iter;
      if (early && record_scores()) break;
    }
    forest.compile();

    // Everything succeeded: commit the learned state.
    n_iter_ = n_iter;
    train_score_ = std::move(train_score);
    validation_score_ = std::move(validation_score);
    do_early_stopping_ = early;
    n_trees_per_iteration_ = static_cast<int>(K);
    baseline_prediction_ = baseline;
    is_categorical_ = d.is_categorical;
    category_labels_ = std::move(d.labels);
    bin_thresholds_ = std::move(thresholds);
    n_bins_non_missing_ = std::move(n_bins_non_missing);
    forest_ = std::move(forest);
    feature_names_in_ = std::move(d.schema);
    rebuild_label_indexes();
  }

  /// Raw predictions (n × K, row-major) of a frame: baseline + every tree.
  std::vector<double> raw_predict(const Frame& X, int n_threads, std::string_view step) const {
    if (!is_fitted()) throw_not_fitted(step);
    const std::vector<std::size_t> order = input_positions(X, step);
    const std::size_t F = order.size(), n = X.rows();
    std::vector<const double*> cols(F);
    std::vector<Column> converted(F);
    for (std::size_t f = 0; f < F; ++f) {
      const Column& col = X.column(order[f]);
      if (col.is_numeric()) {
        cols[f] = col.values().data();
        continue;
      }
      // Once per distinct label the rows use: its training rank, or NaN for
      // a label unseen at fit (which then follows the missing side).
      const LabelIndex& index = label_index_[f];
      converted[f] = encode_labels(col, [&](std::optional<std::string_view> label) {
        const std::int32_t r = label ? index.find(*label) : -1;
        return r < 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(r);
      });
      cols[f] = converted[f].values().data();
    }
    return raw_from_columns(cols, n, n_threads);
  }

  std::vector<double> raw_predict(const Eigen::MatrixXd& X, int n_threads, std::string_view step) const {
    if (!is_fitted()) throw_not_fitted(step);
    if (static_cast<std::size_t>(X.cols()) != feature_names_in_.size())
      throw_schema(step, "",
                   "matrix has " + std::to_string(X.cols()) + " columns, fitted on " +
                       std::to_string(feature_names_in_.size()));
    for (const auto& spec : feature_names_in_)
      if (spec.kind == Kind::categorical)
        throw_schema(step, spec.name, "was a label column at fit; predict from a Frame, which carries the labels");
    std::vector<const double*> cols(feature_names_in_.size());
    for (std::size_t f = 0; f < cols.size(); ++f) cols[f] = X.col(static_cast<Eigen::Index>(f)).data();
    return raw_from_columns(cols, static_cast<std::size_t>(X.rows()), n_threads);
  }

  /// One record's raw predictions into out[0..K); allocation-free for up to
  /// 256 features (a per-thread buffer, grown once, above that).
  void raw_predict_row(std::span<const Value> row, double* out, std::string_view step) const {
    if (!is_fitted()) throw_not_fitted(step);
    const std::size_t F = feature_names_in_.size();
    if (row.size() != F)
      throw_schema(step, "",
                   "record has " + std::to_string(row.size()) + " values, the estimator was fitted on " +
                       std::to_string(F) + " features");
    constexpr std::size_t stack_features = 256;
    double stack_buffer[stack_features];
    double* x = stack_buffer;
    if (F > stack_features) {
      thread_local std::vector<double> wide;
      if (wide.size() < F) wide.resize(F);
      x = wide.data();
    }
    for (std::size_t f = 0; f < F; ++f) {
      const ColumnSpec& spec = feature_names_in_[f];
      if (spec.kind == Kind::categorical) {
        const auto label = cell_label(row[f], step, spec.name);
        const std::int32_t r = label ? label_index_[f].find(*label) : -1;
        x[f] = r < 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(r);
      } else {
        x[f] = cell_number(row[f], step, spec.name);
      }
    }
    for (std::size_t k = 0; k < baseline_prediction_.size(); ++k) out[k] = baseline_prediction_[k];
    forest_.predict_raw_row(x, out);
  }

  template <class Archive>
  void serialize_learned(Archive& ar) {
    // Bin thresholds are midpoints of training values: near ±1.8e308 they
    // overflow to ±inf, which binning then compares with as any number.
    ar(FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(is_categorical_), FEPIPE_NVP(category_labels_),
       FEPIPE_NVP_NONFINITE(bin_thresholds_), FEPIPE_NVP(n_bins_non_missing_), FEPIPE_NVP(n_trees_per_iteration_),
       FEPIPE_NVP(baseline_prediction_), FEPIPE_NVP(n_iter_), FEPIPE_NVP(do_early_stopping_),
       FEPIPE_NVP(train_score_), FEPIPE_NVP(validation_score_), FEPIPE_NVP(forest_));
  }

  /// After loading: the learned state must be consistent with itself and
  /// with `expected_outputs` trees per iteration (0 = any ≥ 3).
  void check_loaded(std::size_t expected_outputs, const HistParams& p, std::string_view step) {
    auto bad = [&](const std::string& what) { throw_model_format(std::string(step) + ": " + what); };
    const std::size_t F = feature_names_in_.size();
    if (F == 0) bad("no input features");
    if (is_categorical_.size() != F || category_labels_.size() != F || bin_thresholds_.size() != F ||
        n_bins_non_missing_.size() != F)
      bad("per-feature arrays do not match the " + std::to_string(F) + " input features");
    const auto K = static_cast<std::size_t>(std::max(n_trees_per_iteration_, 0));
    if (expected_outputs != 0 ? K != expected_outputs : K < 3)
      bad("n_trees_per_iteration_ = " + std::to_string(n_trees_per_iteration_) + " does not fit this estimator");
    if (baseline_prediction_.size() != K) bad("baseline_prediction_ does not have one value per tree slot");
    if (forest_.n_features != static_cast<std::int32_t>(F) || forest_.n_outputs != static_cast<std::int32_t>(K) ||
        forest_.float32_inputs)
      bad("the forest's shape does not match the estimator");
    if (n_iter_ < 0 || forest_.n_trees() != static_cast<std::size_t>(n_iter_) * K)
      bad("the forest holds " + std::to_string(forest_.n_trees()) + " trees for n_iter_ = " + std::to_string(n_iter_));
    for (std::size_t t = 0; t < forest_.n_trees(); ++t)
      if (static_cast<std::size_t>(forest_.tree_output[t]) != t % K) bad("tree " + std::to_string(t) + " has the wrong output slot");
    for (std::size_t f = 0; f < F; ++f) {
      const bool label_column = feature_names_in_[f].kind == Kind::categorical;
      if (label_column && !is_categorical_[f]) bad("label column '" + feature_names_in_[f].name + "' is not categorical");
      if (!label_column && !category_labels_[f].empty())
        bad("numeric column '" + feature_names_in_[f].name + "' has category labels");
      if (category_labels_[f].size() > static_cast<std::size_t>(p.max_bins) ||
          n_bins_non_missing_[f] > static_cast<std::uint32_t>(p.max_bins))
        bad("feature '" + feature_names_in_[f].name + "' has more bins than max_bins");
      std::vector<std::string_view> sorted(category_labels_[f].begin(), category_labels_[f].end());
      std::sort(sorted.begin(), sorted.end());
      if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        bad("feature '" + feature_names_in_[f].name + "' lists a category label twice");
    }
    for (const auto& name : p.categorical_features)
      if (!feature_names_in_.find(name)) bad("categorical feature '" + name + "' is not an input column");
    rebuild_label_indexes();
  }

 private:
  /// Where each fitted column is in X (the checks and messages of
  /// align_to_schema, without copying the frame).
  std::vector<std::size_t> input_positions(const Frame& X, std::string_view step) const {
    const std::size_t F = feature_names_in_.size();
    std::vector<std::size_t> order(F);
    bool same = X.cols() == F;
    for (std::size_t i = 0; same && i < F; ++i) same = X.name(i) == feature_names_in_[i].name;
    if (same) {
      for (std::size_t i = 0; i < F; ++i) order[i] = i;
    } else {
      for (std::size_t i = 0; i < F; ++i) {
        auto j = X.find(feature_names_in_[i].name);
        if (!j) throw_schema(step, feature_names_in_[i].name, "is missing (the step was fitted on it)");
        order[i] = *j;
      }
      if (X.cols() != F)
        for (std::size_t j = 0; j < X.cols(); ++j)
          if (!feature_names_in_.find(X.name(j)))
            throw_schema(step, X.name(j), "was not present at fit (the step expects exactly its fitted columns)");
    }
    for (std::size_t i = 0; i < F; ++i)
      if (X.column(order[i]).kind() != feature_names_in_[i].kind)
        throw_schema(step, feature_names_in_[i].name,
                     "is " + std::string(to_string(X.column(order[i]).kind())) + ", it was " +
                         std::string(to_string(feature_names_in_[i].kind)) + " at fit");
    return order;
  }

  static std::size_t classifier_classes(std::size_t K) noexcept { return K == 1 ? 2 : K; }

  void rebuild_label_indexes() {
    label_index_.clear();
    label_index_.reserve(category_labels_.size());
    for (const auto& labels : category_labels_) label_index_.emplace_back(labels);
  }

  std::vector<double> raw_from_columns(const std::vector<const double*>& cols, std::size_t n, int n_threads) const {
    const std::size_t K = baseline_prediction_.size();
    std::vector<double> out(n * K);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < K; ++k) out[i * K + k] = baseline_prediction_[k];
    forest_.predict_raw(cols, n, out.data(), static_cast<unsigned>(n_threads));
    return out;
  }

  /// Bins `n` rows: rows[i], or row i when `rows` is empty.
  static BinnedMatrix bin_rows(const FitData& d, const std::vector<std::vector<double>>& thresholds,
                               const std::vector<std::size_t>& rows, std::size_t n, std::uint8_t missing_bin,
                               HistThreadPool& pool) {
    BinnedMatrix b;
    b.n_rows = n;
    b.n_features = d.columns.size();
    b.codes.resize(b.n_rows * b.n_features);
    pool.parallel_for(b.n_features, [&](std::size_t f) {
      const double* col = d.columns[f];
      std::uint8_t* out = b.column(f);
      const std::span<const double> thr(thresholds[f]);
      if (rows.empty())
        bin_column(thr, n, [&](std::size_t i) { return col[i]; }, missing_bin, out);
      else
        bin_column(thr, n, [&](std::size_t i) { return col[rows[i]]; }, missing_bin, out);
    });
    return b;
  }

  static bool should_stop(const std::vector<double>& scores, const HistParams& p) {
    const std::size_t reference_position = static_cast<std::size_t>(p.n_iter_no_change) + 1;
    if (scores.size() < reference_position) return false;
    const double reference = scores[scores.size() - reference_position] + p.tol;
    for (std::size_t i = scores.size() - reference_position + 1; i < scores.size(); ++i)
      if (scores[i] > reference) return false;
    return true;
  }

  /// np.median / np.percentile(·, 100·q) of the residuals (selection, not
  /// a full sort: only the needed order statistics are exact).
  static double leaf_update(std::vector<double>& v, const HistLoss& loss) {
    const std::size_t m = v.size();
    auto nth = [&](std::size_t k) {
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
      return v[k];
    };
    auto next_above = [&](std::size_t k) {
      // After nth(k): the smallest value right of k is order statistic k + 1.
      return *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(k + 1), v.end());
    };
    if (loss.kind == HistLossKind::absolute_error) {
      if (m % 2 == 1) return nth(m / 2);
      const double a = nth(m / 2 - 1);
      const double b = next_above(m / 2 - 1);
      return (a + b) / 2.0;
    }
    const double h = static_cast<double>(m - 1) * loss.percentile_fraction();
    const double lo_f = std::floor(h);
    const auto lo = static_cast<std::size_t>(lo_f);
    const double a = nth(lo);
    const double b = lo + 1 < m ? next_above(lo) : a;
    return numpy_lerp(a, b, h - lo_f);
  }

  /// Adds the validation rows' leaf values (reference: predict_binned).
  static void predict_binned(const std::vector<HistNode>& nodes, const BinnedMatrix& Xv, std::uint8_t missing_bin,
                             double* raw_k, HistThreadPool& pool) {
    const std::size_t nv = Xv.n_rows, chunk = 1 << 14;
    pool.parallel_for((nv + chunk - 1) / chunk, [&](std::size_t c) {
      for (std::size_t i = c * chunk; i < std::min(nv, (c + 1) * chunk); ++i) {
        const HistNode* node = &nodes[0];
        while (!node->is_leaf) {
          const HistSplit& s = node->split;
          const std::uint8_t b = Xv.column(static_cast<std::size_t>(s.feature))[i];
          bool left;
          if (b == missing_bin)
            left = s.missing_left;
          else if (s.is_categorical)
            left = in_bin_bitset(s.cat_bitset, b);
          else
            left = b <= s.bin;
          node = &nodes[static_cast<std::size_t>(left ? node->left : node->right)];
        }
        raw_k[i] += node->value;
      }
    });
  }

  /// Appends one grown tree to the forest with real-valued splits: a
  /// numeric split on bin b becomes x <= threshold[b] (+inf for the "split
  /// on NaN" at the last non-missing bin), a categorical split a bitset over
  /// category codes in which unknown codes carry the missing side.
  static void append_tree(Forest& forest, const std::vector<HistNode>& nodes,
                          const std::vector<std::vector<double>>& thresholds,
                          const std::vector<std::uint32_t>& n_bins_non_missing,
                          const std::vector<std::vector<double>>& known, std::int32_t output) {
    // Each node's cover is its training row count (scikit-learn's
    // TreePredictor nodes' `count`), for TreeSHAP.
    auto add = [&](const HistNode& node) {
      const auto cover = static_cast<double>(node.n_samples());
      if (node.is_leaf) return forest.add_node(-1, 0.0, 0, node.value, cover);
      const HistSplit& s = node.split;
      const auto f = static_cast<std::size_t>(s.feature);
      std::uint8_t flags = s.missing_left ? Forest::missing_left_flag : 0;
      if (!s.is_categorical) {
        const double thr = s.bin == n_bins_non_missing[f] - 1 ? std::numeric_limits<double>::infinity()
                                                              : thresholds[f][s.bin];
        return forest.add_node(s.feature, thr, flags, node.value, cover);
      }
      flags |= Forest::categorical_flag;
      const std::int32_t id = forest.add_node(s.feature, 0.0, flags, node.value, cover);
      const auto& cats = known[f];
      const auto max_code = cats.empty() ? 0u : static_cast<std::uint32_t>(cats.back());
      const std::uint32_t words = max_code / 32 + 1;
      std::vector<std::uint32_t> bits(words, 0);
      for (std::uint32_t code = 0; code < words * 32; ++code) {
        const auto it = std::lower_bound(cats.begin(), cats.end(), static_cast<double>(code));
        const bool is_known = it != cats.end() && *it == static_cast<double>(code);
        const bool go_left = is_known ? in_bin_bitset(s.cat_bitset, static_cast<unsigned>(it - cats.begin())) : s.missing_left;
        if (go_left) bits[code / 32] |= 1u << (code % 32);
      }
      forest.bitset_offset[static_cast<std::size_t>(id)] = static_cast<std::uint32_t>(forest.cat_bits.size());
      forest.bitset_words[static_cast<std::size_t>(id)] = words;
      forest.cat_bits.insert(forest.cat_bits.end(), bits.begin(), bits.end());
      return id;
    };
    const std::int32_t root = add(nodes[0]);
    forest.tree_root.push_back(root);
    forest.tree_output.push_back(output);
    // Breadth-first: a node's two children are added together, so the
    // right child is always left + 1.
    std::vector<std::pair<int, std::int32_t>> queue{{0, root}};
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const auto [hid, fid] = queue[q];
      const HistNode& node = nodes[static_cast<std::size_t>(hid)];
      if (node.is_leaf) continue;
      const std::int32_t l = add(nodes[static_cast<std::size_t>(node.left)]);
      const std::int32_t r = add(nodes[static_cast<std::size_t>(node.right)]);
      FEPIPE_ASSERT(r == l + 1);
      (void)r;
      forest.left[static_cast<std::size_t>(fid)] = l;
      queue.emplace_back(node.left, l);
      queue.emplace_back(node.right, l + 1);
    }
  }

  std::vector<LabelIndex> label_index_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
