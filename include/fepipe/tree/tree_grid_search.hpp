#pragma once
/// @file
/// The search DecisionTreeDiscretiser and DecisionTreeEncoder share:
/// scikit-learn's GridSearchCV of a one-feature decision tree (integer cv:
/// KFold for regression, StratifiedKFold for classification, both without
/// shuffling; a named scorer; the first best mean test score wins; the
/// winner refitted on all rows). Trees are fepipe's DecisionTreeRegressor /
/// DecisionTreeClassifier, grown as scikit-learn 1.2 grows them.
///
/// A header of the tree family that the discretise and encode families
/// include (they may include other families' public headers only); its
/// functions are internals (fepipe::detail), and it brings the trees'
/// value checks (check_tree_values, tree_value_problem: values as float32
/// sees them) that DecisionTreeDiscretiser applies at transform.

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/regression.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/detail/tree_data.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How candidate trees are scored (scikit-learn's scorer names; higher is
/// better, hence the negated errors).
enum class TreeScoring : std::uint8_t {
  neg_mean_squared_error,
  neg_root_mean_squared_error,
  neg_mean_absolute_error,
  r2,
  roc_auc,   ///< classification with a binary target: P(class 1) ranks the rows
  accuracy,  ///< classification: predicted class labels
};
constexpr std::array<std::string_view, 6> enum_names(TreeScoring) {
  return {
      "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error", "r2", "roc_auc", "accuracy"};
}

/// The tree parameters GridSearchCV tries: every combination, in
/// scikit-learn's ParameterGrid order (keys alphabetical, the last varying
/// fastest: max_depth outer, min_samples_leaf inner).
struct TreeParamGrid {
  std::vector<int> max_depth{1, 2, 3, 4};
  std::vector<int> min_samples_leaf{1};

  friend bool operator==(const TreeParamGrid&, const TreeParamGrid&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(max_depth), FEPIPE_NVP(min_samples_leaf));
  }
};

/// One candidate of the grid (GridSearchCV's best_params_).
struct TreeParams {
  int max_depth = 1;
  int min_samples_leaf = 1;

  friend bool operator==(const TreeParams&, const TreeParams&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(max_depth), FEPIPE_NVP(min_samples_leaf));
  }
};

namespace detail {

/// What the search needs from a step's options.
struct TreeSearchSpec {
  bool regression = true;
  int cv = 3;
  TreeScoring scoring = TreeScoring::neg_mean_squared_error;
  TreeParamGrid grid{};
  std::optional<std::uint32_t> random_state{};
};

/// ParameterError for options the search cannot run with.
inline void validate_tree_search(const TreeSearchSpec& s, std::string_view step) {
  if (s.cv < 2) throw_parameter(step, "cv must be at least 2 folds, got " + std::to_string(s.cv));
  if (s.grid.max_depth.empty() || s.grid.min_samples_leaf.empty())
    throw_parameter(step, "param_grid: max_depth and min_samples_leaf each need at least one value");
  for (int d : s.grid.max_depth)
    if (d < 1) throw_parameter(step, "param_grid: max_depth values must be >= 1, got " + std::to_string(d));
  for (int m : s.grid.min_samples_leaf)
    if (m < 1) throw_parameter(step, "param_grid: min_samples_leaf values must be >= 1, got " + std::to_string(m));
  const bool classification_scorer = s.scoring == TreeScoring::roc_auc || s.scoring == TreeScoring::accuracy;
  if (s.regression && classification_scorer)
    throw_parameter(step, "scoring " + std::string(enum_names(s.scoring)[static_cast<std::size_t>(s.scoring)]) +
                              " needs regression = false (a classification tree)");
}

/// The candidates of the grid, in ParameterGrid order.
inline std::vector<TreeParams> grid_candidates(const TreeParamGrid& g) {
  std::vector<TreeParams> out;
  for (int d : g.max_depth)
    for (int m : g.min_samples_leaf) out.push_back({d, m});
  return out;
}

/// KFold(k) without shuffling: the test fold of each row (consecutive
/// blocks, the first n % k folds one row longer).
inline std::vector<int> kfold_test_folds(std::size_t n, int k) {
  const auto splits = static_cast<std::size_t>(k);
  std::vector<int> fold(n);
  std::size_t row = 0;
  for (std::size_t f = 0; f < splits; ++f) {
    const std::size_t size = n / splits + (f < n % splits ? 1 : 0);
    for (std::size_t i = 0; i < size; ++i) fold[row++] = static_cast<int>(f);
  }
  return fold;
}

/// StratifiedKFold(k) without shuffling (scikit-learn 1.2): classes
/// numbered by first appearance, each fold's share of a class from a
/// round robin over the sorted labels, a class's rows given to folds in
/// consecutive blocks. Labels are 0..c-1.
inline std::vector<int> stratified_test_folds(const Target& y, int k) {
  const auto n = static_cast<std::size_t>(y.size());
  const auto splits = static_cast<std::size_t>(k);
  std::vector<int> encoded_of_label;
  std::vector<std::size_t> encoded(n);
  std::size_t n_classes = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto label = static_cast<std::size_t>(y[static_cast<Eigen::Index>(i)]);
    if (label >= encoded_of_label.size()) encoded_of_label.resize(label + 1, -1);
    if (encoded_of_label[label] < 0) encoded_of_label[label] = static_cast<int>(n_classes++);
    encoded[i] = static_cast<std::size_t>(encoded_of_label[label]);
  }
  std::vector<std::size_t> counts(n_classes, 0);
  for (std::size_t e : encoded) ++counts[e];
  // allocation[f][c]: rows of class c in test fold f = how many of the
  // sorted labels at positions f, f + k, f + 2k, ... are c.
  std::vector<std::vector<std::size_t>> allocation(splits, std::vector<std::size_t>(n_classes, 0));
  std::size_t pos = 0;
  for (std::size_t c = 0; c < n_classes; ++c)
    for (std::size_t i = 0; i < counts[c]; ++i, ++pos) ++allocation[pos % splits][c];
  std::vector<int> fold(n);
  std::vector<std::size_t> fold_of_class(n_classes, 0), used_in_fold(n_classes, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = encoded[i];
    while (used_in_fold[c] == allocation[fold_of_class[c]][c]) {
      ++fold_of_class[c];
      used_in_fold[c] = 0;
    }
    fold[i] = static_cast<int>(fold_of_class[c]);
    ++used_in_fold[c];
  }
  return fold;
}

/// P(class 1) of a classifier, or a regressor's prediction: what feature-
/// engine's tree steps output.
inline Eigen::VectorXd tree_output(const DecisionTreeRegressor& t, const Frame& X) { return t.predict(X); }
inline Eigen::VectorXd tree_output(const DecisionTreeClassifier& t, const Frame& X) {
  return t.predict_proba(X).col(1);
}

/// The scorer's value for a fitted tree on (X, y).
template <class Tree>
double tree_score(const Tree& t, const Frame& X, const Target& y, TreeScoring scoring) {
  if (scoring == TreeScoring::roc_auc) return roc_auc_score(y, tree_output(t, X));
  const Eigen::VectorXd pred = t.predict(X);  // class labels for a classifier
  switch (scoring) {
    case TreeScoring::neg_mean_squared_error:
      return -mean_squared_error(y, pred);
    case TreeScoring::neg_root_mean_squared_error:
      return -root_mean_squared_error(y, pred);
    case TreeScoring::neg_mean_absolute_error: {
      const auto n = static_cast<std::size_t>(y.size());
      return -pairwise_sum(0, n, [&](std::size_t i) {
        return std::fabs(pred[static_cast<Eigen::Index>(i)] - y[static_cast<Eigen::Index>(i)]);
      }) / static_cast<double>(n);
    }
    case TreeScoring::r2:
      return r2_score(y, pred);
    case TreeScoring::accuracy:
      return accuracy_score(y, pred);
    case TreeScoring::roc_auc:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

template <class Tree>
struct TreeSearchResult {
  Tree tree;                             ///< the best candidate refitted on all rows
  TreeParams best;                       ///< its parameters
  std::vector<double> mean_test_scores;  ///< per candidate, in grid order
  double train_score = 0;                ///< the scorer on all rows (GridSearchCV.score)
};

/// GridSearchCV(tree, cv, scoring, param_grid).fit(X, y) on the one numeric
/// column X. The target has been checked (class labels 0..c-1 with at
/// least cv rows each for classification).
template <class Tree>
TreeSearchResult<Tree> grid_search_tree(const Frame& X, const Target& y, const TreeSearchSpec& spec) {
  const std::size_t n = X.rows();
  const std::vector<int> fold = spec.regression ? kfold_test_folds(n, spec.cv) : stratified_test_folds(y, spec.cv);
  struct Split {
    Frame X_train, X_test;
    Target y_train, y_test;
  };
  std::vector<Split> splits;
  for (int f = 0; f < spec.cv; ++f) {
    std::vector<std::size_t> train, test;
    for (std::size_t r = 0; r < n; ++r) (fold[r] == f ? test : train).push_back(r);
    auto take = [&](const std::vector<std::size_t>& rows) {
      Target t(static_cast<Eigen::Index>(rows.size()));
      for (std::size_t i = 0; i < rows.size(); ++i)
        t[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(rows[i])];
      return t;
    };
    splits.push_back({X.take_rows(train), X.take_rows(test), take(train), take(test)});
  }
  auto make_tree = [&](const TreeParams& p) {
    typename Tree::Options o;
    o.max_depth = p.max_depth;
    o.min_samples_leaf = p.min_samples_leaf;
    o.random_state = spec.random_state;
    return Tree(o);
  };
  const std::vector<TreeParams> candidates = grid_candidates(spec.grid);
  TreeSearchResult<Tree> out;
  std::size_t best = 0;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    // np.mean of the fold scores: a plain left-to-right sum for few folds.
    double sum = 0;
    for (const Split& s : splits) {
      Tree t = make_tree(candidates[c]);
      t.fit(s.X_train, s.y_train);
      sum += tree_score(t, s.X_test, s.y_test, spec.scoring);
    }
    out.mean_test_scores.push_back(sum / static_cast<double>(splits.size()));
    // rank_test_score's first minimum: the first candidate of the best mean.
    if (out.mean_test_scores[c] > out.mean_test_scores[best]) best = c;
  }
  out.best = candidates[best];
  out.tree = make_tree(out.best);
  out.tree.fit(X, y);
  out.train_score = tree_score(out.tree, X, y, spec.scoring);
  return out;
}

/// The target checks of feature-engine's tree steps: a regression target
/// must not be binary (two or fewer distinct values); a classification
/// target is class labels 0..c-1 with at least `cv` rows per class, so
/// every fold of StratifiedKFold trains on every class (scikit-learn only
/// warns when a class is smaller than the number of folds).
inline void check_tree_target(const Target* y, std::size_t rows, const TreeSearchSpec& s, std::string_view step) {
  if (!y) throw_parameter(step, "fit needs the target y");
  check_target(*y, rows, step);
  if (s.regression) {
    std::vector<double> distinct;
    for (Eigen::Index i = 0; i < y->size() && distinct.size() <= 2; ++i)
      if (std::find(distinct.begin(), distinct.end(), (*y)[i]) == distinct.end()) distinct.push_back((*y)[i]);
    if (distinct.size() <= 2)
      throw_data(step, "",
                 "the target is binary (" + std::to_string(distinct.size()) +
                     " distinct values): a regression tree is not allowed on it; set regression = false");
    if (rows < static_cast<std::size_t>(s.cv))
      throw_data(step, "", std::to_string(rows) + " rows cannot make " + std::to_string(s.cv) + " folds");
    return;
  }
  const std::size_t n_classes = check_class_labels(*y, rows, step);
  if (s.scoring == TreeScoring::roc_auc && n_classes != 2)
    throw_data(step, "",
               "scoring roc_auc needs a binary target, this one has " + std::to_string(n_classes) + " classes");
  std::vector<std::size_t> counts(n_classes, 0);
  for (Eigen::Index i = 0; i < y->size(); ++i) ++counts[static_cast<std::size_t>((*y)[i])];
  for (std::size_t c = 0; c < n_classes; ++c)
    if (counts[c] < static_cast<std::size_t>(s.cv))
      throw_data(step, "",
                 "class " + std::to_string(c) + " has " + std::to_string(counts[c]) + " rows, fewer than the " +
                     std::to_string(s.cv) + " cross-validation folds");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
