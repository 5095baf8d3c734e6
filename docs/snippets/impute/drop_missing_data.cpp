#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/impute/drop_missing_data.hpp>

TEST_CASE("docs: DropMissingData") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("age", Column::numeric({22.0, NAN, 26.0, 35.0}));
  X.add("fare", Column::numeric({7.25, 71.28, NAN, 8.05}));
  X.add("sex", Column::from_labels(std::vector<std::string>{"male", "female", "female", "male"}));
  Target y(4);
  y << 0, 1, 1, 0;

  DropMissingData drop;  // checks the variables that had NaN at fit
  drop.fit(X);
  // drop.variables_                -> {"age", "fare"}

  auto [Xt, yt] = drop.transform_xy(X, y);  // what a Pipeline does during fit
  // Xt.rows() -> 2,  yt -> {0, 0}

  Frame dropped = drop.return_na_data(X);
  // dropped.numeric("fare")        -> {71.28, NaN}

  // A threshold keeps rows with at least that share of values present.
  DropMissingData half({.threshold = 0.5});
  // half.fit(X).transform(X).rows() -> 4   (2 of 3 checked values present)
  // [/doc]
  CHECK(drop.variables_ == std::vector<std::string>{"age", "fare"});
  CHECK(Xt.rows() == 2);
  CHECK(yt.size() == 2);
  CHECK(yt[0] == 0.0);
  CHECK(yt[1] == 0.0);
  CHECK(dropped.rows() == 2);
  CHECK(dropped.numeric("fare")[0] == 71.28);
  CHECK(std::isnan(dropped.numeric("fare")[1]));
  CHECK(half.fit(X).transform(X).rows() == 4);
}
