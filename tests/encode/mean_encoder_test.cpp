// MeanEncoder against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py): plain, fixed and automatic
// smoothing on House Prices, Titanic with missing values allowed under each
// unseen policy (encode → the prior), and hand-made data with single-row
// categories and numbers as categories.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_mean_encoder_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_categorical{
    "MSSubClass", "MSZoning",   "LotShape",   "LandContour", "LotConfig",     "Neighborhood", "RoofStyle", "Exterior1st",
    "Foundation", "CentralAir", "Functional", "PavedDrive",  "SaleCondition", "Street",       "HouseStyle"};
const std::vector<std::string> titanic_vars{"sex", "cabin", "embarked", "title"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select(house_categorical);
  return X;
}
const Target& house_y() {
  static const Target y = fepipe_test::target_of(fepipe_test::read_input_frame("mean_encoder_house_target"), "y");
  return y;
}
std::vector<std::size_t> range(std::size_t from, std::size_t to) {
  std::vector<std::size_t> r;
  for (std::size_t i = from; i < to; ++i) r.push_back(i);
  return r;
}
const Frame& titanic() {
  static const Frame X = fepipe_test::read_input_frame("mean_encoder_titanic");
  return X;
}

MeanEncoder::Options smoothing(const std::string& name) {
  if (name == "auto") return {.smoothing_method = MeanSmoothing::automatic};
  return {.smoothing = std::stod(name)};
}

}  // namespace

TEST_CASE("MeanEncoder matches feature-engine on House Prices: smoothing 0, 10 and auto") {
  for (const std::string name : {"0", "10", "auto"}) {
    const std::string ref = "encode/mean_encoder_house_" + name;
    INFO(ref);
    MeanEncoder enc(smoothing(name));
    enc.fit(house(), &house_y());
    fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 1e-9);
    const Frame expected = fepipe_test::read_reference_frame(ref + "__transform.csv");
    fepipe_test::check_frame_close(enc.transform(house().head(expected.rows())), expected, 1e-9);
    CHECK(enc.feature_names_out() == house_categorical);
    fepipe_test::check_rows_match_transform(enc, house().head(100));
  }
}

TEST_CASE("MeanEncoder with missing values allowed (Titanic): unseen ignore keeps NaN, encode gives the prior") {
  const Frame train = titanic().take_rows(range(0, 1000));
  const Frame test = titanic().take_rows(range(1000, titanic().rows())).select(titanic_vars);
  const Target y = fepipe_test::target_of(train, "survived");
  for (const std::string name : {"0", "auto"})
    for (auto [unseen, uname] : {std::pair{UnseenPolicy::ignore, "ignore"}, std::pair{UnseenPolicy::encode, "encode"}}) {
      const std::string ref = "encode/mean_encoder_titanic_" + name + "_" + uname;
      INFO(ref);
      MeanEncoder::Options o = smoothing(name);
      o.missing_values = MissingValues::ignore;
      o.unseen = unseen;
      MeanEncoder enc(o);
      enc.fit(train.select(titanic_vars), &y);
      // The prior counts every row, also those with a missing category.
      CHECK(enc.prior_ == doctest::Approx(y.mean()).epsilon(1e-15));
      fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 1e-9);
      const Frame out = enc.transform(test);
      fepipe_test::check_frame_close(out, fepipe_test::read_reference_frame(ref + "__transform.csv"), 1e-9);
      fepipe_test::check_rows_match_transform(enc, test);
      fepipe_test::check_transform_roundtrip(enc, test);
    }
  MeanEncoder strict({.missing_values = MissingValues::ignore, .unseen = UnseenPolicy::raise});
  strict.fit(train.select(titanic_vars), &y);
  CHECK_THROWS_WITH_AS(strict.transform(test), doctest::Contains("MeanEncoder: column 'cabin'"), UnseenCategoryError);
  fepipe_test::check_hostile_files(strict);
}

TEST_CASE("MeanEncoder on hand-made data: single-row categories, numbers as categories, a constant column") {
  const Frame data = fepipe_test::read_input_frame("mean_encoder_small");
  const Frame X = data.select({"t", "x", "k"});
  const Target y = fepipe_test::target_of(data, "y");
  for (const std::string name : {"0", "2.5", "auto"}) {
    const std::string ref = "encode/mean_encoder_small_" + name;
    INFO(ref);
    MeanEncoder::Options o = smoothing(name);
    o.ignore_format = true;
    o.variables = {"t", "x", "k"};
    MeanEncoder enc(o);
    enc.fit(X, &y);
    fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 1e-12);
    fepipe_test::check_frame_close(enc.transform(X), fepipe_test::read_reference_frame(ref + "__transform.csv"), 1e-12);
    fepipe_test::check_rows_match_transform(enc, X);
  }
  // inverse_transform: encodings back to the categories (numbers for x);
  // equal encodings (x 1.5 and 2.0 both have mean 5/3) give the last, as
  // feature-engine's {v: k for k, v in mapping.items()} does.
  MeanEncoder enc({.ignore_format = true});
  enc.fit(X, &y);
  const Frame back = enc.inverse_transform(enc.transform(X));
  REQUIRE(back["x"].is_numeric());
  CHECK(back.numeric("x")[4] == HUGE_VAL);
  CHECK(back.numeric("x")[2] == 2.0);
  CHECK(back["t"].label(back["t"].codes()[3]) == "c");
}

TEST_CASE("MeanEncoder in a Pipeline: predict_one equals predict, unseen categories take the prior") {
  const Frame train = titanic().take_rows(range(0, 1000));
  const Frame test = titanic().take_rows(range(1000, titanic().rows())).select(titanic_vars);
  const Target y = fepipe_test::target_of(train, "survived");
  Pipeline pipe{MeanEncoder({.missing_values = MissingValues::ignore,
                             .unseen = UnseenPolicy::encode,
                             .smoothing_method = MeanSmoothing::automatic}),
                Lasso({.alpha = 0.0001})};
  pipe.fit(train.select(titanic_vars), y);
  const Eigen::VectorXd batch = pipe.predict(test);
  for (std::size_t r = 0; r < test.rows(); ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(test, r)), batch[static_cast<Eigen::Index>(r)]));
}

TEST_CASE("MeanEncoder errors name the step and the column") {
  for (double s : {-1.0, std::nan(""), HUGE_VAL})
    CHECK_THROWS_WITH_AS(MeanEncoder({.smoothing = s}), doctest::Contains("MeanEncoder: smoothing"), ParameterError);
  Frame X;
  X.add("c", Column::from_labels(std::vector<std::string>{"a", "b", "a"}));
  Target y(3);
  y << 1.0, 2.0, 3.0;
  CHECK_THROWS_WITH_AS(MeanEncoder().fit(X), doctest::Contains("MeanEncoder"), ParameterError);  // no y
  CHECK_THROWS_AS(MeanEncoder().fit(X, &house_y()), SchemaError);                                 // wrong length
  Target nan_y = y;
  nan_y[1] = NAN;
  CHECK_THROWS_WITH_AS(MeanEncoder().fit(X, &nan_y), doctest::Contains("row 1"), DataError);
  const Target constant = Target::Constant(3, 2.0);
  CHECK_THROWS_WITH_AS(MeanEncoder({.smoothing_method = MeanSmoothing::automatic}).fit(X, &constant),
                       doctest::Contains("MeanEncoder: smoothing auto"), ParameterError);
  CHECK_NOTHROW(MeanEncoder().fit(X, &constant));  // fixed smoothing needs no variance

  Frame with_missing;
  with_missing.add("c", Column::from_labels(std::vector<std::string>{"a", "", "a"}));
  CHECK_THROWS_WITH_AS(MeanEncoder().fit(with_missing, &y), doctest::Contains("MeanEncoder: column 'c'"), DataError);
  MeanEncoder enc({.unseen = UnseenPolicy::raise});
  enc.fit(X, &y);
  Frame unseen;
  unseen.add("c", Column::from_labels(std::vector<std::string>{"zzz"}));
  CHECK_THROWS_WITH_AS(enc.transform(unseen), doctest::Contains("MeanEncoder: column 'c'"), UnseenCategoryError);
  CHECK_THROWS_WITH_AS(enc.transform(unseen), doctest::Contains("'zzz'"), UnseenCategoryError);
  std::vector<Value> cells{Value(1.5)};
  Row row(cells, 1);
  CHECK_THROWS_WITH_AS(enc.transform_row(row), doctest::Contains("column 'c'"), SchemaError);
  MeanEncoder encode({.unseen = UnseenPolicy::encode});
  encode.fit(X, &y);
  CHECK(encode.transform(unseen).numeric("c")[0] == encode.prior_);
  CHECK_THROWS_WITH_AS(encode.inverse_transform(encode.transform(X)), doctest::Contains("MeanEncoder"),
                       ParameterError);
  // A hostile file: a prior that is no number.
  fepipe_test::check_rejected<MeanEncoder>(
      fepipe_test::replaced(save_model_to_string(encode), "\"prior_\": 2.0", "\"prior_\": \"x\""));
}

}  // namespace encode_mean_encoder_test
