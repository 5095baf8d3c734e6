#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "fepipe/io/csv.hpp"
#include "support/reference.hpp"

namespace io_csv_test {

using namespace fepipe;

namespace {
std::string label_at(const Frame& f, const char* col, std::size_t r) {
  const Column& c = f[col];
  return c.codes()[r] < 0 ? std::string("<missing>") : std::string(c.label(c.codes()[r]));
}
std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }
/// `field` as one quoted CSV field.
std::string quoted(const std::string& field) {
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
/// The options the number reference uses: only an empty field is missing.
CsvOptions text_na() { return {.na_values = {""}, .keep_default_na = false}; }
}  // namespace

TEST_CASE("read_csv infers numeric and categorical columns") {
  const Frame f = read_csv_string("a,b,c\n1,x,2.5\n2,y,\n3,x,1e3\n");
  REQUIRE(f.rows() == 3);
  REQUIRE(f.names() == std::vector<std::string>{"a", "b", "c"});
  CHECK(f["a"].is_numeric());
  CHECK(f["b"].is_categorical());
  CHECK(f["b"].labels() == std::vector<std::string>{"x", "y"});
  CHECK(std::isnan(f.numeric("c")[1]));
  CHECK(f.numeric("c")[2] == 1000.0);
}

TEST_CASE("read_csv follows RFC 4180 quoting") {
  const Frame f = read_csv_string(
      "name,comment,n\r\n"
      "\"Smith, John\",\"said \"\"hi\"\"\",1\r\n"
      "\"multi\nline\",plain,\"2\"\r\n"
      "x,,3\r\n");
  REQUIRE(f.rows() == 3);
  CHECK(label_at(f, "name", 0) == "Smith, John");
  CHECK(label_at(f, "comment", 0) == "said \"hi\"");
  CHECK(label_at(f, "name", 1) == "multi\nline");
  CHECK(label_at(f, "comment", 2) == "<missing>");
  CHECK(f["n"].is_numeric());  // a quoted number is a number, as in pandas
  CHECK(f.numeric("n")[1] == 2.0);
}

TEST_CASE("read_csv fields: doubled quotes, text after a quote, empty quoted fields, CR line ends") {
  const Frame f = read_csv_string("a,b\r1,\"x\"\"y\"z\r2,\"\"\r3,\"\"\"\"\r4,\"q\"", {.keep_default_na = false});
  REQUIRE(f.rows() == 4);
  CHECK(f.numeric("a")[3] == 4.0);
  CHECK(label_at(f, "b", 0) == "x\"yz");  // pandas joins what follows the closing quote
  CHECK(label_at(f, "b", 1).empty());     // an empty label, not a missing value, without NA markers
  CHECK(label_at(f, "b", 2) == "\"");
  CHECK(label_at(f, "b", 3) == "q");      // last field, no line end
  const Frame na = read_csv_string("a,b\n1,\"\"\n");
  REQUIRE(na["b"].is_numeric());  // "" is an NA marker: all missing, a float column as in pandas
  CHECK(std::isnan(na.numeric("b")[0]));
}

TEST_CASE("read_csv missing-value markers: pandas defaults plus na_values") {
  const Frame f = read_csv_string("a,b\nNA,?\nnan,x\n1,\n", {.na_values = {"?"}});
  CHECK(f["a"].is_numeric());
  CHECK(std::isnan(f.numeric("a")[0]));
  CHECK(std::isnan(f.numeric("a")[1]));
  CHECK(label_at(f, "b", 0) == "<missing>");
  CHECK(label_at(f, "b", 2) == "<missing>");
  const Frame raw = read_csv_string("a\nNA\n", {.keep_default_na = false});
  CHECK(raw["a"].is_categorical());
  CHECK(label_at(raw, "a", 0) == "NA");
}

TEST_CASE("read_csv kind overrides, usecols, BOM, blank lines, short rows") {
  const Frame f = read_csv_string("\xEF\xBB\xBF" "code,v\n60,1\n\n20,2\n190\n",
                                  {.kinds = {{"code", Kind::categorical}}, .usecols = {"v", "code"}});
  REQUIRE(f.names() == std::vector<std::string>{"v", "code"});
  CHECK(f["code"].labels() == std::vector<std::string>{"60", "20", "190"});
  CHECK(f.rows() == 3);
  CHECK(std::isnan(f.numeric("v")[2]));
  CHECK_THROWS_WITH_AS(read_csv_string("a\nx\n", {.kinds = {{"a", Kind::numeric}}}), doctest::Contains("'x'"),
                       DataError);
}

TEST_CASE("read_csv labels and markers: every length around the 8-byte keys, shared prefixes, many labels") {
  // Labels of 0..20 bytes, many sharing their first 8 bytes (the lookup
  // compares up to 8 bytes as one integer, longer ones byte by byte), the
  // missing markers among them, 300 distinct labels (the dictionary grows),
  // and the last field at the very end of the text (no line end: the key
  // is read without looking past it). Oracle: a plain split of the text.
  std::mt19937_64 rng(7);
  std::vector<std::string> pool = {"NA", "null", "?", "N/A", "#N/A N/A", "abcdefgh", "abcdefg", "abcdefghi", "abcdefghj",
                                   "abcdefgh\t", "-999", "x", "xx"};
  for (int i = 0; i < 300; ++i) {
    std::string label = (i % 2 ? "prefix__" : "p") + std::to_string(i);
    pool.push_back(label.substr(0, 1 + rng() % label.size()));
  }
  const std::vector<std::string> markers = {"?", "-999"};
  auto is_marker = [&](const std::string& f) {
    const auto defaults = pandas_default_na_values();
    return std::find(defaults.begin(), defaults.end(), f) != defaults.end() ||
           std::find(markers.begin(), markers.end(), f) != markers.end();
  };
  std::string text = "c,n";
  std::vector<std::string> expected_labels;
  std::vector<std::int32_t> expected_codes;
  std::vector<double> expected_numbers;
  for (int r = 0; r < 2000; ++r) {
    const std::string& label = pool[rng() % pool.size()];
    const bool number_missing = rng() % 5 == 0;
    const std::string number = number_missing ? (rng() % 2 ? "-999" : "") : std::to_string(rng() % 100000) + "." +
                                                                               std::to_string(rng() % 1000);
    text += "\n" + label + "," + number;
    if (is_marker(label)) {
      expected_codes.push_back(Column::missing_code);
    } else {
      auto it = std::find(expected_labels.begin(), expected_labels.end(), label);
      if (it == expected_labels.end()) it = expected_labels.insert(expected_labels.end(), label);
      expected_codes.push_back(static_cast<std::int32_t>(it - expected_labels.begin()));
    }
    expected_numbers.push_back(number_missing ? std::nan("") : std::strtod(number.c_str(), nullptr));
  }
  for (bool forced : {true, false}) {
    CAPTURE(forced);
    CsvOptions options{.na_values = markers};
    if (forced) options.kinds = {{"c", Kind::categorical}, {"n", Kind::numeric}};
    const Frame f = read_csv_string(text, options);
    REQUIRE(f["c"].is_categorical());
    REQUIRE(f["n"].is_numeric());
    CHECK(f["c"].labels() == expected_labels);
    CHECK(std::vector<std::int32_t>(f["c"].codes().begin(), f["c"].codes().end()) == expected_codes);
    const auto n = f.numeric("n");
    REQUIRE(n.size() == expected_numbers.size());
    for (std::size_t r = 0; r < n.size(); ++r) {
      CAPTURE(r);
      CHECK(bits(n[r]) == bits(expected_numbers[r]));
    }
  }
}

TEST_CASE("read_csv forced numeric columns: markers that are numbers, empty fields without markers") {
  // A marker that reads as a number is missing, not the number.
  const Frame f = read_csv_string("a\n-999\n1\n0.5\n", {.na_values = {"-999", "0.5"}, .kinds = {{"a", Kind::numeric}}});
  CHECK(std::isnan(f.numeric("a")[0]));
  CHECK(f.numeric("a")[1] == 1.0);
  CHECK(std::isnan(f.numeric("a")[2]));
  // Without markers an empty field is text, which a numeric column refuses.
  CHECK_THROWS_WITH_AS(read_csv_string("a,b\n1,x\n,y\n", {.keep_default_na = false, .kinds = {{"a", Kind::numeric}}}),
                       doctest::Contains("line 3 (row 1): '' is not a number"), DataError);
  // And a categorical one keeps as the label "".
  const Frame c = read_csv_string("a,b\n1,\n2,x\n", {.keep_default_na = false, .kinds = {{"b", Kind::categorical}}});
  CHECK(c["b"].labels() == std::vector<std::string>{"", "x"});
}

TEST_CASE("read_csv numbers: signs, exponents, infinities, blanks") {
  const Frame f = read_csv_string("a\n+1.5\n-2e-3\ninf\n-inf\n 7 \n1e999\n");
  REQUIRE(f["a"].is_numeric());
  const auto v = f.numeric("a");
  CHECK(v[0] == 1.5);
  CHECK(v[1] == -0.002);
  CHECK(v[2] == INFINITY);
  CHECK(v[3] == -INFINITY);
  CHECK(v[4] == 7.0);
  CHECK(v[5] == INFINITY);
}

TEST_CASE("read_csv errors name read_csv, the problem, and the column or line") {
  auto check = [](auto&& call, std::vector<std::string> parts) {
    try {
      call();
      FAIL("no error");
    } catch (const Error& e) {
      const std::string message = e.what();
      INFO(message);
      CHECK(e.step() == "read_csv");
      for (const auto& part : parts) {
        INFO(part);
        CHECK(message.find(part) != std::string::npos);
      }
    }
  };
  CHECK_THROWS_AS(read_csv_string(""), DataError);
  check([] { read_csv_string(""); }, {"read_csv: ", "no header row"});
  CHECK_THROWS_AS(read_csv_string("a,a\n1,2\n"), SchemaError);
  check([] { read_csv_string("a,a\n1,2\n"); }, {"read_csv: ", "'a'", "twice in the header"});
  CHECK_THROWS_AS(read_csv_string("a\n1,2\n"), DataError);
  check([] { read_csv_string("a\n1,2\n"); }, {"read_csv: ", "line 2"});
  CHECK_THROWS_AS(read_csv_string("a\n\"open\n"), DataError);
  check([] { read_csv_string("a\n1\n\"open\n"); }, {"read_csv: ", "line 3", "not closed"});
  CHECK_THROWS_AS(read_csv_string("a\n1\n", {.kinds = {{"b", Kind::numeric}}}), SchemaError);
  check([] { read_csv_string("a\n1\n", {.kinds = {{"b", Kind::numeric}}}); }, {"read_csv: ", "'b'", "kind override"});
  CHECK_THROWS_AS(read_csv_string("a\n1\n", {.usecols = {"a", "b"}}), SchemaError);
  check([] { read_csv_string("a\n1\n", {.usecols = {"a", "b"}}); }, {"read_csv: ", "'b'", "usecols"});
  CHECK_THROWS_AS(read_csv_string("a,b\n1,2\n", {.usecols = {"b", "b"}}), SchemaError);
  check([] { read_csv_string("a,b\n1,2\n", {.usecols = {"b", "b"}}); }, {"read_csv: ", "'b'", "twice in usecols"});
  CHECK_THROWS_AS(read_csv_string("a\n1\n\nx\n", {.kinds = {{"a", Kind::numeric}}}), DataError);
  check([] { read_csv_string("a\n1\n\nx\n", {.kinds = {{"a", Kind::numeric}}}); },
        {"read_csv: ", "'a'", "line 4", "row 1", "'x'", "not a number"});
  CHECK_THROWS_AS(read_csv("/no/such/file.csv"), Error);
  check([] { read_csv("/no/such/file.csv"); }, {"read_csv: ", "/no/such/file.csv"});
}

TEST_CASE("read_csv usecols: only those columns are converted, in the order given") {
  // A forced-numeric column that is not read is not checked either.
  const Frame f = read_csv_string("a,b,c\n1,x,3\n2,y,4\n",
                                  {.kinds = {{"b", Kind::numeric}}, .usecols = {"c", "a"}});
  REQUIRE(f.names() == std::vector<std::string>{"c", "a"});
  CHECK(f.numeric("c")[1] == 4.0);
  CHECK(f.numeric("a")[0] == 1.0);
}

TEST_CASE("read_csv numbers: pandas' syntax, Python's correctly rounded value (reference)") {
  // tools/reference/csv_numbers.py: field texts, whether pandas' C parser
  // reads them as numbers, and the bits of Python's float() of them.
  const Frame ref = fepipe_test::read_reference_frame(
      "io/csv_numbers.csv", {{"case", Kind::categorical}, {"text", Kind::categorical}, {"number", Kind::categorical},
                             {"bits", Kind::categorical}});
  REQUIRE(ref.rows() > 100);
  for (std::size_t r = 0; r < ref.rows(); ++r) {
    const std::string text = label_at(ref, "text", r);
    INFO("case " << label_at(ref, "case", r) << ": " << quoted(text.size() > 60 ? text.substr(0, 60) + "..." : text));
    const bool number = label_at(ref, "number", r) == "1";
    double v = 0.0;
    REQUIRE(detail::csv_parse_number(text, v) == number);
    // As the first row of a column whose other row is 2.5.
    const Frame f = read_csv_string("x\n" + quoted(text) + "\n2.5\n", text_na());
    REQUIRE(f["x"].is_numeric() == number);
    if (!number) {
      CHECK(label_at(f, "x", 0) == text);
      continue;
    }
    const std::uint64_t expected = std::stoull(label_at(ref, "bits", r), nullptr, 16);
    CHECK(bits(v) == expected);
    CHECK(bits(f.numeric("x")[0]) == expected);
  }
}

TEST_CASE("read_csv reproducers of issue 10: 400-digit numbers keep their magnitude") {
  // 0.000...0001 (400 zeros: 1e-401) read as +inf, and 1000...0e-5 (400
  // zeros: 1e395) as 0: the out-of-range branch judged under- or overflow
  // by whether a '-' followed an 'e'. The same files are fuzz regressions
  // (tests/fuzz/regression/csv/).
  const Frame tiny = read_csv_string("x\n0." + std::string(400, '0') + "1\n2\n");
  REQUIRE(tiny["x"].is_numeric());
  CHECK(bits(tiny.numeric("x")[0]) == bits(0.0));
  CHECK(tiny.numeric("x")[1] == 2.0);
  const Frame huge = read_csv_string("x\n1" + std::string(400, '0') + "e-5\n2\n");
  REQUIRE(huge["x"].is_numeric());
  CHECK(huge.numeric("x")[0] == INFINITY);
  CHECK(huge.numeric("x")[1] == 2.0);
  // The mirror images, where the sign of the written exponent misleads.
  double v = 0.0;
  REQUIRE(detail::csv_parse_number("0." + std::string(400, '0') + "1e500", v));
  CHECK(v == 1e99);
  REQUIRE(detail::csv_parse_number("-1" + std::string(400, '0') + "e-400", v));
  CHECK(v == -1.0);
  REQUIRE(detail::csv_parse_number("1" + std::string(400, '0') + "e-800", v));
  CHECK(bits(v) == bits(0.0));  // 1e-400
}

TEST_CASE("read_csv reads 100,000 columns") {
  constexpr std::size_t p = 100'000;
  std::string text;
  for (std::size_t c = 0; c < p; ++c) {
    text += c ? ",c" : "c";
    text += std::to_string(c);
  }
  text += '\n';
  for (std::size_t c = 0; c < p; ++c) {  // odd columns numeric, even ones labels
    if (c) text += ',';
    if (c % 2 == 0) text += 'v';
    text += std::to_string(c);
  }
  text += '\n';
  const Frame f = read_csv_string(text);
  REQUIRE(f.cols() == p);
  CHECK(f.rows() == 1);
  CHECK(f.name(p - 1) == "c99999");
  CHECK(f.find("c54321") == std::optional<std::size_t>(54321));
  CHECK(f.numeric("c99999")[0] == 99999.0);
  CHECK(label_at(f, "c50000", 0) == "v50000");
  const Frame some = read_csv_string(text, {.usecols = {"c99999", "c0"}});
  CHECK(some.names() == std::vector<std::string>{"c99999", "c0"});
}

TEST_CASE("read_csv reads the bundled data sets as pandas does") {
  const Frame house = fepipe_test::load_houseprice();
  CHECK(house.rows() == 1460);
  CHECK(house.cols() == 81);
  std::size_t categorical = 0, missing = 0;
  for (std::size_t c = 0; c < house.cols(); ++c) {
    categorical += house.column(c).is_categorical();
    for (std::size_t r = 0; r < house.rows(); ++r) missing += house.column(c).is_missing(r);
  }
  CHECK(categorical == 44);  // 43 text columns + MSSubClass
  CHECK(missing == 6965);
  const Frame titanic = read_csv(fepipe_test::data_path("titanic.csv"), {.na_values = {"?"}});
  CHECK(titanic.rows() == 1309);
  CHECK(titanic["age"].is_numeric());
  CHECK(titanic["name"].is_categorical());
  std::size_t age_missing = 0;
  for (std::size_t r = 0; r < titanic.rows(); ++r) age_missing += titanic["age"].is_missing(r);
  CHECK(age_missing == 263);
}

}  // namespace io_csv_test
