// WoEEncoder against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py): weights of evidence on the
// course's Titanic categoricals (also with the target remapped from 1/2),
// House Prices with a binary target and fill_value, and numbers as
// categories; the variables whose WoE is undefined are all named.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/woe_encoder.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_woe_encoder_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_categorical{
    "MSSubClass", "MSZoning",   "LotShape",   "LandContour", "LotConfig",     "Neighborhood", "RoofStyle", "Exterior1st",
    "Foundation", "CentralAir", "Functional", "PavedDrive",  "SaleCondition", "Street",       "HouseStyle"};

const Frame& titanic() {
  static const Frame X = fepipe_test::read_input_frame("woe_encoder_titanic");
  return X;
}
Frame titanic_X() { return titanic().select({"sex", "cabin", "embarked", "title"}); }
Target titanic_y() { return fepipe_test::target_of(titanic(), "survived"); }

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select(house_categorical);
  return X;
}
Target house_y() { return fepipe_test::target_of(fepipe_test::read_input_frame("woe_encoder_house_target"), "y"); }

}  // namespace

TEST_CASE("WoEEncoder matches feature-engine on the course's Titanic categoricals") {
  const Frame X = titanic_X();
  const Target y = titanic_y();
  WoEEncoder enc({.variables = {"sex", "cabin", "title"}});
  enc.fit(X, &y);
  fepipe_test::check_nested_dict(enc.encoder_dict_, "encode/woe_encoder_titanic__encoder_dict.csv", 1e-12);
  const Frame out = enc.transform(X);
  fepipe_test::check_frame_close(out, fepipe_test::read_reference_frame("encode/woe_encoder_titanic__transform.csv"),
                                 1e-12);
  CHECK(enc.feature_names_out() == X.names());
  fepipe_test::check_rows_match_transform(enc, X);
  fepipe_test::check_transform_roundtrip(enc, X);
  fepipe_test::check_hostile_files(enc);

  // A target of 1/2 is remapped (1 → negative, 2 → positive): same WoE.
  const Target shifted = (y.array() + 1.0).matrix();
  WoEEncoder remapped({.variables = {"sex", "cabin", "title"}});
  remapped.fit(X, &shifted);
  fepipe_test::check_nested_dict(remapped.encoder_dict_, "encode/woe_encoder_titanic_remapped__encoder_dict.csv",
                                 1e-12);
  CHECK(remapped.encoder_dict_ == enc.encoder_dict_);

  // embarked's rare group has no negative row: undefined without fill_value.
  CHECK_THROWS_WITH_AS(WoEEncoder().fit(X, &y), doctest::Contains("WoEEncoder: column 'embarked'"), DataError);
  WoEEncoder filled({.fill_value = 0.01});
  filled.fit(X, &y);
  fepipe_test::check_nested_dict(filled.encoder_dict_, "encode/woe_encoder_titanic_fill__encoder_dict.csv", 1e-12);
  fepipe_test::check_frame_close(filled.transform(X),
                                 fepipe_test::read_reference_frame("encode/woe_encoder_titanic_fill__transform.csv"), 1e-12);
}

TEST_CASE("WoEEncoder on House Prices: fill_value, and every failing variable named without it") {
  const Target y = house_y();
  for (const auto& [fill, name] : {std::pair{0.0001, "0.0001"}, std::pair{0.5, "0.5"}}) {
    const std::string ref = "encode/woe_encoder_house_fill" + std::string(name);
    INFO(ref);
    WoEEncoder enc({.fill_value = fill});
    enc.fit(house(), &y);
    fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 1e-12);
    const Frame expected = fepipe_test::read_reference_frame(ref + "__transform.csv");
    fepipe_test::check_frame_close(enc.transform(house().head(expected.rows())), expected, 1e-12);
    fepipe_test::check_rows_match_transform(enc, house().head(100));
  }
  const auto failing = fepipe_test::read_list("encode/woe_encoder_house_nofill__failing.csv");
  REQUIRE(failing.size() > 1);
  try {
    WoEEncoder().fit(house(), &y);
    FAIL("expected a DataError");
  } catch (const DataError& e) {
    CHECK(e.step() == "WoEEncoder");
    CHECK(e.column() == failing.front());
    for (const auto& v : failing) CHECK(std::string(e.what()).find(v) != std::string::npos);
  }
}

TEST_CASE("WoEEncoder: numbers as categories (ignore_format), unseen categories") {
  const Frame data = fepipe_test::read_input_frame("woe_encoder_small");
  const Frame X = data.select({"t", "x"});
  const Target y = fepipe_test::target_of(data, "y");
  WoEEncoder enc({.ignore_format = true});
  enc.fit(X, &y);
  fepipe_test::check_nested_dict(enc.encoder_dict_, "encode/woe_encoder_small__encoder_dict.csv", 1e-12);
  fepipe_test::check_frame_close(enc.transform(X), fepipe_test::read_reference_frame("encode/woe_encoder_small__transform.csv"),
                                 1e-12);
  fepipe_test::check_rows_match_transform(enc, X);
  Frame unseen;
  unseen.add("t", Column::from_labels(std::vector<std::string>{"a", "new"}));
  unseen.add("x", Column::numeric({3.0, 1.0}));
  const Frame out = enc.transform(unseen);
  CHECK(std::isnan(out.numeric("t")[1]));
  CHECK(std::isnan(out.numeric("x")[0]));
  CHECK(out.numeric("x")[1] == enc.encoder_dict_.at("x").at("1.0"));
  fepipe_test::check_rows_match_transform(enc, unseen);
  WoEEncoder strict({.ignore_format = true, .unseen = UnseenPolicy::raise});
  strict.fit(X, &y);
  CHECK_THROWS_WITH_AS(strict.transform(unseen), doctest::Contains("WoEEncoder: column 't'"), UnseenCategoryError);
  // inverse_transform maps each WoE back to its first category.
  const Frame back = enc.inverse_transform(enc.transform(X));
  CHECK(back["t"].label(back["t"].codes()[2]) == "b");
}

TEST_CASE("WoEEncoder in a Pipeline: predict_one equals predict") {
  const Frame X = titanic_X();
  const Target y = titanic_y();
  Pipeline pipe{WoEEncoder({.fill_value = 0.01}), Lasso({.alpha = 0.0001})};
  pipe.fit(X, y);
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < X.rows(); ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X, r)), batch[static_cast<Eigen::Index>(r)]));
}

TEST_CASE("WoEEncoder errors name the step and the column") {
  CHECK_THROWS_WITH_AS(WoEEncoder({.unseen = UnseenPolicy::encode}), doctest::Contains("WoEEncoder: unseen"),
                       ParameterError);
  for (double f : {0.0, -1.0, std::nan("")})
    CHECK_THROWS_WITH_AS(WoEEncoder({.fill_value = f}), doctest::Contains("WoEEncoder: fill_value"), ParameterError);
  Frame X;
  X.add("c", Column::from_labels(std::vector<std::string>{"a", "b", "a", "b"}));
  Target three(4);
  three << 0.0, 1.0, 2.0, 1.0;
  CHECK_THROWS_WITH_AS(WoEEncoder().fit(X, &three), doctest::Contains("exactly 2 distinct"), DataError);
  const Target one = Target::Zero(4);
  CHECK_THROWS_WITH_AS(WoEEncoder().fit(X, &one), doctest::Contains("exactly 2 distinct"), DataError);
  CHECK_THROWS_AS(WoEEncoder().fit(X), ParameterError);
  Frame with_missing;
  with_missing.add("c", Column::from_labels(std::vector<std::string>{"a", "", "a", "b"}));
  Target y(4);
  y << 0.0, 1.0, 1.0, 0.0;
  CHECK_THROWS_WITH_AS(WoEEncoder().fit(with_missing, &y), doctest::Contains("WoEEncoder: column 'c'"), DataError);
  WoEEncoder enc({.fill_value = 0.5});
  enc.fit(X, &y);
  CHECK_THROWS_WITH_AS(enc.transform(with_missing), doctest::Contains("WoEEncoder: column 'c'"), DataError);
  std::vector<Value> cells{Value::missing()};
  Row row(cells, 1);
  CHECK_THROWS_WITH_AS(enc.transform_row(row), doctest::Contains("impute"), DataError);
  CHECK_THROWS_AS(WoEEncoder().transform(X), NotFittedError);
}

}  // namespace encode_woe_encoder_test
