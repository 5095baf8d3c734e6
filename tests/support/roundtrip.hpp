#pragma once
// Round trips through both model-file formats, for every fitted class.

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include <Eigen/Core>

#include "fepipe/core/frame.hpp"
#include "fepipe/io/model_file.hpp"

namespace fepipe_test {

/// Saves `model` as JSON and as binary and loads each copy back.
template <class Model>
std::pair<Model, Model> roundtrip_both(const Model& model) {
  const std::string json = fepipe::save_model_to_string(model, fepipe::ModelFormat::json);
  const std::string bin = fepipe::save_model_to_string(model, fepipe::ModelFormat::binary);
  Model from_json{}, from_bin{};
  fepipe::load_model_from_memory(json, from_json);
  fepipe::load_model_from_memory(bin, from_bin);
  // Saving the loaded model reproduces the bytes: nothing is lost or added.
  CHECK(fepipe::save_model_to_string(from_json, fepipe::ModelFormat::json) == json);
  CHECK(fepipe::save_model_to_string(from_bin, fepipe::ModelFormat::binary) == bin);
  return {std::move(from_json), std::move(from_bin)};
}

/// Bit-identical, except that every NaN equals every NaN: model files store
/// one canonical NaN (a NaN's sign and payload carry no data).
inline bool same_bits(double a, double b) {
  if (a != a || b != b) return a != a && b != b;
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// Frames equal bit for bit: names, kinds, values (NaN payloads included), labels.
inline void require_identical(const fepipe::Frame& a, const fepipe::Frame& b) {
  REQUIRE(a.names() == b.names());
  REQUIRE(a.rows() == b.rows());
  for (std::size_t c = 0; c < a.cols(); ++c) {
    const auto& ca = a.column(c);
    const auto& cb = b.column(c);
    REQUIRE(ca.kind() == cb.kind());
    if (ca.is_numeric()) {
      for (std::size_t r = 0; r < a.rows(); ++r) {
        INFO("column " << a.name(c) << " row " << r);
        REQUIRE(same_bits(ca.values()[r], cb.values()[r]));
      }
    } else {
      for (std::size_t r = 0; r < a.rows(); ++r) {
        INFO("column " << a.name(c) << " row " << r);
        const bool ma = ca.codes()[r] < 0, mb = cb.codes()[r] < 0;
        REQUIRE(ma == mb);
        if (!ma) REQUIRE(ca.label(ca.codes()[r]) == cb.label(cb.codes()[r]));
      }
    }
  }
}

inline void require_identical(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  for (Eigen::Index i = 0; i < a.size(); ++i) REQUIRE(same_bits(a.data()[i], b.data()[i]));
}

/// Fitted transformer: JSON and binary copies transform `X` bit-identically.
template <class T>
void check_transform_roundtrip(const T& fitted, const fepipe::Frame& X) {
  const fepipe::Frame expected = fitted.transform(X);
  auto [from_json, from_bin] = roundtrip_both(fitted);
  require_identical(from_json.transform(X), expected);
  require_identical(from_bin.transform(X), expected);
}

}  // namespace fepipe_test
