#pragma once
// Committed model files of earlier format versions ("fixtures"): today's code
// must keep loading them, so a change of a class's layout cannot silently
// break models users have saved. Shared by tests/impute and tests/encode.
//
// A fixture is written once, by the test that checks it, when the
// environment variable FEPIPE_WRITE_MODEL_FIXTURES is set and the file does
// not exist yet (only for the class's current serial_version); then it is
// committed and never rewritten.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "fepipe/io/model_file.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"

namespace fepipe_test {

inline std::filesystem::path model_fixture_path(const std::string& stem, std::uint32_t version,
                                                const std::string& ext) {
  return test_data_path("model_files/" + stem + "_v" + std::to_string(version) + ext);
}

/// The JSON and binary fixtures `<stem>_v<version>.json/.fpm`, loaded.
/// `fitted` (the model fitted now as the fixture was) writes the files of
/// the current version when asked to (see above).
template <class T>
std::pair<T, T> load_model_fixture(const std::string& stem, std::uint32_t version, const T& fitted) {
  const bool write = std::getenv("FEPIPE_WRITE_MODEL_FIXTURES") != nullptr;
  const auto json = model_fixture_path(stem, version, ".json");
  const auto bin = model_fixture_path(stem, version, ".fpm");
  if (write && version == T::serial_version) {
    if (!std::filesystem::exists(json)) fepipe::save_model(fitted, json, fepipe::ModelFormat::json);
    if (!std::filesystem::exists(bin)) fepipe::save_model(fitted, bin, fepipe::ModelFormat::binary);
  }
  INFO("fixture " << json.string());
  REQUIRE(std::filesystem::exists(json));
  REQUIRE(std::filesystem::exists(bin));
  return {fepipe::load_model<T>(json), fepipe::load_model<T>(bin)};
}

/// Every fixture version 1..serial_version of T that must exist (from
/// `first_version`, the version the class was introduced with) transforms X
/// as `expected` says (within `rel`), JSON and binary copies bit-identically.
template <class T>
void check_model_fixtures(const std::string& stem, const T& fitted, const fepipe::Frame& X,
                          const fepipe::Frame& expected, double rel, std::uint32_t first_version = 1) {
  for (std::uint32_t v = first_version; v <= T::serial_version; ++v) {
    CAPTURE(v);
    auto [from_json, from_bin] = load_model_fixture(stem, v, fitted);
    const fepipe::Frame out = from_json.transform(X);
    check_frame_close(out.select(expected.names()), expected, rel);
    require_identical(from_bin.transform(X), out);
    // Nothing learned was lost: a file of today's version saves as today's
    // fit does (an older one may lack what later versions record at fit).
    if (v == T::serial_version) CHECK(fepipe::save_model_to_string(from_json) == fepipe::save_model_to_string(fitted));
  }
}

/// The same for an estimator: every fixture version gives what `fitted`
/// gives through `outputs` (its predictions, probabilities...), bit for bit
/// from the JSON and the binary copy; a file of the current version saves
/// to the bytes `fitted` saves. `older_rel`: an older version's file was
/// written by an earlier fit, which may differ from today's in the last
/// bits when the solver's arithmetic changed (Lasso's summation order): its
/// outputs are then within this relative distance of today's (0: the same
/// bits), and its two copies still agree bit for bit.
template <class T, class Outputs>
void check_estimator_fixtures(const std::string& stem, const T& fitted, const fepipe::Frame& X, Outputs outputs,
                              std::uint32_t first_version = 1, double older_rel = 0.0) {
  const auto expected = outputs(fitted, X);
  for (std::uint32_t v = first_version; v <= T::serial_version; ++v) {
    CAPTURE(v);
    auto [from_json, from_bin] = load_model_fixture(stem, v, fitted);
    const auto got = outputs(from_json, X);
    CHECK(outputs(from_bin, X) == got);
    if (v == T::serial_version || older_rel == 0.0) {
      CHECK(got == expected);
    } else {
      REQUIRE(got.rows() == expected.rows());
      REQUIRE(got.cols() == expected.cols());
      CHECK((got - expected).cwiseAbs().maxCoeff() <= older_rel * (1.0 + expected.cwiseAbs().maxCoeff()));
    }
    // Nothing learned was lost: a file of today's version saves as today's
    // fit does (an older one lacks what later versions record at fit, e.g.
    // the feature means and node covers of version 2).
    if (v == T::serial_version) CHECK(fepipe::save_model_to_string(from_json) == fepipe::save_model_to_string(fitted));
  }
}

}  // namespace fepipe_test
