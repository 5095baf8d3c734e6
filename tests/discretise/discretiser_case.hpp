#pragma once
// One reference case of a discretiser: fitted on X, its binner_dict_ and
// transform must match `discretise/<case>__*.csv`; its record path, feature
// names and model-file round trip are checked on the same data.

#include <doctest/doctest.h>

#include <string>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/frame.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace fepipe_test {

/// The reference transform of `<case>`; label outputs are read as labels
/// even where they look like numbers ("3").
inline fepipe::Frame read_bins(const std::string& c, const std::vector<std::string>& variables, bool labels) {
  fepipe::Dict<fepipe::Kind> kinds;
  if (labels)
    for (const auto& v : variables) kinds.insert_or_assign(v, fepipe::Kind::categorical);
  return read_reference_frame("discretise/" + c + "__transform.csv", kinds);
}

template <class Discretiser>
void check_discretiser_case(Discretiser d, const fepipe::Frame& X, const std::string& c,
                            std::size_t record_rows = 200) {
  d.fit(X);
  check_dict_close(d.binner_dict_, read_list_dict("discretise/" + c + "__binner_dict.csv"), 1e-12);
  const fepipe::Frame expected = read_bins(c, d.variables_, d.options().return_object || d.options().return_boundaries);
  const fepipe::Frame out = d.transform(X);
  check_frame_close(out.select(expected.names()), expected, 0.0);
  CHECK(d.feature_names_out() == X.names());
  check_rows_match_transform(d, X.head(record_rows));
  check_transform_roundtrip(d, X);
}

}  // namespace fepipe_test
