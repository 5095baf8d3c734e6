#pragma once
// The signed_model fuzz target: signed model files (fepipe/io/signing.hpp).
// Apart from entry_points.hpp because it needs libsodium, which the
// reliability family (cross-built for aarch64) does not link: its
// regression replay is tests/signing/fuzz_regression_test.cpp.
//
// Input: one flag byte, then a model file of a small Pipeline<MinMaxScaler,
// Lasso>. Flag bit 0 set: the file's trailer (if any) is stripped and the
// rest signed with the fuzz key first, so that mutations of the body reach
// the parser behind a valid signature; clear: the bytes are used as they
// are (mutations of trailers, signatures, keys).
//
// Properties: inspecting a trailer never throws; verification and loading
// raise ModelFormatError only; a file loads with the trusted key only if it
// verifies, and then a plain load of the same bytes gives the same model.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/io/signing.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "reliability/any_model.hpp"

namespace fepipe_fuzz {

using SignedModel = fepipe::Pipeline<fepipe::MinMaxScaler, fepipe::Lasso>;

/// A fixed key, so reproducers replay: the seed is 32 bytes 0..31.
inline const fepipe::SigningKey& fuzz_signing_key() {
  static const fepipe::SigningKey key = [] {
    std::array<std::uint8_t, 32> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i);
    return fepipe::SigningKey::from_bytes(seed);
  }();
  return key;
}

/// A fitted model to seed the corpus with.
inline SignedModel signed_seed_model() {
  fepipe::Frame X(6);
  X.add("a", fepipe::Column::numeric({1.0, 2.0, 3.0, 4.0, 5.0, 6.5}));
  X.add("b", fepipe::Column::numeric({0.5, -1.0, 2.0, 0.0, 1.5, 3.0}));
  fepipe::Target y(6);
  y << 1.0, 2.0, 2.5, 4.0, 5.5, 6.0;
  SignedModel m(fepipe::MinMaxScaler(), fepipe::Lasso({.alpha = 0.01}));
  m.fit(X, y);
  return m;
}

inline void signed_model(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  std::string file(reinterpret_cast<const char*>(bytes.data()) + 1, bytes.size() - 1);
  if (bytes[0] & 1u) {
    try {
      file = fepipe::sign_model_bytes(std::string(fepipe::strip_model_signature(file)), fuzz_signing_key());
    } catch (const fepipe::Error&) {
      return;  // a malformed trailer cannot be stripped, nor an empty file signed
    }
    // Whatever sign_model_bytes accepts verifies.
    try {
      (void)fepipe::verify_model_bytes(file, fepipe::TrustedKeys{fuzz_signing_key().public_key()});
    } catch (const fepipe::ModelFormatError& e) {
      throw fepipe_rel::Defect(std::string("a file signed with the fuzz key does not verify: ") + e.what());
    }
  }
  (void)fepipe::detail::inspect_signature_trailer(file);  // never throws
  const fepipe::TrustedKeys trusted{fuzz_signing_key().public_key()};
  bool verified = false;
  try {
    (void)fepipe::verify_model_bytes(file, trusted);
    verified = true;
  } catch (const fepipe::ModelFormatError&) {
  }
  SignedModel with_key;
  bool loaded_with_key = false;
  try {
    fepipe::load_model_from_memory(file, with_key, trusted);
    loaded_with_key = true;
  } catch (const fepipe::ModelFormatError&) {
  }
  if (loaded_with_key && !verified) throw fepipe_rel::Defect("a file that does not verify loaded with trusted keys");
  if (!verified) return;
  SignedModel plain;
  bool loaded_plain = false;
  try {
    fepipe::load_model_from_memory(file, plain);
    loaded_plain = true;
  } catch (const fepipe::ModelFormatError&) {
  }
  if (loaded_plain != loaded_with_key) throw fepipe_rel::Defect("a verified load and a plain load of one file disagree");
  if (loaded_plain && fepipe::save_model_to_string(plain, fepipe::ModelFormat::binary) !=
                          fepipe::save_model_to_string(with_key, fepipe::ModelFormat::binary))
    throw fepipe_rel::Defect("a verified load and a plain load of one file give different models");
}

/// Seeds: the model in JSON and binary, signed and not, with both flags.
template <class Write>
int write_signed_seeds(Write&& write) {
  const SignedModel m = signed_seed_model();
  int n = 0;
  for (auto format : {fepipe::ModelFormat::json, fepipe::ModelFormat::binary}) {
    const std::string plain = fepipe::save_model_to_string(m, format);
    const std::string sig = fepipe::sign_model_bytes(plain, fuzz_signing_key());
    const std::string f = format == fepipe::ModelFormat::json ? "json" : "binary";
    write("plain-" + f + "-resign", std::string(1, '\x01') + plain);
    write("signed-" + f, std::string(1, '\x00') + sig);
    write("signed-" + f + "-resign", std::string(1, '\x01') + sig);
    n += 3;
  }
  return n;
}

}  // namespace fepipe_fuzz
