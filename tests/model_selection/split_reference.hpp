#pragma once
// The splitter reference cases (tools/reference/model_selection_metrics.py):
// each case's options from cases.csv, its y or groups, and scikit-learn's
// (train, test) indices, compared index for index.

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/model_selection/train_test_split.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

struct SplitCase {
  std::string name;
  std::map<std::string, std::string> params;

  bool has(const std::string& key) const { return params.count(key) > 0; }
  std::size_t count(const std::string& key) const { return static_cast<std::size_t>(std::stoull(params.at(key))); }
  double number(const std::string& key) const { return std::stod(params.at(key)); }
  std::optional<std::size_t> opt_count(const std::string& key) const {
    return has(key) ? std::optional<std::size_t>(count(key)) : std::nullopt;
  }
  std::optional<std::uint32_t> seed() const {
    return has("random_state") ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(count("random_state")))
                               : std::nullopt;
  }
  bool shuffle() const { return has("shuffle") && params.at("shuffle") == "1"; }
};

/// The cases of one splitter class, in the file's order.
inline std::vector<SplitCase> split_cases(const std::string& cls) {
  std::vector<SplitCase> all;
  for (const auto& row : read_attribute("model_selection/cases.csv")) {
    if (all.empty() || all.back().name != row.variable) all.push_back({row.variable, {}});
    all.back().params[row.key] = row.text;
  }
  std::vector<SplitCase> out;
  for (auto& c : all)
    if (c.params.at("class") == cls) out.push_back(std::move(c));
  REQUIRE_MESSAGE(!out.empty(), "no reference case for " << cls);
  return out;
}

/// The labels a case splits by (`y` or `groups`).
inline Eigen::VectorXd split_input(const SplitCase& c) {
  const auto rows = read_attribute("model_selection/" + c.name + "__input.csv");
  Eigen::VectorXd v(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) v[static_cast<Eigen::Index>(i)] = rows[i].value;
  return v;
}

/// `got` equals scikit-learn's splits for the case, index for index.
inline void check_splits(const SplitCase& c, const std::vector<fepipe::SplitIndices>& got) {
  std::map<std::string, std::vector<std::size_t>> expected;
  for (const auto& row : read_attribute("model_selection/" + c.name + "__splits.csv"))
    expected[row.variable].push_back(static_cast<std::size_t>(row.value));
  INFO("case " << c.name);
  REQUIRE(got.size() == c.count("n_splits_total"));
  REQUIRE(expected.size() == 2 * got.size());
  for (std::size_t s = 0; s < got.size(); ++s) {
    INFO("split " << s);
    CHECK(got[s].train == expected.at(std::to_string(s) + ":train"));
    CHECK(got[s].test == expected.at(std::to_string(s) + ":test"));
  }
}

/// The message of the fepipe::Error `f` throws (empty if none).
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace fepipe_test
