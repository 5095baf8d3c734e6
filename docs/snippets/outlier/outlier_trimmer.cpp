#include <doctest/doctest.h>

#include <fepipe/outlier/outlier_trimmer.hpp>

TEST_CASE("docs: OutlierTrimmer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("x", Column::numeric({1, 2, 3, 4, 5, 6, 7, 8, 9, 100}));
  Target y(10);
  y << 0, 1, 2, 3, 4, 5, 6, 7, 8, 9;

  OutlierTrimmer t({.capping_method = CappingMethod::iqr, .tail = Tail::both});
  t.fit(X);
  auto [Xt, yt] = t.transform_xy(X, y);
  // Xt.rows() -> 9    (the row with 100 is above the right cap 14.5)
  // yt        -> {0, ..., 8}   (y keeps the surviving rows; a Pipeline does this during fit)

  std::vector<Value> record{100.0};
  Row row(record, 1);
  // t.transform_row(row) throws DataError: a single record cannot be removed
  // [/doc]
  CHECK(Xt.rows() == 9);
  CHECK(yt.size() == 9);
  CHECK(yt[8] == 8.0);
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("is above the right cap 14.5"), DataError);
}
