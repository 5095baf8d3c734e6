#include "fepipe/scale/max_abs_scaler.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/scaler_checks.hpp"

namespace scale_max_abs_scaler_test {

using namespace fepipe;
using fepipe_test::check_error;
using fepipe_test::Learned;

namespace {
const double inf = std::numeric_limits<double>::infinity();

const Learned<MaxAbsScaler> max_abs{"max_abs", [](const MaxAbsScaler& s) { return s.max_abs_; }};
const Learned<MaxAbsScaler> scale{"scale", [](const MaxAbsScaler& s) { return s.scale_; }};
// scikit-learn's n_samples_seen_ is one number (rows, NaN included); the
// reference repeats it per variable.
const Learned<MaxAbsScaler> seen{"n_samples_seen", [](const MaxAbsScaler& s) {
                                   return std::vector<double>(s.variables_.size(),
                                                              static_cast<double>(s.n_samples_seen_));
                                 }};

Frame edge() { return fepipe_test::read_input_frame("max_abs_scaler_edge"); }
}  // namespace

TEST_CASE("MaxAbsScaler learns scikit-learn's maximum absolute values") {
  const Frame house = fepipe_test::house_scaler_columns();
  const Frame titanic = fepipe_test::read_input_frame("max_abs_scaler_titanic");
  fepipe_test::check_scaler_reference(MaxAbsScaler(), "max_abs_scaler_house", house, house, {max_abs, scale, seen});
  fepipe_test::check_scaler_reference(MaxAbsScaler(), "max_abs_scaler_titanic", titanic, titanic,
                                      {max_abs, scale, seen});
  // All-NaN column: NaN, and NaN after transform, as scikit-learn; constant 0
  // (tiny column's zero row is not all) and 1e-300 values keep their ratios.
  fepipe_test::check_scaler_reference(MaxAbsScaler(), "max_abs_scaler_edge", edge(), edge(), {max_abs, scale, seen});
  fepipe_test::check_scaler_reference(MaxAbsScaler(), "max_abs_scaler_single", edge().head(1), edge(),
                                      {max_abs, scale, seen});
}

TEST_CASE("MaxAbsScaler scales the selected variables only and keeps NaN") {
  MaxAbsScaler s({.variables = {"negative", "nan"}});
  s.fit(edge());
  CHECK(s.variables_ == std::vector<std::string>{"negative", "nan"});
  CHECK(s.max_abs_ == std::vector<double>{100.0, 7.25});
  const Frame out = s.transform(edge());
  CHECK(s.feature_names_out() == edge().names());
  CHECK(std::isnan(out.numeric("nan")[1]));
  CHECK(out.numeric("negative")[4] == -1.0);
  fepipe_test::require_identical(out.select({"ties", "huge"}), edge().select({"ties", "huge"}));
  const Frame back = s.inverse_transform(out);
  for (std::size_t r = 0; r < back.rows(); ++r)
    FEPIPE_CHECK_CLOSE(back.numeric("nan")[r], edge().numeric("nan")[r], 1e-15);
}

TEST_CASE("MaxAbsScaler errors name the step, the column and the value") {
  check_error<ParameterError>(
      [] {
        MaxAbsScaler({.variables = {"a", "a"}});
      },
      "MaxAbsScaler", "", "'a' is listed twice");
  Frame bad = edge();
  bad.column(bad.index_of("huge")).mutable_values()[5] = inf;
  check_error<DataError>([&] { MaxAbsScaler().fit(bad); }, "MaxAbsScaler", "huge", "value inf at row 5");
  MaxAbsScaler s;
  s.fit(edge());
  check_error<DataError>([&] { (void)s.transform(bad); }, "MaxAbsScaler", "huge", "value inf at row 5");
  std::vector<Value> cells(edge().cols());
  fepipe_test::fill_record(bad, 5, cells);
  Row row(cells, cells.size());
  check_error<DataError>([&] { s.transform_row(row); }, "MaxAbsScaler", "huge", "inf");
  fepipe_test::fill_record(edge(), 0, cells);
  cells[0] = Value("label");
  Row labelled(cells, cells.size());
  check_error<SchemaError>([&] { s.transform_row(labelled); }, "MaxAbsScaler", "nan", "'label'");
  check_error<NotFittedError>([] { (void)MaxAbsScaler().transform(edge()); }, "MaxAbsScaler", "");
  Frame extra = edge();
  extra.add("extra", Column::numeric(std::vector<double>(extra.rows(), 1.0)));
  check_error<SchemaError>([&] { (void)s.transform(extra); }, "MaxAbsScaler", "extra");
  Frame labels;
  labels.add("c", Column::from_labels(std::vector<std::string>{"x", "y"}));
  check_error<SchemaError>([&] { MaxAbsScaler().fit(labels); }, "MaxAbsScaler", "", "no numeric variables");
  MaxAbsScaler empty({.return_empty = true});
  empty.fit(labels);
  CHECK(empty.variables_.empty());
  fepipe_test::require_identical(empty.transform(labels), labels);
}

TEST_CASE("MaxAbsScaler: one record at a time, without allocating") {
  MaxAbsScaler s;
  s.fit(edge());
  fepipe_test::check_record_path(s, edge());
}

TEST_CASE("MaxAbsScaler in a pipeline with a Lasso") {
  const Frame house = fepipe_test::house_scaler_columns();
  const Frame X = house.select({"LotArea", "GrLivArea", "PoolArea", "MiscVal", "YrSold"});
  const Target y = fepipe_test::log_target_of(house, "SalePrice");
  fepipe_test::check_in_lasso_pipeline(MaxAbsScaler(), X, y);
}

TEST_CASE("MaxAbsScaler model files: round trip, hostile content, version-1 fixtures") {
  MaxAbsScaler s;
  s.fit(edge());
  fepipe_test::check_transform_roundtrip(s, edge());
  fepipe_test::check_edit_rejected(s, "\"max_abs_\": [", "\"max_abs_\": [1.0, ");
  fepipe_test::check_edit_rejected(s, "\"kind\": \"numeric\"", "\"kind\": \"categorical\"");
  fepipe_test::check_edit_rejected(s, "\"n_samples_seen_\": 7", "\"n_samples_seen_\": -7");
  fepipe_test::check_truncated_binary(s);
  fepipe_test::check_model_fixtures("max_abs_scaler", s, edge(),
                                    fepipe_test::read_reference_frame("scale/max_abs_scaler_edge__transform.csv"),
                                    1e-12);
}

}  // namespace scale_max_abs_scaler_test
