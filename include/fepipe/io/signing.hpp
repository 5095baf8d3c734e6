#pragma once
/// @file
/// Signed model files: Ed25519 signatures (libsodium) that let a loader
/// refuse any file not signed by a key it trusts.
///
/// This is the only fepipe header that includes <sodium.h>: a program that
/// includes it links libsodium (CMake: pkg_check_modules(SODIUM REQUIRED
/// IMPORTED_TARGET libsodium), then PkgConfig::SODIUM); one that does not
/// needs nothing more than before. It is not part of the umbrella header.
///
/// Layout (detail/signature_trailer.hpp): the model file's bytes, unchanged,
/// then one text line of 231 bytes,
///
///     #fepipe-signature v1 ed25519 key=<public key, hex> sig=<signature, hex>\n
///
/// The Ed25519 signature is over a message that only this purpose uses:
///
///     "fepipe-model-signature v1 ed25519 blake2b-512" 0x00 || public key (32 bytes) || BLAKE2b-512(body)
///
/// where `body` is every byte before the trailer. The domain string keeps a
/// signature made with the same key for anything else (another program,
/// another version of this format) from being valid here, and the key in the
/// message binds the signature to the key id the trailer names. The body is
/// hashed first (BLAKE2b, libsodium's fastest hash) so that verification
/// reads the file once.
///
/// Loading with TrustedKeys checks, before parsing anything, that the file
/// ends with a well-formed trailer, that its key is one of the trusted keys
/// and that the signature verifies; each failure is a ModelFormatError
/// saying which (unsigned, malformed or truncated trailer, untrusted key
/// with its id, bad signature with the key id). Only then is the body
/// parsed, with every check of the ordinary loader.
///
/// What this protects against and what not: see docs/model-signing.md. In
/// short, a signature proves who produced the bytes, not that the model is
/// good; the plain loaders of model_file.hpp do not verify; whoever holds a
/// trusted secret key can sign anything; an old signed file stays valid
/// (there is no revocation or expiry: drop the key from TrustedKeys).

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/signature_trailer.hpp"
#include "fepipe/io/model_file.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

static_assert(crypto_sign_PUBLICKEYBYTES == signature_key_bytes);
static_assert(crypto_sign_BYTES == signature_sig_bytes);
static_assert(crypto_sign_SEEDBYTES == 32);
static_assert(crypto_sign_SECRETKEYBYTES == 64);

/// Initialises libsodium once per process; thread-safe (a function-local
/// static is initialised exactly once, and sodium_init itself tolerates
/// repeated calls).
inline void sodium_ready() {
  static const int status = sodium_init();
  if (status < 0) throw Error("libsodium could not be initialised");
}

inline constexpr std::string_view signature_domain = "fepipe-model-signature v1 ed25519 blake2b-512";
inline constexpr std::size_t signed_message_bytes =
    signature_domain.size() + 1 + signature_key_bytes + crypto_generichash_BYTES_MAX;

/// The message that is signed for `body` and `key` (see the file comment).
inline std::array<unsigned char, signed_message_bytes> signed_message(
    std::string_view body, const std::array<std::uint8_t, signature_key_bytes>& key) {
  std::array<unsigned char, signed_message_bytes> m{};
  std::size_t at = 0;
  for (char c : signature_domain) m[at++] = static_cast<unsigned char>(c);
  m[at++] = 0;
  for (std::uint8_t b : key) m[at++] = b;
  if (crypto_generichash(m.data() + at, crypto_generichash_BYTES_MAX, reinterpret_cast<const unsigned char*>(body.data()),
                         body.size(), nullptr, 0) != 0)
    throw Error("libsodium: hashing failed");
  return m;
}

/// Decodes exactly N bytes of hex (either case) in constant time, for key
/// material; false on any other input.
template <std::size_t N>
bool key_from_hex(std::string_view hex, std::array<std::uint8_t, N>& out) noexcept {
  if (hex.size() != 2 * N) return false;
  std::size_t len = 0;
  return sodium_hex2bin(out.data(), N, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == N;
}

/// The trimmed text of a small key file; fepipe::Error naming the path if
/// it cannot be read, ParameterError if it is too long to be a key file.
inline std::string read_key_file(const std::filesystem::path& path) {
  check_regular_file(path, "key file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open key file '" + path.string() + "'");
  constexpr std::size_t max_bytes = 4096;
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw Error("cannot read key file '" + path.string() + "'");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_bytes) throw ParameterError("key file '" + path.string() + "' is too large to be a key file");
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  text.resize(end == std::string::npos ? 0 : end + 1);
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? std::string() : text.substr(begin);
}

/// The hex of a key file whose text is `header` followed by the hex.
inline std::string_view key_file_hex(std::string_view text, std::string_view header, const std::filesystem::path& path) {
  if (text.substr(0, header.size()) != header)
    throw ParameterError("key file '" + path.string() + "' does not start with '" + std::string(header) + "'");
  return text.substr(header.size());
}

inline constexpr std::string_view public_key_header = "fepipe-public-key v1 ed25519 ";
inline constexpr std::string_view secret_key_header = "fepipe-secret-key v1 ed25519 ";

}  // namespace detail

/// An Ed25519 public key: what a loader trusts. Its key id, printed in
/// trailers and error messages, is its lowercase hex (64 digits).
class PublicKey {
 public:
  static constexpr std::size_t size = detail::signature_key_bytes;

  /// From the 32 raw bytes; ParameterError unless they are a valid Ed25519
  /// public key (a canonical point of the main subgroup, not of small order).
  static PublicKey from_bytes(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != size)
      throw ParameterError("public key: " + std::to_string(bytes.size()) + " bytes, an Ed25519 key has " +
                           std::to_string(size));
    std::array<std::uint8_t, size> key{};
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return PublicKey(key);
  }
  /// From 64 hex digits (either case).
  static PublicKey from_hex(std::string_view hex) {
    std::array<std::uint8_t, size> key{};
    if (!detail::key_from_hex(hex, key))
      throw ParameterError("public key: expected " + std::to_string(2 * size) + " hex digits, got " +
                           std::to_string(hex.size()) + " characters");
    return PublicKey(key);
  }
  /// Reads a file written by save(): `fepipe-public-key v1 ed25519 <hex>`.
  static PublicKey load(const std::filesystem::path& path) {
    const std::string text = detail::read_key_file(path);
    try {
      return from_hex(detail::key_file_hex(text, detail::public_key_header, path));
    } catch (const ParameterError& e) {
      if (std::string_view(e.what()).find(path.string()) != std::string_view::npos) throw;
      throw ParameterError("key file '" + path.string() + "': " + e.what());
    }
  }
  /// Writes the key file (atomically, mode 0644: a public key is public).
  void save(const std::filesystem::path& path) const {
    detail::write_file_atomically(path, std::string(detail::public_key_header) + to_hex() + "\n", 0644);
  }

  const std::array<std::uint8_t, size>& bytes() const noexcept { return key_; }
  std::string to_hex() const { return detail::to_lower_hex(key_.data(), key_.size()); }
  /// The key id: its hex, as in signature trailers and error messages.
  std::string id() const { return to_hex(); }

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  friend class SigningKey;
  explicit PublicKey(const std::array<std::uint8_t, size>& key) : key_(key) {
    detail::sodium_ready();
    if (crypto_core_ed25519_is_valid_point(key_.data()) != 1)
      throw ParameterError("public key " + to_hex() + " is not a valid Ed25519 public key");
  }
  std::array<std::uint8_t, size> key_{};
};

/// An Ed25519 secret key: what signs. Its portable form is the 32-byte seed
/// (RFC 8032's private key), as raw bytes or 64 hex digits. The memory that
/// holds it is wiped when the object is destroyed. Keep secret key files
/// out of version control and readable by their owner only (save() writes
/// them with mode 0600).
class SigningKey {
 public:
  static constexpr std::size_t seed_size = crypto_sign_SEEDBYTES;

  /// A new random key pair (libsodium's CSPRNG).
  static SigningKey generate() {
    detail::sodium_ready();
    SigningKey k;
    std::array<std::uint8_t, PublicKey::size> pk{};
    crypto_sign_keypair(pk.data(), k.sk_.data());
    return k;
  }
  /// From the 32-byte seed, or from libsodium's 64-byte secret key (seed
  /// then public key; the halves must agree).
  static SigningKey from_bytes(std::span<const std::uint8_t> bytes) {
    detail::sodium_ready();
    if (bytes.size() != seed_size && bytes.size() != crypto_sign_SECRETKEYBYTES)
      throw ParameterError("signing key: " + std::to_string(bytes.size()) + " bytes, expected a " +
                           std::to_string(seed_size) + "-byte seed or a " +
                           std::to_string(crypto_sign_SECRETKEYBYTES) + "-byte libsodium secret key");
    SigningKey k;
    std::array<std::uint8_t, PublicKey::size> pk{};
    crypto_sign_seed_keypair(pk.data(), k.sk_.data(), bytes.data());
    if (bytes.size() == crypto_sign_SECRETKEYBYTES &&
        sodium_memcmp(pk.data(), bytes.data() + seed_size, PublicKey::size) != 0)
      throw ParameterError("signing key: the public half of the 64-byte secret key does not match its seed");
    return k;
  }
  /// From 64 hex digits (either case) of the seed.
  static SigningKey from_hex(std::string_view hex) {
    std::array<std::uint8_t, seed_size> seed{};
    if (!detail::key_from_hex(hex, seed))
      throw ParameterError("signing key: expected " + std::to_string(2 * seed_size) + " hex digits, got " +
                           std::to_string(hex.size()) + " characters");
    SigningKey k = from_bytes(seed);
    sodium_memzero(seed.data(), seed.size());
    return k;
  }
  /// Reads a file written by save(): `fepipe-secret-key v1 ed25519 <hex>`.
  static SigningKey load(const std::filesystem::path& path) {
    std::string text = detail::read_key_file(path);
    struct Wipe {
      std::string& s;
      ~Wipe() { sodium_memzero(s.data(), s.size()); }
    } wipe{text};
    try {
      return from_hex(detail::key_file_hex(text, detail::secret_key_header, path));
    } catch (const ParameterError& e) {
      if (std::string_view(e.what()).find(path.string()) != std::string_view::npos) throw;
      throw ParameterError("key file '" + path.string() + "': " + e.what());
    }
  }
  /// Writes the secret key file atomically, readable and writable by its
  /// owner only (mode 0600 on POSIX systems). Refuses to replace an
  /// existing file unless `overwrite`: losing a secret key by accident
  /// would orphan every file it signed.
  void save(const std::filesystem::path& path, bool overwrite = false) const {
    std::error_code ec;
    if (!overwrite && std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found)
      throw Error("cannot write key file '" + path.string() + "': it exists (pass overwrite = true to replace it)");
    std::string text = std::string(detail::secret_key_header) + to_hex() + "\n";
    try {
      detail::write_file_atomically(path, text, 0600);
    } catch (...) {
      sodium_memzero(text.data(), text.size());
      throw;
    }
    sodium_memzero(text.data(), text.size());
  }

  /// The 32-byte seed: the secret itself.
  std::array<std::uint8_t, seed_size> to_bytes() const noexcept {
    std::array<std::uint8_t, seed_size> seed{};
    crypto_sign_ed25519_sk_to_seed(seed.data(), sk_.data());
    return seed;
  }
  /// The seed as 64 lowercase hex digits: the secret itself.
  std::string to_hex() const {
    std::array<std::uint8_t, seed_size> seed = to_bytes();
    std::string hex = detail::to_lower_hex(seed.data(), seed.size());
    sodium_memzero(seed.data(), seed.size());
    return hex;
  }
  PublicKey public_key() const {
    std::array<std::uint8_t, PublicKey::size> pk{};
    crypto_sign_ed25519_sk_to_pk(pk.data(), sk_.data());
    return PublicKey(pk);
  }
  /// The key id of the public key.
  std::string id() const { return public_key().id(); }

  /// Signs `message` (detached signature), for sign_model_bytes.
  std::array<std::uint8_t, detail::signature_sig_bytes> sign(std::span<const unsigned char> message) const {
    std::array<std::uint8_t, detail::signature_sig_bytes> sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), sk_.data());
    return sig;
  }

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey() { sodium_memzero(sk_.data(), sk_.size()); }

 private:
  SigningKey() = default;
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk_{};  // libsodium's layout: seed, then public key
};

/// The public keys a loader accepts signatures from. Several keys make key
/// rotation possible: trust the old and the new key while files signed by
/// either are in use, then drop the old one.
class TrustedKeys {
 public:
  TrustedKeys() = default;
  TrustedKeys(std::initializer_list<PublicKey> keys) {
    for (const PublicKey& k : keys) add(k);
  }
  explicit TrustedKeys(const std::vector<PublicKey>& keys) {
    for (const PublicKey& k : keys) add(k);
  }

  /// Adds a key (a key already trusted is not added twice).
  TrustedKeys& add(const PublicKey& key) {
    if (!contains(key)) keys_.push_back(key);
    return *this;
  }
  /// Adds the key of a public key file (PublicKey::load).
  TrustedKeys& add_file(const std::filesystem::path& path) { return add(PublicKey::load(path)); }

  bool contains(const PublicKey& key) const noexcept { return find(key.bytes()) != nullptr; }
  /// The trusted key with these bytes, or nullptr.
  const PublicKey* find(const std::array<std::uint8_t, PublicKey::size>& key) const noexcept {
    for (const PublicKey& k : keys_)
      if (k.bytes() == key) return &k;
    return nullptr;
  }
  std::size_t size() const noexcept { return keys_.size(); }
  bool empty() const noexcept { return keys_.empty(); }
  const std::vector<PublicKey>& keys() const noexcept { return keys_; }

 private:
  std::vector<PublicKey> keys_;
};

namespace detail {

/// Checks the trailer of `bytes` against `trusted` without parsing the
/// model: returns the trusted key that signed the body, or throws
/// ModelFormatError saying why not (ParameterError if `trusted` is empty).
inline const PublicKey& verify_signature(std::string_view bytes, const TrustedKeys& trusted, std::string_view& body) {
  sodium_ready();
  if (trusted.empty()) throw ParameterError("verifying a model file: no trusted keys given (nothing could be accepted)");
  const SignatureInspection split = inspect_signature_trailer(bytes);
  const std::string required =
      "; a signature by a trusted key is required (" + std::to_string(trusted.size()) + " trusted)";
  if (!split.defect.empty()) throw_model_format(split.defect + required);
  if (!split.trailer) throw_model_format("not signed: the file has no signature trailer" + required);
  const SignatureTrailer& t = *split.trailer;
  const PublicKey* key = trusted.find(t.key);
  if (!key)
    throw_model_format("signed by key " + to_lower_hex(t.key.data(), t.key.size()) +
                       ", which is not a trusted key (" + std::to_string(trusted.size()) + " trusted)");
  const auto message = signed_message(split.body, t.key);
  if (crypto_sign_verify_detached(t.sig.data(), message.data(), message.size(), t.key.data()) != 0)
    throw_model_format("bad signature: the signature by key " + key->id() +
                       " does not verify (the file was changed after it was signed, or the signature was not "
                       "made for it)");
  body = split.body;
  return *key;
}

}  // namespace detail

/// `bytes` (an unsigned model file) followed by the signature trailer of
/// `key`. Refuses (fepipe::Error) bytes that already carry a trailer or
/// claim one: a file carries one signature; to re-sign, sign the body
/// (strip_model_signature).
inline std::string sign_model_bytes(std::string_view bytes, const SigningKey& key) {
  detail::sodium_ready();
  if (bytes.empty()) throw Error("cannot sign an empty model file");
  const detail::SignatureInspection split = detail::inspect_signature_trailer(bytes);
  if (split.trailer)
    throw Error("cannot sign: the bytes already carry a signature trailer (key " +
                detail::to_lower_hex(split.trailer->key.data(), split.trailer->key.size()) +
                "); sign the unsigned bytes (strip_model_signature)");
  if (!split.defect.empty() && !detail::is_intact_binary_model(bytes))
    throw Error("cannot sign: the bytes end with what looks like a signature trailer (" + split.defect + ")");
  detail::SignatureTrailer t;
  t.key = key.public_key().bytes();
  const auto message = detail::signed_message(bytes, t.key);
  t.sig = key.sign(message);
  std::string out;
  out.reserve(bytes.size() + detail::signature_trailer_bytes);
  out.append(bytes);
  out += detail::format_signature_trailer(t);
  return out;
}

/// The bytes a signed file's trailer covers (the whole input when it has no
/// trailer). Does **not** verify the signature: for re-signing with another
/// key, or inspecting. ModelFormatError if the trailer is malformed.
inline std::string_view strip_model_signature(std::string_view bytes) { return detail::unverified_body(bytes); }

/// The model file's bytes in `format`, signed by `key`.
template <class Model>
std::string save_model_to_string(const Model& model, const SigningKey& key, ModelFormat format = ModelFormat::json) {
  if (format == ModelFormat::automatic) format = ModelFormat::json;
  return sign_model_bytes(save_model_to_string(model, format), key);
}

/// Saves `model` to `path` atomically, signed by `key`. Format automatic:
/// ".json" → JSON, otherwise portable binary.
template <class Model>
void save_model(const Model& model, const std::filesystem::path& path, const SigningKey& key,
                ModelFormat format = ModelFormat::automatic) {
  if (format == ModelFormat::automatic) format = detail::format_for_path(path);
  detail::write_file_atomically(path, sign_model_bytes(save_model_to_string(model, format), key));
}

/// Checks that `bytes` carry a valid signature by one of `trusted` and
/// returns that key; parses nothing. ModelFormatError if the file is over
/// the size limit, unsigned, its trailer malformed or truncated, its key
/// not trusted, or its signature bad; ParameterError if `trusted` is empty.
inline PublicKey verify_model_bytes(std::string_view bytes, const TrustedKeys& trusted, const LoadLimits& limits = {}) {
  detail::check_file_size(bytes, limits);
  std::string_view body;
  return detail::verify_signature(bytes, trusted, body);
}

/// verify_model_bytes on the file at `path` (errors name the path).
inline PublicKey verify_model_file(const std::filesystem::path& path, const TrustedKeys& trusted,
                                   const LoadLimits& limits = {}) {
  const std::string bytes = detail::read_file_bytes(path, limits.max_file_bytes);
  try {
    return verify_model_bytes(bytes, trusted, limits);
  } catch (const ModelFormatError& e) {
    throw ModelFormatError("'" + path.string() + "': " + e.what());
  }
}

/// Loads a signed model from a file's bytes into `model`, after checking
/// that one of `trusted` signed it (verify_model_bytes): an unsigned,
/// tampered or foreign file is refused before any of it is parsed. On error
/// `model` is left unchanged.
template <class Model>
void load_model_from_memory(std::string_view bytes, Model& model, const TrustedKeys& trusted,
                            const LoadLimits& limits = {}) {
  detail::check_file_size(bytes, limits);
  std::string_view body;
  detail::verify_signature(bytes, trusted, body);
  detail::load_model_body(body, model, limits);
}

/// Loads a model of type Model from `path`, which must be signed by one of
/// `trusted` (see load_model_from_memory above).
template <class Model>
std::remove_cvref_t<Model> load_model(const std::filesystem::path& path, const TrustedKeys& trusted,
                                      const LoadLimits& limits = {}) {
  const std::string bytes = detail::read_file_bytes(path, limits.max_file_bytes);
  std::remove_cvref_t<Model> model{};
  try {
    load_model_from_memory(bytes, model, trusted, limits);
  } catch (const ModelFormatError& e) {
    throw ModelFormatError("'" + path.string() + "': " + e.what());
  }
  return model;
}

FEPIPE_NAMESPACE_END
