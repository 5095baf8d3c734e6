#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
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

namespace {
/// find() of every name, and of names that are absent, against a scan of names().
void check_index(const Frame& f) {
  for (std::size_t i = 0; i < f.cols(); ++i) {
    INFO("column " << i << " '" << f.name(i) << "'");
    REQUIRE(f.find(f.name(i)) == std::optional<std::size_t>(i));
  }
  for (const char* absent : {"", "absent", "n-1", "renamed-none"}) CHECK(!f.contains(absent));
}
Column numbers(std::size_t rows, double v) { return Column::numeric(std::vector<double>(rows, v)); }
/// prefix + i, appended: GCC 12 at -O3 misreports `"..." + std::to_string(i)`
/// as a memcpy beyond the maximum object size (-Wstringop-overflow).
std::string numbered(const char* prefix, std::size_t i) {
  std::string out = prefix;
  out += std::to_string(i);
  return out;
}
}  // namespace

TEST_CASE("Frame name index follows every change of the columns") {
  // Frames of up to 16 columns scan their names, wider ones keep a hash
  // index: sizes cross that boundary both ways.
  for (std::size_t width : {3u, 16u, 17u, 40u, 300u}) {
    INFO("width " << width);
    Frame f;
    for (std::size_t i = 0; i < width; ++i) f.add(numbered("n", i), numbers(2, static_cast<double>(i)));
    check_index(f);
    CHECK(f.numeric(numbered("n", width - 1))[0] == static_cast<double>(width - 1));
    CHECK_THROWS_AS(f.add("n0", numbers(2, 0.0)), SchemaError);
    check_index(f);

    f.rename("n0", "first");  // rename keeps position; the old name is gone
    CHECK(f.find("first") == std::optional<std::size_t>(0));
    CHECK(!f.contains("n0"));
    f.rename("first", "first");
    CHECK_THROWS_AS(f.rename("first", "n1"), SchemaError);
    check_index(f);

    Frame copy = f;  // copies carry a working index of their own
    copy.rename("first", "only-in-copy");
    CHECK(f.contains("first"));
    CHECK(!f.contains("only-in-copy"));
    check_index(copy);
    Frame moved = std::move(copy);
    check_index(moved);

    f.set("n1", numbers(2, -1.0));  // replace: same position
    f.set("added-by-set", numbers(2, 5.0));
    CHECK(f.find("added-by-set") == std::optional<std::size_t>(width));
    check_index(f);

    const Column popped = f.pop("n1");
    CHECK(popped.values()[0] == -1.0);
    CHECK(!f.contains("n1"));
    check_index(f);
    if (f.cols() > 3) {
      f.drop({f.name(1), f.name(f.cols() - 1)});
      check_index(f);
    }
    std::vector<std::size_t> every_third;
    for (std::size_t i = 0; i < f.cols(); i += 3) every_third.push_back(i);
    Frame erased = f;
    erased.erase_columns(every_third);
    check_index(erased);

    std::vector<std::size_t> order;  // reversed, every other column
    for (std::size_t i = f.cols(); i-- > 0;)
      if (i % 2 == 0) order.push_back(i);
    const std::string last_kept = f.name(order.front());
    Frame permuted = f;
    permuted.permute(order);
    CHECK(permuted.name(0) == last_kept);
    check_index(permuted);
    for (std::size_t i = 0; i < 5; ++i) permuted.add(numbered("after-permute-", i), numbers(2, 0.0));
    check_index(permuted);

    const std::vector<std::size_t> rows{1, 0};
    check_index(f.take_rows(rows));
    check_index(f.head(1));
    const std::vector<std::string> names(f.names().rbegin(), f.names().rend());
    check_index(f.select(names));
  }
}

TEST_CASE("Frame name index: random edits agree with a scan of the names") {
  std::mt19937_64 rng(12345);
  Frame f;
  std::size_t next = 0;
  for (int step = 0; step < 3000; ++step) {
    const auto op = rng() % 10;
    if (op < 5 || f.cols() < 2) {
      f.add(numbered("c", next++), numbers(1, 0.0));
    } else if (op < 7) {
      const std::size_t i = rng() % f.cols();
      f.rename(f.name(i), numbered("r", next++));
    } else if (op < 8) {
      f.pop(f.name(rng() % f.cols()));
    } else if (op < 9) {
      std::vector<std::size_t> drop;
      for (std::size_t i = 0; i < f.cols(); ++i)
        if (rng() % 8 == 0) drop.push_back(i);
      f.erase_columns(drop);
    } else {
      std::vector<std::size_t> order(f.cols());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), rng);
      f.permute(order);
    }
    if (step % 50 == 0) check_index(f);
  }
  check_index(f);
}

}  // namespace core_frame_test
