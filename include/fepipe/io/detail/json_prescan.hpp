#pragma once
/// @file
/// Pre-scans of JSON model files, for what rapidjson (under cereal's JSON
/// archive) cannot be trusted with: nesting depth (it parses recursively,
/// so a file of a million '[' would overflow the stack before any check
/// could run) and zeros written with an exponent.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Tracks whether a left-to-right scan is inside a JSON string literal.
class JsonStringTracker {
 public:
  /// Feeds the next character; true if it belongs to a string literal
  /// (its quotes included), which the scans skip.
  bool in_string(char c) noexcept {
    if (inside_) {
      if (escaped_)
        escaped_ = false;
      else if (c == '\\')
        escaped_ = true;
      else if (c == '"')
        inside_ = false;
      return true;
    }
    if (c == '"') inside_ = true;
    return inside_;
  }

 private:
  bool inside_ = false, escaped_ = false;
};

/// Deepest bracket nesting outside string literals, stopping early once
/// `limit` is exceeded.
inline std::size_t json_nesting_depth(std::string_view text, std::size_t limit) noexcept {
  std::size_t depth = 0, deepest = 0;
  JsonStringTracker strings;
  for (char c : text) {
    if (strings.in_string(c)) continue;
    if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

/// `text` with the exponent of every zero written with one ("0e-299",
/// "-0.00E5") turned into spaces, or nullopt if there is none. rapidjson
/// 1.1's full-precision strtod normalises a zero significand with clz(0),
/// which is undefined (fuzzing found it): it could read such a zero as
/// anything. Zero times any power of ten is zero, so dropping the exponent
/// keeps the value, sign included; spaces keep every offset in place.
inline std::optional<std::string> json_without_zero_exponents(std::string_view text) {
  std::optional<std::string> out;
  JsonStringTracker strings;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (strings.in_string(c)) {
      ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      // A number token; outside strings e/E occur only in numbers and in
      // the literals true/false, which start with a letter.
      std::size_t end = i, exponent = std::string_view::npos;
      bool nonzero = false;
      for (; end < text.size(); ++end) {
        const char d = text[end];
        if (d == 'e' || d == 'E') {
          if (exponent == std::string_view::npos) exponent = end;
        } else if (d >= '1' && d <= '9') {
          if (exponent == std::string_view::npos) nonzero = true;
        } else if (d != '0' && d != '.' && d != '-' && d != '+') {
          break;
        }
      }
      if (exponent != std::string_view::npos && !nonzero) {
        if (!out) out.emplace(text);
        out->replace(exponent, end - exponent, end - exponent, ' ');
      }
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
