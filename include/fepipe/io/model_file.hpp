#pragma once
/// @file
/// Model files: save a fitted step or pipeline, load it back anywhere.
///
/// Two encodings share one layout. JSON is readable and diffable; portable
/// binary is compact, little-endian on every host (byte-identical files) and
/// ends with a 64-bit checksum. Either starts with an envelope — format name
/// and version, library version, the ordered step type names — followed by
/// the model (a pipeline also records its input schema).
///
/// Loading treats the bytes as hostile: the file size is capped, JSON nesting
/// and the number of JSON values per byte are bounded and JSON numbers are
/// re-read exactly before parsing, every
/// length is checked against the bytes left before anything is allocated,
/// enums/bools/integers are range-checked, and loading into a different
/// Pipeline type names the first differing step.
/// Every failure is a ModelFormatError. NaN is stored as one canonical quiet
/// NaN (JSON cannot carry a NaN's sign or payload).
///
/// Integrity, not authenticity: the binary checksum catches accidental
/// corruption, not an adversary, and JSON has none. A file may carry an
/// Ed25519 signature trailer (fepipe/io/signing.hpp writes and verifies it,
/// detail/signature_trailer.hpp describes it). The loaders here take no keys
/// and do **not** verify a signature: they strip a well-formed trailer and
/// load what it signs, and refuse a file whose last line claims a trailer
/// but is not exactly one. To refuse files that were not signed by a key you
/// trust, load through signing.hpp's overloads. The size limit applies to
/// the whole file, trailer included; the bounds derived from the file's size
/// use the signed body only.
///
/// Saving writes a temporary file `<name>.tmp-<pid>-<random>` in the
/// target's folder, flushes it to disk and renames it over the target, so a
/// crash never leaves a partial model. A process killed mid-save leaves its
/// temporary behind; the next save to the same target removes the stale
/// ones (see detail::remove_stale_temporaries for the rule: never a file a
/// live process may still be writing).

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/archive.hpp"
#include "fepipe/io/detail/json_prescan.hpp"
#include "fepipe/io/detail/signature_trailer.hpp"

#if __has_include(<unistd.h>) && __has_include(<fcntl.h>)
#include <fcntl.h>
#include <signal.h>  // kill(pid, 0): is a temporary file's writer alive?
#include <sys/types.h>
#include <unistd.h>
#define FEPIPE_HAS_POSIX_IO 1
#else
#define FEPIPE_HAS_POSIX_IO 0
#endif

FEPIPE_NAMESPACE_BEGIN

/// Encoding of a model file.
enum class ModelFormat : std::uint8_t {
  json,
  binary,
  /// Saving: ".json" → JSON, anything else → binary. Loading: detected from
  /// the content.
  automatic,
};

/// Bounds applied while loading untrusted files. `max_file_bytes` counts
/// every byte of the file, a signature trailer included.
struct LoadLimits {
  std::size_t max_file_bytes = std::size_t{256} << 20;
  std::size_t max_json_depth = 64;
};

inline constexpr std::string_view model_format_name = "fepipe-model";

namespace detail {

inline constexpr std::size_t checksum_bytes = 8;

/// FNV-1a 64 over the file body: detects truncation and bit rot in binary
/// files (not an authenticity check: hostile files are bounded separately).
inline std::uint64_t fnv1a64(std::string_view bytes) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// The step types an envelope lists: a pipeline's, or a single class's. A
/// model whose steps are chosen at run time (DynamicPipeline) answers for
/// the instance.
template <class Model>
std::vector<std::string> model_step_types(const Model& model) {
  if constexpr (requires { model.step_type_names(); })
    return model.step_type_names();
  else
    return {std::string(Model::type_name)};
}

template <class Archive, class Model>
void write_envelope(Archive& ar, const Model& model) {
  std::string format(model_format_name);
  std::uint32_t format_version = FEPIPE_MODEL_FORMAT_VERSION;
  std::string library_version = FEPIPE_VERSION_STRING;
  std::vector<std::string> steps = model_step_types(model);
  ar(make_nvp("format", format), make_nvp("format_version", format_version),
     make_nvp("library_version", library_version), make_nvp("steps", steps));
  ar.named("model", model);
}

template <class Archive, class Model>
void read_envelope(Archive& ar, Model& model) {
  std::string format;
  ar(make_nvp("format", format));
  if (format != model_format_name) throw_model_format("not a fepipe model (format is " + quote_label(format) + ")");
  std::uint32_t format_version = 0;
  ar(make_nvp("format_version", format_version));
  if (format_version == 0 || format_version > FEPIPE_MODEL_FORMAT_VERSION)
    throw_model_format("format version " + std::to_string(format_version) + " is not supported by fepipe " +
                       FEPIPE_VERSION_STRING + " (it reads up to " + std::to_string(FEPIPE_MODEL_FORMAT_VERSION) + ")");
  std::string library_version;
  std::vector<std::string> steps;
  ar(make_nvp("library_version", library_version), make_nvp("steps", steps));
  // A model whose steps are chosen at run time builds them from the list
  // (bounding and checking it) before the model is read; others must match it.
  if constexpr (requires { model.adopt_step_types(steps); }) model.adopt_step_types(steps);
  const auto expected = model_step_types(model);
  for (std::size_t i = 0; i < std::max(steps.size(), expected.size()); ++i) {
    const std::string f = i < steps.size() ? steps[i] : "(nothing)";
    const std::string e = i < expected.size() ? expected[i] : "(nothing)";
    if (f != e)
      throw_model_format("step " + std::to_string(i) + " is " + quote_label(f) + " in the file (" +
                         std::to_string(steps.size()) + " steps), but the model type expects " + quote_label(e) +
                         " (" + std::to_string(expected.size()) + " steps)");
  }
  ar.named("model", model);
}

/// Runs a load, turning every failure that is not already a ModelFormatError
/// into one: a file must never surface as a cereal or standard exception.
template <class F>
void guarded_load(F&& load) {
  try {
    load();
  } catch (const ModelFormatError&) {
    throw;
  } catch (const Error& e) {
    throw_model_format(std::string("invalid content: ") + e.what());
  } catch (const cereal::Exception& e) {
    throw_model_format(std::string("malformed: ") + e.what());
  } catch (const std::bad_alloc&) {
    throw_model_format("malformed: allocation failed while loading");
  } catch (const std::exception& e) {
    throw_model_format(std::string("malformed: ") + e.what());
  }
}

/// Throws fepipe::Error, naming the path, unless `path` is a regular file
/// (after symbolic links) that can be read: a directory, a device or a FIFO
/// (which would block the open) is refused before it is opened.
inline void check_regular_file(const std::filesystem::path& path, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  const std::string prefix = "cannot open " + what + " '" + path.string() + "': ";
  if (st.type() == fs::file_type::not_found) throw Error(prefix + "no such file");
  if (ec) throw Error(prefix + ec.message());
  if (fs::is_directory(st)) throw Error(prefix + "it is a directory, not a file");
  if (!fs::is_regular_file(st)) throw Error(prefix + "not a regular file");
}

/// The file's bytes. The size limit is checked before anything is allocated.
inline std::string read_file_bytes(const std::filesystem::path& path, std::size_t max_bytes) {
  check_regular_file(path, "model file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open model file '" + path.string() + "'");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw Error("cannot read model file '" + path.string() + "'");
  if (static_cast<std::uint64_t>(size) > max_bytes)
    throw_model_format("'" + path.string() + "' has " + std::to_string(size) + " bytes, above the limit of " +
                       std::to_string(max_bytes));
  in.seekg(0, std::ios::beg);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(bytes.data(), size)) throw Error("cannot read model file '" + path.string() + "'");
  return bytes;
}

// --- temporary files of a save ----------------------------------------------
//
// A save writes `<target filename>.tmp-<pid>-<16 hex digits>` next to the
// target and renames it over the target. A process killed mid-save leaves
// that file behind; the next save to the same target removes such leftovers
// (remove_stale_temporaries). Several processes, or threads, may be saving
// the same target at once, so a temporary is removed only when its writer
// cannot still be writing it:
//  - its writer process is gone (POSIX: kill(pid, 0) fails with ESRCH) and
//    it has not been modified for stale_temp_dead_writer_age. The age guards
//    against pids that mean nothing here: a writer on another host sharing
//    the folder, or in another pid namespace (container), looks gone;
//  - or it has not been modified for stale_temp_max_age, whoever wrote it
//    (no save takes that long; this also covers the names of fepipe versions
//    that did not record the pid, and systems without kill()).
// A temporary of a live process (this one's included: another thread may be
// saving) is never removed before stale_temp_max_age. If a writer's
// temporary were removed all the same, its rename would fail and its save
// would throw: the target is never left partial. Cleaning is best effort and
// never makes a save fail. Only regular files whose names match the pattern
// exactly are touched, never symbolic links or other targets' temporaries.

inline constexpr std::string_view temp_infix = ".tmp-";
inline constexpr std::chrono::seconds stale_temp_dead_writer_age{600};
inline constexpr std::chrono::seconds stale_temp_max_age{24 * 3600};

inline std::int64_t current_pid() noexcept {
#if FEPIPE_HAS_POSIX_IO
  return static_cast<std::int64_t>(::getpid());
#else
  return 0;
#endif
}

/// True only when the process `pid` certainly does not exist here.
inline bool temp_writer_gone(std::int64_t pid) noexcept {
#if FEPIPE_HAS_POSIX_IO && !defined(__EMSCRIPTEN__)
  if (pid <= 0 || pid > static_cast<std::int64_t>(std::numeric_limits<pid_t>::max())) return false;
  const int saved = errno;
  const bool gone = ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;  // EPERM: alive, not ours
  errno = saved;
  return gone;
#else
  (void)pid;  // no processes to ask (Windows, WebAssembly): the age rule only
  return false;
#endif
}

/// The writer's pid of a temporary named `<filename>.tmp-<rest>`: `<pid>-<16
/// hex digits>` gives the pid; the decimal digits alone of older fepipe
/// versions give 0 (writer unknown); any other name is not a temporary of
/// this target (nullopt), e.g. a temporary of a target named "m.tmp-x".
inline std::optional<std::int64_t> temp_writer_pid(std::string_view rest) noexcept {
  auto all = [](std::string_view s, auto pred) {
    if (s.empty()) return false;
    for (char c : s)
      if (!pred(c)) return false;
    return true;
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  const std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos) {
    if (all(rest, digit)) return std::int64_t{0};
    return std::nullopt;
  }
  const std::string_view pid = rest.substr(0, dash), random = rest.substr(dash + 1);
  if (!all(pid, digit) || pid.size() > 10 || random.size() != 16 || !all(random, hex)) return std::nullopt;
  std::int64_t value = 0;  // at most 10 digits: no overflow
  for (char c : pid) value = value * 10 + (c - '0');
  return value;
}

/// Removes the stale temporaries of saves to `dir/filename` (rule above).
inline void remove_stale_temporaries(const std::filesystem::path& dir, const std::string& filename) noexcept {
  namespace fs = std::filesystem;
  try {
    const std::string prefix = filename + std::string(temp_infix);
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
      const std::optional<std::int64_t> pid = temp_writer_pid(std::string_view(name).substr(prefix.size()));
      if (!pid) continue;
      std::error_code e;
      if (!fs::is_regular_file(it->symlink_status(e)) || e) continue;
      const auto modified = fs::last_write_time(it->path(), e);
      if (e) continue;
      const auto age = now - modified;
      const bool stale = age >= stale_temp_max_age ||
                         (age >= stale_temp_dead_writer_age && *pid != current_pid() && temp_writer_gone(*pid));
      if (stale) fs::remove(it->path(), e);  // another saver may have removed it first: fine
    }
  } catch (...) {
    // Best effort: a folder that cannot be listed must not make the save fail.
  }
}

/// Writes `bytes` to `path` atomically: temporary file in the same folder,
/// flushed to disk, then renamed over the target. `mode` is the new file's
/// POSIX permission bits (before the umask); 0600 for secret keys.
inline void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, unsigned mode = 0644) {
  namespace fs = std::filesystem;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  remove_stale_temporaries(dir, path.filename().string());
  std::random_device rd;
  const std::uint64_t random = (std::uint64_t{rd()} << 32) ^ rd();
  std::string random_hex(16, '0');
  for (std::size_t i = 0; i < 16; ++i) random_hex[i] = "0123456789abcdef"[(random >> (60 - 4 * i)) & 0xF];
  const fs::path tmp =
      dir / (path.filename().string() + std::string(temp_infix) + std::to_string(current_pid()) + "-" + random_hex);
  auto fail = [&](const std::string& what) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw Error("cannot write model file '" + path.string() + "': " + what);
  };
#if FEPIPE_HAS_POSIX_IO
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, static_cast<mode_t>(mode));
  if (fd < 0) throw Error("cannot write model file '" + path.string() + "': " + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = std::strerror(errno);
      ::close(fd);
      fail(err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    fail(err);
  }
  if (::close(fd) != 0) fail(std::strerror(errno));
#else
  (void)mode;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write model file '" + path.string() + "'");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) fail("write failed");
  }
#endif
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fail(ec.message());
#if FEPIPE_HAS_POSIX_IO
  // Persist the rename itself (the directory entry).
  const int dfd = ::open(dir.c_str(), O_RDONLY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
#endif
}

inline ModelFormat format_for_path(const std::filesystem::path& path) {
  return path.extension() == ".json" ? ModelFormat::json : ModelFormat::binary;
}

}  // namespace detail

/// The model file's bytes, in the given format (JSON by default). JSON
/// cannot keep a string that holds a NUL byte (a label read from binary
/// data, say): such a model throws fepipe::Error in JSON; binary keeps it.
template <class Model>
std::string save_model_to_string(const Model& model, ModelFormat format = ModelFormat::json) {
  std::ostringstream os(std::ios::binary);
  if (format == ModelFormat::json) {
    {
      cereal::JSONOutputArchive json(os, cereal::JSONOutputArchive::Options(
                                             324, cereal::JSONOutputArchive::Options::IndentChar::space, 1));
      detail::SaveArchive<cereal::JSONOutputArchive> ar(json);
      detail::write_envelope(ar, model);
    }
    os << '\n';
    return std::move(os).str();
  }
  {
    cereal::PortableBinaryOutputArchive bin(os, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    detail::SaveArchive<cereal::PortableBinaryOutputArchive> ar(bin);
    detail::write_envelope(ar, model);
  }
  std::string bytes = std::move(os).str();
  std::uint64_t sum = detail::fnv1a64(bytes);
  for (std::size_t i = 0; i < detail::checksum_bytes; ++i) bytes.push_back(static_cast<char>((sum >> (8 * i)) & 0xFF));
  return bytes;
}

namespace detail {

/// Refuses bytes above the size limit (the whole file: a trailer counts).
inline void check_file_size(std::string_view bytes, const LoadLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    throw_model_format(std::to_string(bytes.size()) + " bytes, above the limit of " +
                       std::to_string(limits.max_file_bytes));
}

/// True if `bytes` is a whole unsigned binary model file: its last 8 bytes
/// are the checksum of the rest. Such a file is never taken for a signed
/// one, whatever the text at its end (see signature_trailer.hpp).
inline bool is_intact_binary_model(std::string_view bytes) noexcept {
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || bytes[first] == '{' || bytes.size() < checksum_bytes + 1) return false;
  const std::string_view payload = bytes.substr(0, bytes.size() - checksum_bytes);
  std::uint64_t stored = 0;
  for (std::size_t i = 0; i < checksum_bytes; ++i)
    stored |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[payload.size() + i])) << (8 * i);
  return stored == fnv1a64(payload);
}

/// The bytes a file's signature trailer would cover, the trailer not
/// verified: the whole file when it has none. A file that claims a trailer
/// it does not have whole, or carries two, is a ModelFormatError.
inline std::string_view unverified_body(std::string_view bytes) {
  SignatureInspection split = inspect_signature_trailer(bytes);
  if (!split.defect.empty() && !is_intact_binary_model(bytes)) throw_model_format(split.defect);
  return split.body;
}

/// Parses an unsigned model file (a signed file's body) into `model`, which
/// is left unchanged on error. Sanity bounds scale with the body's size: a
/// trailer does not widen them.
template <class Model>
void load_model_body(std::string_view bytes, Model& model, const LoadLimits& limits) {
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) throw_model_format("the file is empty");
  Model loaded{};
  if (bytes[first] == '{') {
    check_json_structure(bytes, limits.max_json_depth);
    const std::optional<std::string> rewritten = json_with_canonical_numbers(bytes);
    const std::string_view text = rewritten ? std::string_view(*rewritten) : bytes;
    guarded_load([&] {
      MemoryBuf buf(text.data(), text.size());
      std::istream is(&buf);
      cereal::JSONInputArchive json(is);
      LoadArchive<cereal::JSONInputArchive> ar(json, nullptr, bytes.size());
      read_envelope(ar, loaded);
    });
  } else {
    if (bytes.size() < checksum_bytes + 1) throw_model_format("too short to be a model file");
    const std::string_view payload = bytes.substr(0, bytes.size() - checksum_bytes);
    std::uint64_t stored = 0;
    for (std::size_t i = 0; i < checksum_bytes; ++i)
      stored |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[payload.size() + i])) << (8 * i);
    if (stored != fnv1a64(payload)) throw_model_format("checksum mismatch: the file is truncated or corrupted");
    guarded_load([&] {
      MemoryBuf buf(payload.data(), payload.size());
      std::istream is(&buf);
      cereal::PortableBinaryInputArchive bin(is);
      LoadArchive<cereal::PortableBinaryInputArchive> ar(bin, &buf, bytes.size());
      read_envelope(ar, loaded);
      if (buf.remaining() != 0)
        throw_model_format(std::to_string(buf.remaining()) + " unexpected bytes after the model");
    });
  }
  model = std::move(loaded);
}

}  // namespace detail

/// Loads a model from a file's bytes into `model` (whose type fixes the
/// expected steps). On error `model` is left unchanged.
///
/// A signed file loads too, but its signature is **not verified**: a
/// well-formed trailer is stripped and the bytes before it are loaded,
/// whoever signed them (a last line that claims a trailer but is not
/// exactly one is a ModelFormatError). To require a trusted signature, use
/// the overload of fepipe/io/signing.hpp that takes TrustedKeys.
template <class Model>
void load_model_from_memory(std::string_view bytes, Model& model, const LoadLimits& limits = {}) {
  detail::check_file_size(bytes, limits);
  detail::load_model_body(detail::unverified_body(bytes), model, limits);
}

/// Saves `model` to `path` atomically. Format automatic: ".json" → JSON,
/// otherwise portable binary.
template <class Model>
void save_model(const Model& model, const std::filesystem::path& path, ModelFormat format = ModelFormat::automatic) {
  if (format == ModelFormat::automatic) format = detail::format_for_path(path);
  detail::write_file_atomically(path, save_model_to_string(model, format));
}

/// Loads a model of type Model from `path` (format detected from content).
/// `load_model<decltype(pipeline)>(path)` works for const pipelines too.
/// A path that is missing, a directory or not a regular file is a
/// fepipe::Error naming it. Like load_model_from_memory, this does not
/// verify a signature (see fepipe/io/signing.hpp).
template <class Model>
std::remove_cvref_t<Model> load_model(const std::filesystem::path& path, const LoadLimits& limits = {}) {
  const std::string bytes = detail::read_file_bytes(path, limits.max_file_bytes);
  std::remove_cvref_t<Model> model{};
  try {
    load_model_from_memory(bytes, model, limits);
  } catch (const ModelFormatError& e) {
    throw ModelFormatError("'" + path.string() + "': " + e.what());
  }
  return model;
}

FEPIPE_NAMESPACE_END
