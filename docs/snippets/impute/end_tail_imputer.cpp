#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/impute/end_tail_imputer.hpp>

TEST_CASE("docs: EndTailImputer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotFrontage", Column::numeric({2.0, 4.0, NAN, 6.0, 8.0}));

  // Q25 = 3.5, Q75 = 6.5, IQR = 3: the right end is Q75 + 1.5 * IQR.
  EndTailImputer iqr({.imputation_method = EndTailImputation::iqr, .fold = 1.5});
  iqr.fit(X);
  // iqr.imputer_dict_.at("LotFrontage")   -> 11.0

  EndTailImputer left({.imputation_method = EndTailImputation::iqr, .tail = ImputationTail::left, .fold = 1.5});
  left.fit(X);
  // left.imputer_dict_.at("LotFrontage")  -> -1.0   (Q25 - 1.5 * IQR)

  EndTailImputer gaussian;  // mean + 3 * sample std (ddof 1)
  gaussian.fit(X);
  // gaussian.imputer_dict_.at("LotFrontage") -> 5 + 3 * 2.582 = 12.746

  Frame Xt = iqr.transform(X);
  // Xt.numeric("LotFrontage")             -> {2, 4, 11, 6, 8}
  // [/doc]
  CHECK(iqr.imputer_dict_.at("LotFrontage") == 11.0);
  CHECK(left.imputer_dict_.at("LotFrontage") == -1.0);
  CHECK(gaussian.imputer_dict_.at("LotFrontage") == doctest::Approx(5.0 + 3.0 * std::sqrt(20.0 / 3.0)));
  CHECK(gaussian.imputer_dict_.at("LotFrontage") == doctest::Approx(12.746).epsilon(1e-4));
  CHECK(Xt.numeric("LotFrontage")[2] == 11.0);
}
