#pragma once
// The drift family's reference cases (tools/reference/drift.py): the input
// data and the numbers numpy / scipy computed on it.

#include <map>
#include <string>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "support/reference.hpp"

namespace drift_cases {

/// `<case>__expected.csv` as variable → key → row (key "" for a scalar).
using Expected = std::map<std::string, std::map<std::string, fepipe_test::AttributeRow>>;

inline Expected expected(const std::string& c) {
  Expected out;
  for (auto& row : fepipe_test::read_attribute("drift/" + c + "__expected.csv")) out[row.variable][row.key] = row;
  return out;
}

/// A scalar of a case.
inline double scalar(const Expected& e, const std::string& name) { return e.at(name).at("").value; }

/// A list of a case (keys 0..n-1), as numbers.
inline std::vector<double> list(const Expected& e, const std::string& name) {
  const auto& m = e.at(name);
  std::vector<double> out(m.size());
  for (const auto& [k, row] : m) out.at(std::stoul(k)) = row.value;
  return out;
}

inline std::vector<std::uint64_t> counts(const Expected& e, const std::string& name) {
  std::vector<std::uint64_t> out;
  for (double v : list(e, name)) out.push_back(static_cast<std::uint64_t>(v));
  return out;
}

inline bool is_categorical(const std::string& c) { return c.rfind("categorical", 0) == 0; }

/// `<case>__train.csv` or `__live.csv`: one column `value`.
inline fepipe::Frame frame(const std::string& c, const std::string& part) {
  fepipe::Dict<fepipe::Kind> kinds;
  if (is_categorical(c)) kinds = {{"value", fepipe::Kind::categorical}};
  return fepipe_test::read_reference_frame("drift/" + c + "__" + part + ".csv", kinds);
}

inline const std::vector<std::string> numeric_cases = {"numeric_same", "numeric_shifted", "numeric_ties"};
inline const std::vector<std::string> categorical_cases = {"categorical_new", "categorical_yates",
                                                           "categorical_tiny_p"};

}  // namespace drift_cases
