#pragma once
/// @file
/// Frame ↔ dense design matrix for estimators: every column must be numeric
/// and finite; errors name the step, the column and the row.

#include <cmath>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Checks that every column is numeric and (if `finite`) free of NaN/±inf.
inline void check_numeric_frame(const Frame& X, std::string_view step, bool finite) {
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const Column& col = X.column(c);
    if (!col.is_numeric())
      throw_schema(step, X.name(c), "is categorical; encode it before this estimator (estimators need numbers)");
    if (finite)
      if (auto r = first_row_failing(col.values(), [](double v) { return std::isfinite(v); }))
        throw_data(step, X.name(c), value_at_row(col.values()[*r], *r) + " is not finite (impute or cap it first)");
  }
}

/// Copies a numeric frame into a column-major matrix.
inline Eigen::MatrixXd to_matrix(const Frame& X) {
  Eigen::MatrixXd M(static_cast<Eigen::Index>(X.rows()), static_cast<Eigen::Index>(X.cols()));
  for (std::size_t c = 0; c < X.cols(); ++c) {
    auto v = X.column(c).values();
    std::copy(v.begin(), v.end(), M.col(static_cast<Eigen::Index>(c)).data());
  }
  return M;
}

/// Names x0..x{p-1} for estimators fitted on a bare matrix.
inline Schema matrix_schema(Eigen::Index p) {
  Schema s;
  for (Eigen::Index j = 0; j < p; ++j) {
    // Built in two steps: "x" + std::to_string(j) trips GCC 12's false
    // -Wrestrict (bug 105651) once inlined.
    std::string name("x");
    name += std::to_string(j);
    s.push_back({std::move(name), Kind::numeric, {}});
  }
  return s;
}

/// A record's numbers for an estimator: width and finiteness checked.
inline void check_record(std::span<const Value> row, const Schema& fitted, std::string_view step) {
  if (fitted.empty()) throw_not_fitted(step);
  if (row.size() != fitted.size())
    throw_schema(step, "",
                 "record has " + std::to_string(row.size()) + " values, the estimator was fitted on " +
                     std::to_string(fitted.size()) + " features");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
