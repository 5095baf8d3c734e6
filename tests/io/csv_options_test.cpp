// read_csv's pandas options beyond the defaults (skipinitialspace, comment,
// skiprows, nrows), the public record scanner, and the encoding checks.
// Expected values are pandas 1.5.3's read_csv of the same text with the same
// options (Debian 12's python3-pandas; the calls are quoted beside each case).

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/io/csv.hpp"

namespace io_csv_options_test {

using namespace fepipe;

namespace {
std::string label_at(const Frame& f, const char* col, std::size_t r) {
  const Column& c = f[col];
  return c.codes()[r] < 0 ? std::string("<missing>") : std::string(c.label(c.codes()[r]));
}
std::vector<std::vector<std::string>> records(std::string_view text, const CsvOptions& options = {}) {
  CsvScanner scan(text, options);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> out;
  while (scan.next(fields)) out.emplace_back(fields.begin(), fields.end());
  return out;
}
// A census-income style file: ", " separators, "?" for missing.
constexpr std::string_view census =
    "age, workclass, fnlwgt, income\n"
    "39, State-gov, 77516, <=50K\n"
    "50, ?, 83311, >50K\n"
    "38, Private, ?, <=50K\n";
}  // namespace

TEST_CASE("read_csv skipinitialspace reads ', '-separated files with their markers") {
  // pd.read_csv(census, skipinitialspace=True, na_values=["?"])
  const Frame f = read_csv_string(census, {.skipinitialspace = true, .na_values = {"?"}});
  REQUIRE(f.names() == std::vector<std::string>{"age", "workclass", "fnlwgt", "income"});
  CHECK(f["age"].is_numeric());
  CHECK(f["fnlwgt"].is_numeric());
  CHECK(f.numeric("fnlwgt")[1] == 83311.0);
  CHECK(std::isnan(f.numeric("fnlwgt")[2]));
  CHECK(f["workclass"].labels() == std::vector<std::string>{"State-gov", "Private"});
  CHECK(label_at(f, "workclass", 1) == "<missing>");
  CHECK(f["income"].labels() == std::vector<std::string>{"<=50K", ">50K"});

  // Without it, as pandas: the names and labels keep their space, " ?" is
  // not the marker "?", so fnlwgt is text.
  const Frame raw = read_csv_string(census, {.na_values = {"?"}});
  REQUIRE(raw.names() == std::vector<std::string>{"age", " workclass", " fnlwgt", " income"});
  CHECK(label_at(raw, " workclass", 1) == " ?");
  CHECK(raw[" fnlwgt"].is_categorical());
}

TEST_CASE("skipinitialspace skips spaces before a field, quoted fields included, never after") {
  // pd.read_csv("a,b\n1, \"q,r\" \n", skipinitialspace=True) -> b = "q,r "
  const Frame f = read_csv_string("a,b\n1, \"q,r\" \n", {.skipinitialspace = true});
  CHECK(label_at(f, "b", 0) == "q,r ");
  CHECK(records("  x ,  , y", {.skipinitialspace = true}) == std::vector<std::vector<std::string>>{{"x ", "", "y"}});
  CHECK(records("  x ,  , y") == std::vector<std::vector<std::string>>{{"  x ", "  ", " y"}});
}

TEST_CASE("read_csv comment ignores the rest of a line and skips comment lines") {
  // pd.read_csv("# top\na,b # hdr\n1,2#c\n  # x\n#only\n3,\"4#\"\n", comment="#")
  const Frame f = read_csv_string("# top\na,b # hdr\n1,2#c\n  # x\n#only\n3,\"4#\"\n", {.comment = '#'});
  REQUIRE(f.names() == std::vector<std::string>{"a", "b "});
  REQUIRE(f.rows() == 3);
  CHECK(label_at(f, "a", 0) == "1");
  CHECK(label_at(f, "a", 1) == "  ");  // a line of spaces before a comment is a record, as in pandas
  CHECK(label_at(f, "b ", 1) == "<missing>");
  CHECK(label_at(f, "b ", 2) == "4#");  // inside quotes it is text
  // CRLF line ends: pd.read_csv("a,b\r\n# c\r\n1,2\r\n", comment="#")
  const Frame crlf = read_csv_string("a,b\r\n# c\r\n1,2\r\n", {.comment = '#'});
  REQUIRE(crlf.rows() == 1);
  CHECK(crlf.numeric("b")[0] == 2.0);
  // Without the option '#' is text.
  CHECK(read_csv_string("a\n#x\n")["a"].labels() == std::vector<std::string>{"#x"});
}

TEST_CASE("read_csv skiprows and nrows") {
  // pd.read_csv("junk\nmore junk\na,b\n1,2\n3,4\n5,6\n", skiprows=2, nrows=2)
  const Frame f = read_csv_string("junk\nmore junk\na,b\n1,2\n3,4\n5,6\n", {.skiprows = 2, .nrows = 2});
  REQUIRE(f.names() == std::vector<std::string>{"a", "b"});
  REQUIRE(f.rows() == 2);
  CHECK(f.numeric("a")[1] == 3.0);
  // nrows=0: the header only.
  const Frame none = read_csv_string("x\n1\n2\n", {.nrows = 0});
  CHECK(none.rows() == 0);
  CHECK(none.names() == std::vector<std::string>{"x"});
  // A row after nrows is never read: its error is not raised.
  CHECK(read_csv_string("a,b\n1,2\n1,2,3\n", {.nrows = 1}).rows() == 1);
  // Messages keep the file's line numbers.
  try {
    (void)read_csv_string("skip me\na,b\n1,2\n1,2,3\n", {.skiprows = 1});
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("line 4 has 3 fields") != std::string::npos);
  }
  // Skipping every line leaves no header.
  CHECK_THROWS_WITH_AS(read_csv_string("a\n1\n", {.skiprows = 5}), "read_csv: no header row", DataError);
}

TEST_CASE("lines of only spaces and tabs are blank, as pandas' skip_empty_lines") {
  // pd.read_csv("a,b\n1,2\n   \n3,4\n \t \n5,6")
  const Frame f = read_csv_string("a,b\n1,2\n   \n3,4\n \t \n5,6");
  REQUIRE(f.rows() == 3);
  CHECK(f["a"].is_numeric());
  CHECK(f.numeric("a")[2] == 5.0);
  // ... unless the blank is the delimiter: then the line is a record of empty fields.
  const Frame tabs = read_csv_string("a\tb\n1\t2\n\t\n", {.delimiter = '\t'});
  REQUIRE(tabs.rows() == 2);
  CHECK(std::isnan(tabs.numeric("a")[1]));
}

TEST_CASE("CsvScanner gives a host the records read_csv reads") {
  CHECK(records("a,\"b,c\"\n\n1,\"x\"\"y\"\r\n2\r3") ==
        std::vector<std::vector<std::string>>{{"a", "b,c"}, {"1", "x\"y"}, {"2"}, {"3"}});
  CsvScanner scan("h\n\n\"two\nlines\"\nlast\n");
  std::vector<std::string_view> fields;
  REQUIRE(scan.next(fields));
  CHECK(scan.line() == 1);
  REQUIRE(scan.next(fields));
  CHECK(scan.line() == 3);
  CHECK(fields[0] == "two\nlines");
  REQUIRE(scan.next(fields));
  CHECK(scan.line() == 5);
  CHECK_FALSE(scan.next(fields));
  CHECK_THROWS_WITH_AS(records("a\n\"open\n"), "read_csv: line 2: a quoted field opened here is not closed", DataError);
}

TEST_CASE("options that cannot describe a CSV dialect are a ParameterError") {
  CHECK_THROWS_AS(read_csv_string("a\n", {.delimiter = '"'}), ParameterError);
  CHECK_THROWS_AS(read_csv_string("a\n", {.comment = ','}), ParameterError);
  CHECK_THROWS_AS(read_csv_string("a\n", {.delimiter = '\n'}), ParameterError);
  CHECK_THROWS_AS(read_csv_string("a\n", {.delimiter = ' ', .skipinitialspace = true}), ParameterError);
}

TEST_CASE("read_csv reads UTF-8 and says so for other encodings") {
  // A byte order mark is skipped.
  CHECK(read_csv_string("\xEF\xBB\xBF" "caf\xC3\xA9\n1\n").names() == std::vector<std::string>{"caf\xC3\xA9"});
  // UTF-16 is refused before reading, with what to do.
  CHECK_THROWS_WITH_AS(read_csv_string(std::string_view("\xFF\xFE" "a\0\n\0", 6)),
                       doctest::Contains("the text is UTF-16"), DataError);
  // A Latin-1 label: the column, the line, the byte, escaped in the message.
  try {
    (void)read_csv_string("id,city\n1,Paris\n2,Montr\xE9" "al\n");
    FAIL("no error");
  } catch (const DataError& e) {
    const std::string what = e.what();
    CHECK(what.find("column 'city'") != std::string::npos);
    CHECK(what.find("line 3") != std::string::npos);
    CHECK(what.find("'Montr\\xE9al' is not UTF-8 (byte 0xE9 at offset 5)") != std::string::npos);
  }
  // In the header, and in a column read as categorical by request.
  CHECK_THROWS_WITH_AS(read_csv_string("\xFFx\n1\n"), doctest::Contains("the header"), DataError);
  CHECK_THROWS_AS(read_csv_string("k\n\xC0\x80\n", {.kinds = {{"k", Kind::categorical}}}), DataError);
}

}  // namespace io_csv_options_test
