#include "fepipe/scale/min_max_scaler.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "support/scaler_checks.hpp"

namespace scale_min_max_scaler_test {

using namespace fepipe;
using fepipe_test::check_error;
using fepipe_test::Learned;

namespace {
const double inf = std::numeric_limits<double>::infinity();

const Learned<MinMaxScaler> data_min{"data_min", [](const MinMaxScaler& s) { return s.data_min_; }};
const Learned<MinMaxScaler> data_max{"data_max", [](const MinMaxScaler& s) { return s.data_max_; }};
const Learned<MinMaxScaler> data_range{"data_range", [](const MinMaxScaler& s) { return s.data_range_; }};
const Learned<MinMaxScaler> scale{"scale", [](const MinMaxScaler& s) { return s.scale_; }};
const Learned<MinMaxScaler> min{"min", [](const MinMaxScaler& s) { return s.min_; }};
const std::vector<Learned<MinMaxScaler>> all = {data_min, data_max, data_range, scale, min};

Frame edge() { return fepipe_test::read_input_frame("min_max_scaler_edge"); }
}  // namespace

TEST_CASE("MinMaxScaler learns scikit-learn's minima, maxima and scales") {
  const Frame house = fepipe_test::house_scaler_columns();
  const Frame titanic = fepipe_test::read_input_frame("min_max_scaler_titanic");
  fepipe_test::check_scaler_reference(MinMaxScaler(), "min_max_scaler_house", house, house, all);
  fepipe_test::check_scaler_reference(MinMaxScaler(), "min_max_scaler_titanic", titanic, titanic, all);
  fepipe_test::check_scaler_reference(MinMaxScaler(), "min_max_scaler_edge", edge(), edge(), all);
  fepipe_test::check_scaler_reference(MinMaxScaler(), "min_max_scaler_single", edge().head(1), edge(), all);
}

TEST_CASE("MinMaxScaler options: feature_range and clip") {
  const Frame house = fepipe_test::house_scaler_columns();
  const MinMaxScaler range({.feature_range = {-1.0, 2.0}});
  fepipe_test::check_scaler_reference(range, "min_max_scaler_house_range", house, house, all);
  fepipe_test::check_scaler_reference(range, "min_max_scaler_edge_range", edge(), edge(), all);
  // Fitted on the first 700 rows; later rows outside the range are clipped.
  const MinMaxScaler clip({.feature_range = {-1.0, 2.0}, .clip = true});
  const Frame out = fepipe_test::check_scaler_reference(clip, "min_max_scaler_house_clip", house.head(700), house, all)
                        .transform(house);
  for (const auto& name : out.names())
    for (double v : out.numeric(name)) CHECK((std::isnan(v) || (v >= -1.0 && v <= 2.0)));
}

TEST_CASE("MinMaxScaler counts the rows it saw") {
  // scikit-learn's n_samples_seen_ is the number of rows, NaN rows included.
  MinMaxScaler s;
  s.fit(edge());
  fepipe_test::check_learned(s.variables_, std::vector<double>(s.variables_.size(), static_cast<double>(s.n_samples_seen_)),
                             "scale/min_max_scaler_edge__n_samples_seen.csv", 0.0);
}

TEST_CASE("MinMaxScaler scales the selected variables only and keeps NaN") {
  MinMaxScaler s({.variables = {"nan"}});
  s.fit(edge());
  const Frame out = s.transform(edge());
  CHECK(s.feature_names_out() == edge().names());
  CHECK(std::isnan(out.numeric("nan")[1]));
  CHECK(out.numeric("nan")[3] == 1.0);
  CHECK(out.numeric("nan")[2] == 0.0);
  fepipe_test::require_identical(out.select({"ties", "huge"}), edge().select({"ties", "huge"}));
  const Frame back = s.inverse_transform(out);
  for (std::size_t r = 0; r < back.rows(); ++r)
    FEPIPE_CHECK_CLOSE(back.numeric("nan")[r], edge().numeric("nan")[r], 1e-15);
}

TEST_CASE("MinMaxScaler errors name the step, the column and the value") {
  check_error<ParameterError>([] { MinMaxScaler({.feature_range = {1.0, 1.0}}); }, "MinMaxScaler", "", "(1.0, 1.0)");
  check_error<ParameterError>([] { MinMaxScaler({.feature_range = {0.0, inf}}); }, "MinMaxScaler", "");
  Frame bad = edge();
  bad.column(bad.index_of("tiny")).mutable_values()[0] = -inf;
  check_error<DataError>([&] { MinMaxScaler().fit(bad); }, "MinMaxScaler", "tiny", "value -inf at row 0");
  MinMaxScaler s;
  s.fit(edge());
  check_error<DataError>([&] { (void)s.transform(bad); }, "MinMaxScaler", "tiny", "value -inf at row 0");
  std::vector<Value> cells(edge().cols());
  fepipe_test::fill_record(bad, 0, cells);
  Row row(cells, cells.size());
  check_error<DataError>([&] { s.transform_row(row); }, "MinMaxScaler", "tiny", "-inf");
  check_error<NotFittedError>([] { (void)MinMaxScaler().transform(edge()); }, "MinMaxScaler", "");
  check_error<SchemaError>([&] { (void)s.transform(edge().select({"nan"})); }, "MinMaxScaler", "constant");
  check_error<SchemaError>([&] { MinMaxScaler({.variables = {"absent"}}).fit(edge()); }, "MinMaxScaler", "absent");
}

TEST_CASE("MinMaxScaler: one record at a time, without allocating") {
  MinMaxScaler s({.feature_range = {-1.0, 2.0}, .clip = true});
  s.fit(edge().head(3));
  fepipe_test::check_record_path(s, edge());
}

TEST_CASE("MinMaxScaler in a pipeline with a Lasso") {
  const Frame house = fepipe_test::house_scaler_columns();
  const Frame X = house.select({"LotArea", "GrLivArea", "PoolArea", "MiscVal", "YrSold"});
  const Target y = fepipe_test::log_target_of(house, "SalePrice");
  fepipe_test::check_in_lasso_pipeline(MinMaxScaler(), X, y);
}

TEST_CASE("MinMaxScaler model files: round trip, hostile content, version-1 fixtures") {
  MinMaxScaler s({.feature_range = {-1.0, 2.0}});
  s.fit(edge());
  fepipe_test::check_transform_roundtrip(s, edge());
  fepipe_test::check_edit_rejected(s, "\"min_\": [", "\"min_\": [1.0, ");
  fepipe_test::check_edit_rejected(s, "\"feature_range\": [\n    -1.0", "\"feature_range\": [\n    3.0");
  fepipe_test::check_truncated_binary(s);
  fepipe_test::check_model_fixtures("min_max_scaler", s, edge(),
                                    fepipe_test::read_reference_frame("scale/min_max_scaler_edge_range__transform.csv"),
                                    1e-12);
}

}  // namespace scale_min_max_scaler_test
