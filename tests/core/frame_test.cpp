#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/frame.hpp"

namespace core_frame_test {

using namespace fepipe;

TEST_CASE("Frame: add, select, drop, pop, rename, take_rows") {
  Frame f;
  f.add("a", Column::numeric({1, 2, 3}));
  f.add("b", Column::from_labels(std::vector<std::string>{"x", "", "y"}));
  f.add("c", Column::numeric({7, 8, 9}));
  CHECK(f.rows() == 3);
  CHECK(f.cols() == 3);
  CHECK(f["b"].is_missing(1));
  CHECK(f["b"].labels() == std::vector<std::string>{"x", "y"});
  CHECK(f.select({"c", "a"}).names() == std::vector<std::string>{"c", "a"});
  Frame g = f;
  g.drop({"a"});
  CHECK(g.names() == std::vector<std::string>{"b", "c"});
  Column c = g.pop("c");
  CHECK(c.values()[2] == 9.0);
  g.rename("b", "bee");
  CHECK(g.contains("bee"));
  const std::vector<std::size_t> rows{2, 0};
  const Frame t = f.take_rows(rows);
  CHECK(t.numeric("a")[0] == 3.0);
  CHECK(t["b"].label(t["b"].codes()[0]) == "y");
  CHECK(f.head(2).rows() == 2);
  CHECK(observed_categories(t["b"]) == std::vector<std::string>{"y", "x"});
}

TEST_CASE("Frame errors name the column") {
  Frame f;
  f.add("a", Column::numeric({1, 2}));
  CHECK_THROWS_WITH_AS(f.add("a", Column::numeric({1, 2})), doctest::Contains("'a'"), SchemaError);
  CHECK_THROWS_WITH_AS(f.add("b", Column::numeric({1})), doctest::Contains("'b'"), SchemaError);
  CHECK_THROWS_WITH_AS(f["zz"], doctest::Contains("'zz'"), SchemaError);
  CHECK_THROWS_WITH_AS(f.pop("zz"), doctest::Contains("'zz'"), SchemaError);
  f.add("s", Column::from_labels(std::vector<std::string>{"p", "q"}));
  CHECK_THROWS_WITH_AS(f.numeric("s"), doctest::Contains("categorical"), SchemaError);
  const std::vector<std::size_t> bad{5};
  CHECK_THROWS_AS(f.take_rows(bad), SchemaError);
  CHECK_THROWS_AS(Column::categorical({0, 3}, {"a", "b"}), SchemaError);
  CHECK_THROWS_WITH_AS(Column::categorical({0}, {"a", "a"}), doctest::Contains("duplicate"), SchemaError);
}

TEST_CASE("Column::view borrows a buffer and copies on first write") {
  std::vector<double> buffer{1.0, 2.0, 3.0};
  Frame f;
  f.add("v", Column::view(buffer));
  CHECK(f["v"].is_borrowed());
  Frame copy = f;
  copy["v"].mutable_values()[0] = 42.0;
  CHECK(buffer[0] == 1.0);  // the caller's data is never modified
  CHECK(copy.numeric("v")[0] == 42.0);
  CHECK(f.numeric("v").data() == buffer.data());  // still zero-copy
}

}  // namespace core_frame_test
