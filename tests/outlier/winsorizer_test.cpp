#include "fepipe/outlier/winsorizer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "outlier/capping_cases.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace outlier_winsorizer_test {

using namespace fepipe;

namespace {

const double missing = std::numeric_limits<double>::quiet_NaN();

/// Caps, fold_, transform (with indicators), record path and round trip of
/// one reference case.
void check_case(const fepipe_test::CappingCase& c, bool indicators) {
  const std::string name = "outlier/winsorizer_" + c.name + (indicators ? "_indicators" : "");
  CAPTURE(name);
  const Frame X = fepipe_test::case_frame(c);
  auto o = fepipe_test::case_options<Winsorizer::Options>(c);
  o.add_indicators = indicators;
  Winsorizer w(o);
  w.fit(X);
  fepipe_test::check_dict_close(w.right_tail_caps_, fepipe_test::read_number_dict(name + "__right_tail_caps.csv"),
                                1e-12);
  fepipe_test::check_dict_close(w.left_tail_caps_, fepipe_test::read_number_dict(name + "__left_tail_caps.csv"), 1e-12);
  CHECK(w.fold_ == fepipe_test::read_number(name + "__fold.csv"));
  const Frame expected = fepipe_test::read_reference_frame(name + "__transform.csv");
  const Frame out = w.transform(X);
  fepipe_test::check_frame_close(out, expected, 1e-12);
  CHECK(w.feature_names_out() == out.names());
  fepipe_test::check_rows_match_transform(w, X.head(300));
  fepipe_test::check_transform_roundtrip(w, X);
}

}  // namespace

TEST_CASE("Winsorizer matches feature-engine 1.9 (fold 'auto') on House Prices and Titanic") {
  for (const auto& c : fepipe_test::capping_cases()) check_case(c, false);
}

TEST_CASE("Winsorizer indicators: <var>_left / <var>_right, interleaved for both tails") {
  for (const auto& c : fepipe_test::capping_cases())
    if (c.name == "house_gaussian_both_2" || c.name == "house_nan_iqr_both" || c.name == "titanic_gaussian_both" ||
        c.name == "house_quantiles_left")
      check_case(c, true);
  Winsorizer w({.tail = Tail::both, .add_indicators = true});
  w.fit(fepipe_test::house_frame().select({"LotArea", "SalePrice"}));
  CHECK(w.feature_names_out() == std::vector<std::string>{"LotArea", "SalePrice", "LotArea_left", "LotArea_right",
                                                          "SalePrice_left", "SalePrice_right"});
}

TEST_CASE("Winsorizer on a small frame with missing values and ties") {
  const Frame X = fepipe_test::read_input_frame("winsorizer_small");
  for (auto [method, name] : {std::pair{CappingMethod::gaussian, "gaussian"}, std::pair{CappingMethod::iqr, "iqr"},
                              std::pair{CappingMethod::mad, "mad"}}) {
    CAPTURE(name);
    Winsorizer w(
        {.capping_method = method, .tail = Tail::both, .variables = {"x"}, .missing_values = MissingValues::ignore});
    w.fit(X);
    const std::string c = std::string("outlier/winsorizer_small_") + name;
    fepipe_test::check_dict_close(w.right_tail_caps_, fepipe_test::read_number_dict(c + "__right_tail_caps.csv"),
                                  1e-12);
    fepipe_test::check_dict_close(w.left_tail_caps_, fepipe_test::read_number_dict(c + "__left_tail_caps.csv"), 1e-12);
    fepipe_test::check_frame_close(w.transform(X).select({"x"}),
                                   fepipe_test::read_reference_frame(c + "__transform.csv"), 1e-12);
    CHECK(std::isnan(w.transform(X).numeric("x")[4]));  // missing stays missing
  }
}

TEST_CASE("Winsorizer rejects what feature-engine rejects") {
  const Frame X = fepipe_test::read_input_frame("winsorizer_small");
  SUBCASE("no spread") {
    CHECK(!fepipe_test::reference_error("outlier/winsorizer_small_constant__raises.csv").empty());
    CHECK_THROWS_WITH_AS(
        Winsorizer({.variables = {"const"}}).fit(X),
        doctest::Contains("Winsorizer: column 'const': has low variation for capping_method = gaussian"), DataError);
    CHECK(!fepipe_test::reference_error("outlier/winsorizer_small_mad_zero__raises.csv").empty());
    CHECK_THROWS_WITH_AS(Winsorizer({.capping_method = CappingMethod::mad, .variables = {"mostly_same"}}).fit(X),
                         doctest::Contains("column 'mostly_same': has low variation for capping_method = mad"),
                         DataError);
  }
  SUBCASE("missing values with missing_values = raise") {
    CHECK(!fepipe_test::reference_error("outlier/winsorizer_small_nan_raise__raises.csv").empty());
    CHECK_THROWS_WITH_AS(Winsorizer({.variables = {"x"}}).fit(X), doctest::Contains("column 'x': value nan at row 4"),
                         DataError);
    Winsorizer w({.variables = {"x"}, .missing_values = MissingValues::ignore});
    w.fit(X);
    Winsorizer strict({.variables = {"x"}});
    strict.fit(X.head(4));
    CHECK_THROWS_AS(strict.transform(X), DataError);
    std::vector<Value> cells{missing, 7.0, 5.0};
    Row row(cells, 3);
    CHECK_THROWS_WITH_AS(strict.transform_row(row), doctest::Contains("Winsorizer: column 'x': value nan"), DataError);
  }
  SUBCASE("options") {
    CHECK(!fepipe_test::reference_error("outlier/winsorizer_quantiles_fold_above_0.2__raises.csv").empty());
    CHECK_THROWS_WITH_AS(Winsorizer({.capping_method = CappingMethod::quantiles, .fold = 0.25}),
                         doctest::Contains("Winsorizer: with capping_method = quantiles"), ParameterError);
    CHECK_THROWS_AS(Winsorizer({.fold = 0.0}), ParameterError);
    CHECK_THROWS_AS(Winsorizer({.fold = -1.0}), ParameterError);
    CHECK_THROWS_AS(Winsorizer({.fold = missing}), ParameterError);
  }
  SUBCASE("infinite values with missing_values = ignore give a non-finite cap") {
    Frame inf_frame;
    inf_frame.add("v", Column::numeric({1.0, 2.0, std::numeric_limits<double>::infinity(), 3.0}));
    CHECK_THROWS_WITH_AS(Winsorizer({.missing_values = MissingValues::ignore}).fit(inf_frame),
                         doctest::Contains("column 'v': learned a right cap of nan"), DataError);
    Frame all_missing;
    all_missing.add("v", Column::numeric({missing, missing}));
    CHECK_THROWS_WITH_AS(Winsorizer({.missing_values = MissingValues::ignore}).fit(all_missing),
                         doctest::Contains("no non-missing values"), DataError);
  }
  SUBCASE("indicator name clash") {
    Frame clash;
    clash.add("a", Column::numeric({1.0, 2.0, 3.0}));
    clash.add("a_right", Column::numeric({1.0, 5.0, 3.0}));
    CHECK_THROWS_WITH_AS(Winsorizer({.add_indicators = true, .variables = {"a"}}).fit(clash),
                         doctest::Contains("column 'a_right': already exists"), SchemaError);
  }
}

TEST_CASE("Winsorizer with infinite values and missing_values = ignore caps them like any value") {
  Winsorizer w({.capping_method = CappingMethod::iqr, .tail = Tail::both, .missing_values = MissingValues::ignore});
  Frame X;
  X.add("v", Column::numeric({1.0, 2.0, 3.0, 4.0, 5.0}));
  w.fit(X);
  Frame Y;
  Y.add("v",
        Column::numeric({std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), missing}));
  const Frame out = w.transform(Y);
  CHECK(out.numeric("v")[0] == w.right_tail_caps_.at("v"));
  CHECK(out.numeric("v")[1] == w.left_tail_caps_.at("v"));
  CHECK(std::isnan(out.numeric("v")[2]));
}

TEST_CASE("Winsorizer in a Pipeline after an imputer; indicators reach the next step") {
  const Frame X = fepipe_test::house_frame().select({"LotFrontage", "LotArea"});
  Pipeline pipe{MeanMedianImputer(), Winsorizer({.tail = Tail::both, .add_indicators = true})};
  pipe.fit(X);
  CHECK(pipe.feature_names_out() == std::vector<std::string>{"LotFrontage", "LotArea", "LotFrontage_left",
                                                             "LotFrontage_right", "LotArea_left", "LotArea_right"});
  const Frame out = pipe.transform(X);
  double lowered = 0;
  for (double v : out.numeric("LotArea_right")) lowered += v;
  CHECK(lowered > 0);
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace outlier_winsorizer_test
