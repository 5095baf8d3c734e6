#pragma once
// The built-in registry as test files see it: the list of the built-in
// classes, and the registration compiled once in support/builtins.cpp
// (fepipe_test_builtins, linked by the families that load models).

#include "fepipe/runtime/builtin_list.hpp"

namespace fepipe_test {

/// fepipe::register_builtin_steps(), as compiled in support/builtins.cpp:
/// the built-ins are registered at start-up, so this is a no-op the tests
/// call to check that it is one (and thread-safe).
void register_builtin_steps();

}  // namespace fepipe_test
