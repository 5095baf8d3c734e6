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
#include "fepipe/core/detail/selector_support.hpp"

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

  std::vector<std::string> features_to_drop_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(features_to_drop_));
    if constexpr (Archive::is_loading) {
      if (feature_names_in_.empty() && features_to_drop_.empty() && options_.features_to_drop.empty()) return;
      validate();  // an unfitted step may have options; a fitted one must
      if (!feature_names_in_.empty()) {
        if (features_to_drop_ != options_.features_to_drop)
          detail::throw_model_format("DropFeatures: features_to_drop_ differs from the options");
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
    auto cols = detail::ColumnDrop::resolve(schema, drop, type_name);
    cols.require_columns_left(schema.size(), type_name);
    drop_ = std::move(cols);
    feature_names_in_ = std::move(schema);
    features_to_drop_ = std::move(drop);
  }

  Options options_;
  detail::ColumnDrop drop_;  // derived: sorted positions
};

static_assert(RowTransformer<DropFeatures>);

FEPIPE_NAMESPACE_END
