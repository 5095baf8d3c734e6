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
///
/// Floating-point numbers in a member are finite unless it is declared with
/// `nonfinite`: saving a NaN or ±inf there is an Error and loading one is a
/// ModelFormatError naming the class and member. A model file is untrusted,
/// and a coefficient of 1e400 (read as inf) would otherwise load and turn
/// every prediction into inf; a class that can learn NaN or ±inf in a member
/// (a bin edge at -inf, a fill value of NaN) says so where it names it.
template <class T>
struct NameValue {
  const char* name;
  T& value;
  bool nonfinite = false;  ///< NaN and ±inf are valid values of this member
};

template <class T>
constexpr NameValue<T> make_nvp(const char* name, T& value) noexcept {
  return {name, value};
}
/// A member whose numbers may be NaN or ±inf.
template <class T>
constexpr NameValue<T> make_nvp_nonfinite(const char* name, T& value) noexcept {
  return {name, value, true};
}

/// Names the member after itself: `ar(FEPIPE_NVP(coef_))` writes "coef_".
#define FEPIPE_NVP(member) ::fepipe::make_nvp(#member, member)
/// As FEPIPE_NVP, for a member whose numbers may be NaN or ±inf.
#define FEPIPE_NVP_NONFINITE(member) ::fepipe::make_nvp_nonfinite(#member, member)

/// An enum that model files store by name: declare, next to the enum,
/// `constexpr std::array<std::string_view, N> enum_names(MyEnum)` listing the
/// enumerators in value order (0..N-1).
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) { enum_names(e); };

FEPIPE_NAMESPACE_END
