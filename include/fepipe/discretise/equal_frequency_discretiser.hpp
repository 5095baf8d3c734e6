#pragma once
/// @file
/// EqualFrequencyDiscretiser — feature_engine.discretisation.EqualFrequencyDiscretiser.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/discretise/detail/binning.hpp"
#include "fepipe/transform/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Sorts numeric values into `q` intervals holding about the same number of
/// training rows (pandas.qcut): the edges are the linear quantiles at
/// 0, 1/q, ..., 1, duplicates dropped (skewed or discrete data can give
/// fewer than q bins), the outer edges replaced by -inf and +inf so every
/// later value falls in a bin. Bins are right-closed: (e[i], e[i+1]].
///
/// Output per variable: the bin number (0, 1, ...) as a number; with
/// `return_object` the bin number as a label; with `return_boundaries` the
/// interval label, e.g. "(-inf, 2.5]" (pandas' text, `precision` digits).
/// NaN and ±inf are rejected at fit and transform (DataError).
///
/// Difference from feature-engine: a variable whose quantiles all coincide
/// (a constant column, q >= 2) is a DataError at fit; feature-engine learns
/// the single edge [inf] and maps every later value to NaN.
///
/// Learns:
/// - `binner_dict_`: variable → edges [-inf, ..., +inf].
/// - `variables_`, `feature_names_in_`.
class EqualFrequencyDiscretiser {
 public:
  struct Options {
    /// Number of quantile intervals wanted (>= 1).
    int q = 10;
    Variables variables{};
    bool return_empty = false;
    bool return_object = false;
    bool return_boundaries = false;
    /// Significant digits of the interval labels (1 to 19).
    int precision = 3;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(q), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(return_object),
         FEPIPE_NVP(return_boundaries), FEPIPE_NVP(precision));
    }
  };

  static constexpr std::string_view type_name = "EqualFrequencyDiscretiser";
  static constexpr std::uint32_t serial_version = 1;

  EqualFrequencyDiscretiser() = default;
  explicit EqualFrequencyDiscretiser(Options options) : options_(std::move(options)) { validate(); }

  EqualFrequencyDiscretiser& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    Dict<std::vector<double>> binner;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k)
      binner.insert_or_assign(fitted.variables[k], edges(X.column(fitted.positions[k]).values(), fitted.variables[k]));
    detail::BinTable table(binner, output(), options_.precision);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    binner_dict_ = std::move(binner);
    table_ = std::move(table);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::transform_bins(X, table_, positions_, type_name, false);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::transform_bins_row(row, table_, positions_, variables_, type_name, false);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<std::vector<double>> binner_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(binner_dict_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(binner_dict_, variables_, type_name, "binner_dict_");
      detail::check_loaded_edges(binner_dict_, type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      table_ = detail::BinTable(binner_dict_, output(), options_.precision);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (options_.q < 1)
      detail::throw_parameter(type_name, "q must be a positive number of intervals, got " + std::to_string(options_.q));
    detail::check_label_precision(options_.precision, type_name);
  }
  detail::BinOutput output() const noexcept {
    return detail::bin_output(options_.return_object, options_.return_boundaries);
  }

  /// pandas.qcut(x, q, duplicates="drop") edges, ends replaced by ±inf.
  std::vector<double> edges(std::span<const double> x, const std::string& var) const {
    const std::vector<double> sorted = detail::sorted_non_nan(x);
    const std::vector<double> probs = detail::numpy_linspace(0.0, 1.0, static_cast<std::size_t>(options_.q) + 1);
    std::vector<double> e(probs.size());
    for (std::size_t i = 0; i < probs.size(); ++i) e[i] = detail::linear_quantile_sorted(sorted, probs[i]);
    detail::drop_duplicate_edges(e);
    if (e.size() < 2)
      detail::throw_data(type_name, var,
                         "is constant (every value is " + detail::python_float_repr(e.front()) +
                             "): its quantiles give a single edge, so there is nothing to bin (use q = 1 or drop the "
                             "column)");
    e.front() = -std::numeric_limits<double>::infinity();
    e.back() = std::numeric_limits<double>::infinity();
    return e;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::BinTable table_;
};

static_assert(RowTransformer<EqualFrequencyDiscretiser>);

FEPIPE_NAMESPACE_END
