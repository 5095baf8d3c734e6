#pragma once
/// @file
/// What a class needs to be saved in a model file, without including cereal.
///
/// A serializable class has a member
/// @code
///   template <class Archive> void serialize(Archive& ar, std::uint32_t version) {
///     ar(FEPIPE_NVP(imputer_dict_), FEPIPE_NVP(variables_));
///   }
///   static constexpr std::uint32_t serial_version = 1;
/// @endcode
/// The archive is fepipe's checked adaptor over a cereal archive
/// (fepipe/io/model_file.hpp): it writes JSON or portable binary and, when
/// loading, checks every size against the bytes that remain before it
/// allocates. `Archive::is_loading` tells a serialize function that it must
/// rebuild derived state afterwards. Supported member types: bool, integers,
/// float, double, std::string, enums with an `enum_names` overload,
/// std::vector, std::optional, std::pair, fepipe::Dict, Eigen vectors and
/// matrices, and classes with their own serialize.

#include <cstdint>
#include <type_traits>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A member reference with the name it has in a model file.
template <class T>
struct NameValue {
  const char* name;
  T& value;
};

template <class T>
constexpr NameValue<T> make_nvp(const char* name, T& value) noexcept {
  return {name, value};
}

/// Names the member after itself: `ar(FEPIPE_NVP(coef_))` writes "coef_".
#define FEPIPE_NVP(member) ::fepipe::make_nvp(#member, member)

/// An enum that model files store by name: declare, next to the enum,
/// `constexpr std::array<std::string_view, N> enum_names(MyEnum)` listing the
/// enumerators in value order (0..N-1).
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) { enum_names(e); };

FEPIPE_NAMESPACE_END
