#pragma once
/// @file
/// WoEEncoder — feature_engine.encoding.WoEEncoder.

#include <algorithm>
#include <cmath>
#include <cstdint>
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
#include "fepipe/encode/detail/encoding.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces categories by their weight of evidence for a binary target:
/// WoE = ln(pos_c / neg_c), where pos_c is the category's share of all
/// positive rows and neg_c its share of all negative rows.
///
/// The target must have exactly two distinct values; when they are not
/// {0, 1}, the smaller is the negative class and the larger the positive
/// one. Rows are matched with the target by position.
///
/// Learns:
/// - `encoder_dict_`: variable → (category → WoE), categories in ascending
///   label order. A category with no positive or no negative row has no
///   WoE: DataError naming every such variable, unless `fill_value` (> 0)
///   is set, which then replaces the zero shares before the logarithm.
/// - `variables_`, `feature_names_in_`.
///
/// Missing values are a DataError at fit and transform. An unseen category
/// becomes NaN (`unseen` ignore) or raises UnseenCategoryError (raise);
/// `unseen` encode does not exist for this encoder (ParameterError). With
/// `ignore_format`, numeric variables are encoded too (a number's category
/// is its repr).
class WoEEncoder {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;
    /// Encode numeric variables too (automatic selection: every column).
    bool ignore_format = false;
    UnseenPolicy unseen = UnseenPolicy::ignore;
    /// Replaces a zero share of positives or negatives (must be > 0: the
    /// logarithm of a share ≤ 0 is no number).
    std::optional<double> fill_value{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(ignore_format), FEPIPE_NVP(unseen),
         FEPIPE_NVP(fill_value));
    }
  };

  static constexpr std::string_view type_name = "WoEEncoder";
  static constexpr std::uint32_t serial_version = 1;

  WoEEncoder() = default;
  explicit WoEEncoder(Options options) : options_(std::move(options)) { validate(); }

  WoEEncoder& fit(const Frame& X, const Target* y = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty,
                                                    MissingValues::ignore, type_name, options_.ignore_format);
    detail::reject_missing(X, fitted.positions, type_name, detail::impute_first);
    detail::check_target(y, X.rows(), type_name, "WoEEncoder");
    const std::vector<char> positive = binary_target(*y);
    std::size_t total_pos = 0;
    for (char p : positive) total_pos += static_cast<std::size_t>(p);
    const double n_pos = static_cast<double>(total_pos);
    const double n_neg = static_cast<double>(positive.size() - total_pos);
    Dict<Dict<double>> dict;
    std::string failing;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      bool zero = false;
      Dict<double> mapping = detail::with_categories(X.column(fitted.positions[k]), [&](const Column& col) {
        std::vector<std::size_t> pos_count(col.labels().size(), 0), count(col.labels().size(), 0);
        auto codes = col.codes();
        for (std::size_t r = 0; r < codes.size(); ++r) {
          const auto c = static_cast<std::size_t>(codes[r]);
          ++count[c];
          pos_count[c] += static_cast<std::size_t>(positive[r]);
        }
        Dict<double> m;
        for (std::size_t c : detail::used_codes_by_label(col)) {
          double pos = static_cast<double>(pos_count[c]) / n_pos;
          double neg = static_cast<double>(count[c] - pos_count[c]) / n_neg;
          if (pos == 0.0 || neg == 0.0) {
            zero = true;
            if (options_.fill_value) {
              if (pos == 0.0) pos = *options_.fill_value;
              if (neg == 0.0) neg = *options_.fill_value;
            }
          }
          m.insert_or_assign(col.labels()[c], std::log(pos / neg));
        }
        return m;
      });
      if (zero && !options_.fill_value) failing += (failing.empty() ? "" : ", ") + fitted.variables[k];
      dict.insert_or_assign(fitted.variables[k], std::move(mapping));
    }
    if (!failing.empty())
      detail::throw_data(type_name, failing.substr(0, failing.find(',')),
                         "some categories have no positive or no negative target rows, so their WoE (a log of "
                         "0 or a division by 0) is undefined, in: " +
                             failing + " (group rare categories first, or set fill_value)");
    maps_ = detail::LabelNumberMaps(dict);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    encoder_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::reject_missing(X, positions_, type_name, detail::impute_first);
    maps_.apply(X, positions_, variables_, policy(), type_name);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    maps_.apply_row(row, positions_, variables_, feature_names_in_, policy(), type_name);
  }

  /// WoE values back to categories (numbers that are no WoE become missing).
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
      validate();
      detail::check_encoder_dict(encoder_dict_, variables_, type_name);
      detail::check_encodings(encoder_dict_, type_name, [](double v) { return std::isfinite(v); });
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name,
                                             detail::encoder_kind(options_.ignore_format));
      detail::check_number_categories(encoder_dict_, feature_names_in_, positions_, type_name);
      maps_ = detail::LabelNumberMaps(encoder_dict_);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (options_.unseen == UnseenPolicy::encode)
      detail::throw_parameter(type_name, "unseen must be ignore or raise (there is no WoE for an unseen category)");
    if (options_.fill_value && !(*options_.fill_value > 0.0 && std::isfinite(*options_.fill_value)))
      detail::throw_parameter(type_name, "fill_value must be a finite number > 0, got " +
                                             detail::python_float_repr(*options_.fill_value));
  }

  // 1 for the positive class (the larger of the two target values).
  std::vector<char> binary_target(const Target& y) const {
    const double lo = y.minCoeff(), hi = y.maxCoeff();
    for (Eigen::Index i = 0; i < y.size(); ++i)
      if (y[i] != lo && y[i] != hi)
        detail::throw_data(type_name, "", "the target must have exactly 2 distinct values (binary classification); "
                                          "it has at least 3: " + detail::python_float_repr(lo) + ", " +
                                              detail::python_float_repr(y[i]) + ", " + detail::python_float_repr(hi));
    if (lo == hi)
      detail::throw_data(type_name, "", "the target must have exactly 2 distinct values (binary classification); "
                                        "it has only " + detail::python_float_repr(lo));
    std::vector<char> positive(static_cast<std::size_t>(y.size()));
    for (Eigen::Index i = 0; i < y.size(); ++i) positive[static_cast<std::size_t>(i)] = y[i] == hi ? 1 : 0;
    return positive;
  }

  detail::LabelNumberMaps::Policy policy() const {
    return {MissingValues::raise, options_.unseen, detail::nan_v, detail::impute_first};
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::LabelNumberMaps maps_;
};

static_assert(RowTransformer<WoEEncoder>);

FEPIPE_NAMESPACE_END
