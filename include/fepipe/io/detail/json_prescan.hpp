#pragma once
/// @file
/// Pre-scans of JSON model files, for what rapidjson (under cereal's JSON
/// archive) cannot be trusted with: syntax errors (it reports a truncated
/// file as an internal assertion), nesting depth (it parses recursively, so
/// a file of a million '[' would overflow the stack before any check could
/// run), the density of values (its parse stack) — one pass,
/// check_json_structure — and its reading of numbers
/// (json_with_canonical_numbers).

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

/// The grammar rapidjson parses model files with (RFC 8259, plus NaN, Inf
/// and Infinity with an optional '-' as cereal's parse flags allow), checked
/// in one pass before rapidjson sees the file, with an explicit stack: the
/// file's first syntax error is refused with its byte offset and what was
/// expected there (rapidjson, under cereal, reports a truncated file as
/// "internal assertion failure: IsObject()"); nesting deeper than
/// `max_depth` is refused before any recursion; and the values are counted
/// for the density bound (see check_json_structure). Returns the number of
/// value slots (values and member names).
inline std::size_t check_json_syntax(std::string_view text, std::size_t max_depth) {
  std::string stack;  // one char per open container: 'o' or 'a'
  std::size_t i = 0, slots = 0;
  auto fail = [&](const std::string& what) -> void {
    if (i >= text.size())
      throw_model_format("malformed JSON: the text ends at byte " + std::to_string(text.size()) +
                         (stack.empty() ? std::string(" where a value was expected")
                                        : std::string(" inside ") + (stack.back() == 'o' ? "an object" : "an array")) +
                         " (is the file truncated?)");
    throw_model_format("malformed JSON at byte " + std::to_string(i) + ": expected " + what + ", found " +
                       quote_label(text.substr(i, 1)));
  };
  auto skip_blanks = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  };
  auto literal = [&](std::string_view word) {
    if (text.substr(i, word.size()) != word) return false;
    i += word.size();
    return true;
  };
  auto skip_string = [&] {  // at '"'
    ++i;
    for (;;) {
      if (i >= text.size()) fail("the end of a string");
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '"') {
        ++i;
        return;
      }
      if (c < 0x20) fail("a character of a string (control characters must be escaped)");
      if (c != '\\') {
        ++i;
        continue;
      }
      ++i;
      if (i >= text.size()) fail("an escape");
      if (text[i] == 'u') {
        for (int k = 0; k < 4; ++k) {
          ++i;
          if (i >= text.size() || std::string_view("0123456789abcdefABCDEF").find(text[i]) == std::string_view::npos)
            fail("4 hexadecimal digits after \\u");
        }
        ++i;
      } else if (std::string_view("\"\\/bfnrt").find(text[i]) != std::string_view::npos) {
        ++i;
      } else {
        fail("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
    }
  };
  bool opened = false;  // the last value read was an opening bracket
  // A scalar value at i, or an opening bracket (pushed); false if none.
  auto value = [&]() -> bool {
    if (i >= text.size()) return false;
    ++slots;
    const char c = text[i];
    opened = c == '{' || c == '[';
    if (opened) {
      stack.push_back(c == '{' ? 'o' : 'a');
      if (stack.size() > max_depth) throw_model_format("JSON nesting deeper than " + std::to_string(max_depth));
      ++i;
      return true;
    }
    if (c == '"') {
      skip_string();
      return true;
    }
    if (literal("true") || literal("false") || literal("null")) return true;
    const std::size_t start = i;
    if (c == '-') ++i;
    if (literal("NaN") || literal("Infinity") || literal("Inf")) return true;
    i = start;
    bool integral = false;
    const std::size_t length = json_number_length(text, i, integral);
    if (length == 0) {
      // A word the text ends in the middle of ("tru", "-Inf" of "-Infinity"
      // is whole) is a truncation, not a wrong character.
      const std::string_view rest = text.substr(i);
      for (std::string_view word : {"true", "false", "null", "NaN", "-NaN", "Infinity", "-Infinity"})
        if (rest.size() < word.size() && word.substr(0, rest.size()) == rest) i = text.size();
      return false;
    }
    i += length;
    return true;
  };

  skip_blanks();
  if (!value()) fail("a JSON value");
  for (;;) {
    skip_blanks();
    if (stack.empty()) break;
    // Just after an opening bracket (`opened`), or after a complete value
    // inside a container: what may come next.
    const bool in_object = stack.back() == 'o';
    if (i < text.size() && text[i] == (in_object ? '}' : ']')) {
      ++i;
      stack.pop_back();
      opened = false;
      continue;
    }
    const bool first = opened;  // the container's first element comes next
    if (!first) {
      if (i >= text.size() || text[i] != ',') fail(in_object ? "',' or '}'" : "',' or ']'");
      ++i;
      skip_blanks();
    }
    if (in_object) {
      if (i >= text.size() || text[i] != '"') fail(first ? "a member name or '}'" : "a member name");
      ++slots;
      skip_string();
      skip_blanks();
      if (i >= text.size() || text[i] != ':') fail("':' after a member name");
      ++i;
      skip_blanks();
    }
    if (!value()) fail(in_object ? "a member value" : (first ? "a value or ']'" : "a value"));
  }
  if (i != text.size()) fail("the end of the text after the JSON value");
  return slots;
}

/// Everything rapidjson is not trusted with before it parses a model file,
/// but its reading of numbers (json_with_canonical_numbers): the syntax,
/// the nesting depth (check_json_syntax) and the density of values.
///
/// Density: rapidjson's DOM spends 16 bytes per value, pushed on a stack
/// that grows by half its size, so a compact file of single-digit values
/// ("0,0,0…", two bytes each) would make one allocation of 12 times the
/// file. Files fepipe writes spend at least 4 bytes per value (a line break
/// and indentation each), so a file with more than one value per 3 bytes is
/// refused before parsing: that keeps rapidjson within 8 times the file plus
/// 4 KiB.
inline void check_json_structure(std::string_view text, std::size_t max_depth) {
  const std::size_t slots = check_json_syntax(text, max_depth);
  if (slots > text.size() / 3 + 170)
    throw_model_format("the JSON holds " + std::to_string(slots) + " values in " + std::to_string(text.size()) +
                       " bytes, more than one per 3 bytes (files fepipe writes have at most one per 4); "
                       "re-indent it, e.g. with `python3 -m json.tool`");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
