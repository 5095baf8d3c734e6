#pragma once
/// @file
/// Which standard or fepipe container a type is: what the model-file
/// archives (io/detail/archive.hpp) and the spec codec
/// (runtime/detail/spec_codec.hpp) dispatch on, declared once for both.

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/dict.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

template <class T>
struct is_std_vector : std::false_type {};
template <class T, class A>
struct is_std_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_std_optional : std::false_type {};
template <class T>
struct is_std_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_std_pair : std::false_type {};
template <class A, class B>
struct is_std_pair<std::pair<A, B>> : std::true_type {};
template <class T>
struct is_dict : std::false_type {};
template <class V>
struct is_dict<Dict<V>> : std::true_type {};

}  // namespace detail
FEPIPE_NAMESPACE_END
