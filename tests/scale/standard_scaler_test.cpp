#include "fepipe/scale/standard_scaler.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/scaler_checks.hpp"

namespace scale_standard_scaler_test {

using namespace fepipe;
using fepipe_test::check_error;
using fepipe_test::Learned;

namespace {
const Learned<StandardScaler> mean{"mean", [](const StandardScaler& s) { return s.mean_; }};
const Learned<StandardScaler> var{"var", [](const StandardScaler& s) { return s.var_; }};
const Learned<StandardScaler> scale{"scale", [](const StandardScaler& s) { return s.scale_; }};
// Non-NaN values per variable, as scikit-learn reports them when NaN occur.
const Learned<StandardScaler> seen{"n_samples_seen",
                                   [](const StandardScaler& s) { return fepipe_test::as_doubles(s.n_samples_seen_); }};

Frame edge() { return fepipe_test::read_input_frame("standard_scaler_edge"); }
}  // namespace

TEST_CASE("StandardScaler learns scikit-learn's means, variances and scales") {
  const Frame house = fepipe_test::house_scaler_columns();
  const Frame titanic = fepipe_test::read_input_frame("standard_scaler_titanic");
  fepipe_test::check_scaler_reference(StandardScaler(), "standard_scaler_house", house, house,
                                      {mean, var, scale, seen});
  fepipe_test::check_scaler_reference(StandardScaler(), "standard_scaler_titanic", titanic, titanic,
                                      {mean, var, scale, seen});
  // The constant column is detected by scikit-learn's bound, not by 10·eps.
  fepipe_test::check_scaler_reference(StandardScaler(), "standard_scaler_edge", edge(), edge(),
                                      {mean, var, scale, seen});
  fepipe_test::check_scaler_reference(StandardScaler(), "standard_scaler_single", edge().head(1), edge(),
                                      {mean, var, scale, seen});
}

TEST_CASE("StandardScaler options: without mean, without std") {
  const Frame house = fepipe_test::house_scaler_columns();
  const StandardScaler nomean({.with_mean = false});
  fepipe_test::check_scaler_reference(nomean, "standard_scaler_house_nomean", house, house, {mean, var, scale});
  fepipe_test::check_scaler_reference(nomean, "standard_scaler_edge_nomean", edge(), edge(), {mean, var, scale});
  const StandardScaler nostd({.with_std = false});
  // scikit-learn sets var_ to None without with_std; fepipe still reports it.
  auto s = fepipe_test::check_scaler_reference(nostd, "standard_scaler_house_nostd", house, house, {mean});
  CHECK(s.scale_.empty());
  fepipe_test::check_scaler_reference(nostd, "standard_scaler_edge_nostd", edge(), edge(), {mean});
}

TEST_CASE("StandardScaler scales the selected variables only and keeps NaN") {
  StandardScaler s({.variables = {"ties"}});
  s.fit(edge());
  const Frame out = s.transform(edge());
  CHECK(s.feature_names_out() == edge().names());
  CHECK(out.numeric("ties")[0] == -out.numeric("ties")[5]);
  fepipe_test::require_identical(out.select({"nan", "huge"}), edge().select({"nan", "huge"}));
  StandardScaler all;
  all.fit(edge());
  CHECK(std::isnan(all.transform(edge()).numeric("nan")[4]));
  const Frame back = all.inverse_transform(all.transform(edge()));
  for (std::size_t r = 0; r < back.rows(); ++r)
    FEPIPE_CHECK_CLOSE(back.numeric("ties")[r], edge().numeric("ties")[r], 1e-15);
}

TEST_CASE("StandardScaler errors name the step, the column and the value") {
  check_error<ParameterError>([] { StandardScaler({.variables = std::vector<std::string>{}}); }, "StandardScaler", "",
                              "empty");
  Frame bad = edge();
  bad.column(bad.index_of("negative")).mutable_values()[2] = std::numeric_limits<double>::infinity();
  check_error<DataError>([&] { StandardScaler().fit(bad); }, "StandardScaler", "negative", "value inf at row 2");
  StandardScaler s;
  s.fit(edge());
  check_error<DataError>([&] { (void)s.transform(bad); }, "StandardScaler", "negative", "value inf at row 2");
  std::vector<Value> cells(edge().cols());
  fepipe_test::fill_record(bad, 2, cells);
  Row row(cells, cells.size());
  check_error<DataError>([&] { s.transform_row(row); }, "StandardScaler", "negative", "inf");
  check_error<NotFittedError>([] { (void)StandardScaler().transform(edge()); }, "StandardScaler", "");
  Frame renamed = edge();
  renamed.rename("huge", "HUGE");
  check_error<SchemaError>([&] { (void)s.transform(renamed); }, "StandardScaler", "huge");
}

TEST_CASE("StandardScaler: one record at a time, without allocating") {
  StandardScaler s;
  s.fit(edge());
  fepipe_test::check_record_path(s, edge());
  fepipe_test::check_record_path(StandardScaler({.with_mean = false}).fit(edge()), edge());
}

TEST_CASE("StandardScaler in a pipeline with a Lasso") {
  const Frame titanic = fepipe_test::read_input_frame("standard_scaler_titanic");
  const Frame X = MeanMedianImputer()
                      .fit(titanic.select({"age", "fare", "sibsp", "parch"}))
                      .transform(titanic.select({"age", "fare", "sibsp", "parch"}));
  const Target y = fepipe_test::target_of(titanic, "pclass");
  fepipe_test::check_in_lasso_pipeline(StandardScaler(), X, y);
}

TEST_CASE("StandardScaler model files: round trip, hostile content, version-1 fixtures") {
  // Without "huge", whose squares overflow to a variance of inf − inf =
  // −NaN: JSON model files store NaN without its sign, so outputs would
  // differ from the binary copy in the NaN's sign bit (reported to io/).
  Frame X = edge();
  X.drop({"huge"});
  StandardScaler s;
  s.fit(X);
  fepipe_test::check_transform_roundtrip(s, X);
  fepipe_test::check_edit_rejected(s, "\"var_\": [", "\"var_\": [1.0, ");
  fepipe_test::check_edit_rejected(s, "\"with_std\": true", "\"with_std\": 3");
  fepipe_test::check_truncated_binary(s);
  Frame expected = fepipe_test::read_reference_frame("scale/standard_scaler_edge__transform.csv");
  expected.drop({"huge"});
  fepipe_test::check_model_fixtures("standard_scaler", s, X, expected, 1e-12);
}

}  // namespace scale_standard_scaler_test
