#pragma once
/// @file
/// train_test_split: scikit-learn's shuffled split, index for index
/// (the other splitters: k_fold.hpp, shuffle_split.hpp, time_series_split.hpp).

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"

FEPIPE_NAMESPACE_BEGIN

struct SplitOptions {
  /// Fraction of rows in the test part, in (0, 1): ceil(test_size · n) rows.
  double test_size = 0.25;
  /// Seed of numpy's RandomState as scikit-learn uses it; nullopt draws a
  /// fresh seed (not reproducible).
  std::optional<std::uint32_t> random_state{};
  /// false: the first rows train, the last rows test, in order.
  bool shuffle = true;
};

/// Row indices of a split.
struct SplitIndices {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

/// The indices scikit-learn's `train_test_split(n rows, test_size,
/// random_state)` selects: a numpy permutation of the rows, the first
/// ceil(test_size·n) of it for test, the rest for train, in permutation order.
inline SplitIndices train_test_split_indices(std::size_t n, const SplitOptions& options = {}) {
  if (!(options.test_size > 0.0 && options.test_size < 1.0))
    detail::throw_parameter("train_test_split", "test_size must be in (0, 1), got " +
                                                    detail::python_float_repr(options.test_size));
  const auto n_test = static_cast<std::size_t>(std::ceil(options.test_size * static_cast<double>(n)));
  if (n_test == 0 || n_test >= n)
    detail::throw_parameter("train_test_split", "with " + std::to_string(n) + " rows and test_size " +
                                                    detail::python_float_repr(options.test_size) +
                                                    " one part would be empty");
  std::vector<std::size_t> order;
  if (options.shuffle) {
    const std::uint32_t seed = options.random_state ? *options.random_state : std::random_device{}();
    order = detail::NumpyRandomState(seed).permutation(n);
  } else {
    order.resize(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    // Unshuffled: train first, test last (scikit-learn's order).
    SplitIndices s;
    s.train.assign(order.begin(), order.end() - static_cast<std::ptrdiff_t>(n_test));
    s.test.assign(order.end() - static_cast<std::ptrdiff_t>(n_test), order.end());
    return s;
  }
  SplitIndices s;
  s.test.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_test));
  s.train.assign(order.begin() + static_cast<std::ptrdiff_t>(n_test), order.end());
  return s;
}

/// A frame and its target split into train and test parts.
struct TrainTestSplit {
  Frame X_train, X_test;
  Target y_train, y_test;
};

inline Target take_rows(const Target& y, const std::vector<std::size_t>& rows) {
  Target out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) out[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(rows[i])];
  return out;
}

/// scikit-learn's `train_test_split(X, y, test_size, random_state)`.
inline TrainTestSplit train_test_split(const Frame& X, const Target& y, const SplitOptions& options = {}) {
  if (static_cast<std::size_t>(y.size()) != X.rows())
    detail::throw_schema("train_test_split", "",
                         "target has " + std::to_string(y.size()) + " values for " + std::to_string(X.rows()) + " rows");
  const SplitIndices idx = train_test_split_indices(X.rows(), options);
  return {X.take_rows(idx.train), X.take_rows(idx.test), take_rows(y, idx.train), take_rows(y, idx.test)};
}

FEPIPE_NAMESPACE_END
