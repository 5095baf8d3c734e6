#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/io/csv.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_ordinal_encoder_test {

using namespace fepipe;

namespace {
const std::vector<std::string> kVars{"MSSubClass", "MSZoning",  "LotShape",   "LandContour", "LotConfig",
                                     "Neighborhood", "RoofStyle", "Exterior1st", "Foundation",  "CentralAir",
                                     "Functional",   "PavedDrive", "SaleCondition", "Street",   "HouseStyle"};

std::pair<Frame, Target> house() {
  const Frame df = fepipe_test::load_houseprice();
  const auto price = df.numeric("SalePrice");
  Target y(static_cast<Eigen::Index>(price.size()));
  for (std::size_t i = 0; i < price.size(); ++i) y[static_cast<Eigen::Index>(i)] = std::log(price[i]);
  return {df.select(kVars), y};
}


void check_dict(const OrdinalEncoder& enc, const std::string& file) {
  const auto ref = fepipe_test::read_attribute(file);
  std::size_t n = 0;
  for (const auto& [var, mapping] : enc.encoder_dict_) n += mapping.size();
  CHECK(n == ref.size());
  for (const auto& row : ref) {
    INFO(row.variable << " / " << row.key);
    CHECK(enc.encoder_dict_.at(row.variable).at(row.key) == row.value);
  }
}
}  // namespace

TEST_CASE("OrdinalEncoder 'ordered' and 'arbitrary' match feature-engine on House Prices") {
  const auto [X, y] = house();
  for (const std::string method : {"ordered", "arbitrary"}) {
    INFO(method);
    OrdinalEncoder enc(
        {.encoding_method = method == "ordered" ? OrdinalEncoding::ordered : OrdinalEncoding::arbitrary});
    enc.fit(X, &y);
    check_dict(enc, "encode/ordinal_encoder_house_" + method + "__encoder_dict.csv");
    fepipe_test::check_frame_close(enc.transform(X),
                                   fepipe_test::read_reference_frame("encode/ordinal_encoder_house_" + method +
                                                                     "__transform.csv"),
                                   0.0);
    fepipe_test::check_rows_match_transform(enc, X.head(200));
    fepipe_test::check_transform_roundtrip(enc, X);
  }
}

TEST_CASE("OrdinalEncoder sorts numeric-looking categories numerically, as pandas sorts ints") {
  // Equal means: the order falls back to the label order, 9 before 10.
  Frame X;
  X.add("code", Column::from_labels(std::vector<std::string>{"10", "9", "10", "9", "x"}));
  Target y(5);
  y << 1.0, 1.0, 1.0, 1.0, 0.5;
  OrdinalEncoder enc;
  enc.fit(X, &y);
  CHECK(enc.encoder_dict_.at("code").at("x") == 0.0);
  CHECK(enc.encoder_dict_.at("code").at("9") == 1.0);
  CHECK(enc.encoder_dict_.at("code").at("10") == 2.0);
}

TEST_CASE("OrdinalEncoder with missing values allowed (Titanic) matches feature-engine up to tied means") {
  const Frame X = fepipe_test::read_reference_frame("encode/ordinal_titanic__input.csv", {{"survived", Kind::numeric}});
  const Frame features = X.select({"sex", "cabin", "embarked", "title"});
  Target y(static_cast<Eigen::Index>(X.rows()));
  for (std::size_t r = 0; r < X.rows(); ++r) y[static_cast<Eigen::Index>(r)] = X.numeric("survived")[r];
  OrdinalEncoder enc({.missing_values = MissingValues::ignore});
  enc.fit(features, &y);
  // Many cabins share a mean survival (0 or 1). pandas orders them with
  // numpy's quicksort, which is not stable beyond 16 items, so
  // feature-engine's order inside a block of equal means is arbitrary;
  // fepipe orders such ties by label. Codes must agree up to a permutation
  // inside each block of equal means.
  const auto ref = fepipe_test::read_attribute("encode/ordinal_encoder_titanic_ordered_ignore__encoder_dict.csv");
  for (const std::string var : {"sex", "cabin", "embarked", "title"}) {
    const Column& col = features[var];
    std::map<std::string, std::pair<double, double>> sum_count;
    for (std::size_t r = 0; r < col.size(); ++r)
      if (col.codes()[r] >= 0) {
        auto& sc = sum_count[std::string(col.label(col.codes()[r]))];
        sc.first += y[static_cast<Eigen::Index>(r)];
        sc.second += 1;
      }
    std::map<double, std::multiset<double>> ours_by_mean, theirs_by_mean;
    for (const auto& row : ref) {
      if (row.variable != var) continue;
      const auto& sc = sum_count.at(row.key);
      const double mean = sc.first / sc.second;
      ours_by_mean[mean].insert(enc.encoder_dict_.at(var).at(row.key));
      theirs_by_mean[mean].insert(row.value);
    }
    INFO(var);
    CHECK(ours_by_mean == theirs_by_mean);
    CHECK(enc.encoder_dict_.at(var).size() == sum_count.size());
  }
  // Variables without ties match value for value.
  const Frame expected = fepipe_test::read_reference_frame("encode/ordinal_encoder_titanic_ordered_ignore__transform.csv");
  const Frame out = enc.transform(features);
  fepipe_test::check_frame_close(out.select({"sex", "embarked", "title"}), expected.select({"sex", "embarked", "title"}),
                                 0.0);
  fepipe_test::check_rows_match_transform(enc, features);
}

TEST_CASE("OrdinalEncoder unseen categories under each policy") {
  Frame train;
  train.add("c", Column::from_labels(std::vector<std::string>{"a", "b", "a", ""}));
  Frame test;
  test.add("c", Column::from_labels(std::vector<std::string>{"a", "new", ""}));
  auto encoder = [&](UnseenPolicy unseen) {
    OrdinalEncoder enc({.encoding_method = OrdinalEncoding::arbitrary, .missing_values = MissingValues::ignore,
                        .unseen = unseen});
    enc.fit(train);
    return enc;
  };
  const Frame ignored = encoder(UnseenPolicy::ignore).transform(test);
  CHECK(ignored.numeric("c")[0] == 0.0);
  CHECK(std::isnan(ignored.numeric("c")[1]));
  CHECK(std::isnan(ignored.numeric("c")[2]));
  const Frame encoded = encoder(UnseenPolicy::encode).transform(test);
  CHECK(encoded.numeric("c")[1] == -1.0);
  CHECK(encoded.numeric("c")[2] == -1.0);  // NaN input is encoded too (feature-engine rule)
  CHECK_THROWS_WITH_AS(encoder(UnseenPolicy::raise).transform(test), doctest::Contains("'new'"), UnseenCategoryError);
  CHECK_THROWS_WITH_AS(encoder(UnseenPolicy::raise).transform(test.take_rows(std::vector<std::size_t>{2})),
                       doctest::Contains("missing"), UnseenCategoryError);
  // The record path applies the same policy.
  fepipe_test::check_rows_match_transform(encoder(UnseenPolicy::encode), test);
  fepipe_test::check_rows_match_transform(encoder(UnseenPolicy::ignore), test);
  // A label only in the test frame's dictionary, used by no row, is no error.
  Frame unused = test.take_rows(std::vector<std::size_t>{0});
  CHECK_NOTHROW(encoder(UnseenPolicy::raise).transform(unused));
}

TEST_CASE("OrdinalEncoder errors") {
  Frame X;
  X.add("c", Column::from_labels(std::vector<std::string>{"a", "", "b"}));
  X.add("n", Column::numeric({1.0, 2.0, 3.0}));
  Target y(3);
  y << 1.0, 2.0, 3.0;
  CHECK_THROWS_WITH_AS(OrdinalEncoder().fit(X, &y), doctest::Contains("OrdinalEncoder: column 'c'"), DataError);
  CHECK_THROWS_WITH_AS(OrdinalEncoder({.missing_values = MissingValues::ignore}).fit(X), doctest::Contains("target"),
                       ParameterError);
  CHECK_THROWS_WITH_AS(OrdinalEncoder({.variables = {"n"}}).fit(X, &y), doctest::Contains("'n'"), SchemaError);
  Target nan_y(3);
  nan_y << 1.0, NAN, 3.0;
  CHECK_THROWS_AS(OrdinalEncoder({.missing_values = MissingValues::ignore}).fit(X, &nan_y), DataError);
  OrdinalEncoder enc({.missing_values = MissingValues::raise});
  Frame clean = X.take_rows(std::vector<std::size_t>{0, 2});
  const Target y2 = y.head(2);
  enc.fit(clean, &y2);
  CHECK_THROWS_WITH_AS(enc.transform(X), doctest::Contains("'c'"), DataError);
}

TEST_CASE("OrdinalEncoder inverse_transform maps codes back") {
  const auto [X, y] = house();
  OrdinalEncoder enc;
  enc.fit(X, &y);
  const Frame back = enc.inverse_transform(enc.transform(X));
  fepipe_test::check_frame_close(back, X, 0.0);
}

}  // namespace encode_ordinal_encoder_test
