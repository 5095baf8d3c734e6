#include "fepipe/select/drop_duplicate_features.hpp"

#include <doctest/doctest.h>

#include "support/selector_checks.hpp"

namespace select_drop_duplicate_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
Frame input(const std::string& name) { return fepipe_test::read_input_frame("drop_duplicate_features_" + name); }

/// Fits on the input `name` and compares with `select/drop_duplicate_features_<name>__*`.
DropDuplicateFeatures check_reference(const std::string& name) {
  DropDuplicateFeatures s;
  const Frame X = input(name);
  s.fit(X);
  const std::string ref = "drop_duplicate_features_" + name;
  fepipe_test::check_selection(s, ref, X);
  CHECK(s.duplicated_feature_sets_ == fepipe_test::reference_groups("select/" + ref + "__duplicated_feature_sets.csv"));
  return s;
}
}  // namespace

TEST_CASE("DropDuplicateFeatures finds duplicated columns as feature-engine") {
  // House Prices with copies of numeric (with NaN) and label columns.
  check_reference("house");
  check_reference("titanic");
  // NaN at the same rows, NaN elsewhere, 0.0 vs −0.0, a group of three,
  // label duplicates, two separate groups.
  const auto s = check_reference("edge");
  CHECK(s.features_to_drop_ == std::vector<std::string>{"b", "d", "e", "g", "i"});
}

TEST_CASE("DropDuplicateFeatures compares kinds and values, not text") {
  Frame X;
  X.add("number", Column::numeric({1.0, 2.0, 3.0}));
  X.add("label", Column::from_labels(std::vector<std::string>{"1.0", "2.0", "3.0"}));
  X.add("same_labels_other_codes", Column::categorical({1, 0, 2}, {"2.0", "1.0", "3.0"}));
  DropDuplicateFeatures s;
  s.fit(X);
  // feature-engine hashes str(value) on mixed frames and would also pair
  // the number with the label "1.0"; fepipe never pairs different kinds.
  CHECK(s.duplicated_feature_sets_ == std::vector<std::vector<std::string>>{{"label", "same_labels_other_codes"}});
  CHECK(s.feature_names_out() == std::vector<std::string>{"number", "label"});
  DropDuplicateFeatures subset({.variables = {"number", "same_labels_other_codes"}});
  subset.fit(X);
  CHECK(subset.features_to_drop_.empty());
}

TEST_CASE("DropDuplicateFeatures errors name the step, the column and the value") {
  check_error<SchemaError>([] { DropDuplicateFeatures({.variables = {"a"}}).fit(input("edge")); },
                           "DropDuplicateFeatures", "a", "at least 2 variables");
  check_error<DataError>([] { DropDuplicateFeatures({.missing_values = MissingValues::raise}).fit(input("edge")); },
                         "DropDuplicateFeatures", "a", "missing value at row 2");
  check_error<SchemaError>(
      [] {
        DropDuplicateFeatures({.variables = {"a", "zz"}}).fit(input("edge"));
      },
      "DropDuplicateFeatures", "zz");
  DropDuplicateFeatures s;
  s.fit(input("edge"));
  Frame retyped = input("edge");
  retyped.set("h", Column::numeric(std::vector<double>(retyped.rows(), 0.0)));
  check_error<SchemaError>([&] { (void)s.transform(retyped); }, "DropDuplicateFeatures", "h", "numeric");
  check_error<NotFittedError>([] { (void)DropDuplicateFeatures().transform(input("edge")); }, "DropDuplicateFeatures",
                              "");
}

TEST_CASE("DropDuplicateFeatures: one record at a time, without allocating") {
  DropDuplicateFeatures s;
  s.fit(input("edge"));
  fepipe_test::check_record_path(s, input("edge"));
}

TEST_CASE("DropDuplicateFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  Frame X = house.select({"LotArea", "GrLivArea", "OverallQual"});
  X.add("GrLivArea_again", X["GrLivArea"]);
  fepipe_test::check_in_lasso_pipeline(DropDuplicateFeatures(), X, fepipe_test::log_target_of(house, "SalePrice"));
}

TEST_CASE("DropDuplicateFeatures model files: round trip, hostile content, version-1 fixtures") {
  DropDuplicateFeatures s;
  s.fit(input("edge"));
  fepipe_test::check_transform_roundtrip(s, input("edge"));
  // The drops must follow from the groups.
  fepipe_test::check_edit_rejected(s, "\"features_to_drop_\": [\n   \"b\"", "\"features_to_drop_\": [\n   \"c\"");
  fepipe_test::check_edit_rejected(s, "\"duplicated_feature_sets_\": [\n   [\n    \"a\",\n    \"b\"",
                                   "\"duplicated_feature_sets_\": [\n   [\n    \"a\",\n    \"q\"");
  fepipe_test::check_truncated_binary(s);
  fepipe_test::check_model_fixtures(
      "drop_duplicate_features", s, input("edge"),
      fepipe_test::read_reference_frame("select/drop_duplicate_features_edge__transform.csv"), 0.0);
}

}  // namespace select_drop_duplicate_features_test
