#pragma once
/// @file
/// What the splitters share: numpy's unstable argsort (GroupKFold orders its
/// groups with it, and ties between equal group sizes fall where numpy's
/// introsort puts them), label encoding as np.unique does it, seeding.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// numpy's `np.argsort(v)` with the default kind (npysort's `aquicksort_`:
/// median-of-3 quicksort while a part spans more than 16 elements, then
/// insertion sort; heapsort
/// past the depth limit). Not stable: the order of ties is numpy's.
/// `depth_budget` < 0 starts in heapsort (np.argsort(kind="heapsort"), used
/// by the tests to check that path); unset, numpy's 2·floor(log2 n).
template <class T>
std::vector<std::size_t> numpy_argsort(const std::vector<T>& v, std::optional<int> depth_budget = std::nullopt) {
  const std::size_t num = v.size();
  std::vector<std::size_t> idx(num);
  for (std::size_t i = 0; i < num; ++i) idx[i] = i;
  if (num < 2) return idx;
  auto less = [&](std::size_t a, std::size_t b) { return v[a] < v[b]; };
  // Heapsort on idx[lo..lo+n) as numpy's aheapsort_ (1-based heap).
  auto heapsort = [&](std::size_t lo, std::size_t n) {
    // a(1..n): numpy's 1-based heap over idx[lo..lo+n), without forming a
    // pointer before the array.
    auto a = [&](std::size_t k) -> std::size_t& { return idx[lo + k - 1]; };
    // numpy's sift-down of `tmp` from heap position i over a(1..size).
    auto sift = [&](std::size_t tmp, std::size_t i, std::size_t size) {
      for (std::size_t j = i << 1; j <= size;) {
        if (j < size && less(a(j), a(j + 1))) j += 1;
        if (!less(tmp, a(j))) break;
        a(i) = a(j);
        i = j;
        j += j;
      }
      a(i) = tmp;
    };
    for (std::size_t l = n >> 1; l > 0; --l) sift(a(l), l, n);
    for (; n > 1;) {
      const std::size_t tmp = a(n);
      a(n) = a(1);
      n -= 1;
      sift(tmp, 1, n);
    }
  };
  constexpr std::ptrdiff_t small_quicksort = 15;  // npysort_common.h: SMALL_QUICKSORT
  int msb = 0;
  for (std::size_t u = num; u > 1; u >>= 1) ++msb;
  int cdepth = depth_budget ? *depth_budget : msb * 2;
  std::vector<std::ptrdiff_t> stack;
  std::vector<int> depth;
  std::ptrdiff_t pl = 0, pr = static_cast<std::ptrdiff_t>(num) - 1;
  auto at = [&](std::ptrdiff_t p) -> std::size_t& { return idx[static_cast<std::size_t>(p)]; };
  for (;;) {
    if (cdepth < 0) {
      heapsort(static_cast<std::size_t>(pl), static_cast<std::size_t>(pr - pl + 1));
    } else {
      while ((pr - pl) > small_quicksort) {
        const std::ptrdiff_t pm = pl + ((pr - pl) >> 1);
        if (less(at(pm), at(pl))) std::swap(at(pm), at(pl));
        if (less(at(pr), at(pm))) std::swap(at(pr), at(pm));
        if (less(at(pm), at(pl))) std::swap(at(pm), at(pl));
        const std::size_t vp = at(pm);
        std::ptrdiff_t pi = pl, pj = pr - 1;
        std::swap(at(pm), at(pj));
        for (;;) {
          do ++pi;
          while (less(at(pi), vp));
          do --pj;
          while (less(vp, at(pj)));
          if (pi >= pj) break;
          std::swap(at(pi), at(pj));
        }
        std::swap(at(pi), at(pr - 1));
        if (pi - pl < pr - pi) {
          stack.push_back(pi + 1);
          stack.push_back(pr);
          pr = pi - 1;
        } else {
          stack.push_back(pl);
          stack.push_back(pi - 1);
          pl = pi + 1;
        }
        depth.push_back(--cdepth);
      }
      for (std::ptrdiff_t pi = pl + 1; pi <= pr; ++pi) {
        const std::size_t vi = at(pi);
        std::ptrdiff_t pj = pi, pk = pi - 1;
        while (pj > pl && less(vi, at(pk))) at(pj--) = at(pk--);
        at(pj) = vi;
      }
    }
    if (stack.empty()) break;
    pr = stack.back();
    stack.pop_back();
    pl = stack.back();
    stack.pop_back();
    cdepth = depth.back();
    depth.pop_back();
  }
  return idx;
}

/// Labels encoded 0..k-1 in sorted order (np.unique's `return_inverse`), with
/// the sorted distinct labels. NaN is a DataError naming `who` and the row.
struct EncodedLabels {
  std::vector<double> classes;        // sorted
  std::vector<std::size_t> codes;     // per sample
  std::vector<std::size_t> first_row; // per class: first row holding it
};

inline EncodedLabels encode_sorted(const Eigen::VectorXd& y, std::string_view who, std::string_view what) {
  std::map<double, std::size_t> first;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i])) throw_data(who, "", std::string(what) + " holds NaN at row " + std::to_string(i));
    first.emplace(y[i], static_cast<std::size_t>(i));
  }
  EncodedLabels e;
  std::map<double, std::size_t> code;
  for (const auto& [label, row] : first) {
    code.emplace(label, e.classes.size());
    e.classes.push_back(label);
    e.first_row.push_back(row);
  }
  e.codes.resize(static_cast<std::size_t>(y.size()));
  for (Eigen::Index i = 0; i < y.size(); ++i) e.codes[static_cast<std::size_t>(i)] = code.at(y[i]);
  return e;
}

/// The generator scikit-learn's `check_random_state(random_state)` gives:
/// RandomState(seed), or a fresh seed for None.
inline NumpyRandomState make_random_state(std::optional<std::uint32_t> seed) {
  return NumpyRandomState(seed ? *seed : std::random_device{}());
}

/// (train, test) from a test mask: both in increasing index order.
template <class SplitT>
SplitT split_from_mask(const std::vector<bool>& in_test) {
  SplitT s;
  for (std::size_t i = 0; i < in_test.size(); ++i) (in_test[i] ? s.test : s.train).push_back(i);
  return s;
}

inline void check_n_splits(std::string_view who, std::size_t n_splits) {
  if (n_splits < 2)
    throw_parameter(who, "n_splits must be 2 or more (k-fold needs at least one train/test split), got n_splits=" +
                             std::to_string(n_splits));
}

/// The options of a shuffling k-fold (KFold, StratifiedKFold): n_splits,
/// and a seed only with shuffle, as scikit-learn refuses one without it.
inline void check_fold_options(std::string_view who, std::size_t n_splits, bool shuffle, bool has_seed) {
  check_n_splits(who, n_splits);
  if (has_seed && !shuffle)
    throw_parameter(who, "setting random_state has no effect since shuffle is false: "
                         "leave random_state unset or set shuffle=true");
}

inline void check_not_more_splits_than_samples(std::string_view who, std::size_t n_splits, std::size_t n_samples) {
  if (n_splits > n_samples)
    throw_parameter(who, "cannot have n_splits=" + std::to_string(n_splits) +
                             " greater than the number of samples n_samples=" + std::to_string(n_samples));
}

}  // namespace detail
FEPIPE_NAMESPACE_END
