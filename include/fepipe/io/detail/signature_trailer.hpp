#pragma once
/// @file
/// The signature trailer of a signed model file, without any cryptography:
/// recognising it, checking its shape and splitting it from the bytes it
/// signs. The plain loader (model_file.hpp) uses this to strip a trailer it
/// does not verify; fepipe/io/signing.hpp (the only header that needs
/// libsodium) builds and verifies trailers.
///
/// A signed file is the model file's bytes, unchanged, followed by one line
/// of fixed length (231 bytes):
///
///     #fepipe-signature v1 ed25519 key=<64 hex digits> sig=<128 hex digits>\n
///
/// `key` is the signer's Ed25519 public key (its key id), `sig` the
/// signature, both lowercase hex. The same trailer follows JSON and binary
/// files, so a signed JSON file stays a readable text file.
///
/// Recognition must never mistake an unsigned model for a signed one, nor
/// refuse an unsigned model because of what its labels contain:
///  - a file is signed when its last 231 bytes are a well-formed trailer (an
///    unsigned JSON file ends with its closing brace; an unsigned binary
///    file with its 8 checksum bytes, which would have to spell the end of a
///    trailer);
///  - otherwise, the file *claims* a trailer, and is refused, when its tail
///    line (the longest run of printable ASCII at the end, before at most
///    one final newline, or CR LF) holds the marker `#fepipe-signature` and, from the
///    marker on, none of the characters `"{}[],:` (which a trailer never
///    holds, and which follow any label of a JSON file). A binary file whose
///    printable tail reaches into a label holding the marker could still
///    claim one; model_file.hpp's loader accepts such a file when its
///    checksum shows it intact (is_intact_binary_model);
///  - a signed file whose body ends with a second well-formed trailer is
///    refused ("two signature trailers"): a file carries one signature.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view signature_marker = "#fepipe-signature";
inline constexpr std::string_view signature_head = "#fepipe-signature v1 ed25519 key=";
inline constexpr std::string_view signature_sig_field = " sig=";
inline constexpr std::size_t signature_key_bytes = 32;  // Ed25519 public key
inline constexpr std::size_t signature_sig_bytes = 64;  // Ed25519 signature
inline constexpr std::size_t signature_trailer_bytes =
    signature_head.size() + 2 * signature_key_bytes + signature_sig_field.size() + 2 * signature_sig_bytes + 1;
static_assert(signature_trailer_bytes == 231);

/// What a well-formed trailer holds.
struct SignatureTrailer {
  std::array<std::uint8_t, signature_key_bytes> key{};
  std::array<std::uint8_t, signature_sig_bytes> sig{};
};

inline constexpr char hex_digits[] = "0123456789abcdef";

inline int lower_hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

inline std::string to_lower_hex(const std::uint8_t* data, std::size_t n) {
  std::string out(2 * n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = hex_digits[data[i] >> 4];
    out[2 * i + 1] = hex_digits[data[i] & 0x0F];
  }
  return out;
}

/// Decodes exactly `out.size()` bytes of lowercase hex; false on any other
/// character (uppercase too: the trailer has one spelling per signature).
template <std::size_t N>
bool from_lower_hex(std::string_view text, std::array<std::uint8_t, N>& out) noexcept {
  if (text.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = lower_hex_value(text[2 * i]), lo = lower_hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

/// The trailer line for `key` and `sig`.
inline std::string format_signature_trailer(const SignatureTrailer& t) {
  std::string out;
  out.reserve(signature_trailer_bytes);
  out.append(signature_head);
  out += to_lower_hex(t.key.data(), t.key.size());
  out.append(signature_sig_field);
  out += to_lower_hex(t.sig.data(), t.sig.size());
  out += '\n';
  return out;
}

/// Where the tail line's marker starts, if the tail line holds one (see the
/// file comment). Scans back over printable bytes only: a binary file stops
/// within a few bytes, a JSON file at its last newline.
inline std::optional<std::size_t> signature_marker_position(std::string_view bytes) noexcept {
  std::size_t end = bytes.size();
  if (end > 0 && bytes[end - 1] == '\n') --end;
  if (end > 0 && bytes[end - 1] == '\r') --end;  // a CRLF file: named in the error, never valid
  std::size_t begin = end;
  while (begin > 0 && bytes[begin - 1] >= 0x20 && bytes[begin - 1] <= 0x7E) --begin;
  const std::size_t at = bytes.substr(begin, end - begin).find(signature_marker);
  if (at == std::string_view::npos) return std::nullopt;
  return begin + at;
}

/// Why `tail` (from the marker to the end of the file) is not a trailer;
/// empty if it is one. Quotes at most a short token of the tail: it may be
/// huge or hostile.
inline std::string signature_trailer_defect(std::string_view tail) {
  const std::string expected = " (a v1 trailer is one line of " + std::to_string(signature_trailer_bytes) + " bytes)";
  if (tail.empty() || tail.back() != '\n')
    return "truncated signature trailer: " + std::to_string(tail.size()) + " bytes and no final newline" + expected;
  if (tail.size() >= 2 && tail[tail.size() - 2] == '\r')
    return "the signature trailer ends with CR LF: the file's line endings were converted (git's autocrlf, a "
           "text-mode transfer), which changes the signed bytes too";
  const std::string_view line = tail.substr(0, tail.size() - 1);
  auto token_after = [&](std::string_view prefix) {
    const std::string_view rest = line.substr(prefix.size());
    return quote_label(rest.substr(0, std::min<std::size_t>(rest.find(' '), 16)));
  };
  if (line.substr(0, signature_head.size()) != signature_head) {
    constexpr std::string_view version = "#fepipe-signature v", algorithm = "#fepipe-signature v1 ";
    if (line.substr(0, version.size()) == version && line.substr(0, algorithm.size()) != algorithm)
      return "signature format version " + token_after("#fepipe-signature ") + " is not supported (this build reads v1)";
    if (line.substr(0, algorithm.size()) == algorithm && line.substr(algorithm.size(), 8) == "ed25519 ")
      return "malformed signature trailer: no key= field after the algorithm" + expected;
    if (line.substr(0, algorithm.size()) == algorithm)
      return "signature algorithm " + token_after(algorithm) + " is not supported (this build verifies ed25519)";
    return "malformed signature trailer: it does not start with '" + std::string(signature_head) + "'" + expected;
  }
  const std::string_view fields = line.substr(signature_head.size());
  const std::size_t sig_at = fields.find(signature_sig_field);
  if (sig_at == std::string_view::npos) return "malformed signature trailer: no sig= field" + expected;
  const std::string_view key = fields.substr(0, sig_at), sig = fields.substr(sig_at + signature_sig_field.size());
  std::array<std::uint8_t, signature_key_bytes> k{};
  std::array<std::uint8_t, signature_sig_bytes> s{};
  if (!from_lower_hex(key, k))
    return "malformed signature trailer: key= holds " + std::to_string(key.size()) + " characters, not " +
           std::to_string(2 * signature_key_bytes) + " lowercase hex digits";
  if (!from_lower_hex(sig, s))
    return "malformed signature trailer: sig= holds " + std::to_string(sig.size()) + " characters, not " +
           std::to_string(2 * signature_sig_bytes) + " lowercase hex digits";
  return {};
}

/// The trailer in `tail` if `tail` is exactly one well-formed trailer.
inline std::optional<SignatureTrailer> parse_signature_trailer(std::string_view tail) noexcept {
  constexpr std::size_t key_at = signature_head.size(), sig_field_at = key_at + 2 * signature_key_bytes,
                        sig_at = sig_field_at + signature_sig_field.size();
  SignatureTrailer t;
  if (tail.size() != signature_trailer_bytes || tail.substr(0, key_at) != signature_head ||
      tail.substr(sig_field_at, signature_sig_field.size()) != signature_sig_field || tail.back() != '\n' ||
      !from_lower_hex(tail.substr(key_at, 2 * signature_key_bytes), t.key) ||
      !from_lower_hex(tail.substr(sig_at, 2 * signature_sig_bytes), t.sig))
    return std::nullopt;
  return t;
}

/// A file split at its trailer (see the file comment), without throwing.
/// `defect` is non-empty when the file claims a trailer it does not have
/// whole, or carries two; `body` is then the whole file.
struct SignatureInspection {
  std::string_view body;
  std::optional<SignatureTrailer> trailer;
  std::string defect;
};

inline SignatureInspection inspect_signature_trailer(std::string_view bytes) {
  if (bytes.size() >= signature_trailer_bytes) {
    const std::size_t at = bytes.size() - signature_trailer_bytes;
    if (std::optional<SignatureTrailer> t = parse_signature_trailer(bytes.substr(at))) {
      const std::string_view body = bytes.substr(0, at);
      if (body.size() >= signature_trailer_bytes &&
          parse_signature_trailer(body.substr(body.size() - signature_trailer_bytes)))
        return {bytes, std::nullopt,
                "two signature trailers: a signed file carries exactly one (sign the unsigned bytes)"};
      return {body, t, {}};
    }
  }
  const std::optional<std::size_t> at = signature_marker_position(bytes);
  if (!at) return {bytes, std::nullopt, {}};
  const std::string_view tail = bytes.substr(*at);
  if (tail.find_first_of("\"{}[],:") != std::string_view::npos) return {bytes, std::nullopt, {}};  // inside a label
  std::string why = signature_trailer_defect(tail);
  if (why.empty()) why = "malformed signature trailer";  // unreachable: a whole trailer is caught above
  return {bytes, std::nullopt, std::move(why)};
}

}  // namespace detail
FEPIPE_NAMESPACE_END
