// JSON model files are checked for syntax, depth and density in one pass
// before rapidjson parses them (io/detail/json_prescan.hpp): a truncated or
// malformed file is refused with the byte offset and what was expected
// there, never with rapidjson's internal assertion text.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/io/detail/json_prescan.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/min_max_scaler.hpp"

namespace io_json_syntax_test {

using namespace fepipe;

namespace {

auto fitted() {
  Frame X;
  X.add("a", Column::numeric({1.0, 2.0, 3.0, 4.0}));
  X.add("b", Column::numeric({0.5, -1.0, 2.0, 0.0}));
  Target y(4);
  y << 1.0, 2.0, 2.5, 4.0;
  Pipeline p(MinMaxScaler(), Lasso({.alpha = 0.01}));
  p.fit(X, y);
  return p;
}

std::string message_of(std::string_view text) {
  try {
    fepipe::detail::check_json_syntax(text, 64);
  } catch (const ModelFormatError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a truncated JSON model file: where it ends, and that it looks truncated") {
  const std::string json = save_model_to_string(fitted(), ModelFormat::json);
  for (std::size_t keep : {std::size_t{1}, std::size_t{40}, json.size() / 2, json.size() - 3}) {
    INFO(keep);
    decltype(fitted()) p;
    const std::string cut = json.substr(0, keep);
    const std::string ends = "the text ends at byte " + std::to_string(keep);
    CHECK_THROWS_WITH_AS(load_model_from_memory(cut, p), doctest::Contains(ends.c_str()), ModelFormatError);
    CHECK_THROWS_WITH_AS(load_model_from_memory(cut, p), doctest::Contains("(is the file truncated?)"),
                         ModelFormatError);
  }
}

TEST_CASE("malformed JSON: the byte offset and what was expected") {
  CHECK(message_of("{\"a\": 1 \"b\": 2}") == "model file: malformed JSON at byte 8: expected ',' or '}', found '\"'");
  CHECK(message_of("[1, 2,]") == "model file: malformed JSON at byte 6: expected a value, found ']'");
  CHECK(message_of("{\"a\" 1}") == "model file: malformed JSON at byte 5: expected ':' after a member name, found '1'");
  CHECK(message_of("{1: 2}") == "model file: malformed JSON at byte 1: expected a member name or '}', found '1'");
  CHECK(message_of("{\"a\": tru}") == "model file: malformed JSON at byte 6: expected a member value, found 't'");
  CHECK(message_of("{} {}") == "model file: malformed JSON at byte 3: expected the end of the text after the JSON value, found '{'");
  CHECK(message_of("[\"a\\q\"]") == "model file: malformed JSON at byte 4: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found 'q'");
  CHECK(message_of("[\"a\nb\"]").find("control characters must be escaped") != std::string::npos);
  CHECK(message_of("[\"\\u12g4\"]").find("4 hexadecimal digits") != std::string::npos);
  CHECK(message_of("[1") == "model file: malformed JSON: the text ends at byte 2 inside an array (is the file truncated?)");
  CHECK(message_of("") == "model file: malformed JSON: the text ends at byte 0 where a value was expected (is the file truncated?)");
  CHECK(message_of("[[[[") .find("inside an array") != std::string::npos);
}

TEST_CASE("what rapidjson accepts under cereal's flags is accepted, values counted") {
  CHECK(message_of(" {\"a\": [NaN, -NaN, Infinity, -Infinity, Inf, -Inf, 1e-5, -0.5, 0, true, false, null, \"x\\u00e9\\n\"],"
                   " \"b\": {}, \"c\": []} ") == "");
  CHECK(fepipe::detail::check_json_syntax("{\"a\": [1, 2]}", 64) == 5);  // object, name, array, 1, 2
  CHECK(fepipe::detail::check_json_syntax("[]", 64) == 1);
}

TEST_CASE("nesting beyond the limit is refused before anything recurses") {
  CHECK(message_of(std::string(65, '[')) == "model file: JSON nesting deeper than 64");
  CHECK(message_of(std::string(64, '[') + std::string(64, ']')) == "");
}

TEST_CASE("every file fepipe writes passes the check") {
  const auto p = fitted();
  const std::string json = save_model_to_string(p, ModelFormat::json);
  CHECK_NOTHROW(fepipe::detail::check_json_structure(json, 64));
  decltype(fitted()) loaded;
  load_model_from_memory(json, loaded);
  CHECK(save_model_to_string(loaded, ModelFormat::json) == json);
}

}  // namespace io_json_syntax_test
