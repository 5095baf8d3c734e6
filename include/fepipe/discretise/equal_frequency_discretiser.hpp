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
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/detail/binning.hpp"
#include "fepipe/discretise/detail/edge_discretiser.hpp"

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
class EqualFrequencyDiscretiser : public detail::EdgeDiscretiser<EqualFrequencyDiscretiser> {
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

 private:
  friend class detail::EdgeDiscretiser<EqualFrequencyDiscretiser>;

  void validate() const {
    options_.variables.validate(type_name);
    if (options_.q < 1)
      detail::throw_parameter(type_name, "q must be a positive number of intervals, got " + std::to_string(options_.q));
    detail::check_label_precision(options_.precision, type_name);
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
};

static_assert(RowTransformer<EqualFrequencyDiscretiser>);

FEPIPE_NAMESPACE_END
