// The built-in registry of the test executables, compiled once per build
// instead of once per family that loads models (each copy was 1.5 minutes
// of compile time): test families that need it link fepipe_test_builtins
// (FAMILY_LIBS in <family>/<family>.cmake), and their files include
// fepipe/runtime/builtin_list.hpp, never fepipe/runtime/builtins.hpp (which
// FEPIPE_BUILTINS_LINKED, defined for every test source, reduces to the
// list). The pattern of a program of several files: see runtime/builtins.hpp.

// Registered with the spec hooks, as every test expects: spec.hpp first.
#include "fepipe/runtime/spec.hpp"

#undef FEPIPE_BUILTINS_LINKED  // this is the file that registers
#include "fepipe/runtime/builtins.hpp"

#include "support/builtins.hpp"

namespace fepipe_test {

void register_builtin_steps() { fepipe::register_builtin_steps(); }

}  // namespace fepipe_test
