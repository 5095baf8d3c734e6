#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/roundtrip.hpp"

using namespace fepipe;

namespace {
const double nan = std::numeric_limits<double>::quiet_NaN();

Frame small_frame() {
  Frame f;
  f.add("a", Column::numeric({1.0, nan, 3.0, 10.0}));
  f.add("b", Column::numeric({nan, 2.0, 2.0, 5.0}));
  f.add("c", Column::from_labels(std::vector<std::string>{"x", "y", "", "x"}));
  return f;
}
}  // namespace

TEST_CASE("MeanMedianImputer learns NaN-skipping medians of numeric columns") {
  MeanMedianImputer imp;
  imp.fit(small_frame());
  CHECK(imp.variables_ == std::vector<std::string>{"a", "b"});
  CHECK(imp.imputer_dict_.at("a") == 3.0);
  CHECK(imp.imputer_dict_.at("b") == 2.0);
  Frame out = imp.transform(small_frame());
  CHECK(out.numeric("a")[1] == 3.0);
  CHECK(out.numeric("b")[0] == 2.0);
}

TEST_CASE("MeanMedianImputer round trip") {
  MeanMedianImputer imp({.imputation_method = ImputationMethod::mean, .variables = {"a"}});
  imp.fit(small_frame());
  CHECK(imp.imputer_dict_.at("a") == doctest::Approx(14.0 / 3.0));
  fepipe_test::check_transform_roundtrip(imp, small_frame());
}
