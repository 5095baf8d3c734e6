#pragma once
// A valid model file with one edit must be refused with ModelFormatError
// (never accepted, never UB). Shared by tests/discretise, tests/transform and
// tests/outlier.

#include <doctest/doctest.h>

#include <string>

#include "fepipe/core/error.hpp"
#include "fepipe/io/model_file.hpp"

namespace fepipe_test {

/// `json` with its `nth` occurrence (0-based) of `from` replaced by `to`.
inline std::string edit_json(std::string json, const std::string& from, const std::string& to, std::size_t nth = 0) {
  std::size_t pos = json.find(from);
  for (std::size_t i = 0; i < nth && pos != std::string::npos; ++i) pos = json.find(from, pos + 1);
  INFO("edit " << from << " -> " << to);
  REQUIRE(pos != std::string::npos);
  return json.replace(pos, from.size(), to);
}

/// `json` with the number (or other token) right after `anchor` replaced by
/// `to`: the token runs to the next comma, newline or bracket.
inline std::string edit_json_value_after(std::string json, const std::string& anchor, const std::string& to) {
  const std::size_t at = json.find(anchor);
  INFO("anchor " << anchor);
  REQUIRE(at != std::string::npos);
  const std::size_t begin = json.find_first_not_of(" \n", at + anchor.size());
  const std::size_t end = json.find_first_of(",\n]", begin);
  return json.replace(begin, end - begin, to);
}

/// Loading `json` throws ModelFormatError.
template <class T>
void check_json_rejected(const std::string& json) {
  T loaded;
  CHECK_THROWS_AS(fepipe::load_model_from_memory(json, loaded), fepipe::ModelFormatError);
}

/// Loading the fitted model's JSON with that edit throws ModelFormatError.
template <class T>
void check_edit_rejected(const T& fitted, const std::string& from, const std::string& to, std::size_t nth = 0) {
  const std::string json = edit_json(fepipe::save_model_to_string(fitted, fepipe::ModelFormat::json), from, to, nth);
  T loaded;
  INFO("edit " << from << " -> " << to << " (occurrence " << nth << ")");
  CHECK_THROWS_AS(fepipe::load_model_from_memory(json, loaded), fepipe::ModelFormatError);
}

}  // namespace fepipe_test
