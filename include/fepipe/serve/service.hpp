#pragma once
/// @file
/// The model server's logic without the network (`fepipe serve`,
/// docs/serving.md): a registry of models, each served by one or more
/// variants (A/B) whose files are reloaded when they change on disk or on
/// request, and `Service::handle`, which answers one HTTP request given as
/// method, path, body and request key. `serve/server.hpp` puts it behind
/// cpp-httplib; tests call `handle` in-process.
///
/// An optional part (DEVELOPERS.md): needs libsodium (file hashes, signed
/// files) and CLI11 (it reuses fepipe/cli/cli.hpp's loading and messages).
/// Include it before fepipe/runtime/builtins.hpp, as cli.hpp.
///
/// Thread safety: `handle` may be called from many threads at once, and
/// concurrently with reloads. A reload loads the new file completely, then
/// publishes it with one atomic store of a shared_ptr; a request takes one
/// atomic load and predicts on that model to the end, so in-flight requests
/// finish on the model they started with and none ever sees a half-loaded one.
/// Reloads never run on a request thread: the watcher's thread and the
/// thread of a POST .../reload load at nice 10, and the model a reload
/// replaces is freed by the next reload, not by the request that dropped it.

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fepipe/cli/cli.hpp"  // first: spec hooks for the registry; model loading, messages, exit codes
#include "fepipe/drift/drift.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/io/signing.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"

namespace fepipe::serve {

using ::fepipe::detail::JsonValue;
using ::fepipe::detail::json_quote;

/// Bounds on what one request may ask for (a request is untrusted input).
struct Limits {
  /// Largest request body in bytes (larger: HTTP 413).
  std::size_t max_request_bytes = std::size_t{1} << 20;
  /// Most records in one request (more: HTTP 413).
  std::size_t max_batch = 1000;
};

/// One model file served under a model name, with its share of the traffic.
struct VariantConfig {
  std::string model;    ///< the name in /v1/models/<model>
  std::string variant;  ///< unique within the model
  std::string path;     ///< the model file
  double weight = 1.0;  ///< relative share of the model's traffic (> 0)
};

/// What identifies a file's contents on disk: a replacement (rename over
/// it, or a rewrite) changes at least one of them.
struct FileStamp {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

inline std::optional<FileStamp> stamp_of(const std::string& path) {
  struct ::stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                   static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

/// A model file loaded completely: what a request predicts with.
struct LoadedModel {
  DynamicPipeline pipeline;
  std::string hash;  ///< "blake2b-256:<hex>" of the file's bytes
  std::size_t bytes = 0;
  std::string signed_by;  ///< key id when the file is signed, else empty
  std::uint64_t version = 0;  ///< 1 at start, +1 per successful reload
  double loaded_at = 0;       ///< Unix time, seconds
  FileStamp stamp;
  /// Heterogeneous lookup: a record's keys are found without a copy.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  /// Input column name → position in the input schema.
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> column_index;
  /// Counts every record this model predicts against the training
  /// distribution its file records (null when the file has none). A reload
  /// starts a new one: drift is always of the model being served.
  std::unique_ptr<DriftMonitor> drift;
};

namespace detail {

inline double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

inline std::string blake2b_hex(std::string_view bytes) {
  ::fepipe::detail::sodium_ready();
  std::array<unsigned char, crypto_generichash_BYTES> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                     0);
  return "blake2b-256:" + ::fepipe::detail::to_lower_hex(h.data(), h.size());
}

/// Reads and loads a model file the way `fepipe load` does (the CLI's
/// file reading and trusted keys): the bytes are read once, so the hash is
/// the hash of what was loaded. IoError / ModelFormatError as the CLI.
inline std::shared_ptr<LoadedModel> load_file(const std::string& path, const TrustedKeys& trusted) {
  const std::string bytes = cli::detail::read_text_file(path);
  auto m = std::make_shared<LoadedModel>();
  if (trusted.empty()) {
    m->pipeline = load_any_model_from_memory(bytes);
  } else {
    load_model_from_memory(bytes, m->pipeline, trusted);
  }
  if (!m->pipeline.predicts())
    throw ModelFormatError("'" + path + "': the model's last step does not predict: nothing to serve");
  const auto trailer = ::fepipe::detail::inspect_signature_trailer(bytes).trailer;
  if (trailer) m->signed_by = ::fepipe::detail::to_lower_hex(trailer->key.data(), trailer->key.size());
  m->hash = blake2b_hex(bytes);
  m->bytes = bytes.size();
  m->loaded_at = unix_now();
  const Schema& schema = m->pipeline.input_schema();
  for (std::size_t i = 0; i < schema.size(); ++i) m->column_index.emplace(schema[i].name, i);
  if (const DriftBaseline* baseline = m->pipeline.drift_baseline()) m->drift = std::make_unique<DriftMonitor>(*baseline);
  return m;
}

/// Latency histogram (seconds) with Prometheus' cumulative buckets.
class Histogram {
 public:
  static constexpr std::array<double, 14> bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                     0.025,  0.05,    0.1,    0.25,  0.5,   1.0,  2.5};
  void observe(double seconds) noexcept {
    std::size_t i = 0;
    while (i < bounds.size() && seconds > bounds[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  }
  /// Appends the histogram's lines for metric `name` with `labels` ("a=\"b\"").
  void write(std::string& out, std::string_view name, const std::string& labels) const {
    std::uint64_t cumulative = 0;
    char buf[32];
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
      cumulative += counts_[i].load(std::memory_order_relaxed);
      std::string le = "+Inf";
      if (i < bounds.size()) {
        std::snprintf(buf, sizeof buf, "%g", bounds[i]);
        le = buf;
      }
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ");
      out += std::to_string(cumulative) + "\n";
    }
    std::snprintf(buf, sizeof buf, "%.9f", static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) * 1e-9);
    out.append(name).append("_sum{").append(labels).append("} ").append(buf).append("\n");
    out.append(name).append("_count{").append(labels).append("} ").append(std::to_string(cumulative)).append("\n");
  }

 private:
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> counts_{};
  std::atomic<std::uint64_t> sum_ns_{0};
};

/// 64-bit FNV-1a: the sticky-routing hash of a request key (stable across
/// runs and machines, so a key keeps its variant across restarts).
inline std::uint64_t fnv1a(std::string_view s) noexcept {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  // FNV's low bits mix poorly for short keys: finish with splitmix64's mixer.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

/// Lowers the calling thread's scheduling priority to nice 10 (Linux: the
/// nice value is per thread). Reloads run on such a thread: loading and
/// hashing a model file takes milliseconds of CPU, and on a busy machine
/// those milliseconds must not be taken from the threads answering
/// requests (they would be the latency tail). Best effort: nothing happens
/// where it is not allowed or not per thread.
inline void lower_thread_priority() noexcept {
#ifdef __linux__
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
#endif
}

/// A uniform number in [0, 1) from a per-thread generator (random routing).
inline double thread_uniform() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return static_cast<double>(gen() >> 11) * 0x1.0p-53;
}

}  // namespace detail

/// One model file under a model name: the model being served (swapped
/// atomically on reload) and its metrics.
class Variant {
 public:
  Variant(VariantConfig config, std::shared_ptr<LoadedModel> first) : config_(std::move(config)) {
    first->version = 1;
    seen_ = first->stamp = stamp_of(config_.path).value_or(FileStamp{});
    columns_.store(first->pipeline.input_schema().size(), std::memory_order_relaxed);
    model_.store(std::shared_ptr<const LoadedModel>(std::move(first)));
  }
  const VariantConfig& config() const noexcept { return config_; }
  /// The model to predict with; the caller's copy keeps it alive.
  std::shared_ptr<const LoadedModel> current() const { return model_.load(std::memory_order_acquire); }

  /// The served model's number of input columns (bounds a request's JSON
  /// before a model is chosen, without a copy of the shared_ptr).
  std::size_t columns() const noexcept { return columns_.load(std::memory_order_relaxed); }

  std::atomic<std::uint64_t> requests{0}, errors{0}, records{0}, reloads{0}, reload_failures{0};
  detail::Histogram latency;

 private:
  friend class Registry;
  VariantConfig config_;
  std::atomic<std::shared_ptr<const LoadedModel>> model_;
  std::atomic<std::size_t> columns_{0};
  // The model replaced by the last reload, kept until the next one, so the
  // last reference to a model is almost never dropped (and the model
  // freed) by a request thread, but by the reload thread (under
  // Registry::reload_mutex_).
  std::shared_ptr<const LoadedModel> retired_;
  // The watcher's view of the file (under Registry::reload_mutex_).
  FileStamp seen_{};
  std::optional<FileStamp> refused_;
};

/// A model name and its variants, with the cumulative traffic shares.
struct Model {
  std::string name;
  std::vector<std::unique_ptr<Variant>> variants;
  std::vector<double> cumulative;  ///< upper bounds in [0, 1], one per variant
  std::atomic<std::uint64_t> rejected{0};  ///< requests refused before a variant was chosen

  /// The variant for a request: by the key's hash when a key is given (the
  /// same key always gets the same variant while the weights stay), else
  /// at random, in proportion to the weights.
  Variant& route(std::string_view key) const {
    const double u = key.empty() ? detail::thread_uniform()
                                 : static_cast<double>(detail::fnv1a(key) >> 11) * 0x1.0p-53;
    for (std::size_t i = 0; i < variants.size(); ++i)
      if (u < cumulative[i]) return *variants[i];
    return *variants.back();
  }
};

/// Every model served, and their reloading.
class Registry {
 public:
  /// Loads every variant's file (IoError / ModelFormatError as the CLI's
  /// `load` when one fails: the server does not start). `trusted`: the
  /// keys a file must be signed by (none: unsigned files load). Reload
  /// events are logged to `log`.
  Registry(const std::vector<VariantConfig>& configs, TrustedKeys trusted, std::ostream& log)
      : trusted_(std::move(trusted)), log_(log) {
    if (configs.empty()) throw ParameterError("serve: no model to serve (give --model NAME=PATH or --config)");
    for (const auto& c : configs) {
      if (c.model.empty() || c.variant.empty() || c.path.empty())
        throw ParameterError("serve: a model needs a name, a variant name and a path");
      if (!(c.weight > 0) || !std::isfinite(c.weight))
        throw ParameterError("serve: model '" + c.model + "' variant '" + c.variant + "': the weight must be > 0");
      Model* m = find_model(c.model);
      if (!m) {
        models_.push_back(std::make_unique<Model>());
        m = models_.back().get();
        m->name = c.model;
      }
      for (const auto& v : m->variants)
        if (v->config().variant == c.variant)
          throw ParameterError("serve: model '" + c.model + "' has two variants named '" + c.variant + "'");
      m->variants.push_back(std::make_unique<Variant>(c, detail::load_file(c.path, trusted_)));
    }
    for (auto& m : models_) {
      double total = 0, run = 0;
      for (const auto& v : m->variants) total += v->config().weight;
      for (const auto& v : m->variants) m->cumulative.push_back((run += v->config().weight) / total);
      m->cumulative.back() = 1.0;
    }
  }
  ~Registry() { stop_watching(); }
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Model* find_model(std::string_view name) const {
    for (const auto& m : models_)
      if (m->name == name) return m.get();
    return nullptr;
  }
  const std::vector<std::unique_ptr<Model>>& models() const noexcept { return models_; }

  /// Loads the variant's file again and, if it loads, serves it; if not,
  /// the old model keeps serving and the failure is counted, logged and
  /// returned. `force`: reload even if the file looks unchanged.
  /// Returns the error message, empty on success (or nothing to do).
  /// The loading runs on a thread of its own at a lower priority (the
  /// caller, a request thread for POST .../reload, waits for it asleep),
  /// never on the caller's CPU time.
  std::string reload(Variant& v, bool force) {
    std::string result;
    std::thread loader([&] {
      detail::lower_thread_priority();
      std::lock_guard lock(reload_mutex_);
      result = reload_locked(v, force);
    });
    loader.join();
    return result;
  }

  /// Polls every file's stamp every `interval` on a thread of its own and
  /// reloads a file whose stamp changed and then held still for one
  /// interval (a file still being written is not read half-way).
  void start_watching(std::chrono::milliseconds interval) {
    stop_watching();
    {
      std::lock_guard lock(watch_mutex_);
      stopping_ = false;
    }
    watcher_ = std::thread([this, interval] {
      detail::lower_thread_priority();  // reloads yield to the request threads
      std::unique_lock lock(watch_mutex_);
      std::vector<std::optional<FileStamp>> previous;
      while (!watch_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
        std::size_t k = 0;
        for (auto& m : models_)
          for (auto& v : m->variants) {
            if (previous.size() <= k) previous.emplace_back();
            const auto now = stamp_of(v->config().path);
            if (now && previous[k] && *now == *previous[k]) poll_variant(*v, *now);
            previous[k] = now;
            ++k;
          }
        lock.lock();
      }
    });
  }
  void stop_watching() {
    {
      std::lock_guard lock(watch_mutex_);
      stopping_ = true;
    }
    watch_cv_.notify_all();
    if (watcher_.joinable()) watcher_.join();
  }

 private:
  void poll_variant(Variant& v, const FileStamp& now) {
    std::lock_guard lock(reload_mutex_);
    if (now == v.seen_ || (v.refused_ && now == *v.refused_)) return;
    (void)reload_locked(v, false);
  }

  std::string reload_locked(Variant& v, bool force) {
    const auto before = stamp_of(v.config().path);
    if (!force && before && *before == v.seen_) return {};
    const auto old = v.current();
    try {
      auto fresh = detail::load_file(v.config().path, trusted_);
      fresh->stamp = before.value_or(FileStamp{});
      fresh->version = old->version + 1;
      v.columns_.store(fresh->pipeline.input_schema().size(), std::memory_order_relaxed);
      v.model_.store(std::shared_ptr<const LoadedModel>(std::move(fresh)), std::memory_order_release);
      v.retired_ = old;  // frees the model before it here, off the request threads
      v.seen_ = before.value_or(FileStamp{});
      v.refused_.reset();
      v.reloads.fetch_add(1, std::memory_order_relaxed);
      const auto now = v.current();
      log("reloaded model '" + v.config().model + "' variant '" + v.config().variant + "' from " + v.config().path +
          ": version " + std::to_string(now->version) + ", " + now->hash);
      return {};
    } catch (const std::exception& e) {
      v.refused_ = before;
      v.reload_failures.fetch_add(1, std::memory_order_relaxed);
      const std::string what = std::string(dynamic_cast<const ModelFormatError*>(&e) ? "model file refused: " : "") +
                               e.what();
      log("reload of model '" + v.config().model + "' variant '" + v.config().variant + "' failed, version " +
          std::to_string(old->version) + " keeps serving: " + what);
      return what;
    }
  }

  void log(const std::string& line) {
    std::lock_guard lock(log_mutex_);
    log_ << "fepipe serve: " << line << std::endl;
  }

  std::vector<std::unique_ptr<Model>> models_;
  TrustedKeys trusted_;
  std::ostream& log_;
  std::mutex log_mutex_, reload_mutex_, watch_mutex_;
  std::condition_variable watch_cv_;
  bool stopping_ = false;
  std::thread watcher_;
};

/// One HTTP request, as the service needs it.
struct Request {
  std::string_view method;  ///< "GET", "POST", ...
  std::string_view path;    ///< decoded path, without the query
  std::string_view body;
  std::string_view request_key;  ///< the X-Request-Key header, if any
};

/// One HTTP answer.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

namespace detail {

inline Reply error_reply(int status, std::string_view message) {
  return {status, "{\"error\": " + json_quote(message) + "}\n"};
}

/// A number as JSON: the shortest text that reads back to the same double
/// (the CLI's writer); null for NaN and the infinities, which JSON lacks.
inline void append_json_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  cli::detail::append_number(out, x);
}

/// A JSON value of a record as a cell of column `spec`: numbers for numeric
/// columns, strings for categorical ones (a number given for a categorical
/// column is its text, as the CSV reader reads "60" in MSSubClass), null
/// for missing. Anything else is a SchemaError naming the column.
inline Value cell_of(const JsonValue& v, const ColumnSpec& spec) {
  using K = JsonValue::Kind;
  switch (v.kind) {
    case K::null: return Value::missing();
    case K::string: return Value(std::string_view(v.text));  // a label: refused by numeric columns with their message
    case K::integer:
    case K::real: {
      if (spec.kind == Kind::categorical && v.kind == K::integer) return Value(std::string_view(v.text));
      double x = 0;
      if (!v.to_double(x))
        ::fepipe::detail::throw_schema("serve", spec.name, "the number " + ::fepipe::detail::json_brief(v) +
                                                               " is out of the double range");
      return Value(x);
    }
    case K::boolean:
    case K::array:
    case K::object: break;
  }
  ::fepipe::detail::throw_schema("serve", spec.name,
                                 "expected a number, a string or null, got " + ::fepipe::detail::json_brief(v));
}

/// A record (object by column name, or array in input-schema order) into
/// `cells`, in input-schema order.
inline void record_cells(const JsonValue& record, const LoadedModel& m, std::vector<Value>& cells) {
  const Schema& schema = m.pipeline.input_schema();
  const std::size_t n = schema.size();
  cells.assign(n, Value::missing());
  if (record.kind == JsonValue::Kind::array) {
    if (record.items.size() != n)
      ::fepipe::detail::throw_schema("serve", "", "a record given as a list needs " + std::to_string(n) +
                                                      " values (the input schema's columns, in order), got " +
                                                      std::to_string(record.items.size()));
    for (std::size_t i = 0; i < n; ++i) cells[i] = cell_of(record.items[i], schema[i]);
    return;
  }
  if (record.kind != JsonValue::Kind::object)
    ::fepipe::detail::throw_schema("serve", "", "a record is an object {column: value} or a list in input-schema "
                                                "order, got " + ::fepipe::detail::json_brief(record));
  thread_local std::vector<char> given;
  given.assign(n, 0);
  for (std::size_t k = 0; k < record.keys.size(); ++k) {
    const auto it = m.column_index.find(std::string_view(record.keys[k]));
    if (it == m.column_index.end())
      ::fepipe::detail::throw_schema("Pipeline", record.keys[k], "is not an input column of this pipeline");
    given[it->second] = 1;
    cells[it->second] = cell_of(record.items[k], schema[it->second]);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!given[i]) ::fepipe::detail::throw_schema("Pipeline", schema[i].name, "is missing from the record");
}

/// Deepest nesting of a predict request: the body object, the
/// "instances" array, a record, and one level inside a record's value (so
/// a value given as a list or an object is refused by the record's check,
/// naming its column, rather than as nesting).
inline constexpr std::size_t max_request_depth = 4;

/// The most JSON values a predict request may hold: the body object, the
/// "instances" array and "request_key", then per record the record itself
/// and one value per input column.
inline constexpr std::size_t max_request_values(std::size_t max_batch, std::size_t columns) noexcept {
  return 3 + max_batch * (1 + columns);
}

/// What bounds_of found in a request body.
struct BodyShape {
  std::size_t values = 0;  ///< an upper bound of the values: 1 + commas + opening brackets
  std::size_t depth = 0;   ///< deepest nesting of arrays and objects
};

/// One pass over a request body, before it is parsed, that stops as soon
/// as the body holds more than `max_values` values or nests deeper than
/// `max_depth`: the parser's tree is then never built (a body under the
/// byte limit could otherwise allocate a tree of half a million values,
/// `[0,0,0,...]`, or recurse 64 levels deep). The count is
/// 1 + commas + opening brackets outside strings: every value of valid
/// JSON is the document, the first in its container, or follows a comma,
/// so the count is exact for valid JSON without empty arrays or objects
/// (a valid request has none) and never less than the values of any text.
/// Allocation-free: 0.4 us for a single record of 37 columns (~750 bytes),
/// against 3.1 us to parse it (docs/benchmarks/serving.md).
inline BodyShape bounds_of(std::string_view body, std::size_t max_values, std::size_t max_depth) noexcept {
  BodyShape shape{1, 0};
  std::size_t depth = 0;
  const char* p = body.data();
  const char* const end = p + body.size();
  while (p < end) {
    const char c = *p++;
    switch (c) {
      case '"':  // skip the string, its escapes included
        while (p < end && *p != '"') p += (*p == '\\' && end - p > 1) ? 2 : 1;
        if (p < end) ++p;
        break;
      case '[':
      case '{':
        ++shape.values;
        if (++depth > shape.depth) shape.depth = depth;
        if (depth > max_depth || shape.values > max_values) return shape;
        break;
      case ']':
      case '}':
        if (depth) --depth;
        break;
      case ',':
        if (++shape.values > max_values) return shape;
        break;
      default: break;
    }
  }
  return shape;
}

/// The records as one Frame with the input schema's columns (batch path).
inline Frame records_frame(const std::vector<JsonValue>& records, const LoadedModel& m) {
  const Schema& schema = m.pipeline.input_schema();
  const std::size_t n = schema.size(), rows = records.size();
  std::vector<std::vector<double>> numbers(n);
  std::vector<std::vector<std::int32_t>> codes(n);
  std::vector<std::vector<std::string>> labels(n);
  std::vector<std::unordered_map<std::string_view, std::int32_t>> dict(n);
  for (std::size_t j = 0; j < n; ++j)
    if (schema[j].kind == Kind::numeric)
      numbers[j].reserve(rows);
    else
      codes[j].reserve(rows);
  std::vector<Value> cells;
  for (std::size_t r = 0; r < rows; ++r) {
    try {
      record_cells(records[r], m, cells);
      for (std::size_t j = 0; j < n; ++j) {
        if (schema[j].kind == Kind::numeric) {
          numbers[j].push_back(::fepipe::detail::cell_number(cells[j], "Pipeline", schema[j].name));
          continue;
        }
        const auto label = ::fepipe::detail::cell_label(cells[j], "Pipeline", schema[j].name);
        if (!label) {
          codes[j].push_back(Column::missing_code);
          continue;
        }
        // Labels view the request's JSON tree, alive until the frame is built.
        const auto [it, inserted] = dict[j].try_emplace(*label, static_cast<std::int32_t>(labels[j].size()));
        if (inserted) labels[j].emplace_back(*label);
        codes[j].push_back(it->second);
      }
    } catch (const Error& e) {
      throw SchemaError("instance " + std::to_string(r) + ": " + e.what());
    }
  }
  Frame f(static_cast<Eigen::Index>(rows));
  for (std::size_t j = 0; j < n; ++j)
    f.add(schema[j].name, schema[j].kind == Kind::numeric ? Column::numeric(std::move(numbers[j]))
                                                          : Column::categorical(std::move(codes[j]), std::move(labels[j])));
  return f;
}

}  // namespace detail

/// The HTTP API (docs/serving.md) over a Registry.
class Service {
 public:
  Service(Registry& registry, Limits limits = {}) : registry_(registry), limits_(limits) {}
  const Limits& limits() const noexcept { return limits_; }
  Registry& registry() noexcept { return registry_; }

  /// Answers one request; never throws for anything a client sends.
  Reply handle(const Request& req) {
    try {
      return route(req);
    } catch (const std::exception& e) {
      return detail::error_reply(500, std::string("internal error: ") + e.what());
    }
  }

 private:
  static constexpr std::string_view models_prefix = "/v1/models/";

  Reply route(const Request& req) {
    const std::string_view path = req.path;
    if (path == "/healthz") {
      if (req.method != "GET") return method_not_allowed("GET");
      return {200, "{\"status\": \"ok\", \"models\": " + std::to_string(registry_.models().size()) + "}\n"};
    }
    if (path == "/metrics") {
      if (req.method != "GET") return method_not_allowed("GET");
      return {200, metrics_text(), "text/plain; version=0.0.4; charset=utf-8"};
    }
    if (path == "/v1/models" || path == "/v1/models/") {
      if (req.method != "GET") return method_not_allowed("GET");
      std::string o = "{\"models\": [";
      for (std::size_t i = 0; i < registry_.models().size(); ++i)
        o += (i ? ", " : "") + json_quote(registry_.models()[i]->name);
      return {200, o + "]}\n"};
    }
    if (path.substr(0, models_prefix.size()) != models_prefix)
      return detail::error_reply(404, "no such endpoint: " + std::string(path.substr(0, 200)));
    std::string_view rest = path.substr(models_prefix.size());
    std::string_view action;
    if (const auto colon = rest.rfind(":predict"); colon != std::string_view::npos && colon + 8 == rest.size()) {
      action = "predict";
      rest = rest.substr(0, colon);
    } else if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
      action = rest.substr(slash + 1);
      rest = rest.substr(0, slash);
    }
    Model* model = registry_.find_model(rest);
    if (!model) return detail::error_reply(404, "no model named " + json_quote(rest.substr(0, 200)) + known_models());
    if (action.empty()) {
      if (req.method != "GET") return method_not_allowed("GET");
      return metadata(*model);
    }
    if (action == "predict") {
      if (req.method != "POST") return method_not_allowed("POST");
      return predict(*model, req);
    }
    if (action == "reload") {
      if (req.method != "POST") return method_not_allowed("POST");
      return reload(*model);
    }
    if (action == "drift") {
      if (req.method != "GET") return method_not_allowed("GET");
      return drift(*model);
    }
    return detail::error_reply(404, "no such endpoint: " + std::string(req.path.substr(0, 200)));
  }

  static Reply method_not_allowed(std::string_view allowed) {
    return detail::error_reply(405, "method not allowed: use " + std::string(allowed));
  }

  std::string known_models() const {
    std::string s = "; models served:";
    for (const auto& m : registry_.models()) s += " " + m->name;
    return s;
  }

  Reply predict(Model& model, const Request& req) {
    const auto start = std::chrono::steady_clock::now();
    auto reject = [&](int status, const std::string& what) {
      model.rejected.fetch_add(1, std::memory_order_relaxed);
      return detail::error_reply(status, what);
    };
    if (req.body.size() > limits_.max_request_bytes)
      return reject(413, "request body of " + std::to_string(req.body.size()) + " bytes, above the limit of " +
                             std::to_string(limits_.max_request_bytes));
    // Bound the JSON tree before it is built: at most max_batch records of
    // the widest variant's columns, and a request's depth.
    std::size_t columns = 0;
    for (const auto& v : model.variants)
      columns = std::max(columns, v->columns());
    const std::size_t max_values = detail::max_request_values(limits_.max_batch, columns);
    const detail::BodyShape shape = detail::bounds_of(req.body, max_values, detail::max_request_depth);
    if (shape.depth > detail::max_request_depth)
      return reject(400, "request body: nesting deeper than " + std::to_string(detail::max_request_depth) +
                             " levels ({\"instances\": [record, ...]}, a record's values are numbers, strings or null)");
    if (shape.values > max_values)
      return reject(413, "request body: more than " + std::to_string(max_values) +
                             " JSON values, above the batch limit of " + std::to_string(limits_.max_batch) +
                             " records of " + std::to_string(columns) + " input columns");
    JsonValue doc;
    try {
      doc = ::fepipe::detail::parse_spec_json(req.body);
    } catch (const Error& e) {
      return reject(400, std::string("request body: ") + e.what());
    }
    if (doc.kind != JsonValue::Kind::object)
      return reject(400, "request body: expected an object {\"instances\": [record, ...]}");
    const JsonValue* instances = nullptr;
    std::string_view key = req.request_key;
    for (std::size_t i = 0; i < doc.keys.size(); ++i) {
      if (doc.keys[i] == "instances") {
        instances = &doc.items[i];
      } else if (doc.keys[i] == "request_key") {
        if (doc.items[i].kind != JsonValue::Kind::string)
          return reject(400, "request body: \"request_key\" must be a string");
        if (key.empty()) key = doc.items[i].text;
      } else {
        return reject(400, "request body: unknown key " + json_quote(doc.keys[i].substr(0, 80)) +
                               " (expected \"instances\" and optionally \"request_key\")");
      }
    }
    if (!instances || instances->kind != JsonValue::Kind::array)
      return reject(400, "request body: expected \"instances\": [record, ...]");
    const std::size_t n = instances->items.size();
    if (n == 0) return reject(400, "request body: \"instances\" is empty");
    if (n > limits_.max_batch)
      return reject(413, std::to_string(n) + " instances, above the batch limit of " +
                             std::to_string(limits_.max_batch));

    Variant& variant = model.route(key);
    const std::shared_ptr<const LoadedModel> m = variant.current();  // this request's model, whatever reloads do
    variant.requests.fetch_add(1, std::memory_order_relaxed);
    Reply reply;
    try {
      reply.body = predictions(*m, instances->items);
      reply.body += ", \"model\": " + json_quote(model.name) + ", \"variant\": " +
                    json_quote(variant.config().variant) + ", \"model_version\": " + std::to_string(m->version) +
                    "}\n";
      variant.records.fetch_add(n, std::memory_order_relaxed);
    } catch (const Error& e) {
      variant.errors.fetch_add(1, std::memory_order_relaxed);
      reply = detail::error_reply(400, e.what());
    }
    variant.latency.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return reply;
  }

  /// `{"predictions": [...]` (and `"probabilities"`), without the closing brace.
  static std::string predictions(const LoadedModel& m, const std::vector<JsonValue>& records) {
    const DynamicPipeline& p = m.pipeline;
    const bool proba = p.classifies();
    std::string out = "{\"predictions\": [";
    if (records.size() == 1) {
      thread_local std::vector<Value> cells;
      thread_local std::vector<double> probs;
      try {
        detail::record_cells(records[0], m, cells);
      } catch (const Error& e) {
        throw SchemaError("instance 0: " + std::string(e.what()));
      }
      const std::span<const Value> record(cells.data(), cells.size());
      try {
        detail::append_json_number(out, p.predict_one(record));
        out += ']';
        if (proba) {
          probs.resize(p.n_classes());
          p.predict_proba_one(record, probs);
          out += ", \"probabilities\": [[";
          for (std::size_t k = 0; k < probs.size(); ++k) {
            if (k) out += ", ";
            detail::append_json_number(out, probs[k]);
          }
          out += "]]";
        }
        if (m.drift) m.drift->observe(record);  // predicted: counted (no allocation)
      } catch (const Error& e) {
        throw DataError("instance 0: " + std::string(e.what()));
      }
      return out;
    }
    const Frame X = detail::records_frame(records, m);
    const Eigen::VectorXd pred = p.predict(X);
    for (Eigen::Index r = 0; r < pred.size(); ++r) {
      if (r) out += ", ";
      detail::append_json_number(out, pred[r]);
    }
    out += ']';
    if (proba) {
      const Eigen::MatrixXd pr = p.predict_proba(X);
      out += ", \"probabilities\": [";
      for (Eigen::Index r = 0; r < pr.rows(); ++r) {
        out += r ? ", [" : "[";
        for (Eigen::Index k = 0; k < pr.cols(); ++k) {
          if (k) out += ", ";
          detail::append_json_number(out, pr(r, k));
        }
        out += ']';
      }
      out += ']';
    }
    if (m.drift) m.drift->observe(X);  // every record of the batch predicted: counted
    return out;
  }

  Reply metadata(const Model& model) const {
    std::string o = "{\"name\": " + json_quote(model.name) + ", \"variants\": [";
    for (std::size_t i = 0; i < model.variants.size(); ++i) {
      const Variant& v = *model.variants[i];
      const auto m = v.current();
      const DynamicPipeline& p = m->pipeline;
      char when[32];
      std::snprintf(when, sizeof when, "%.3f", m->loaded_at);
      o += std::string(i ? ", " : "") + "{\"variant\": " + json_quote(v.config().variant) +
           ", \"path\": " + json_quote(v.config().path) + ", \"weight\": ";
      detail::append_json_number(o, v.config().weight);
      o += ", \"version\": " + std::to_string(m->version) + ", \"loaded_at\": " + when +
           ", \"hash\": " + json_quote(m->hash) + ", \"bytes\": " + std::to_string(m->bytes) +
           ", \"signed_by\": " + (m->signed_by.empty() ? std::string("null") : json_quote(m->signed_by)) +
           ", \"classifier\": " + (p.classifies() ? "true" : "false");
      if (p.classifies()) o += ", \"n_classes\": " + std::to_string(p.n_classes());
      o += ", \"steps\": [";
      for (std::size_t s = 0; s < p.size(); ++s)
        o += std::string(s ? ", " : "") + "{\"name\": " + json_quote(p.step_name(s)) +
             ", \"class\": " + json_quote(p.step(s).type_name()) + "}";
      o += "], \"input_schema\": [";
      const Schema& schema = p.input_schema();
      for (std::size_t c = 0; c < schema.size(); ++c)
        o += std::string(c ? ", " : "") + "{\"name\": " + json_quote(schema[c].name) +
             ", \"kind\": " + json_quote(to_string(schema[c].kind)) + "}";
      o += "]}";
    }
    return {200, o + "]}\n"};
  }

  Reply reload(Model& model) {
    std::string ok, failed;
    for (auto& v : model.variants) {
      const std::string error = registry_.reload(*v, true);
      const std::string entry = "{\"variant\": " + json_quote(v->config().variant) +
                                ", \"version\": " + std::to_string(v->current()->version);
      if (error.empty())
        ok += (ok.empty() ? "" : ", ") + entry + "}";
      else
        failed += (failed.empty() ? "" : ", ") + entry + ", \"error\": " + json_quote(error) + "}";
    }
    // 422: the file is there but does not load; the old model keeps serving.
    return {failed.empty() ? 200 : 422, "{\"reloaded\": [" + ok + "], \"failed\": [" + failed + "]}\n"};
  }

  /// GET /v1/models/<name>/drift: each variant's drift report since its
  /// model was loaded ({"model", "variants": [{"variant", "model_version",
  /// "drift": <DriftReport::to_json> or null}]}); 404 when no variant's
  /// file has a drift baseline.
  Reply drift(const Model& model) const {
    std::string o = "{\"model\": " + json_quote(model.name) + ", \"variants\": [";
    bool any = false;
    for (std::size_t i = 0; i < model.variants.size(); ++i) {
      const Variant& v = *model.variants[i];
      const std::shared_ptr<const LoadedModel> m = v.current();
      o += (i ? ", " : "") + std::string("{\"variant\": ") + json_quote(v.config().variant) +
           ", \"model_version\": " + std::to_string(m->version) + ", \"drift\": ";
      if (m->drift) {
        o += m->drift->report().to_json();
        any = true;
      } else {
        o += "null";
      }
      o += "}";
    }
    if (!any)
      return detail::error_reply(404, "model '" + model.name +
                                          "': its model file has no drift baseline (written before fepipe recorded "
                                          "one, or exported without training data): fit it with fepipe to monitor drift");
    return {200, o + "]}\n"};
  }

  std::string metrics_text() const {
    std::string o;
    auto family = [&](std::string_view name, std::string_view type, std::string_view help) {
      o.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" ");
      o.append(type).append("\n");
    };
    auto labels = [](const Model& m, const Variant& v) {
      return "model=" + json_quote(m.name) + ",variant=" + json_quote(v.config().variant);
    };
    auto each = [&](std::string_view name, auto value) {
      for (const auto& m : registry_.models())
        for (const auto& v : m->variants)
          o.append(name).append("{").append(labels(*m, *v)).append("} ").append(value(*v)).append("\n");
    };
    auto count = [](const std::atomic<std::uint64_t>& a) { return std::to_string(a.load(std::memory_order_relaxed)); };
    family("fepipe_serve_requests_total", "counter", "Predict requests routed to the variant.");
    each("fepipe_serve_requests_total", [&](const Variant& v) { return count(v.requests); });
    family("fepipe_serve_request_errors_total", "counter", "Predict requests answered with an error (HTTP 400).");
    each("fepipe_serve_request_errors_total", [&](const Variant& v) { return count(v.errors); });
    family("fepipe_serve_records_total", "counter", "Records predicted.");
    each("fepipe_serve_records_total", [&](const Variant& v) { return count(v.records); });
    family("fepipe_serve_reloads_total", "counter", "Successful reloads of the model file.");
    each("fepipe_serve_reloads_total", [&](const Variant& v) { return count(v.reloads); });
    family("fepipe_serve_reload_failures_total", "counter", "Reloads refused (the old model kept serving).");
    each("fepipe_serve_reload_failures_total", [&](const Variant& v) { return count(v.reload_failures); });
    family("fepipe_serve_model_version", "gauge", "Version of the model being served (1 at start, +1 per reload).");
    each("fepipe_serve_model_version", [&](const Variant& v) { return std::to_string(v.current()->version); });
    family("fepipe_serve_rejected_requests_total", "counter",
           "Predict requests refused before routing (bad JSON, too large).");
    for (const auto& m : registry_.models())
      o += "fepipe_serve_rejected_requests_total{model=" + json_quote(m->name) + "} " + count(m->rejected) + "\n";
    family("fepipe_serve_request_duration_seconds", "histogram", "Predict request latency in the server.");
    for (const auto& m : registry_.models())
      for (const auto& v : m->variants) v->latency.write(o, "fepipe_serve_request_duration_seconds", labels(*m, *v));
    // Drift of each variant's served model (docs/drift.md), one family at a time.
    struct Item {
      std::string model, variant;
      DriftReport report;
    };
    std::vector<Item> items;
    for (const auto& m : registry_.models())
      for (const auto& v : m->variants)
        if (const auto cur = v->current(); cur->drift) items.push_back({m->name, v->config().variant, cur->drift->report()});
    std::vector<DriftReport::PrometheusSource> sources;
    for (const auto& it : items) sources.push_back({it.model, it.variant, &it.report});
    if (!sources.empty()) o += DriftReport::prometheus(sources);
    return o;
  }

  Registry& registry_;
  Limits limits_;
};

}  // namespace fepipe::serve
