#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fepipe/core/xtensor_interop.hpp"
#include "fepipe/scale/min_max_scaler.hpp"

namespace core_xtensor_interop_test {

using namespace fepipe;

namespace {
const std::vector<std::string> kNames{"a", "b", "c"};

// 2 rows x 3 columns: a = {1, 4}, b = {2, 5}, c = {3, 6}.
void check_values(const Frame& f) {
  REQUIRE(f.rows() == 2);
  REQUIRE(f.names() == kNames);
  CHECK(f.numeric("a")[0] == 1.0);
  CHECK(f.numeric("a")[1] == 4.0);
  CHECK(f.numeric("b")[0] == 2.0);
  CHECK(f.numeric("b")[1] == 5.0);
  CHECK(f.numeric("c")[0] == 3.0);
  CHECK(f.numeric("c")[1] == 6.0);
}
}  // namespace

TEST_CASE("xtensor compat header: the include layout matches the installed version") {
  // 0.26 moved the headers into containers/, core/, utils/.
  CHECK(FEPIPE_XTENSOR_NESTED_HEADERS == (XTENSOR_VERSION_MAJOR > 0 || XTENSOR_VERSION_MINOR >= 26 ? 1 : 0));
}

TEST_CASE("from_xtensor borrows the columns of a column-major array") {
  xt::xtensor<double, 2, xt::layout_type::column_major> x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  const Frame f = from_xtensor(x, kNames);
  check_values(f);
  for (std::size_t c = 0; c < 3; ++c) {
    CHECK(f.column(c).is_borrowed());
    CHECK(f.column(c).values().data() == &x(0, c));
  }

  SUBCASE("a transformer writes to its own copy, never to the array") {
    MinMaxScaler scaler;
    const Frame scaled = scaler.fit(f).transform(f);
    CHECK(scaled.numeric("a")[1] == 1.0);
    CHECK(x(1, 0) == 4.0);
    CHECK(f.numeric("a").data() == &x(0, 0));
  }
}

TEST_CASE("from_xtensor borrows a caller's column-major buffer through xt::adapt") {
  std::vector<double> buffer{1.0, 4.0, 2.0, 5.0, 3.0, 6.0};  // column-major 2 x 3
  const std::array<std::size_t, 2> shape{2, 3};
  auto adapted = xt::adapt<xt::layout_type::column_major>(buffer.data(), buffer.size(), xt::no_ownership(), shape);
  const Frame f = from_xtensor(adapted, {"a", "b", "c"});
  check_values(f);
  CHECK(f.numeric("a").data() == buffer.data());
  CHECK(f.numeric("c").data() == buffer.data() + 4);
}

TEST_CASE("from_xtensor: single rows and single columns are contiguous in either layout") {
  xt::xtensor<double, 2, xt::layout_type::column_major> one_row = {{1.0, 2.0, 3.0}};
  const Frame r = from_xtensor(one_row, kNames);
  CHECK(r.rows() == 1);
  CHECK(r.column(2).is_borrowed());
  CHECK(r.numeric("c").data() == &one_row(0, 2));

  xt::xtensor<double, 2, xt::layout_type::row_major> one_column = {{1.0}, {2.0}, {3.0}};
  const Frame c = from_xtensor(one_column, {"x"});
  CHECK(c.rows() == 3);
  CHECK(c.column(0).is_borrowed());
  CHECK(c.numeric("x")[2] == 3.0);
}

TEST_CASE("from_xtensor copies what it cannot borrow") {
  SUBCASE("row-major") {
    xt::xarray<double, xt::layout_type::row_major> x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
    const Frame f = from_xtensor(x, kNames);
    check_values(f);
    CHECK_FALSE(f.column(0).is_borrowed());
  }
  SUBCASE("integers become doubles") {
    xt::xtensor<std::int64_t, 2, xt::layout_type::column_major> x = {{1, 2, 3}, {4, 5, 6}};
    const Frame f = from_xtensor(x, kNames);
    check_values(f);
    CHECK_FALSE(f.column(0).is_borrowed());
  }
  SUBCASE("a lazy expression is evaluated") {
    xt::xtensor<double, 2, xt::layout_type::column_major> x = {{0.0, 1.0, 2.0}, {3.0, 4.0, 5.0}};
    const Frame f = from_xtensor(x + 1.0, kNames);
    check_values(f);
  }
  SUBCASE("a temporary array is copied: borrowing it would dangle") {
    const Frame f = from_xtensor(xt::xtensor<double, 2, xt::layout_type::column_major>{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}},
                                 kNames);
    check_values(f);
    CHECK_FALSE(f.column(1).is_borrowed());
  }
}

TEST_CASE("from_xtensor errors name the problem") {
  xt::xarray<double> one_d = {1.0, 2.0};
  CHECK_THROWS_WITH_AS(from_xtensor(one_d, {"a", "b"}), doctest::Contains("2-D"), SchemaError);
  xt::xarray<double> three_d = xt::xarray<double>::from_shape({2, 2, 2});
  CHECK_THROWS_WITH_AS(from_xtensor(three_d, {"a", "b"}), doctest::Contains("3 dimensions"), SchemaError);
  xt::xtensor<double, 2> x = {{1.0, 2.0}};
  CHECK_THROWS_WITH_AS(from_xtensor(x, {"a"}), doctest::Contains("1 column names for 2 columns"), SchemaError);
  CHECK_THROWS_WITH_AS(from_xtensor(x, {"a", "a"}), doctest::Contains("'a'"), SchemaError);
}

TEST_CASE("as_xtensor adapts a numeric column without copying") {
  Frame f;
  f.add("x", Column::numeric({1.0, 2.0, 3.0}));
  f.add("s", Column::from_labels(std::vector<std::string>{"p", "q", "r"}));

  const Frame& cf = f;
  const auto view = as_xtensor(cf, "x");
  REQUIRE(view.dimension() == 1);
  CHECK(view.shape()[0] == 3);
  CHECK(view.data() == f.numeric("x").data());
  CHECK(view(2) == 3.0);

  auto writable = as_xtensor(f, "x");
  writable(0) = 10.0;
  CHECK(f.numeric("x")[0] == 10.0);

  CHECK_THROWS_WITH_AS(as_xtensor(cf, "s"), doctest::Contains("'s'"), SchemaError);
  CHECK_THROWS_WITH_AS(as_xtensor(f, "zz"), doctest::Contains("'zz'"), SchemaError);
  CHECK_THROWS_WITH_AS(as_xtensor(cf.column(1)), doctest::Contains("categorical"), SchemaError);
}

TEST_CASE("as_xtensor on a borrowed column copies before the first write") {
  std::vector<double> buffer{1.0, 2.0};
  Column col = Column::view(buffer);
  const Column& ccol = col;
  CHECK(as_xtensor(ccol).data() == buffer.data());  // reading borrows
  auto w = as_xtensor(col);
  w(1) = 7.0;
  CHECK(buffer[1] == 2.0);  // the caller's data is never modified
  CHECK(col.values()[1] == 7.0);
  CHECK_FALSE(col.is_borrowed());
}

}  // namespace core_xtensor_interop_test
