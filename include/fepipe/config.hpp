#pragma once
/// @file
/// Build configuration shared by every fepipe header: the versioned inline
/// namespace, the hard requirements (exceptions and RTTI, which cereal needs)
/// and the internal assertion macro.

#include <cassert>

#include "fepipe/version.hpp"

// cereal cannot be compiled without exceptions or RTTI; failing here gives a
// one-line diagnosis instead of pages of template errors from deep inside it.
#if defined(_MSC_VER) && !defined(__clang__)
#if !defined(_CPPUNWIND)
#error "fepipe requires C++ exceptions (/EHsc)"
#endif
#if !defined(_CPPRTTI)
#error "fepipe requires RTTI (/GR)"
#endif
#else
#if !defined(__cpp_exceptions)
#error "fepipe requires C++ exceptions: remove -fno-exceptions (Android NDK and Xcode enable them by default)"
#endif
#if !defined(__cpp_rtti) && !defined(__GXX_RTTI)
#error "fepipe requires RTTI: remove -fno-rtti (cereal, used for model files, depends on typeid)"
#endif
#endif

#if __cplusplus < 202002L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 202002L)
#error "fepipe requires C++20"
#endif

// The inline namespace is the ABI tag: two fepipe majors linked into one
// program cannot silently mix their types.
#define FEPIPE_NAMESPACE_BEGIN \
  namespace fepipe {           \
  inline namespace v0 {
#define FEPIPE_NAMESPACE_END \
  }                          \
  }

/// Internal invariants only; user input is never checked with an assertion.
#ifdef FEPIPE_ENABLE_ASSERT
#define FEPIPE_ASSERT(cond) assert(cond)
#else
#define FEPIPE_ASSERT(cond) ((void)0)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FEPIPE_COLD __attribute__((cold, noinline))
#else
#define FEPIPE_COLD
#endif
