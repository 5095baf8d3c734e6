#pragma once
// Counts heap allocations made by the current thread while a CountAllocations
// guard is alive. The replacement operator new/delete that feed the counters
// live in alloc_counter.cpp, linked into every test executable once (through
// the test-main object library), so any number of test files can include this.

#include <cstddef>

namespace fepipe_test {

inline thread_local bool counting = false;
inline thread_local std::size_t allocations = 0;
inline thread_local std::size_t largest_allocation = 0;

/// RAII window: allocations made inside it are counted.
class CountAllocations {
 public:
  CountAllocations() {
    allocations = 0;
    largest_allocation = 0;
    counting = true;
  }
  ~CountAllocations() { counting = false; }
  CountAllocations(const CountAllocations&) = delete;
  CountAllocations& operator=(const CountAllocations&) = delete;
  std::size_t count() const { return allocations; }
  /// The largest single request, in bytes.
  std::size_t largest() const { return largest_allocation; }
};

}  // namespace fepipe_test
