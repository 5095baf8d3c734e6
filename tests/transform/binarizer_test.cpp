#include "fepipe/transform/binarizer.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace transform_binarizer_test {

using namespace fepipe;

TEST_CASE("Binarizer matches scikit-learn's Binarizer on chosen variables") {
  const Frame X = fepipe_test::load_houseprice().select({"ScreenPorch", "WoodDeckSF"});
  for (const std::string threshold : {"0", "100.5"}) {
    Binarizer b({.threshold = std::stod(threshold)});
    b.fit(X);
    fepipe_test::check_frame_close(
        b.transform(X), fepipe_test::read_reference_frame("transform/binarizer_house_" + threshold + "__transform.csv"),
        0.0);
    fepipe_test::check_rows_match_transform(b, X.head(100));
    fepipe_test::check_transform_roundtrip(b, X);
  }
}

TEST_CASE("Binarizer: x > threshold is 1, equality is 0, NaN and inf are rejected") {
  Frame X;
  X.add("v", Column::numeric({-1.0, 0.0, 1e-300, 5.0}));
  Binarizer b;
  const Frame out = b.fit(X).transform(X);
  CHECK(out.numeric("v")[0] == 0.0);
  CHECK(out.numeric("v")[1] == 0.0);
  CHECK(out.numeric("v")[2] == 1.0);
  Frame bad;
  bad.add("v", Column::numeric({NAN}));
  CHECK_THROWS_WITH_AS(b.transform(bad), doctest::Contains("Binarizer: column 'v'"), DataError);
  CHECK_THROWS_AS(Binarizer({.threshold = NAN}), ParameterError);
}

}  // namespace transform_binarizer_test
