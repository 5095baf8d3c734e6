#include "fepipe/select/drop_constant_features.hpp"

#include <doctest/doctest.h>

#include "support/selector_checks.hpp"

namespace select_drop_constant_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
Frame edge() { return fepipe_test::read_input_frame("drop_constant_features_edge"); }
Frame titanic() { return fepipe_test::read_input_frame("drop_constant_features_titanic"); }

DropConstantFeatures fitted(DropConstantFeatures::Options options, const Frame& X) {
  DropConstantFeatures s(std::move(options));
  s.fit(X);
  return s;
}
}  // namespace

TEST_CASE("DropConstantFeatures finds constant and quasi-constant variables as feature-engine") {
  const Frame house = fepipe_test::load_houseprice();
  fepipe_test::check_selection(fitted({.missing_values = ConstantMissing::ignore}, house),
                               "drop_constant_features_house", house);
  fepipe_test::check_selection(fitted({.tol = 0.98, .missing_values = ConstantMissing::ignore}, house),
                               "drop_constant_features_house_tol0.98", house);
  // include: missing rows are one value (Alley, PoolQC, MiscFeature are mostly missing).
  fepipe_test::check_selection(fitted({.tol = 0.9, .missing_values = ConstantMissing::include}, house),
                               "drop_constant_features_house_tol0.9_include", house);
  fepipe_test::check_selection(fitted({.tol = 0.7, .missing_values = ConstantMissing::include}, titanic()),
                               "drop_constant_features_titanic_tol0.7_include", titanic());
  fepipe_test::check_selection(fitted({.tol = 0.7, .missing_values = ConstantMissing::ignore}, titanic()),
                               "drop_constant_features_titanic_tol0.7_ignore", titanic());
}

TEST_CASE("DropConstantFeatures on constant, signed-zero, partly and wholly missing columns") {
  // tol 1, ignore: a constant with NaN is constant; an all-NaN column has no
  // value at all and is kept; 0.0 and −0.0 are one value.
  auto s = fitted({.missing_values = ConstantMissing::ignore}, edge());
  fepipe_test::check_selection(s, "drop_constant_features_edge_ignore", edge());
  CHECK(s.variables_ == edge().names());
  // include: NaN is a value, so constant-with-NaN columns stay and the
  // all-NaN column goes.
  fepipe_test::check_selection(fitted({.missing_values = ConstantMissing::include}, edge()),
                               "drop_constant_features_edge_include", edge());
  fepipe_test::check_selection(fitted({.tol = 0.75, .missing_values = ConstantMissing::include}, edge()),
                               "drop_constant_features_edge_tol0.75_include", edge());
  // feature-engine fails on the all-NaN column with tol < 1 and ignore; the
  // reference leaves it out of the variables, and fepipe keeps it (no value
  // reaches any fraction of the rows).
  std::vector<std::string> some = edge().names();
  some.erase(std::find(some.begin(), some.end(), "all_nan"));
  fepipe_test::check_selection(
      fitted({.variables = some, .tol = 0.75, .missing_values = ConstantMissing::ignore}, edge()),
      "drop_constant_features_edge_tol0.75_ignore", edge());
  const auto all = fitted({.tol = 0.75, .missing_values = ConstantMissing::ignore}, edge());
  CHECK(all.features_to_drop_ ==
        fepipe_test::read_list("select/drop_constant_features_edge_tol0.75_ignore__features_to_drop.csv"));
  // tol 0: every variable qualifies, except one without any value.
  CHECK(fitted({.tol = 0.0, .missing_values = ConstantMissing::ignore}, edge()).feature_names_out() ==
        std::vector<std::string>{"all_nan"});
}

TEST_CASE("DropConstantFeatures variables, confirm_variables") {
  auto s = fitted({.variables = {"labels", "const_cat", "absent"},
                   .missing_values = ConstantMissing::ignore,
                   .confirm_variables = true},
                  edge());
  CHECK(s.variables_ == std::vector<std::string>{"labels", "const_cat"});
  CHECK(s.features_to_drop_ == std::vector<std::string>{"const_cat"});
  check_error<SchemaError>([] { fitted({.variables = {"absent"}, .missing_values = ConstantMissing::ignore}, edge()); },
                           "DropConstantFeatures", "absent");
  check_error<SchemaError>(
      [] {
        fitted({.variables = {"absent", "gone"}, .confirm_variables = true}, edge());
      },
      "DropConstantFeatures", "absent", "none of the listed variables");
}

TEST_CASE("DropConstantFeatures errors name the step, the column and the value") {
  check_error<ParameterError>([] { DropConstantFeatures({.tol = 1.5}); }, "DropConstantFeatures", "", "1.5");
  check_error<ParameterError>([] { DropConstantFeatures({.tol = -0.1}); }, "DropConstantFeatures", "");
  check_error<DataError>([] { fitted({}, edge()); }, "DropConstantFeatures", "const_nan", "missing value at row 1");
  Frame constant;
  constant.add("a", Column::numeric({1.0, 1.0}));
  constant.add("b", Column::from_labels(std::vector<std::string>{"x", "x"}));
  check_error<SchemaError>([&] { fitted({}, constant); }, "DropConstantFeatures", "", "no columns");
  auto s = fitted({.missing_values = ConstantMissing::ignore}, edge());
  check_error<SchemaError>([&] { (void)s.transform(edge().select({"varied"})); }, "DropConstantFeatures", "const_num");
  check_error<NotFittedError>([] { (void)DropConstantFeatures().transform(edge()); }, "DropConstantFeatures", "");
}

TEST_CASE("DropConstantFeatures: one record at a time, without allocating") {
  fepipe_test::check_record_path(fitted({.missing_values = ConstantMissing::ignore}, edge()), edge());
  fepipe_test::check_record_path(fitted({.tol = 0.7, .missing_values = ConstantMissing::include}, titanic()),
                                 titanic());
}

TEST_CASE("DropConstantFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  const Frame X = house.select({"LotArea", "PoolArea", "3SsnPorch", "GrLivArea", "KitchenAbvGr", "YrSold"});
  fepipe_test::check_in_lasso_pipeline(DropConstantFeatures({.tol = 0.95}), X,
                                       fepipe_test::log_target_of(house, "SalePrice"));
}

TEST_CASE("DropConstantFeatures model files: round trip, hostile content, version-1 fixtures") {
  auto s = fitted({.tol = 0.75, .missing_values = ConstantMissing::include}, edge());
  fepipe_test::check_transform_roundtrip(s, edge());
  fepipe_test::check_edit_rejected(s, "\"features_to_drop_\": [\n   \"const_num\"",
                                   "\"features_to_drop_\": [\n   \"nowhere\"");
  fepipe_test::check_edit_rejected(s, "\"tol\": 0.75", "\"tol\": 7.5");
  fepipe_test::check_edit_rejected(s, "\"missing_values\": \"include\"", "\"missing_values\": \"impute\"");
  fepipe_test::check_truncated_binary(s);
  fepipe_test::check_model_fixtures(
      "drop_constant_features", s, edge(),
      fepipe_test::read_reference_frame("select/drop_constant_features_edge_tol0.75_include__transform.csv"), 0.0);
}

}  // namespace select_drop_constant_features_test
