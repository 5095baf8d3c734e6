#pragma once
/// @file
/// scikit-learn 1.2.1's `TimeSeriesSplit`: growing (or sliding, with
/// max_train_size) windows of past rows, each tested on the rows after it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/model_selection/detail/split_support.hpp"
#include "fepipe/model_selection/train_test_split.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Time-ordered folds: the last n_splits blocks of test_size rows (default
/// n_samples / (n_splits + 1)) are the test sets; each trains on the rows
/// before its block, minus `gap` rows, at most the last max_train_size.
class TimeSeriesSplit {
 public:
  struct Options {
    std::size_t n_splits = 5;
    std::optional<std::size_t> max_train_size{};
    std::optional<std::size_t> test_size{};
    std::size_t gap = 0;
  };
  static constexpr std::string_view type_name = "TimeSeriesSplit";

  TimeSeriesSplit() = default;
  explicit TimeSeriesSplit(Options o) : options_(o) {
    detail::check_n_splits(type_name, o.n_splits);
    if (o.test_size && *o.test_size == 0)
      detail::throw_parameter(type_name, "test_size must be 1 or more, got test_size=0");
  }
  std::size_t get_n_splits() const noexcept { return options_.n_splits; }
  const Options& options() const noexcept { return options_; }

  std::vector<SplitIndices> split(std::size_t n_samples) const {
    const std::size_t n_splits = options_.n_splits, n_folds = n_splits + 1, gap = options_.gap;
    const std::size_t test_size = options_.test_size ? *options_.test_size : n_samples / n_folds;
    if (n_folds > n_samples)
      detail::throw_parameter(type_name, "cannot have number of folds=" + std::to_string(n_folds) +
                                             " (n_splits + 1) greater than the number of samples=" +
                                             std::to_string(n_samples));
    if (gap + test_size * n_splits >= n_samples)
      detail::throw_parameter(type_name, "too many splits=" + std::to_string(n_splits) + " for number of samples=" +
                                             std::to_string(n_samples) + " with test_size=" +
                                             std::to_string(test_size) + " and gap=" + std::to_string(gap));
    std::vector<SplitIndices> out;
    out.reserve(n_splits);
    for (std::size_t test_start = n_samples - n_splits * test_size; test_start < n_samples; test_start += test_size) {
      const std::size_t train_end = test_start - gap;
      // scikit-learn tests `if self.max_train_size and ...`: 0 means no limit.
      const std::size_t train_begin =
          (options_.max_train_size && *options_.max_train_size > 0 && *options_.max_train_size < train_end)
              ? train_end - *options_.max_train_size
              : 0;
      SplitIndices s;
      for (std::size_t i = train_begin; i < train_end; ++i) s.train.push_back(i);
      for (std::size_t i = test_start; i < test_start + test_size && i < n_samples; ++i) s.test.push_back(i);
      out.push_back(std::move(s));
    }
    return out;
  }

 private:
  Options options_{};
};

FEPIPE_NAMESPACE_END
