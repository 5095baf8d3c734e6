#pragma once
/// @file
/// Winsorizer — feature_engine.outliers.Winsorizer.

#include <array>
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
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/outlier/detail/capping.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Caps numeric values at limits learned from the training data: values
/// above the right cap become the right cap, values below the left cap the
/// left cap (missing values stay missing).
///
/// Caps by `capping_method` (NaN skipped), `fold` unset = feature-engine
/// 1.9's 'auto' (3 gaussian, 1.5 iqr, 3.29 mad, 0.05 quantiles):
/// - gaussian: mean ± fold · std, with the population std (ddof 0);
/// - iqr: Q75 + fold · (Q75 − Q25) and Q25 − fold · (Q75 − Q25);
/// - mad: median ± fold · median(|x − median|) / 0.67449;
/// - quantiles: the (1 − fold) and fold quantiles (fold <= 0.2).
/// Quantiles are linear, as pandas computes them. A variable whose spread
/// is 0 is a DataError at fit.
///
/// `add_indicators` appends, per variable, `<var>_left` (1.0 where the value
/// was raised to the left cap) and/or `<var>_right` (1.0 where it was
/// lowered), interleaved per variable when both tails are capped.
///
/// `missing_values = raise` (default) rejects NaN and ±inf at fit and
/// transform; `ignore` skips NaN when learning and lets it through.
/// Difference from feature-engine: a cap that comes out infinite or NaN
/// (infinite training values, an all-missing column) is a DataError at fit
/// instead of a cap that silently caps nothing.
///
/// Learns:
/// - `right_tail_caps_`, `left_tail_caps_`: variable → cap (only the
///   capped tails have entries).
/// - `fold_`: the fold used.
/// - `variables_`, `feature_names_in_`.
class Winsorizer {
 public:
  struct Options {
    CappingMethod capping_method = CappingMethod::gaussian;
    Tail tail = Tail::right;
    /// Multiplier of the spread (or tail fraction for quantiles); unset = 'auto'.
    std::optional<double> fold{};
    bool add_indicators = false;
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(capping_method), FEPIPE_NVP(tail), FEPIPE_NVP(fold), FEPIPE_NVP(add_indicators),
         FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values));
    }
    // feature-engine's fold='auto' is fold unset.
    static constexpr std::array<SpecKeyword, 1> spec_keywords{{
        {.field = "fold", .values = R"([["auto", null]])"},
    }};
  };

  static constexpr std::string_view type_name = "Winsorizer";
  static constexpr std::uint32_t serial_version = 1;

  Winsorizer() = default;
  explicit Winsorizer(Options options) : options_(std::move(options)) { validate(); }

  Winsorizer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    detail::CapFit fitted = detail::fit_caps(X, options_, type_name);
    std::vector<std::string> indicators = indicator_names(fitted.schema, fitted.variables);
    detail::CapTable table(fitted.variables, fitted.right_tail_caps, fitted.left_tail_caps);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    right_tail_caps_ = std::move(fitted.right_tail_caps);
    left_tail_caps_ = std::move(fitted.left_tail_caps);
    fold_ = fitted.fold;
    indicator_names_ = std::move(indicators);
    table_ = std::move(table);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (options_.missing_values == MissingValues::raise) detail::require_finite(X, positions_, type_name);
    const bool left = detail::has_left(options_.tail), right = detail::has_right(options_.tail);
    std::size_t next_indicator = 0;
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      auto v = X.column(positions_[k]).mutable_values();
      if (!options_.add_indicators) {
        for (double& x : v) x = table_.clip(k, x);
        continue;
      }
      std::vector<double> raised(left ? v.size() : 0), lowered(right ? v.size() : 0);
      for (std::size_t r = 0; r < v.size(); ++r) {
        const double out = table_.clip(k, v[r]);
        if (left) raised[r] = out > v[r] ? 1.0 : 0.0;
        if (right) lowered[r] = out < v[r] ? 1.0 : 0.0;
        v[r] = out;
      }
      if (left) X.add(indicator_names_[next_indicator++], Column::numeric(std::move(raised)));
      if (right) X.add(indicator_names_[next_indicator++], Column::numeric(std::move(lowered)));
    }
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    const bool left = detail::has_left(options_.tail), right = detail::has_right(options_.tail);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      const double x = detail::outlier_cell(cell, options_.missing_values, type_name, variables_[k]);
      const double out = table_.clip(k, x);
      cell = Value(out);
      if (!options_.add_indicators) continue;
      if (left) row.append(Value(out > x ? 1.0 : 0.0));
      if (right) row.append(Value(out < x ? 1.0 : 0.0));
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const {
    auto out = feature_names_in_.names();
    out.insert(out.end(), indicator_names_.begin(), indicator_names_.end());
    return out;
  }

  Dict<double> right_tail_caps_;
  Dict<double> left_tail_caps_;
  double fold_ = 0;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(right_tail_caps_), FEPIPE_NVP(left_tail_caps_), FEPIPE_NVP(fold_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_loaded_fit(right_tail_caps_, left_tail_caps_, fold_, variables_, options_.tail,
                               !feature_names_in_.empty(), type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      indicator_names_ = indicator_names(feature_names_in_, variables_);
      table_ = detail::CapTable(variables_, right_tail_caps_, left_tail_caps_);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    detail::validate_fold(options_.fold, options_.capping_method, type_name);
  }

  /// `<var>_left` / `<var>_right` in output order; SchemaError if one is
  /// already a column.
  std::vector<std::string> indicator_names(const Schema& schema, const std::vector<std::string>& vars) const {
    std::vector<std::string> names;
    if (!options_.add_indicators) return names;
    for (const auto& v : vars) {
      if (detail::has_left(options_.tail)) names.push_back(v + "_left");
      if (detail::has_right(options_.tail)) names.push_back(v + "_right");
    }
    for (const auto& n : names)
      if (schema.find(n)) detail::throw_schema(type_name, n, "already exists; cannot add the outlier indicator");
    return names;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  std::vector<std::string> indicator_names_;
  detail::CapTable table_;
};

static_assert(RowTransformer<Winsorizer>);

FEPIPE_NAMESPACE_END
