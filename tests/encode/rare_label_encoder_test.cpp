#include <doctest/doctest.h>

#include <cmath>

#include "fepipe/encode/rare_label_encoder.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_rare_label_encoder_test {

using namespace fepipe;

namespace {
const std::vector<std::string> kVars{"MSSubClass", "MSZoning",  "LotShape",   "LandContour", "LotConfig",
                                     "Neighborhood", "RoofStyle", "Exterior1st", "Foundation",  "CentralAir",
                                     "Functional",   "PavedDrive", "SaleCondition", "Street",   "HouseStyle"};

void check_dict(const RareLabelEncoder& enc, const std::string& file) {
  const auto ref = fepipe_test::read_attribute(file);
  std::size_t n = 0;
  for (const auto& [var, labels] : enc.encoder_dict_) n += labels.size();
  CHECK(n == ref.size());
  for (const auto& row : ref) {
    INFO(row.variable << " #" << row.key);
    const auto& kept = enc.encoder_dict_.at(row.variable);
    const auto i = static_cast<std::size_t>(std::stod(row.key));
    REQUIRE(i < kept.size());
    CHECK(kept[i] == row.text);
  }
}
}  // namespace

TEST_CASE("RareLabelEncoder matches feature-engine for several tol / n_categories / max_n_categories") {
  const Frame X = fepipe_test::load_houseprice().select(kVars);
  struct Case {
    double tol;
    int n;
    std::optional<int> max_n;
    const char* name;
  };
  for (const Case& c : {Case{0.01, 1, {}, "tol0.01_n1_maxNone"}, Case{0.05, 10, {}, "tol0.05_n10_maxNone"},
                        Case{0.05, 1, 3, "tol0.05_n1_max3"}, Case{0.2, 3, {}, "tol0.2_n3_maxNone"}}) {
    INFO(c.name);
    RareLabelEncoder enc({.tol = c.tol, .n_categories = c.n, .max_n_categories = c.max_n});
    enc.fit(X);
    const std::string base = std::string("encode/rare_label_encoder_house_") + c.name;
    check_dict(enc, base + "__encoder_dict.csv");
    fepipe_test::check_frame_close(enc.transform(X), fepipe_test::read_reference_frame(base + "__transform.csv"), 0.0);
  }
}

TEST_CASE("RareLabelEncoder with missing values allowed (Titanic)") {
  const Frame X =
      fepipe_test::read_reference_frame("encode/ordinal_titanic__input.csv").select({"sex", "cabin", "embarked", "title"});
  RareLabelEncoder enc({.tol = 0.05, .n_categories = 1, .missing_values = MissingValues::ignore});
  enc.fit(X);
  check_dict(enc, "encode/rare_label_encoder_titanic_ignore__encoder_dict.csv");
  fepipe_test::check_frame_close(enc.transform(X),
                                 fepipe_test::read_reference_frame("encode/rare_label_encoder_titanic_ignore__transform.csv"),
                                 0.0);
  fepipe_test::check_rows_match_transform(enc, X);
  fepipe_test::check_transform_roundtrip(enc, X);
}

TEST_CASE("RareLabelEncoder: unseen labels become Rare, the replacement label is configurable") {
  Frame train;
  train.add("c", Column::from_labels(std::vector<std::string>{"a", "a", "a", "b", "b", "c", "d", "a", "b", "a"}));
  RareLabelEncoder enc({.tol = 0.15, .n_categories = 2, .replace_with = "Other"});
  enc.fit(train);
  CHECK(enc.encoder_dict_.at("c") == std::vector<std::string>{"a", "b"});
  Frame test;
  test.add("c", Column::from_labels(std::vector<std::string>{"a", "d", "never"}));
  const Frame out = enc.transform(test);
  CHECK(out["c"].label(out["c"].codes()[1]) == "Other");
  CHECK(out["c"].label(out["c"].codes()[2]) == "Other");
  fepipe_test::check_rows_match_transform(enc, test);
  // Few categories: all are kept (feature-engine warns; nothing is grouped).
  RareLabelEncoder few({.n_categories = 10});
  few.fit(train);
  CHECK(few.encoder_dict_.at("c").size() == 4);
}

TEST_CASE("RareLabelEncoder errors") {
  CHECK_THROWS_AS(RareLabelEncoder({.tol = 1.5}), ParameterError);
  CHECK_THROWS_AS(RareLabelEncoder({.n_categories = -1}), ParameterError);
  CHECK_THROWS_AS(RareLabelEncoder({.max_n_categories = -2}), ParameterError);
  Frame X;
  X.add("c", Column::from_labels(std::vector<std::string>{"a", ""}));
  CHECK_THROWS_WITH_AS(RareLabelEncoder().fit(X), doctest::Contains("RareLabelEncoder: column 'c'"), DataError);
  Frame numeric;
  numeric.add("n", Column::numeric({1.0}));
  CHECK_THROWS_AS(RareLabelEncoder().fit(numeric), SchemaError);
}

}  // namespace encode_rare_label_encoder_test
