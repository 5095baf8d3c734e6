#pragma once
// Checks shared by the scale, create and select tests (included from all
// three families), on top of tests/support: the record path without heap
// allocation, errors that name step and column, learned arrays against
// reference files, the step inside a Lasso pipeline, truncated model files.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/alloc_counter.hpp"
#include "support/hostile_files.hpp"
#include "support/learned_checks.hpp"
#include "support/model_fixture.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace fepipe_test {

/// Row r of X written into a caller-sized record buffer.
inline void fill_record(const fepipe::Frame& X, std::size_t r, std::span<fepipe::Value> cells) {
  const auto rec = record_of(X, r);
  std::copy(rec.begin(), rec.end(), cells.begin());
}

/// transform_row equals transform row by row (support/rows.hpp) and does
/// not allocate once warmed up (after the first record).
template <class Step>
void check_record_path(const Step& step, const fepipe::Frame& X) {
  check_rows_match_transform(step, X);
  std::vector<fepipe::Value> buffer(2 * X.cols() + step.feature_names_out().size() + 1);
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const auto rec = record_of(X, r);
    std::copy(rec.begin(), rec.end(), buffer.begin());
    fepipe::Row row(buffer, rec.size());
    std::size_t allocated = 0;
    {
      CountAllocations counter;
      step.transform_row(row);
      allocated = counter.count();
    }
    INFO("row " << r);
    if (r > 0) CHECK(allocated == 0);
  }
}

/// `f()` throws E whose step and column are the given ones, and whose
/// message names both and contains `detail` (when given).
template <class E, class F>
void check_error(F&& f, std::string_view step, std::string_view column, std::string_view detail = {}) {
  try {
    f();
    FAIL("expected an exception naming " << step << " / " << column);
  } catch (const E& e) {
    const std::string what = e.what();
    INFO("message: " << what);
    CHECK(e.step() == step);
    CHECK(e.column() == column);
    CHECK(what.find(std::string(step)) != std::string::npos);
    if (!column.empty()) CHECK(what.find("'" + std::string(column) + "'") != std::string::npos);
    if (!detail.empty()) CHECK(what.find(std::string(detail)) != std::string::npos);
  }
}

/// Per-variable learned numbers against `<rel>`: one row per variable, in
/// order, within `rel_tol` (NaN equals NaN).
inline void check_learned(const std::vector<std::string>& variables, const std::vector<double>& learned,
                          const std::string& rel, double rel_tol) {
  const auto rows = read_attribute(rel);
  INFO("reference " << rel);
  REQUIRE(rows.size() == variables.size());
  REQUIRE(learned.size() == variables.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    INFO("variable " << variables[k]);
    CHECK(rows[k].variable == variables[k]);
    FEPIPE_CHECK_CLOSE(learned[k], rows[k].value, rel_tol);
  }
}

/// The columns of `actual` named in `expected`, compared to it.
inline void check_columns_close(const fepipe::Frame& actual, const fepipe::Frame& expected, double rel,
                                double abs = 0.0) {
  check_frame_close(actual.select(expected.names()), expected, rel, abs);
}

/// Every truncation of the binary form is a ModelFormatError.
template <class T>
void check_truncated_binary(const T& fitted) {
  const std::string bin = fepipe::save_model_to_string(fitted, fepipe::ModelFormat::binary);
  for (std::size_t n = 0; n < bin.size(); n += 1 + bin.size() / 64) {
    T loaded{};
    CHECK_THROWS_AS(fepipe::load_model_from_memory(std::string_view(bin).substr(0, n), loaded),
                    fepipe::ModelFormatError);
  }
}

/// log of a numeric column as a target (the course models log(SalePrice)).
inline fepipe::Target log_target_of(const fepipe::Frame& X, std::string_view column) {
  fepipe::Target y = target_of(X, column);
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = std::log(y[i]);
  return y;
}

/// The step inside a Pipeline ending in a Lasso: the pipeline predicts what
/// the step and a Lasso fitted by hand predict, single records agree with
/// the batch and do not allocate, and the saved pipeline predicts the same.
template <class Step>
void check_in_lasso_pipeline(const Step& step, const fepipe::Frame& X, const fepipe::Target& y) {
  fepipe::Pipeline pipe(step, fepipe::Lasso({.alpha = 0.01, .random_state = 0u}));
  pipe.fit(X, y);
  Step by_hand = step;
  by_hand.fit(X, &y);
  fepipe::Lasso lasso({.alpha = 0.01, .random_state = 0u});
  lasso.fit(by_hand.transform(X), y);
  const Eigen::VectorXd expected = lasso.predict(by_hand.transform(X));
  const Eigen::VectorXd predicted = pipe.predict(X);
  REQUIRE(predicted.size() == expected.size());
  for (Eigen::Index i = 0; i < predicted.size(); ++i) CHECK(same_bits(predicted[i], expected[i]));
  CHECK(pipe.feature_names_out() == by_hand.feature_names_out());

  static_assert(decltype(pipe)::row_path, "every step supports single records");
  fepipe::Workspace ws;
  std::vector<fepipe::Value> record(X.cols());
  for (std::size_t r = 0; r < X.rows(); ++r) {
    record = record_of(X, r);
    double one = 0.0;
    std::size_t allocated = 0;
    {
      CountAllocations counter;
      one = pipe.predict_one(record, ws);
      allocated = counter.count();
    }
    if (r > 0) CHECK(allocated == 0);
    CHECK(same_bits(one, predicted[static_cast<Eigen::Index>(r)]));
  }

  auto [from_json, from_bin] = roundtrip_both(pipe);
  const Eigen::VectorXd again = from_bin.predict(X);
  for (Eigen::Index i = 0; i < again.size(); ++i) CHECK(same_bits(again[i], predicted[i]));
}

}  // namespace fepipe_test
