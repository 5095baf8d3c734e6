#pragma once
/// @file
/// Random permutation splitters with scikit-learn 1.2.1's indices for the
/// same random_state: ShuffleSplit and StratifiedShuffleSplit. Indices come
/// in scikit-learn's order (permutation order, not sorted).

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
// detail::approximate_mode (scikit-learn's _approximate_mode), written for
// gradient boosting's stratified validation split; shared, not copied.
#include "fepipe/core/detail/stratified_split.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A train or test size as scikit-learn takes it: unset, a fraction in
/// (0, 1) or a number of rows.
struct SplitSize {
  enum class Kind : std::uint8_t { unset, fraction, rows };
  Kind kind = Kind::unset;
  double value = 0.0;
  static SplitSize fraction_of(double f) { return {Kind::fraction, f}; }
  static SplitSize rows_of(std::size_t n) { return {Kind::rows, static_cast<double>(n)}; }
};

namespace detail {

inline std::string split_size_text(const SplitSize& s) {
  return s.kind == SplitSize::Kind::rows ? std::to_string(static_cast<std::size_t>(s.value))
                                         : python_float_repr(s.value);
}

/// scikit-learn's `_validate_shuffle_split`: (n_train, n_test).
inline std::pair<std::size_t, std::size_t> validate_shuffle_split(std::string_view who, std::size_t n_samples,
                                                                  SplitSize test, SplitSize train,
                                                                  double default_test_size) {
  using K = SplitSize::Kind;
  if (test.kind == K::unset && train.kind == K::unset) test = SplitSize::fraction_of(default_test_size);
  const auto n = static_cast<double>(n_samples);
  auto check = [&](const SplitSize& s, const char* name) {
    if ((s.kind == K::rows && (s.value >= n || s.value <= 0)) ||
        (s.kind == K::fraction && !(s.value > 0 && s.value < 1)))
      throw_parameter(who, std::string(name) + "=" + split_size_text(s) +
                               " should be either positive and smaller than the number of samples " +
                               std::to_string(n_samples) + " or a float in the (0, 1) range");
  };
  check(test, "test_size");
  check(train, "train_size");
  if (train.kind == K::fraction && test.kind == K::fraction && train.value + test.value > 1)
    throw_parameter(who, "the sum of test_size and train_size = " + python_float_repr(train.value + test.value) +
                             ", should be in the (0, 1) range; reduce test_size and/or train_size");
  double n_test = 0, n_train = 0;
  if (test.kind == K::fraction) n_test = std::ceil(test.value * n);
  if (test.kind == K::rows) n_test = test.value;
  if (train.kind == K::fraction) n_train = std::floor(train.value * n);
  if (train.kind == K::rows) n_train = train.value;
  if (train.kind == K::unset) n_train = n - n_test;
  else if (test.kind == K::unset) n_test = n - n_train;
  if (n_train + n_test > n)
    throw_parameter(who, "the sum of train_size and test_size = " +
                             std::to_string(static_cast<std::size_t>(n_train + n_test)) +
                             ", should be smaller than the number of samples " + std::to_string(n_samples) +
                             "; reduce test_size and/or train_size");
  if (static_cast<std::size_t>(n_train) == 0)
    throw_parameter(who, "with n_samples=" + std::to_string(n_samples) + ", test_size=" + split_size_text(test) +
                             " and train_size=" + split_size_text(train) + ", the train set would be empty");
  return {static_cast<std::size_t>(n_train), static_cast<std::size_t>(n_test)};
}

}  // namespace detail

/// scikit-learn's `ShuffleSplit`: n_splits independent permutations of the
/// rows from one RandomState; each takes its first n_test for test and the
/// next n_train for train. n_splits = 0 is refused (scikit-learn would
/// yield no split at all).
class ShuffleSplit {
 public:
  struct Options {
    std::size_t n_splits = 10;
    SplitSize test_size{};   ///< unset: 0.1, or the complement of train_size
    SplitSize train_size{};  ///< unset: the complement of test_size
    std::optional<std::uint32_t> random_state{};
  };
  static constexpr std::string_view type_name = "ShuffleSplit";

  ShuffleSplit() = default;
  explicit ShuffleSplit(Options o) : options_(o) {
    if (o.n_splits == 0) detail::throw_parameter(type_name, "n_splits must be 1 or more, got n_splits=0");
  }
  std::size_t get_n_splits() const noexcept { return options_.n_splits; }
  const Options& options() const noexcept { return options_; }

  std::vector<SplitIndices> split(std::size_t n_samples) const {
    const auto [n_train, n_test] =
        detail::validate_shuffle_split(type_name, n_samples, options_.test_size, options_.train_size, 0.1);
    auto rng = detail::make_random_state(options_.random_state);
    std::vector<SplitIndices> out;
    out.reserve(options_.n_splits);
    for (std::size_t s = 0; s < options_.n_splits; ++s) {
      const std::vector<std::size_t> perm = rng.permutation(n_samples);
      SplitIndices si;
      si.test.assign(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(n_test));
      si.train.assign(perm.begin() + static_cast<std::ptrdiff_t>(n_test),
                      perm.begin() + static_cast<std::ptrdiff_t>(n_test + n_train));
      out.push_back(std::move(si));
    }
    return out;
  }

 private:
  Options options_{};
};

/// scikit-learn's `StratifiedShuffleSplit`: each split draws per-class train
/// and test counts (`_approximate_mode`), permutes each class's rows, and
/// permutes the train and test lists.
class StratifiedShuffleSplit {
 public:
  struct Options {
    std::size_t n_splits = 10;
    SplitSize test_size{};
    SplitSize train_size{};
    std::optional<std::uint32_t> random_state{};
  };
  static constexpr std::string_view type_name = "StratifiedShuffleSplit";

  StratifiedShuffleSplit() = default;
  explicit StratifiedShuffleSplit(Options o) : options_(o) {
    if (o.n_splits == 0) detail::throw_parameter(type_name, "n_splits must be 1 or more, got n_splits=0");
  }
  std::size_t get_n_splits() const noexcept { return options_.n_splits; }
  const Options& options() const noexcept { return options_; }

  /// Splits by the class labels `y` (any distinct values are classes).
  std::vector<SplitIndices> split(const Eigen::VectorXd& y) const {
    const auto n_samples = static_cast<std::size_t>(y.size());
    const auto [n_train, n_test] =
        detail::validate_shuffle_split(type_name, n_samples, options_.test_size, options_.train_size, 0.1);
    const detail::EncodedLabels e = detail::encode_sorted(y, type_name, "y");
    const std::size_t n_classes = e.classes.size();
    std::vector<std::size_t> counts(n_classes, 0);
    for (std::size_t c : e.codes) ++counts[c];
    for (std::size_t c = 0; c < n_classes; ++c)
      if (counts[c] < 2)
        detail::throw_data(type_name, "y",
                           "the least populated class in y (" + detail::python_float_repr(e.classes[c]) +
                               ") has only 1 member, which is too few: every class needs 2 or more");
    if (n_train < n_classes)
      detail::throw_parameter(type_name, "the train_size = " + std::to_string(n_train) +
                                             " should be greater or equal to the number of classes = " +
                                             std::to_string(n_classes));
    if (n_test < n_classes)
      detail::throw_parameter(type_name, "the test_size = " + std::to_string(n_test) +
                                             " should be greater or equal to the number of classes = " +
                                             std::to_string(n_classes));
    // Rows of each class in increasing order (a stable argsort of the codes).
    std::vector<std::vector<std::size_t>> class_rows(n_classes);
    for (std::size_t i = 0; i < n_samples; ++i) class_rows[e.codes[i]].push_back(i);
    auto rng = detail::make_random_state(options_.random_state);
    std::vector<SplitIndices> out;
    out.reserve(options_.n_splits);
    for (std::size_t s = 0; s < options_.n_splits; ++s) {
      const std::vector<std::size_t> n_i = detail::approximate_mode(counts, n_train, rng);
      std::vector<std::size_t> remaining(n_classes);
      for (std::size_t c = 0; c < n_classes; ++c) remaining[c] = counts[c] - n_i[c];
      const std::vector<std::size_t> t_i = detail::approximate_mode(remaining, n_test, rng);
      std::vector<std::size_t> train, test;
      for (std::size_t c = 0; c < n_classes; ++c) {
        const std::vector<std::size_t> perm = rng.permutation(counts[c]);
        for (std::size_t j = 0; j < n_i[c]; ++j) train.push_back(class_rows[c][perm[j]]);
        for (std::size_t j = n_i[c]; j < n_i[c] + t_i[c]; ++j) test.push_back(class_rows[c][perm[j]]);
      }
      rng.shuffle(train);
      rng.shuffle(test);
      out.push_back({std::move(train), std::move(test)});
    }
    return out;
  }

 private:
  Options options_{};
};

FEPIPE_NAMESPACE_END
