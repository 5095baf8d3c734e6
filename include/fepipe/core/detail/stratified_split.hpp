#pragma once
/// @file
/// scikit-learn's `train_test_split(..., stratify=y, random_state=seed)`
/// index for index: the first split of StratifiedShuffleSplit, whose class
/// allocation is utils._approximate_mode and whose draws come from one numpy
/// RandomState. Gradient boosting classifiers use it for the early-stopping
/// validation split.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/train_test_split.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// How many rows of each class to draw so that n_draws rows in total keep
/// the class proportions: floors of the proportional shares, then one more
/// for the largest remainders, ties broken at random (rng.choice without
/// replacement = the head of a permutation).
inline std::vector<std::size_t> approximate_mode(std::span<const std::size_t> class_counts, std::size_t n_draws,
                                                 NumpyRandomState& rng) {
  const std::size_t k = class_counts.size();
  std::size_t total = 0;
  for (std::size_t c : class_counts) total += c;
  std::vector<double> continuous(k), floored(k);
  for (std::size_t c = 0; c < k; ++c) {
    continuous[c] = static_cast<double>(class_counts[c]) / static_cast<double>(total) * static_cast<double>(n_draws);
    floored[c] = std::floor(continuous[c]);
  }
  auto need = static_cast<std::int64_t>(static_cast<double>(n_draws) - pairwise_sum(floored));
  if (need > 0) {
    std::vector<double> remainder(k);
    for (std::size_t c = 0; c < k; ++c) remainder[c] = continuous[c] - floored[c];
    std::vector<double> values = remainder;
    std::sort(values.begin(), values.end(), [](double a, double b) { return a > b; });
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (double value : values) {
      std::vector<std::size_t> inds;
      for (std::size_t c = 0; c < k; ++c)
        if (remainder[c] == value) inds.push_back(c);
      const auto add_now = std::min<std::int64_t>(static_cast<std::int64_t>(inds.size()), need);
      const std::vector<std::size_t> perm = rng.permutation(inds.size());
      for (std::int64_t j = 0; j < add_now; ++j) floored[inds[perm[static_cast<std::size_t>(j)]]] += 1;
      need -= add_now;
      if (need == 0) break;
    }
  }
  std::vector<std::size_t> out(k);
  for (std::size_t c = 0; c < k; ++c) out[c] = static_cast<std::size_t>(floored[c]);
  return out;
}

/// Train/test row indices stratified on `labels` (0..n_classes-1), in the
/// order scikit-learn returns them. DataError (naming `step`) where
/// scikit-learn raises: a class with fewer than 2 rows, or a part too small
/// to hold every class.
inline SplitIndices stratified_split_indices(std::span<const double> labels, std::size_t n_classes, double test_size,
                                             std::uint32_t seed, std::string_view step) {
  const std::size_t n = labels.size();
  const auto n_test = static_cast<std::size_t>(std::ceil(test_size * static_cast<double>(n)));
  if (n_test == 0 || n_test >= n)
    throw_data(step, "", "validation_fraction " + python_float_repr(test_size) + " of " + std::to_string(n) +
                             " rows leaves an empty training or validation part");
  const std::size_t n_train = n - n_test;
  std::vector<std::vector<std::size_t>> class_rows(n_classes);
  for (std::size_t i = 0; i < n; ++i) class_rows[static_cast<std::size_t>(labels[i])].push_back(i);
  std::vector<std::size_t> counts(n_classes);
  for (std::size_t c = 0; c < n_classes; ++c) {
    counts[c] = class_rows[c].size();
    if (counts[c] < 2)
      throw_data(step, "", "class " + std::to_string(c) + " has " + std::to_string(counts[c]) +
                               " row(s); the stratified validation split needs at least 2 per class");
  }
  if (n_train < n_classes || n_test < n_classes)
    throw_data(step, "", "the validation split (" + std::to_string(n_train) + " training, " + std::to_string(n_test) +
                             " validation rows) cannot hold all " + std::to_string(n_classes) + " classes");

  NumpyRandomState rng(seed);
  const std::vector<std::size_t> n_i = approximate_mode(counts, n_train, rng);
  std::vector<std::size_t> remaining(n_classes);
  for (std::size_t c = 0; c < n_classes; ++c) remaining[c] = counts[c] - n_i[c];
  const std::vector<std::size_t> t_i = approximate_mode(remaining, n_test, rng);

  SplitIndices s;
  for (std::size_t c = 0; c < n_classes; ++c) {
    const std::vector<std::size_t> perm = rng.permutation(counts[c]);
    for (std::size_t j = 0; j < n_i[c] + t_i[c]; ++j)
      (j < n_i[c] ? s.train : s.test).push_back(class_rows[c][perm[j]]);
  }
  rng.shuffle(s.train);
  rng.shuffle(s.test);
  return s;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
