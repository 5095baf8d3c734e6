#pragma once
/// @file
/// CountFrequencyEncoder — feature_engine.encoding.CountFrequencyEncoder.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/encode/detail/encoding.hpp"

FEPIPE_NAMESPACE_BEGIN

enum class CountEncoding : std::uint8_t { count, frequency };
constexpr std::array<std::string_view, 2> enum_names(CountEncoding) { return {"count", "frequency"}; }

/// Replaces categories by how many training rows have them (`count`) or by
/// that count's share of the non-missing training rows (`frequency`).
///
/// Learns:
/// - `encoder_dict_`: variable → (category → count or frequency), in
///   descending count order, equal counts in order of first appearance.
/// - `variables_`, `feature_names_in_`.
///
/// With `missing_values` ignore, missing rows are not counted (nor in the
/// frequency's denominator) and are treated like unseen categories at
/// transform. An unseen category becomes NaN (`unseen` ignore), raises
/// UnseenCategoryError (raise) or becomes 0 (encode). With
/// `ignore_format`, numeric variables are encoded too, each number being
/// the category named by its Python repr.
class CountFrequencyEncoder {
 public:
  struct Options {
    CountEncoding encoding_method = CountEncoding::count;
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;
    /// Encode numeric variables too (automatic selection: every column).
    bool ignore_format = false;
    UnseenPolicy unseen = UnseenPolicy::ignore;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(encoding_method), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values),
         FEPIPE_NVP(ignore_format), FEPIPE_NVP(unseen));
    }
  };

  static constexpr std::string_view type_name = "CountFrequencyEncoder";
  static constexpr std::uint32_t serial_version = 1;

  CountFrequencyEncoder() = default;
  explicit CountFrequencyEncoder(Options options) : options_(std::move(options)) {
    options_.variables.validate(type_name);
  }

  CountFrequencyEncoder& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    options_.missing_values, type_name, options_.ignore_format);
    Dict<Dict<double>> dict;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      const detail::LabelCounts counts =
          detail::with_categories(X.column(fitted.positions[k]), [](const Column& c) { return detail::count_labels(c); });
      Dict<double> mapping;
      for (std::size_t i : detail::by_descending_count(counts.counts)) {
        const double n = static_cast<double>(counts.counts[i]);
        mapping.insert_or_assign(counts.labels[i], options_.encoding_method == CountEncoding::count
                                                       ? n
                                                       : n / static_cast<double>(counts.non_missing));
      }
      dict.insert_or_assign(fitted.variables[k], std::move(mapping));
    }
    maps_ = detail::LabelNumberMaps(dict);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    encoder_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (options_.missing_values == MissingValues::raise) detail::reject_missing(X, positions_, type_name);
    maps_.apply(X, positions_, variables_, policy(), type_name);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    maps_.apply_row(row, positions_, variables_, feature_names_in_, policy(), type_name);
  }

  /// Counts back to categories (the first category with that count; numbers
  /// that are no count become missing).
  Frame inverse_transform(Frame X) const {
    detail::inverse_encode(X, feature_names_in_, positions_, encoder_dict_, type_name);
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<Dict<double>> encoder_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(encoder_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_encoder_dict(encoder_dict_, variables_, type_name);
      detail::check_encodings(encoder_dict_, type_name, [](double v) { return std::isfinite(v) && v >= 0.0; });
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name,
                                             detail::encoder_kind(options_.ignore_format));
      detail::check_number_categories(encoder_dict_, feature_names_in_, positions_, type_name);
      maps_ = detail::LabelNumberMaps(encoder_dict_);
    }
  }

 private:
  detail::LabelNumberMaps::Policy policy() const { return {options_.missing_values, options_.unseen, 0.0}; }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::LabelNumberMaps maps_;
};

static_assert(RowTransformer<CountFrequencyEncoder>);

FEPIPE_NAMESPACE_END
