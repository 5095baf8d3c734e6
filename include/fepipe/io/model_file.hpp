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
/// is bounded and JSON numbers are re-read exactly before parsing, every
/// length is checked against the bytes left before anything is allocated,
/// enums/bools/integers are range-checked, and loading into a different
/// Pipeline type names the first differing step.
/// Every failure is a ModelFormatError. NaN is stored as one canonical quiet
/// NaN (JSON cannot carry a NaN's sign or payload). Saving writes a temporary file,
/// flushes it to disk and renames it, so a crash never leaves a partial model.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ios>
#include <random>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/archive.hpp"
#include "fepipe/io/detail/json_prescan.hpp"

#if __has_include(<unistd.h>) && __has_include(<fcntl.h>)
#include <fcntl.h>
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

/// Bounds applied while loading untrusted files.
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

template <class Model>
std::vector<std::string> model_step_types() {
  if constexpr (requires { Model::step_type_names(); })
    return Model::step_type_names();
  else
    return {std::string(Model::type_name)};
}

template <class Archive, class Model>
void write_envelope(Archive& ar, const Model& model) {
  std::string format(model_format_name);
  std::uint32_t format_version = FEPIPE_MODEL_FORMAT_VERSION;
  std::string library_version = FEPIPE_VERSION_STRING;
  std::vector<std::string> steps = model_step_types<Model>();
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
  const auto expected = model_step_types<Model>();
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

inline std::string read_file_bytes(const std::filesystem::path& path, std::size_t max_bytes) {
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

/// Writes `bytes` to `path` atomically: temporary file in the same folder,
/// flushed to disk, then renamed over the target.
inline void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::random_device rd;
  const fs::path tmp = dir / (path.filename().string() + ".tmp-" + std::to_string(rd()) + std::to_string(rd()));
  auto fail = [&](const std::string& what) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw Error("cannot write model file '" + path.string() + "': " + what);
  };
#if FEPIPE_HAS_POSIX_IO
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0644);
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

/// Loads a model from a file's bytes into `model` (whose type fixes the
/// expected steps). On error `model` is left unchanged.
template <class Model>
void load_model_from_memory(std::string_view bytes, Model& model, const LoadLimits& limits = {}) {
  if (bytes.size() > limits.max_file_bytes)
    detail::throw_model_format(std::to_string(bytes.size()) + " bytes, above the limit of " +
                               std::to_string(limits.max_file_bytes));
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) detail::throw_model_format("the file is empty");
  Model loaded{};
  if (bytes[first] == '{') {
    if (detail::json_nesting_depth(bytes, limits.max_json_depth) > limits.max_json_depth)
      detail::throw_model_format("JSON nesting deeper than " + std::to_string(limits.max_json_depth));
    const std::optional<std::string> rewritten = detail::json_with_canonical_numbers(bytes);
    const std::string_view text = rewritten ? std::string_view(*rewritten) : bytes;
    detail::guarded_load([&] {
      detail::MemoryBuf buf(text.data(), text.size());
      std::istream is(&buf);
      cereal::JSONInputArchive json(is);
      detail::LoadArchive<cereal::JSONInputArchive> ar(json, nullptr, bytes.size());
      detail::read_envelope(ar, loaded);
    });
  } else {
    if (bytes.size() < detail::checksum_bytes + 1) detail::throw_model_format("too short to be a model file");
    const std::string_view body = bytes.substr(0, bytes.size() - detail::checksum_bytes);
    std::uint64_t stored = 0;
    for (std::size_t i = 0; i < detail::checksum_bytes; ++i)
      stored |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[body.size() + i])) << (8 * i);
    if (stored != detail::fnv1a64(body))
      detail::throw_model_format("checksum mismatch: the file is truncated or corrupted");
    detail::guarded_load([&] {
      detail::MemoryBuf buf(body.data(), body.size());
      std::istream is(&buf);
      cereal::PortableBinaryInputArchive bin(is);
      detail::LoadArchive<cereal::PortableBinaryInputArchive> ar(bin, &buf, bytes.size());
      detail::read_envelope(ar, loaded);
      if (buf.remaining() != 0)
        detail::throw_model_format(std::to_string(buf.remaining()) + " unexpected bytes after the model");
    });
  }
  model = std::move(loaded);
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
