#include "fepipe/transform/log_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace transform_log_transformer_test {

using namespace fepipe;

TEST_CASE("LogTransformer matches feature-engine (base e and 10)") {
  const Frame df = fepipe_test::load_houseprice();
  const std::vector<std::string> cols{"LotArea", "GrLivArea", "1stFlrSF", "SalePrice"};
  const Frame X = df.select(cols);
  for (const std::string base : {"e", "10"}) {
    LogTransformer t({.base = base == "e" ? LogBase::e : LogBase::ten});
    t.fit(X);
    fepipe_test::check_frame_close(
        t.transform(X),
        fepipe_test::read_reference_frame("transform/log_transformer_house_" + base + "__transform.csv"), 1e-15);
    fepipe_test::check_rows_match_transform(t, X.head(100));
    fepipe_test::check_transform_roundtrip(t, X);
    const Frame back = t.inverse_transform(t.transform(X));
    fepipe_test::check_frame_close(back, X, 1e-12);
  }
}

TEST_CASE("LogTransformer rejects non-positive, NaN and infinite values at fit and transform") {
  Frame good;
  good.add("x", Column::numeric({1.0, 2.0}));
  LogTransformer t;
  t.fit(good);
  for (double bad : {0.0, -1.0, double(NAN), double(INFINITY)}) {
    Frame X;
    X.add("x", Column::numeric({1.0, bad}));
    INFO(bad);
    CHECK_THROWS_WITH_AS(LogTransformer().fit(X), doctest::Contains("LogTransformer: column 'x'"), DataError);
    CHECK_THROWS_WITH_AS(t.transform(X), doctest::Contains("row 1"), DataError);
    std::vector<Value> cells{Value(bad)};
    Row row(cells, 1);
    CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("'x'"), DataError);
  }
  Frame text;
  text.add("x", Column::from_labels(std::vector<std::string>{"a"}));
  CHECK_THROWS_AS(LogTransformer({.variables = {"x"}}).fit(text), SchemaError);
}

}  // namespace transform_log_transformer_test
