#pragma once
/// @file
/// The kit for writing a step of your own: the checks every built-in step
/// makes, so that the safe way is also the short one.
///
/// A step finds its columns by name once (at fit, and again after loading a
/// model file) and then works by position. A model file is untrusted input:
/// the names it holds may be missing from the schema it holds, repeated, or
/// of the wrong kind, and a step that only checks that a name exists would
/// then read a column as the wrong kind or two positions would share a cell.
/// `locate_columns` checks all three, with the error that fits the moment:
/// at fit a SchemaError (the user's data is wrong), after loading a
/// ModelFormatError (the file is). The record path checks the record's width
/// and each cell's kind with `check_record`, `number_in` and `label_in`.
///
/// @code
///   Mapper& fit(const Frame& X, const Target* = nullptr) {
///     schema_ = X.schema();
///     positions_ = fepipe::locate_columns(schema_, variables_, type_name, Kind::categorical, fepipe::Stage::fit);
///     return *this;
///   }
///   template <class Archive> void serialize(Archive& ar, std::uint32_t) {
///     ar(FEPIPE_NVP(variables_), FEPIPE_NVP(schema_));
///     if constexpr (Archive::is_loading)
///       positions_ = fepipe::locate_columns(schema_, variables_, type_name, Kind::categorical, fepipe::Stage::load);
///   }
///   void transform_row(Row& row) const {
///     fepipe::check_record(row, schema_, type_name);
///     for (std::size_t k = 0; k < positions_.size(); ++k)
///       if (auto label = fepipe::label_in(row[positions_[k]], type_name, variables_[k])) ...
///   }
/// @endcode

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/column.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/detail/name_lookup.hpp"
#include "fepipe/core/detail/step_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// When a step resolves its columns: at fit (a problem is the data's:
/// SchemaError) or after loading a model file (the file's: ModelFormatError).
enum class Stage : std::uint8_t { fit, load };

/// Position of each of `names` in `schema`, checking that every name is
/// present, listed once, and (unless `kind` is nullopt) of that kind. An
/// empty schema (an unfitted step read from a file) gives no positions.
inline std::vector<std::size_t> locate_columns(const Schema& schema, std::span<const std::string> names,
                                               std::string_view step, std::optional<Kind> kind, Stage stage) {
  if (schema.empty() && stage == Stage::load) return {};
  auto fail = [&](std::string_view column, const std::string& what) {
    if (stage == Stage::fit) detail::throw_schema(step, column, what);
    detail::throw_model_format(std::string(step) + ": column '" + std::string(column) + "' " + what);
  };
  if (auto d = detail::first_duplicate(names)) fail(*d, "is listed twice");
  std::vector<std::size_t> out;
  out.reserve(names.size());
  const detail::NamePositions lookup(schema, [](const ColumnSpec& c) -> const std::string& { return c.name; });
  for (const auto& name : names) {
    const auto i = lookup.find(name);
    if (!i) fail(name, stage == Stage::fit ? "is missing" : "is not among the fitted input columns");
    if (kind && schema[*i].kind != *kind)
      fail(name, "is " + std::string(to_string(schema[*i].kind)) + ", the step needs " +
                     std::string(to_string(*kind)));
    out.push_back(*i);
  }
  return out;
}

/// A label as messages quote it: in single quotes, with control and
/// non-UTF-8 bytes escaped (as every built-in step's messages do).
inline std::string quoted(std::string_view label) { return detail::quote_label(label); }

/// locate_columns for one column.
inline std::size_t locate_column(const Schema& schema, const std::string& name, std::string_view step,
                                 std::optional<Kind> kind, Stage stage) {
  const auto pos = locate_columns(schema, std::span<const std::string>(&name, 1), step, kind, stage);
  return pos.empty() ? 0 : pos[0];
}

/// SchemaError unless `row` has exactly the fitted width (NotFittedError if
/// the step has no schema): positions found by locate_columns then stay
/// inside the record.
inline void check_record(const Row& row, const Schema& fitted, std::string_view step) {
  detail::check_row_width(row, fitted, step);
}

/// A numeric cell's value (missing gives NaN); SchemaError naming the step
/// and column for a label.
inline double number_in(const Value& cell, std::string_view step, std::string_view column) {
  return detail::cell_number(cell, step, column);
}

/// A categorical cell's label (nullopt when missing); SchemaError naming the
/// step and column for a number.
inline std::optional<std::string_view> label_in(const Value& cell, std::string_view step, std::string_view column) {
  return detail::cell_label(cell, step, column);
}

FEPIPE_NAMESPACE_END
