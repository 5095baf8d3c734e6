#pragma once
// Shared by the tests of signed model files (tests/signing/): small fitted
// models, fixed keys and a per-process temporary folder.

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>  // getpid

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/io/signing.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/min_max_scaler.hpp"

namespace fepipe_signing_test {

inline fepipe::Frame small_frame() {
  fepipe::Frame f;
  f.add("a", fepipe::Column::numeric({1.0, std::nan(""), 3.0, 10.0, 4.0, 7.0}));
  f.add("b", fepipe::Column::numeric({0.5, 2.0, 2.0, 5.0, -1.0, 3.5}));
  return f;
}

inline fepipe::Target small_target() {
  fepipe::Target y(6);
  y << 1.0, 2.0, 3.0, 4.0, 2.5, 3.0;
  return y;
}

/// A small real pipeline: imputer, scaler, Lasso.
inline auto fitted_pipeline() {
  fepipe::Pipeline p(fepipe::MeanMedianImputer(), fepipe::MinMaxScaler(), fepipe::Lasso({.alpha = 0.01}));
  p.fit(small_frame(), small_target());
  return p;
}
using SmallPipeline = decltype(fitted_pipeline());

/// A fitted Lasso alone (no NaN in its input).
inline fepipe::Lasso fitted_lasso() {
  fepipe::Frame f;
  f.add("x", fepipe::Column::numeric({1.0, 2.0, 3.0, 4.0, 5.0, 6.0}));
  f.add("z", fepipe::Column::numeric({0.5, 2.0, 2.0, 5.0, -1.0, 3.5}));
  fepipe::Lasso m({.alpha = 0.01});
  m.fit(f, small_target());
  return m;
}

// Fixed keys keep failures reproducible. The first seed is RFC 8032's
// test 1, whose public key is known.
inline constexpr const char* rfc8032_seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
inline constexpr const char* rfc8032_public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

inline fepipe::SigningKey key_a() { return fepipe::SigningKey::from_hex(rfc8032_seed); }
inline fepipe::SigningKey key_b() {
  return fepipe::SigningKey::from_hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
}
inline fepipe::SigningKey key_c() {
  return fepipe::SigningKey::from_hex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");
}

/// A fresh folder for one test, removed by the caller.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::temp_directory_path() /
                                  ("fepipe_signing_test_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_all(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace fepipe_signing_test
