#pragma once
/// @file
/// CategoricalImputer — feature_engine.imputation.CategoricalImputer.

#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN

enum class CategoricalImputation : std::uint8_t { missing, frequent };
constexpr std::array<std::string_view, 2> enum_names(CategoricalImputation) { return {"missing", "frequent"}; }

/// Replaces missing labels by a fixed label ("Missing") or by the most
/// frequent label of each variable.
///
/// Learns:
/// - `imputer_dict_`: variable → fill label (`fill_value`, or the mode; a
///   tie between modes is a DataError naming the variables, as in
///   feature-engine; so is an all-missing column, which has no mode —
///   feature-engine 1.6.2 calls that a tie).
/// - `variables_`, `feature_names_in_`.
///
/// With `ignore_format`, numeric variables can be imputed too: with their
/// mode, or with a numeric `fill_value`. A non-numeric fill for a numeric
/// column is a ParameterError (feature-engine would silently turn the column
/// into text; fepipe does not coerce).
class CategoricalImputer {
 public:
  struct Options {
    CategoricalImputation imputation_method = CategoricalImputation::missing;
    std::string fill_value = "Missing";
    Variables variables{};
    bool return_empty = false;
    /// Kept for parity with feature-engine; categorical columns are already
    /// labels in fepipe, so it changes nothing.
    bool return_object = false;
    bool ignore_format = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(imputation_method), FEPIPE_NVP(fill_value), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty),
         FEPIPE_NVP(return_object), FEPIPE_NVP(ignore_format));
    }
  };

  static constexpr std::string_view type_name = "CategoricalImputer";
  static constexpr std::uint32_t serial_version = 1;

  CategoricalImputer() = default;
  explicit CategoricalImputer(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  CategoricalImputer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto vars = resolve_variables(X, options_.variables, type_name,
                                  {.type = VariableType::categorical,
                                   .ignore_format = options_.ignore_format,
                                   .return_empty = options_.return_empty});
    Dict<std::string> dict;
    std::string tied;
    for (const auto& v : vars) {
      const Column& col = X[v];
      if (options_.imputation_method == CategoricalImputation::missing) {
        dict.insert_or_assign(v, options_.fill_value);
        continue;
      }
      if (all_missing(col))
        detail::throw_data(type_name, v,
                           "every value is missing, so there is no most frequent category to impute with "
                           "(use imputation_method='missing', or drop the column)");
      auto mode = col.is_numeric() ? numeric_mode(col) : label_mode(col);
      if (!mode) {
        tied += (tied.empty() ? "" : ", ") + v;
        continue;
      }
      dict.insert_or_assign(v, *mode);
    }
    if (!tied.empty())
      detail::throw_data(type_name, "", "variables with more than one most frequent category (tied modes): " + tied);
    auto [positions, numeric_fill] = prepare(schema, vars, dict);
    positions_ = std::move(positions);
    numeric_fill_ = std::move(numeric_fill);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    imputer_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Column& col = X.column(positions_[k]);
      if (col.is_numeric()) {
        for (double& x : col.mutable_values())
          if (std::isnan(x)) x = numeric_fill_[k];
      } else {
        const std::string& fill = imputer_dict_[k].second;
        detail::relabel_column(col, [&](std::optional<std::string_view> label) -> std::optional<std::string_view> {
          return label ? *label : std::string_view(fill);
        });
      }
    }
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      if (feature_names_in_[positions_[k]].kind == Kind::numeric) {
        if (std::isnan(detail::cell_number(cell, type_name, variables_[k]))) cell = Value(numeric_fill_[k]);
      } else if (!detail::cell_label(cell, type_name, variables_[k])) {
        cell = Value(std::string_view(imputer_dict_[k].second));
      }
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<std::string> imputer_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(imputer_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_dict_keys(imputer_dict_, variables_, type_name, "imputer_dict_");
      auto [positions, numeric_fill] = prepare(feature_names_in_, variables_, imputer_dict_);
      positions_ = std::move(positions);
      numeric_fill_ = std::move(numeric_fill);
    }
  }

 private:
  // Positions of the variables and, for numeric ones, the fill as a number.
  std::pair<std::vector<std::size_t>, std::vector<double>> prepare(const Schema& schema,
                                                                   const std::vector<std::string>& vars,
                                                                   const Dict<std::string>& dict) const {
    auto positions = detail::restore_positions(schema, vars, type_name, std::nullopt);
    std::vector<double> numeric_fill(vars.size(), 0.0);
    for (std::size_t k = 0; k < vars.size(); ++k) {
      if (schema[positions[k]].kind != Kind::numeric) continue;
      if (!detail::parse_double(dict[k].second, numeric_fill[k]))
        detail::throw_parameter(type_name, "fill_value " + detail::quote_label(dict[k].second) +
                                               " is not a number, but variable '" + vars[k] +
                                               "' is numeric (use a numeric fill_value or a categorical column)");
    }
    return {std::move(positions), std::move(numeric_fill)};
  }

  static bool all_missing(const Column& col) {
    for (std::size_t r = 0; r < col.size(); ++r)
      if (!col.is_missing(r)) return false;
    return true;
  }

  // The most frequent used label; nullopt on a tie (an all-missing column
  // is refused before).
  static std::optional<std::string> label_mode(const Column& col) {
    std::vector<std::size_t> counts(col.labels().size(), 0);
    for (std::int32_t c : col.codes())
      if (c >= 0) ++counts[static_cast<std::size_t>(c)];
    std::size_t best = 0, n_best = 0;
    std::int32_t best_code = -1;
    for (std::size_t c = 0; c < counts.size(); ++c) {
      if (counts[c] == 0) continue;
      if (counts[c] > best) {
        best = counts[c];
        n_best = 1;
        best_code = static_cast<std::int32_t>(c);
      } else if (counts[c] == best) {
        ++n_best;
      }
    }
    if (n_best != 1) return std::nullopt;
    return std::string(col.label(best_code));
  }

  static std::optional<std::string> numeric_mode(const Column& col) {
    std::map<double, std::size_t> counts;
    for (double x : col.values())
      if (!std::isnan(x)) ++counts[x];
    std::size_t best = 0, n_best = 0;
    double best_value = 0;
    for (const auto& [x, n] : counts) {
      if (n > best) {
        best = n;
        n_best = 1;
        best_value = x;
      } else if (n == best) {
        ++n_best;
      }
    }
    if (n_best != 1) return std::nullopt;
    return detail::python_float_repr(best_value);
  }

  Options options_;
  std::vector<std::size_t> positions_;
  std::vector<double> numeric_fill_;
};

static_assert(RowTransformer<CategoricalImputer>);

FEPIPE_NAMESPACE_END
