#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "fepipe/io/csv.hpp"
#include "support/reference.hpp"

namespace io_csv_test {

using namespace fepipe;

namespace {
std::string label_at(const Frame& f, const char* col, std::size_t r) {
  const Column& c = f[col];
  return c.codes()[r] < 0 ? std::string("<missing>") : std::string(c.label(c.codes()[r]));
}
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

TEST_CASE("read_csv errors name the problem") {
  CHECK_THROWS_AS(read_csv_string(""), DataError);
  CHECK_THROWS_WITH_AS(read_csv_string("a,a\n1,2\n"), doctest::Contains("twice"), SchemaError);
  CHECK_THROWS_WITH_AS(read_csv_string("a\n1,2\n"), doctest::Contains("line 2"), DataError);
  CHECK_THROWS_WITH_AS(read_csv_string("a\n\"open\n"), doctest::Contains("not closed"), DataError);
  CHECK_THROWS_WITH_AS(read_csv_string("a\n1\n", {.kinds = {{"b", Kind::numeric}}}), doctest::Contains("'b'"),
                       SchemaError);
  CHECK_THROWS_AS(read_csv("/no/such/file.csv"), Error);
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
