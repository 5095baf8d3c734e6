#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/transform/log_cp_transformer.hpp>

TEST_CASE("docs: LogCpTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("profit", Column::numeric({-1.0, 0.0, 3.0}));
  X.add("area", Column::numeric({1.0, 10.0, 100.0}));

  LogCpTransformer t;  // C learned per variable
  Frame Xt = t.fit(X).transform(X);
  // t.C_.at("profit") -> 2   (|min| + 1: the minimum is not positive)
  // t.C_.at("area")   -> 0   (the minimum is positive)
  // Xt.numeric("profit") -> {log 1, log 2, log 5}

  LogCpTransformer fixed({.base = LogBase::ten, .C_dict = {{"profit", 5.0}}});
  // fixed.fit(X) transforms only "profit", as log10(x + 5)
  // [/doc]
  CHECK(t.C_.at("profit") == 2.0);
  CHECK(t.C_.at("area") == 0.0);
  CHECK(Xt.numeric("profit")[2] == std::log(5.0));
  CHECK(Xt.numeric("area")[1] == std::log(10.0));
  const Frame f = fixed.fit(X).transform(X);
  CHECK(f.numeric("profit")[2] == std::log10(8.0));
  CHECK(f.numeric("area")[2] == 100.0);
}
