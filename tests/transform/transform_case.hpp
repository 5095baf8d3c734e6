#pragma once
// One reference case of a variable transformer: the transform (and, where
// the reference wrote one, the inverse of that transform) must match
// `transform/<case>__transform.csv` / `__inverse.csv`; the record path,
// feature names and model-file round trip are checked on the same data.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "fepipe/core/frame.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace fepipe_test {

template <class Transformer>
void check_transformer_case(const Transformer& t, const fepipe::Frame& X, const std::string& c, double rel) {
  const fepipe::Frame expected = read_reference_frame("transform/" + c + "__transform.csv");
  const fepipe::Frame out = t.transform(X);
  check_frame_close(out.select(expected.names()), expected, rel);
  if (std::filesystem::exists(reference_path("transform/" + c + "__inverse.csv"))) {
    const fepipe::Frame back = read_reference_frame("transform/" + c + "__inverse.csv");
    check_frame_close(t.inverse_transform(out).select(back.names()), back, rel);
  }
  CHECK(t.feature_names_out() == X.names());
  check_rows_match_transform(t, X.head(200));
  check_transform_roundtrip(t, X);
}

}  // namespace fepipe_test
