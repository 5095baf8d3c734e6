#pragma once
/// @file
/// Frame: ordered, named columns with a common row count — fepipe's
/// DataFrame. Transformers take a Frame by value and return the transformed
/// Frame, so a pipeline moves one frame through its steps without copies.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
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

namespace detail {

/// Column name → position index of a Frame, so that `add`, `find` and
/// `rename` cost O(1) instead of a comparison with every name: building a
/// frame column by column was quadratic (read_csv of a 100,000-column file
/// took 9 s, 0.17 s with the index; benchmarks/csv_bench.cpp).
///
/// Open addressing with linear probing, load at most 1/2. A slot holds a
/// position and 32 bits of the name's hash (the home slot and a filter before
/// comparing strings); never a copy of, or a pointer into, a name, so the
/// index stays valid when the Frame or its name strings move, and copying a
/// Frame copies it as one flat vector. Frames of up to `scan_limit` columns
/// keep no table and compare names in turn, which is faster at that size and
/// leaves small frames (the one-row frames of predict paths) without the
/// extra allocation.
class ColumnNameIndex {
 public:
  static constexpr std::size_t scan_limit = 16;

  std::optional<std::size_t> find(std::string_view name, const std::vector<std::string>& names) const noexcept {
    if (slots_.empty()) {
      for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
      return std::nullopt;
    }
    const std::uint32_t h = hash(name);
    for (std::size_t s = h & mask();; s = (s + 1) & mask()) {
      const Slot& slot = slots_[s];
      if (slot.pos == empty) return std::nullopt;
      if (slot.hash == h && names[slot.pos] == name) return slot.pos;
    }
  }

  /// Makes room for `count` names (the current `names` plus the ones about
  /// to be appended). The only member that allocates: call it before the
  /// Frame changes, so that a failure leaves the Frame as it was.
  void reserve(std::size_t count, const std::vector<std::string>& names) {
    if (count <= scan_limit || 2 * count <= slots_.size()) return;
    if (count > max_names)
      throw_schema("Frame", "", "more than " + std::to_string(max_names) + " columns");
    std::size_t capacity = 64;
    while (capacity < 2 * count) capacity *= 2;
    std::vector<Slot> table(capacity, Slot{empty, 0});
    table.swap(slots_);
    if (table.empty()) {
      for (std::size_t i = 0; i < names.size(); ++i) place(i, hash(names[i]));
    } else {
      for (const Slot& slot : table)
        if (slot.pos != empty) place(slot.pos, slot.hash);
    }
  }
  /// Records names.back(), just appended after reserve(names.size()).
  void appended(const std::vector<std::string>& names) noexcept {
    if (!slots_.empty()) place(names.size() - 1, hash(names.back()));
  }
  /// Forgets the entry of position `pos` whose name is `name` (before a
  /// rename; `inserted` records the new name).
  void erase(std::size_t pos, std::string_view name) noexcept {
    if (slots_.empty()) return;
    std::size_t s = hash(name) & mask();
    while (slots_[s].pos != pos) s = (s + 1) & mask();
    // Backward-shift deletion: entries after the hole whose home slot is not
    // between the hole and themselves move into it, so probing never stops
    // early at a hole and no tombstones accumulate.
    std::size_t hole = s;
    for (std::size_t j = (s + 1) & mask(); slots_[j].pos != empty; j = (j + 1) & mask()) {
      const std::size_t home = slots_[j].hash & mask();
      if (((j - home) & mask()) >= ((j - hole) & mask())) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = Slot{empty, 0};
  }
  void inserted(std::size_t pos, std::string_view name) noexcept {
    if (!slots_.empty()) place(pos, hash(name));
  }
  /// Re-indexes after positions changed (columns erased or reordered):
  /// refills the table in place, so it does not allocate. A frame left with
  /// few columns drops it; so does one with more names than the table has
  /// room for (not reached by Frame's members), which scans until the next
  /// `reserve` builds a table again.
  void reindex(const std::vector<std::string>& names) noexcept {
    if (names.size() <= scan_limit || 2 * names.size() > slots_.size()) {
      std::vector<Slot>().swap(slots_);
      return;
    }
    std::fill(slots_.begin(), slots_.end(), Slot{empty, 0});
    for (std::size_t i = 0; i < names.size(); ++i) place(i, hash(names[i]));
  }

 private:
  struct Slot {
    std::uint32_t pos;
    std::uint32_t hash;
  };
  static constexpr std::uint32_t empty = 0xFFFFFFFFu;
  // Capacity ≤ 2^31: `hash` holds every bit of the home slot, and 2 × count
  // cannot overflow a 32-bit size_t.
  static constexpr std::size_t max_names = std::size_t{1} << 30;

  static std::uint32_t hash(std::string_view name) noexcept {
    const std::size_t h = std::hash<std::string_view>{}(name);
    return static_cast<std::uint32_t>(h ^ ((h >> 16) >> 16));  // fold 64-bit hashes; no-op shifts on 32-bit
  }
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  void place(std::size_t pos, std::uint32_t h) noexcept {
    std::size_t s = h & mask();
    while (slots_[s].pos != empty) s = (s + 1) & mask();
    slots_[s] = Slot{static_cast<std::uint32_t>(pos), h};
  }

  std::vector<Slot> slots_;  // empty, or a power of two ≥ 2 × names
};

}  // namespace detail

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

  /// Position of `name`: O(1) (a hash index, see detail::ColumnNameIndex).
  std::optional<std::size_t> find(std::string_view name) const noexcept { return index_.find(name, names_); }
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
    index_.reserve(names_.size() + 1, names_);
    names_.push_back(std::move(name));
    try {
      columns_.push_back(std::move(col));
    } catch (...) {
      names_.pop_back();
      throw;
    }
    index_.appended(names_);
    if (columns_.size() == 1) rows_ = columns_.back().size();
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
    index_.reindex(names_);  // later positions moved down: O(cols), as the erase itself
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
    if (from == to) return *this;
    if (contains(to)) detail::throw_schema("Frame", to, "a column with this name already exists");
    index_.erase(i, names_[i]);
    names_[i] = std::move(to);
    index_.inserted(i, names_[i]);
    return *this;
  }
  /// The given rows of every column, in that order.
  Frame take_rows(std::span<const std::size_t> rows) const {
    for (std::size_t r : rows)
      if (r >= rows_)
        detail::throw_schema("Frame", "", "row index " + std::to_string(r) + " is out of range for " +
                                              std::to_string(rows_) + " rows");
    Frame out(rows.size());
    out.columns_.reserve(columns_.size());
    for (const Column& c : columns_) out.columns_.push_back(c.take(rows));
    out.names_ = names_;  // same names, same positions: the index is copied, not rebuilt
    out.index_ = index_;
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
    index_.reindex(names_);
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
    index_.reindex(names_);
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

  // Every member that changes names_ keeps index_ in step with it.
  std::vector<std::string> names_;
  std::vector<Column> columns_;
  detail::ColumnNameIndex index_;
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
