#pragma once
/// @file
/// Dict: an insertion-ordered string → value map, the C++ counterpart of the
/// Python dicts feature-engine learns (`imputer_dict_`, `encoder_dict_`).
/// Insertion order keeps model files and outputs deterministic (design
/// principle 6); lookups are linear, which is fastest at the sizes involved
/// (one entry per variable or category) and never on a per-row path.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/serialize.hpp"

FEPIPE_NAMESPACE_BEGIN

template <class V>
class Dict {
 public:
  using value_type = std::pair<std::string, V>;
  using const_iterator = typename std::vector<value_type>::const_iterator;
  using iterator = typename std::vector<value_type>::iterator;

  Dict() = default;
  Dict(std::initializer_list<value_type> items) {
    for (const auto& [k, v] : items) insert_or_assign(k, v);
  }

  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  const_iterator begin() const noexcept { return items_.begin(); }
  const_iterator end() const noexcept { return items_.end(); }
  iterator begin() noexcept { return items_.begin(); }
  iterator end() noexcept { return items_.end(); }
  const value_type& operator[](std::size_t i) const { return items_[i]; }

  const_iterator find(std::string_view key) const noexcept {
    return std::find_if(items_.begin(), items_.end(), [&](const value_type& kv) { return kv.first == key; });
  }
  iterator find(std::string_view key) noexcept {
    return std::find_if(items_.begin(), items_.end(), [&](const value_type& kv) { return kv.first == key; });
  }
  bool contains(std::string_view key) const noexcept { return find(key) != end(); }

  /// The value for `key`; std::out_of_range naming the key if absent.
  const V& at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("fepipe::Dict: no key '" + std::string(key) + "'");
    return it->second;
  }
  V& at(std::string_view key) {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("fepipe::Dict: no key '" + std::string(key) + "'");
    return it->second;
  }

  V& insert_or_assign(std::string key, V value) {
    if (auto it = find(key); it != end()) {
      it->second = std::move(value);
      return it->second;
    }
    items_.emplace_back(std::move(key), std::move(value));
    return items_.back().second;
  }
  void clear() noexcept { items_.clear(); }
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const auto& kv : items_) out.push_back(kv.first);
    return out;
  }

  friend bool operator==(const Dict&, const Dict&) = default;

  /// Serialized as its ordered list of [key, value] pairs.
  std::vector<value_type>& items() noexcept { return items_; }
  const std::vector<value_type>& items() const noexcept { return items_; }

 private:
  std::vector<value_type> items_;
};

FEPIPE_NAMESPACE_END
