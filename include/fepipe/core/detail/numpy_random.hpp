#pragma once
/// @file
/// numpy's legacy `RandomState` (MT19937 with Knuth seeding), the generator
/// scikit-learn draws from whenever it is given an integer random_state. Only
/// reproducing its exact stream gives the same splits and the same trees.

#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

class NumpyRandomState {
 public:
  /// `RandomState(seed)` for an integer seed in [0, 2^32): numpy's
  /// init_genrand is exactly std::mt19937's seeding.
  explicit NumpyRandomState(std::uint32_t seed) : mt_(seed) {}

  std::uint32_t next_uint32() { return static_cast<std::uint32_t>(mt_()); }
  std::uint64_t next_uint64() {
    const std::uint64_t hi = next_uint32();
    return (hi << 32) | next_uint32();
  }
  /// `random_sample()`: 53-bit double in [0, 1) from two draws.
  double random_sample() {
    const std::uint32_t a = next_uint32() >> 5, b = next_uint32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
  /// numpy's `random_interval(max)`: uniform in [0, max] by masked rejection.
  std::uint64_t random_interval(std::uint64_t max) {
    if (max == 0) return 0;
    std::uint64_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    std::uint64_t value;
    if (max <= 0xffffffffULL) {
      while ((value = (next_uint32() & mask)) > max) {
      }
    } else {
      while ((value = (next_uint64() & mask)) > max) {
      }
    }
    return value;
  }
  /// `shuffle(x)` for a 1-D array (Fisher–Yates from the end).
  template <class T>
  void shuffle(std::vector<T>& x) {
    for (std::size_t i = x.size(); i-- > 1;) {
      const auto j = static_cast<std::size_t>(random_interval(i));
      std::swap(x[i], x[j]);
    }
  }
  /// `permutation(n)`: a shuffled 0..n-1.
  std::vector<std::size_t> permutation(std::size_t n) {
    std::vector<std::size_t> p(n);
    std::iota(p.begin(), p.end(), std::size_t{0});
    shuffle(p);
    return p;
  }

 private:
  std::mt19937 mt_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// numpy's legacy `RandomState.randint(low, high)` for ranges below 2^32
/// (masked rejection over 32-bit draws), as scikit-learn calls it to seed
/// its own generators.
inline std::int64_t numpy_randint(NumpyRandomState& rng, std::int64_t low, std::int64_t high) {
  const auto range = static_cast<std::uint64_t>(high - 1 - low);
  if (range == 0) return low;
  std::uint64_t mask = range;
  for (int s = 1; s < 64; s *= 2) mask |= mask >> s;
  std::uint64_t v;
  if (range <= 0xffffffffULL) {
    while ((v = (rng.next_uint32() & mask)) > range) {
    }
  } else {
    while ((v = (rng.next_uint64() & mask)) > range) {
    }
  }
  return low + static_cast<std::int64_t>(v);
}

/// scikit-learn's `our_rand_r` xorshift generator (sklearn/utils/_random).
class SklearnRandR {
 public:
  static constexpr std::uint32_t rand_r_max = 0x7FFFFFFF;
  explicit SklearnRandR(std::uint32_t seed) : state_(seed) {}
  std::uint32_t next() noexcept {
    if (state_ == 0) state_ = 1;
    state_ ^= static_cast<std::uint32_t>(state_ << 13);
    state_ ^= static_cast<std::uint32_t>(state_ >> 17);
    state_ ^= static_cast<std::uint32_t>(state_ << 5);
    return state_ % (rand_r_max + 1u);
  }
  /// Uniform-ish integer in [0, end) as `rand_int(0, end)` computes it.
  std::uint32_t below(std::uint32_t end) noexcept { return next() % end; }
  /// `rand_int(low, high)`.
  std::int64_t between(std::int64_t low, std::int64_t high) noexcept {
    return low + static_cast<std::int64_t>(next() % static_cast<std::uint32_t>(high - low));
  }
  /// `rand_uniform(low, high)`.
  double uniform(double low, double high) noexcept {
    return ((high - low) * static_cast<double>(next()) / static_cast<double>(rand_r_max)) + low;
  }
  std::uint32_t state() const noexcept { return state_; }

 private:
  std::uint32_t state_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
