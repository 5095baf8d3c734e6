#pragma once
/// @file
/// LabelIndex: label → position lookup without allocation, for the
/// single-record path where a std::unordered_map<std::string, …> would need a
/// std::string key. Open addressing over FNV-1a hashes; owns its labels, so
/// copies of a fitted step stay valid.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

class LabelIndex {
 public:
  LabelIndex() = default;
  /// Indexes `labels`; on duplicates the first position wins.
  explicit LabelIndex(std::vector<std::string> labels) : labels_(std::move(labels)) {
    std::size_t cap = 8;
    while (cap < labels_.size() * 2) cap *= 2;
    slots_.assign(cap, -1);
    for (std::size_t i = 0; i < labels_.size(); ++i) {
      std::size_t s = slot_for(labels_[i]);
      if (slots_[s] < 0) slots_[s] = static_cast<std::int32_t>(i);
    }
  }

  /// Position of `label`, or -1.
  std::int32_t find(std::string_view label) const noexcept {
    if (slots_.empty()) return -1;
    return slots_[slot_for(label)];
  }
  bool contains(std::string_view label) const noexcept { return find(label) >= 0; }
  std::size_t size() const noexcept { return labels_.size(); }
  const std::vector<std::string>& labels() const noexcept { return labels_; }

 private:
  static std::uint64_t hash(std::string_view s) noexcept {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    return h;
  }
  // The slot holding `label`, or the empty slot where it would go.
  std::size_t slot_for(std::string_view label) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = static_cast<std::size_t>(hash(label)) & mask;
    while (slots_[s] >= 0 && labels_[static_cast<std::size_t>(slots_[s])] != label) s = (s + 1) & mask;
    return s;
  }

  std::vector<std::string> labels_;
  std::vector<std::int32_t> slots_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
