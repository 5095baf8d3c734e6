#pragma once
/// @file
/// The transform shared by the imputers that learn one number per numeric
/// variable (MeanMedianImputer, ArbitraryNumberImputer, EndTailImputer):
/// NaN → that number, batch and single-record alike.

#include <cmath>
#include <span>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Fills NaN of column positions[k] with fill[k].second.
inline void fill_numeric(Frame& X, std::span<const std::size_t> positions, const Dict<double>& fill) {
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const double value = fill[k].second;
    for (double& x : X.column(positions[k]).mutable_values())
      if (std::isnan(x)) x = value;
  }
}

inline void fill_numeric_row(Row& row, std::span<const std::size_t> positions, const Dict<double>& fill,
                             std::string_view step) {
  for (std::size_t k = 0; k < positions.size(); ++k) {
    Value& cell = row[positions[k]];
    if (std::isnan(cell_number(cell, step, fill[k].first))) cell = Value(fill[k].second);
  }
}

}  // namespace detail
FEPIPE_NAMESPACE_END
