#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/transform/log_transformer.hpp>

TEST_CASE("docs: LogTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("GrLivArea", Column::numeric({10.0, 100.0, 1000.0}));

  LogTransformer log10({.base = LogBase::ten});
  Frame Xt = log10.fit(X).transform(X);
  // Xt.numeric("GrLivArea") -> {1, 2, 3}
  // log10.inverse_transform(Xt) gives the areas back

  Frame bad;
  bad.add("GrLivArea", Column::numeric({0.0}));
  // log10.transform(bad) throws DataError:
  //   "LogTransformer: column 'GrLivArea': value 0.0 at row 0 is not positive (the log needs x > 0)"
  // [/doc]
  CHECK(Xt.numeric("GrLivArea")[1] == 2.0);
  CHECK(log10.inverse_transform(Xt).numeric("GrLivArea")[2] == doctest::Approx(1000.0));
  CHECK_THROWS_WITH_AS(log10.transform(bad),
                       "LogTransformer: column 'GrLivArea': value 0.0 at row 0 is not positive (the log needs x > 0)",
                       DataError);
}
