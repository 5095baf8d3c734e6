#pragma once
/// @file
/// Name checks and lookups that stay O(n log n) in the number of names.
/// Model files are untrusted: a file listing n columns or dictionary keys
/// must not cost n² string comparisons to check, or a few megabytes of
/// hostile JSON would take minutes to reject.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// A name that occurs more than once in `names` (any range of things
/// convertible to std::string_view, each projected by `name_of`), or nullopt.
template <class Range, class NameOf>
std::optional<std::string_view> first_duplicate(const Range& names, NameOf name_of) {
  std::vector<std::string_view> sorted;
  sorted.reserve(std::size(names));
  for (const auto& n : names) sorted.emplace_back(name_of(n));
  std::sort(sorted.begin(), sorted.end());
  if (auto d = std::adjacent_find(sorted.begin(), sorted.end()); d != sorted.end()) return *d;
  return std::nullopt;
}

template <class Range>
std::optional<std::string_view> first_duplicate(const Range& names) {
  return first_duplicate(names, [](const auto& n) -> std::string_view { return n; });
}

/// Position of each name of a list, found by binary search; the first
/// position wins when a name repeats, as a linear scan would.
class NamePositions {
 public:
  template <class Range, class NameOf>
  NamePositions(const Range& names, NameOf name_of) {
    sorted_.reserve(std::size(names));
    std::size_t i = 0;
    for (const auto& n : names) sorted_.emplace_back(std::string_view(name_of(n)), i++);
    std::sort(sorted_.begin(), sorted_.end());
  }

  std::optional<std::size_t> find(std::string_view name) const noexcept {
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), name,
                               [](const auto& entry, std::string_view n) { return entry.first < n; });
    if (it == sorted_.end() || it->first != name) return std::nullopt;
    return it->second;
  }

 private:
  std::vector<std::pair<std::string_view, std::size_t>> sorted_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
