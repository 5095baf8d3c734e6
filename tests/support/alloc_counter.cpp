// Global operator new/delete replacements that feed fepipe_test's
// allocation counters (see alloc_counter.hpp). Linked once per test program.

#include "support/alloc_counter.hpp"

#include <cstdlib>
#include <new>

// GCC flags free() in a replaced operator delete as mismatched with the
// replaced operator new's malloc; the pairing is correct by construction.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
void note_allocation(std::size_t n) {
  if (!fepipe_test::counting) return;
  ++fepipe_test::allocations;
  if (n > fepipe_test::largest_allocation) fepipe_test::largest_allocation = n;
}
void* allocate(std::size_t n) {
  note_allocation(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
