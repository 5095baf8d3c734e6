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
/// last 4 bytes, or three bytes) and a hash of the whole label. Internal:
/// the values differ by endianness.
struct LabelKey {
  std::uint64_t word = 0, hash = 0;

  explicit LabelKey(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    if (n <= 8) {  // the usual case: one word, one multiply
      if (n >= 4)
        word = load_u32(p) | load_u32(p + n - 4) << 32;
      else if (n > 0)
        word = static_cast<std::uint64_t>(p[0]) | static_cast<std::uint64_t>(p[n / 2]) << 8 |
               static_cast<std::uint64_t>(p[n - 1]) << 16;
      hash = (word + n) * 0x9E3779B97F4A7C15ull;
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
    unsigned shift = 63;  // slot = hash >> shift
  };

  LabelTable() = default;
  /// Indexes `labels` (distinct): find(labels[i]) == i.
  explicit LabelTable(std::vector<std::string> labels) : labels_(std::move(labels)) {
    std::size_t cap = 2;
    unsigned shift = 63;
    while (cap < labels_.size() * 2) {
      cap *= 2;
      --shift;
    }
    slots_.assign(cap, Slot{});
    shift_ = shift;
    for (std::size_t i = 0; i < labels_.size(); ++i) {
      const LabelKey key(labels_[i]);
      std::size_t s = static_cast<std::size_t>(key.hash >> shift_);
      while (slots_[s].index >= 0) s = (s + 1) & (cap - 1);
      slots_[s] = Slot{key.word, static_cast<std::uint32_t>(labels_[i].size()), static_cast<std::int32_t>(i)};
    }
  }

  /// Valid while the table lives (moving the table keeps it valid).
  View view() const noexcept { return {slots_.data(), labels_.data(), shift_}; }

  /// Position of `label`, or -1.
  static std::int32_t find(const View& t, std::string_view label) noexcept {
    const LabelKey key(label);
    const std::size_t mask = (std::size_t{1} << (64 - t.shift)) - 1;
    std::size_t s = static_cast<std::size_t>(key.hash >> t.shift);
    for (;;) {
      const Slot& slot = t.slots[s];
      // (An empty slot matches only the empty label, and says -1: absent.)
      if (slot.word == key.word && slot.size == label.size() &&
          (label.size() <= 8 ||
           std::memcmp(t.labels[static_cast<std::size_t>(slot.index)].data(), label.data(), label.size()) == 0))
        return slot.index;
      if (slot.index < 0) return -1;
      s = (s + 1) & mask;
    }
  }
  std::int32_t find(std::string_view label) const noexcept { return find(view(), label); }
  std::size_t size() const noexcept { return labels_.size(); }

 private:
  std::vector<std::string> labels_;
  std::vector<Slot> slots_ = std::vector<Slot>(2);
  unsigned shift_ = 63;
};

}  // namespace drift::detail
FEPIPE_NAMESPACE_END
