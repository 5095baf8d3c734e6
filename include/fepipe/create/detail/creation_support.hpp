#pragma once
/// @file
/// The layout every creation step shares: new numeric columns are appended
/// after the input columns (in a documented order), then the originals are
/// removed when `drop_original` is set. The batch path (Frame) and the record
/// path (Row::append, then Row::erase) follow the same plan, built once at
/// fit or load.

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/detail/selector_support.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Names of the appended columns and the originals to remove afterwards.
class CreatedColumns {
 public:
  CreatedColumns() = default;

  /// SchemaError if a new name repeats another or an input column (pandas
  /// would silently overwrite that column; fepipe refuses).
  CreatedColumns(const Schema& schema, std::vector<std::string> new_names, std::span<const std::string> to_drop,
                 std::string_view step)
      : names_(std::move(new_names)), drop_(ColumnDrop::resolve(schema, to_drop, step)) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (schema.find(names_[i]))
        throw_schema(step, names_[i], "already exists in the input; the new feature would overwrite it");
      if (std::find(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(i), names_[i]) !=
          names_.begin() + static_cast<std::ptrdiff_t>(i))
        throw_schema(step, names_[i], "would be created twice");
    }
  }

  const std::vector<std::string>& names() const noexcept { return names_; }

  /// Batch path: appends `columns` (one per new name, in order), then drops.
  void finish(Frame& X, std::vector<std::vector<double>> columns) const {
    for (std::size_t i = 0; i < names_.size(); ++i) X.add(names_[i], Column::numeric(std::move(columns[i])));
    drop_.apply(X);
  }
  /// Record path: the new values were appended by the caller; drop.
  void finish(Row& row) const noexcept { drop_.apply(row); }

  std::vector<std::string> names_out(const Schema& schema) const {
    auto out = drop_.kept_names(schema);
    out.insert(out.end(), names_.begin(), names_.end());
    return out;
  }

 private:
  std::vector<std::string> names_;
  ColumnDrop drop_;
};

/// A record's number at `pos`; with `finite_only` (missing_values = raise),
/// NaN and ±inf are a DataError naming the column, as in the batch check
/// (detail::require_finite).
inline double row_number(const Row& row, std::size_t pos, std::string_view column, std::string_view step,
                         bool finite_only) {
  const double x = cell_number(row[pos], step, column);
  if (finite_only && !std::isfinite(x)) [[unlikely]]
    throw_data(step, column, "value " + python_float_repr(x) + ": NaN and infinite values are not allowed here");
  return x;
}

/// ParameterError unless `names` is non-empty and free of repeats.
inline void require_distinct(std::span<const std::string> names, std::string_view step, std::string_view what) {
  if (names.empty()) throw_parameter(step, std::string(what) + " is empty");
  if (auto d = first_duplicate(names)) throw_parameter(step, std::string(what) + ": '" + std::string(*d) + "' is listed twice");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
