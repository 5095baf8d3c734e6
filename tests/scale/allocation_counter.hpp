#pragma once
// The heap allocation counter behind fepipe_test::allocations(). Replacement
// allocation functions must be defined once per program, so exactly one test
// file of each executable includes this header (the family's
// allocation_counter_test.cpp); the others call allocations() through
// step_test_support.hpp. The test case below proves the counter counts.

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace fepipe_test {
namespace {
std::atomic<std::size_t> allocation_counter{0};

void* counted_alloc(std::size_t n, std::size_t align) {
  allocation_counter.fetch_add(1, std::memory_order_relaxed);
  if (n == 0) n = 1;
  void* p =
      align <= alignof(std::max_align_t) ? std::malloc(n) : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

std::size_t allocations() noexcept { return allocation_counter.load(std::memory_order_relaxed); }
}  // namespace fepipe_test

void* operator new(std::size_t n) { return fepipe_test::counted_alloc(n, 0); }
void* operator new[](std::size_t n) { return fepipe_test::counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) {
  return fepipe_test::counted_alloc(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return fepipe_test::counted_alloc(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

TEST_CASE("the allocation counter sees heap allocations") {
  const std::size_t before = fepipe_test::allocations();
  // A direct call of the allocation function cannot be elided by the compiler.
  void* volatile p = ::operator new(64);
  ::operator delete(p);
  CHECK(fepipe_test::allocations() == before + 1);
}
