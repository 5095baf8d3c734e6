#include "fepipe/create/cyclical_features.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "support/step_test_support.hpp"

namespace create_cyclical_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
Frame edge() { return fepipe_test::read_input_frame("cyclical_features_edge"); }

// numpy's sin/cos may come from another libm (or SIMD code) than the C++
// runtime's: values agree to a few ulps, so near zero an absolute bound.
constexpr double rel_tol = 1e-12, abs_tol = 1e-15;

/// Fits on X_fit, compares the maxima, the output of X and the names.
CyclicalFeatures check_reference(CyclicalFeatures::Options options, const std::string& ref, const Frame& X,
                                 const Frame& X_fit) {
  INFO("case " << ref);
  CyclicalFeatures t(std::move(options));
  t.fit(X_fit);
  const auto rows = fepipe_test::read_attribute("create/cyclical_features_" + ref + "__max_values.csv");
  REQUIRE(rows.size() == t.max_values_.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CHECK(t.max_values_[k].first == rows[k].variable);
    CHECK(t.max_values_[k].second == rows[k].value);
  }
  const Frame out = t.transform(X);
  fepipe_test::check_columns_close(
      out, fepipe_test::read_reference_frame("create/cyclical_features_" + ref + "__transform.csv"), rel_tol, abs_tol);
  CHECK(t.feature_names_out() == fepipe_test::read_list("create/cyclical_features_" + ref + "__feature_names_out.csv"));
  CHECK(out.names() == t.feature_names_out());
  return t;
}
}  // namespace

TEST_CASE("CyclicalFeatures learns maxima and appends sin and cos as feature-engine") {
  const Frame house = fepipe_test::load_houseprice();
  check_reference({.variables = {"MoSold", "OverallQual"}}, "house", house, house);
  auto t = check_reference({.max_values = Dict<double>{{"MoSold", 12.0}, {"YrSold", 2010.5}}, .drop_original = true},
                           "house_given", house, house);
  CHECK(t.variables_ == std::vector<std::string>{"MoSold", "YrSold"});
  check_reference({}, "edge", edge(), edge());
  check_reference({.max_values = Dict<double>{{"hour", 24.0}, {"month", 12.0}}, .drop_original = true}, "edge_given",
                  edge(), edge());
  // Fitted on one row: that row's values are the maxima (a negative one too).
  check_reference({.variables = {"hour", "month", "negative"}}, "edge_single", edge(),
                  edge().take_rows(std::vector<std::size_t>{1}));
}

TEST_CASE("CyclicalFeatures errors name the step, the column and the value") {
  check_error<ParameterError>(
      [] {
        CyclicalFeatures({.max_values = Dict<double>{{"hour", 0.0}}});
      },
      "CyclicalFeatures", "", "max_values['hour']");
  check_error<ParameterError>([] { CyclicalFeatures({.max_values = Dict<double>{}}); }, "CyclicalFeatures", "",
                              "max_values is empty");
  check_error<ParameterError>(
      [] {
        CyclicalFeatures({.max_values = Dict<double>{{"hour", std::numeric_limits<double>::infinity()}}});
      },
      "CyclicalFeatures", "", "inf");
  // A learned maximum of 0 (feature-engine: ZeroDivisionError at transform).
  check_error<DataError>([] { CyclicalFeatures({.variables = {"hour"}}).fit(edge().head(1)); }, "CyclicalFeatures",
                         "hour", "maximum is 0");
  // NaN and ±inf are rejected at fit, transform and per record.
  Frame bad = edge();
  bad.column(bad.index_of("month")).mutable_values()[4] = std::numeric_limits<double>::quiet_NaN();
  check_error<DataError>([&] { CyclicalFeatures().fit(bad); }, "CyclicalFeatures", "month", "value nan at row 4");
  CyclicalFeatures t;
  t.fit(edge());
  check_error<DataError>([&] { (void)t.transform(bad); }, "CyclicalFeatures", "month", "value nan at row 4");
  std::vector<Value> cells(bad.cols() * 3);
  fepipe_test::fill_record(bad, 4, cells);
  Row row(cells, bad.cols());
  check_error<DataError>([&] { t.transform_row(row); }, "CyclicalFeatures", "month", "nan");
  check_error<SchemaError>(
      [] {
        CyclicalFeatures({.max_values = Dict<double>{{"minute", 60.0}}}).fit(edge());
      },
      "CyclicalFeatures", "minute");
  Frame taken = edge();
  taken.add("hour_cos", Column::numeric(std::vector<double>(taken.rows(), 1.0)));
  check_error<SchemaError>([&] { CyclicalFeatures({.variables = {"hour"}}).fit(taken); }, "CyclicalFeatures",
                           "hour_cos", "already exists");
  check_error<NotFittedError>([] { (void)CyclicalFeatures().transform(edge()); }, "CyclicalFeatures", "");
}

TEST_CASE("CyclicalFeatures: one record at a time, without allocating") {
  CyclicalFeatures t({.variables = {"month", "hour"}, .drop_original = true});
  t.fit(edge());
  fepipe_test::check_record_path(t, edge());
}

TEST_CASE("CyclicalFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  const Frame X = house.select({"MoSold", "OverallQual", "GrLivArea"});
  const Target y = fepipe_test::log_target_of(house, "SalePrice");
  fepipe_test::check_in_lasso_pipeline(CyclicalFeatures({.variables = {"MoSold"}, .drop_original = true}), X, y);
}

TEST_CASE("CyclicalFeatures model files: round trip, hostile content, version-1 fixtures") {
  CyclicalFeatures t({.max_values = Dict<double>{{"hour", 24.0}, {"month", 12.0}}, .drop_original = true});
  t.fit(edge());
  fepipe_test::check_transform_roundtrip(t, edge());
  fepipe_test::check_edit_rejected(t, "\"max_values_\": [\n   [\n    \"hour\",\n    24.0",
                                   "\"max_values_\": [\n   [\n    \"hour\",\n    0.0");
  fepipe_test::check_edit_rejected(t, "\"max_values_\": [\n   [\n    \"hour\"",
                                   "\"max_values_\": [\n   [\n    \"day\"");
  fepipe_test::check_truncated_binary(t);
  fepipe_test::check_model_fixtures(
      "cyclical_features", t, edge(),
      fepipe_test::read_reference_frame("create/cyclical_features_edge_given__transform.csv"), rel_tol);
}

}  // namespace create_cyclical_features_test
