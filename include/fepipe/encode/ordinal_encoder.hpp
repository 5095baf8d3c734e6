#pragma once
/// @file
/// OrdinalEncoder — feature_engine.encoding.OrdinalEncoder.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
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

enum class OrdinalEncoding : std::uint8_t { ordered, arbitrary };
constexpr std::array<std::string_view, 2> enum_names(OrdinalEncoding) { return {"ordered", "arbitrary"}; }

/// Replaces categories by integers 0..k-1.
///
/// `ordered` (needs the target): categories ranked by the mean target in
/// ascending order, equal means broken by label order (numbers numerically,
/// then text). `arbitrary`: numbered in order of first appearance.
///
/// Learns:
/// - `encoder_dict_`: variable → (category → code).
/// - `variables_`, `feature_names_in_`.
///
/// At transform, a category not seen at fit (or a missing value, when
/// `missing_values` is ignore) becomes NaN (`unseen` ignore), raises
/// UnseenCategoryError (raise), or becomes -1 (encode).
///
/// With `ignore_format`, numeric variables are encoded too, each number
/// being the category named by its Python repr ("1.0", "2.5").
class OrdinalEncoder {
 public:
  struct Options {
    OrdinalEncoding encoding_method = OrdinalEncoding::ordered;
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;
    UnseenPolicy unseen = UnseenPolicy::ignore;
    /// Encode numeric variables too (automatic selection: every column).
    bool ignore_format = false;

    template <class Archive>
    void serialize(Archive& ar) {
      serialize_v1(ar);
      ar(FEPIPE_NVP(ignore_format));
    }
    /// The layout of serial version 1 (no ignore_format).
    template <class Archive>
    void serialize_v1(Archive& ar) {
      ar(FEPIPE_NVP(encoding_method), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values),
         FEPIPE_NVP(unseen));
    }
  };

  static constexpr std::string_view type_name = "OrdinalEncoder";
  /// 2: Options gained ignore_format.
  static constexpr std::uint32_t serial_version = 2;

  OrdinalEncoder() = default;
  explicit OrdinalEncoder(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  OrdinalEncoder& fit(const Frame& X, const Target* y = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    options_.missing_values, type_name, options_.ignore_format);
    if (options_.encoding_method == OrdinalEncoding::ordered)
      detail::check_target(y, X.rows(), type_name, "encoding_method ordered");
    Dict<Dict<double>> dict;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      const std::vector<std::string> order =
          detail::with_categories(X.column(fitted.positions[k]), [&](const Column& col) {
            return options_.encoding_method == OrdinalEncoding::ordered ? ordered_categories(col, *y)
                                                                        : observed_categories(col);
          });
      Dict<double> codes;
      for (std::size_t i = 0; i < order.size(); ++i) codes.insert_or_assign(order[i], static_cast<double>(i));
      dict.insert_or_assign(fitted.variables[k], std::move(codes));
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

  /// Codes back to categories (numbers that are no code become missing).
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
  void serialize(Archive& ar, std::uint32_t version) {
    if (version == 1) {
      detail::OptionsV1<Options> v1{options_};
      ar(make_nvp("options", v1));
    } else {
      ar(make_nvp("options", options_));
    }
    ar(FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(encoder_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_encoder_dict(encoder_dict_, variables_, type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name,
                                             detail::encoder_kind(options_.ignore_format));
      detail::check_number_categories(encoder_dict_, feature_names_in_, positions_, type_name);
      maps_ = detail::LabelNumberMaps(encoder_dict_);
    }
  }

 private:
  detail::LabelNumberMaps::Policy policy() const { return {options_.missing_values, options_.unseen, -1.0}; }

  // Categories by ascending mean target (pandas' compensated group sums, so
  // equal means compare equal as they do in pandas), ties by label order.
  static std::vector<std::string> ordered_categories(const Column& col, const Target& y) {
    const detail::TargetGroups groups = detail::group_target(col, y);
    std::vector<std::size_t> used = detail::used_codes_by_label(col);
    std::stable_sort(used.begin(), used.end(),
                     [&](std::size_t a, std::size_t b) { return groups.mean(a) < groups.mean(b); });
    std::vector<std::string> out;
    out.reserve(used.size());
    for (std::size_t c : used) out.push_back(col.labels()[c]);
    return out;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::LabelNumberMaps maps_;
};

static_assert(RowTransformer<OrdinalEncoder>);

FEPIPE_NAMESPACE_END
