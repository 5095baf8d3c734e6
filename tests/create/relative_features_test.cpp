#include "fepipe/create/relative_features.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "support/step_test_support.hpp"

namespace create_relative_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();
const std::vector<RelativeFunction> all_functions = {
    RelativeFunction::add,     RelativeFunction::sub,      RelativeFunction::mul, RelativeFunction::div,
    RelativeFunction::truediv, RelativeFunction::floordiv, RelativeFunction::mod, RelativeFunction::pow};

Frame edge() { return fepipe_test::read_input_frame("relative_features_edge"); }

/// Fits on X, compares the output with the reference (zeros by sign too:
/// floordiv and mod must give −0.0 where Python does) and the names.
RelativeFeatures check_reference(RelativeFeatures::Options options, const std::string& ref, const Frame& X) {
  INFO("case " << ref);
  RelativeFeatures t(std::move(options));
  t.fit(X);
  const Frame out = t.transform(X);
  const Frame expected = fepipe_test::read_reference_frame("create/relative_features_" + ref + "__transform.csv");
  fepipe_test::check_columns_close(out, expected, 1e-12);
  for (const auto& name : expected.names()) {
    auto e = expected.numeric(name), a = out.numeric(name);
    for (std::size_t r = 0; r < e.size(); ++r)
      if (e[r] == 0.0) {
        INFO(name << " row " << r);
        CHECK(std::signbit(a[r]) == std::signbit(e[r]));
      }
  }
  CHECK(t.feature_names_out() == fepipe_test::read_list("create/relative_features_" + ref + "__feature_names_out.csv"));
  CHECK(out.names() == t.feature_names_out());
  return t;
}
}  // namespace

TEST_CASE("RelativeFeatures combines variables with references as pandas does") {
  const Frame house = fepipe_test::load_houseprice();
  // pow overflows to inf on House Prices; NaN flows through (missing_values = ignore).
  check_reference(
      {.variables = {"LotArea", "GrLivArea"}, .reference = {"1stFlrSF", "TotRmsAbvGrd"}, .func = all_functions},
      "house", house);
  // BsmtFullBath and 2ndFlrSF hold zeros: fill_value replaces those divisions.
  auto t = check_reference(
      {.variables = {"LotArea", "LotFrontage"},
       .reference = {"BsmtFullBath", "2ndFlrSF"},
       .func = {RelativeFunction::div, RelativeFunction::floordiv, RelativeFunction::mod, RelativeFunction::pow},
       .fill_value = -1.0,
       .drop_original = true},
      "house_zero_fill", house);
  CHECK(t.reference_ == std::vector<std::string>{"BsmtFullBath", "2ndFlrSF"});
  check_reference({.variables = {"fare", "sibsp"}, .reference = {"age"}, .func = all_functions}, "titanic",
                  fepipe_test::read_input_frame("relative_features_titanic"));
}

TEST_CASE("RelativeFeatures follows Python's rules for signs, zeros, infinities and NaN") {
  // Negative operands, ±0.0 and ±inf on both sides, 1e300 / 1e-300.
  check_reference({.variables = {"x", "y"}, .reference = {"r", "s"}, .func = all_functions, .fill_value = 0.5}, "edge",
                  edge());
  // A reference that is also a variable: dropped once, divided by itself.
  check_reference({.variables = {"x", "s"},
                   .reference = {"s"},
                   .func = {RelativeFunction::sub, RelativeFunction::floordiv},
                   .drop_original = true},
                  "edge_self_drop", edge());
  // The kernel on its own: Python's -7 // 2 == -4, -7 % 2 == 1, 7 % -2 == -1,
  // -0.0 // 3 == -0.0, 1 % inf == 1, -1 % inf == inf.
  CHECK(detail::relative_function(RelativeFunction::floordiv, -7.0, 2.0) == -4.0);
  CHECK(detail::relative_function(RelativeFunction::mod, -7.0, 2.0) == 1.0);
  CHECK(detail::relative_function(RelativeFunction::mod, 7.0, -2.0) == -1.0);
  CHECK(std::signbit(detail::relative_function(RelativeFunction::floordiv, -0.0, 3.0)));
  CHECK(detail::relative_function(RelativeFunction::mod, 1.0, inf) == 1.0);
  CHECK(detail::relative_function(RelativeFunction::mod, -1.0, inf) == inf);
  CHECK(std::isnan(detail::relative_function(RelativeFunction::mod, inf, 2.0)));
  CHECK(std::isnan(detail::relative_function(RelativeFunction::floordiv, quiet_nan, 2.0)));
}

TEST_CASE("RelativeFeatures errors name the step, the column and the value") {
  check_error<ParameterError>([] { RelativeFeatures({.variables = {"x"}, .reference = {"r"}}); }, "RelativeFeatures",
                              "", "func is empty");
  check_error<ParameterError>(
      [] { RelativeFeatures({.variables = {"x"}, .reference = {}, .func = {RelativeFunction::add}}); },
      "RelativeFeatures", "", "reference is empty");
  check_error<ParameterError>(
      [] {
        RelativeFeatures({.variables = {"x", "x"}, .reference = {"r"}, .func = {RelativeFunction::add}});
      },
      "RelativeFeatures", "", "'x' is listed twice");
  check_error<ParameterError>(
      [] {
        RelativeFeatures(
            {.variables = {"x"}, .reference = {"r"}, .func = {RelativeFunction::pow, RelativeFunction::pow}});
      },
      "RelativeFeatures", "", "'pow' is listed twice");

  // A zero reference without fill_value: at transform (batch and record).
  RelativeFeatures t(
      {.variables = {"x"}, .reference = {"s", "r"}, .func = {RelativeFunction::add, RelativeFunction::mod}});
  t.fit(edge());
  check_error<DataError>([&] { (void)t.transform(edge()); }, "RelativeFeatures", "r", "value 0.0 at row 6");
  std::vector<Value> cells(edge().cols() + 4);
  fepipe_test::fill_record(edge(), 6, cells);
  Row row(cells, edge().cols());
  check_error<DataError>([&] { t.transform_row(row); }, "RelativeFeatures", "r", "fill_value");
  // add alone does not divide: zeros are fine.
  RelativeFeatures adding({.variables = {"x"}, .reference = {"r"}, .func = {RelativeFunction::add}});
  CHECK(adding.fit(edge()).transform(edge()).numeric("x_add_r")[6] == 2.5);

  // missing_values = raise: NaN and ±inf in variables and references.
  const RelativeFeatures::Options raise{
      .variables = {"y"}, .reference = {"s"}, .func = {RelativeFunction::sub}, .missing_values = MissingValues::raise};
  check_error<DataError>([&] { RelativeFeatures(raise).fit(edge()); }, "RelativeFeatures", "y", "value nan at row 11");
  const Frame clean = edge().head(7);
  RelativeFeatures strict(raise);
  strict.fit(clean);
  Frame bad = clean;
  bad.column(bad.index_of("s")).mutable_values()[1] = inf;
  check_error<DataError>([&] { (void)strict.transform(bad); }, "RelativeFeatures", "s", "value inf at row 1");
  fepipe_test::fill_record(bad, 1, cells);
  Row bad_row(cells, bad.cols());
  check_error<DataError>([&] { strict.transform_row(bad_row); }, "RelativeFeatures", "s", "inf");

  Frame labelled = clean;
  labelled.set("s", Column::from_labels(std::vector<std::string>(7, "x")));
  check_error<SchemaError>([&] { RelativeFeatures(raise).fit(labelled); }, "RelativeFeatures", "s", "categorical");
  check_error<SchemaError>(
      [&] {
        RelativeFeatures({.variables = {"nope"}, .reference = {"s"}, .func = {RelativeFunction::sub}}).fit(clean);
      },
      "RelativeFeatures", "nope");
  Frame taken = clean;
  taken.add("y_sub_s", Column::numeric(std::vector<double>(7, 0.0)));
  check_error<SchemaError>([&] { RelativeFeatures(raise).fit(taken); }, "RelativeFeatures", "y_sub_s",
                           "already exists");
  check_error<NotFittedError>([&] { (void)RelativeFeatures(raise).transform(clean); }, "RelativeFeatures", "");
}

TEST_CASE("RelativeFeatures: one record at a time, without allocating") {
  RelativeFeatures t({.variables = {"x", "y"}, .reference = {"r", "s"}, .func = all_functions, .fill_value = 0.5});
  t.fit(edge());
  fepipe_test::check_record_path(t, edge());
  RelativeFeatures dropping({.variables = {"x", "s"},
                             .reference = {"s", "y"},
                             .func = {RelativeFunction::floordiv, RelativeFunction::pow},
                             .fill_value = -1.0,
                             .drop_original = true});
  dropping.fit(edge());
  fepipe_test::check_record_path(dropping, edge());
}

TEST_CASE("RelativeFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  const Frame X = house.select({"LotArea", "GrLivArea", "1stFlrSF", "TotRmsAbvGrd"});
  const Target y = fepipe_test::log_target_of(house, "SalePrice");
  fepipe_test::check_in_lasso_pipeline(RelativeFeatures({.variables = {"GrLivArea", "1stFlrSF"},
                                                         .reference = {"TotRmsAbvGrd"},
                                                         .func = {RelativeFunction::div, RelativeFunction::mod},
                                                         .drop_original = true}),
                                       X, y);
}

TEST_CASE("RelativeFeatures model files: round trip, hostile content, version-1 fixtures") {
  RelativeFeatures t({.variables = {"x", "y"}, .reference = {"r", "s"}, .func = all_functions, .fill_value = 0.5});
  t.fit(edge());
  fepipe_test::check_transform_roundtrip(t, edge());
  fepipe_test::check_edit_rejected(t, "\"floordiv\"", "\"ceildiv\"");
  fepipe_test::check_edit_rejected(t, "\"reference_\": [\n   \"r\"", "\"reference_\": [\n   \"q\"");
  fepipe_test::check_edit_rejected(t, "\"fill_value\": [\n    0.5\n   ]", "\"fill_value\": [\n    0.5, 1.5\n   ]");
  fepipe_test::check_truncated_binary(t);
  fepipe_test::check_model_fixtures("relative_features", t, edge(),
                                    fepipe_test::read_reference_frame("create/relative_features_edge__transform.csv"),
                                    1e-12);
}

}  // namespace create_relative_features_test
