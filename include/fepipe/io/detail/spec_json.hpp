#pragma once
/// @file
/// The JSON of run-time pipeline specs (fepipe/runtime/spec.hpp): a parsed
/// value tree, a strict parser and a writer in Python's `json.dumps` style.
///
/// A spec is written by a person or by a Python program, so the parser
/// reads what Python's `json` module writes (including its `NaN`,
/// `Infinity` and `-Infinity`, which the spec layer then accepts only where
/// an option allows them) and refuses, with the offset, everything a
/// careless hand might produce: a key given twice (Python silently keeps
/// the last), trailing text, invalid UTF-8, nesting deeper than
/// `max_spec_json_depth`. Numbers keep their text, so the spec layer reads
/// each one exactly into the type of its option (an integer never passes
/// through a double; a float is read by std::from_chars, correctly rounded).
///
/// This is a small recursive-descent parser of fepipe's own rather than the
/// rapidjson that cereal carries: rapidjson parses recursively unless asked
/// not to, cannot hand NaN/Infinity tokens over as text, and its number
/// reading is what the model-file loader has to correct already
/// (json_prescan.hpp); the recursion here is bounded by the depth limit.

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/name_lookup.hpp"
#include "fepipe/core/detail/utf8.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Deepest nesting of arrays and objects a spec may use (options nest two
/// or three levels; the bound keeps the parser's recursion shallow).
inline constexpr std::size_t max_spec_json_depth = 64;

/// One JSON value. Numbers keep their token text: `integer` for tokens
/// without fraction or exponent, `real` otherwise (and for NaN, Infinity,
/// -Infinity, whose text is that word).
struct JsonValue {
  enum class Kind : std::uint8_t { null, boolean, integer, real, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  /// A string's contents, or a number's token.
  std::string text;
  /// An array's elements, or an object's values (parallel to `keys`).
  std::vector<JsonValue> items;
  /// An object's keys, in document order (never repeated).
  std::vector<std::string> keys;

  static JsonValue null_value() { return {}; }
  static JsonValue from_bool(bool b) {
    JsonValue v;
    v.kind = Kind::boolean;
    v.boolean = b;
    return v;
  }
  static JsonValue number_token(Kind k, std::string token) {
    JsonValue v;
    v.kind = k;
    v.text = std::move(token);
    return v;
  }
  static JsonValue from_string(std::string s) {
    JsonValue v;
    v.kind = Kind::string;
    v.text = std::move(s);
    return v;
  }
  static JsonValue array() {
    JsonValue v;
    v.kind = Kind::array;
    return v;
  }
  static JsonValue object() {
    JsonValue v;
    v.kind = Kind::object;
    return v;
  }
  void add(std::string key, JsonValue value) {
    keys.push_back(std::move(key));
    items.push_back(std::move(value));
  }

  bool is_number() const noexcept { return kind == Kind::integer || kind == Kind::real; }
  /// The value of a number token, correctly rounded; false if it is out of
  /// the double range (NaN and the infinities give those values).
  bool to_double(double& out) const noexcept {
    if (text == "NaN") {
      out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    if (text == "Infinity" || text == "-Infinity") {
      out = text[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      return true;
    }
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
  }

  friend bool operator==(const JsonValue& a, const JsonValue& b) {
    if (a.is_number() && b.is_number()) {
      if (a.kind != b.kind) return false;
      if (a.text == b.text) return true;
      double x = 0, y = 0;
      return a.to_double(x) && b.to_double(y) && x == y;
    }
    return a.kind == b.kind && a.boolean == b.boolean && a.text == b.text && a.items == b.items && a.keys == b.keys;
  }
};

/// `text` as a JSON string literal (quotes, escapes; UTF-8 kept as is).
inline std::string json_quote(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

/// Writes `v` as Python's `json.dumps` does by default: ", " between items,
/// ": " after keys, numbers as their tokens.
inline void json_dump_to(const JsonValue& v, std::string& out) {
  using K = JsonValue::Kind;
  switch (v.kind) {
    case K::null: out += "null"; return;
    case K::boolean: out += v.boolean ? "true" : "false"; return;
    case K::integer:
    case K::real: out += v.text; return;
    case K::string: out += json_quote(v.text); return;
    case K::array:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ", ";
        json_dump_to(v.items[i], out);
      }
      out += ']';
      return;
    case K::object:
      out += '{';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ", ";
        out += json_quote(v.keys[i]);
        out += ": ";
        json_dump_to(v.items[i], out);
      }
      out += '}';
      return;
  }
}

inline std::string json_dump(const JsonValue& v) {
  std::string out;
  json_dump_to(v, out);
  return out;
}

/// `v` as JSON for an error message, cut to about `limit` characters so a
/// hostile spec cannot make a message arbitrarily large.
inline std::string json_brief(const JsonValue& v, std::size_t limit = 60) {
  std::string s = json_dump(v);
  if (s.size() > limit) {
    s.resize(limit);
    // Do not end inside a UTF-8 sequence.
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
    s += "...";
  }
  return s;
}

/// Parses one JSON document (surrounding whitespace allowed, nothing else).
/// ParameterError "invalid JSON at offset N: ..." on anything else.
class SpecJsonParser {
 public:
  explicit SpecJsonParser(std::string_view text) : s_(text) {}

  JsonValue parse() {
    skip_ws();
    JsonValue v = value(0);
    skip_ws();
    if (i_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { fail_at(i_, what); }
  [[noreturn]] static void fail_at(std::size_t at, const std::string& what) {
    throw ParameterError("invalid JSON at offset " + std::to_string(at) + ": " + what);
  }

  bool at_end() const noexcept { return i_ >= s_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : s_[i_]; }
  void skip_ws() noexcept {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool consume_word(std::string_view w) noexcept {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  JsonValue value(std::size_t depth) {
    if (at_end()) fail("a value is missing");
    const char c = peek();
    switch (c) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return JsonValue::from_string(string());
      case 't':
        if (consume_word("true")) return JsonValue::from_bool(true);
        break;
      case 'f':
        if (consume_word("false")) return JsonValue::from_bool(false);
        break;
      case 'n':
        if (consume_word("null")) return JsonValue::null_value();
        break;
      case 'N':
        if (consume_word("NaN")) return JsonValue::number_token(JsonValue::Kind::real, "NaN");
        break;
      case 'I':
        if (consume_word("Infinity")) return JsonValue::number_token(JsonValue::Kind::real, "Infinity");
        break;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
    }
    fail("unexpected character " + describe_char(c));
  }

  static std::string describe_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
    static constexpr char hex[] = "0123456789ABCDEF";
    return std::string("0x") + hex[u >> 4] + hex[u & 15];
  }

  void enter(std::size_t depth) const {
    if (depth > max_spec_json_depth)
      fail("nesting deeper than " + std::to_string(max_spec_json_depth) + " levels");
  }

  JsonValue object(std::size_t depth) {
    enter(depth);
    ++i_;  // '{'
    JsonValue v = JsonValue::object();
    std::vector<std::size_t> key_offsets;
    skip_ws();
    if (peek() == '}') {
      ++i_;
      return v;
    }
    for (;;) {
      skip_ws();
      if (peek() != '"') fail("expected a string key");
      key_offsets.push_back(i_);
      std::string key = string();
      skip_ws();
      if (peek() != ':') fail("expected ':' after a key");
      ++i_;
      skip_ws();
      JsonValue item = value(depth);
      v.add(std::move(key), std::move(item));
      skip_ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == '}') {
        ++i_;
        break;
      }
      fail("expected ',' or '}' in an object");
    }
    if (auto d = first_duplicate(v.keys)) {
      const std::string key(*d);
      const auto first = static_cast<std::size_t>(std::find(v.keys.begin(), v.keys.end(), key) - v.keys.begin());
      const auto second = static_cast<std::size_t>(std::find(v.keys.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                                                             v.keys.end(), key) - v.keys.begin());
      fail_at(key_offsets[second], "key " + json_quote(key.size() > 80 ? key.substr(0, 80) + "..." : key) +
                                       " is given twice");
    }
    return v;
  }

  JsonValue array(std::size_t depth) {
    enter(depth);
    ++i_;  // '['
    JsonValue v = JsonValue::array();
    skip_ws();
    if (peek() == ']') {
      ++i_;
      return v;
    }
    for (;;) {
      skip_ws();
      v.items.push_back(value(depth));
      skip_ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == ']') {
        ++i_;
        break;
      }
      fail("expected ',' or ']' in an array");
    }
    return v;
  }

  // RFC 8259 number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; also -Infinity.
  JsonValue number() {
    const std::size_t start = i_;
    auto digit = [&] { return !at_end() && s_[i_] >= '0' && s_[i_] <= '9'; };
    if (peek() == '-') {
      ++i_;
      if (consume_word("Infinity")) return JsonValue::number_token(JsonValue::Kind::real, "-Infinity");
    }
    if (!digit()) fail("a number needs digits");
    if (s_[i_] == '0') {
      ++i_;
      if (digit()) fail("a number cannot have a leading zero");
    } else {
      while (digit()) ++i_;
    }
    bool integral = true;
    if (peek() == '.') {
      integral = false;
      ++i_;
      if (!digit()) fail("a number needs digits after '.'");
      while (digit()) ++i_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digit()) fail("a number needs digits in its exponent");
      while (digit()) ++i_;
    }
    return JsonValue::number_token(integral ? JsonValue::Kind::integer : JsonValue::Kind::real,
                                   std::string(s_.substr(start, i_ - start)));
  }

  unsigned hex4() {
    unsigned u = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = peek();
      unsigned d = 0;
      if (c >= '0' && c <= '9')
        d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        d = static_cast<unsigned>(c - 'A' + 10);
      else
        fail("a \\u escape needs four hexadecimal digits");
      u = u * 16 + d;
      ++i_;
    }
    return u;
  }

  static void put_utf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string() {
    ++i_;  // '"'
    std::string out;
    for (;;) {
      if (at_end()) fail("a string is not closed");
      const char c = s_[i_];
      const auto u = static_cast<unsigned char>(c);
      if (c == '"') {
        ++i_;
        return out;
      }
      if (u < 0x20) fail("a control character must be escaped in a string");
      if (u >= 0x80) {
        const std::size_t n = utf8_sequence_length(s_, i_);
        if (n == 0) fail("invalid UTF-8 in a string");
        out.append(s_.substr(i_, n));
        i_ += n;
        continue;
      }
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      ++i_;
      const char e = peek();
      ++i_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!consume_word("\\u")) fail("a high surrogate must be followed by a low surrogate");
            const unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("a high surrogate must be followed by a low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("a low surrogate without a high surrogate");
          }
          put_utf8(cp, out);
          break;
        }
        default:
          --i_;
          fail("unknown escape in a string");
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

/// Parses a whole JSON text (see SpecJsonParser).
inline JsonValue parse_spec_json(std::string_view text) { return SpecJsonParser(text).parse(); }

}  // namespace detail
FEPIPE_NAMESPACE_END
