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
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/detail/binning.hpp"
#include "fepipe/discretise/detail/edge_discretiser.hpp"

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
/// Difference from feature-engine: a constant column within about 2.5e-321
/// of zero, where 0.1 % of the value rounds to nothing, is a DataError at
/// fit; feature-engine learns the single edge [inf] and maps every later
/// value to NaN.
///
/// Learns:
/// - `binner_dict_`: variable → edges [-inf, ..., +inf].
/// - `variables_`, `feature_names_in_`.
class EqualWidthDiscretiser : public detail::EdgeDiscretiser<EqualWidthDiscretiser> {
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

 private:
  friend class detail::EdgeDiscretiser<EqualWidthDiscretiser>;

  void validate() const {
    options_.variables.validate(type_name);
    if (options_.bins < 1)
      detail::throw_parameter(type_name,
                              "bins must be a positive number of intervals, got " + std::to_string(options_.bins));
    detail::check_label_precision(options_.precision, type_name);
  }

  /// pandas.cut(x, bins, retbins=True, duplicates="drop") edges, ends
  /// replaced by ±inf. Precondition: x finite and non-empty.
  std::vector<double> edges(std::span<const double> x, const std::string& var) const {
    double mn = detail::nan_min(x), mx = detail::nan_max(x);
    const double constant_value = mn;
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
    if (e.size() < 2)
      detail::throw_data(type_name, var,
                         "is constant (every value is " + detail::python_float_repr(constant_value) +
                             "), too close to zero for pandas' 0.1 % widening to separate any edges, so there is "
                             "nothing to bin (drop the column)");
    e.front() = -std::numeric_limits<double>::infinity();
    e.back() = std::numeric_limits<double>::infinity();
    return e;
  }

  Options options_;
};

static_assert(RowTransformer<EqualWidthDiscretiser>);

FEPIPE_NAMESPACE_END
