#pragma once
/// @file
/// Value, Row and Workspace: one record flowing through a pipeline without a
/// Frame, for allocation-free single-record prediction (`Pipeline::predict_one`).

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN

/// One cell of a record: a number, a label, or missing.
///
/// A label is a non-owning view: it points into the caller's input or into
/// storage owned by a fitted step (e.g. the "Rare" label), both of which
/// outlive a predict call. A number NaN counts as missing for categorical
/// columns, so records built from doubles only can mark absent labels.
class Value {
 public:
  enum class Type : std::uint8_t { missing, number, label };

  constexpr Value() noexcept = default;
  constexpr Value(double x) noexcept : number_(x), type_(Type::number) {}  // NOLINT: implicit by design
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  constexpr Value(I x) noexcept : number_(static_cast<double>(x)), type_(Type::number) {}  // NOLINT
  constexpr Value(std::string_view s) noexcept : size_(s.size()), type_(Type::label) { data_ = s.data(); }  // NOLINT
  constexpr Value(const char* s) noexcept : Value(std::string_view(s)) {}  // NOLINT
  Value(const std::string& s) noexcept : Value(std::string_view(s)) {}  // NOLINT

  static constexpr Value missing() noexcept { return Value(); }

  constexpr Type type() const noexcept { return type_; }
  constexpr bool is_missing() const noexcept { return type_ == Type::missing; }
  constexpr bool is_number() const noexcept { return type_ == Type::number; }
  constexpr bool is_label() const noexcept { return type_ == Type::label; }
  /// The number (precondition: is_number()).
  constexpr double number() const noexcept { return number_; }
  /// The label (precondition: is_label()).
  constexpr std::string_view label() const noexcept { return {data_, size_}; }

 private:
  union {
    double number_ = std::numeric_limits<double>::quiet_NaN();
    const char* data_;
  };
  std::size_t size_ = 0;
  Type type_ = Type::missing;
};

/// A record being transformed in place: `width()` cells in use inside a
/// buffer of fixed capacity. Steps read and rewrite cells, append new ones
/// and erase dropped ones; the pipeline sizes the buffer at fit so no step
/// ever needs more than it has.
class Row {
 public:
  Row(std::span<Value> storage, std::size_t width) noexcept
      : cells_(storage.data()), width_(width), capacity_(storage.size()) {
    FEPIPE_ASSERT(width <= capacity_);
  }

  std::size_t width() const noexcept { return width_; }
  std::size_t capacity() const noexcept { return capacity_; }
  Value& operator[](std::size_t i) noexcept { return cells_[i]; }
  const Value& operator[](std::size_t i) const noexcept { return cells_[i]; }
  std::span<Value> cells() noexcept { return {cells_, width_}; }
  std::span<const Value> cells() const noexcept { return {cells_, width_}; }

  /// Appends a cell; throws (never writes past the buffer) if it is full.
  void append(Value v) {
    if (width_ == capacity_) overflow();
    cells_[width_++] = v;
  }
  /// Removes the cells at `sorted_indices` (ascending, distinct), keeping
  /// the order of the others.
  void erase(std::span<const std::size_t> sorted_indices) noexcept {
    std::size_t out = 0, next = 0;
    for (std::size_t i = 0; i < width_; ++i) {
      if (next < sorted_indices.size() && sorted_indices[next] == i) {
        ++next;
        continue;
      }
      cells_[out++] = cells_[i];
    }
    width_ = out;
  }

 private:
  [[noreturn]] FEPIPE_COLD static void overflow() {
    throw Error("Row", "", "record buffer too small for this step (a custom step appended more cells than it declared)");
  }
  Value* cells_;
  std::size_t width_;
  std::size_t capacity_;
};

/// Scratch space for single-record prediction. One per thread (or per call
/// site); reusing it makes `predict_one` allocation-free after the first call.
class Workspace {
 public:
  std::span<Value> cells(std::size_t capacity) {
    if (cells_.size() < capacity) cells_.resize(capacity);
    return {cells_.data(), capacity};
  }

 private:
  std::vector<Value> cells_;
};

namespace detail {
inline Workspace& thread_workspace() {
  thread_local Workspace ws;
  return ws;
}
}  // namespace detail

FEPIPE_NAMESPACE_END
