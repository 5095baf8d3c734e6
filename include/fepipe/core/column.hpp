#pragma once
/// @file
/// Column: one named column's data, numeric or categorical.

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What a column holds. Numeric: doubles, missing = quiet NaN. Categorical:
/// int32 codes into a dictionary of labels, missing = -1.
enum class Kind : std::uint8_t { numeric, categorical };

/// Names used for Kind in model files and messages (found by ADL).
constexpr std::array<std::string_view, 2> enum_names(Kind) { return {"numeric", "categorical"}; }
constexpr std::string_view to_string(Kind k) { return enum_names(k)[static_cast<std::size_t>(k)]; }

/// One column of a Frame.
///
/// Numeric data is contiguous; a numeric column can also *borrow* a caller's
/// buffer (Column::view) and copies it only when a transformer first writes
/// to it, so adapting an Eigen matrix or an xtensor array costs nothing and
/// never modifies the caller's data.
///
/// Categorical data is dictionary-encoded: per-label work (encoders, rare
/// label grouping) is proportional to the number of distinct labels, not
/// rows. The dictionary may hold labels no row uses (after row selection);
/// statistics are always computed from the codes.
class Column {
 public:
  static constexpr std::int32_t missing_code = -1;

  Column() = default;

  static Column numeric(std::vector<double> values) {
    Column c;
    c.kind_ = Kind::numeric;
    c.size_ = values.size();
    c.owned_ = std::move(values);
    c.data_ = c.owned_.data();
    return c;
  }

  /// A numeric column over the caller's buffer, which must outlive the column
  /// (and every Frame copied from it) or its first modification.
  static Column view(std::span<const double> values) {
    Column c;
    c.kind_ = Kind::numeric;
    c.size_ = values.size();
    c.data_ = values.data();
    c.borrowed_ = true;
    return c;
  }

  /// A categorical column from codes and a dictionary. Codes must be -1 or a
  /// valid index; labels must be distinct.
  static Column categorical(std::vector<std::int32_t> codes, std::vector<std::string> labels) {
    if (labels.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
      detail::throw_schema("Column", "", "too many categories");
    for (std::int32_t code : codes)
      if (code < missing_code || code >= static_cast<std::int32_t>(labels.size()))
        detail::throw_schema("Column", "",
                             "category code " + std::to_string(code) + " is outside the dictionary of " +
                                 std::to_string(labels.size()) + " labels");
    if (auto dup = detail::first_duplicate(labels))
      detail::throw_schema("Column", "", "duplicate category label " + detail::quote_label(*dup));
    Column c;
    c.kind_ = Kind::categorical;
    c.size_ = codes.size();
    c.codes_ = std::move(codes);
    c.labels_ = std::move(labels);
    return c;
  }

  /// A categorical column from labels; `missing` marks absent values.
  /// The dictionary is built in order of first appearance.
  static Column from_labels(std::span<const std::string> values, std::string_view missing = {}) {
    std::vector<std::int32_t> codes;
    codes.reserve(values.size());
    std::vector<std::string> labels;
    for (const auto& v : values) {
      if (v == missing) {
        codes.push_back(missing_code);
        continue;
      }
      auto it = std::find(labels.begin(), labels.end(), v);
      if (it == labels.end()) {
        labels.push_back(v);
        codes.push_back(static_cast<std::int32_t>(labels.size() - 1));
      } else {
        codes.push_back(static_cast<std::int32_t>(it - labels.begin()));
      }
    }
    return categorical(std::move(codes), std::move(labels));
  }

  Column(const Column& o)
      : kind_(o.kind_), size_(o.size_), owned_(o.owned_), borrowed_(o.borrowed_), codes_(o.codes_), labels_(o.labels_) {
    data_ = borrowed_ ? o.data_ : owned_.data();
  }
  Column(Column&& o) noexcept
      : kind_(o.kind_),
        size_(o.size_),
        owned_(std::move(o.owned_)),
        borrowed_(o.borrowed_),
        codes_(std::move(o.codes_)),
        labels_(std::move(o.labels_)) {
    data_ = borrowed_ ? o.data_ : owned_.data();
    o.reset();
  }
  Column& operator=(const Column& o) {
    if (this != &o) {
      Column tmp(o);
      *this = std::move(tmp);
    }
    return *this;
  }
  Column& operator=(Column&& o) noexcept {
    if (this != &o) {
      kind_ = o.kind_;
      size_ = o.size_;
      owned_ = std::move(o.owned_);
      borrowed_ = o.borrowed_;
      codes_ = std::move(o.codes_);
      labels_ = std::move(o.labels_);
      data_ = borrowed_ ? o.data_ : owned_.data();
      o.reset();
    }
    return *this;
  }
  ~Column() = default;

  Kind kind() const noexcept { return kind_; }
  bool is_numeric() const noexcept { return kind_ == Kind::numeric; }
  bool is_categorical() const noexcept { return kind_ == Kind::categorical; }
  std::size_t size() const noexcept { return size_; }

  /// Numeric values (precondition: numeric).
  std::span<const double> values() const noexcept {
    FEPIPE_ASSERT(is_numeric());
    return {data_, is_numeric() ? size_ : 0};
  }
  /// Writable numeric values; a borrowed buffer is copied first.
  std::span<double> mutable_values() {
    FEPIPE_ASSERT(is_numeric());
    if (borrowed_) {
      owned_.assign(data_, data_ + size_);
      data_ = owned_.data();
      borrowed_ = false;
    }
    return {owned_.data(), is_numeric() ? size_ : 0};
  }
  bool is_borrowed() const noexcept { return borrowed_; }

  /// Category codes (precondition: categorical).
  std::span<const std::int32_t> codes() const noexcept { return codes_; }
  std::span<std::int32_t> mutable_codes() noexcept { return codes_; }
  const std::vector<std::string>& labels() const noexcept { return labels_; }
  std::string_view label(std::int32_t code) const { return labels_.at(static_cast<std::size_t>(code)); }

  /// True when the value at `row` is missing (NaN or code -1).
  bool is_missing(std::size_t row) const noexcept {
    return is_numeric() ? data_[row] != data_[row] : codes_[row] == missing_code;
  }

  /// Code of `label` in the dictionary, or -1.
  std::int32_t find_label(std::string_view label) const noexcept {
    auto it = std::find(labels_.begin(), labels_.end(), label);
    return it == labels_.end() ? missing_code : static_cast<std::int32_t>(it - labels_.begin());
  }
  /// Code of `label`, added to the dictionary if absent.
  std::int32_t intern_label(std::string_view label) {
    std::int32_t code = find_label(label);
    if (code != missing_code) return code;
    labels_.emplace_back(label);
    return static_cast<std::int32_t>(labels_.size() - 1);
  }
  /// Replaces the dictionary and codes together (e.g. after relabelling).
  void assign_categorical(std::vector<std::int32_t> codes, std::vector<std::string> labels) {
    *this = categorical(std::move(codes), std::move(labels));
  }

  /// The rows at `rows`, in that order (indices must be < size()).
  Column take(std::span<const std::size_t> rows) const {
    if (is_numeric()) {
      std::vector<double> out;
      out.reserve(rows.size());
      for (std::size_t r : rows) out.push_back(data_[r]);
      return numeric(std::move(out));
    }
    Column c;
    c.kind_ = Kind::categorical;
    c.size_ = rows.size();
    c.codes_.reserve(rows.size());
    for (std::size_t r : rows) c.codes_.push_back(codes_[r]);
    c.labels_ = labels_;
    return c;
  }

 private:
  void reset() noexcept {
    size_ = 0;
    data_ = nullptr;
    borrowed_ = false;
  }

  Kind kind_ = Kind::numeric;
  std::size_t size_ = 0;
  const double* data_ = nullptr;  // owned_.data() or a borrowed buffer
  std::vector<double> owned_;
  bool borrowed_ = false;
  std::vector<std::int32_t> codes_;
  std::vector<std::string> labels_;
};

FEPIPE_NAMESPACE_END
