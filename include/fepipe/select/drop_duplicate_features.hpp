#pragma once
/// @file
/// DropDuplicateFeatures — feature_engine.selection.DropDuplicateFeatures.

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/bit.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/detail/selector_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Removes variables whose values duplicate an earlier variable's.
///
/// Two variables are duplicates when they have the same kind and equal
/// values row by row: missing equals missing, numbers compare by value (so
/// 0.0 equals −0.0), labels by text. Within a group the first variable in
/// frame order is kept. (feature-engine compares hashes of each row's
/// values; on frames mixing numbers and labels that equals this rule, except
/// that it would also pair a number with a label spelling it, such as 1.0
/// and "1.0". On all-numeric frames it compares bits, so there 0.0 and −0.0
/// differ.)
///
/// Learns: `duplicated_feature_sets_` (each group in frame order, groups in
/// order of their first member; feature-engine's list of sets),
/// `features_to_drop_` (every member but the first of each group, in frame
/// order; a set in feature-engine), `variables_`, `feature_names_in_`.
class DropDuplicateFeatures {
 public:
  struct Options {
    /// Any kind of column (automatic: every column); at least two.
    Variables variables{};
    /// raise: missing values at fit are a DataError.
    MissingValues missing_values = MissingValues::ignore;
    /// Keep only the listed variables present in the frame at fit.
    bool confirm_variables = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(missing_values), FEPIPE_NVP(confirm_variables));
    }
  };

  static constexpr std::string_view type_name = "DropDuplicateFeatures";
  static constexpr std::uint32_t serial_version = 1;

  DropDuplicateFeatures() = default;
  explicit DropDuplicateFeatures(Options options) : options_(std::move(options)) {
    options_.variables.validate(type_name);
  }

  DropDuplicateFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto vars =
        detail::select_variables(X, options_.variables, options_.confirm_variables, VariableType::any, type_name);
    detail::require_two_variables(vars, type_name);
    if (options_.missing_values == MissingValues::raise) detail::require_no_missing(X, vars, type_name);

    // Columns are bucketed by a hash of their contents; only columns in the
    // same bucket are compared value by value, so the work is linear in the
    // data unless hashes collide.
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets;  // hash → group indices
    std::vector<std::vector<std::size_t>> groups;                         // variable indices, frame order
    for (std::size_t k = 0; k < vars.size(); ++k) {
      const Column& col = X[vars[k]];
      auto& candidates = buckets[column_hash(col)];
      bool placed = false;
      for (std::size_t g : candidates)
        if (same_values(X[vars[groups[g].front()]], col)) {
          groups[g].push_back(k);
          placed = true;
          break;
        }
      if (!placed) {
        candidates.push_back(groups.size());
        groups.push_back({k});
      }
    }
    std::vector<std::vector<std::string>> sets;
    std::vector<std::string> drop;
    for (const auto& g : groups) {
      if (g.size() < 2) continue;
      std::vector<std::string> set;
      for (std::size_t k : g) set.push_back(vars[k]);
      sets.push_back(std::move(set));
    }
    for (const auto& set : sets) drop.insert(drop.end(), set.begin() + 1, set.end());
    drop = detail::in_schema_order(schema, drop);
    auto dropper = detail::ColumnDrop::resolve(schema, drop, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    duplicated_feature_sets_ = std::move(sets);
    features_to_drop_ = std::move(drop);
    drop_ = std::move(dropper);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    drop_.apply(X);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    drop_.apply(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return drop_.kept_names(feature_names_in_); }

  std::vector<std::vector<std::string>> duplicated_feature_sets_;
  std::vector<std::string> features_to_drop_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(duplicated_feature_sets_), FEPIPE_NVP(features_to_drop_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      if (feature_names_in_.empty()) return;
      detail::positions_in(feature_names_in_, variables_, type_name);
      // Each set keeps its first member; the others are exactly the drops.
      std::vector<std::string> expected;
      for (const auto& set : duplicated_feature_sets_) {
        if (set.size() < 2)
          detail::throw_model_format("DropDuplicateFeatures: a duplicated set has fewer than 2 members");
        detail::check_subset(set, variables_, type_name, "duplicated_feature_sets_");
        expected.insert(expected.end(), set.begin() + 1, set.end());
      }
      if (detail::in_schema_order(feature_names_in_, expected) != features_to_drop_ ||
          expected.size() != features_to_drop_.size())
        detail::throw_model_format("DropDuplicateFeatures: features_to_drop_ does not match duplicated_feature_sets_");
      drop_ = detail::ColumnDrop::resolve(feature_names_in_, features_to_drop_, type_name);
    }
  }

 private:
  // FNV-style mixing of per-row hashes; labels are hashed once per
  // dictionary entry, not per row.
  static std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept { return (h ^ v) * 1099511628211ull; }

  static std::uint64_t column_hash(const Column& col) {
    std::uint64_t h = col.is_numeric() ? 1469598103934665603ull : 7809847782465536322ull;
    if (col.is_numeric()) {
      // Equal values must hash alike: one NaN, one zero.
      for (double x : col.values())
        h = mix(h, std::isnan(x) ? 0x7ff8000000000000ull : detail::bit_cast<std::uint64_t>(x == 0.0 ? 0.0 : x));
      return h;
    }
    std::vector<std::uint64_t> label_hash(col.labels().size());
    for (std::size_t c = 0; c < label_hash.size(); ++c) label_hash[c] = std::hash<std::string_view>{}(col.labels()[c]);
    for (std::int32_t code : col.codes())
      h = mix(h, code < 0 ? 0x9e3779b97f4a7c15ull : label_hash[static_cast<std::size_t>(code)]);
    return h;
  }

  static bool same_values(const Column& a, const Column& b) {
    if (a.kind() != b.kind()) return false;
    if (a.is_numeric()) {
      auto x = a.values(), y = b.values();
      for (std::size_t r = 0; r < x.size(); ++r) {
        const bool nx = std::isnan(x[r]), ny = std::isnan(y[r]);
        if (nx != ny || (!nx && x[r] != y[r])) return false;
      }
      return true;
    }
    auto ca = a.codes(), cb = b.codes();
    for (std::size_t r = 0; r < ca.size(); ++r) {
      if ((ca[r] < 0) != (cb[r] < 0)) return false;
      if (ca[r] >= 0 && a.label(ca[r]) != b.label(cb[r])) return false;
    }
    return true;
  }

  Options options_;
  detail::ColumnDrop drop_;
};

static_assert(RowTransformer<DropDuplicateFeatures>);

FEPIPE_NAMESPACE_END
