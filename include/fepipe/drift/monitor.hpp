#pragma once
/// @file
/// DriftMonitor: counts live records against a pipeline's training
/// distribution (core/drift_baseline.hpp) and reports, per input column,
/// how far the live data has moved (drift/report.hpp, drift/statistics.hpp).
///
/// Memory is fixed at construction: per column and shard, one counter per
/// bin (numeric: the baseline's 12 quantile bins and missing; categorical:
/// each training category, `other`, `new` and missing) and, per categorical
/// column, a bounded table of the most frequent new categories (space-saving
/// top-k with fixed-size label buffers). Nothing grows with the data.
///
/// Threads: `observe` may run on any number of threads at once, and
/// `report`, `records` and `reset` alongside it. Each thread writes the shard
/// of its thread slot (drift/detail/thread_slot.hpp) with relaxed atomic
/// loads and stores: one writer per shard, no locked instruction, no shared
/// cache line. Threads beyond `DriftOptions::shards` share one overflow
/// shard, updated with fetch_add (exact, slower). The new-category table
/// takes a per-column mutex, on the rare path only (a label not seen in
/// training). `report` sums the shards; a record being counted while it
/// runs may appear in some columns and not yet in others.
///
/// The record path (`observe(std::span<const Value>)`) does not allocate and
/// counts a record all or nothing: a bad cell throws (SchemaError naming the
/// first bad column in record order and its value) after the record's cells
/// are counted back down, so the record leaves no trace (a report taken
/// meanwhile may see it). It runs two loops over flat per-kind arrays with
/// no data-dependent branch on the common path: numeric columns two at a
/// time (one SSE2 compare tests an edge of both), categorical ones through
/// label tables where every training label is found at the first probe
/// (drift/detail/label_table.hpp). docs/drift.md "Cost" has its figures.
///
/// @code
///   fepipe::DriftMonitor monitor(baseline);             // once
///   double y = pipeline.predict_one(record, workspace);  // per request
///   monitor.observe(record);                            // ~2.5 ns a column
///   std::string json = monitor.report().to_json();      // on demand
/// @endcode

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#endif

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/drift_baseline.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/drift/detail/label_table.hpp"
#include "fepipe/drift/detail/thread_slot.hpp"
#include "fepipe/drift/report.hpp"
#include "fepipe/drift/statistics.hpp"

FEPIPE_NAMESPACE_BEGIN

/// The options, declared once: X(type, name, default, valid(v), doc). The
/// struct, its validation and `DriftOptions::visit` (for a CLI or server
/// that sets them by name) are all generated from this table.
#define FEPIPE_DRIFT_OPTIONS(X)                                                                                   \
  X(double, psi_warn, 0.1, std::isfinite(v) && v > 0.0, "PSI from which a column is at warn level")             \
  X(double, psi_alert, 0.25, std::isfinite(v) && v > 0.0, "PSI from which a column is at alert level")          \
  X(double, significance, 0.001, v > 0.0 && v <= 1.0,                                                           \
    "a PSI level counts only if the chi-square test on the same bins has p below this (1: always)")            \
  X(std::uint64_t, min_records, 100, true, "records before any verdict (insufficient_data until then)")         \
  X(std::size_t, max_new_categories, 20, v <= 1000, "new categories tracked by name per column (top-k)")       \
  X(std::size_t, max_label_bytes, 64, v >= 1 && v <= 4096, "bytes of a new category's label kept")             \
  X(std::size_t, shards, 16, v >= 1 && v <= drift::detail::max_thread_slots,                                    \
    "counter shards: threads up to this many write without a locked instruction")

struct DriftOptions {
#define FEPIPE_DRIFT_OPTION_FIELD(type, name, value, valid, doc) type name = value;
  FEPIPE_DRIFT_OPTIONS(FEPIPE_DRIFT_OPTION_FIELD)
#undef FEPIPE_DRIFT_OPTION_FIELD

  /// Calls f(name, field&, doc) for every option, in table order.
  template <class F>
  void visit(F&& f) {
#define FEPIPE_DRIFT_OPTION_VISIT(type, name, value, valid, doc) f(std::string_view(#name), name, std::string_view(doc));
    FEPIPE_DRIFT_OPTIONS(FEPIPE_DRIFT_OPTION_VISIT)
#undef FEPIPE_DRIFT_OPTION_VISIT
  }

  /// ParameterError naming the first invalid option and its value.
  void validate() const {
#define FEPIPE_DRIFT_OPTION_CHECK(type, name, value, valid, doc)                                                  \
  {                                                                                                             \
    [[maybe_unused]] const type v = name;                                                                       \
    if (!(valid)) fepipe::detail::throw_parameter("DriftMonitor", #name " = " + show(v) + " is invalid: " doc); \
  }
    FEPIPE_DRIFT_OPTIONS(FEPIPE_DRIFT_OPTION_CHECK)
#undef FEPIPE_DRIFT_OPTION_CHECK
    if (psi_warn > psi_alert)
      fepipe::detail::throw_parameter("DriftMonitor", "psi_warn = " + show(psi_warn) + " is above psi_alert = " +
                                                          show(psi_alert));
  }

 private:
  template <class T>
  static std::string show(T v) {
    if constexpr (std::is_floating_point_v<T>)
      return fepipe::detail::python_float_repr(v);
    else
      return std::to_string(v);
  }
};

class DriftMonitor {
 public:
  static constexpr std::string_view type_name = "DriftMonitor";

  /// Copies what it needs from `baseline` (names, kinds, edges, categories,
  /// training counts). ParameterError for invalid options or a baseline
  /// whose sizes disagree (DriftBaseline::check is the full check of a
  /// loaded file).
  explicit DriftMonitor(const DriftBaseline& baseline, DriftOptions options = {}) : options_(options) {
    options_.validate();
    std::size_t next = 1;  // counter 0: records
    std::size_t trackers = 0;
    for (const DriftColumnBaseline& b : baseline.columns) {
      ColumnState c;
      c.name = b.name;
      c.kind = b.kind;
      c.train_count = b.count;
      c.offset = static_cast<std::uint32_t>(next);
      auto bad = [&](const std::string& what) {
        fepipe::detail::throw_parameter(type_name, "baseline of column " + fepipe::detail::quote_label(b.name) +
                                                       ": " + what);
      };
      if (b.kind == Kind::numeric) {
        if (!(b.edges.empty() && b.bin_counts.empty()) &&
            !(b.edges.size() == drift_quantile_levels.size() && b.bin_counts.size() == drift_numeric_bins))
          bad(std::to_string(b.edges.size()) + " edges and " + std::to_string(b.bin_counts.size()) + " bins");
        for (std::size_t k = 0; k < b.edges.size(); ++k)
          if (!std::isfinite(b.edges[k]) || (k > 0 && b.edges[k] < b.edges[k - 1])) bad("edges not finite and ascending");
        NumericHot h;
        h.edges.fill(std::numeric_limits<double>::infinity());  // a column without edges: every number in bin 0
        std::copy(b.edges.begin(), b.edges.end(), h.edges.begin());
        h.pos = static_cast<std::uint32_t>(columns_.size());
        h.offset = c.offset;
        c.hot = static_cast<std::uint32_t>(numeric_.size());
        numeric_.push_back(h);
        c.train.assign(drift_numeric_bins + 1, 0);
        std::copy(b.bin_counts.begin(), b.bin_counts.end(), c.train.begin());
        c.missing = static_cast<std::uint32_t>(next + drift_numeric_bins);  // = offset + bin(NaN)
        c.fresh = c.missing;  // unused
        next += drift_numeric_bins + 1;
      } else {
        if (b.categories.size() != b.category_counts.size())
          bad(std::to_string(b.categories.size()) + " categories and " + std::to_string(b.category_counts.size()) +
              " counts");
        const std::size_t k = b.categories.size();
        c.hot = static_cast<std::uint32_t>(tables_.size());
        tables_.emplace_back(b.categories);
        if (tables_.back().size() != k) bad("a category listed twice");
        c.train.assign(k + 3, 0);
        std::copy(b.category_counts.begin(), b.category_counts.end(), c.train.begin());
        c.train[k] = b.other_count;
        c.train[k + 2] = b.missing;
        // A baseline that lumped rare categories into `other` cannot tell a
        // new label from one of those: unknown labels count as `other`.
        c.tracked = b.other_count == 0;
        c.fresh = static_cast<std::uint32_t>(next + (c.tracked ? k + 1 : k));
        c.missing = static_cast<std::uint32_t>(next + k + 2);
        c.tracker = c.tracked ? static_cast<std::uint32_t>(trackers++) : 0;
        next += k + 3;
      }
      if (b.kind == Kind::numeric) c.train.back() = b.missing;
      columns_.push_back(std::move(c));
    }
    // The categorical columns' record-path state, with direct pointers into
    // their tables (tables_ is complete: its elements no longer move).
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      ColumnState& c = columns_[i];
      if (c.kind != Kind::categorical) continue;
      CategoricalHot h;
      h.table = tables_[c.hot].view();
      h.pos = static_cast<std::uint32_t>(i);
      h.offset = c.offset;
      h.fresh = c.fresh;
      h.missing = c.missing;
      h.tracker = c.tracker;
      h.tracked = c.tracked;
      categorical_.push_back(h);
    }
    // The numeric columns in pairs for the record path (an odd last one
    // stays alone).
    for (std::size_t i = 0; i + 1 < numeric_.size(); i += 2) {
      NumericPair p;
      for (std::size_t lane = 0; lane < 2; ++lane) {
        const NumericHot& h = numeric_[i + lane];
        for (std::size_t k = 0; k < drift_quantile_levels.size(); ++k) p.edges[2 * k + lane] = h.edges[k];
        p.offset[lane] = h.offset;
        p.pos[lane] = h.pos;
      }
      pairs_.push_back(p);
    }
    trash_ = static_cast<std::uint32_t>(next);  // in the padding after the last column
    stride_ = (next + 1 + pad + 7) / 8 * 8;
    counters_.reset(new std::atomic<std::uint64_t>[(options_.shards + 1) * stride_ + pad]());
    trackers_.reset(new Tracker[trackers]);
    for (std::size_t t = 0; t < trackers; ++t) trackers_[t].init(options_.max_new_categories, options_.max_label_bytes);
    base_.assign(stride_, 0);
    reset_mutex_ = std::make_unique<std::mutex>();
  }

  DriftMonitor(DriftMonitor&&) noexcept = default;
  DriftMonitor& operator=(DriftMonitor&&) noexcept = default;
  DriftMonitor(const DriftMonitor&) = delete;
  DriftMonitor& operator=(const DriftMonitor&) = delete;

  /// Counts one record, its cells in baseline (input-schema) order: a
  /// number or missing for a numeric column (NaN is missing, ±inf counts in
  /// the end bins), a label or missing for a categorical one (a NaN number
  /// is missing, as in the pipeline's steps). SchemaError for a record of
  /// another width, a label in a numeric column or a number in a
  /// categorical one; nothing is counted then. No allocation.
  void observe(std::span<const Value> record) {
    if (record.size() != columns_.size()) [[unlikely]]
      throw_width(record.size());
    const std::size_t slot = drift::detail::this_thread_slot();
    if (slot < options_.shards) [[likely]]
      count_record<false>(shard(slot), record);
    else
      count_record<true>(shard(options_.shards), record);
  }

  /// Counts every row of X; columns are found by name (extra columns are
  /// ignored) and must have the baseline's kind. SchemaError naming the
  /// column otherwise, before anything is counted. Allocates (per column,
  /// one slot per distinct label of the frame).
  void observe(const Frame& X) {
    std::vector<std::size_t> pos(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const auto i = X.find(columns_[c].name);
      if (!i) fepipe::detail::throw_schema(type_name, columns_[c].name, "is missing from the frame");
      if (X.column(*i).kind() != columns_[c].kind)
        fepipe::detail::throw_schema(type_name, columns_[c].name,
                                     "is " + std::string(to_string(X.column(*i).kind())) +
                                         ", the baseline's column is " + std::string(to_string(columns_[c].kind)));
      pos[c] = *i;
    }
    std::vector<std::uint64_t> local(stride_, 0);
    local[0] = X.rows();
    std::vector<std::pair<std::string_view, std::uint64_t>> fresh;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const ColumnState& col = columns_[c];
      const fepipe::Column& data = X.column(pos[c]);
      if (col.kind == Kind::numeric) {
        const NumericHot& h = numeric_[col.hot];
        for (double x : data.values()) ++local[h.offset + bin(h.edges.data(), x)];  // NaN: missing
        continue;
      }
      const auto& labels = data.labels();
      std::vector<std::uint32_t> at(labels.size());
      std::vector<std::uint64_t> n(labels.size(), 0);
      for (std::size_t k = 0; k < labels.size(); ++k) {
        const std::int32_t i = tables_[col.hot].find(labels[k]);
        at[k] = i >= 0 ? col.offset + static_cast<std::uint32_t>(i) : col.fresh;
      }
      for (std::int32_t code : data.codes()) {
        if (code < 0) {
          ++local[col.missing];
        } else {
          ++local[at[static_cast<std::size_t>(code)]];
          ++n[static_cast<std::size_t>(code)];
        }
      }
      if (col.tracked)
        for (std::size_t k = 0; k < labels.size(); ++k)
          if (at[k] == col.fresh && n[k] > 0) trackers_[col.tracker].add(labels[k], n[k]);
    }
    const std::size_t slot = drift::detail::this_thread_slot();
    std::atomic<std::uint64_t>* s = shard(std::min(slot, options_.shards));
    // Columns first, the record count last (as the record path does).
    for (std::size_t i = 1; i < stride_; ++i)
      if (local[i]) add(s, i, local[i], slot >= options_.shards);
    add(s, 0, local[0], slot >= options_.shards);
  }

  /// Records counted since construction or the last reset().
  std::uint64_t records() const {
    std::lock_guard lock(*reset_mutex_);
    return since_reset(0);
  }

  /// Starts a new window: later reports count only what is observed after
  /// this call (counters are never written by reset: it records their
  /// current sums, so it is safe while other threads observe).
  void reset() {
    std::lock_guard lock(*reset_mutex_);
    for (std::size_t i = 0; i < stride_; ++i) base_[i] = sum(i);
    for (std::size_t c = 0; c < columns_.size(); ++c)
      if (columns_[c].kind == Kind::categorical && columns_[c].tracked) trackers_[columns_[c].tracker].clear();
  }

  /// The statistics of every column (see DriftReport, drift/statistics.hpp).
  DriftReport report() const {
    std::vector<std::uint64_t> live(stride_);
    {
      std::lock_guard lock(*reset_mutex_);
      for (std::size_t i = 0; i < stride_; ++i) live[i] = since_reset(i);
    }
    DriftReport r;
    r.records = live[0];
    r.min_records = options_.min_records;
    r.psi_warn = options_.psi_warn;
    r.psi_alert = options_.psi_alert;
    r.significance = options_.significance;
    for (const ColumnState& col : columns_) {
      ColumnDrift d;
      d.name = col.name;
      d.kind = col.kind;
      const auto first = live.begin() + col.offset;
      const std::vector<std::uint64_t> counts(first, first + static_cast<std::ptrdiff_t>(col.train.size()));
      for (std::uint64_t n : counts) d.count += n;
      d.missing = live[col.missing];
      const std::uint64_t train_missing = col.train.back();
      if (col.train_count > 0) d.missing_share_train = static_cast<double>(train_missing) / static_cast<double>(col.train_count);
      if (d.count > 0) d.missing_share_live = static_cast<double>(d.missing) / static_cast<double>(d.count);
      d.missing_share_change = drift::missing_share_change(train_missing, col.train_count, d.missing, d.count);
      d.psi = drift::psi(col.train, counts);
      if (col.kind == Kind::numeric)
        d.ks = drift::ks_from_bins(std::span(col.train).first(drift_numeric_bins),
                                   std::span(counts).first(drift_numeric_bins));
      const drift::Chi2Result chi = drift::chi2_contingency(col.train, counts);
      d.chi2 = chi.statistic;
      d.chi2_dof = chi.dof;
      d.chi2_p = chi.p_value;
      if (col.kind == Kind::categorical && col.tracked) {
        d.new_categories_total = live[col.fresh];
        d.new_categories = trackers_[col.tracker].snapshot();
      }
      d.level = level_of(d, r.records);
      r.columns.push_back(std::move(d));
    }
    return r;
  }

  const DriftOptions& options() const noexcept { return options_; }
  /// Cells per record (the baseline's columns).
  std::size_t width() const noexcept { return columns_.size(); }

 private:
  static constexpr std::size_t pad = 8;  // counters between shards: no shared cache line

  // The record path reads two flat arrays, one per kind of column, each
  // entry all that its cell needs, so it runs two tight loops without a
  // branch on the column's kind. A bad cell (a label in a numeric column, a
  // number in a categorical one) is not checked by a branch of its own: its
  // counter is the trash counter (`trash_`, never reported) and a flag is
  // or-ed in; once the record is counted, a set flag counts it back down
  // and throws for the first bad cell in record order (cold path).

  /// A numeric column: its 11 edges and +inf, so that counting the edges
  /// that x is not ≤ gives bin 0..11 for a number (±inf in the end bins)
  /// and 12, the column's missing counter, for NaN (a missing cell is read
  /// as NaN). 112 bytes.
  struct NumericHot {
    alignas(16) std::array<double, drift_numeric_bins> edges{};
    std::uint32_t pos = 0;     // the cell in the record
    std::uint32_t offset = 0;  // first counter: bins 0..11, then missing
  };
  static_assert(drift_quantile_levels.size() + 1 == drift_numeric_bins && drift_numeric_bins % 2 == 0);

  /// Two numeric columns side by side (lanes 0 and 1) for the record path:
  /// their 11 edges interleaved, so one SSE2 compare tests edge k of both
  /// cells, and their first counters, from which the two counts start.
  struct NumericPair {
    alignas(16) std::array<double, 2 * drift_quantile_levels.size()> edges{};
    alignas(16) std::array<std::int64_t, 2> offset{};
    std::array<std::uint32_t, 2> pos{};
  };

  /// A categorical column: its label table and counters. 56 bytes.
  struct CategoricalHot {
    drift::detail::LabelTable::View table{};
    std::uint32_t pos = 0;      // the cell in the record
    std::uint32_t offset = 0;   // counter of category 0
    std::uint32_t fresh = 0;    // counter of new labels (or of `other`)
    std::uint32_t missing = 0;  // counter of missing values
    std::uint32_t tracker = 0;  // its new-category table
    bool tracked = false;       // new labels are told apart from `other`
  };

  /// What the report and the frame path read per column.
  struct ColumnState {
    std::string name;
    Kind kind = Kind::numeric;
    std::uint32_t offset = 0;   // first counter
    std::uint32_t missing = 0;  // counter of missing values
    std::uint32_t fresh = 0;    // categorical: counter of new labels (or of `other`)
    std::uint32_t hot = 0;      // numeric: its NumericHot; categorical: its table
    std::uint32_t tracker = 0;  // categorical: its new-category table
    bool tracked = false;       // new labels are told apart from `other`
    std::uint64_t train_count = 0;
    std::vector<std::uint64_t> train;  // training counts, laid out as the live counters
  };

  /// Top-k new categories of one column (space-saving), fixed buffers.
  struct Tracker {
    std::mutex mutex;
    std::size_t capacity = 0, bytes = 0, used = 0;
    std::vector<char> labels;
    std::vector<std::uint32_t> sizes;
    std::vector<std::uint64_t> counts, errors;

    void init(std::size_t k, std::size_t label_bytes) {
      capacity = k;
      bytes = label_bytes;
      labels.assign(k * label_bytes, '\0');
      sizes.assign(k, 0);
      counts.assign(k, 0);
      errors.assign(k, 0);
    }
    void clear() {
      std::lock_guard lock(mutex);
      used = 0;
    }
    void add(std::string_view label, std::uint64_t n) {
      if (capacity == 0) return;
      if (label.size() > bytes) {  // cut on a UTF-8 boundary
        std::size_t cut = bytes;
        while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
        label = label.substr(0, cut);
      }
      std::lock_guard lock(mutex);
      for (std::size_t i = 0; i < used; ++i)
        if (sizes[i] == label.size() && std::memcmp(&labels[i * bytes], label.data(), label.size()) == 0) {
          counts[i] += n;
          return;
        }
      std::size_t i = used;
      std::uint64_t floor = 0;
      if (used < capacity) {
        ++used;
      } else {  // replace the least counted: its count bounds the newcomer's earlier ones
        i = static_cast<std::size_t>(std::min_element(counts.begin(), counts.end()) - counts.begin());
        floor = counts[i];
      }
      if (!label.empty()) std::memcpy(&labels[i * bytes], label.data(), label.size());
      sizes[i] = static_cast<std::uint32_t>(label.size());
      counts[i] = floor + n;
      errors[i] = floor;
    }
    std::vector<NewCategory> snapshot() {
      std::lock_guard lock(mutex);
      std::vector<NewCategory> out;
      for (std::size_t i = 0; i < used; ++i)
        out.push_back({std::string(&labels[i * bytes], sizes[i]), counts[i], errors[i]});
      std::sort(out.begin(), out.end(), [](const NewCategory& a, const NewCategory& b) {
        return a.count != b.count ? a.count > b.count : a.label < b.label;
      });
      return out;
    }
  };

  std::atomic<std::uint64_t>* shard(std::size_t s) const noexcept { return counters_.get() + pad + s * stride_; }

  std::uint64_t sum(std::size_t i) const noexcept {
    std::uint64_t total = 0;
    for (std::size_t s = 0; s <= options_.shards; ++s) total += shard(s)[i].load(std::memory_order_relaxed);
    return total;
  }

  /// Counter i since the last reset. Counters only grow, except a bad
  /// record counted back down: if reset recorded it in between, the sum
  /// can dip below the recorded one for a moment (0 then, not 2^64 − 1).
  std::uint64_t since_reset(std::size_t i) const noexcept {
    const std::uint64_t now = sum(i);
    return now > base_[i] ? now - base_[i] : 0;
  }

  static void add(std::atomic<std::uint64_t>* s, std::size_t i, std::uint64_t n, bool shared) noexcept {
    if (shared)
      s[i].fetch_add(n, std::memory_order_relaxed);
    else
      s[i].store(s[i].load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  /// Bin of a number among the 12 edges e (the last +inf): how many edges
  /// x is not ≤, so bin k is (e(k-1), e(k)], −inf is bin 0, +inf bin 11 and
  /// NaN 12 (every comparison with NaN is false). Branch-free: with SSE2
  /// (every x86-64) six compares of two edges each, summed; otherwise
  /// twelve scalar ones, which compilers vectorise.
  static std::uint32_t bin(const double* e, double x) noexcept {
#if defined(__SSE2__) || defined(_M_X64)
    const __m128d v = _mm_set1_pd(x);
    auto above = [&](int k) { return _mm_castpd_si128(_mm_cmpnle_pd(v, _mm_load_pd(e + k))); };  // all ones: −1
    __m128i n = _mm_add_epi64(_mm_add_epi64(above(0), above(2)), _mm_add_epi64(above(4), above(6)));
    n = _mm_add_epi64(n, _mm_add_epi64(above(8), above(10)));
    n = _mm_add_epi64(n, _mm_unpackhi_epi64(n, n));
    return static_cast<std::uint32_t>(-_mm_cvtsi128_si32(n));
#else
    std::uint32_t n = 0;
    for (std::size_t k = 0; k < drift_numeric_bins; ++k) n += static_cast<std::uint32_t>(!(x <= e[k]));
    return n;
#endif
  }

  /// The counters of two numeric cells (x NaN for a missing one): each
  /// column's first counter plus the count of its edges below x, plus 12
  /// (the missing counter) for NaN, which no edge is below.
  static std::array<std::uint32_t, 2> pair_counters(const NumericPair& p, double x0, double x1) noexcept {
#if defined(__SSE2__) || defined(_M_X64)
    const __m128d x = _mm_set_pd(x1, x0);
    __m128i n = _mm_load_si128(reinterpret_cast<const __m128i*>(p.offset.data()));
    for (std::size_t k = 0; k < drift_quantile_levels.size(); ++k)  // a true compare is all ones: −1
      n = _mm_sub_epi64(n, _mm_castpd_si128(_mm_cmplt_pd(_mm_load_pd(p.edges.data() + 2 * k), x)));
    const __m128i nan = _mm_castpd_si128(_mm_cmpunord_pd(x, x));
    n = _mm_add_epi64(n, _mm_and_si128(nan, _mm_set1_epi64x(static_cast<long long>(drift_numeric_bins))));
    return {static_cast<std::uint32_t>(_mm_cvtsi128_si32(n)),
            static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(n, n)))};
#else
    std::array<std::uint32_t, 2> out{};
    const double x[2] = {x0, x1};
    for (std::size_t lane = 0; lane < 2; ++lane) {
      std::uint32_t n = static_cast<std::uint32_t>(p.offset[lane]);
      for (std::size_t k = 0; k < drift_quantile_levels.size(); ++k)
        n += static_cast<std::uint32_t>(p.edges[2 * k + lane] < x[lane]);
      out[lane] = std::isnan(x[lane]) ? n + static_cast<std::uint32_t>(drift_numeric_bins) : n;
    }
    return out;
#endif
  }

  /// A numeric cell as a number (NaN for a missing cell or a label); `bad`
  /// for a label.
  static double numeric_cell(const Value& v, bool& bad) noexcept {
    bad |= v.is_label();
    return v.is_number() ? v.number() : std::numeric_limits<double>::quiet_NaN();
  }

  /// Counts (or, down, uncounts) two numeric cells.
  template <bool Shared, bool Down = false>
  void count_pair(std::atomic<std::uint64_t>* s, const NumericPair& p, const Value* cells, bool& bad) const noexcept {
    const Value& a = cells[p.pos[0]];
    const Value& b = cells[p.pos[1]];
    const auto i = pair_counters(p, numeric_cell(a, bad), numeric_cell(b, bad));
    bump<Shared>(s[a.is_label() ? trash_ : i[0]], Down);
    bump<Shared>(s[b.is_label() ? trash_ : i[1]], Down);
  }

  /// A numeric cell's counter: a number's bin, missing for NaN or a missing
  /// cell, the trash counter (and `bad`) for a label.
  std::uint32_t numeric_counter(const NumericHot& c, const Value& v, bool& bad) const noexcept {
    const bool label = v.is_label();
    bad |= label;
    const double x = v.is_number() ? v.number() : std::numeric_limits<double>::quiet_NaN();
    const std::uint32_t i = c.offset + bin(c.edges.data(), x);
    return label ? trash_ : i;
  }

  /// A categorical cell's counter: a known label's category, `new` (or
  /// `other`) for an unknown one (and `fresh` if its column tracks new
  /// labels), missing for a missing cell or a NaN number, the trash counter
  /// (and `bad`) for any other number.
  std::uint32_t categorical_counter(const CategoricalHot& c, const Value& v, bool& fresh, bool& bad) const noexcept {
    if (v.is_label()) [[likely]] {
      const std::int32_t i = drift::detail::LabelTable::find(c.table, v.label());
      if (i >= 0) [[likely]]
        return c.offset + static_cast<std::uint32_t>(i);
      fresh |= c.tracked;
      return c.fresh;
    }
    const bool number = v.is_number() && !std::isnan(v.number());
    bad |= number;
    return number ? trash_ : c.missing;
  }

  /// A cell the record path refuses.
  static bool refused(const ColumnState& col, const Value& v) noexcept {
    return col.kind == Kind::numeric ? v.is_label() : v.is_number() && !std::isnan(v.number());
  }

  template <bool Shared>
  static void bump(std::atomic<std::uint64_t>& counter, bool down = false) noexcept {
    const std::uint64_t step = down ? ~std::uint64_t{0} : 1;  // −1 modulo 2^64
    if constexpr (Shared)
      counter.fetch_add(step, std::memory_order_relaxed);
    else
      counter.store(counter.load(std::memory_order_relaxed) + step, std::memory_order_relaxed);
  }

  /// Counts every cell (numeric columns, then categorical ones), then the
  /// record. New labels are tracked once the whole record has passed.
  template <bool Shared>
  void count_record(std::atomic<std::uint64_t>* s, std::span<const Value> record) {
    const Value* cells = record.data();
    bool bad = false, fresh = false;
    for (const NumericPair& p : pairs_) count_pair<Shared>(s, p, cells, bad);
    if (numeric_.size() % 2 != 0) bump<Shared>(s[numeric_counter(numeric_.back(), cells[numeric_.back().pos], bad)]);
    for (const CategoricalHot& c : categorical_) bump<Shared>(s[categorical_counter(c, cells[c.pos], fresh, bad)]);
    if (bad) [[unlikely]]
      uncount_and_throw<Shared>(s, record);
    bump<Shared>(s[0]);
    if (fresh) [[unlikely]]
      track_new_labels(record);
  }

  /// A record with a bad cell: its cells counted back down (the same
  /// counters: they are recomputed), then a SchemaError for the first bad
  /// cell in record order.
  template <bool Shared>
  [[noreturn]] FEPIPE_COLD void uncount_and_throw(std::atomic<std::uint64_t>* s, std::span<const Value> record) const {
    bool bad = false, fresh = false;
    for (const NumericPair& p : pairs_) count_pair<Shared, true>(s, p, record.data(), bad);
    if (numeric_.size() % 2 != 0)
      bump<Shared>(s[numeric_counter(numeric_.back(), record[numeric_.back().pos], bad)], true);
    for (const CategoricalHot& c : categorical_)
      bump<Shared>(s[categorical_counter(c, record[c.pos], fresh, bad)], true);
    std::size_t k = 0;
    while (!refused(columns_[k], record[k])) ++k;  // there is one: `bad` was set
    throw_kind(columns_[k], record[k]);
  }

  FEPIPE_COLD void track_new_labels(std::span<const Value> record) {
    for (const CategoricalHot& c : categorical_) {
      const Value& v = record[c.pos];
      if (c.tracked && v.is_label() && drift::detail::LabelTable::find(c.table, v.label()) < 0)
        trackers_[c.tracker].add(v.label(), 1);
    }
  }

  DriftLevel level_of(const ColumnDrift& d, std::uint64_t records) const noexcept {
    if (records < options_.min_records || d.count == 0) return DriftLevel::insufficient_data;
    DriftLevel l = d.psi >= options_.psi_alert ? DriftLevel::alert
                   : d.psi >= options_.psi_warn ? DriftLevel::warn
                                                : DriftLevel::ok;
    if (l != DriftLevel::ok && options_.significance < 1.0 && !(d.chi2_p < options_.significance)) l = DriftLevel::ok;
    return l;
  }

  [[noreturn]] FEPIPE_COLD void throw_width(std::size_t got) const {
    fepipe::detail::throw_schema(type_name, "", "a record of " + std::to_string(got) + " values for " +
                                                    std::to_string(columns_.size()) + " input columns");
  }
  [[noreturn]] FEPIPE_COLD static void throw_kind(const ColumnState& col, const Value& v) {
    const std::string& name = col.name;
    if (v.is_label())
      fepipe::detail::throw_schema(type_name, name,
                                   "expected a number, got the label " + fepipe::detail::quote_label(v.label()));
    fepipe::detail::throw_schema(type_name, name,
                                 "expected a label, got the number " + fepipe::detail::python_float_repr(v.number()));
  }

  DriftOptions options_;
  std::vector<ColumnState> columns_;
  std::vector<NumericHot> numeric_;          // the numeric columns, in record order
  std::vector<NumericPair> pairs_;           // numeric_ two by two (an odd last one left out)
  std::vector<CategoricalHot> categorical_;  // the categorical columns, in record order
  std::vector<drift::detail::LabelTable> tables_;
  std::uint32_t trash_ = 0;  // the counter of bad cells, counted back down at once
  std::size_t stride_ = 0;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counters_;
  std::unique_ptr<Tracker[]> trackers_;
  std::vector<std::uint64_t> base_;
  std::unique_ptr<std::mutex> reset_mutex_;
};

FEPIPE_NAMESPACE_END
