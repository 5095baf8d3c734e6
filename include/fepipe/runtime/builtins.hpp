#pragma once
/// @file
/// Registers every built-in step class with the runtime registry, so that
/// `load_any_model` can read any model file made of fepipe's classes.
///
/// Including this header registers them at program start-up (once per
/// program however many files include it); `register_builtin_steps()` does
/// it explicitly, e.g. from code that runs before static initialisation is
/// over. It instantiates every class of the library (loading, saving, the
/// spec hooks: most of a compile's time): include it only in the file(s) of
/// a program that load models at run time, never in a header.
///
/// A program of several files: include it in one file only, the
/// registration file (after `fepipe/runtime/spec.hpp` when the registry
/// should carry the spec hooks, see runtime/registry.hpp), e.g.
/// @code
///   // builtins.cpp: the whole file
///   #include <fepipe/runtime/spec.hpp>
///   #include <fepipe/runtime/builtins.hpp>
/// @endcode
/// and link it into the program: the built-ins are registered at start-up,
/// and the registry is compiled once instead of once per file (a minute or
/// more of compile time each). The other files include
/// `fepipe/runtime/builtin_list.hpp` when they need `builtin_step_types`;
/// one that must include this header anyway (a header shared with a program
/// of one file) defines `FEPIPE_BUILTINS_LINKED` first, which reduces it to
/// builtin_list.hpp and runtime/registry.hpp. A file that must call
/// `register_builtin_steps()` itself calls a function that the registration
/// file defines to call it (tests/support/builtins.cpp does).
/// Every file of the program must be compiled with the same definitions
/// (one object of the registration file per configuration).

#include "fepipe/config.hpp"
#include "fepipe/runtime/builtin_list.hpp"
#include "fepipe/runtime/registry.hpp"

#if !defined(FEPIPE_BUILTINS_LINKED)

FEPIPE_NAMESPACE_BEGIN

namespace detail {

template <bool SpecHooks, class... Steps>
void register_step_list(StepList<Steps...>) {
  (register_step<Steps, SpecHooks>(), ...);
}

}  // namespace detail

/// Registers every built-in class (thread-safe; the work is done once per
/// program, later calls return at once).
template <bool SpecHooks = FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS != 0>
void register_builtin_steps() {
  static const bool done = (detail::register_step_list<SpecHooks>(detail::BuiltinSteps{}), true);
  (void)done;
}

namespace detail {
// Start-up registration of the file that includes this header (internal
// linkage: one per file, each a no-op after the first).
[[maybe_unused]] static const bool builtin_steps_registered = (register_builtin_steps(), true);
}  // namespace detail

FEPIPE_NAMESPACE_END

#endif  // !FEPIPE_BUILTINS_LINKED
