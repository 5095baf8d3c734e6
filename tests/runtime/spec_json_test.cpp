#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "fepipe/io/detail/spec_json.hpp"

namespace runtime_spec_json_test {

using namespace fepipe;
using detail::JsonValue;
using detail::parse_spec_json;

namespace {
std::string parse_error(std::string_view text) {
  try {
    parse_spec_json(text);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "no error";
}
std::string roundtrip(std::string_view text) { return detail::json_dump(parse_spec_json(text)); }
}  // namespace

TEST_CASE("spec JSON: values, order and Python's json.dumps layout") {
  CHECK(roundtrip(R"( {"b":1,"a":[true,false,null],"c":{"x":"y"}} )") ==
        R"({"b": 1, "a": [true, false, null], "c": {"x": "y"}})");
  CHECK(roundtrip("[]") == "[]");
  CHECK(roundtrip("{}") == "{}");
  CHECK(roundtrip(R"([0, -0, 1.5, -2e-3, 1E+400, 123456789012345678901234567890])") ==
        "[0, -0, 1.5, -2e-3, 1E+400, 123456789012345678901234567890]");
  const JsonValue v = parse_spec_json(R"([1, 1.0, 1e2, NaN, Infinity, -Infinity])");
  CHECK(v.items[0].kind == JsonValue::Kind::integer);
  CHECK(v.items[1].kind == JsonValue::Kind::real);
  CHECK(v.items[2].kind == JsonValue::Kind::real);
  double x = 0;
  CHECK((v.items[3].to_double(x) && std::isnan(x)));
  CHECK((v.items[4].to_double(x) && x == std::numeric_limits<double>::infinity()));
  CHECK((v.items[5].to_double(x) && x == -std::numeric_limits<double>::infinity()));
  // Correctly rounded, not rapidjson's fast path.
  CHECK((parse_spec_json("0.1").to_double(x) && x == 0.1));
  CHECK((parse_spec_json("2.2250738585072011e-308").to_double(x) && x == 2.2250738585072011e-308));
  CHECK_FALSE(parse_spec_json("1e400").to_double(x));
}

TEST_CASE("spec JSON: strings, escapes and UTF-8") {
  CHECK(parse_spec_json(R"("a\"b\\c\/d\n\t\u00e9\ud83d\ude00")").text == "a\"b\\c/d\n\t\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(roundtrip("\"caf\xC3\xA9\"") == "\"caf\xC3\xA9\"");
  CHECK(roundtrip(R"("\u0001\b\f\r")") == R"("\u0001\b\f\r")");
  CHECK(parse_spec_json(R"("a\u0000b")").text == std::string("a\0b", 3));
}

TEST_CASE("spec JSON: what it refuses, with the offset") {
  CHECK(parse_error(R"({"a": 1, "a": 2})") == R"(invalid JSON at offset 9: key "a" is given twice)");
  CHECK(parse_error(R"({"a": {"b": 1, "c": 2, "b": 3}})") == R"(invalid JSON at offset 23: key "b" is given twice)");
  CHECK(parse_error("{\"a\": 1} x") == "invalid JSON at offset 9: unexpected text after the JSON value");
  CHECK(parse_error("") == "invalid JSON at offset 0: a value is missing");
  CHECK(parse_error("{\"a\" 1}") == "invalid JSON at offset 5: expected ':' after a key");
  CHECK(parse_error("{\"a\": 1,}") == "invalid JSON at offset 8: expected a string key");
  CHECK(parse_error("[1,]") == "invalid JSON at offset 3: unexpected character ']'");
  CHECK(parse_error("[1 2]") == "invalid JSON at offset 3: expected ',' or ']' in an array");
  CHECK(parse_error("{'a': 1}") == "invalid JSON at offset 1: expected a string key");
  CHECK(parse_error("01") == "invalid JSON at offset 1: a number cannot have a leading zero");
  CHECK(parse_error("1.") == "invalid JSON at offset 2: a number needs digits after '.'");
  CHECK(parse_error("1e") == "invalid JSON at offset 2: a number needs digits in its exponent");
  CHECK(parse_error("-") == "invalid JSON at offset 1: a number needs digits");
  CHECK(parse_error("+1") == "invalid JSON at offset 0: unexpected character '+'");
  CHECK(parse_error("nan") == "invalid JSON at offset 0: unexpected character 'n'");
  CHECK(parse_error("Inf") == "invalid JSON at offset 0: unexpected character 'I'");
  CHECK(parse_error("True") == "invalid JSON at offset 0: unexpected character 'T'");
  CHECK(parse_error("\"abc") == "invalid JSON at offset 4: a string is not closed");
  CHECK(parse_error("\"a\tb\"") == "invalid JSON at offset 2: a control character must be escaped in a string");
  CHECK(parse_error(R"("\x")") == "invalid JSON at offset 2: unknown escape in a string");
  CHECK(parse_error(R"("\u12")") == "invalid JSON at offset 5: a \\u escape needs four hexadecimal digits");
  CHECK(parse_error(R"("\ud800")") == "invalid JSON at offset 7: a high surrogate must be followed by a low surrogate");
  CHECK(parse_error(R"("\udc00")") == "invalid JSON at offset 7: a low surrogate without a high surrogate");
  CHECK(parse_error("\"\xC3\"") == "invalid JSON at offset 1: invalid UTF-8 in a string");
  CHECK(parse_error("\"\xED\xA0\x80\"") == "invalid JSON at offset 1: invalid UTF-8 in a string");  // a surrogate
  CHECK(parse_error("\"\xC0\xAF\"") == "invalid JSON at offset 1: invalid UTF-8 in a string");      // overlong
  CHECK(parse_error("\x01") == "invalid JSON at offset 0: unexpected character 0x01");
}

TEST_CASE("spec JSON: nesting is bounded before it can exhaust the stack") {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  CHECK(parse_spec_json(ok).kind == JsonValue::Kind::array);
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  CHECK(parse_error(deep) == "invalid JSON at offset 64: nesting deeper than 64 levels");
  const std::string hostile(1000000, '[');
  CHECK(parse_error(hostile) == "invalid JSON at offset 64: nesting deeper than 64 levels");
  std::string objects;
  for (int i = 0; i < 70; ++i) objects += "{\"a\": ";
  CHECK(parse_error(objects).find("nesting deeper than 64 levels") != std::string::npos);
}

TEST_CASE("spec JSON: equality compares numbers by value within a kind") {
  CHECK(parse_spec_json("1.0") == parse_spec_json("1.00"));
  CHECK_FALSE(parse_spec_json("1") == parse_spec_json("1.0"));
  CHECK(parse_spec_json(R"({"a": [1, "x"]})") == parse_spec_json(R"({"a":[1,"x"]})"));
  CHECK_FALSE(parse_spec_json(R"({"a": 1, "b": 2})") == parse_spec_json(R"({"b": 2, "a": 1})"));
  CHECK(detail::json_brief(parse_spec_json("\"" + std::string(100, 'x') + "\""), 20) == "\"xxxxxxxxxxxxxxxxxxx...");
}

}  // namespace runtime_spec_json_test
