#include "fepipe/select/drop_features.hpp"

#include <doctest/doctest.h>

#include "support/selector_checks.hpp"

namespace select_drop_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
Frame titanic() { return fepipe_test::read_input_frame("drop_features_titanic"); }
}  // namespace

TEST_CASE("DropFeatures removes the listed columns as feature-engine") {
  const Frame house = fepipe_test::load_houseprice();
  DropFeatures s({.features_to_drop = {"YrSold", "Street", "LotArea"}});
  s.fit(house);
  fepipe_test::check_selection(s, "drop_features_house", house);
  DropFeatures one({.features_to_drop = {"cabin"}});
  one.fit(titanic());
  fepipe_test::check_selection(one, "drop_features_titanic", titanic());
}

TEST_CASE("DropFeatures errors name the step and the column") {
  check_error<ParameterError>([] { DropFeatures(DropFeatures::Options{}); }, "DropFeatures", "", "empty");
  check_error<ParameterError>(
      [] {
        DropFeatures({.features_to_drop = {"a", "a"}});
      },
      "DropFeatures", "", "'a' is listed twice");
  check_error<SchemaError>(
      [] {
        DropFeatures({.features_to_drop = {"sex", "absent"}}).fit(titanic());
      },
      "DropFeatures", "absent");
  check_error<SchemaError>([] { DropFeatures({.features_to_drop = titanic().names()}).fit(titanic()); }, "DropFeatures",
                           "", "no columns");
  DropFeatures s({.features_to_drop = {"cabin"}});
  s.fit(titanic());
  check_error<SchemaError>([&] { (void)s.transform(titanic().select({"cabin", "sex"})); }, "DropFeatures", "pclass");
  check_error<NotFittedError>([] { (void)DropFeatures({.features_to_drop = {"x"}}).transform(titanic()); },
                              "DropFeatures", "");
  std::vector<Value> cells(3);
  Row row(cells, 3);
  check_error<SchemaError>([&] { s.transform_row(row); }, "DropFeatures", "", "record has 3 values");
}

TEST_CASE("DropFeatures: one record at a time, without allocating") {
  DropFeatures s({.features_to_drop = {"title", "sex", "pclass"}});
  s.fit(titanic());
  fepipe_test::check_record_path(s, titanic());
}

TEST_CASE("DropFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  const Frame X = house.select({"LotArea", "GrLivArea", "YrSold", "OverallQual"});
  fepipe_test::check_in_lasso_pipeline(DropFeatures({.features_to_drop = {"YrSold"}}), X,
                                       fepipe_test::log_target_of(house, "SalePrice"));
}

TEST_CASE("DropFeatures model files: round trip, hostile content, version-1 fixtures") {
  DropFeatures s({.features_to_drop = {"cabin", "age"}});
  s.fit(titanic());
  fepipe_test::check_transform_roundtrip(s, titanic());
  fepipe_test::check_edit_rejected(s, "\"features_to_drop_\": [\n   \"cabin\"",
                                   "\"features_to_drop_\": [\n   \"cabins\"");
  fepipe_test::check_truncated_binary(s);
  // The expected output: the input without the dropped columns (the
  // feature-engine reference lists the remaining names).
  DropFeatures reference({.features_to_drop = {"cabin"}});
  reference.fit(titanic());
  const auto names = fepipe_test::read_list("select/drop_features_titanic__feature_names_out.csv");
  fepipe_test::check_model_fixtures("drop_features", reference, titanic(), titanic().select(names), 0.0);
}

TEST_CASE("DropFeatures rejects model files whose options repeat a feature") {
  // The constructor refuses {"cabin", "cabin"}; loading re-validates the
  // options, so an edited file cannot smuggle it in.
  DropFeatures s({.features_to_drop = {"cabin", "age"}});
  s.fit(titanic());
  fepipe_test::check_edit_rejected(s, "\"features_to_drop\": [\n    \"cabin\",\n    \"age\"",
                                   "\"features_to_drop\": [\n    \"cabin\",\n    \"cabin\"");
}

}  // namespace select_drop_features_test
