#pragma once
// Learned dictionaries read back from `<case>__<attribute>.csv` reference
// files (rows variable,key,value), and the checks every class of the
// discretise, transform and outlier families applies to them. Shared by
// tests/discretise, tests/transform and tests/outlier.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/dict.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

/// variable → list of numbers (binner_dict_ edges), in file order.
inline fepipe::Dict<std::vector<double>> read_list_dict(const std::string& rel) {
  fepipe::Dict<std::vector<double>> out;
  for (const auto& row : read_attribute(rel)) {
    auto it = out.find(row.variable);
    if (it == out.end())
      out.insert_or_assign(row.variable, {row.value});
    else
      it->second.push_back(row.value);
  }
  return out;
}

/// variable → number (lambda_dict_, caps, C_), in file order.
inline fepipe::Dict<double> read_number_dict(const std::string& rel) {
  fepipe::Dict<double> out;
  for (const auto& row : read_attribute(rel)) out.insert_or_assign(row.variable, row.value);
  return out;
}

/// The single number of a scalar attribute file (fold_).
inline double read_number(const std::string& rel) {
  const auto rows = read_attribute(rel);
  REQUIRE(rows.size() == 1);
  return rows[0].value;
}

/// The reference raised on this case (the text of its exception); fepipe
/// must reject the same input.
inline std::string reference_error(const std::string& rel) {
  const auto rows = read_attribute(rel);
  REQUIRE(rows.size() == 1);
  return rows[0].text;
}

/// Same keys in the same order, values within `rel`.
inline void check_dict_close(const fepipe::Dict<double>& actual, const fepipe::Dict<double>& expected, double rel) {
  REQUIRE(actual.keys() == expected.keys());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("variable " << expected[i].first);
    FEPIPE_CHECK_CLOSE(actual[i].second, expected[i].second, rel);
  }
}

inline void check_dict_close(const fepipe::Dict<std::vector<double>>& actual,
                             const fepipe::Dict<std::vector<double>>& expected, double rel) {
  REQUIRE(actual.keys() == expected.keys());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("variable " << expected[i].first);
    REQUIRE(actual[i].second.size() == expected[i].second.size());
    for (std::size_t j = 0; j < expected[i].second.size(); ++j) {
      INFO("entry " << j);
      FEPIPE_CHECK_CLOSE(actual[i].second[j], expected[i].second[j], rel);
    }
  }
}

/// The message of the exception `f` throws as E (doctest fails if none).
template <class E, class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  FAIL("expected an exception");
  return {};
}

}  // namespace fepipe_test
