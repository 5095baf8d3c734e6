#pragma once
/// @file
/// DropFeatures — feature_engine.selection.DropFeatures.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Removes the listed columns.
///
/// Learns: `features_to_drop_` (checked to exist at fit; dropping every
/// column is a SchemaError), `feature_names_in_`.
class DropFeatures {
 public:
  struct Options {
    std::vector<std::string> features_to_drop{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(features_to_drop));
    }
  };

  static constexpr std::string_view type_name = "DropFeatures";
  static constexpr std::uint32_t serial_version = 1;

  DropFeatures() = default;
  explicit DropFeatures(Options options) : options_(std::move(options)) { validate(); }

  DropFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    validate();
    Schema schema = detail::fit_schema(X, type_name);
    for (const auto& f : options_.features_to_drop) X.index_of(f, type_name);
    commit(std::move(schema), options_.features_to_drop);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    X.erase_columns(positions_);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    row.erase(positions_);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const {
    std::vector<std::string> out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < feature_names_in_.size(); ++i) {
      if (next < positions_.size() && positions_[next] == i) {
        ++next;
        continue;
      }
      out.push_back(feature_names_in_[i].name);
    }
    return out;
  }

  std::vector<std::string> features_to_drop_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(features_to_drop_));
    if constexpr (Archive::is_loading) {
      if (!feature_names_in_.empty()) {
        Schema schema = std::move(feature_names_in_);
        std::vector<std::string> drop = std::move(features_to_drop_);
        commit(std::move(schema), std::move(drop));
      }
    }
  }

 private:
  void validate() const {
    if (options_.features_to_drop.empty()) detail::throw_parameter(type_name, "features_to_drop is empty");
    Variables(options_.features_to_drop).validate(type_name);
  }
  void commit(Schema schema, std::vector<std::string> drop) {
    auto positions = detail::positions_in(schema, drop, type_name);
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    if (positions.size() >= schema.size())
      detail::throw_schema(type_name, "", "dropping these features would leave no columns");
    positions_ = std::move(positions);
    feature_names_in_ = std::move(schema);
    features_to_drop_ = std::move(drop);
  }

  Options options_;
  std::vector<std::size_t> positions_;  // sorted
};

static_assert(RowTransformer<DropFeatures>);

FEPIPE_NAMESPACE_END
