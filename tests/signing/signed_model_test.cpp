// Signed model files: signing at save, verification at load, what is
// refused (and that it is refused before anything is parsed), key rotation.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <sodium.h>  // a signature made without fepipe's domain prefix

#include "fepipe/io/model_file.hpp"
#include "fepipe/io/signing.hpp"
#include "support/alloc_counter.hpp"
#include "support/roundtrip.hpp"
#include "signing/signing_support.hpp"

namespace signing_signed_model_test {

using namespace fepipe;
using namespace fepipe_signing_test;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t trailer_bytes = 231;

/// The last line of a signed file, rebuilt with another signature.
std::string with_trailer(std::string_view body, const std::array<std::uint8_t, 32>& key,
                         const std::array<std::uint8_t, 64>& sig) {
  detail::SignatureTrailer t;
  t.key = key;
  t.sig = sig;
  return std::string(body) + detail::format_signature_trailer(t);
}

/// Like the HostileImputer of tests/io: a valid MeanMedianImputer envelope
/// whose first length field claims `claimed` elements.
struct HostileImputer {
  static constexpr std::string_view type_name = "MeanMedianImputer";
  static constexpr std::uint32_t serial_version = 1;
  std::uint64_t claimed = 0;
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    MeanMedianImputer::Options options;
    ar(make_nvp("options", options), make_nvp("feature_names_in_columns", claimed));
  }
};

}  // namespace

TEST_CASE("signed files load with the right key and predict the same, JSON and binary, from files and memory") {
  const fs::path dir = fresh_dir("roundtrip");
  const auto p = fitted_pipeline();
  const auto expected = p.predict(small_frame());
  const TrustedKeys trusted{key_a().public_key()};
  for (const char* name : {"model.json", "model.fpm"}) {
    INFO(name);
    save_model(p, dir / name, key_a());
    const std::string bytes = read_all(dir / name);
    const ModelFormat format = std::string_view(name).ends_with(".json") ? ModelFormat::json : ModelFormat::binary;
    const std::string unsigned_bytes = save_model_to_string(p, format);
    // The file is the unsigned file, unchanged, plus one line of 231 bytes.
    REQUIRE(bytes.size() == unsigned_bytes.size() + trailer_bytes);
    CHECK(bytes.substr(0, unsigned_bytes.size()) == unsigned_bytes);
    CHECK(bytes.substr(unsigned_bytes.size()).starts_with("#fepipe-signature v1 ed25519 key=" +
                                                          key_a().public_key().to_hex() + " sig="));
    CHECK(bytes.back() == '\n');
    // Ed25519 is deterministic: the same model and key give the same bytes.
    CHECK(save_model_to_string(p, key_a(), format) == bytes);

    CHECK(verify_model_file(dir / name, trusted) == key_a().public_key());
    const auto verified = load_model<SmallPipeline>(dir / name, trusted);
    fepipe_test::require_identical(verified.predict(small_frame()), expected);
    SmallPipeline from_memory;
    load_model_from_memory(bytes, from_memory, trusted);
    fepipe_test::require_identical(from_memory.predict(small_frame()), expected);
    // The plain loaders take the signed file too, without verifying it.
    const auto plain = load_model<SmallPipeline>(dir / name);
    fepipe_test::require_identical(plain.predict(small_frame()), expected);
    CHECK(strip_model_signature(bytes) == unsigned_bytes);
  }
  // A signed JSON file stays a text file: the trailer is its last line.
  const std::string json = read_all(dir / "model.json");
  CHECK(json.find('\0') == std::string::npos);
  CHECK(json.substr(json.rfind('\n', json.size() - 2) + 1).starts_with("#fepipe-signature "));
  fs::remove_all(dir);
}

TEST_CASE("a single Lasso, signed and loaded") {
  const Lasso m = fitted_lasso();
  const TrustedKeys trusted{key_b().public_key()};
  for (ModelFormat format : {ModelFormat::json, ModelFormat::binary}) {
    const std::string bytes = save_model_to_string(m, key_b(), format);
    Lasso loaded;
    load_model_from_memory(bytes, loaded, trusted);
    CHECK(loaded.coef_ == m.coef_);
    CHECK(loaded.intercept_ == m.intercept_);
  }
}

TEST_CASE("a file signed by another key is refused, naming the key") {
  const std::string bytes = save_model_to_string(fitted_lasso(), key_b(), ModelFormat::json);
  const TrustedKeys only_a{key_a().public_key()};
  Lasso loaded;
  CHECK_THROWS_WITH_AS(load_model_from_memory(bytes, loaded, only_a),
                       doctest::Contains(("signed by key " + key_b().id() + ", which is not a trusted key").c_str()),
                       ModelFormatError);
  CHECK_FALSE(loaded.is_fitted());
  CHECK_THROWS_WITH_AS(verify_model_bytes(bytes, TrustedKeys{key_a().public_key(), key_c().public_key()}),
                       doctest::Contains("not a trusted key (2 trusted)"), ModelFormatError);
  // A trailer naming a trusted key over a signature made by another key.
  const std::string_view body = strip_model_signature(bytes);
  const std::string forged = with_trailer(body, key_a().public_key().bytes(),
                                          detail::parse_signature_trailer(std::string_view(bytes).substr(body.size()))->sig);
  CHECK_THROWS_WITH_AS(verify_model_bytes(forged, only_a),
                       doctest::Contains(("bad signature: the signature by key " + key_a().id() + " does not verify").c_str()),
                       ModelFormatError);
}

TEST_CASE("an unsigned file is refused when keys are given, before it is parsed") {
  const TrustedKeys trusted{key_a().public_key()};
  for (ModelFormat format : {ModelFormat::json, ModelFormat::binary}) {
    const std::string bytes = save_model_to_string(fitted_lasso(), format);
    Lasso loaded;
    CHECK_THROWS_WITH_AS(load_model_from_memory(bytes, loaded, trusted),
                         doctest::Contains("not signed: the file has no signature trailer"), ModelFormatError);
  }
  // Garbage is "not signed" rather than a parse error: nothing was parsed.
  Lasso loaded;
  CHECK_THROWS_WITH_AS(load_model_from_memory("{\"format\": [[[[", loaded, trusted), doctest::Contains("not signed"),
                       ModelFormatError);
  // A hostile length field is never reached: no allocation scales with it.
  HostileImputer hostile{std::uint64_t{1} << 62};
  const std::string hostile_bytes = save_model_to_string(hostile, ModelFormat::binary);
  MeanMedianImputer imp;
  std::size_t largest = 0;
  {
    fepipe_test::CountAllocations guard;
    CHECK_THROWS_WITH_AS(load_model_from_memory(hostile_bytes, imp, trusted), doctest::Contains("not signed"),
                         ModelFormatError);
    largest = guard.largest();
  }
  CHECK(largest < 4096);
  // Signed garbage by an untrusted key: refused for the key, not parsed.
  const std::string signed_garbage = sign_model_bytes("not a model at all", key_c());
  CHECK_THROWS_WITH_AS(load_model_from_memory(signed_garbage, loaded, trusted), doctest::Contains("not a trusted key"),
                       ModelFormatError);
  // Signed garbage by a trusted key passes verification, then the parser refuses it.
  CHECK(verify_model_bytes(sign_model_bytes("not a model at all", key_a()), trusted) == key_a().public_key());
  CHECK_THROWS_AS(load_model_from_memory(sign_model_bytes("not a model at all", key_a()), loaded, trusted),
                  ModelFormatError);
}

TEST_CASE("a signature moved onto another file does not verify") {
  const TrustedKeys trusted{key_a().public_key()};
  const std::string a = save_model_to_string(fitted_lasso(), key_a(), ModelFormat::json);
  auto other = fitted_pipeline();
  const std::string b = save_model_to_string(other, ModelFormat::json);
  const std::string moved = b + a.substr(a.size() - trailer_bytes);
  SmallPipeline loaded;
  CHECK_THROWS_WITH_AS(load_model_from_memory(moved, loaded, trusted),
                       doctest::Contains(("bad signature: the signature by key " + key_a().id()).c_str()), ModelFormatError);
  // Across formats too: a JSON file's signature on the binary file of the same model.
  const std::string bin = save_model_to_string(fitted_lasso(), ModelFormat::binary);
  Lasso lasso;
  CHECK_THROWS_WITH_AS(load_model_from_memory(bin + a.substr(a.size() - trailer_bytes), lasso, trusted),
                       doctest::Contains("bad signature"), ModelFormatError);
}

TEST_CASE("a plain Ed25519 signature of the body is not a model signature (domain separation)") {
  const std::string body = save_model_to_string(fitted_lasso(), ModelFormat::json);
  const SigningKey k = key_a();
  // libsodium's secret key layout: seed, then public key.
  std::array<std::uint8_t, 64> sk{};
  const auto seed = k.to_bytes();
  std::array<std::uint8_t, 32> pk{};
  REQUIRE(crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data()) == 0);
  std::array<std::uint8_t, 64> raw{};
  crypto_sign_detached(raw.data(), nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(), sk.data());
  const TrustedKeys trusted{k.public_key()};
  CHECK_THROWS_WITH_AS(verify_model_bytes(with_trailer(body, pk, raw), trusted), doctest::Contains("bad signature"),
                       ModelFormatError);
  // Nor is a signature of the prefixed message made for another key id.
  const auto message = detail::signed_message(body, key_b().public_key().bytes());
  std::array<std::uint8_t, 64> other_id{};
  crypto_sign_detached(other_id.data(), nullptr, message.data(), message.size(), sk.data());
  CHECK_THROWS_WITH_AS(verify_model_bytes(with_trailer(body, pk, other_id), trusted), doctest::Contains("bad signature"),
                       ModelFormatError);
  // The prefixed message for this key is what sign_model_bytes signs.
  const auto right = detail::signed_message(body, pk);
  std::array<std::uint8_t, 64> good{};
  crypto_sign_detached(good.data(), nullptr, right.data(), right.size(), sk.data());
  CHECK(with_trailer(body, pk, good) == sign_model_bytes(body, k));
}

TEST_CASE("key rotation: several trusted keys, verification says which one signed") {
  const std::string old_file = save_model_to_string(fitted_lasso(), key_a(), ModelFormat::binary);
  const std::string new_file = save_model_to_string(fitted_lasso(), key_b(), ModelFormat::binary);
  const TrustedKeys both{key_a().public_key(), key_b().public_key()};
  CHECK(verify_model_bytes(old_file, both) == key_a().public_key());
  CHECK(verify_model_bytes(new_file, both) == key_b().public_key());
  // Re-signing an old file with the new key: strip, then sign.
  const std::string resigned = sign_model_bytes(strip_model_signature(old_file), key_b());
  CHECK(resigned == new_file);
  const TrustedKeys only_new{key_b().public_key()};
  CHECK_THROWS_AS(verify_model_bytes(old_file, only_new), ModelFormatError);
  CHECK(verify_model_bytes(resigned, only_new) == key_b().public_key());
}

TEST_CASE("signing refuses bytes that already carry a signature; an empty trust set is a ParameterError") {
  const std::string signed_once = save_model_to_string(fitted_lasso(), key_a(), ModelFormat::json);
  CHECK_THROWS_WITH_AS(sign_model_bytes(signed_once, key_b()),
                       doctest::Contains(("already carry a signature trailer (key " + key_a().id()).c_str()), Error);
  CHECK_THROWS_WITH_AS(sign_model_bytes(signed_once.substr(0, signed_once.size() - 10), key_b()),
                       doctest::Contains("looks like a signature trailer"), Error);
  CHECK_THROWS_AS(sign_model_bytes("", key_a()), Error);
  Lasso loaded;
  CHECK_THROWS_WITH_AS(load_model_from_memory(signed_once, loaded, TrustedKeys{}), doctest::Contains("no trusted keys"),
                       ParameterError);
}

TEST_CASE("the size limit counts the trailer; errors from files name the path") {
  const std::string unsigned_bytes = save_model_to_string(fitted_lasso(), ModelFormat::binary);
  const std::string bytes = sign_model_bytes(unsigned_bytes, key_a());
  const TrustedKeys trusted{key_a().public_key()};
  Lasso loaded;
  const LoadLimits just_below{.max_file_bytes = bytes.size() - 1};
  const LoadLimits exact{.max_file_bytes = bytes.size()};
  CHECK_THROWS_WITH_AS(load_model_from_memory(bytes, loaded, trusted, just_below), doctest::Contains("above the limit"),
                       ModelFormatError);
  CHECK_THROWS_WITH_AS(load_model_from_memory(bytes, loaded, just_below), doctest::Contains("above the limit"),
                       ModelFormatError);
  CHECK_THROWS_AS(verify_model_bytes(bytes, trusted, just_below), ModelFormatError);
  CHECK_NOTHROW(load_model_from_memory(bytes, loaded, trusted, exact));
  CHECK_NOTHROW(load_model_from_memory(bytes, loaded, exact));

  const fs::path dir = fresh_dir("limits");
  write_all(dir / "m.fpm", bytes);
  CHECK_THROWS_WITH_AS(load_model<Lasso>(dir / "m.fpm", trusted, just_below), doctest::Contains("above the limit"),
                       ModelFormatError);
  CHECK_NOTHROW(load_model<Lasso>(dir / "m.fpm", trusted, exact));
  write_all(dir / "u.fpm", unsigned_bytes);
  CHECK_THROWS_WITH_AS(load_model<Lasso>(dir / "u.fpm", trusted), doctest::Contains(((dir / "u.fpm").string()).c_str()),
                       ModelFormatError);
  CHECK_THROWS_WITH_AS(verify_model_file(dir / "u.fpm", trusted), doctest::Contains("not signed"), ModelFormatError);
  CHECK_THROWS_WITH_AS(verify_model_file(dir, trusted), doctest::Contains("is a directory"), Error);
  fs::remove_all(dir);
}

}  // namespace signing_signed_model_test
