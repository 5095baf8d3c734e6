#pragma once
/// @file
/// std::bit_cast where the standard library has it, the compiler builtin
/// where it does not (libc++ before LLVM 14, e.g. Emscripten 3.1's).

#include <type_traits>
#if __has_include(<bit>)
#include <bit>
#endif

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

template <class To, class From>
  requires(sizeof(To) == sizeof(From) && std::is_trivially_copyable_v<To> && std::is_trivially_copyable_v<From>)
constexpr To bit_cast(const From& from) noexcept {
#if defined(__cpp_lib_bit_cast)
  return std::bit_cast<To>(from);
#else
  return __builtin_bit_cast(To, from);
#endif
}

}  // namespace detail
FEPIPE_NAMESPACE_END
