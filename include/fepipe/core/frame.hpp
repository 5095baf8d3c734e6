#pragma once
/// @file
/// Frame: ordered, named columns with a common row count — fepipe's
/// DataFrame. Transformers take a Frame by value and return the transformed
/// Frame, so a pipeline moves one frame through its steps without copies.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/column.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/schema.hpp"

FEPIPE_NAMESPACE_BEGIN

class Frame {
 public:
  Frame() = default;
  /// An empty frame (no columns) that still knows its row count, so that
  /// columns can be added to it one by one.
  explicit Frame(std::size_t rows) : rows_(rows) {}

  std::size_t rows() const noexcept { return rows_; }
  std::size_t cols() const noexcept { return columns_.size(); }
  bool empty() const noexcept { return rows_ == 0 || columns_.empty(); }

  const std::vector<std::string>& names() const noexcept { return names_; }
  const std::string& name(std::size_t i) const { return names_.at(i); }

  std::optional<std::size_t> find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    return std::nullopt;
  }
  bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
  /// Index of `name`; SchemaError naming `step` and the column if absent.
  std::size_t index_of(std::string_view name, std::string_view step = "Frame") const {
    if (auto i = find(name)) return *i;
    detail::throw_schema(step, name, "column not found in the frame");
  }

  const Column& column(std::size_t i) const { return columns_.at(i); }
  Column& column(std::size_t i) { return columns_.at(i); }
  const Column& operator[](std::string_view name) const { return columns_[index_of(name)]; }
  Column& operator[](std::string_view name) { return columns_[index_of(name)]; }

  /// Numeric values of `name`; SchemaError if absent or categorical.
  std::span<const double> numeric(std::string_view name) const {
    const Column& c = (*this)[name];
    if (!c.is_numeric()) detail::throw_schema("Frame", name, "is categorical, a numeric column was expected");
    return c.values();
  }

  /// Appends a column. SchemaError if the name exists or the length differs.
  Frame& add(std::string name, Column col) {
    if (contains(name)) detail::throw_schema("Frame", name, "a column with this name already exists");
    check_length(name, col);
    if (columns_.empty()) rows_ = col.size();
    names_.push_back(std::move(name));
    columns_.push_back(std::move(col));
    return *this;
  }
  /// Replaces the column `name`, or appends it if absent.
  Frame& set(std::string name, Column col) {
    if (auto i = find(name)) {
      if (columns_.size() > 1 && col.size() != rows_)
        detail::throw_schema("Frame", name,
                             "has " + std::to_string(col.size()) + " rows, the frame has " + std::to_string(rows_));
      rows_ = col.size();
      columns_[*i] = std::move(col);
      return *this;
    }
    return add(std::move(name), std::move(col));
  }
  /// Removes `name` and returns its column (SchemaError if absent).
  Column pop(std::string_view name) {
    const std::size_t i = index_of(name);
    Column c = std::move(columns_[i]);
    columns_.erase(columns_.begin() + static_cast<std::ptrdiff_t>(i));
    names_.erase(names_.begin() + static_cast<std::ptrdiff_t>(i));
    return c;
  }
  /// Removes the named columns (SchemaError naming the first absent one).
  Frame& drop(std::span<const std::string> names) {
    std::vector<std::size_t> idx;
    idx.reserve(names.size());
    for (const auto& n : names) idx.push_back(index_of(n));
    erase_columns(std::move(idx));
    return *this;
  }
  Frame& drop(std::initializer_list<std::string> names) {
    return drop(std::span<const std::string>(names.begin(), names.size()));
  }
  /// A frame with only the named columns, in the order given.
  Frame select(std::span<const std::string> names) const {
    Frame out(rows_);
    for (const auto& n : names) out.add(n, columns_[index_of(n)]);
    return out;
  }
  Frame select(std::initializer_list<std::string> names) const {
    return select(std::span<const std::string>(names.begin(), names.size()));
  }
  /// Renames a column (SchemaError if absent or the new name exists).
  Frame& rename(std::string_view from, std::string to) {
    const std::size_t i = index_of(from);
    if (from != to && contains(to)) detail::throw_schema("Frame", to, "a column with this name already exists");
    names_[i] = std::move(to);
    return *this;
  }
  /// The given rows of every column, in that order.
  Frame take_rows(std::span<const std::size_t> rows) const {
    for (std::size_t r : rows)
      if (r >= rows_)
        detail::throw_schema("Frame", "", "row index " + std::to_string(r) + " is out of range for " +
                                              std::to_string(rows_) + " rows");
    Frame out(rows.size());
    for (std::size_t i = 0; i < columns_.size(); ++i) out.add(names_[i], columns_[i].take(rows));
    return out;
  }
  /// The first `n` rows (all if fewer).
  Frame head(std::size_t n) const {
    std::vector<std::size_t> rows(std::min(n, rows_));
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    return take_rows(rows);
  }

  /// Names and kinds (categories are not collected here; see
  /// observed_categories for what a column's rows actually use).
  Schema schema() const {
    Schema s;
    for (std::size_t i = 0; i < columns_.size(); ++i) s.push_back({names_[i], columns_[i].kind(), {}});
    return s;
  }

  // --- structural edits used by transformers -------------------------------

  /// Removes the columns at the given indices (any order, no duplicates).
  void erase_columns(std::vector<std::size_t> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    std::size_t out = 0, next = 0;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (next < indices.size() && indices[next] == i) {
        ++next;
        continue;
      }
      if (out != i) {
        columns_[out] = std::move(columns_[i]);
        names_[out] = std::move(names_[i]);
      }
      ++out;
    }
    columns_.resize(out);
    names_.resize(out);
  }
  /// Reorders columns: new column k is old column order[k]; order must be a
  /// permutation of a subset of the indices (unlisted columns are dropped).
  void permute(std::span<const std::size_t> order) {
    std::vector<Column> cols;
    std::vector<std::string> names;
    cols.reserve(order.size());
    names.reserve(order.size());
    for (std::size_t k : order) {
      cols.push_back(std::move(columns_[k]));
      names.push_back(std::move(names_[k]));
    }
    columns_ = std::move(cols);
    names_ = std::move(names);
  }

 private:
  // A frame without columns adopts the first column's length unless it was
  // created with an explicit row count.
  void check_length(std::string_view name, const Column& col) const {
    const bool fixed = !columns_.empty() || rows_ != 0;
    if (fixed && col.size() != rows_)
      detail::throw_schema("Frame", name,
                           "has " + std::to_string(col.size()) + " rows, the frame has " + std::to_string(rows_));
  }

  std::vector<std::string> names_;
  std::vector<Column> columns_;
  std::size_t rows_ = 0;
};

/// Categories of a categorical column that at least one row uses, in order
/// of first appearance in the rows.
inline std::vector<std::string> observed_categories(const Column& col) {
  std::vector<std::string> out;
  if (!col.is_categorical()) return out;
  std::vector<char> seen(col.labels().size(), 0);
  for (std::int32_t code : col.codes()) {
    if (code < 0 || seen[static_cast<std::size_t>(code)]) continue;
    seen[static_cast<std::size_t>(code)] = 1;
    out.push_back(col.labels()[static_cast<std::size_t>(code)]);
  }
  return out;
}

FEPIPE_NAMESPACE_END
