#pragma once
/// @file
/// The sort scikit-learn's best splitter applies to a node's rows for each
/// feature it evaluates: introsort (Musser 1997) with Bentley–McIlroy
/// median-of-three pivots, a three-way partition, and heapsort once the
/// depth budget 2·⌊log2 n⌋ is spent.
///
/// The order is not stable, and it matters: criterion sums are accumulated
/// in sorted order and the splitter leaves the rows in the order of the last
/// sort, so children start from it. Any other sort gives the same splits on
/// untied data but different last bits — and different trees on ties.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {
namespace cart_sort {

inline void swap_pair(float* x, std::int64_t* rows, std::size_t i, std::size_t j) noexcept {
  std::swap(x[i], x[j]);
  std::swap(rows[i], rows[j]);
}

inline float median_of_three(const float* x, std::size_t n) noexcept {
  const float a = x[0], b = x[n / 2], c = x[n - 1];
  if (a < b) {
    if (b < c) return b;
    return a < c ? c : a;
  }
  if (b < c) return a < c ? a : c;
  return b;
}

/// Moves the largest of x[root..end) (a heap below root) up to root.
inline void sift_down(float* x, std::int64_t* rows, std::size_t root, std::size_t end) noexcept {
  for (;;) {
    const std::size_t child = root * 2 + 1;
    std::size_t largest = root;
    if (child < end && x[largest] < x[child]) largest = child;
    if (child + 1 < end && x[largest] < x[child + 1]) largest = child + 1;
    if (largest == root) return;
    swap_pair(x, rows, root, largest);
    root = largest;
  }
}

inline void heapsort(float* x, std::int64_t* rows, std::size_t n) noexcept {
  if (n < 2) return;
  for (std::size_t start = (n - 2) / 2;; --start) {
    sift_down(x, rows, start, n);
    if (start == 0) break;
  }
  for (std::size_t end = n - 1; end > 0; --end) {
    swap_pair(x, rows, 0, end);
    sift_down(x, rows, 0, end);
  }
}

inline void introsort(float* x, std::int64_t* rows, std::size_t n, int depth_budget) noexcept {
  while (n > 1) {
    if (depth_budget <= 0) {
      heapsort(x, rows, n);
      return;
    }
    --depth_budget;
    const float pivot = median_of_three(x, n);
    // Three-way partition: [0, lt) < pivot, [lt, gt) == pivot, [gt, n) > pivot.
    std::size_t i = 0, lt = 0, gt = n;
    while (i < gt) {
      if (x[i] < pivot) {
        swap_pair(x, rows, i++, lt++);
      } else if (x[i] > pivot) {
        swap_pair(x, rows, i, --gt);
      } else {
        ++i;
      }
    }
    introsort(x, rows, lt, depth_budget);
    x += gt;
    rows += gt;
    n -= gt;
  }
}

}  // namespace cart_sort

/// Sorts x[0..n) ascending, permuting rows[0..n) alongside.
inline void cart_sort_rows(float* x, std::int64_t* rows, std::size_t n) noexcept {
  if (n == 0) return;
  // scikit-learn's log is ln(x)/ln(2); the truncation to int is part of the budget.
  const int depth_budget = 2 * static_cast<int>(std::log(static_cast<double>(n)) / std::log(2.0));
  cart_sort::introsort(x, rows, n, depth_budget);
}

}  // namespace detail
FEPIPE_NAMESPACE_END
