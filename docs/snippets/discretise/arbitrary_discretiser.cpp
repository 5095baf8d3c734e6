#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/discretise/arbitrary_discretiser.hpp>

TEST_CASE("docs: ArbitraryDiscretiser") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotArea", Column::numeric({3000.0, 5000.0, 12000.0, 2e6}));

  ArbitraryDiscretiser disc({.binning_dict = {{"LotArea", {0, 5000, 10000, 1e6}}}});
  Frame codes = disc.fit(X).transform(X);
  // codes.numeric("LotArea") -> {0, 0, 2, NaN}   (2e6 is beyond the last edge)

  ArbitraryDiscretiser labelled({.binning_dict = {{"LotArea", {0, 5000, 10000, 1e6}}}, .return_boundaries = true});
  Frame labels = labelled.fit(X).transform(X);
  // labels["LotArea"] -> "(-0.001, 5000.0]", "(-0.001, 5000.0]", "(10000.0, 1000000.0]", missing

  ArbitraryDiscretiser strict({.binning_dict = {{"LotArea", {0, 5000, 10000, 1e6}}}, .errors = OutsideBins::raise});
  // strict.fit(X).transform(X) throws DataError:
  //   "ArbitraryDiscretiser: column 'LotArea': value 2000000.0 at row 3 is outside the bin edges ..."
  // [/doc]
  CHECK(codes.numeric("LotArea")[0] == 0.0);
  CHECK(codes.numeric("LotArea")[2] == 2.0);
  CHECK(std::isnan(codes.numeric("LotArea")[3]));
  const Column& l = labels["LotArea"];
  CHECK(l.label(l.codes()[0]) == "(-0.001, 5000.0]");
  CHECK(l.label(l.codes()[2]) == "(10000.0, 1000000.0]");
  CHECK(l.codes()[3] == Column::missing_code);
  CHECK_THROWS_WITH_AS(strict.fit(X).transform(X),
                       doctest::Contains("column 'LotArea': value 2000000.0 at row 3 is outside the bin edges"),
                       DataError);
}
