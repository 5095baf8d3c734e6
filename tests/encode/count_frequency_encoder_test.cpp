// CountFrequencyEncoder against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py): counts and frequencies on
// House Prices, Titanic with missing values allowed (they are not counted)
// under each unseen policy, and numbers as categories.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/count_frequency_encoder.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_count_frequency_encoder_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_categorical{
    "MSSubClass", "MSZoning",   "LotShape",   "LandContour", "LotConfig",     "Neighborhood", "RoofStyle", "Exterior1st",
    "Foundation", "CentralAir", "Functional", "PavedDrive",  "SaleCondition", "Street",       "HouseStyle"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select(house_categorical);
  return X;
}
std::vector<std::size_t> range(std::size_t from, std::size_t to) {
  std::vector<std::size_t> r;
  for (std::size_t i = from; i < to; ++i) r.push_back(i);
  return r;
}
const Frame& titanic() {
  static const Frame X = fepipe_test::read_input_frame("count_frequency_encoder_titanic");
  return X;
}
Frame titanic_train() { return titanic().take_rows(range(0, 1000)); }
Frame titanic_test() { return titanic().take_rows(range(1000, titanic().rows())); }

/// The dict lists categories by descending count; up to 16 categories
/// pandas' order is also the tie rule's (first appearance), so the
/// reference order must match exactly there.
void check_count_order(const CountFrequencyEncoder& enc, const std::string& file) {
  const auto ref = fepipe_test::read_attribute(file);
  for (const auto& [var, mapping] : enc.encoder_dict_) {
    INFO(var);
    for (std::size_t i = 1; i < mapping.size(); ++i) CHECK(mapping[i - 1].second >= mapping[i].second);
    if (mapping.size() > 16) continue;
    std::vector<std::string> expected;
    for (const auto& row : ref)
      if (row.variable == var) expected.push_back(row.key);
    CHECK(mapping.keys() == expected);
  }
}

}  // namespace

TEST_CASE("CountFrequencyEncoder matches feature-engine on House Prices") {
  for (auto [method, name] : {std::pair{CountEncoding::count, "count"}, std::pair{CountEncoding::frequency, "frequency"}}) {
    const std::string ref = "encode/count_frequency_encoder_house_" + std::string(name);
    INFO(ref);
    CountFrequencyEncoder enc({.encoding_method = method});
    enc.fit(house());
    fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 1e-15);
    check_count_order(enc, ref + "__encoder_dict.csv");
    const Frame expected = fepipe_test::read_reference_frame(ref + "__transform.csv");
    fepipe_test::check_frame_close(enc.transform(house().head(expected.rows())), expected, 1e-15);
    CHECK(enc.feature_names_out() == house_categorical);
    fepipe_test::check_rows_match_transform(enc, house().head(100));
  }
}

TEST_CASE("CountFrequencyEncoder with missing values allowed (Titanic), unseen ignore and encode") {
  for (auto [method, name] : {std::pair{CountEncoding::count, "count"}, std::pair{CountEncoding::frequency, "frequency"}})
    for (auto [unseen, uname] : {std::pair{UnseenPolicy::ignore, "ignore"}, std::pair{UnseenPolicy::encode, "encode"}}) {
      const std::string ref = "encode/count_frequency_encoder_titanic_" + std::string(name) + "_" + uname;
      INFO(ref);
      CountFrequencyEncoder enc({.encoding_method = method, .missing_values = MissingValues::ignore, .unseen = unseen});
      enc.fit(titanic_train());
      fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 1e-15);
      const Frame out = enc.transform(titanic_test());
      fepipe_test::check_frame_close(out, fepipe_test::read_reference_frame(ref + "__transform.csv"), 1e-15);
      fepipe_test::check_rows_match_transform(enc, titanic_test());
      fepipe_test::check_transform_roundtrip(enc, titanic_test());
    }
  // raise: the test rows hold unseen cabins and missing values.
  CountFrequencyEncoder strict({.missing_values = MissingValues::ignore, .unseen = UnseenPolicy::raise});
  strict.fit(titanic_train());
  CHECK_THROWS_WITH_AS(strict.transform(titanic_test()), doctest::Contains("CountFrequencyEncoder: column 'cabin'"),
                       UnseenCategoryError);
  fepipe_test::check_hostile_files(strict);
}

TEST_CASE("CountFrequencyEncoder: frequencies of numbers as categories (ignore_format), ties in first appearance") {
  const Frame X = fepipe_test::read_input_frame("count_frequency_encoder_small");
  CountFrequencyEncoder enc({.encoding_method = CountEncoding::frequency, .ignore_format = true});
  enc.fit(X);
  fepipe_test::check_nested_dict(enc.encoder_dict_, "encode/count_frequency_encoder_small_frequency__encoder_dict.csv",
                                 1e-15);
  check_count_order(enc, "encode/count_frequency_encoder_small_frequency__encoder_dict.csv");
  CHECK(enc.encoder_dict_.at("t").keys() == std::vector<std::string>{"b", "a", "c", "d"});
  fepipe_test::check_frame_close(
      enc.transform(X), fepipe_test::read_reference_frame("encode/count_frequency_encoder_small_frequency__transform.csv"),
      1e-15);
  fepipe_test::check_rows_match_transform(enc, X);
  // inverse_transform gives the categories back (here each count is unique
  // per variable except ties, where the last category wins).
  const Frame back = enc.inverse_transform(enc.transform(X));
  CHECK(back.column(1).is_numeric());
  CHECK(back.numeric("x")[3] == HUGE_VAL);  // 1e-05 and inf share a frequency: the later one, inf
}

TEST_CASE("CountFrequencyEncoder inverse_transform: where categories share a count, the last one (feature-engine)") {
  // feature-engine inverts encoder_dict_ as a Python dict, {v: k for k, v in
  // mapping.items()}: a later category with the same count replaces an
  // earlier one.
  Frame X;
  X.add("t", Column::from_labels(std::vector<std::string>{"a", "b", "a", "c", "b", "d"}));
  CountFrequencyEncoder enc;
  enc.fit(X);
  const Dict<double>& counts = enc.encoder_dict_.at("t");
  std::string last_with_two;
  for (const auto& [label, count] : counts)
    if (count == 2.0) last_with_two = label;
  REQUIRE(last_with_two == counts.keys()[1]);  // a and b both seen twice, in this order
  const Frame back = enc.inverse_transform(enc.transform(X));
  for (std::size_t r : {0u, 1u, 2u, 4u}) CHECK(back["t"].label(back["t"].codes()[r]) == last_with_two);
  // c and d are seen once each: both rows give back the last of them.
  CHECK(back["t"].label(back["t"].codes()[3]) == counts.keys()[3]);
  CHECK(back["t"].label(back["t"].codes()[5]) == counts.keys()[3]);
}

TEST_CASE("CountFrequencyEncoder in a Pipeline: unseen categories encoded as 0, predict_one equals predict") {
  const Frame survived = fepipe_test::read_input_frame("mean_encoder_titanic").select({"survived"});
  const Target y_all = fepipe_test::target_of(survived, "survived");
  const Target y = y_all.head(1000);
  Pipeline pipe{CountFrequencyEncoder({.missing_values = MissingValues::ignore, .unseen = UnseenPolicy::encode}),
                Lasso({.alpha = 0.0001})};
  pipe.fit(titanic_train(), y);
  const Frame test = titanic_test();
  const Eigen::VectorXd batch = pipe.predict(test);
  for (std::size_t r = 0; r < test.rows(); ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(test, r)), batch[static_cast<Eigen::Index>(r)]));
}

TEST_CASE("CountFrequencyEncoder errors name the step and the column") {
  CHECK_THROWS_WITH_AS(CountFrequencyEncoder().fit(titanic()), doctest::Contains("CountFrequencyEncoder: column 'cabin'"),
                       DataError);
  CHECK_THROWS_WITH_AS(CountFrequencyEncoder({.variables = {"nope"}}).fit(titanic()), doctest::Contains("'nope'"),
                       SchemaError);
  Frame numeric;
  numeric.add("n", Column::numeric({1.0, 2.0}));
  CHECK_THROWS_WITH_AS(CountFrequencyEncoder({.variables = {"n"}}).fit(numeric), doctest::Contains("column 'n'"),
                       SchemaError);
  CountFrequencyEncoder enc;
  enc.fit(house());
  Frame with_missing = house().head(3);
  with_missing.column(0).mutable_codes()[1] = Column::missing_code;
  CHECK_THROWS_WITH_AS(enc.transform(with_missing), doctest::Contains("column 'MSSubClass'"), DataError);
  auto record = fepipe_test::record_of(with_missing, 1);
  Row row(record, record.size());
  CHECK_THROWS_WITH_AS(enc.transform_row(row), doctest::Contains("column 'MSSubClass'"), DataError);
  // A hostile file: a negative count.
  const std::string json = save_model_to_string(enc);
  fepipe_test::check_rejected<CountFrequencyEncoder>(fepipe_test::first_number_negated(json, "\"encoder_dict_\""));
  CHECK_THROWS_AS(CountFrequencyEncoder().transform(house()), NotFittedError);
}

}  // namespace encode_count_frequency_encoder_test
