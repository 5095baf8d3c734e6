#pragma once
/// @file
/// EqualWidthDiscretiser — feature_engine.discretisation.EqualWidthDiscretiser.

#include <cmath>
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

/// Sorts numeric values into `bins` intervals of equal width between the
/// training minimum and maximum (pandas.cut with an integer number of
/// bins): interior edges min + i·(max − min)/bins as numpy.linspace gives
/// them, the outer edges replaced by -inf and +inf so every later value
/// falls in a bin. A constant column is widened by 0.1 % as pandas does
/// (one bin then holds every training value). Bins are right-closed.
///
/// Output per variable: the bin number as a number; with `return_object`
/// the bin number as a label; with `return_boundaries` the interval label,
/// e.g. "(-inf, 2.5]". NaN and ±inf are rejected at fit and transform.
///
/// Learns:
/// - `binner_dict_`: variable → edges [-inf, ..., +inf].
/// - `variables_`, `feature_names_in_`.
class EqualWidthDiscretiser {
 public:
  struct Options {
    /// Number of equal-width intervals (>= 1).
    int bins = 10;
    Variables variables{};
    bool return_empty = false;
    bool return_object = false;
    bool return_boundaries = false;
    /// Significant digits of the interval labels (1 to 19).
    int precision = 3;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(bins), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(return_object),
         FEPIPE_NVP(return_boundaries), FEPIPE_NVP(precision));
    }
  };

  static constexpr std::string_view type_name = "EqualWidthDiscretiser";
  static constexpr std::uint32_t serial_version = 1;

  EqualWidthDiscretiser() = default;
  explicit EqualWidthDiscretiser(Options options) : options_(std::move(options)) { validate(); }

  EqualWidthDiscretiser& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    Dict<std::vector<double>> binner;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k)
      binner.insert_or_assign(fitted.variables[k], edges(X.column(fitted.positions[k]).values()));
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
    if (options_.bins < 1)
      detail::throw_parameter(type_name,
                              "bins must be a positive number of intervals, got " + std::to_string(options_.bins));
    detail::check_label_precision(options_.precision, type_name);
  }
  detail::BinOutput output() const noexcept {
    return detail::bin_output(options_.return_object, options_.return_boundaries);
  }

  /// pandas.cut(x, bins, retbins=True, duplicates="drop") edges, ends
  /// replaced by ±inf. Precondition: x finite and non-empty.
  std::vector<double> edges(std::span<const double> x) const {
    double mn = detail::nan_min(x), mx = detail::nan_max(x);
    const auto num = static_cast<std::size_t>(options_.bins) + 1;
    std::vector<double> e;
    if (mn == mx) {
      mn -= mn != 0 ? 0.001 * std::fabs(mn) : 0.001;
      mx += mx != 0 ? 0.001 * std::fabs(mx) : 0.001;
      e = detail::numpy_linspace(mn, mx, num);
    } else {
      e = detail::numpy_linspace(mn, mx, num);
      // pandas widens the first edge by 0.1 % of the range; it only matters
      // for deduplication, as the end edges become ±inf below.
      e.front() -= (mx - mn) * 0.001;
    }
    detail::drop_duplicate_edges(e);
    e.front() = -std::numeric_limits<double>::infinity();
    e.back() = std::numeric_limits<double>::infinity();
    return e;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::BinTable table_;
};

static_assert(RowTransformer<EqualWidthDiscretiser>);

FEPIPE_NAMESPACE_END
