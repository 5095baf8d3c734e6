#pragma once
/// @file
/// Inputs and raw outputs of the CART-based models. scikit-learn casts tree
/// features to float32 (check_array(dtype=float32)) and rejects NaN, ±inf
/// and values too large for float32, at fit and at predict; the checks here
/// do the same for frames, matrices and records, with one per-value kernel,
/// and naming the column and the row.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/detail/design_matrix.hpp"
#include "fepipe/tree/detail/forest.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Why a feature value cannot enter a tree, or nullptr if it can.
inline const char* tree_value_problem(double x) noexcept {
  if (std::isnan(x)) return "is missing (trees here do not route missing values: impute first)";
  if (!std::isfinite(static_cast<float>(x)))
    return std::isinf(x) ? "is infinite" : "is too large for float32 (tree inputs are cast to float32)";
  return nullptr;
}

[[noreturn]] FEPIPE_COLD inline void throw_tree_value(std::string_view step, std::string_view column, double x,
                                                      std::size_t row, const char* problem) {
  throw_data(step, column, value_at_row(x, row) + " " + problem);
}

inline void check_tree_values(std::span<const double> x, std::string_view step, std::string_view column) {
  for (std::size_t r = 0; r < x.size(); ++r)
    if (const char* problem = tree_value_problem(x[r])) [[unlikely]]
      throw_tree_value(step, column, x[r], r, problem);
}

/// Features as scikit-learn's trees see them: float32, column-major.
struct Float32Matrix {
  std::vector<float> values;
  std::size_t rows = 0, cols = 0;
  const float* column(std::size_t j) const noexcept { return values.data() + j * rows; }
};

/// Appends one checked column.
inline void push_float32_column(Float32Matrix& m, std::span<const double> x, std::string_view step,
                                std::string_view column) {
  check_tree_values(x, step, column);
  for (double v : x) m.values.push_back(static_cast<float>(v));
}

/// A frame's features for fitting; SchemaError for a categorical column,
/// DataError for an empty frame or a value a tree cannot take.
inline Float32Matrix float32_features(const Frame& X, std::string_view step) {
  (void)fit_schema(X, step);
  Float32Matrix m;
  m.rows = X.rows();
  m.cols = X.cols();
  m.values.reserve(m.rows * m.cols);
  for (std::size_t c = 0; c < X.cols(); ++c) {
    if (!X.column(c).is_numeric())
      throw_schema(step, X.name(c), "is categorical; encode it before this estimator (estimators need numbers)");
    push_float32_column(m, X.column(c).values(), step, X.name(c));
  }
  return m;
}

inline Float32Matrix float32_features(const Eigen::MatrixXd& X, const Schema& names, std::string_view step) {
  if (X.rows() == 0 || X.cols() == 0) throw_data(step, "", "the matrix is empty");
  Float32Matrix m;
  m.rows = static_cast<std::size_t>(X.rows());
  m.cols = static_cast<std::size_t>(X.cols());
  m.values.reserve(m.rows * m.cols);
  for (Eigen::Index c = 0; c < X.cols(); ++c)
    push_float32_column(m, {X.col(c).data(), m.rows}, step, names[static_cast<std::size_t>(c)].name);
  return m;
}

/// The rows `rows` of m, in that order.
inline Float32Matrix take_rows(const Float32Matrix& m, std::span<const std::size_t> rows) {
  Float32Matrix out;
  out.rows = rows.size();
  out.cols = m.cols;
  out.values.reserve(out.rows * out.cols);
  for (std::size_t c = 0; c < m.cols; ++c)
    for (std::size_t r : rows) out.values.push_back(m.column(c)[r]);
  return out;
}

/// A target of the right length; DataError for NaN/inf.
inline void check_target(const Target& y, std::size_t n_rows, std::string_view step) {
  if (static_cast<std::size_t>(y.size()) != n_rows)
    throw_schema(step, "", "target has " + std::to_string(y.size()) + " values for " + std::to_string(n_rows) + " rows");
  for (Eigen::Index i = 0; i < y.size(); ++i)
    if (!std::isfinite(y[i]))
      throw_data(step, "", "target " + value_at_row(y[i], static_cast<std::size_t>(i)) + " is not finite");
}

/// Class labels must be 0..k-1 with every class present and k >= 2 (one
/// class leaves nothing to learn); returns k.
inline std::size_t check_class_labels(const Target& y, std::size_t n_rows, std::string_view step) {
  check_target(y, n_rows, step);
  std::vector<std::size_t> counts;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const double v = y[i];
    if (v < 0 || v != std::floor(v))
      throw_data(step, "", "target " + value_at_row(v, static_cast<std::size_t>(i)) +
                               " is not a class label (classifiers take labels 0..k-1)");
    // k classes need k rows, so a label >= n cannot leave every class present.
    if (v >= static_cast<double>(n_rows))
      throw_data(step, "", "target " + value_at_row(v, static_cast<std::size_t>(i)) + " is not a class label: with " +
                               std::to_string(n_rows) + " rows labels must be 0..k-1 with every class present");
    const auto c = static_cast<std::size_t>(v);
    if (c >= counts.size()) counts.resize(c + 1, 0);
    ++counts[c];
  }
  for (std::size_t c = 0; c < counts.size(); ++c)
    if (counts[c] == 0)
      throw_data(step, "", "class " + std::to_string(c) + " has no rows, but label " +
                               std::to_string(counts.size() - 1) + " does (labels must be 0..k-1, every class present)");
  if (counts.size() < 2)
    throw_data(step, "", "the target holds a single class (0); a classifier needs at least two");
  return counts.size();
}

/// Row weights must match the rows, be finite and >= 0, and not all be 0.
inline void check_sample_weight(const Eigen::VectorXd& w, std::size_t n_rows, std::string_view step) {
  if (static_cast<std::size_t>(w.size()) != n_rows)
    throw_schema(step, "", "sample_weight has " + std::to_string(w.size()) + " values for " +
                               std::to_string(n_rows) + " rows");
  bool any = false;
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    if (!std::isfinite(w[i]) || w[i] < 0)
      throw_data(step, "", "sample_weight " + value_at_row(w[i], static_cast<std::size_t>(i)) +
                               " is not a finite number >= 0");
    any = any || w[i] > 0;
  }
  if (!any) throw_data(step, "", "every sample_weight is 0: nothing to learn from");
}

// --- prediction --------------------------------------------------------------

/// Raw forest outputs for a batch: rows × n_outputs, row-major, each row
/// starting from `base` (the ensemble's initial raw prediction).
struct RawScores {
  std::vector<double> values;
  std::size_t rows = 0, outputs = 0;
  double at(std::size_t r, std::size_t k) const noexcept { return values[r * outputs + k]; }
};

/// A batch ready for the forest: its columns in fitted order, every value
/// checked.
struct TreeBatch {
  Frame aligned;  // owns a frame's columns once reordered
  std::vector<const double*> columns;
  std::size_t rows = 0;
};

inline TreeBatch tree_batch(const Schema& fitted, const Frame& X, std::string_view step) {
  TreeBatch b;
  b.aligned = X;
  align_to_schema(b.aligned, fitted, step);
  b.rows = b.aligned.rows();
  for (std::size_t c = 0; c < b.aligned.cols(); ++c) {
    auto v = b.aligned.column(c).values();
    check_tree_values(v, step, b.aligned.name(c));
    b.columns.push_back(v.data());
  }
  return b;
}

inline TreeBatch tree_batch(const Schema& fitted, const Eigen::MatrixXd& X, std::string_view step) {
  if (fitted.empty()) throw_not_fitted(step);
  if (static_cast<std::size_t>(X.cols()) != fitted.size())
    throw_schema(step, "", "matrix has " + std::to_string(X.cols()) + " columns, fitted on " +
                               std::to_string(fitted.size()));
  TreeBatch b;
  b.rows = static_cast<std::size_t>(X.rows());
  for (std::size_t c = 0; c < fitted.size(); ++c) {
    b.columns.push_back(X.col(static_cast<Eigen::Index>(c)).data());
    check_tree_values({b.columns.back(), b.rows}, step, fitted[c].name);
  }
  return b;
}

inline RawScores forest_scores(const Forest& forest, const TreeBatch& batch, std::span<const double> base) {
  RawScores s;
  s.rows = batch.rows;
  s.outputs = static_cast<std::size_t>(forest.n_outputs);
  s.values.resize(s.rows * s.outputs);
  for (std::size_t r = 0; r < s.rows; ++r)
    for (std::size_t k = 0; k < s.outputs; ++k) s.values[r * s.outputs + k] = base[k];
  forest.predict_raw(batch.columns, batch.rows, s.values.data());
  return s;
}

/// Runs fn(double* buffer) with `n` doubles of scratch space: on the stack
/// up to 1024 (allocation-free records), else one buffer per thread that
/// grows once. Each Fn type has its own thread buffer, so nested calls with
/// different lambdas never share one.
template <class Fn>
decltype(auto) with_scratch(std::size_t n, Fn&& fn) {
  std::array<double, 1024> local;
  if (n <= local.size()) return fn(local.data());
  thread_local std::vector<double> wide;
  if (wide.size() < n) wide.resize(n);
  return fn(wide.data());
}

/// One record's raw outputs into out[0..n_outputs): base plus every tree.
inline void forest_scores_row(const Forest& forest, const Schema& fitted, std::span<const Value> row,
                              std::span<const double> base, std::string_view step, double* out) {
  check_record(row, fitted, step);
  with_scratch(row.size(), [&](double* x) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      const double v = cell_number(row[j], step, fitted[j].name);
      if (const char* problem = tree_value_problem(v)) [[unlikely]]
        throw_tree_value(step, fitted[j].name, v, 0, problem);
      x[j] = v;
    }
    for (std::size_t k = 0; k < base.size(); ++k) out[k] = base[k];
    forest.predict_raw_row(x, out);
  });
}

/// Index of the first largest value (numpy's argmax).
inline std::size_t argmax(const double* v, std::size_t n) noexcept {
  std::size_t best = 0;
  for (std::size_t k = 1; k < n; ++k)
    if (v[k] > v[best]) best = k;
  return best;
}

/// Leaf reached in tree `t` by every row of a batch (Forest node ids).
inline std::vector<std::int32_t> forest_leaves(const Forest& forest, std::size_t t, const TreeBatch& batch) {
  std::vector<std::int32_t> out(batch.rows);
  std::vector<double> x(batch.columns.size());
  for (std::size_t r = 0; r < batch.rows; ++r) {
    for (std::size_t c = 0; c < x.size(); ++c) x[c] = batch.columns[c][r];
    out[r] = forest.leaf_of(forest.tree_root[t], x.data());
  }
  return out;
}

/// The sorted thresholds of tree `t`'s splits on `feature`.
inline std::vector<double> forest_thresholds(const Forest& forest, std::size_t t, std::size_t feature) {
  std::vector<double> out;
  std::vector<std::int32_t> todo{forest.tree_root[t]};
  while (!todo.empty()) {
    const auto n = static_cast<std::size_t>(todo.back());
    todo.pop_back();
    if (forest.feature[n] < 0) continue;
    if (static_cast<std::size_t>(forest.feature[n]) == feature) out.push_back(forest.threshold[n]);
    todo.push_back(forest.left[n]);
    todo.push_back(forest.left[n] + 1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
