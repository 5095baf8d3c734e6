#pragma once
/// @file
/// Schema: the ordered names and kinds of a frame's columns (and, for a
/// pipeline's input, the categories seen at fit).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/column.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN

/// One column of a schema.
struct ColumnSpec {
  std::string name;
  Kind kind = Kind::numeric;
  /// Categories seen at fit, in order of first appearance (categorical
  /// columns of a pipeline's input schema only; empty elsewhere).
  std::vector<std::string> categories;

  friend bool operator==(const ColumnSpec&, const ColumnSpec&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(name), FEPIPE_NVP(kind), FEPIPE_NVP(categories));
    if constexpr (Archive::is_loading) {
      if (kind != Kind::categorical && !categories.empty())
        detail::throw_model_format("column '" + name + "' is " + std::string(to_string(kind)) +
                                   " but lists categories");
      if (auto d = detail::first_duplicate(categories))
        detail::throw_model_format("column '" + name + "' lists the category " + detail::quote_label(*d) + " twice");
    }
  }
};

/// Ordered column specs. Steps record the schema they were fitted on
/// (feature-engine's `feature_names_in_`) and align later inputs to it.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<ColumnSpec> columns) : columns_(std::move(columns)) {}

  std::size_t size() const noexcept { return columns_.size(); }
  bool empty() const noexcept { return columns_.empty(); }
  const ColumnSpec& operator[](std::size_t i) const { return columns_[i]; }
  const std::vector<ColumnSpec>& columns() const noexcept { return columns_; }
  auto begin() const noexcept { return columns_.begin(); }
  auto end() const noexcept { return columns_.end(); }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    out.reserve(columns_.size());
    for (const auto& c : columns_) out.push_back(c.name);
    return out;
  }
  std::optional<std::size_t> find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].name == name) return i;
    return std::nullopt;
  }
  void push_back(ColumnSpec spec) { columns_.push_back(std::move(spec)); }

  friend bool operator==(const Schema&, const Schema&) = default;

  /// A loaded schema names each column once: every step finds its columns
  /// by name and then works by position, so a repeated name in a model file
  /// would make two positions read one column (moved from, or the wrong one).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(make_nvp("columns", columns_));
    if constexpr (Archive::is_loading)
      if (auto d = detail::first_duplicate(columns_, [](const ColumnSpec& c) -> const std::string& { return c.name; }))
        detail::throw_model_format("the schema names the column '" + std::string(*d) + "' twice");
  }

 private:
  std::vector<ColumnSpec> columns_;
};

FEPIPE_NAMESPACE_END
