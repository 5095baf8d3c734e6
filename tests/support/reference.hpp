#pragma once
// Reading the reference files written by tools/reference/*.py and comparing
// fepipe's results with them.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "fepipe/io/csv.hpp"

namespace fepipe_test {

inline std::string data_path(const std::string& rel) { return std::string(FEPIPE_DATA_DIR) + "/" + rel; }
inline std::string test_data_path(const std::string& rel) { return std::string(FEPIPE_TEST_DATA_DIR) + "/" + rel; }
inline std::string reference_path(const std::string& rel) { return test_data_path("reference/" + rel); }

/// Reads a reference CSV: only empty fields are missing (a label "NA" stays
/// a label); `kinds` forces column kinds where inference would guess wrong.
inline fepipe::Frame read_reference_frame(const std::string& rel, fepipe::Dict<fepipe::Kind> kinds = {}) {
  fepipe::CsvOptions o;
  o.keep_default_na = false;
  o.na_values = {""};
  o.kinds = std::move(kinds);
  return fepipe::read_csv(reference_path(rel), o);
}

/// An input CSV from tests/data/inputs (same conventions).
inline fepipe::Frame read_input_frame(const std::string& name, fepipe::Dict<fepipe::Kind> kinds = {}) {
  fepipe::CsvOptions o;
  o.keep_default_na = false;
  o.na_values = {""};
  o.kinds = std::move(kinds);
  return fepipe::read_csv(test_data_path("inputs/" + name + ".csv"), o);
}

/// One row of a `<case>__<attribute>.csv` file.
struct AttributeRow {
  std::string variable;
  std::string key;
  std::string text;  // the value as written ("" for NaN)
  double value;      // the value as a number (NaN if empty or not a number)
};

inline std::vector<AttributeRow> read_attribute(const std::string& rel) {
  fepipe::CsvOptions o;
  o.keep_default_na = false;
  o.na_values = {};
  o.kinds = {{"variable", fepipe::Kind::categorical},
             {"key", fepipe::Kind::categorical},
             {"value", fepipe::Kind::categorical}};
  const fepipe::Frame f = fepipe::read_csv(reference_path(rel), o);
  std::vector<AttributeRow> rows;
  auto text = [&](const char* col, std::size_t r) -> std::string {
    const auto& c = f[col];
    const auto code = c.codes()[r];
    return code < 0 ? std::string() : std::string(c.label(code));
  };
  for (std::size_t r = 0; r < f.rows(); ++r) {
    AttributeRow row{text("variable", r), text("key", r), text("value", r),
                     std::numeric_limits<double>::quiet_NaN()};
    double v;
    if (fepipe::detail::parse_double(row.text, v, fepipe::detail::NumberText::repr)) row.value = v;
    rows.push_back(std::move(row));
  }
  return rows;
}

/// |a − e| ≤ rel·|e| + abs, with NaN == NaN and equal infinities.
inline bool close(double actual, double expected, double rel, double abs = 0.0) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  return std::fabs(actual - expected) <= rel * std::fabs(expected) + abs;
}

#define FEPIPE_CHECK_CLOSE(actual, expected, rel)                                      \
  do {                                                                                 \
    const double fepipe_a_ = (actual), fepipe_e_ = (expected);                         \
    INFO("actual " << fepipe_a_ << " expected " << fepipe_e_);                         \
    CHECK(::fepipe_test::close(fepipe_a_, fepipe_e_, (rel), 1e-300));                  \
  } while (0)

/// Every column of `expected` matches `actual` (same names, same order):
/// numbers within `rel`, labels equal, missing where missing.
inline void check_frame_close(const fepipe::Frame& actual, const fepipe::Frame& expected, double rel,
                              double abs = 0.0) {
  REQUIRE(actual.names() == expected.names());
  REQUIRE(actual.rows() == expected.rows());
  for (std::size_t c = 0; c < expected.cols(); ++c) {
    const auto& a = actual.column(c);
    const auto& e = expected.column(c);
    INFO("column " << expected.name(c));
    if (e.is_numeric()) {
      REQUIRE(a.is_numeric());
      std::size_t bad = 0;
      for (std::size_t r = 0; r < expected.rows(); ++r)
        if (!close(a.values()[r], e.values()[r], rel, abs)) {
          if (bad++ < 5) {
            INFO("row " << r << " actual " << a.values()[r] << " expected " << e.values()[r]);
            CHECK(false);
          }
        }
      CHECK(bad == 0);
    } else {
      // A categorical reference column may hold labels the actual frame
      // stores as numbers only if the test forced kinds; compare as text.
      REQUIRE(a.is_categorical());
      for (std::size_t r = 0; r < expected.rows(); ++r) {
        const bool am = a.codes()[r] < 0, em = e.codes()[r] < 0;
        INFO("row " << r);
        REQUIRE(am == em);
        if (!em) CHECK(a.label(a.codes()[r]) == e.label(e.codes()[r]));
      }
    }
  }
}

/// House Prices as the course reads it (MSSubClass categorical).
inline fepipe::Frame load_houseprice() {
  return fepipe::read_csv(data_path("houseprice.csv"), {.kinds = {{"MSSubClass", fepipe::Kind::categorical}}});
}

}  // namespace fepipe_test
