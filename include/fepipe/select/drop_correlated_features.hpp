#pragma once
/// @file
/// DropCorrelatedFeatures — feature_engine.selection.DropCorrelatedFeatures.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/select/detail/correlation.hpp"
#include "fepipe/core/detail/selector_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Removes numeric variables correlated with another one.
///
/// The variables are first sorted by name (so the result does not depend on
/// column order, as feature-engine ≥ 1.7). Walking them in that order, each
/// variable not yet examined keeps its place and claims every later,
/// unexamined variable whose |correlation| with it is strictly greater than
/// `threshold`; the claimed variables are dropped and count as examined.
/// Correlations are pairwise-complete (rows with NaN or ±inf in either column
/// are left out of that pair); a NaN correlation (constant column, fewer than
/// two rows) never exceeds the threshold.
///
/// Learns:
/// - `features_to_drop_`: in discovery order;
/// - `correlated_feature_sets_`: each kept variable with the ones it claimed
///   (sorted by name; sets in feature-engine);
/// - `correlated_feature_dict_`: kept variable → the variables it claimed;
/// - `variables_`, `feature_names_in_`.
class DropCorrelatedFeatures {
 public:
  struct Options {
    /// Numeric columns (automatic: every numeric column); at least two.
    Variables variables{};
    CorrelationMethod method = CorrelationMethod::pearson;
    /// |r| strictly above this is correlated; in [0, 1].
    double threshold = 0.8;
    /// raise: NaN or ±inf at fit is a DataError.
    MissingValues missing_values = MissingValues::ignore;
    /// Keep only the listed variables present in the frame at fit.
    bool confirm_variables = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(method), FEPIPE_NVP(threshold), FEPIPE_NVP(missing_values),
         FEPIPE_NVP(confirm_variables));
    }
  };

  static constexpr std::string_view type_name = "DropCorrelatedFeatures";
  static constexpr std::uint32_t serial_version = 1;

  DropCorrelatedFeatures() = default;
  explicit DropCorrelatedFeatures(Options options) : options_(std::move(options)) { validate(); }

  DropCorrelatedFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto vars =
        detail::select_variables(X, options_.variables, options_.confirm_variables, VariableType::numeric, type_name);
    detail::require_two_variables(vars, type_name);
    if (options_.missing_values == MissingValues::raise)
      detail::require_finite(X, detail::positions_in(schema, vars, type_name), type_name);

    std::vector<std::string> sorted = vars;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::span<const double>> columns;
    for (const auto& v : sorted) columns.push_back(X[v].values());
    const std::size_t k = sorted.size();
    const std::vector<double> r = detail::correlation_upper(columns, options_.method);

    std::vector<char> examined(k, 0);
    std::vector<std::string> drop;
    std::vector<std::vector<std::string>> sets;
    Dict<std::vector<std::string>> dict;
    for (std::size_t i = 0; i < k; ++i) {
      if (examined[i]) continue;
      examined[i] = 1;
      std::vector<std::string> claimed;
      for (std::size_t j = i + 1; j < k; ++j)
        if (!examined[j] && std::fabs(r[i * k + j]) > options_.threshold) {  // NaN compares false
          examined[j] = 1;
          claimed.push_back(sorted[j]);
        }
      if (claimed.empty()) continue;
      drop.insert(drop.end(), claimed.begin(), claimed.end());
      std::vector<std::string> set{sorted[i]};
      set.insert(set.end(), claimed.begin(), claimed.end());
      sets.push_back(std::move(set));
      dict.insert_or_assign(sorted[i], std::move(claimed));
    }
    auto dropper = detail::ColumnDrop::resolve(schema, drop, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    features_to_drop_ = std::move(drop);
    correlated_feature_sets_ = std::move(sets);
    correlated_feature_dict_ = std::move(dict);
    drop_ = std::move(dropper);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    drop_.apply(X);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    drop_.apply(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return drop_.kept_names(feature_names_in_); }

  std::vector<std::string> features_to_drop_;
  std::vector<std::vector<std::string>> correlated_feature_sets_;
  Dict<std::vector<std::string>> correlated_feature_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(features_to_drop_), FEPIPE_NVP(correlated_feature_sets_), FEPIPE_NVP(correlated_feature_dict_));
    if constexpr (Archive::is_loading) {
      validate();
      if (feature_names_in_.empty()) return;
      detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      // The three learned views must tell the same story.
      std::vector<std::string> expected;
      bool consistent = correlated_feature_sets_.size() == correlated_feature_dict_.size();
      for (std::size_t g = 0; consistent && g < correlated_feature_sets_.size(); ++g) {
        const auto& set = correlated_feature_sets_[g];
        const auto& [kept, claimed] = correlated_feature_dict_[g];
        consistent = set.size() >= 2 && set.front() == kept && claimed.size() + 1 == set.size() &&
                     std::equal(claimed.begin(), claimed.end(), set.begin() + 1);
        expected.insert(expected.end(), claimed.begin(), claimed.end());
        detail::check_subset(set, variables_, type_name, "correlated_feature_sets_");
      }
      if (!consistent || expected != features_to_drop_)
        detail::throw_model_format(
            "DropCorrelatedFeatures: features_to_drop_, correlated_feature_sets_ and correlated_feature_dict_ "
            "disagree");
      drop_ = detail::ColumnDrop::resolve(feature_names_in_, features_to_drop_, type_name);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!(options_.threshold >= 0.0 && options_.threshold <= 1.0))
      detail::throw_parameter(
          type_name, "threshold must be between 0 and 1, got " + detail::python_float_repr(options_.threshold));
  }

  Options options_;
  detail::ColumnDrop drop_;
};

static_assert(RowTransformer<DropCorrelatedFeatures>);

FEPIPE_NAMESPACE_END
