#pragma once
/// @file
/// Option types shared by the CART-based models (decision trees and
/// gradient boosting): scikit-learn's int-or-float size parameters, the
/// max_features rules, the criteria, and their validation and resolution to
/// the numbers a tree is grown with.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/tree/detail/cart_builder.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Split quality for regression trees (and the trees of gradient boosting).
enum class RegressionCriterion : std::uint8_t { squared_error, friedman_mse };
constexpr std::array<std::string_view, 2> enum_names(RegressionCriterion) { return {"squared_error", "friedman_mse"}; }

/// Split quality for classification trees; log_loss is entropy under its
/// newer name.
enum class ClassificationCriterion : std::uint8_t { gini, entropy, log_loss };
constexpr std::array<std::string_view, 3> enum_names(ClassificationCriterion) {
  return {"gini", "entropy", "log_loss"};
}

/// A number of rows given either absolutely or as a fraction of the
/// training rows (rounded up), like scikit-learn's int-or-float
/// min_samples_split / min_samples_leaf. An int converts implicitly:
/// `.min_samples_leaf = 5`, `.min_samples_leaf = RowCount::fraction_of_rows(0.01)`.
struct RowCount {
  std::int64_t count = 1;
  std::optional<double> fraction{};

  constexpr RowCount() = default;
  constexpr RowCount(int n) : count(n) {}  // NOLINT(google-explicit-constructor): reads like the int option
  static constexpr RowCount fraction_of_rows(double f) {
    RowCount r;
    r.fraction = f;
    return r;
  }
  /// The count for n training rows.
  std::int64_t resolve(std::size_t n_rows) const {
    return fraction ? static_cast<std::int64_t>(std::ceil(*fraction * static_cast<double>(n_rows))) : count;
  }
  std::string describe() const {
    return fraction ? "fraction " + detail::python_float_repr(*fraction) : std::to_string(count);
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(count), FEPIPE_NVP(fraction));
  }
};

/// How many features a split search evaluates (at least; it goes on past
/// the limit until a valid split is found).
enum class MaxFeaturesRule : std::uint8_t { all, sqrt, log2, count, fraction };
constexpr std::array<std::string_view, 5> enum_names(MaxFeaturesRule) {
  return {"all", "sqrt", "log2", "count", "fraction"};
}

/// scikit-learn's max_features: None (all), "sqrt", "log2", an int, or a
/// float fraction. An int converts implicitly: `.max_features = 3`,
/// `.max_features = MaxFeatures::sqrt()`.
struct MaxFeatures {
  MaxFeaturesRule rule = MaxFeaturesRule::all;
  std::int64_t count = 0;  // rule == count
  double fraction = 1.0;   // rule == fraction, in (0, 1]

  constexpr MaxFeatures() = default;
  constexpr MaxFeatures(int n) : rule(MaxFeaturesRule::count), count(n) {}  // NOLINT(google-explicit-constructor)
  static constexpr MaxFeatures all() { return {}; }
  static constexpr MaxFeatures square_root() { return with_rule(MaxFeaturesRule::sqrt); }
  static constexpr MaxFeatures log2() { return with_rule(MaxFeaturesRule::log2); }
  static constexpr MaxFeatures fraction_of_features(double f) {
    MaxFeatures m = with_rule(MaxFeaturesRule::fraction);
    m.fraction = f;
    return m;
  }

  /// scikit-learn's max_features_ for p features. A count above p acts as p.
  std::int64_t resolve(std::size_t p) const {
    const auto n = static_cast<double>(p);
    switch (rule) {
      case MaxFeaturesRule::all:
        return static_cast<std::int64_t>(p);
      case MaxFeaturesRule::sqrt:
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::sqrt(n)));
      case MaxFeaturesRule::log2:
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::log2(n)));
      case MaxFeaturesRule::count:
        return count;
      case MaxFeaturesRule::fraction:
        break;
    }
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(fraction * n));
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(rule), FEPIPE_NVP(count), FEPIPE_NVP(fraction));
  }

 private:
  static constexpr MaxFeatures with_rule(MaxFeaturesRule r) {
    MaxFeatures m;
    m.rule = r;
    return m;
  }
};

namespace detail {

/// Options of a decision tree; the regressor and the classifier differ only
/// in the criterion type. Defaults are scikit-learn's.
template <class Criterion>
struct DecisionTreeOptions {
  Criterion criterion{};
  /// nullopt: grow until leaves are pure or too small.
  std::optional<int> max_depth{};
  RowCount min_samples_split = 2;
  RowCount min_samples_leaf = 1;
  double min_weight_fraction_leaf = 0.0;
  MaxFeatures max_features{};
  /// Seeds numpy's RandomState as scikit-learn does; nullopt draws a fresh
  /// seed (the tree may then differ between fits on tied data).
  std::optional<std::uint32_t> random_state{};
  /// Set: best-first growth with at most this many leaves.
  std::optional<int> max_leaf_nodes{};
  double min_impurity_decrease = 0.0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(criterion), FEPIPE_NVP(max_depth), FEPIPE_NVP(min_samples_split), FEPIPE_NVP(min_samples_leaf),
       FEPIPE_NVP(min_weight_fraction_leaf), FEPIPE_NVP(max_features), FEPIPE_NVP(random_state),
       FEPIPE_NVP(max_leaf_nodes), FEPIPE_NVP(min_impurity_decrease));
  }
};

/// ParameterError for the growth options scikit-learn's parameter
/// validation rejects. `O` is any options struct with the growth fields.
template <class O>
void validate_growth_options(const O& o, std::string_view step) {
  if (o.max_depth && *o.max_depth < 1)
    throw_parameter(step, "max_depth must be >= 1 (or unset), got " + std::to_string(*o.max_depth));
  if (o.min_samples_split.fraction) {
    const double f = *o.min_samples_split.fraction;
    if (!(f > 0.0 && f <= 1.0))
      throw_parameter(step, "min_samples_split as a fraction must be in (0, 1], got " + python_float_repr(f));
  } else if (o.min_samples_split.count < 2) {
    throw_parameter(step, "min_samples_split must be >= 2, got " + std::to_string(o.min_samples_split.count));
  }
  if (o.min_samples_leaf.fraction) {
    const double f = *o.min_samples_leaf.fraction;
    if (!(f > 0.0 && f < 1.0))
      throw_parameter(step, "min_samples_leaf as a fraction must be in (0, 1), got " + python_float_repr(f));
  } else if (o.min_samples_leaf.count < 1) {
    throw_parameter(step, "min_samples_leaf must be >= 1, got " + std::to_string(o.min_samples_leaf.count));
  }
  if (!(o.min_weight_fraction_leaf >= 0.0 && o.min_weight_fraction_leaf <= 0.5))
    throw_parameter(step, "min_weight_fraction_leaf must be in [0, 0.5], got " +
                              python_float_repr(o.min_weight_fraction_leaf));
  const MaxFeatures& mf = o.max_features;
  if (mf.rule == MaxFeaturesRule::count && mf.count < 1)
    throw_parameter(step, "max_features must be >= 1, got " + std::to_string(mf.count));
  if (mf.rule == MaxFeaturesRule::fraction && !(mf.fraction > 0.0 && mf.fraction <= 1.0))
    throw_parameter(step, "max_features as a fraction must be in (0, 1], got " + python_float_repr(mf.fraction));
  if (o.max_leaf_nodes && *o.max_leaf_nodes < 2)
    throw_parameter(step, "max_leaf_nodes must be >= 2 (or unset), got " + std::to_string(*o.max_leaf_nodes));
  if (!(o.min_impurity_decrease >= 0.0) || !std::isfinite(o.min_impurity_decrease))
    throw_parameter(step, "min_impurity_decrease must be a finite number >= 0, got " +
                              python_float_repr(o.min_impurity_decrease));
}

/// The numbers a tree is grown with, as BaseDecisionTree.fit derives them
/// for n rows, p features and the given weights (null: unweighted).
template <class O>
CartParams resolve_cart_params(const O& o, std::size_t n, std::size_t p, const double* sample_weight) {
  CartParams r;
  r.max_depth = o.max_depth ? *o.max_depth : std::numeric_limits<std::int32_t>::max();
  r.min_samples_leaf = o.min_samples_leaf.resolve(n);
  r.min_samples_split = o.min_samples_split.resolve(n);
  if (o.min_samples_split.fraction) r.min_samples_split = std::max<std::int64_t>(2, r.min_samples_split);
  r.min_samples_split = std::max(r.min_samples_split, 2 * r.min_samples_leaf);
  r.max_features = o.max_features.resolve(p);
  r.max_leaf_nodes = o.max_leaf_nodes ? *o.max_leaf_nodes : -1;
  r.min_impurity_decrease = o.min_impurity_decrease;
  const double total = sample_weight ? pairwise_sum({sample_weight, n}) : static_cast<double>(n);
  r.min_weight_leaf = o.min_weight_fraction_leaf * total;
  return r;
}

inline CartCriterion cart_criterion(RegressionCriterion c) noexcept {
  return c == RegressionCriterion::friedman_mse ? CartCriterion::friedman_mse : CartCriterion::squared_error;
}
inline CartCriterion cart_criterion(ClassificationCriterion c) noexcept {
  return c == ClassificationCriterion::gini ? CartCriterion::gini : CartCriterion::entropy;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
