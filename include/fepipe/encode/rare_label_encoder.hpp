#pragma once
/// @file
/// RareLabelEncoder — feature_engine.encoding.RareLabelEncoder.

#include <cmath>
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

/// Groups infrequent categories under one label (`replace_with`, "Rare").
///
/// Learns:
/// - `encoder_dict_`: variable → its frequent categories: those whose share
///   of the non-missing training rows is ≥ `tol`, by descending frequency
///   (ties in first-appearance order), at most `max_n_categories` of them.
///   A variable with no more than `n_categories` distinct values (missing
///   counted as one when allowed) keeps all its categories.
/// - `variables_`, `feature_names_in_`.
///
/// At transform every category not in the list — including ones never seen
/// at fit — becomes `replace_with`; missing values stay missing (when
/// `missing_values` is ignore).
///
/// With `ignore_format`, numeric variables are grouped too: each number is
/// the category named by its Python repr ("1.0"), and the variable comes out
/// categorical (its frequent numbers' labels and `replace_with`), as
/// feature-engine turns it into text for a text `replace_with`. (fepipe's
/// `replace_with` is always text; feature-engine keeps the column numeric
/// when `replace_with` is a number.)
class RareLabelEncoder {
 public:
  struct Options {
    double tol = 0.05;
    int n_categories = 10;
    /// Keep at most this many frequent categories (0 or nullopt: no limit).
    std::optional<int> max_n_categories{};
    std::string replace_with = "Rare";
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;
    /// Group numeric variables too (automatic selection: every column).
    bool ignore_format = false;

    template <class Archive>
    void serialize(Archive& ar) {
      serialize_v1(ar);
      ar(FEPIPE_NVP(ignore_format));
    }
    /// The layout of serial version 1 (no ignore_format).
    template <class Archive>
    void serialize_v1(Archive& ar) {
      ar(FEPIPE_NVP(tol), FEPIPE_NVP(n_categories), FEPIPE_NVP(max_n_categories), FEPIPE_NVP(replace_with),
         FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values));
    }
  };

  static constexpr std::string_view type_name = "RareLabelEncoder";
  /// 2: Options gained ignore_format.
  static constexpr std::uint32_t serial_version = 2;

  RareLabelEncoder() = default;
  explicit RareLabelEncoder(Options options) : options_(std::move(options)) { validate(); }

  RareLabelEncoder& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    options_.missing_values, type_name, options_.ignore_format);
    Dict<std::vector<std::string>> dict;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k)
      dict.insert_or_assign(fitted.variables[k],
                            detail::with_categories(X.column(fitted.positions[k]),
                                                    [&](const Column& col) { return frequent_categories(col); }));
    indexes_ = build_indexes(dict);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    encoder_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (options_.missing_values == MissingValues::raise) detail::reject_missing(X, positions_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Column& col = X.column(positions_[k]);
      if (col.is_numeric()) col = detail::numeric_as_categories(col);  // numbers come out as labels
      detail::relabel_column(col, [&](std::optional<std::string_view> label) { return relabel(k, label); });
    }
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::NumberLabel buf;
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      const auto out = relabel(k, detail::encoder_cell_label(cell, feature_names_in_[positions_[k]].kind, buf,
                                                             options_.missing_values, type_name, variables_[k]));
      cell = out ? Value(*out) : Value::missing();
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<std::vector<std::string>> encoder_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version == 1) {
      detail::OptionsV1<Options> v1{options_};
      ar(make_nvp("options", v1));
    } else {
      ar(make_nvp("options", options_));
    }
    ar(FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(encoder_dict_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(encoder_dict_, variables_, type_name, "encoder_dict_");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name,
                                             detail::encoder_kind(options_.ignore_format));
      detail::check_number_categories(encoder_dict_, feature_names_in_, positions_, type_name);
      indexes_ = build_indexes(encoder_dict_);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!(options_.tol >= 0.0 && options_.tol <= 1.0))
      detail::throw_parameter(type_name, "tol must be in [0, 1], got " + detail::python_float_repr(options_.tol));
    if (options_.n_categories < 0) detail::throw_parameter(type_name, "n_categories must be >= 0");
    if (options_.max_n_categories && *options_.max_n_categories < 0)
      detail::throw_parameter(type_name, "max_n_categories must be >= 0");
  }

  // The label a category becomes: itself when frequent, else replace_with.
  // Both views point into this step's own strings, because a number's label
  // lives only in the caller's stack buffer.
  std::optional<std::string_view> relabel(std::size_t k, std::optional<std::string_view> label) const {
    if (!label) return std::nullopt;
    const std::int32_t i = indexes_[k].find(*label);
    if (i >= 0) return std::string_view(indexes_[k].labels()[static_cast<std::size_t>(i)]);
    return std::string_view(options_.replace_with);
  }

  std::vector<std::string> frequent_categories(const Column& col) const {
    const detail::LabelCounts counts = detail::count_labels(col);
    const std::size_t distinct = counts.labels.size() + (counts.has_missing ? 1 : 0);
    if (distinct <= static_cast<std::size_t>(options_.n_categories)) return counts.labels;
    std::vector<std::string> frequent;
    const int limit = options_.max_n_categories.value_or(0);
    for (std::size_t i : detail::by_descending_count(counts.counts)) {
      const double share = static_cast<double>(counts.counts[i]) / static_cast<double>(counts.non_missing);
      if (share < options_.tol) continue;
      if (limit > 0 && frequent.size() >= static_cast<std::size_t>(limit)) break;
      frequent.push_back(counts.labels[i]);
    }
    return frequent;
  }

  static std::vector<detail::LabelIndex> build_indexes(const Dict<std::vector<std::string>>& dict) {
    std::vector<detail::LabelIndex> out;
    out.reserve(dict.size());
    for (const auto& [var, labels] : dict) out.emplace_back(labels);
    return out;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  std::vector<detail::LabelIndex> indexes_;
};

static_assert(RowTransformer<RareLabelEncoder>);

FEPIPE_NAMESPACE_END
