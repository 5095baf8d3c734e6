#pragma once
/// @file
/// Variables: which columns a transformer works on, and their resolution
/// against a frame at fit (feature-engine's `variables` / `variables_`).

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A list of column names, or "automatic" (default-constructed): every column
/// of the kind the transformer handles, in frame order.
///
/// @code
///   MeanMedianImputer({.variables = {"LotFrontage", "MasVnrArea"}});
/// @endcode
class Variables {
 public:
  Variables() = default;
  Variables(std::initializer_list<std::string> names) : names_(names), automatic_(false) {}  // NOLINT
  Variables(std::vector<std::string> names) : names_(std::move(names)), automatic_(false) {}  // NOLINT
  Variables(const char* name) : names_{name}, automatic_(false) {}                           // NOLINT
  Variables(std::string name) : names_{std::move(name)}, automatic_(false) {}                // NOLINT

  bool automatic() const noexcept { return automatic_; }
  const std::vector<std::string>& names() const noexcept { return names_; }

  /// ParameterError (naming `step`) for an explicit empty list or duplicates.
  void validate(std::string_view step) const {
    if (automatic_) return;
    if (names_.empty()) detail::throw_parameter(step, "variables: the list is empty (omit it to select automatically)");
    if (auto d = detail::first_duplicate(names_))
      detail::throw_parameter(step, "variables: '" + std::string(*d) + "' is listed twice");
  }

  friend bool operator==(const Variables&, const Variables&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(make_nvp("automatic", automatic_), make_nvp("names", names_));
  }

 private:
  std::vector<std::string> names_;
  bool automatic_ = true;
};

/// Whether a step accepts missing values in its variables (feature-engine's
/// `missing_values`, shared by encoders, outlier steps, creation and
/// selection steps; each documents what `ignore` means for it).
enum class MissingValues : std::uint8_t {
  raise,   ///< DataError at fit and at transform
  ignore,  ///< skipped when learning; see the step for what transform does
};
constexpr std::array<std::string_view, 2> enum_names(MissingValues) { return {"raise", "ignore"}; }

/// What kind of column a transformer accepts.
enum class VariableType : std::uint8_t { numeric, categorical, any };

/// Options shared by the resolution rules.
struct ResolveRules {
  VariableType type = VariableType::numeric;
  /// Accept user-listed columns of any kind (feature-engine ignore_format).
  bool ignore_format = false;
  /// Allow an empty result instead of raising.
  bool return_empty = false;
};

/// The transformer's `variables_`: the given names (checked to exist and to
/// have the right kind) or, when automatic, every matching column in frame
/// order. SchemaError naming `step` and the column on a missing or
/// wrongly-typed column; when nothing matches, SchemaError unless
/// `return_empty`.
inline std::vector<std::string> resolve_variables(const Frame& X, const Variables& vars, std::string_view step,
                                                  ResolveRules rules) {
  auto kind_ok = [&](Kind k) {
    switch (rules.type) {
      case VariableType::numeric: return k == Kind::numeric;
      case VariableType::categorical: return k == Kind::categorical;
      case VariableType::any: return true;
    }
    return false;
  };
  std::vector<std::string> out;
  if (vars.automatic()) {
    for (std::size_t i = 0; i < X.cols(); ++i)
      if (kind_ok(X.column(i).kind())) out.push_back(X.name(i));
  } else {
    for (const auto& name : vars.names()) {
      const std::size_t i = X.index_of(name, step);
      if (!rules.ignore_format && !kind_ok(X.column(i).kind()))
        detail::throw_schema(step, name,
                             std::string("is ") + std::string(to_string(X.column(i).kind())) + ", expected " +
                                 (rules.type == VariableType::numeric ? "numeric" : "categorical") +
                                 " (select other variables or convert the column)");
      out.push_back(name);
    }
  }
  if (out.empty() && !rules.return_empty)
    detail::throw_schema(step, "",
                         std::string("no ") +
                             (rules.type == VariableType::numeric       ? "numeric "
                              : rules.type == VariableType::categorical ? "categorical "
                                                                        : "") +
                             "variables in the frame (set variables, or return_empty = true)");
  return out;
}

FEPIPE_NAMESPACE_END
