#pragma once
/// @file
/// The archives handed to `serialize` functions: thin adaptors over cereal's
/// JSON and portable-binary archives that decide the on-file layout of every
/// supported type and, when loading, treat the input as hostile: every size
/// read from a binary file is checked against the bytes that remain before
/// anything is allocated; every enum, bool, narrowing and duplicate key is
/// checked. cereal's own container support is not used, because its loaders
/// resize to whatever size a file claims.

#include <algorithm>  // std::max
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <streambuf>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <cereal/archives/json.hpp>
#include <cereal/archives/portable_binary.hpp>

#include "fepipe/config.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/detail/name_lookup.hpp"
#include "fepipe/core/detail/type_traits.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// A read-only streambuf over a byte range that can tell how much is left.
class MemoryBuf : public std::streambuf {
 public:
  MemoryBuf(const char* data, std::size_t size) {
    char* p = const_cast<char*>(data);  // streambuf's API is non-const; nothing writes through it
    setg(p, p, p + size);
  }
  std::size_t remaining() const noexcept { return static_cast<std::size_t>(egptr() - gptr()); }

 protected:
  pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode) override {
    char* target = dir == std::ios_base::beg ? eback() + off : dir == std::ios_base::cur ? gptr() + off : egptr() + off;
    if (target < eback() || target > egptr()) return pos_type(off_type(-1));
    setg(eback(), target, egptr());
    return pos_type(target - eback());
  }
  pos_type seekpos(pos_type pos, std::ios_base::openmode which) override {
    return seekoff(off_type(pos), std::ios_base::beg, which);
  }
};

template <class T>
struct is_eigen_dense : std::false_type {};
template <class S, int R, int C, int O, int MR, int MC>
struct is_eigen_dense<Eigen::Matrix<S, R, C, O, MR, MC>> : std::true_type {};

template <class T>
concept VersionedClass = requires { T::serial_version; };

template <class T>
constexpr std::string_view class_label() {
  if constexpr (requires { T::type_name; })
    return T::type_name;
  else
    return "object";
}

template <class T>
std::size_t min_binary_size();

/// Adds up the smallest encoding of each member a class writes: the class's
/// serialize runs with this probe on a default-constructed object.
struct MinSizeProbe {
  static constexpr bool is_loading = false;
  static constexpr bool is_saving = true;
  std::size_t bytes = 0;
  template <class... T>
  void operator()(NameValue<T>... nv) {
    (named(nv.name, nv.value), ...);
  }
  template <class T>
  void named(const char*, const T&) {
    bytes += min_binary_size<T>();
  }
};

/// Smallest number of bytes one value of T occupies in a binary file, as
/// SaveArchive writes it; a claimed element count above remaining / this is
/// a lie. The tighter the bound, the less memory a lying count can make a
/// load allocate before the lie shows (memory per element / this: at most
/// 5 for fepipe's types, where a bound of 1 byte let a schema column claim
/// 64 bytes of memory per byte of file).
template <class T>
std::size_t min_binary_size() {
  if constexpr (std::is_same_v<T, bool>) {
    return 1;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return 8;  // integers as 64 bits, floating point as double
  } else if constexpr (std::is_enum_v<T>) {
    return 4;
  } else if constexpr (std::is_same_v<T, std::string> || is_std_vector<T>::value || is_std_optional<T>::value ||
                       is_dict<T>::value) {
    return 8;  // a 64-bit length comes first
  } else if constexpr (is_std_pair<T>::value) {
    return 8 + min_binary_size<typename T::first_type>() + min_binary_size<typename T::second_type>();
  } else if constexpr (is_eigen_dense<T>::value) {
    return 24;  // rows, cols, data length
  } else if constexpr (VersionedClass<T>) {
    // Only the version is certain: the members may differ between versions.
    return 8;
  } else {
    static const std::size_t bytes = [] {
      MinSizeProbe probe;
      T obj{};
      obj.serialize(probe);
      return std::max<std::size_t>(probe.bytes, 1);
    }();
    return bytes;
  }
}

/// Where an archive is in the model: the innermost named class and member,
/// and whether that member's numbers may be NaN or ±inf (NameValue's
/// `nonfinite`; members named any other way hold finite numbers).
struct MemberContext {
  std::string_view cls = "model";
  const char* member = "";
  bool nonfinite = false;

  std::string where() const {
    return std::string(cls) + (*member ? ": member '" + std::string(member) + "'" : std::string());
  }
};

/// Sets an archive's context for one member or object and restores it.
class ContextScope {
 public:
  ContextScope(MemberContext& ctx, MemberContext next) : ctx_(ctx), saved_(ctx) { ctx_ = next; }
  ~ContextScope() { ctx_ = saved_; }
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  MemberContext& ctx_;
  MemberContext saved_;
};

/// The context of a nested object of type T: its own label if it has one,
/// and finite numbers unless its members say otherwise.
template <class T>
MemberContext object_context(const MemberContext& outer) {
  constexpr std::string_view label = class_label<T>();
  return {label == "object" ? outer.cls : label, outer.member, false};
}

// ---------------------------------------------------------------------------
/// Writes fepipe objects to a cereal JSONOutputArchive or
/// PortableBinaryOutputArchive.
template <class Ar>
class SaveArchive {
  static constexpr bool json = std::is_same_v<Ar, cereal::JSONOutputArchive>;

 public:
  static constexpr bool is_loading = false;
  static constexpr bool is_saving = true;

  explicit SaveArchive(Ar& ar) : ar_(ar) {}

  template <class... T>
  void operator()(NameValue<T>... nv) {
    (member(nv), ...);
  }

  /// Writes `value` under `name` (the name is ignored by binary files).
  template <class T>
  void named(const char* name, const T& value) {
    if constexpr (json) ar_.setNextName(name);
    value_of(value);
  }

  /// Writes a versioned object of type T (used for steps and nested classes).
  template <class T>
  void object(const T& obj) {
    ContextScope scope(ctx_, object_context<T>(ctx_));
    begin_node();
    if constexpr (VersionedClass<T>) named("version", static_cast<std::uint32_t>(T::serial_version));
    call_serialize(const_cast<T&>(obj));
    end_node();
  }

 private:
  template <class T>
  void member(NameValue<T> nv) {
    ContextScope scope(ctx_, {ctx_.cls, nv.name, nv.nonfinite});
    named(nv.name, nv.value);
  }
  template <class T>
  void call_serialize(T& obj) {
    if constexpr (VersionedClass<T>)
      obj.serialize(*this, static_cast<std::uint32_t>(T::serial_version));
    else
      obj.serialize(*this);
  }
  void begin_node() {
    if constexpr (json) ar_.startNode();
  }
  void begin_array(std::size_t n) {
    if constexpr (json) {
      ar_.startNode();
      ar_.makeArray();
    } else {
      scalar(static_cast<std::uint64_t>(n));
    }
  }
  void end_node() {
    if constexpr (json) ar_.finishNode();
  }
  template <class T>
  void scalar(const T& v) {
    if constexpr (json) {
      ar_.writeName();
      ar_.saveValue(v);
    } else {
      ar_.template saveBinary<sizeof(T)>(&v, sizeof(T));
    }
  }

  template <class T>
  void value_of(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      if constexpr (json)
        scalar(v);
      else
        scalar(static_cast<std::uint8_t>(v ? 1 : 0));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      scalar(static_cast<std::int64_t>(v));
    } else if constexpr (std::is_integral_v<T>) {
      scalar(static_cast<std::uint64_t>(v));
    } else if constexpr (std::is_floating_point_v<T>) {
      // A file this writes must load: the loader refuses non-finite numbers
      // where the member does not allow them, so say so now, by name.
      if (!ctx_.nonfinite && !std::isfinite(v))
        throw Error("cannot save " + ctx_.where() + ": it holds " + python_float_repr(static_cast<double>(v)) +
                    ", and this member is always finite in a valid model");
      // One NaN for both formats: JSON cannot carry a NaN's sign or payload
      // (x86 makes inf - inf a negative NaN), and files must not depend on them.
      scalar(v != v ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
      if constexpr (json) {
        // cereal's JSON reader returns strings as C strings, so a NUL byte
        // would silently cut a label or column name on loading: refuse now.
        if (v.find('\0') != std::string::npos)
          throw Error("cannot save the string " + quote_label(v.substr(0, v.find('\0'))) +
                      "... as JSON: it contains a NUL byte, which JSON model files cannot keep; save in the "
                      "binary format");
        scalar(v);
      } else {
        scalar(static_cast<std::uint64_t>(v.size()));
        ar_.template saveBinary<1>(v.data(), static_cast<std::streamsize>(v.size()));
      }
    } else if constexpr (NamedEnum<T>) {
      const auto idx = static_cast<std::size_t>(v);
      if constexpr (json)
        scalar(std::string(enum_names(v).at(idx)));
      else
        scalar(static_cast<std::uint32_t>(idx));
    } else if constexpr (is_std_vector<T>::value) {
      begin_array(v.size());
      for (const auto& e : v) value_of(static_cast<const typename T::value_type&>(e));
      end_node();
    } else if constexpr (is_std_optional<T>::value) {
      begin_array(v ? 1 : 0);
      if (v) value_of(*v);
      end_node();
    } else if constexpr (is_std_pair<T>::value) {
      begin_array(2);
      value_of(v.first);
      value_of(v.second);
      end_node();
    } else if constexpr (is_dict<T>::value) {
      value_of(v.items());
    } else if constexpr (is_eigen_dense<T>::value) {
      begin_node();
      named("rows", static_cast<std::uint64_t>(v.rows()));
      named("cols", static_cast<std::uint64_t>(v.cols()));
      if constexpr (json) ar_.setNextName("data");
      begin_array(static_cast<std::size_t>(v.size()));
      for (Eigen::Index i = 0; i < v.size(); ++i) value_of(v.data()[i]);
      end_node();
      end_node();
    } else {
      object(v);
    }
  }

  Ar& ar_;
  MemberContext ctx_;
};

// ---------------------------------------------------------------------------
/// Reads what SaveArchive wrote, checking everything. `remaining` reports
/// the unread bytes of a binary file (unused for JSON, whose sizes come from
/// the already-parsed document and so are bounded by the file).
template <class Ar>
class LoadArchive {
  static constexpr bool json = std::is_same_v<Ar, cereal::JSONInputArchive>;

 public:
  static constexpr bool is_loading = true;
  static constexpr bool is_saving = false;

  LoadArchive(Ar& ar, const MemoryBuf* buf, std::size_t total_bytes)
      : ar_(ar), buf_(buf), total_bytes_(total_bytes) {}

  /// Size of the whole file: the scale for sanity bounds on loaded values.
  std::size_t total_bytes() const noexcept { return total_bytes_; }

  template <class... T>
  void operator()(NameValue<T>... nv) {
    (member(nv), ...);
  }

  template <class T>
  void named(const char* name, T& value) {
    if constexpr (json) ar_.setNextName(name);
    value_of(value);
  }

  template <class T>
  void object(T& obj) {
    ContextScope scope(ctx_, object_context<T>(ctx_));
    begin_node();
    if constexpr (VersionedClass<T>) {
      std::uint32_t version = 0;
      named("version", version);
      if (version > T::serial_version)
        throw_model_format(std::string(class_label<T>()) + " has version " + std::to_string(version) +
                           ", this build reads versions up to " + std::to_string(T::serial_version) +
                           " (upgrade fepipe)");
      if (version == 0) throw_model_format(std::string(class_label<T>()) + " has version 0, which never existed");
      obj.serialize(*this, version);
    } else {
      obj.serialize(*this);
    }
    end_node();
  }

  /// Throws ModelFormatError unless `count` elements of at least `min_bytes`
  /// each can still be in the file.
  void check_count(std::uint64_t count, std::size_t min_bytes) const {
    if constexpr (!json) {
      const std::uint64_t room = buf_ ? buf_->remaining() / min_bytes : 0;
      if (count > room)
        throw_model_format("a length field claims " + std::to_string(count) + " elements but only " +
                           std::to_string(buf_ ? buf_->remaining() : 0) + " bytes remain (truncated or corrupted)");
    }
    if (count > static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max() / 16))
      throw_model_format("a length field is too large");
  }

  /// Throws ModelFormatError unless `count` elements of `element_bytes` in
  /// memory stay within the allocation bound of the file: 8 times its size
  /// plus 4 KiB. In JSON an element can take 2 bytes of file ("0,") while
  /// its type takes 64 in memory, so the element count alone is no bound.
  void check_memory(std::uint64_t count, std::size_t element_bytes) const {
    const std::uint64_t budget = 8 * static_cast<std::uint64_t>(total_bytes_) + 4096;
    if (count > budget / element_bytes)
      throw_model_format("an array claims " + std::to_string(count) + " elements of " + std::to_string(element_bytes) +
                         " bytes, more than a file of " + std::to_string(total_bytes_) + " bytes can describe");
  }

 private:
  template <class T>
  void member(NameValue<T> nv) {
    ContextScope scope(ctx_, {ctx_.cls, nv.name, nv.nonfinite});
    named(nv.name, nv.value);
  }
  void begin_node() {
    if constexpr (json) ar_.startNode();
  }
  std::uint64_t begin_array(std::size_t min_bytes) {
    std::uint64_t n = 0;
    if constexpr (json) {
      ar_.startNode();
      cereal::size_type s = 0;
      ar_.loadSize(s);
      n = static_cast<std::uint64_t>(s);
    } else {
      scalar(n);
    }
    check_count(n, min_bytes);
    return n;
  }
  void end_node() {
    if constexpr (json) ar_.finishNode();
  }
  template <class T>
  void scalar(T& v) {
    if constexpr (json)
      ar_.loadValue(v);
    else
      ar_.template loadBinary<sizeof(T)>(&v, sizeof(T));
  }

  template <class T>
  void value_of(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      if constexpr (json) {
        scalar(v);
      } else {
        std::uint8_t b = 0;
        scalar(b);
        if (b > 1) throw_model_format("a boolean field holds " + std::to_string(b));
        v = b == 1;
      }
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      std::int64_t x = 0;
      scalar(x);
      if (x < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          x > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
        throw_model_format("an integer field holds " + std::to_string(x) + ", out of range");
      v = static_cast<T>(x);
    } else if constexpr (std::is_integral_v<T>) {
      std::uint64_t x = 0;
      scalar(x);
      if (x > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        throw_model_format("an integer field holds " + std::to_string(x) + ", out of range for this platform");
      v = static_cast<T>(x);
    } else if constexpr (std::is_floating_point_v<T>) {
      double x = 0;
      scalar(x);
      if (!ctx_.nonfinite && !std::isfinite(x))
        throw_model_format(ctx_.where() + " holds " + python_float_repr(x) +
                           ", but it is always finite in a valid model");
      v = static_cast<T>(x);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if constexpr (json) {
        scalar(v);
      } else {
        std::uint64_t n = 0;
        scalar(n);
        check_count(n, 1);
        v.resize(static_cast<std::size_t>(n));
        ar_.template loadBinary<1>(v.data(), static_cast<std::streamsize>(n));
      }
    } else if constexpr (NamedEnum<T>) {
      constexpr auto names = enum_names(T{});
      if constexpr (json) {
        std::string s;
        scalar(s);
        for (std::size_t i = 0; i < names.size(); ++i)
          if (names[i] == s) {
            v = static_cast<T>(i);
            return;
          }
        throw_model_format("unknown option value " + quote_label(s));
      } else {
        std::uint32_t i = 0;
        scalar(i);
        if (i >= names.size()) throw_model_format("an option field holds " + std::to_string(i) + ", out of range");
        v = static_cast<T>(i);
      }
    } else if constexpr (is_std_vector<T>::value) {
      using E = typename T::value_type;
      const std::uint64_t n = begin_array(min_binary_size<E>());
      check_memory(n, sizeof(E));
      v.clear();
      v.resize(static_cast<std::size_t>(n));
      for (std::size_t i = 0; i < v.size(); ++i) {
        if constexpr (std::is_same_v<E, bool>) {
          bool b = false;
          value_of(b);
          v[i] = b;
        } else {
          value_of(v[i]);
        }
      }
      end_node();
    } else if constexpr (is_std_optional<T>::value) {
      const std::uint64_t n = begin_array(1);
      if (n > 1) throw_model_format("an optional field holds " + std::to_string(n) + " values");
      if (n == 1) {
        typename T::value_type x{};
        value_of(x);
        v = std::move(x);
      } else {
        v.reset();
      }
      end_node();
    } else if constexpr (is_std_pair<T>::value) {
      const std::uint64_t n = begin_array(1);
      if (n != 2) throw_model_format("a pair field holds " + std::to_string(n) + " values");
      value_of(v.first);
      value_of(v.second);
      end_node();
    } else if constexpr (is_dict<T>::value) {
      value_of(v.items());
      if (auto d = first_duplicate(v.items(), [](const auto& kv) -> const std::string& { return kv.first; }))
        throw_model_format("duplicate key " + quote_label(*d));
    } else if constexpr (is_eigen_dense<T>::value) {
      begin_node();
      std::uint64_t rows = 0, cols = 0;
      named("rows", rows);
      named("cols", cols);
      if (rows > 0 && cols > std::numeric_limits<std::uint64_t>::max() / rows)
        throw_model_format("matrix dimensions overflow");
      // Each dimension must also fit Eigen::Index (signed): a 2^63 × 0 matrix
      // passes the element count checks but would resize to a negative size.
      // No dimension of a real model exceeds its file's size.
      if (rows > total_bytes_ || cols > total_bytes_)
        throw_model_format("matrix dimensions " + std::to_string(rows) + " x " + std::to_string(cols) +
                           " are out of range for a file of " + std::to_string(total_bytes_) + " bytes");
      if ((T::RowsAtCompileTime != Eigen::Dynamic && rows != static_cast<std::uint64_t>(T::RowsAtCompileTime)) ||
          (T::ColsAtCompileTime != Eigen::Dynamic && cols != static_cast<std::uint64_t>(T::ColsAtCompileTime)))
        throw_model_format("matrix has the wrong fixed dimension");
      check_count(rows * cols, sizeof(typename T::Scalar));
      check_memory(rows * cols, sizeof(typename T::Scalar));
      if constexpr (json) ar_.setNextName("data");
      const std::uint64_t n = begin_array(sizeof(typename T::Scalar));
      if (n != rows * cols) throw_model_format("matrix data length does not match its dimensions");
      v.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
      for (Eigen::Index i = 0; i < v.size(); ++i) value_of(v.data()[i]);
      end_node();
      end_node();
    } else {
      object(v);
    }
  }

  Ar& ar_;
  const MemoryBuf* buf_;
  std::size_t total_bytes_;
  MemberContext ctx_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
