#pragma once
/// @file
/// MathFeatures — feature_engine.creation.MathFeatures.

#include <cstdint>
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
#include "fepipe/create/detail/math_functions.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Combines several numeric variables row by row into one new feature per
/// function: sum, prod, mean, median, min, max, std, var (pandas' row-wise
/// `agg`; std and var with ddof 1). The new columns are appended after the
/// input columns, named `new_variables_names` or `<func>_<var1>_<var2>…`;
/// with `drop_original` the combined variables are removed.
///
/// missing_values = raise (default): NaN or ±inf in the variables is a
/// DataError at fit and at transform. ignore: NaN is skipped (an all-NaN
/// row sums to 0, multiplies to 1, and is NaN for the others).
///
/// Learns: `variables_` (the given variables), `feature_names_in_`. A new
/// name equal to an input column is a SchemaError (pandas would overwrite).
class MathFeatures {
 public:
  struct Options {
    /// At least two distinct numeric columns.
    std::vector<std::string> variables{};
    /// At least one, no repeats; one new column each, in this order.
    std::vector<MathFunction> func{};
    /// Empty: automatic names; otherwise one distinct name per function.
    std::vector<std::string> new_variables_names{};
    MissingValues missing_values = MissingValues::raise;
    bool drop_original = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(func), FEPIPE_NVP(new_variables_names), FEPIPE_NVP(missing_values),
         FEPIPE_NVP(drop_original));
    }
  };

  static constexpr std::string_view type_name = "MathFeatures";
  static constexpr std::uint32_t serial_version = 1;

  MathFeatures() = default;
  explicit MathFeatures(Options options) : options_(std::move(options)) { validate(); }

  MathFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    validate();
    Schema schema = detail::fit_schema(X, type_name);
    auto vars = resolve_variables(X, Variables(options_.variables), type_name, {.type = VariableType::numeric});
    auto positions = detail::positions_in(schema, vars, type_name);
    if (raises()) detail::require_finite(X, positions, type_name);
    commit(std::move(schema), std::move(vars));
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (raises()) detail::require_finite(X, positions_, type_name);
    const std::size_t n = X.rows(), k = positions_.size();
    std::vector<std::vector<double>> out(options_.func.size(), std::vector<double>(n));
    std::vector<std::span<const double>> columns;
    for (std::size_t pos : positions_) columns.push_back(X.column(pos).values());
    std::vector<double> values(k), scratch(k);
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t j = 0; j < k; ++j) values[j] = columns[j][r];
      for (std::size_t f = 0; f < options_.func.size(); ++f)
        out[f][r] = detail::math_function(options_.func[f], values, scratch);
    }
    created_.finish(X, std::move(out));
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    const std::size_t k = positions_.size();
    std::span<double> buffer = detail::thread_scratch(2 * k);
    std::span<double> values = buffer.first(k), scratch = buffer.last(k);
    for (std::size_t j = 0; j < k; ++j)
      values[j] = detail::row_number(row, positions_[j], variables_[j], type_name, raises());
    for (MathFunction f : options_.func) row.append(Value(detail::math_function(f, values, scratch)));
    created_.finish(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return created_.names_out(feature_names_in_); }

  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_));
    if constexpr (Archive::is_loading) {
      if (feature_names_in_.empty()) return;
      validate();
      if (variables_ != options_.variables)
        detail::throw_model_format("MathFeatures: variables_ differ from the options");
      Schema schema = std::move(feature_names_in_);
      std::vector<std::string> vars = std::move(variables_);
      detail::restore_positions(schema, vars, type_name, Kind::numeric);
      commit(std::move(schema), std::move(vars));
    }
  }

 private:
  bool raises() const noexcept { return options_.missing_values == MissingValues::raise; }

  void validate() const {
    detail::require_distinct(options_.variables, type_name, "variables");
    if (options_.variables.size() < 2)
      detail::throw_parameter(type_name, "variables must list at least 2 columns to combine");
    if (options_.func.empty()) detail::throw_parameter(type_name, "func is empty");
    for (std::size_t i = 0; i < options_.func.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (options_.func[i] == options_.func[j])
          detail::throw_parameter(
              type_name, "func: '" +
                             std::string(enum_names(options_.func[i])[static_cast<std::size_t>(options_.func[i])]) +
                             "' is listed twice");
    if (!options_.new_variables_names.empty()) {
      detail::require_distinct(options_.new_variables_names, type_name, "new_variables_names");
      if (options_.new_variables_names.size() != options_.func.size())
        detail::throw_parameter(type_name, "new_variables_names has " +
                                               std::to_string(options_.new_variables_names.size()) + " names for " +
                                               std::to_string(options_.func.size()) + " functions");
    }
  }

  // feature-engine's names: "<func>_<var1>_<var2>…".
  std::vector<std::string> new_names() const {
    if (!options_.new_variables_names.empty()) return options_.new_variables_names;
    std::vector<std::string> names;
    for (MathFunction f : options_.func) {
      std::string name(enum_names(f)[static_cast<std::size_t>(f)]);
      for (const auto& v : options_.variables) {
        name += '_';
        name += v;
      }
      names.push_back(std::move(name));
    }
    return names;
  }

  void commit(Schema schema, std::vector<std::string> vars) {
    auto positions = detail::positions_in(schema, vars, type_name);
    const std::vector<std::string> none;
    detail::CreatedColumns created(schema, new_names(), options_.drop_original ? vars : none, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    positions_ = std::move(positions);
    created_ = std::move(created);
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::CreatedColumns created_;
};

static_assert(RowTransformer<MathFeatures>);

FEPIPE_NAMESPACE_END
