#pragma once
/// @file
/// Nesting-depth pre-scan for JSON model files: rapidjson parses
/// recursively, so a file of a million '[' would overflow the stack before
/// any check could run.

#include <cstddef>
#include <string_view>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Deepest bracket nesting outside string literals, stopping early once
/// `limit` is exceeded.
inline std::size_t json_nesting_depth(std::string_view text, std::size_t limit) noexcept {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
