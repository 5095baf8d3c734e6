#pragma once
// Counts heap allocations made by the current thread while a CountAllocations
// guard is alive. Include from exactly one TU of a test executable: it
// replaces the global operator new/delete for that executable.

#include <cstddef>
#include <cstdlib>
#include <new>

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
  std::size_t count() const { return allocations; }
  /// The largest single request, in bytes.
  std::size_t largest() const { return largest_allocation; }
};

}  // namespace fepipe_test

// GCC flags free() in a replaced operator delete as mismatched with the
// replaced operator new's malloc; the pairing is correct by construction.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

inline void fepipe_test_note_allocation(std::size_t n) {
  if (!fepipe_test::counting) return;
  ++fepipe_test::allocations;
  if (n > fepipe_test::largest_allocation) fepipe_test::largest_allocation = n;
}

void* operator new(std::size_t n) {
  fepipe_test_note_allocation(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  fepipe_test_note_allocation(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
