#pragma once
/// @file
/// Pre-scans of JSON model files, for what rapidjson (under cereal's JSON
/// archive) cannot be trusted with: nesting depth (it parses recursively,
/// so a file of a million '[' would overflow the stack before any check
/// could run) and its reading of numbers (see json_with_canonical_numbers).

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/error.hpp"

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

/// Upper bound on the values rapidjson keeps on its parse stack for `text`:
/// every value and every member name outside string literals (counted by
/// the separators and brackets that delimit them).
inline std::size_t json_value_slots(std::string_view text) noexcept {
  std::size_t slots = 1;
  JsonStringTracker strings;
  for (char c : text) {
    if (strings.in_string(c)) continue;
    // ',' starts one more value or member, ':' marks a member (its name is a
    // value too), '[' and '{' may open a first element.
    if (c == ',' || c == ':' || c == '[' || c == '{') ++slots;
  }
  return slots;
}

/// rapidjson's DOM spends 16 bytes per value, pushed on a stack that grows by
/// half its size, so a compact file of single-digit values ("0,0,0…", two
/// bytes each) would make one allocation of 12 times the file. Files fepipe
/// writes spend at least 4 bytes per value (a line break and indentation
/// each), so a file with more than one value per 3 bytes is refused before
/// parsing: that keeps rapidjson within 8 times the file plus 4 KiB.
inline void check_json_value_density(std::string_view text) {
  const std::size_t slots = json_value_slots(text);
  if (slots > text.size() / 3 + 170)
    throw_model_format("the JSON holds " + std::to_string(slots) + " values in " + std::to_string(text.size()) +
                       " bytes, more than one per 3 bytes (files fepipe writes have at most one per 4); "
                       "re-indent it, e.g. with `python3 -m json.tool`");
}

/// Longest JSON number a model file may hold. fepipe writes at most 24
/// characters; the cap keeps hostile digit strings away from the parser.
inline constexpr std::size_t max_json_number_chars = 128;

/// Length of the JSON number (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)
/// that starts at text[at], 0 if none does; `integral` tells whether it has
/// neither fraction nor exponent. Stops where rapidjson's number ends, so
/// whatever follows is left for rapidjson to accept or reject.
inline std::size_t json_number_length(std::string_view text, std::size_t at, bool& integral) noexcept {
  std::size_t i = at;
  auto digit = [&](std::size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  auto skip_digits = [&] {
    while (digit(i)) ++i;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (!digit(i)) return 0;
  if (text[i] == '0')
    ++i;
  else
    skip_digits();
  integral = true;
  if (i + 1 < text.size() && text[i] == '.' && digit(i + 1)) {
    ++i;
    skip_digits();
    integral = false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t k = i + 1;
    if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
    if (digit(k)) {
      i = k;
      skip_digits();
      integral = false;
    }
  }
  return i - at;
}

/// Whether rapidjson stores an integral token as a 64-bit integer, which it
/// reads exactly; larger ones go through its strtod like any double.
inline bool json_integer_fits_64_bits(std::string_view token) noexcept {
  const char* end = token.data() + token.size();
  // from_chars reports overflow in ec, with ptr past the digits all the same.
  auto read_whole = [&](auto value) {
    const auto [ptr, ec] = std::from_chars(token.data(), end, value);
    return ec == std::errc() && ptr == end;
  };
  return token.front() == '-' ? read_whole(std::int64_t{0}) : read_whole(std::uint64_t{0});
}

/// `text` with every number that rapidjson would read as a double rewritten
/// as the shortest text of its correctly rounded value (Python's repr, with
/// "Infinity" beyond the double range), or nullopt if every such number is
/// already written that way. rapidjson 1.1's full-precision strtod, which
/// cereal's JSON archive uses, is undefined on a zero significand ("0e-299",
/// "0.000…0": clz(0)) and reads subnormals written with many digits as
/// garbage ("0.000…01" with 323 zeros gives NaN); fuzzing found both. It
/// reads the shortest texts exactly (checked on millions of random doubles,
/// subnormals included), so each number keeps its value while rapidjson only
/// ever parses texts it handles. Integers that fit 64 bits are left alone.
/// Throws ModelFormatError on a number longer than max_json_number_chars or
/// followed by a character that would continue it.
inline std::optional<std::string> json_with_canonical_numbers(std::string_view text) {
  std::optional<std::string> out;
  std::size_t copied = 0;  // text[0, copied) is already in *out
  PythonFloatRepr repr;
  JsonStringTracker strings;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    bool integral = false;
    const std::size_t length =
        strings.in_string(c) || !(c == '-' || (c >= '0' && c <= '9')) ? 0 : json_number_length(text, i, integral);
    if (length == 0) {
      ++i;
      continue;
    }
    const std::string_view token = text.substr(i, length);
    // What follows a number cannot continue one ("1.", "01", "0e-2991e300"):
    // rapidjson would stop there with an error, but a rewritten number
    // could join it into a new one ("0.0e300"), so it is refused here.
    if (i + length < text.size() && std::string_view("0123456789.eE+-").find(text[i + length]) != std::string_view::npos)
      throw_model_format("malformed JSON number " + quote_label(text.substr(i, length + 1)) + " at byte " +
                         std::to_string(i));
    if (length > max_json_number_chars)
      throw_model_format("a JSON number of " + std::to_string(length) + " characters at byte " + std::to_string(i) +
                         " (at most " + std::to_string(max_json_number_chars) + ")");
    if (!integral || !json_integer_fits_64_bits(token)) {
      double value = 0.0;
      if (!parse_double(token, value, NumberText::json))
        throw_model_format("unreadable JSON number " + quote_label(token) + " at byte " + std::to_string(i));
      const std::string_view canonical =
          std::isinf(value) ? (value > 0 ? std::string_view("Infinity") : std::string_view("-Infinity"))
                            : repr.format(value);
      if (canonical != token) {
        if (!out) {
          out.emplace();
          out->reserve(text.size() + 64);
        }
        out->append(text.substr(copied, i - copied)).append(canonical);
        copied = i + length;
      }
    }
    i += length;
  }
  if (out) out->append(text.substr(copied));
  return out;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
