#include <doctest/doctest.h>

#include <fepipe/outlier/winsorizer.hpp>

TEST_CASE("docs: Winsorizer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("x", Column::numeric({1, 2, 3, 4, 5, 6, 7, 8, 9, 100}));

  Winsorizer w({.capping_method = CappingMethod::iqr, .tail = Tail::both, .add_indicators = true});
  Frame Xt = w.fit(X).transform(X);
  // w.fold_                       -> 1.5   (fold 'auto' for iqr)
  // w.right_tail_caps_.at("x")    -> 14.5  (Q75 7.75 + 1.5 * IQR 4.5)
  // w.left_tail_caps_.at("x")     -> -3.5  (Q25 3.25 - 1.5 * 4.5)
  // Xt.numeric("x")[9]            -> 14.5
  // Xt.names()                    -> {"x", "x_left", "x_right"}
  // Xt.numeric("x_right")[9]      -> 1   (the value was lowered)
  // [/doc]
  CHECK(w.fold_ == 1.5);
  CHECK(w.right_tail_caps_.at("x") == 14.5);
  CHECK(w.left_tail_caps_.at("x") == -3.5);
  CHECK(Xt.numeric("x")[9] == 14.5);
  CHECK(Xt.names() == std::vector<std::string>{"x", "x_left", "x_right"});
  CHECK(Xt.numeric("x_right")[9] == 1.0);
  CHECK(Xt.numeric("x_left")[0] == 0.0);
}
