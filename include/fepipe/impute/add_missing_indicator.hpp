#pragma once
/// @file
/// AddMissingIndicator — feature_engine.imputation.AddMissingIndicator.

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

/// Appends a binary column `<var>_na` (1 where the value is missing, else 0)
/// for each variable, after all original columns, which stay untouched.
///
/// Learns:
/// - `variables_`: the variables that get an indicator — with
///   `missing_only` (default) only those that had missing values at fit.
/// - `feature_names_in_`.
class AddMissingIndicator {
 public:
  struct Options {
    /// Keep only variables with missing values in the training data.
    bool missing_only = true;
    /// Any kind of column; automatic = all columns.
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(missing_only), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "AddMissingIndicator";
  static constexpr std::uint32_t serial_version = 1;

  AddMissingIndicator() = default;
  explicit AddMissingIndicator(Options options) : options_(std::move(options)) {
    options_.variables.validate(type_name);
  }

  AddMissingIndicator& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto candidates =
        resolve_variables(X, options_.variables, type_name, {.type = VariableType::any, .return_empty = true});
    std::vector<std::string> vars;
    for (auto& v : candidates)
      if (!options_.missing_only || detail::has_missing(X[v])) vars.push_back(std::move(v));
    if (vars.empty() && !options_.return_empty && !options_.missing_only)
      detail::throw_schema(type_name, "", "no variables to add indicators for");
    commit(std::move(schema), std::move(vars));
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      const Column& col = X.column(positions_[k]);
      std::vector<double> flag(col.size());
      for (std::size_t r = 0; r < flag.size(); ++r) flag[r] = col.is_missing(r) ? 1.0 : 0.0;
      X.add(indicator_names_[k], Column::numeric(std::move(flag)));
    }
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t pos : positions_) {
      const Value& v = row[pos];
      const bool missing = v.is_missing() || (v.is_number() && v.number() != v.number());
      row.append(Value(missing ? 1.0 : 0.0));
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const {
    auto out = feature_names_in_.names();
    out.insert(out.end(), indicator_names_.begin(), indicator_names_.end());
    return out;
  }

  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      Schema schema = std::move(feature_names_in_);
      commit(std::move(schema), std::move(variables_));
    }
  }

 private:
  void commit(Schema schema, std::vector<std::string> vars) {
    positions_ = detail::restore_positions(schema, vars, type_name, std::nullopt);
    indicator_names_.clear();
    for (const auto& v : vars) {
      indicator_names_.push_back(v + "_na");
      if (schema.find(indicator_names_.back()))
        detail::throw_schema(type_name, indicator_names_.back(), "already exists; cannot add the missing indicator");
    }
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
  }

  Options options_;
  std::vector<std::size_t> positions_;
  std::vector<std::string> indicator_names_;
};

static_assert(RowTransformer<AddMissingIndicator>);

FEPIPE_NAMESPACE_END
