// Global operator new/delete replacements that feed fepipe_test's
// allocation counters (see alloc_counter.hpp). Linked once per test program.
// Every form is replaced (plain, array, nothrow, aligned, sized), so that no
// allocation made by another form — e.g. std::stable_sort's nothrow buffer —
// is released by a replacement it did not come from (AddressSanitizer checks).

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
void* allocate(std::size_t n) noexcept {
  note_allocation(n);
  return std::malloc(n ? n : 1);
}
void* allocate_aligned(std::size_t n, std::align_val_t al) noexcept {
  note_allocation(n);
  const auto a = static_cast<std::size_t>(al);
  const std::size_t rounded = ((n ? n : 1) + a - 1) / a * a;  // aligned_alloc needs a multiple
  return std::aligned_alloc(a, rounded);
}
void* or_throw(void* p) {
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return or_throw(allocate(n)); }
void* operator new[](std::size_t n) { return or_throw(allocate(n)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) { return or_throw(allocate_aligned(n, a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return or_throw(allocate_aligned(n, a)); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return allocate_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_aligned(n, a);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
