#pragma once
/// @file
/// RelativeFeatures — feature_engine.creation.RelativeFeatures.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/create/detail/creation_support.hpp"
#include "fepipe/create/detail/relative_functions.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Combines each variable with each reference variable: for every function,
/// every reference and every variable (in that nesting order) it appends
/// `<var>_<func>_<reference>` = var <func> reference, with pandas' float
/// semantics (div and truediv are x / ref; floordiv and mod follow Python's
/// sign rules; pow is C's pow). With `drop_original` the variables and the
/// references are removed.
///
/// Division-type functions (div, truediv, floordiv, mod) need a reference
/// without zeros: a zero is a DataError at transform, unless `fill_value`
/// is set, which then replaces those results.
///
/// missing_values = ignore (default): NaN and ±inf flow through the
/// arithmetic. raise: NaN or ±inf in the variables or references is a
/// DataError at fit and at transform.
///
/// Learns: `variables_`, `reference_`, `feature_names_in_`. A new name equal
/// to an input column is a SchemaError (pandas would overwrite).
class RelativeFeatures {
 public:
  struct Options {
    /// Numeric columns to combine (at least one, no repeats).
    std::vector<std::string> variables{};
    /// Numeric columns to combine them with (at least one, no repeats).
    std::vector<std::string> reference{};
    /// At least one, no repeats.
    std::vector<RelativeFunction> func{};
    /// Result of a division by a zero reference (none: DataError).
    std::optional<double> fill_value{};
    MissingValues missing_values = MissingValues::ignore;
    bool drop_original = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(reference), FEPIPE_NVP(func), FEPIPE_NVP_NONFINITE(fill_value),
         FEPIPE_NVP(missing_values), FEPIPE_NVP(drop_original));
    }
  };

  static constexpr std::string_view type_name = "RelativeFeatures";
  static constexpr std::uint32_t serial_version = 1;

  RelativeFeatures() = default;
  explicit RelativeFeatures(Options options) : options_(std::move(options)) { validate(); }

  RelativeFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    validate();
    Schema schema = detail::fit_schema(X, type_name);
    auto vars = resolve_variables(X, Variables(options_.variables), type_name, {.type = VariableType::numeric});
    auto refs = resolve_variables(X, Variables(options_.reference), type_name, {.type = VariableType::numeric});
    if (raises()) {
      detail::require_finite(X, detail::positions_in(schema, vars, type_name), type_name);
      detail::require_finite(X, detail::positions_in(schema, refs, type_name), type_name);
    }
    commit(std::move(schema), std::move(vars), std::move(refs));
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (raises()) {
      detail::require_finite(X, var_positions_, type_name);
      detail::require_finite(X, ref_positions_, type_name);
    }
    // feature-engine checks each division's reference before computing it.
    for (RelativeFunction f : options_.func)
      for (std::size_t r = 0; r < ref_positions_.size(); ++r) {
        auto ref = X.column(ref_positions_[r]).values();
        if (detail::divides(f) && !options_.fill_value)
          for (std::size_t i = 0; i < ref.size(); ++i)
            if (ref[i] == 0.0) zero_reference(r, i);
      }
    const std::size_t n = X.rows();
    std::vector<std::vector<double>> out;
    out.reserve(created_.names().size());
    for (RelativeFunction f : options_.func)
      for (std::size_t pr : ref_positions_) {
        auto ref = X.column(pr).values();
        for (std::size_t pv : var_positions_) {
          auto x = X.column(pv).values();
          std::vector<double> col(n);
          for (std::size_t i = 0; i < n; ++i) col[i] = cell(f, x[i], ref[i]);
          out.push_back(std::move(col));
        }
      }
    created_.finish(X, std::move(out));
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t k = 0; k < var_positions_.size(); ++k)
      detail::row_number(row, var_positions_[k], variables_[k], type_name, raises());
    for (std::size_t r = 0; r < ref_positions_.size(); ++r) {
      const double ref = detail::row_number(row, ref_positions_[r], reference_[r], type_name, raises());
      if (ref == 0.0 && !options_.fill_value)
        for (RelativeFunction f : options_.func)
          if (detail::divides(f)) zero_reference(r, std::nullopt);
    }
    // The inputs stay where they are while results are appended after them.
    for (RelativeFunction f : options_.func)
      for (std::size_t r = 0; r < ref_positions_.size(); ++r) {
        const double ref = detail::row_number(row, ref_positions_[r], reference_[r], type_name, false);
        for (std::size_t k = 0; k < var_positions_.size(); ++k)
          row.append(Value(cell(f, detail::row_number(row, var_positions_[k], variables_[k], type_name, false), ref)));
      }
    created_.finish(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return created_.names_out(feature_names_in_); }

  std::vector<std::string> variables_;
  std::vector<std::string> reference_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(reference_));
    if constexpr (Archive::is_loading) {
      if (feature_names_in_.empty()) return;
      validate();
      if (variables_ != options_.variables || reference_ != options_.reference)
        detail::throw_model_format("RelativeFeatures: variables_ or reference_ differ from the options");
      Schema schema = std::move(feature_names_in_);
      auto vars = std::move(variables_);
      auto refs = std::move(reference_);
      detail::restore_positions(schema, vars, type_name, Kind::numeric);
      detail::restore_positions(schema, refs, type_name, Kind::numeric);
      commit(std::move(schema), std::move(vars), std::move(refs));
    }
  }

 private:
  bool raises() const noexcept { return options_.missing_values == MissingValues::raise; }

  void validate() const {
    detail::require_distinct(options_.variables, type_name, "variables");
    detail::require_distinct(options_.reference, type_name, "reference");
    if (options_.func.empty()) detail::throw_parameter(type_name, "func is empty");
    for (std::size_t i = 0; i < options_.func.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (options_.func[i] == options_.func[j])
          detail::throw_parameter(type_name, "func: '" + std::string(name_of(options_.func[i])) + "' is listed twice");
  }

  static std::string_view name_of(RelativeFunction f) { return enum_names(f)[static_cast<std::size_t>(f)]; }

  double cell(RelativeFunction f, double x, double ref) const noexcept {
    if (detail::divides(f) && ref == 0.0) return *options_.fill_value;  // checked before: set, or DataError
    return detail::relative_function(f, x, ref);
  }

  [[noreturn]] void zero_reference(std::size_t r, std::optional<std::size_t> row) const {
    detail::throw_data(type_name, reference_[r],
                       std::string(row ? detail::value_at_row(0.0, *row) : "value 0.0") +
                           ": a division by zero does not exist; replace the zeros or set fill_value");
  }

  void commit(Schema schema, std::vector<std::string> vars, std::vector<std::string> refs) {
    auto vpos = detail::positions_in(schema, vars, type_name);
    auto rpos = detail::positions_in(schema, refs, type_name);
    std::vector<std::string> names, drop;
    for (RelativeFunction f : options_.func)
      for (const auto& ref : refs)
        for (const auto& v : vars) names.push_back(v + "_" + std::string(name_of(f)) + "_" + ref);
    if (options_.drop_original) {
      drop = vars;
      for (const auto& ref : refs)
        if (std::find(vars.begin(), vars.end(), ref) == vars.end()) drop.push_back(ref);
    }
    detail::CreatedColumns created(schema, std::move(names), drop, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    reference_ = std::move(refs);
    var_positions_ = std::move(vpos);
    ref_positions_ = std::move(rpos);
    created_ = std::move(created);
  }

  Options options_;
  std::vector<std::size_t> var_positions_, ref_positions_;
  detail::CreatedColumns created_;
};

static_assert(RowTransformer<RelativeFeatures>);

FEPIPE_NAMESPACE_END
