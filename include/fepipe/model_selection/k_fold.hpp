#pragma once
/// @file
/// K-fold cross-validation splitters with scikit-learn 1.2.1's indices for
/// the same random_state: KFold, StratifiedKFold, RepeatedKFold, GroupKFold.
/// Each `split` returns every (train, test) pair, both index lists in
/// increasing order, as scikit-learn yields them.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/model_selection/detail/split_support.hpp"
#include "fepipe/model_selection/train_test_split.hpp"

FEPIPE_NAMESPACE_BEGIN

/// scikit-learn's `KFold`: consecutive folds of the (optionally shuffled)
/// rows; the first n % n_splits folds have one row more.
class KFold {
 public:
  struct Options {
    std::size_t n_splits = 5;
    bool shuffle = false;
    /// Seed of numpy's RandomState; only with shuffle (scikit-learn refuses
    /// a seed without shuffle). nullopt with shuffle: a fresh seed.
    std::optional<std::uint32_t> random_state{};
  };
  static constexpr std::string_view type_name = "KFold";

  KFold() = default;
  explicit KFold(Options o) : options_(o) {
    detail::check_fold_options(type_name, o.n_splits, o.shuffle, o.random_state.has_value());
  }
  std::size_t get_n_splits() const noexcept { return options_.n_splits; }
  const Options& options() const noexcept { return options_; }

  std::vector<SplitIndices> split(std::size_t n_samples) const {
    detail::check_not_more_splits_than_samples(type_name, options_.n_splits, n_samples);
    std::vector<std::size_t> order(n_samples);
    for (std::size_t i = 0; i < n_samples; ++i) order[i] = i;
    if (options_.shuffle) {
      auto rng = detail::make_random_state(options_.random_state);
      rng.shuffle(order);
    }
    return folds_of(order, options_.n_splits);
  }

  /// The folds of an ordering: fold f tests order[start_f, stop_f)
  /// (RepeatedKFold reuses it for each of its shuffles).
  static std::vector<SplitIndices> folds_of(const std::vector<std::size_t>& order, std::size_t n_splits) {
    const std::size_t n = order.size();
    std::vector<SplitIndices> out;
    out.reserve(n_splits);
    std::size_t current = 0;
    for (std::size_t f = 0; f < n_splits; ++f) {
      const std::size_t size = n / n_splits + (f < n % n_splits ? 1 : 0);
      std::vector<bool> mask(n, false);
      for (std::size_t i = current; i < current + size; ++i) mask[order[i]] = true;
      out.push_back(detail::split_from_mask<SplitIndices>(mask));
      current += size;
    }
    return out;
  }

 private:
  Options options_{};
};

/// scikit-learn's `StratifiedKFold`: each fold holds about the same share of
/// every class. Classes are numbered by first appearance; the per-fold
/// allocation is the round robin over the sorted codes, and each class's
/// rows take their folds in blocks (shuffled per class with shuffle).
class StratifiedKFold {
 public:
  struct Options {
    std::size_t n_splits = 5;
    bool shuffle = false;
    std::optional<std::uint32_t> random_state{};
  };
  static constexpr std::string_view type_name = "StratifiedKFold";

  StratifiedKFold() = default;
  explicit StratifiedKFold(Options o) : options_(o) {
    detail::check_fold_options(type_name, o.n_splits, o.shuffle, o.random_state.has_value());
  }
  std::size_t get_n_splits() const noexcept { return options_.n_splits; }
  const Options& options() const noexcept { return options_; }

  /// Splits by the class labels `y` (integral values: binary or multiclass).
  std::vector<SplitIndices> split(const Eigen::VectorXd& y) const {
    const std::size_t n = static_cast<std::size_t>(y.size());
    const std::size_t k_splits = options_.n_splits;
    detail::check_not_more_splits_than_samples(type_name, k_splits, n);
    for (Eigen::Index i = 0; i < y.size(); ++i)
      if (!std::isfinite(y[i]) || y[i] != std::floor(y[i]))
        detail::throw_data(type_name, "y",
                           "class labels must be integral (binary or multiclass); " +
                               detail::value_at_row(y[i], static_cast<std::size_t>(i)));
    const detail::EncodedLabels sorted = detail::encode_sorted(y, type_name, "y");
    // Renumber the classes by first appearance (np.unique of y_idx).
    const std::size_t n_classes = sorted.classes.size();
    std::vector<std::size_t> by_appearance(n_classes);
    for (std::size_t c = 0; c < n_classes; ++c) by_appearance[c] = c;
    std::sort(by_appearance.begin(), by_appearance.end(),
              [&](std::size_t a, std::size_t b) { return sorted.first_row[a] < sorted.first_row[b]; });
    std::vector<std::size_t> appearance_code(n_classes);
    for (std::size_t r = 0; r < n_classes; ++r) appearance_code[by_appearance[r]] = r;
    std::vector<std::size_t> code(n);
    std::vector<std::size_t> counts(n_classes, 0);
    for (std::size_t i = 0; i < n; ++i) {
      code[i] = appearance_code[sorted.codes[i]];
      ++counts[code[i]];
    }
    if (std::all_of(counts.begin(), counts.end(), [&](std::size_t c) { return k_splits > c; }))
      detail::throw_parameter(type_name, "n_splits=" + std::to_string(k_splits) +
                                             " cannot be greater than the number of members in each class");
    // allocation[f][k]: rows of class k in fold f — the round robin over the
    // sorted codes (y_order[f::n_splits]).
    std::vector<std::vector<std::size_t>> allocation(k_splits, std::vector<std::size_t>(n_classes, 0));
    {
      std::size_t pos = 0;
      for (std::size_t k = 0; k < n_classes; ++k)
        for (std::size_t j = 0; j < counts[k]; ++j, ++pos) ++allocation[pos % k_splits][k];
    }
    // One generator for all classes, seeded per call as check_random_state(int) is.
    auto rng = detail::make_random_state(options_.random_state);
    std::vector<std::size_t> test_fold(n);
    for (std::size_t k = 0; k < n_classes; ++k) {
      std::vector<std::size_t> folds_for_class;
      folds_for_class.reserve(counts[k]);
      for (std::size_t f = 0; f < k_splits; ++f) folds_for_class.insert(folds_for_class.end(), allocation[f][k], f);
      if (options_.shuffle) rng.shuffle(folds_for_class);
      std::size_t next = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (code[i] == k) test_fold[i] = folds_for_class[next++];
    }
    std::vector<SplitIndices> out;
    out.reserve(k_splits);
    for (std::size_t f = 0; f < k_splits; ++f) {
      std::vector<bool> mask(n);
      for (std::size_t i = 0; i < n; ++i) mask[i] = test_fold[i] == f;
      out.push_back(detail::split_from_mask<SplitIndices>(mask));
    }
    return out;
  }

 private:
  Options options_{};
};

/// scikit-learn's `RepeatedKFold`: n_repeats shuffled KFolds that all draw
/// from one RandomState(random_state), one after the other.
class RepeatedKFold {
 public:
  struct Options {
    std::size_t n_splits = 5;
    std::size_t n_repeats = 10;
    std::optional<std::uint32_t> random_state{};
  };
  static constexpr std::string_view type_name = "RepeatedKFold";

  RepeatedKFold() = default;
  explicit RepeatedKFold(Options o) : options_(o) {
    detail::check_n_splits(type_name, o.n_splits);
    if (o.n_repeats == 0) detail::throw_parameter(type_name, "n_repeats must be greater than 0, got n_repeats=0");
  }
  std::size_t get_n_splits() const noexcept { return options_.n_splits * options_.n_repeats; }
  const Options& options() const noexcept { return options_; }

  std::vector<SplitIndices> split(std::size_t n_samples) const {
    detail::check_not_more_splits_than_samples(type_name, options_.n_splits, n_samples);
    auto rng = detail::make_random_state(options_.random_state);
    std::vector<SplitIndices> out;
    out.reserve(get_n_splits());
    for (std::size_t r = 0; r < options_.n_repeats; ++r) {
      std::vector<std::size_t> order(n_samples);
      for (std::size_t i = 0; i < n_samples; ++i) order[i] = i;
      rng.shuffle(order);
      for (auto& s : KFold::folds_of(order, options_.n_splits)) out.push_back(std::move(s));
    }
    return out;
  }

 private:
  Options options_{};
};

/// scikit-learn's `GroupKFold`: no group is in two test folds. Groups,
/// largest first (numpy's argsort order, reversed), go to the fold with the
/// fewest rows so far.
class GroupKFold {
 public:
  struct Options {
    std::size_t n_splits = 5;
  };
  static constexpr std::string_view type_name = "GroupKFold";

  GroupKFold() = default;
  explicit GroupKFold(Options o) : options_(o) { detail::check_n_splits(type_name, o.n_splits); }
  std::size_t get_n_splits() const noexcept { return options_.n_splits; }
  const Options& options() const noexcept { return options_; }

  /// Splits by the group label of each row.
  std::vector<SplitIndices> split(const Eigen::VectorXd& groups) const {
    const std::size_t n = static_cast<std::size_t>(groups.size());
    const std::size_t k_splits = options_.n_splits;
    detail::check_not_more_splits_than_samples(type_name, k_splits, n);
    const detail::EncodedLabels g = detail::encode_sorted(groups, type_name, "groups");
    const std::size_t n_groups = g.classes.size();
    if (k_splits > n_groups)
      detail::throw_parameter(type_name, "cannot have n_splits=" + std::to_string(k_splits) +
                                             " greater than the number of groups: " + std::to_string(n_groups));
    std::vector<std::int64_t> per_group(n_groups, 0);
    for (std::size_t c : g.codes) ++per_group[c];
    std::vector<std::size_t> order = detail::numpy_argsort(per_group);
    std::reverse(order.begin(), order.end());
    std::vector<double> fold_rows(k_splits, 0.0);
    std::vector<std::size_t> group_to_fold(n_groups, 0);
    for (std::size_t gi : order) {
      // np.argmin: the first of the lightest folds.
      const auto lightest =
          static_cast<std::size_t>(std::min_element(fold_rows.begin(), fold_rows.end()) - fold_rows.begin());
      fold_rows[lightest] += static_cast<double>(per_group[gi]);
      group_to_fold[gi] = lightest;
    }
    std::vector<SplitIndices> out;
    out.reserve(k_splits);
    for (std::size_t f = 0; f < k_splits; ++f) {
      std::vector<bool> mask(n);
      for (std::size_t i = 0; i < n; ++i) mask[i] = group_to_fold[g.codes[i]] == f;
      out.push_back(detail::split_from_mask<SplitIndices>(mask));
    }
    return out;
  }

 private:
  Options options_{};
};

FEPIPE_NAMESPACE_END
