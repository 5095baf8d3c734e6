#pragma once
/// @file
/// Thread slots: a small number, unique among the threads alive, that a
/// thread keeps from its first use until it exits. DriftMonitor gives
/// shard `slot` to the thread holding that slot, so each shard has one
/// writer and its counters are bumped with a relaxed load and store (two
/// plain moves on x86 and ARM) instead of a locked read-modify-write. The
/// slot is released at thread exit (release ordering) and taken by a later
/// thread with acquire ordering, so the new writer starts from the counts
/// its predecessor left. Slots are process-wide (one bitmap for every
/// monitor) and the lowest free one is taken, so a pool of N threads uses
/// slots 0..N-1.

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace drift::detail {

/// Slots available; a thread beyond them gets `no_thread_slot`.
inline constexpr std::size_t max_thread_slots = 256;
inline constexpr std::size_t no_thread_slot = max_thread_slots;

class ThreadSlots {
 public:
  std::size_t acquire() noexcept {
    for (std::size_t w = 0; w < words_.size(); ++w) {
      std::uint64_t bits = words_[w].load(std::memory_order_relaxed);
      while (bits != ~std::uint64_t{0}) {
        const int bit = std::countr_one(bits);
        if (words_[w].compare_exchange_weak(bits, bits | (std::uint64_t{1} << bit), std::memory_order_acquire,
                                            std::memory_order_relaxed))
          return w * 64 + static_cast<std::size_t>(bit);
      }
    }
    return no_thread_slot;
  }
  void release(std::size_t slot) noexcept {
    words_[slot / 64].fetch_and(~(std::uint64_t{1} << (slot % 64)), std::memory_order_release);
  }

 private:
  std::array<std::atomic<std::uint64_t>, max_thread_slots / 64> words_{};
};

inline ThreadSlots& thread_slots() noexcept {
  static ThreadSlots slots;
  return slots;
}

struct ThreadSlotHolder {
  std::size_t slot = thread_slots().acquire();
  ThreadSlotHolder() = default;
  ThreadSlotHolder(const ThreadSlotHolder&) = delete;
  ThreadSlotHolder& operator=(const ThreadSlotHolder&) = delete;
  ~ThreadSlotHolder() {
    if (slot != no_thread_slot) thread_slots().release(slot);
  }
};

/// This thread's slot (taken on first call), or no_thread_slot.
inline std::size_t this_thread_slot() noexcept {
  thread_local ThreadSlotHolder holder;
  return holder.slot;
}

}  // namespace drift::detail
FEPIPE_NAMESPACE_END
