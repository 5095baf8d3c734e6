#pragma once
// Checks shared by the scale, create and select tests (included from all
// three families): the record path against the batch path without heap
// allocation, errors that name step and column, learned lists against
// reference files, the step inside a Lasso pipeline, hostile model files and
// the committed version-1 model fixtures.

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
#include "support/reference.hpp"
#include "support/roundtrip.hpp"

namespace fepipe_test {

/// A frame's row as record cells (labels view the frame's dictionary).
inline void fill_record(const fepipe::Frame& X, std::size_t r, std::span<fepipe::Value> cells) {
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const auto& col = X.column(c);
    if (col.is_numeric())
      cells[c] = fepipe::Value(col.values()[r]);
    else
      cells[c] = col.codes()[r] < 0 ? fepipe::Value::missing() : fepipe::Value(col.label(col.codes()[r]));
  }
}

/// transform_row gives, cell for cell and bit for bit, what transform gives,
/// and does not allocate once warmed up (after the first row).
template <class Step>
void check_rows_match_transform(const Step& step, const fepipe::Frame& X) {
  const fepipe::Frame expected = step.transform(X);
  std::vector<fepipe::Value> storage(X.cols() + expected.cols() + 1);
  for (std::size_t r = 0; r < X.rows(); ++r) {
    fill_record(X, r, storage);
    fepipe::Row row(storage, X.cols());
    std::size_t allocated = 0;
    {
      CountAllocations counter;
      step.transform_row(row);
      allocated = counter.count();
    }
    INFO("row " << r);
    if (r > 0) CHECK(allocated == 0);
    REQUIRE(row.width() == expected.cols());
    for (std::size_t c = 0; c < expected.cols(); ++c) {
      INFO("column " << expected.name(c));
      const auto& col = expected.column(c);
      const fepipe::Value& v = row[c];
      if (col.is_numeric()) {
        REQUIRE(v.is_number());
        CHECK(same_bits(v.number(), col.values()[r]));
      } else if (col.codes()[r] < 0) {
        CHECK(v.is_missing());
      } else {
        REQUIRE(v.is_label());
        CHECK(v.label() == col.label(col.codes()[r]));
      }
    }
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

/// The `value` column of a list attribute file (e.g. features_to_drop).
inline std::vector<std::string> attribute_texts(const std::string& rel) {
  std::vector<std::string> out;
  for (const auto& row : read_attribute(rel)) out.push_back(row.text);
  return out;
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

/// A model file edited by `from` → `to` (text of the JSON form) loads as a
/// ModelFormatError, never as a half-built model.
template <class T>
void check_hostile_json(const T& fitted, std::string_view from, std::string_view to) {
  std::string json = fepipe::save_model_to_string(fitted, fepipe::ModelFormat::json);
  const auto at = json.find(from);
  INFO("replacing " << from << " by " << to);
  REQUIRE(at != std::string::npos);
  json.replace(at, from.size(), to);
  T loaded{};
  CHECK_THROWS_AS(fepipe::load_model_from_memory(json, loaded), fepipe::ModelFormatError);
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

/// The committed version-1 model files of a class (JSON and binary) load and
/// transform `X` into `expected` (columns by name). FEPIPE_WRITE_MODEL_FIXTURES=1
/// writes them from `fitted` first; they are committed and never rewritten
/// after a release, so later builds prove they still read version 1.
template <class T>
void check_model_fixture(const T& fitted, const std::string& name, const fepipe::Frame& X,
                         const fepipe::Frame& expected, double rel, double abs = 0.0) {
  const std::string base = test_data_path("model_files/" + name + "_v1");
  if (const char* w = std::getenv("FEPIPE_WRITE_MODEL_FIXTURES"); w && std::string_view(w) == "1") {
    std::filesystem::create_directories(test_data_path("model_files"));
    fepipe::save_model(fitted, base + ".json");
    fepipe::save_model(fitted, base + ".fpm");
  }
  INFO("fixture " << base);
  REQUIRE(std::filesystem::exists(base + ".json"));
  REQUIRE(std::filesystem::exists(base + ".fpm"));
  const T from_json = fepipe::load_model<T>(base + ".json");
  const T from_bin = fepipe::load_model<T>(base + ".fpm");
  const fepipe::Frame out = from_json.transform(X);
  check_columns_close(out, expected, rel, abs);
  require_identical(from_bin.transform(X), out);
}

/// A numeric column as a target (e.g. log = true for the course's log price).
inline fepipe::Target target_of(const fepipe::Frame& X, const std::string& column, bool log = false) {
  fepipe::Target y(static_cast<Eigen::Index>(X.rows()));
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const double v = X.numeric(column)[r];
    y[static_cast<Eigen::Index>(r)] = log ? std::log(v) : v;
  }
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
    fill_record(X, r, record);
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
