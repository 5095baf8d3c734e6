#include "fepipe/scale/robust_scaler.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/scaler_checks.hpp"

namespace scale_robust_scaler_test {

using namespace fepipe;
using fepipe_test::check_error;
using fepipe_test::Learned;

namespace {
const double inf = std::numeric_limits<double>::infinity();

const Learned<RobustScaler> center{"center", [](const RobustScaler& s) { return s.center_; }};
const Learned<RobustScaler> scale{"scale", [](const RobustScaler& s) { return s.scale_; }};

Frame edge() { return fepipe_test::read_input_frame("robust_scaler_edge"); }
}  // namespace

TEST_CASE("RobustScaler learns scikit-learn's medians and interquartile ranges") {
  const Frame house = fepipe_test::house_scaler_columns();
  const Frame titanic = fepipe_test::read_input_frame("robust_scaler_titanic");
  // House Prices: PoolArea and MiscVal have a zero IQR, scaled by 1.
  fepipe_test::check_scaler_reference(RobustScaler(), "robust_scaler_house", house, house, {center, scale});
  fepipe_test::check_scaler_reference(RobustScaler(), "robust_scaler_titanic", titanic, titanic, {center, scale});
  // NaN, ties, a constant and an all-NaN column, 1e-300 and 1e300.
  fepipe_test::check_scaler_reference(RobustScaler(), "robust_scaler_edge", edge(), edge(), {center, scale});
  // One training row: every range is 0 and becomes 1.
  fepipe_test::check_scaler_reference(RobustScaler(), "robust_scaler_single", edge().head(1), edge(), {center, scale});
}

TEST_CASE("RobustScaler options: quantile_range, unit_variance (Φ⁻¹), without centering or scaling") {
  const Frame house = fepipe_test::house_scaler_columns();
  const RobustScaler q10({.quantile_range = {10.0, 90.0}, .unit_variance = true});
  fepipe_test::check_scaler_reference(q10, "robust_scaler_house_q10_90_unit", house, house, {center, scale});
  fepipe_test::check_scaler_reference(q10, "robust_scaler_edge_q10_90_unit", edge(), edge(), {center, scale});
  // (0, 100): Φ⁻¹ spans ±inf, every scale becomes 0 and x/0 is ±inf or NaN.
  const RobustScaler full({.quantile_range = {0.0, 100.0}, .unit_variance = true});
  fepipe_test::check_scaler_reference(full, "robust_scaler_house_q0_100_unit", house, house, {center, scale});
  fepipe_test::check_scaler_reference(full, "robust_scaler_edge_q0_100_unit", edge(), edge(), {center, scale});
  const RobustScaler nocenter({.with_centering = false});
  auto fitted = fepipe_test::check_scaler_reference(nocenter, "robust_scaler_edge_nocenter", edge(), edge(), {scale});
  CHECK(fitted.center_.empty());
  fepipe_test::check_scaler_reference(nocenter, "robust_scaler_house_nocenter", house, house, {scale});
  const RobustScaler noscale({.with_scaling = false});
  fitted = fepipe_test::check_scaler_reference(noscale, "robust_scaler_edge_noscale", edge(), edge(), {center});
  CHECK(fitted.scale_.empty());
  fepipe_test::check_scaler_reference(noscale, "robust_scaler_house_noscale", house, house, {center});
}

TEST_CASE("RobustScaler scales the selected variables only and keeps NaN") {
  RobustScaler s({.variables = {"ties", "nan"}});
  s.fit(edge());
  CHECK(s.variables_ == std::vector<std::string>{"ties", "nan"});
  const Frame out = s.transform(edge());
  CHECK(out.names() == edge().names());
  CHECK(s.feature_names_out() == edge().names());
  CHECK(std::isnan(out.numeric("nan")[1]));
  fepipe_test::require_identical(out.select({"constant", "huge"}), edge().select({"constant", "huge"}));
  // inverse_transform brings the values back.
  const Frame back = s.inverse_transform(out);
  for (const char* v : {"ties", "nan"})
    for (std::size_t r = 0; r < back.rows(); ++r) FEPIPE_CHECK_CLOSE(back.numeric(v)[r], edge().numeric(v)[r], 1e-15);
}

TEST_CASE("RobustScaler errors name the step, the column and the value") {
  check_error<ParameterError>(
      [] {
        RobustScaler({.quantile_range = {80.0, 20.0}});
      },
      "RobustScaler", "", "(80.0, 20.0)");
  check_error<ParameterError>([] { RobustScaler({.quantile_range = {-1.0, 50.0}}); }, "RobustScaler", "");
  check_error<ParameterError>([] { RobustScaler({.quantile_range = {10.0, NAN}}); }, "RobustScaler", "");
  check_error<ParameterError>([] { RobustScaler({.variables = std::vector<std::string>{}}); }, "RobustScaler", "");

  Frame bad = edge();
  bad.column(bad.index_of("ties")).mutable_values()[3] = -inf;
  check_error<DataError>([&] { RobustScaler().fit(bad); }, "RobustScaler", "ties", "value -inf at row 3");
  RobustScaler s;
  s.fit(edge());
  check_error<DataError>([&] { (void)s.transform(bad); }, "RobustScaler", "ties", "value -inf at row 3");
  std::vector<Value> cells(edge().cols());
  fepipe_test::fill_record(bad, 3, cells);
  Row row(cells, cells.size());
  check_error<DataError>([&] { s.transform_row(row); }, "RobustScaler", "ties", "-inf");

  check_error<NotFittedError>([] { (void)RobustScaler().transform(edge()); }, "RobustScaler", "");
  check_error<SchemaError>([&] { (void)s.transform(edge().select({"ties", "nan"})); }, "RobustScaler", "constant");
  Frame labelled = edge();
  labelled.set("ties", Column::from_labels(std::vector<std::string>(labelled.rows(), "x")));
  check_error<SchemaError>([&] { RobustScaler({.variables = {"ties"}}).fit(labelled); }, "RobustScaler", "ties");
  check_error<SchemaError>([&] { (void)s.transform(labelled); }, "RobustScaler", "ties");
  check_error<SchemaError>([&] { RobustScaler({.variables = {"absent"}}).fit(edge()); }, "RobustScaler", "absent");
  check_error<DataError>([&] { RobustScaler().fit(edge().head(0)); }, "RobustScaler", "");
  Row short_row(cells, 2);
  check_error<SchemaError>([&] { s.transform_row(short_row); }, "RobustScaler", "");
}

TEST_CASE("RobustScaler: one record at a time, without allocating") {
  RobustScaler s({.quantile_range = {10.0, 90.0}, .unit_variance = true});
  s.fit(edge());
  fepipe_test::check_record_path(s, edge());
}

TEST_CASE("RobustScaler in a pipeline with a Lasso") {
  const Frame titanic = fepipe_test::read_input_frame("robust_scaler_titanic");
  const Frame X = titanic.select({"age", "fare", "sibsp", "parch"});
  const Target y = fepipe_test::target_of(titanic, "pclass");
  // The Lasso needs finite inputs: impute first, then scale robustly.
  MeanMedianImputer imputer;
  const Frame imputed = imputer.fit(X).transform(X);
  fepipe_test::check_in_lasso_pipeline(RobustScaler(), imputed, y);
}

TEST_CASE("RobustScaler model files: round trip, hostile content, version-1 fixtures") {
  RobustScaler s({.quantile_range = {10.0, 90.0}, .unit_variance = true});
  s.fit(edge());
  fepipe_test::check_transform_roundtrip(s, edge());
  fepipe_test::check_edit_rejected(s, "\"scale_\": [", "\"scale_\": [1.0, ");
  fepipe_test::check_edit_rejected(s, "\"quantile_range\": [\n    10.0", "\"quantile_range\": [\n    95.0");
  fepipe_test::check_edit_rejected(s, "\"variables_\": [\n   \"nan\"", "\"variables_\": [\n   \"absent\"");
  fepipe_test::check_edit_rejected(s, "\"with_centering\": true", "\"with_centering\": false");
  fepipe_test::check_truncated_binary(s);
  fepipe_test::check_model_fixtures(
      "robust_scaler", s, edge(),
      fepipe_test::read_reference_frame("scale/robust_scaler_edge_q10_90_unit__transform.csv"), 1e-12);
}

}  // namespace scale_robust_scaler_test
