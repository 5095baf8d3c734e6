#pragma once
/// @file
/// SpecKeyword: how one option field appears in a run-time spec
/// (fepipe/runtime/spec.hpp) when that is not simply "keyword = field name,
/// value = the field's JSON". A class whose options differ from the
/// reference class's keywords declares, next to its Options, an optional
/// table. This header has no dependencies beyond the config, so class
/// headers include it without pulling in the spec machinery (which is
/// optional: runtime/ is not part of the umbrella header):
///
/// @code
///   // in MeanEncoder::Options (or in the class itself):
///   static constexpr std::array<SpecKeyword, 1> spec_keywords{{
///       {.field = "smoothing_method", .keyword = "smoothing"},   // smoothing='auto'
///   }};
///   // in Winsorizer::Options:
///   static constexpr std::array<SpecKeyword, 1> spec_keywords{{
///       {.field = "fold", .values = R"([["auto", null]])"},        // fold='auto' is unset
///   }};
/// @endcode
///
/// fepipe/runtime/spec.hpp looks for `spec_keywords` on a step's Options,
/// on the step class (for differences that only one of two classes sharing
/// an Options type has; its entries override), and on every nested option
/// struct (e.g. `SelectByLasso::Options::lasso`). Entries name fields by
/// their FEPIPE_NVP names; an entry naming no field is a logic error the
/// spec tests catch.

#include <string_view>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN

struct SpecKeyword {
  /// The field, as its serialize function names it.
  std::string_view field;
  /// The reference class's keyword; empty: the field name. Several fields
  /// may share a keyword when the reference packs them into one argument
  /// of several types (LogCpTransformer's C: a number, 'auto' or a dict):
  /// a spec value goes to the first of them (in serialize order) that
  /// accepts its JSON type, and get_params writes the one that is not at
  /// its default (two that are is an option set the reference cannot
  /// express: ParameterError).
  std::string_view keyword = {};
  /// Spellings of values that differ from fepipe's own JSON: a JSON array
  /// of [reference spelling, fepipe spelling] pairs, both JSON values,
  /// e.g. `[[true, "on"], [false, "off"]]` or `[["auto", null]]`. Reading
  /// maps the first to the second; get_params writes the first.
  std::string_view values = {};
  /// Not an option of the reference class (kept at its default; a spec
  /// that names it gets "unknown option").
  bool hidden = false;
};

FEPIPE_NAMESPACE_END
