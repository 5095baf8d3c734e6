#pragma once
/// @file
/// LabelTable: a column's training categories → bin, looked up on every
/// live record. detail::LabelIndex hashes byte by byte (FNV-1a: a multiply
/// per byte, in sequence) and compares with memcmp; here a label of up to
/// 8 bytes (nearly every category) is read as one word (`LabelKey`: first
/// and last 4 bytes, or three bytes) that *is* the label: one multiply
/// hashes it and comparing word and size compares the labels, without a
/// call. Longer labels hash all their words and compare their bytes on a
/// match. Open addressing, linear probing, load factor ≤ 1/2, 16-byte
/// slots. Owns its labels.
///
/// The slot is (key.mix · multiplier) >> shift, the multiplier chosen per
/// table when it is built (a fixed sequence of odd constants, so the same
/// labels always give the same table): the first one under which every
/// training label sits in its home slot, trying tables of 2, 4 and 8 slots
/// per label. A known label is then found at the first probe, so the probe
/// loop's exit branch is always taken at once and the CPU predicts it
/// (collisions displaced ~1 label in 4 before, each a mispredicted branch
/// on the record path). Only an unknown label may probe further. When no
/// multiplier places every label at home (rare below ~50 labels, usual
/// beyond ~150; beyond 256 labels only 2 slots per label are tried, for
/// memory) the table keeps 2 slots per label and the multiplier that
/// displaces fewest.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace drift::detail {

inline std::uint64_t load_u64(const unsigned char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t load_u32(const unsigned char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

/// A label's first word (for up to 8 bytes, the whole label: the first and
/// last 4 bytes, or three bytes) and a mix of the whole label, which the
/// table's multiplier turns into a slot. Internal: the values differ by
/// endianness.
struct LabelKey {
  std::uint64_t word = 0, hash = 0;  // hash: the mix

  explicit LabelKey(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (n <= 8) {  // the usual case: one word, one multiply
      if (n >= 4)
        word = load_u32(p) | load_u32(p + n - 4) << 32;
      else if (n > 0)
        word = static_cast<std::uint64_t>(p[0]) | static_cast<std::uint64_t>(p[n / 2]) << 8 |
               static_cast<std::uint64_t>(p[n - 1]) << 16;
      hash = word + n;  // a label of up to 8 bytes: the table's multiply is its hash
      return;
    }
    word = load_u64(p);
    std::uint64_t rest = load_u64(p + n - 8);
    for (std::size_t i = 8; i + 8 < n; i += 8) rest = (rest ^ load_u64(p + i)) * 0xC2B2AE3D27D4EB4Full;
    hash = (word + n) * 0x9E3779B97F4A7C15ull ^ rest * 0xBF58476D1CE4E5B9ull;
  }
};

class LabelTable {
 public:
  /// 16 bytes: a label of up to 8 bytes is its word and size; a longer one
  /// is compared with its stored bytes once word and size match.
  struct Slot {
    std::uint64_t word = 0;
    std::uint32_t size = 0;
    std::int32_t index = -1;
  };
  /// What a lookup reads, for callers that keep it next to their own data.
  struct View {
    const Slot* slots = nullptr;
    const std::string* labels = nullptr;
    std::uint64_t multiplier = 0x9E3779B97F4A7C15ull;
    unsigned shift = 63;  // slot = (mix * multiplier) >> shift
  };

  LabelTable() = default;
  /// Indexes `labels` (distinct): find(labels[i]) == i.
  explicit LabelTable(std::vector<std::string> labels) : labels_(std::move(labels)) {
    std::vector<std::uint64_t> mix(labels_.size());
    for (std::size_t i = 0; i < labels_.size(); ++i) mix[i] = LabelKey(labels_[i]).hash;
    unsigned shift = 63;  // 2 slots at least, 2 per label
    while ((std::size_t{1} << (64 - shift)) < labels_.size() * 2) --shift;
    // Fewest labels out of their home slot: 0 ends the search.
    std::uint64_t best = multiplier_candidate(0);
    std::size_t best_shift = shift, best_displaced = displaced(mix, best, shift);
    for (unsigned s = shift; best_displaced > 0 && s + 3 > shift && s > 0; --s) {  // 2, 4, 8 slots per label
      if (s != shift && labels_.size() > max_sparse_labels) break;
      for (std::uint64_t k = 0; k < multiplier_tries && best_displaced > 0; ++k) {
        const std::uint64_t m = multiplier_candidate(k);
        const std::size_t d = displaced(mix, m, s);
        if (d == 0 || (s == shift && d < best_displaced)) {
          best = m;
          best_shift = s;
          best_displaced = d;
        }
      }
    }
    multiplier_ = best;
    shift_ = static_cast<unsigned>(best_shift);
    const std::size_t cap = std::size_t{1} << (64 - shift_);
    slots_.assign(cap, Slot{});
    for (std::size_t i = 0; i < labels_.size(); ++i) {
      std::size_t s = home_slot(mix[i], multiplier_, shift_);
      while (slots_[s].index >= 0) s = (s + 1) & (cap - 1);
      slots_[s] = Slot{LabelKey(labels_[i]).word, static_cast<std::uint32_t>(labels_[i].size()),
                       static_cast<std::int32_t>(i)};
    }
  }

  /// Valid while the table lives (moving the table keeps it valid).
  View view() const noexcept { return {slots_.data(), labels_.data(), multiplier_, shift_}; }

  /// Position of `label`, or -1. Inline: the home slot, where every label
  /// is in a collision-free table; the rest of the run (an unknown label
  /// whose home slot holds another one, or a displaced label) out of line.
  static std::int32_t find(const View& t, std::string_view label) noexcept {
    const LabelKey key(label);
    const std::size_t s = home_slot(key.hash, t.multiplier, t.shift);
    const Slot& slot = t.slots[s];
    if (matches(t, slot, key, label)) [[likely]]
      return slot.index;
    return slot.index < 0 ? -1 : probe(t, s, key, label);
  }
  std::int32_t find(std::string_view label) const noexcept { return find(view(), label); }
  std::size_t size() const noexcept { return labels_.size(); }
  /// Labels not in their home slot (found after more than one probe).
  std::size_t displaced() const noexcept {
    std::size_t n = 0;
    for (std::size_t s = 0; s < slots_.size(); ++s)
      if (slots_[s].index >= 0 &&
          home_slot(LabelKey(labels_[static_cast<std::size_t>(slots_[s].index)]).hash, multiplier_, shift_) != s)
        ++n;
    return n;
  }

 private:
  static constexpr std::uint64_t multiplier_tries = 64;
  static constexpr std::size_t max_sparse_labels = 256;  // beyond: 2 slots per label (memory)

  // (An empty slot matches only the empty label, and says -1: absent.)
  static bool matches(const View& t, const Slot& slot, LabelKey key, std::string_view label) noexcept {
    return slot.word == key.word && slot.size == label.size() &&
           (label.size() <= 8 ||
            std::memcmp(t.labels[static_cast<std::size_t>(slot.index)].data(), label.data(), label.size()) == 0);
  }
  /// The run after the occupied home slot s, up to the label or an empty slot.
  FEPIPE_COLD static std::int32_t probe(const View& t, std::size_t s, LabelKey key, std::string_view label) noexcept {
    const std::size_t mask = (std::size_t{1} << (64 - t.shift)) - 1;
    for (;;) {
      s = (s + 1) & mask;
      const Slot& slot = t.slots[s];
      if (matches(t, slot, key, label)) return slot.index;
      if (slot.index < 0) return -1;
    }
  }

  static std::size_t home_slot(std::uint64_t mix, std::uint64_t multiplier, unsigned shift) noexcept {
    return static_cast<std::size_t>((mix * multiplier) >> shift);
  }
  /// The k-th odd multiplier (splitmix64 of k; the first is the golden ratio's).
  static std::uint64_t multiplier_candidate(std::uint64_t k) noexcept {
    if (k == 0) return 0x9E3779B97F4A7C15ull;
    std::uint64_t z = k * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) | 1;
  }
  /// Labels that would not be in their home slot (inserted in order).
  static std::size_t displaced(const std::vector<std::uint64_t>& mix, std::uint64_t multiplier, unsigned shift) {
    const std::size_t cap = std::size_t{1} << (64 - shift);
    std::vector<char> used(cap, 0);
    std::size_t n = 0;
    for (std::uint64_t x : mix) {
      std::size_t s = home_slot(x, multiplier, shift);
      if (used[s]) {
        ++n;
        while (used[s]) s = (s + 1) & (cap - 1);
      }
      used[s] = 1;
    }
    return n;
  }

  std::vector<std::string> labels_;
  std::vector<Slot> slots_ = std::vector<Slot>(2);
  std::uint64_t multiplier_ = 0x9E3779B97F4A7C15ull;
  unsigned shift_ = 63;
};

}  // namespace drift::detail
FEPIPE_NAMESPACE_END
