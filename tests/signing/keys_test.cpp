// Keys of signed model files: generation, raw and hex import/export, key
// files (secret ones private to their owner), trusted key sets.

#include <doctest/doctest.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>  // stat: a secret key file's mode
#include <sys/types.h>

#include "fepipe/io/signing.hpp"
#include "signing/signing_support.hpp"

namespace signing_keys_test {

using namespace fepipe;
using namespace fepipe_signing_test;
namespace fs = std::filesystem;

TEST_CASE("a seed gives RFC 8032's public key; hex and raw bytes round-trip") {
  const SigningKey k = key_a();
  CHECK(k.public_key().to_hex() == rfc8032_public);
  CHECK(k.id() == rfc8032_public);
  CHECK(k.to_hex() == rfc8032_seed);
  const auto seed = k.to_bytes();
  CHECK(SigningKey::from_bytes(seed).public_key() == k.public_key());
  const PublicKey pk = k.public_key();
  CHECK(PublicKey::from_bytes(pk.bytes()) == pk);
  CHECK(PublicKey::from_hex(pk.to_hex()) == pk);
  // Hex input may be uppercase; output is lowercase.
  std::string upper = rfc8032_public;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(PublicKey::from_hex(upper) == pk);
  // libsodium's 64-byte secret key (seed, then public key) is accepted when
  // its halves agree.
  std::vector<std::uint8_t> sodium_sk(seed.begin(), seed.end());
  sodium_sk.insert(sodium_sk.end(), pk.bytes().begin(), pk.bytes().end());
  CHECK(SigningKey::from_bytes(sodium_sk).public_key() == pk);
  sodium_sk.back() ^= 1;
  CHECK_THROWS_WITH_AS(SigningKey::from_bytes(sodium_sk), doctest::Contains("does not match"), ParameterError);
}

TEST_CASE("generated keys are fresh and usable") {
  const SigningKey a = SigningKey::generate(), b = SigningKey::generate();
  CHECK(a.public_key() != b.public_key());
  CHECK(a.to_hex() != b.to_hex());
  CHECK(SigningKey::from_hex(a.to_hex()).public_key() == a.public_key());
  const SigningKey copy = a;
  CHECK(copy.public_key() == a.public_key());
}

TEST_CASE("malformed key material is a ParameterError") {
  CHECK_THROWS_WITH_AS(PublicKey::from_hex("abcd"), doctest::Contains("64 hex digits"), ParameterError);
  CHECK_THROWS_AS(PublicKey::from_hex(std::string(64, 'g')), ParameterError);
  CHECK_THROWS_AS(PublicKey::from_hex(std::string(rfc8032_public) + "00"), ParameterError);
  CHECK_THROWS_AS(PublicKey::from_bytes(std::vector<std::uint8_t>(31, 1)), ParameterError);
  // Not points of the curve's main subgroup: the identity, all zeros (small
  // order), a non-canonical encoding.
  std::array<std::uint8_t, 32> identity{};
  identity[0] = 1;
  CHECK_THROWS_WITH_AS(PublicKey::from_bytes(identity), doctest::Contains("not a valid Ed25519 public key"),
                       ParameterError);
  CHECK_THROWS_AS(PublicKey::from_bytes(std::array<std::uint8_t, 32>{}), ParameterError);
  std::array<std::uint8_t, 32> ff{};
  ff.fill(0xFF);
  CHECK_THROWS_AS(PublicKey::from_bytes(ff), ParameterError);
  CHECK_THROWS_WITH_AS(SigningKey::from_hex("00"), doctest::Contains("64 hex digits"), ParameterError);
  CHECK_THROWS_AS(SigningKey::from_hex(std::string(63, '0') + "x"), ParameterError);
  CHECK_THROWS_AS(SigningKey::from_bytes(std::vector<std::uint8_t>(33, 0)), ParameterError);
}

TEST_CASE("key files: round trip, secret ones private and never replaced by accident") {
  const fs::path dir = fresh_dir("keys");
  const SigningKey k = key_b();
  k.save(dir / "release.key");
  k.public_key().save(dir / "release.pub");
  CHECK(SigningKey::load(dir / "release.key").public_key() == k.public_key());
  CHECK(PublicKey::load(dir / "release.pub") == k.public_key());
  CHECK(read_all(dir / "release.pub") == "fepipe-public-key v1 ed25519 " + k.public_key().to_hex() + "\n");
  CHECK(read_all(dir / "release.key") == "fepipe-secret-key v1 ed25519 " + k.to_hex() + "\n");

  struct stat st {};
  REQUIRE(::stat((dir / "release.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  CHECK_THROWS_WITH_AS(key_c().save(dir / "release.key"), doctest::Contains("exists"), Error);
  CHECK(SigningKey::load(dir / "release.key").public_key() == k.public_key());  // untouched
  key_c().save(dir / "release.key", /*overwrite=*/true);
  CHECK(SigningKey::load(dir / "release.key").public_key() == key_c().public_key());
  REQUIRE(::stat((dir / "release.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // Trailing whitespace and CRLF are tolerated; a wrong header or bad hex is not.
  write_all(dir / "crlf.pub", "fepipe-public-key v1 ed25519 " + k.public_key().to_hex() + "\r\n\r\n");
  CHECK(PublicKey::load(dir / "crlf.pub") == k.public_key());
  write_all(dir / "secret_as_public.pub", read_all(dir / "release.key"));
  CHECK_THROWS_WITH_AS(PublicKey::load(dir / "secret_as_public.pub"),
                       doctest::Contains("does not start with 'fepipe-public-key"), ParameterError);
  write_all(dir / "short.key", "fepipe-secret-key v1 ed25519 abcd\n");
  CHECK_THROWS_WITH_AS(SigningKey::load(dir / "short.key"), doctest::Contains("short.key"), ParameterError);
  write_all(dir / "huge.pub", std::string(100000, 'a'));
  CHECK_THROWS_WITH_AS(PublicKey::load(dir / "huge.pub"), doctest::Contains("too large"), ParameterError);
  CHECK_THROWS_WITH_AS(PublicKey::load(dir / "missing.pub"), doctest::Contains("cannot open key file"), Error);
  CHECK_THROWS_WITH_AS(SigningKey::load(dir), doctest::Contains("is a directory"), Error);
  fs::remove_all(dir);
}

TEST_CASE("trusted key sets: several keys, no duplicates, from files") {
  const fs::path dir = fresh_dir("trusted");
  key_c().public_key().save(dir / "c.pub");
  TrustedKeys trusted{key_a().public_key(), key_b().public_key(), key_a().public_key()};
  CHECK(trusted.size() == 2);
  trusted.add_file(dir / "c.pub");
  CHECK(trusted.size() == 3);
  CHECK(trusted.contains(key_c().public_key()));
  CHECK(trusted.find(key_b().public_key().bytes()) != nullptr);
  CHECK(TrustedKeys{}.empty());
  CHECK_FALSE(TrustedKeys{key_a().public_key()}.contains(key_b().public_key()));
  fs::remove_all(dir);
}

TEST_CASE("libsodium is initialised once, whichever thread gets there first") {
  // Each thread's first call may be the process's first use of libsodium.
  const std::string bytes = save_model_to_string(fitted_lasso(), ModelFormat::binary);
  const TrustedKeys trusted{key_a().public_key()};
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      const std::string signed_bytes = sign_model_bytes(bytes, key_a());
      ok[static_cast<std::size_t>(t)] = verify_model_bytes(signed_bytes, trusted) == key_a().public_key() ? 1 : 0;
    });
  for (auto& th : threads) th.join();
  CHECK(ok == std::vector<int>(4, 1));
}

}  // namespace signing_keys_test
