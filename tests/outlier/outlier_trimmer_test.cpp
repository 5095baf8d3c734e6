#include "fepipe/outlier/outlier_trimmer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/outlier/winsorizer.hpp"
#include "outlier/capping_cases.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace outlier_outlier_trimmer_test {

using namespace fepipe;

namespace {

const double missing = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> kept_rows_of(const std::string& c) {
  std::vector<std::size_t> rows;
  for (const auto& r : fepipe_test::read_attribute("outlier/" + c + "__kept_rows.csv"))
    rows.push_back(static_cast<std::size_t>(r.value));
  return rows;
}

/// y = the row number, so a filtered target shows which rows survived.
Target row_numbers(std::size_t n) {
  Target y(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) y[static_cast<Eigen::Index>(i)] = static_cast<double>(i);
  return y;
}

}  // namespace

TEST_CASE("OutlierTrimmer keeps the rows feature-engine keeps, and y with them") {
  for (const auto& c : fepipe_test::capping_cases()) {
    const std::string name = "outlier_trimmer_" + c.name;
    CAPTURE(name);
    const Frame X = fepipe_test::case_frame(c);
    OutlierTrimmer t(fepipe_test::case_options<OutlierTrimmer::Options>(c));
    t.fit(X);
    fepipe_test::check_dict_close(t.right_tail_caps_,
                                  fepipe_test::read_number_dict("outlier/" + name + "__right_tail_caps.csv"), 1e-12);
    fepipe_test::check_dict_close(t.left_tail_caps_,
                                  fepipe_test::read_number_dict("outlier/" + name + "__left_tail_caps.csv"), 1e-12);
    const Frame out = t.transform(X);
    fepipe_test::check_frame_close(out, fepipe_test::read_reference_frame("outlier/" + name + "__transform.csv"), 0.0);
    const auto kept = kept_rows_of(name);
    auto [Xt, yt] = t.transform_xy(X, row_numbers(X.rows()));
    fepipe_test::require_identical(Xt, out);
    REQUIRE(static_cast<std::size_t>(yt.size()) == kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i)
      CHECK(yt[static_cast<Eigen::Index>(i)] == static_cast<double>(kept[i]));
    CHECK(t.feature_names_out() == X.names());
    fepipe_test::check_transform_roundtrip(t, X);
  }
}

TEST_CASE("OutlierTrimmer with missing_values = ignore drops rows missing a capped variable") {
  const Frame X = fepipe_test::read_input_frame("outlier_trimmer_small");
  OutlierTrimmer t({.capping_method = CappingMethod::iqr,
                    .tail = Tail::both,
                    .fold = 1.5,
                    .variables = {"x"},
                    .missing_values = MissingValues::ignore});
  t.fit(X);
  const auto kept = kept_rows_of("outlier_trimmer_small_iqr");
  CHECK(std::find(kept.begin(), kept.end(), std::size_t{4}) == kept.end());  // x is missing in row 4
  fepipe_test::check_frame_close(
      t.transform(X), fepipe_test::read_reference_frame("outlier/outlier_trimmer_small_iqr__transform.csv"), 0.0);
}

TEST_CASE("OutlierTrimmer single records: inliers pass unchanged, outliers are a DataError") {
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea"});
  OutlierTrimmer t({.tail = Tail::both});
  t.fit(X);
  const Frame kept = t.transform(X);
  // transform_row on kept rows is the identity (the record path of transform).
  fepipe_test::check_rows_match_transform(t, kept.head(100));
  const double cap = t.right_tail_caps_.at("GrLivArea");
  std::vector<Value> cells{10000.0, cap};  // exactly at the cap: kept
  Row row(cells, 2);
  t.transform_row(row);
  CHECK(row[1].number() == cap);
  cells[1] = cap * 2;
  const std::string msg = fepipe_test::error_message<DataError>([&] { t.transform_row(row); });
  CHECK(msg.find("OutlierTrimmer: column 'GrLivArea': value ") == 0);
  CHECK(msg.find("is above the right cap " + detail::python_float_repr(cap)) != std::string::npos);
  cells[1] = -1e9;
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("is below the left cap"), DataError);
  cells[1] = missing;
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("NaN and infinite values are not allowed"), DataError);
  OutlierTrimmer lenient({.tail = Tail::both, .missing_values = MissingValues::ignore});
  lenient.fit(X);
  CHECK_THROWS_WITH_AS(lenient.transform_row(row), doctest::Contains("value nan is missing"), DataError);
}

TEST_CASE("OutlierTrimmer caps equal the Winsorizer's for the same options") {
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea"});
  OutlierTrimmer t({.capping_method = CappingMethod::mad, .tail = Tail::both});
  Winsorizer w({.capping_method = CappingMethod::mad, .tail = Tail::both});
  t.fit(X);
  w.fit(X);
  CHECK(t.right_tail_caps_ == w.right_tail_caps_);
  CHECK(t.left_tail_caps_ == w.left_tail_caps_);
  CHECK(t.fold_ == w.fold_);
}

TEST_CASE("OutlierTrimmer errors") {
  CHECK_THROWS_AS(OutlierTrimmer({.capping_method = CappingMethod::quantiles, .fold = 0.3}), ParameterError);
  const Frame X = fepipe_test::house_frame().select({"LotArea", "GrLivArea"});
  OutlierTrimmer t;
  CHECK_THROWS_AS(t.transform(X), NotFittedError);
  t.fit(X);
  CHECK_THROWS_WITH_AS(t.transform_xy(X, row_numbers(3)), doctest::Contains("target has 3 values for 1460 rows"),
                       SchemaError);
  CHECK_THROWS_WITH_AS(t.transform(X.select({"LotArea"})), doctest::Contains("column 'GrLivArea': is missing"),
                       SchemaError);
}

TEST_CASE("OutlierTrimmer in a Pipeline keeps y aligned during fit") {
  const Frame X = fepipe_test::house_frame().select({"GrLivArea", "LotArea"});
  const auto price = fepipe_test::house_frame().numeric("SalePrice");
  Target y(static_cast<Eigen::Index>(price.size()));
  for (std::size_t i = 0; i < price.size(); ++i) y[static_cast<Eigen::Index>(i)] = std::log(price[i]);
  Pipeline pipe(OutlierTrimmer({.capping_method = CappingMethod::iqr, .tail = Tail::both}), Lasso({.alpha = 0.001}));
  pipe.fit(X, y);
  // By hand: trim, then fit the Lasso on the surviving rows and their y.
  OutlierTrimmer t({.capping_method = CappingMethod::iqr, .tail = Tail::both});
  t.fit(X);
  auto [Xt, yt] = t.transform_xy(X, y);
  CHECK(Xt.rows() < X.rows());
  Lasso lasso({.alpha = 0.001});
  lasso.fit(Xt, yt);
  fepipe_test::require_identical(pipe.step<1>().coef_, lasso.coef_);
  CHECK(fepipe_test::same_bits(pipe.step<1>().intercept_, lasso.intercept_));
  // Prediction drops outlier rows, as feature-engine's pipeline does.
  CHECK(pipe.predict(X).size() == static_cast<Eigen::Index>(Xt.rows()));
}

}  // namespace outlier_outlier_trimmer_test
