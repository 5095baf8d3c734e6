// Defines test_scale's allocation counter (see allocation_counter.hpp).
#include "scale/allocation_counter.hpp"

#include <doctest/doctest.h>

#include "scale/step_test_support.hpp"

TEST_CASE("the allocation counter sees heap allocations") {
  const std::size_t before = fepipe_test::allocations();
  // A direct call of the allocation function cannot be elided by the compiler.
  void* volatile p = ::operator new(64);
  ::operator delete(p);
  CHECK(fepipe_test::allocations() == before + 1);
}
