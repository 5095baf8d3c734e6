// OneHotEncoder against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py): categories kept, binary
// variables, dummy columns and their names on House Prices, the course's
// Titanic and hand-made frames (ties, a constant column, numbers as
// categories, unseen categories → all zeros).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_one_hot_encoder_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_categorical{
    "MSSubClass", "MSZoning",   "LotShape",   "LandContour", "LotConfig",     "Neighborhood", "RoofStyle", "Exterior1st",
    "Foundation", "CentralAir", "Functional", "PavedDrive",  "SaleCondition", "Street",       "HouseStyle"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select(house_categorical);
  return X;
}
Frame small() { return fepipe_test::read_input_frame("one_hot_encoder_small"); }
Frame small_unseen() { return fepipe_test::read_input_frame("one_hot_encoder_small_unseen"); }

}  // namespace

TEST_CASE("OneHotEncoder matches feature-engine on House Prices (all, drop_last, binary, top 3)") {
  struct Case {
    const char* name;
    OneHotEncoder::Options options;
  };
  const std::vector<Case> cases{{"default", {}},
                                {"drop_last", {.drop_last = true}},
                                {"drop_last_binary", {.drop_last_binary = true}},
                                {"top3", {.top_categories = 3}},
                                {"top3_binary", {.top_categories = 3, .drop_last_binary = true}}};
  for (const auto& c : cases) {
    const std::string ref = "encode/one_hot_encoder_house_" + std::string(c.name);
    INFO(ref);
    OneHotEncoder enc(c.options);
    enc.fit(house());
    CHECK(enc.variables_ == house_categorical);
    fepipe_test::check_list_dict(enc.encoder_dict_, ref + "__encoder_dict.csv");
    CHECK(enc.variables_binary_ == fepipe_test::read_list(ref + "__variables_binary.csv"));
    const Frame expected = fepipe_test::read_reference_frame(ref + "__transform.csv");
    fepipe_test::check_frame_close(enc.transform(house().head(expected.rows())), expected, 0.0);
    CHECK(enc.feature_names_out() == expected.names());
    fepipe_test::check_rows_match_transform(enc, house().head(50));
  }
}

TEST_CASE("OneHotEncoder on the course's Titanic categoricals (drop_last)") {
  const Frame X = fepipe_test::read_input_frame("one_hot_encoder_titanic");
  OneHotEncoder enc({.drop_last = true});
  enc.fit(X);
  fepipe_test::check_list_dict(enc.encoder_dict_, "encode/one_hot_encoder_titanic_drop_last__encoder_dict.csv");
  fepipe_test::check_frame_close(
      enc.transform(X), fepipe_test::read_reference_frame("encode/one_hot_encoder_titanic_drop_last__transform.csv"), 0.0);
  fepipe_test::check_rows_match_transform(enc, X);
  fepipe_test::check_transform_roundtrip(enc, X);
  fepipe_test::check_hostile_files(enc);
}

TEST_CASE("OneHotEncoder: ties keep first appearance, a constant column, numbers as categories, unseen → zeros") {
  const Frame X = small();
  const Frame unseen = small_unseen();
  struct Case {
    const char* name;
    OneHotEncoder::Options options;
  };
  const std::vector<Case> cases{{"default", {.ignore_format = true}},
                                {"top2", {.top_categories = 2, .ignore_format = true}},
                                {"drop_last", {.drop_last = true, .ignore_format = true}}};
  for (const auto& c : cases) {
    const std::string ref = "encode/one_hot_encoder_small_" + std::string(c.name);
    INFO(ref);
    OneHotEncoder enc(c.options);
    enc.fit(X);
    CHECK(enc.variables_ == X.names());  // ignore_format, automatic: every column
    fepipe_test::check_list_dict(enc.encoder_dict_, ref + "__encoder_dict.csv");
    fepipe_test::check_frame_close(enc.transform(X), fepipe_test::read_reference_frame(ref + "__transform.csv"), 0.0);
    fepipe_test::check_frame_close(enc.transform(unseen), fepipe_test::read_reference_frame(ref + "__unseen.csv"), 0.0);
    fepipe_test::check_rows_match_transform(enc, X);
    fepipe_test::check_rows_match_transform(enc, unseen);
    fepipe_test::check_transform_roundtrip(enc, unseen);
  }
  // Without ignore_format the numeric column passes through, before the dummies.
  OneHotEncoder enc;
  enc.fit(X);
  CHECK(enc.variables_ == std::vector<std::string>{"t", "k"});
  CHECK(enc.feature_names_out() == std::vector<std::string>{"x", "t_b", "t_a", "t_c", "t_d", "k_same"});
  fepipe_test::check_rows_match_transform(enc, unseen);
}

TEST_CASE("OneHotEncoder in a Pipeline: the course's Titanic categoricals, predict_one equals predict") {
  const Frame raw = fepipe_test::read_input_frame("count_frequency_encoder_titanic");
  const Frame survived = fepipe_test::read_input_frame("mean_encoder_titanic").select({"survived"});
  const Target y = fepipe_test::target_of(survived, "survived");
  Pipeline pipe{CategoricalImputer(), RareLabelEncoder({.tol = 0.05, .n_categories = 1}),
                OneHotEncoder({.drop_last = true}), Lasso({.alpha = 0.001})};
  pipe.fit(raw, y);
  const Eigen::VectorXd batch = pipe.predict(raw);
  for (std::size_t r = 0; r < raw.rows(); ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(raw, r)), batch[static_cast<Eigen::Index>(r)]));
  CHECK(pipe.feature_names_out() == pipe.step<2>().feature_names_out());
  auto [from_json, from_bin] = fepipe_test::roundtrip_both(pipe);
  fepipe_test::require_identical(from_bin.predict(raw), batch);
}

TEST_CASE("OneHotEncoder errors name the step and the column") {
  CHECK_THROWS_WITH_AS(OneHotEncoder({.top_categories = -1}), doctest::Contains("OneHotEncoder: top_categories"),
                       ParameterError);
  Frame X;
  X.add("a", Column::from_labels(std::vector<std::string>{"x", "", "y"}));
  X.add("n", Column::numeric({1.0, 2.0, 3.0}));
  CHECK_THROWS_WITH_AS(OneHotEncoder().fit(X), doctest::Contains("OneHotEncoder: column 'a'"), DataError);
  CHECK_THROWS_WITH_AS(OneHotEncoder().fit(X), doctest::Contains("impute"), DataError);
  CHECK_THROWS_WITH_AS(OneHotEncoder({.variables = {"n"}}).fit(X), doctest::Contains("column 'n'"), SchemaError);
  Frame numeric_nan;
  numeric_nan.add("n", Column::numeric({1.0, NAN}));
  CHECK_THROWS_WITH_AS(OneHotEncoder({.ignore_format = true}).fit(numeric_nan), doctest::Contains("column 'n'"),
                       DataError);

  const Frame clean = X.take_rows(std::vector<std::size_t>{0, 2});
  OneHotEncoder enc;
  enc.fit(clean);
  CHECK_THROWS_WITH_AS(enc.transform(X), doctest::Contains("OneHotEncoder: column 'a'"), DataError);
  auto record = fepipe_test::record_of(X, 1);
  std::vector<Value> cells(8);
  std::copy(record.begin(), record.end(), cells.begin());
  Row row(cells, record.size());
  CHECK_THROWS_WITH_AS(enc.transform_row(row), doctest::Contains("column 'a'"), DataError);

  // "a" with category "b" and a column "a_b": the dummy would shadow it.
  Frame clash;
  clash.add("a", Column::from_labels(std::vector<std::string>{"b", "c"}));
  clash.add("a_b", Column::numeric({1.0, 2.0}));
  CHECK_THROWS_WITH_AS(OneHotEncoder().fit(clash), doctest::Contains("OneHotEncoder: column 'a_b'"), SchemaError);
  CHECK_THROWS_AS(OneHotEncoder().transform(clean), NotFittedError);

  // A hostile file: variables_binary_ naming a variable that is not encoded.
  const std::string json = save_model_to_string(enc);
  fepipe_test::check_rejected<OneHotEncoder>(
      fepipe_test::replaced(json, "\"variables_binary_\": [\n   \"a\"", "\"variables_binary_\": [\n   \"zz\""));
}

}  // namespace encode_one_hot_encoder_test
