// test_create's heap allocation counter, defined once per test executable.
#include "scale/allocation_counter.hpp"
