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
class OrdinalEncoder {
 public:
  struct Options {
    OrdinalEncoding encoding_method = OrdinalEncoding::ordered;
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;
    UnseenPolicy unseen = UnseenPolicy::ignore;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(encoding_method), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values),
         FEPIPE_NVP(unseen));
    }
  };

  static constexpr std::string_view type_name = "OrdinalEncoder";
  static constexpr std::uint32_t serial_version = 1;

  OrdinalEncoder() = default;
  explicit OrdinalEncoder(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  OrdinalEncoder& fit(const Frame& X, const Target* y = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    options_.missing_values, type_name);
    if (options_.encoding_method == OrdinalEncoding::ordered) {
      if (!y) detail::throw_parameter(type_name, "encoding_method ordered needs the target y");
      if (static_cast<std::size_t>(y->size()) != X.rows())
        detail::throw_schema(type_name, "", "target has " + std::to_string(y->size()) + " values for " +
                                                std::to_string(X.rows()) + " rows");
      for (Eigen::Index i = 0; i < y->size(); ++i)
        if (!std::isfinite((*y)[i]))
          detail::throw_data(type_name, "", "target " + detail::value_at_row((*y)[i], static_cast<std::size_t>(i)) +
                                                " is not finite");
    }
    Dict<Dict<double>> dict;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      const Column& col = X.column(fitted.positions[k]);
      const std::vector<std::string> order = options_.encoding_method == OrdinalEncoding::ordered
                                                 ? ordered_categories(col, *y)
                                                 : observed_categories(col);
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
    maps_.apply_row(row, positions_, variables_, policy(), type_name);
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
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(encoder_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_encoder_dict(encoder_dict_, variables_, type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::categorical);
      maps_ = detail::LabelNumberMaps(encoder_dict_);
    }
  }

 private:
  detail::LabelNumberMaps::Policy policy() const { return {options_.missing_values, options_.unseen, -1.0}; }

  // Categories by ascending mean target, ties by label order. The means use
  // pandas' compensated (Kahan) group sum so equal means compare equal as
  // they do in pandas.
  static std::vector<std::string> ordered_categories(const Column& col, const Target& y) {
    const std::size_t k = col.labels().size();
    std::vector<double> sum(k, 0.0), comp(k, 0.0);
    std::vector<std::size_t> count(k, 0);
    auto codes = col.codes();
    for (std::size_t r = 0; r < codes.size(); ++r) {
      if (codes[r] < 0) continue;
      const auto c = static_cast<std::size_t>(codes[r]);
      const double v = y[static_cast<Eigen::Index>(r)] - comp[c];
      const double t = sum[c] + v;
      comp[c] = t - sum[c] - v;
      sum[c] = t;
      ++count[c];
    }
    std::vector<std::size_t> used;
    for (std::size_t c = 0; c < k; ++c)
      if (count[c] > 0) used.push_back(c);
    std::sort(used.begin(), used.end(),
              [&](std::size_t a, std::size_t b) { return detail::label_less(col.labels()[a], col.labels()[b]); });
    std::vector<double> mean(k);
    for (std::size_t c : used) mean[c] = sum[c] / static_cast<double>(count[c]);
    std::stable_sort(used.begin(), used.end(), [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });
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
