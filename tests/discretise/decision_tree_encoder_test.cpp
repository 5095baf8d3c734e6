// DecisionTreeEncoder lives in the encode family but shares the tree grid
// search (tree/tree_grid_search.hpp) with
// DecisionTreeDiscretiser, so it is tested here with it.

#include "fepipe/encode/decision_tree_encoder.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace discretise_decision_tree_encoder_test {

using namespace fepipe;

namespace {

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}
const Frame& titanic() {
  static const Frame X = fepipe_test::read_input_frame("decision_tree_encoder_titanic");
  return X;
}
Target column_target(const Frame& X, const char* name) {
  const auto v = X.numeric(name);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

const std::vector<std::string> house_vars{"Neighborhood", "MSZoning", "HouseStyle", "MSSubClass"};

/// encoder_dict_ and transform against `discretise/decision_tree_encoder_<c>`.
void check_case(const DecisionTreeEncoder& enc, const Frame& X, const std::string& c) {
  const std::string base = "discretise/decision_tree_encoder_" + c;
  Dict<Dict<double>> expected;
  for (const auto& row : fepipe_test::read_attribute(base + "__encoder_dict.csv")) {
    if (!expected.contains(row.variable)) expected.insert_or_assign(row.variable, {});
    expected.at(row.variable).insert_or_assign(row.key, row.value);
  }
  REQUIRE(enc.encoder_dict_.keys() == expected.keys());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    INFO("variable " << expected[k].first);
    fepipe_test::check_dict_close(enc.encoder_dict_[k].second, expected[k].second, 1e-12);
  }
  const Frame expected_out = fepipe_test::read_reference_frame(base + "__transform.csv");
  fepipe_test::check_frame_close(enc.transform(X).select(expected_out.names()), expected_out, 1e-12);
  CHECK(enc.feature_names_out() == X.names());
  fepipe_test::check_rows_match_transform(enc, X.head(200));
  fepipe_test::check_transform_roundtrip(enc, X);
}

}  // namespace

TEST_CASE("DecisionTreeEncoder matches feature-engine 1.9 on House Prices (regression)") {
  const Frame X = house().select(house_vars);
  const Target y = column_target(house(), "SalePrice");
  DecisionTreeEncoder arbitrary({.random_state = 0, .variables = house_vars});
  arbitrary.fit(X, &y);
  check_case(arbitrary, X, "house_arbitrary");
  DecisionTreeEncoder ordered(
      {.encoding_method = OrdinalEncoding::ordered, .random_state = 0, .variables = house_vars, .precision = 1});
  ordered.fit(X, &y);
  check_case(ordered, X, "house_ordered_p1");
}

TEST_CASE("DecisionTreeEncoder with a classification tree scored by ROC AUC (Titanic)") {
  const Frame X = titanic().select({"sex", "title"});
  const Target y = column_target(titanic(), "survived");
  DecisionTreeEncoder enc({.encoding_method = OrdinalEncoding::ordered,
                           .scoring = TreeScoring::roc_auc,
                           .regression = false,
                           .random_state = 0});
  enc.fit(X, &y);
  check_case(enc, X, "titanic_roc_auc");
  // P(survived) is higher for women.
  CHECK(enc.encoder_dict_.at("sex").at("female") > enc.encoder_dict_.at("sex").at("male"));
}

TEST_CASE("DecisionTreeEncoder unseen categories: NaN, error or fill_value") {
  const Frame X = titanic().select({"sex", "title"});
  const Target y = column_target(titanic(), "survived");
  Frame unseen = X.head(3);
  unseen.column(1) = Column::from_labels(std::vector<std::string>{"Mr", "Dr", "Mrs"});
  DecisionTreeEncoder ignore({.regression = false});
  ignore.fit(X, &y);
  CHECK(std::isnan(ignore.transform(unseen).numeric("title")[1]));
  DecisionTreeEncoder raising({.regression = false, .unseen = UnseenPolicy::raise});
  raising.fit(X, &y);
  CHECK_THROWS_WITH_AS(raising.transform(unseen), doctest::Contains("DecisionTreeEncoder: column 'title': category 'Dr'"),
                       UnseenCategoryError);
  DecisionTreeEncoder fill({.regression = false, .unseen = UnseenPolicy::encode, .fill_value = -1.0});
  fill.fit(X, &y);
  CHECK(fill.transform(unseen).numeric("title")[1] == -1.0);
  std::vector<Value> cells{"male", "Dr"};
  Row row(cells, 2);
  fill.transform_row(row);
  CHECK(row[1].number() == -1.0);
}

TEST_CASE("DecisionTreeEncoder errors") {
  const Frame X = titanic().select({"sex", "title"});
  const Target y = column_target(titanic(), "survived");
  CHECK(!fepipe_test::reference_error("discretise/decision_tree_encoder_nan__raises.csv").empty());
  Frame with_missing = X;
  with_missing.column(0) = Column::categorical(std::vector<std::int32_t>(X.rows(), 0), {"male"});
  with_missing.column(0).mutable_codes()[5] = Column::missing_code;
  CHECK_THROWS_WITH_AS(DecisionTreeEncoder({.regression = false}).fit(with_missing, &y),
                       doctest::Contains("DecisionTreeEncoder: column 'sex': missing value at row 5"), DataError);
  DecisionTreeEncoder enc({.regression = false});
  enc.fit(X, &y);
  CHECK_THROWS_AS(enc.transform(with_missing), DataError);
  CHECK_THROWS_WITH_AS(DecisionTreeEncoder().fit(X, &y), doctest::Contains("the target is binary"), DataError);
  CHECK_THROWS_WITH_AS(DecisionTreeEncoder({.unseen = UnseenPolicy::encode}), doctest::Contains("fill_value"),
                       ParameterError);
  CHECK_THROWS_AS(DecisionTreeEncoder({.precision = -1}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeEncoder({.scoring = TreeScoring::accuracy}), ParameterError);
  CHECK_THROWS_WITH_AS(DecisionTreeEncoder().fit(house().select({"Neighborhood"}), nullptr),
                       doctest::Contains("needs the target"), ParameterError);
}

TEST_CASE("DecisionTreeEncoder in a Pipeline ending in Lasso") {
  const Frame X = house().select({"Neighborhood", "GrLivArea"});
  const Target y = column_target(house(), "SalePrice");
  Pipeline pipe(DecisionTreeEncoder({.variables = {"Neighborhood"}}), Lasso({.alpha = 1.0}));
  pipe.fit(X, y);
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < 30; ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X, r)), batch[static_cast<Eigen::Index>(r)]));
  fepipe_test::check_transform_roundtrip(pipe.step<0>(), X);
}

TEST_CASE("DecisionTreeEncoder with ignore_format encodes a numeric variable's values as categories") {
  const Frame X = house().select({"OverallQual", "GrLivArea"});
  const Target y = column_target(house(), "SalePrice");
  DecisionTreeEncoder enc({.variables = {"OverallQual"}, .ignore_format = true});
  enc.fit(X, &y);
  const auto& mapping = enc.encoder_dict_.at("OverallQual");
  CHECK(mapping.size() == 10);
  CHECK(mapping.contains("7.0"));  // Python's repr of the float category
  const Frame out = enc.transform(X);
  CHECK(out.numeric("OverallQual")[0] == mapping.at("7.0"));  // row 0 has quality 7
  fepipe_test::check_rows_match_transform(enc, X.head(50));
  fepipe_test::check_transform_roundtrip(enc, X);
}

}  // namespace discretise_decision_tree_encoder_test
