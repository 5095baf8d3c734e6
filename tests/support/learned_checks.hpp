#pragma once
// Comparing learned attributes with the reference files of
// tools/reference/catalogue_impute_encode.py, and small helpers the imputer
// and encoder tests share (tests/impute and tests/encode).

#include <doctest/doctest.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/io/model_file.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

/// variable → number (imputer_dict_): rows `variable,,value`.
inline void check_number_dict(const fepipe::Dict<double>& actual, const std::string& file, double rel) {
  const auto ref = read_attribute(file);
  INFO(file);
  REQUIRE(actual.size() == ref.size());
  for (std::size_t i = 0; i < ref.size(); ++i) {
    INFO(ref[i].variable);
    CHECK(actual[i].first == ref[i].variable);
    FEPIPE_CHECK_CLOSE(actual.at(ref[i].variable), ref[i].value, rel);
  }
}

/// variable → (category → number) (encoder_dict_): rows `variable,key,value`;
/// compared by key (the order of categories is checked where it is defined).
inline void check_nested_dict(const fepipe::Dict<fepipe::Dict<double>>& actual, const std::string& file,
                              double rel) {
  const auto ref = read_attribute(file);
  INFO(file);
  std::size_t n = 0;
  for (const auto& [var, mapping] : actual) n += mapping.size();
  CHECK(n == ref.size());
  for (const auto& row : ref) {
    INFO(row.variable << " / " << row.key);
    REQUIRE(actual.contains(row.variable));
    REQUIRE(actual.at(row.variable).contains(row.key));
    FEPIPE_CHECK_CLOSE(actual.at(row.variable).at(row.key), row.value, rel);
  }
}

/// variable → ordered labels: rows `variable,index,label`, in order.
inline void check_list_dict(const fepipe::Dict<std::vector<std::string>>& actual, const std::string& file) {
  const auto ref = read_attribute(file);
  INFO(file);
  std::map<std::string, std::vector<std::string>> expected;
  std::vector<std::string> order;
  for (const auto& row : ref) {
    if (!expected.count(row.variable)) order.push_back(row.variable);
    expected[row.variable].push_back(row.text);
  }
  for (const auto& [var, labels] : actual) {
    INFO(var);
    CHECK(labels == expected[var]);  // a variable without rows has no categories
  }
  for (const auto& var : order) CHECK(actual.contains(var));
}

/// A list attribute (rows `,index,text`) as text.
inline std::vector<std::string> read_list(const std::string& file) {
  std::vector<std::string> out;
  for (const auto& row : read_attribute(file)) out.push_back(row.text);
  return out;
}

/// A numeric column as a Target.
inline fepipe::Target target_of(const fepipe::Frame& X, std::string_view name) {
  const auto v = X.numeric(name);
  fepipe::Target y(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) y[static_cast<Eigen::Index>(i)] = v[i];
  return y;
}

/// `text` with the first occurrence of `from` replaced by `to`.
inline std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  INFO("looking for " << from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// `json` with the first number written after `key` made negative (a value
/// on a line of its own, as fepipe's JSON writes array elements).
inline std::string first_number_negated(std::string json, std::string_view key) {
  auto at = json.find(key);
  REQUIRE(at != std::string::npos);
  for (at = json.find('\n', at); at != std::string::npos; at = json.find('\n', at + 1)) {
    const auto first = json.find_first_not_of(' ', at + 1);
    if (first != std::string::npos && json[first] >= '0' && json[first] <= '9') return json.insert(first, "-");
  }
  FAIL("no number after " << key);
  return json;
}

/// Loading `bytes` into a T is a ModelFormatError (never a crash or a
/// silently wrong model).
template <class T>
void check_rejected(const std::string& bytes) {
  T model{};
  CHECK_THROWS_AS(fepipe::load_model_from_memory(bytes, model), fepipe::ModelFormatError);
}

/// A truncated or bit-flipped file, and a learned variable renamed to a
/// column the step was not fitted on, are ModelFormatErrors.
template <class T>
void check_hostile_files(const T& fitted) {
  const std::string json = fepipe::save_model_to_string(fitted, fepipe::ModelFormat::json);
  const std::string bin = fepipe::save_model_to_string(fitted, fepipe::ModelFormat::binary);
  check_rejected<T>(json.substr(0, json.size() / 2));
  check_rejected<T>(bin.substr(0, bin.size() - 9));
  std::string flipped = bin;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x20);
  check_rejected<T>(flipped);
  // The first learned variable renamed: it is not among feature_names_in_.
  const auto at = json.find("\"variables_\": [");
  REQUIRE(at != std::string::npos);
  const auto open = json.find('"', at + 15);
  const auto close = json.find('"', open + 1);
  std::string renamed = json;
  renamed.replace(open + 1, close - open - 1, "no such column");
  check_rejected<T>(renamed);
}

}  // namespace fepipe_test
