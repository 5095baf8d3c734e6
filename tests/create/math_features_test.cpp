#include "fepipe/create/math_features.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "support/step_test_support.hpp"

namespace create_math_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
const double inf = std::numeric_limits<double>::infinity();
const std::vector<MathFunction> all_functions = {MathFunction::sum,    MathFunction::prod, MathFunction::mean,
                                                 MathFunction::median, MathFunction::min,  MathFunction::max,
                                                 MathFunction::std,    MathFunction::var};

Frame edge() { return fepipe_test::read_input_frame("math_features_edge"); }

std::vector<std::string> ten_variables() { return {"v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"}; }

/// Fits on X, compares the output (the reference's columns) and the names.
MathFeatures check_reference(MathFeatures::Options options, const std::string& ref, const Frame& X) {
  INFO("case " << ref);
  MathFeatures t(std::move(options));
  t.fit(X);
  const Frame out = t.transform(X);
  fepipe_test::check_columns_close(
      out, fepipe_test::read_reference_frame("create/math_features_" + ref + "__transform.csv"), 1e-12);
  CHECK(t.feature_names_out() == fepipe_test::read_list("create/math_features_" + ref + "__feature_names_out.csv"));
  CHECK(out.names() == t.feature_names_out());
  return t;
}
}  // namespace

TEST_CASE("MathFeatures aggregates rows as pandas does (House Prices, Titanic)") {
  const Frame house = fepipe_test::load_houseprice();
  check_reference({.variables = {"LotFrontage", "MasVnrArea", "GarageYrBlt"},
                   .func = all_functions,
                   .missing_values = MissingValues::ignore},
                  "house_ignore", house);
  check_reference({.variables = {"1stFlrSF", "2ndFlrSF", "TotalBsmtSF", "GarageArea"}, .func = all_functions},
                  "house_raise", house);
  auto t = check_reference({.variables = {"1stFlrSF", "2ndFlrSF"},
                            .func = {MathFunction::sum, MathFunction::mean},
                            .new_variables_names = {"TotalFlrSF", "MeanFlrSF"},
                            .drop_original = true},
                           "house_names_drop", house);
  CHECK(t.variables_ == std::vector<std::string>{"1stFlrSF", "2ndFlrSF"});
  check_reference(
      {.variables = {"age", "fare", "sibsp", "parch"}, .func = all_functions, .missing_values = MissingValues::ignore},
      "titanic", fepipe_test::read_input_frame("math_features_titanic"));
}

TEST_CASE("MathFeatures on ten variables with NaN, all-NaN rows, ±inf and ties") {
  // Ten values per row: numpy's pairwise summation (blocks of 8) decides the
  // last bits of sum, mean and var; all-NaN rows sum to 0 and multiply to 1.
  auto t = check_reference(
      {.variables = ten_variables(), .func = all_functions, .missing_values = MissingValues::ignore}, "edge", edge());
  const Frame out = t.transform(edge());
  CHECK(out.numeric("sum_v0_v1_v2_v3_v4_v5_v6_v7_v8_v9")[2] == 0.0);
  CHECK(out.numeric("prod_v0_v1_v2_v3_v4_v5_v6_v7_v8_v9")[2] == 1.0);
  CHECK(std::isnan(out.numeric("mean_v0_v1_v2_v3_v4_v5_v6_v7_v8_v9")[2]));
  CHECK(std::isnan(out.numeric("std_v0_v1_v2_v3_v4_v5_v6_v7_v8_v9")[3]));
  CHECK(out.numeric("var_v0_v1_v2_v3_v4_v5_v6_v7_v8_v9")[4] == 0.0);
  // A single function, dropping the originals.
  check_reference({.variables = {"v0", "v1"},
                   .func = {MathFunction::median},
                   .missing_values = MissingValues::ignore,
                   .drop_original = true},
                  "edge_single_func", edge());
}

TEST_CASE("MathFeatures errors name the step, the column and the value") {
  check_error<ParameterError>([] { MathFeatures({.variables = {"a"}, .func = {MathFunction::sum}}); }, "MathFeatures",
                              "", "at least 2");
  check_error<ParameterError>(
      [] {
        MathFeatures({.variables = {"a", "a"}, .func = {MathFunction::sum}});
      },
      "MathFeatures", "", "'a' is listed twice");
  check_error<ParameterError>([] { MathFeatures({.variables = {"a", "b"}}); }, "MathFeatures", "", "func is empty");
  check_error<ParameterError>(
      [] {
        MathFeatures({.variables = {"a", "b"}, .func = {MathFunction::max, MathFunction::max}});
      },
      "MathFeatures", "", "'max' is listed twice");
  check_error<ParameterError>(
      [] {
        MathFeatures({.variables = {"a", "b"}, .func = {MathFunction::max}, .new_variables_names = {"x", "y"}});
      },
      "MathFeatures", "", "2 names for 1 functions");
  check_error<ParameterError>([] { MathFeatures().fit(edge()); }, "MathFeatures", "", "variables is empty");

  // missing_values = raise: NaN and ±inf, at fit, transform and per record.
  const MathFeatures::Options raise{.variables = {"v0", "v1"}, .func = {MathFunction::sum}};
  check_error<DataError>([&] { MathFeatures(raise).fit(edge()); }, "MathFeatures", "v0", "value nan at row 2");
  const Frame clean = edge().take_rows(std::vector<std::size_t>{0, 1, 4});
  MathFeatures t(raise);
  t.fit(clean);
  Frame bad = clean;
  bad.column(bad.index_of("v1")).mutable_values()[2] = -inf;
  check_error<DataError>([&] { (void)t.transform(bad); }, "MathFeatures", "v1", "value -inf at row 2");
  std::vector<Value> cells(bad.cols() + 1);
  fepipe_test::fill_record(bad, 2, cells);
  Row row(cells, bad.cols());
  check_error<DataError>([&] { t.transform_row(row); }, "MathFeatures", "v1", "-inf");

  Frame labelled = clean;
  labelled.set("v1", Column::from_labels(std::vector<std::string>(3, "x")));
  check_error<SchemaError>([&] { MathFeatures(raise).fit(labelled); }, "MathFeatures", "v1", "categorical");
  check_error<SchemaError>([&] { (void)t.transform(labelled); }, "MathFeatures", "v1");
  check_error<SchemaError>(
      [&] {
        MathFeatures({.variables = {"v0", "absent"}, .func = {MathFunction::sum}}).fit(clean);
      },
      "MathFeatures", "absent");
  // A new name that already is a column would overwrite it in pandas.
  check_error<SchemaError>(
      [&] {
        MathFeatures({.variables = {"v0", "v1"}, .func = {MathFunction::sum}, .new_variables_names = {"v2"}})
            .fit(clean);
      },
      "MathFeatures", "v2", "already exists");
  check_error<NotFittedError>([&] { (void)MathFeatures(raise).transform(clean); }, "MathFeatures", "");
}

TEST_CASE("MathFeatures: one record at a time, without allocating") {
  MathFeatures t({.variables = ten_variables(), .func = all_functions, .missing_values = MissingValues::ignore});
  t.fit(edge());
  fepipe_test::check_record_path(t, edge());
  MathFeatures dropping({.variables = {"v9", "v0", "v4"},
                         .func = {MathFunction::median, MathFunction::std},
                         .missing_values = MissingValues::ignore,
                         .drop_original = true});
  dropping.fit(edge());
  fepipe_test::check_record_path(dropping, edge());
}

TEST_CASE("MathFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  const Frame X = house.select({"1stFlrSF", "2ndFlrSF", "TotalBsmtSF", "GarageArea", "LotArea"});
  const Target y = fepipe_test::log_target_of(house, "SalePrice");
  fepipe_test::check_in_lasso_pipeline(
      MathFeatures({.variables = {"1stFlrSF", "2ndFlrSF", "TotalBsmtSF"},
                    .func = {MathFunction::sum, MathFunction::median, MathFunction::std},
                    .drop_original = true}),
      X, y);
}

TEST_CASE("MathFeatures model files: round trip, hostile content, version-1 fixtures") {
  MathFeatures t({.variables = {"v0", "v1"},
                  .func = {MathFunction::median},
                  .missing_values = MissingValues::ignore,
                  .drop_original = true});
  t.fit(edge());
  fepipe_test::check_transform_roundtrip(t, edge());
  fepipe_test::check_edit_rejected(t, "\"func\": [\n    \"median\"", "\"func\": [\n    \"mode\"");
  fepipe_test::check_edit_rejected(t, "\"variables_\": [\n   \"v0\"", "\"variables_\": [\n   \"v2\"");
  fepipe_test::check_edit_rejected(t, "\"v0\",\n    \"v1\"", "\"v0\",\n    \"v0\"");
  fepipe_test::check_truncated_binary(t);
  fepipe_test::check_model_fixtures(
      "math_features", t, edge(),
      fepipe_test::read_reference_frame("create/math_features_edge_single_func__transform.csv"), 1e-12);
}

}  // namespace create_math_features_test
