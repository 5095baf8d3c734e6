#include <doctest/doctest.h>

#include <fepipe/select/select_by_lasso.hpp>

TEST_CASE("docs: SelectByLasso") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("OverallQual", Column::numeric({5.0, 6.0, 7.0, 8.0, 6.0, 7.0}));
  X.add("MoSold", Column::numeric({6.0, 3.0, 3.0, 6.0, 9.0, 9.0}));
  Target y(6);
  y << 11.8, 12.0, 12.2, 12.4, 12.0, 12.2;  // log price: driven by OverallQual only

  // The course's selection: SelectFromModel(Lasso(alpha=0.001, random_state=0)).
  SelectByLasso select({.lasso = {.alpha = 0.001, .random_state = 0u}});
  select.fit(X, y);
  // select.estimator_.coef_ -> {0.1989, 0}   (|coef| < 1e-5 is dropped)
  // select.features_to_drop_ -> {"MoSold"}
  // [/doc]
  CHECK(select.estimator_.coef_[0] == doctest::Approx(0.1989).epsilon(1e-4));
  CHECK(select.estimator_.coef_[1] == 0.0);
  CHECK(select.features_to_drop_ == std::vector<std::string>{"MoSold"});
}
