#pragma once
/// @file
/// Shared by the selectors (and the creation steps' drop_original). Their
/// transform removes learned columns. The positions are resolved once, at fit
/// or load, and sorted, so the batch path (Frame::erase_columns) and the
/// record path (Row::erase, no allocation) remove exactly the same cells.
/// Also the selectors' variable resolution (feature-engine's
/// `confirm_variables`) and their missing-value rule.

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Columns to remove, as sorted distinct positions in a fitted schema.
class ColumnDrop {
 public:
  ColumnDrop() = default;

  /// Positions of `names` in `schema`. A name absent from the schema can
  /// only come from a corrupted model file (fit resolves names against the
  /// frame first), hence ModelFormatError; so is a name listed twice.
  static ColumnDrop resolve(const Schema& schema, std::span<const std::string> names, std::string_view step) {
    ColumnDrop d;
    d.positions_ = positions_in(schema, names, step);
    std::sort(d.positions_.begin(), d.positions_.end());
    if (std::adjacent_find(d.positions_.begin(), d.positions_.end()) != d.positions_.end())
      throw_model_format(std::string(step) + ": a column is listed twice among the columns to drop");
    return d;
  }

  /// SchemaError when nothing would be left of a frame of `width` columns.
  void require_columns_left(std::size_t width, std::string_view step) const {
    if (positions_.size() >= width)
      throw_schema(step, "",
                   "dropping these " + std::to_string(positions_.size()) +
                       " features would leave no columns (feature-engine raises here too)");
  }

  void apply(Frame& X) const {
    if (!positions_.empty()) X.erase_columns(positions_);
  }
  void apply(Row& row) const noexcept { row.erase(positions_); }

  /// The schema's names without the dropped columns, in schema order.
  std::vector<std::string> kept_names(const Schema& schema) const {
    std::vector<std::string> out;
    out.reserve(schema.size() - std::min(schema.size(), positions_.size()));
    std::size_t next = 0;
    for (std::size_t i = 0; i < schema.size(); ++i) {
      if (next < positions_.size() && positions_[next] == i) {
        ++next;
        continue;
      }
      out.push_back(schema[i].name);
    }
    return out;
  }

  std::span<const std::size_t> positions() const noexcept { return positions_; }
  bool empty() const noexcept { return positions_.empty(); }

 private:
  std::vector<std::size_t> positions_;
};

/// `names` in the order of the schema (learned drop lists are kept in a
/// stable, documented order).
inline std::vector<std::string> in_schema_order(const Schema& schema, std::span<const std::string> names) {
  std::vector<std::string> out;
  for (const auto& spec : schema)
    if (std::find(names.begin(), names.end(), spec.name) != names.end()) out.push_back(spec.name);
  return out;
}

/// A selector's `variables_`: automatic → every column of `type`; a list →
/// checked to exist with the right kind, or, with `confirm_variables`, first
/// reduced to the names present in X (SchemaError if none is). Selectors
/// need at least two variables to compare (SchemaError otherwise).
inline std::vector<std::string> select_variables(const Frame& X, const Variables& vars, bool confirm_variables,
                                                 VariableType type, std::string_view step) {
  Variables effective = vars;
  if (!vars.automatic() && confirm_variables) {
    std::vector<std::string> present;
    for (const auto& v : vars.names())
      if (X.contains(v)) present.push_back(v);
    if (present.empty())
      throw_schema(step, vars.names().front(), "none of the listed variables is in the frame (confirm_variables)");
    effective = Variables(std::move(present));
  }
  return resolve_variables(X, effective, step, {.type = type, .return_empty = false});
}

/// SchemaError unless there are at least two variables to compare.
inline void require_two_variables(std::span<const std::string> variables, std::string_view step) {
  if (variables.size() < 2)
    throw_schema(step, variables.empty() ? std::string_view() : std::string_view(variables.front()),
                 "the selector needs at least 2 variables to compare, got " + std::to_string(variables.size()));
}

/// DataError naming the first of `variables` with a missing value, and its
/// row (the selectors' missing_values = raise, checked at fit only).
inline void require_no_missing(const Frame& X, std::span<const std::string> variables, std::string_view step) {
  for (const auto& v : variables) {
    const Column& col = X[v];
    for (std::size_t r = 0; r < col.size(); ++r)
      if (col.is_missing(r))
        throw_data(step, v, "missing value at row " + std::to_string(r) + " (missing_values = raise)");
  }
}

/// After loading: every name in `subset` must be in `set` (learned lists
/// refer to the variables examined).
inline void check_subset(std::span<const std::string> subset, std::span<const std::string> set, std::string_view step,
                         std::string_view what) {
  for (const auto& s : subset)
    if (std::find(set.begin(), set.end(), s) == set.end())
      throw_model_format(std::string(step) + ": " + std::string(what) + " names '" + s +
                         "', which is not among variables_");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
