#include "fepipe/select/select_by_lasso.hpp"

#include <doctest/doctest.h>

#include "support/selector_checks.hpp"

namespace select_select_by_lasso_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
// The course's House Prices training matrix after its preprocessing
// (MinMaxScaler included), with the log price as "SalePrice".
const Frame& training() {
  static const Frame data = fepipe_test::read_input_frame("select_by_lasso_house_train");
  return data;
}
Frame features() {
  Frame X = training();
  X.drop({"SalePrice"});
  return X;
}
Target target() { return fepipe_test::target_of(training(), "SalePrice"); }

SelectByLasso::Options course(SelectByLasso::Options o = {}) {
  o.lasso = {.alpha = 0.001, .random_state = 0u};
  return o;
}

/// Fits and compares the Lasso's coefficients, the threshold and the selection.
SelectByLasso check_reference(SelectByLasso::Options options, const std::string& ref) {
  INFO("case " << ref);
  const std::string base = "select/select_by_lasso_house_" + ref;
  SelectByLasso s(std::move(options));
  s.fit(features(), target());
  const auto coef = fepipe_test::read_attribute(base + "__coef.csv");
  REQUIRE(static_cast<std::size_t>(s.estimator_.coef_.size()) == coef.size());
  for (std::size_t j = 0; j < coef.size(); ++j)
    FEPIPE_CHECK_CLOSE(s.estimator_.coef_[static_cast<Eigen::Index>(j)], coef[j].value, 1e-9);
  FEPIPE_CHECK_CLOSE(s.threshold_, fepipe_test::read_attribute(base + "__threshold.csv")[0].value, 1e-9);
  fepipe_test::check_selection(s, "select_by_lasso_house_" + ref, features());
  return s;
}
}  // namespace

TEST_CASE("SelectByLasso is the course's SelectFromModel(Lasso(alpha=0.001, random_state=0))") {
  // Default threshold for an L1 model: 1e-5 on |coef|, i.e. nonzero coefficients.
  const auto s = check_reference(course(), "course");
  CHECK(s.threshold_ == 1e-5);
  CHECK(s.estimator_.converged_);
}

TEST_CASE("SelectByLasso thresholds: median, a multiple of the mean, max_features") {
  check_reference(course({.threshold_rule = ImportanceThreshold::median}), "median");
  check_reference(course({.threshold_rule = ImportanceThreshold::mean, .threshold_scale = 1.25}), "mean1.25");
  check_reference(course({.max_features = 10}), "max10");
  check_reference(course({.threshold = 0.05, .max_features = 10}), "max10_value0.05");
}

TEST_CASE("SelectByLasso errors name the step, the column and the value") {
  check_error<ParameterError>([] { SelectByLasso({.threshold = NAN}); }, "SelectByLasso", "", "NaN");
  check_error<ParameterError>([] { SelectByLasso({.threshold_scale = INFINITY}); }, "SelectByLasso", "", "inf");
  check_error<ParameterError>([] { SelectByLasso({.lasso = {.alpha = -1.0}}); }, "Lasso", "", "alpha");
  check_error<SchemaError>([] { SelectByLasso(course()).fit(features(), nullptr); }, "SelectByLasso", "", "target");
  check_error<SchemaError>([] { SelectByLasso(course()).fit(features().head(10), target()); }, "SelectByLasso", "",
                           "target has 1314 values for 10 rows");
  check_error<ParameterError>([] { SelectByLasso(course({.max_features = 99})).fit(features(), target()); },
                              "SelectByLasso", "", "max_features is 99");
  Frame bad = features();
  bad.column(bad.index_of("LotFrontage")).mutable_values()[5] = NAN;
  check_error<DataError>([&] { SelectByLasso(course()).fit(bad, target()); }, "SelectByLasso", "LotFrontage",
                         "value nan at row 5");
  SelectByLasso s(course());
  s.fit(features(), target());
  // scikit-learn validates every column at transform, the dropped ones too.
  check_error<DataError>([&] { (void)s.transform(bad); }, "SelectByLasso", "LotFrontage", "value nan at row 5");
  std::vector<Value> cells(bad.cols());
  fepipe_test::fill_record(bad, 5, cells);
  Row row(cells, cells.size());
  check_error<DataError>([&] { s.transform_row(row); }, "SelectByLasso", "LotFrontage", "nan");
  Frame labelled = features();
  labelled.set("MSZoning", Column::from_labels(std::vector<std::string>(labelled.rows(), "RL")));
  check_error<SchemaError>([&] { SelectByLasso(course()).fit(labelled, target()); }, "SelectByLasso", "MSZoning",
                           "categorical");
  // A penalty that zeroes every coefficient leaves nothing to keep.
  check_error<SchemaError>([] { SelectByLasso({.lasso = {.alpha = 100.0}}).fit(features(), target()); },
                           "SelectByLasso", "", "no columns");
  check_error<NotFittedError>([] { (void)SelectByLasso().transform(features()); }, "SelectByLasso", "");
}

TEST_CASE("SelectByLasso: one record at a time, without allocating") {
  SelectByLasso s(course({.max_features = 10}));
  s.fit(features(), target());
  fepipe_test::check_record_path(s, features().head(200));
}

TEST_CASE("SelectByLasso in a pipeline with a Lasso") {
  fepipe_test::check_in_lasso_pipeline(SelectByLasso(course({.max_features = 12})), features(), target());
}

TEST_CASE("SelectByLasso model files: round trip, hostile content, version-1 fixtures") {
  SelectByLasso s(course());
  s.fit(features(), target());
  fepipe_test::check_transform_roundtrip(s, features());
  // The selection must follow from the stored coefficients.
  fepipe_test::check_edit_rejected(s, "\"features_to_drop_\": [\n   \"LotFrontage_na\"",
                                   "\"features_to_drop_\": [\n   \"LotFrontage\"");
  fepipe_test::check_edit_rejected(s, "\"threshold_\": 0.00001", "\"threshold_\": 0.5");
  fepipe_test::check_edit_rejected(s, "\"alpha\": 0.001", "\"alpha\": -0.001");
  fepipe_test::check_truncated_binary(s);
  const auto names = fepipe_test::read_list("select/select_by_lasso_house_course__feature_names_out.csv");
  fepipe_test::check_model_fixtures("select_by_lasso", s, features(), features().select(names), 0.0);
}

}  // namespace select_select_by_lasso_test
