#pragma once
// The record path must agree with the batch path: for every row of X,
// transform_row on that row gives exactly row r of transform(X).

#include <doctest/doctest.h>

#include <vector>

#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "support/roundtrip.hpp"

namespace fepipe_test {

/// Row r of X as record cells (labels view X's dictionaries).
inline std::vector<fepipe::Value> record_of(const fepipe::Frame& X, std::size_t r) {
  std::vector<fepipe::Value> rec;
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const fepipe::Column& col = X.column(c);
    if (col.is_numeric())
      rec.emplace_back(col.values()[r]);
    else
      rec.push_back(col.codes()[r] < 0 ? fepipe::Value::missing() : fepipe::Value(col.label(col.codes()[r])));
  }
  return rec;
}

/// transform_row on each row equals transform (bit for bit, labels equal).
template <class Step>
void check_rows_match_transform(const Step& step, const fepipe::Frame& X) {
  const fepipe::Frame expected = step.transform(X);
  std::vector<fepipe::Value> buffer(X.cols() + expected.cols() + 8);
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const auto rec = record_of(X, r);
    std::copy(rec.begin(), rec.end(), buffer.begin());
    fepipe::Row row(buffer, rec.size());
    step.transform_row(row);
    INFO("row " << r);
    REQUIRE(row.width() == expected.cols());
    for (std::size_t c = 0; c < expected.cols(); ++c) {
      INFO("column " << expected.name(c));
      const fepipe::Column& col = expected.column(c);
      const fepipe::Value& v = row[c];
      if (col.is_numeric()) {
        const double want = col.values()[r];
        const double got = v.is_number() ? v.number() : std::numeric_limits<double>::quiet_NaN();
        CHECK(same_bits(got, want));
      } else if (col.codes()[r] < 0) {
        CHECK(v.is_missing());
      } else {
        REQUIRE(v.is_label());
        CHECK(v.label() == col.label(col.codes()[r]));
      }
    }
  }
}

}  // namespace fepipe_test
