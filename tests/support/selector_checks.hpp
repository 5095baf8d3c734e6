#pragma once
// What every selector test checks against the reference files of
// tools/reference/catalogue_scale_create_select.py.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "support/step_test_support.hpp"

namespace fepipe_test {

/// A fitted selector against `select/<ref>__*.csv`: what it drops, its
/// output names, and a transform that keeps exactly those columns untouched
/// (and equals the reference output where one was written).
template <class Selector>
void check_selection(const Selector& s, const std::string& ref, const fepipe::Frame& X) {
  INFO("case " << ref);
  CHECK(s.features_to_drop_ == read_list("select/" + ref + "__features_to_drop.csv"));
  const auto names = read_list("select/" + ref + "__feature_names_out.csv");
  CHECK(s.feature_names_out() == names);
  const fepipe::Frame out = s.transform(X);
  REQUIRE(out.names() == names);
  require_identical(out, X.select(names));
  if (std::filesystem::exists(reference_path("select/" + ref + "__transform.csv")))
    check_columns_close(out, read_reference_frame("select/" + ref + "__transform.csv"), 0.0);
}

/// Groups written as rows (group index, member index, name).
inline std::vector<std::vector<std::string>> reference_groups(const std::string& rel) {
  std::vector<std::vector<std::string>> groups;
  for (const auto& row : read_attribute(rel)) {
    const auto g = static_cast<std::size_t>(std::stoul(row.variable));
    if (groups.size() <= g) groups.resize(g + 1);
    groups[g].push_back(row.text);
  }
  return groups;
}

/// The numeric columns of a frame but `except`, in frame order.
inline std::vector<std::string> numeric_columns(const fepipe::Frame& X, const std::string& except = "") {
  std::vector<std::string> out;
  for (std::size_t c = 0; c < X.cols(); ++c)
    if (X.column(c).is_numeric() && X.name(c) != except) out.push_back(X.name(c));
  return out;
}

}  // namespace fepipe_test
