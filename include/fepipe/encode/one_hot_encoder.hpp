#pragma once
/// @file
/// OneHotEncoder — feature_engine.encoding.OneHotEncoder.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/label_index.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/encode/detail/encoding.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces each categorical variable by binary "dummy" columns, one per
/// category kept: `"{var}_{category}"` = 1 where the variable equals the
/// category, else 0.
///
/// Learns:
/// - `encoder_dict_`: variable → the categories that get a dummy, in
///   order: the `top_categories` most frequent (descending count, equal
///   counts in order of first appearance — fepipe's rule, stable at every
///   cardinality), else every category in order of first appearance, minus
///   the last one with `drop_last`.
/// - `variables_binary_`: the variables with exactly two categories; with
///   `drop_last_binary` each keeps only its first-appearing category (one
///   dummy), whatever the options above.
/// - `variables_`, `feature_names_in_`.
///
/// transform appends the dummies after all other columns (variables in
/// `variables_` order, categories in `encoder_dict_` order) and removes the
/// encoded variables. A category not seen at fit gets 0 in every dummy; a
/// missing value is a DataError (at fit too). With `ignore_format`, numeric
/// variables are encoded too, a number's category being its Python repr
/// (column "x_1.0"). Dummy names that collide with each other or with an
/// input column are a SchemaError at fit.
class OneHotEncoder {
 public:
  struct Options {
    /// Dummies only for the k most frequent categories (unset or 0: all).
    std::optional<int> top_categories{};
    /// k − 1 dummies for k categories: no dummy for the last-appearing one.
    bool drop_last = false;
    /// One dummy for variables with exactly two categories.
    bool drop_last_binary = false;
    Variables variables{};
    bool return_empty = false;
    /// Encode numeric variables too (automatic selection: every column).
    bool ignore_format = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(top_categories), FEPIPE_NVP(drop_last), FEPIPE_NVP(drop_last_binary), FEPIPE_NVP(variables),
         FEPIPE_NVP(return_empty), FEPIPE_NVP(ignore_format));
    }
  };

  static constexpr std::string_view type_name = "OneHotEncoder";
  static constexpr std::uint32_t serial_version = 1;

  OneHotEncoder() = default;
  explicit OneHotEncoder(Options options) : options_(std::move(options)) { validate(); }

  OneHotEncoder& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    MissingValues::ignore, type_name, options_.ignore_format);
    detail::reject_missing(X, fitted.positions, type_name, detail::impute_first);
    Dict<std::vector<std::string>> dict;
    std::vector<std::string> binary;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      const detail::LabelCounts counts =
          detail::with_categories(X.column(fitted.positions[k]), [](const Column& c) { return detail::count_labels(c); });
      std::vector<std::string> kept;
      const int top = options_.top_categories.value_or(0);
      if (top > 0) {
        for (std::size_t i : detail::by_descending_count(counts.counts)) {
          if (kept.size() == static_cast<std::size_t>(top)) break;
          kept.push_back(counts.labels[i]);
        }
      } else {
        kept = counts.labels;
        if (options_.drop_last && !kept.empty()) kept.pop_back();
      }
      if (counts.labels.size() == 2) {
        binary.push_back(fitted.variables[k]);
        if (options_.drop_last_binary) kept = {counts.labels[0]};
      }
      dict.insert_or_assign(fitted.variables[k], std::move(kept));
    }
    Derived derived = derive(fitted.schema, fitted.variables, dict);
    derived_ = std::move(derived);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    variables_binary_ = std::move(binary);
    encoder_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::reject_missing(X, derived_.positions, type_name, detail::impute_first);
    std::size_t name = 0;
    for (std::size_t k = 0; k < derived_.positions.size(); ++k) {
      // Built before they are added: adding columns may move the variable's column.
      std::vector<Column> dummies = detail::with_categories(X.column(derived_.positions[k]), [&](const Column& c) {
        return dummy_columns(k, c);
      });
      for (auto& d : dummies) X.add(derived_.dummy_names[name++], std::move(d));
    }
    X.erase_columns(derived_.positions);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::NumberLabel buf;
    for (std::size_t k = 0; k < derived_.positions.size(); ++k) {
      const std::size_t pos = derived_.positions[k];
      const auto label = detail::cell_category(row[pos], feature_names_in_[pos].kind, buf, type_name, variables_[k]);
      if (!label) [[unlikely]]
        detail::throw_data(type_name, variables_[k], "missing value (" + std::string(detail::impute_first) + ")");
      const std::int32_t hit = derived_.indexes[k].find(*label);
      const std::size_t n = encoder_dict_[k].second.size();
      for (std::size_t j = 0; j < n; ++j) row.append(Value(static_cast<std::int32_t>(j) == hit ? 1.0 : 0.0));
    }
    row.erase(derived_.sorted_positions);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }

  /// The input columns minus the encoded variables, then the dummies.
  std::vector<std::string> feature_names_out() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < feature_names_in_.size(); ++i)
      if (!std::binary_search(derived_.sorted_positions.begin(), derived_.sorted_positions.end(), i))
        out.push_back(feature_names_in_[i].name);
    out.insert(out.end(), derived_.dummy_names.begin(), derived_.dummy_names.end());
    return out;
  }

  Dict<std::vector<std::string>> encoder_dict_;
  std::vector<std::string> variables_binary_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(variables_binary_), FEPIPE_NVP(encoder_dict_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(encoder_dict_, variables_, type_name, "encoder_dict_");
      for (const auto& b : variables_binary_)
        if (std::find(variables_.begin(), variables_.end(), b) == variables_.end())
          detail::throw_model_format(std::string(type_name) + ": variables_binary_ names '" + b +
                                     "', which is not among variables_");
      derived_ = derive(feature_names_in_, variables_, encoder_dict_);
      detail::check_number_categories(encoder_dict_, feature_names_in_, derived_.positions, type_name);
    }
  }

 private:
  // State rebuilt from the learned members at fit and at load.
  struct Derived {
    std::vector<std::size_t> positions;         // of variables_, in their order
    std::vector<std::size_t> sorted_positions;  // the same, ascending (for erasing)
    std::vector<detail::LabelIndex> indexes;    // category → dummy index, per variable
    std::vector<std::string> dummy_names;       // all dummies, in output order
  };

  void validate() const {
    options_.variables.validate(type_name);
    if (options_.top_categories && *options_.top_categories < 0)
      detail::throw_parameter(type_name, "top_categories must be a positive integer, got " +
                                             std::to_string(*options_.top_categories));
  }

  Derived derive(const Schema& schema, const std::vector<std::string>& vars,
                 const Dict<std::vector<std::string>>& dict) const {
    Derived d;
    d.positions = detail::restore_positions(schema, vars, type_name, detail::encoder_kind(options_.ignore_format));
    d.sorted_positions = d.positions;
    std::sort(d.sorted_positions.begin(), d.sorted_positions.end());
    for (std::size_t k = 0; k < vars.size(); ++k) {
      d.indexes.emplace_back(dict[k].second);
      for (const auto& category : dict[k].second) d.dummy_names.push_back(vars[k] + "_" + category);
    }
    // A name used twice would make two outputs indistinguishable (pandas
    // allows it and then drops both together with a same-named variable).
    std::vector<std::string_view> names(d.dummy_names.begin(), d.dummy_names.end());
    for (const auto& spec : schema) names.push_back(spec.name);
    std::sort(names.begin(), names.end());
    if (auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end())
      detail::throw_schema(type_name, *dup,
                           "the dummy column name is used twice (by another dummy or an input column); rename "
                           "the variable or its category");
    return d;
  }

  // Variable k's dummies for the categories `c` holds: one comparison per
  // distinct label, then one write per row.
  std::vector<Column> dummy_columns(std::size_t k, const Column& c) const {
    std::vector<std::int32_t> hit(c.labels().size(), -1);
    const auto used = detail::used_codes(c);
    for (std::size_t code = 0; code < hit.size(); ++code)
      if (used[code]) hit[code] = derived_.indexes[k].find(c.labels()[code]);
    std::vector<std::vector<double>> values(encoder_dict_[k].second.size(), std::vector<double>(c.size(), 0.0));
    auto codes = c.codes();
    for (std::size_t r = 0; r < codes.size(); ++r) {
      const std::int32_t j = hit[static_cast<std::size_t>(codes[r])];
      if (j >= 0) values[static_cast<std::size_t>(j)][r] = 1.0;
    }
    std::vector<Column> out;
    out.reserve(values.size());
    for (auto& v : values) out.push_back(Column::numeric(std::move(v)));
    return out;
  }

  Options options_;
  Derived derived_;
};

static_assert(RowTransformer<OneHotEncoder>);

FEPIPE_NAMESPACE_END
