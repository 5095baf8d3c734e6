// Tampered signed files: every flipped byte, every truncation, hostile
// trailers. With trusted keys each is a ModelFormatError saying why; the
// plain loader, which does not verify, still refuses every malformed trailer.

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/io/model_file.hpp"
#include "fepipe/io/signing.hpp"
#include "signing/signing_support.hpp"

namespace signing_tamper_test {

using namespace fepipe;
using namespace fepipe_signing_test;

namespace {

constexpr std::size_t trailer_bytes = 231;

/// The ModelFormatError message of a verified load of `bytes`, or "" if it loads.
template <class Model>
std::string verified_error(std::string_view bytes, const TrustedKeys& trusted) {
  Model loaded;
  try {
    load_model_from_memory(bytes, loaded, trusted);
  } catch (const ModelFormatError& e) {
    CHECK_FALSE(loaded.is_fitted());  // left unchanged
    return e.what();
  }
  return {};
}

template <class Model>
std::string plain_error(std::string_view bytes) {
  Model loaded;
  try {
    load_model_from_memory(bytes, loaded);
  } catch (const ModelFormatError& e) {
    return e.what();
  }
  return {};
}

/// A model that writes one label last: its binary file ends with the label
/// and the checksum.
struct Labelled {
  static constexpr std::string_view type_name = "Labelled";
  static constexpr std::uint32_t serial_version = 1;
  std::string label;
  bool is_fitted() const { return !label.empty(); }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(make_nvp("label", label));
  }
};

}  // namespace

TEST_CASE("every flipped byte of a small signed file is refused, body and trailer") {
  const TrustedKeys trusted{key_a().public_key()};
  for (ModelFormat format : {ModelFormat::json, ModelFormat::binary}) {
    const std::string bytes = save_model_to_string(fitted_lasso(), key_a(), format);
    REQUIRE(verified_error<Lasso>(bytes, trusted).empty());
    INFO("format " << static_cast<int>(format) << ", " << bytes.size() << " bytes");
    std::size_t refused = 0, flips = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x20}, std::uint8_t{0x80}}) {
        std::string bad = bytes;
        bad[i] = static_cast<char>(static_cast<std::uint8_t>(bad[i]) ^ mask);
        ++flips;
        const std::string why = verified_error<Lasso>(bad, trusted);
        if (!why.empty()) {
          ++refused;
        } else {
          INFO("byte " << i << " mask " << int{mask});
          CHECK(false);
        }
        // A flip in the body never surfaces as a parse error: the signature
        // check comes first.
        if (i < bytes.size() - trailer_bytes) {
          INFO("byte " << i << ": " << why);
          CHECK(why.find("bad signature") != std::string::npos);
        }
      }
    }
    CHECK(refused == flips);
  }
}

TEST_CASE("a signature truncated at any length is refused") {
  const TrustedKeys trusted{key_a().public_key()};
  for (ModelFormat format : {ModelFormat::json, ModelFormat::binary}) {
    const std::string bytes = save_model_to_string(fitted_lasso(), key_a(), format);
    const std::size_t body = bytes.size() - trailer_bytes;
    INFO("format " << static_cast<int>(format));
    for (std::size_t keep = 0; keep < bytes.size(); ++keep) {
      INFO("keep " << keep << " of " << bytes.size());
      const std::string_view cut = std::string_view(bytes).substr(0, keep);
      const std::string why = verified_error<Lasso>(cut, trusted);
      CHECK_FALSE(why.empty());
      if (keep >= body + 17) CHECK(why.find("truncated signature trailer") != std::string::npos);  // marker whole
      // The plain loader takes the unsigned body, and nothing longer.
      if (keep > body) CHECK_FALSE(plain_error<Lasso>(cut).empty());
      if (keep >= body + 17)
        CHECK(plain_error<Lasso>(cut).find("truncated signature trailer") != std::string::npos);
    }
    CHECK(plain_error<Lasso>(std::string_view(bytes).substr(0, body)).empty());
  }
}

TEST_CASE("hostile trailers are refused with a reason, by the verifying and the plain loader") {
  const TrustedKeys trusted{key_a().public_key()};
  const std::string body = save_model_to_string(fitted_lasso(), ModelFormat::json);
  const std::string good = sign_model_bytes(body, key_a());
  const std::string trailer = good.substr(body.size());
  const std::string key_hex = key_a().public_key().to_hex();
  const std::string sig_hex = trailer.substr(trailer.find(" sig=") + 5, 128);
  const std::string head = "#fepipe-signature v1 ed25519 key=";
  struct Case {
    const char* what;
    std::string tail;
    const char* reason;
  };
  const std::vector<Case> cases{
      {"huge key hex", head + std::string(1000000, 'a') + " sig=" + sig_hex + "\n", "key= holds 1000000 characters"},
      {"huge sig hex", head + key_hex + " sig=" + std::string(1 << 20, 'f') + "\n", "sig= holds 1048576 characters"},
      {"non-hex key", head + std::string(64, 'z') + " sig=" + sig_hex + "\n", "key= holds 64 characters, not 64 lowercase hex"},
      {"uppercase sig", head + key_hex + " sig=" + std::string(128, 'A') + "\n", "sig= holds 128 characters"},
      {"non-hex sig", head + key_hex + " sig=" + std::string(127, '0') + "+\n", "sig= holds 128"},
      {"no sig field", head + key_hex + "\n", "no sig= field"},
      {"no key field", "#fepipe-signature v1 ed25519 sig=" + sig_hex + "\n", "no key= field"},
      {"empty key", head + " sig=" + sig_hex + "\n", "key= holds 0 characters"},
      {"extra field", head + key_hex + " sig=" + sig_hex + " by=me\n", "sig= holds 134 characters"},
      {"version 2", "#fepipe-signature v2 ed25519 key=" + key_hex + " sig=" + sig_hex + "\n",
       "signature format version 'v2' is not supported"},
      {"another algorithm", "#fepipe-signature v1 rsa key=" + key_hex + " sig=" + sig_hex + "\n",
       "signature algorithm 'rsa' is not supported"},
      {"bare marker", "#fepipe-signature\n", "does not start with"},
      {"CRLF line end", head + key_hex + " sig=" + sig_hex + "\r\n", "line endings were converted"},
      {"no final newline", head + key_hex + " sig=" + sig_hex, "truncated signature trailer"},
      {"two trailers", trailer + trailer, "two signature trailers"},
      {"a trailer, then more text", trailer.substr(0, trailer.size() - 1) + " trailing\n", "sig= holds 137 characters"},
  };
  for (const Case& c : cases) {
    INFO(std::string(c.what));
    const std::string file = body + c.tail;
    const std::string verified = verified_error<Lasso>(file, trusted);
    INFO(verified.substr(0, 300));
    CHECK(verified.find(c.reason) != std::string::npos);
    CHECK(verified.size() < 600);  // never echoes the hostile bytes
    const std::string plain = plain_error<Lasso>(file);
    CHECK(plain.find(c.reason) != std::string::npos);
    CHECK_THROWS_AS(sign_model_bytes(file, key_a()), Error);
    CHECK_THROWS_AS((void)strip_model_signature(file), ModelFormatError);
  }
  // Trailing bytes after a good trailer: not a trailer any more.
  for (const std::string extra : {"\n", " ", "x", "\n\n"}) {
    INFO("extra '" << extra << "'");
    CHECK_FALSE(verified_error<Lasso>(good + extra, trusted).empty());
    CHECK_FALSE(plain_error<Lasso>(good + extra).empty());
  }
  // A trailer in front of the model instead of after it.
  CHECK(verified_error<Lasso>(trailer + body, trusted).find("not signed") != std::string::npos);
}

TEST_CASE("labels that hold the marker never make an unsigned file look signed") {
  const TrustedKeys trusted{key_a().public_key()};
  const std::string marker_label = "#fepipe-signature v1 ed25519 key=abc sig=def";
  // JSON: the label is never on the last line, not even when the file is
  // rewritten as one line: a quote follows it.
  Labelled m{marker_label};
  const std::string json = save_model_to_string(m, ModelFormat::json);
  std::string one_line;
  for (char c : json)
    if (c != '\n') one_line += c;
  for (const std::string& file : {json, one_line, one_line + "\n"}) {
    Labelled loaded;
    load_model_from_memory(file, loaded);
    CHECK(loaded.label == marker_label);
    CHECK(verified_error<Labelled>(file, trusted).find("not signed") != std::string::npos);
    const std::string signed_file = sign_model_bytes(file, key_a());
    Labelled verified;
    load_model_from_memory(signed_file, verified, trusted);
    CHECK(verified.label == marker_label);
  }
  // Binary: find a label after which the 8 checksum bytes are all printable
  // and trailer-like, so the file's printable tail reaches into the label.
  // The checksum shows the file intact: it loads, and it can be signed.
  bool found = false;
  for (int i = 0; i < 2000000 && !found; ++i) {
    Labelled candidate{marker_label + std::to_string(i)};
    const std::string bin = save_model_to_string(candidate, ModelFormat::binary);
    const std::optional<std::size_t> at = detail::signature_marker_position(bin);
    if (!at || bin.find_first_of("\"{}[],:", *at) != std::string::npos) continue;
    found = true;
    INFO("label " << candidate.label);
    CHECK_FALSE(detail::inspect_signature_trailer(bin).defect.empty());  // it does look like a trailer
    Labelled loaded;
    load_model_from_memory(bin, loaded);
    CHECK(loaded.label == candidate.label);
    const std::string signed_bin = sign_model_bytes(bin, key_a());
    Labelled verified;
    load_model_from_memory(signed_bin, verified, trusted);
    CHECK(verified.label == candidate.label);
    Labelled plain;
    load_model_from_memory(signed_bin, plain);
    CHECK(plain.label == candidate.label);
  }
  CHECK(found);
}

}  // namespace signing_tamper_test
