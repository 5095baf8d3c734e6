// Explanations through pipelines: the course's House Prices pipeline
// (imputers, a missing indicator, the course's ElapsedTime and Mapper,
// log, binarizer, rare-label and ordinal encoders, min-max scaling,
// dropped columns, Lasso), one-hot dummies, created features, a tree model
// behind transformers; contributions per input column add up to the
// prediction and equal the model-level ones composed by each step's rule.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "explain/explain_checks.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/create/math_features.hpp"
#include "fepipe/create/relative_features.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/explain/pipeline.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "house_prices_pipeline.hpp"
#include "support/reference.hpp"

/// The course's ElapsedTime (v := reference − v) declares that each
/// converted column derives from itself and the reference, ½ each (the
/// created-feature rule). A user step declares its provenance this way;
/// the declaration belongs next to the step (examples/house_prices_pipeline.hpp).
template <>
struct fepipe::ProvenanceOf<house_prices::ElapsedTime> {
  static Provenance get(const house_prices::ElapsedTime& step, const std::vector<std::string>& in,
                        const std::vector<std::string>& out) {
    const auto o = step.options();
    const std::size_t ref = detail::position_of(in, o.reference);
    Provenance p(out.size());
    for (std::size_t c = 0; c < out.size(); ++c) {
      const std::size_t same = detail::position_of(in, out[c]);
      const bool converted = std::find(o.variables.begin(), o.variables.end(), out[c]) != o.variables.end();
      p[c] = converted ? std::vector<ColumnSource>{{same, 0.5}, {ref, 0.5}} : std::vector<ColumnSource>{{same, 1.0}};
    }
    return p;
  }
};

namespace explain_pipeline_test {

using namespace fepipe;
using explain_test::check_additive;

namespace {

double input_contribution(const PipelineExplanation& e, Eigen::Index row, const std::string& column) {
  const auto it = std::find(e.columns.begin(), e.columns.end(), column);
  REQUIRE(it != e.columns.end());
  return e.contributions(row, it - e.columns.begin());
}
double model_contribution(const PipelineExplanation& e, Eigen::Index row, const std::string& feature) {
  const auto it = std::find(e.model_features.begin(), e.model_features.end(), feature);
  REQUIRE(it != e.model_features.end());
  return e.model_contributions(row, it - e.model_features.begin());
}

}  // namespace

TEST_CASE("pipeline explanations: the House Prices course pipeline, per input column") {
  auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  auto pipe = house_prices::make_pipeline();
  pipe.fit(X, y);
  const PipelineExplanation e = explain(pipe, X);
  REQUIRE(e.n_outputs == 1);
  CHECK(e.columns == house_prices::kFeatures);
  CHECK(e.model_features == pipe.feature_names_out());
  const Eigen::MatrixXd predicted = pipe.predict(X);
  check_additive(e.contributions, predicted, e.columns.size());
  check_additive(e.model_contributions, predicted, e.model_features.size());
  for (Eigen::Index r = 0; r < e.contributions.rows(); r += 37) {
    CAPTURE(r);
    // The missing indicator credits its source column.
    CHECK(input_contribution(e, r, "LotFrontage") ==
          doctest::Approx(model_contribution(e, r, "LotFrontage") + model_contribution(e, r, "LotFrontage_na"))
              .epsilon(1e-15));
    // ElapsedTime's YearRemodAdd := YrSold − YearRemodAdd credits both ½;
    // YrSold itself is dropped afterwards (DropFeatures: nothing of its own).
    const double remod = model_contribution(e, r, "YearRemodAdd");
    CHECK(input_contribution(e, r, "YearRemodAdd") == 0.5 * remod);
    CHECK(input_contribution(e, r, "YrSold") == 0.5 * remod);
    // In-place steps (imputers, Mapper, encoders, log, scaler) are one-to-one.
    for (const char* column : {"Neighborhood", "ExterQual", "GrLivArea", "MSSubClass", "ScreenPorch", "BsmtQual"})
      CHECK(input_contribution(e, r, column) == model_contribution(e, r, column));
  }
  // One record: the same numbers as the batch.
  const std::vector<Value> record = house_prices::record_of(X, 5);
  const PipelineExplanation one = explain_one(pipe, record);
  REQUIRE(one.contributions.rows() == 1);
  for (Eigen::Index j = 0; j < one.contributions.cols(); ++j) CHECK(one.contributions(0, j) == e.contributions(5, j));
}

TEST_CASE("pipeline explanations: one-hot dummies sum to their source column, through gradient boosting") {
  auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  const Frame Xs = X.select({"Neighborhood", "MSZoning", "GrLivArea", "LotFrontage", "OverallQual"});
  auto pipe = Pipeline(MeanMedianImputer({.variables = {"LotFrontage"}}),
                       OneHotEncoder({.variables = {"Neighborhood", "MSZoning"}}),
                       GradientBoostingRegressor({.n_estimators = 30, .random_state = 0u}));
  pipe.fit(Xs, y);
  const PipelineExplanation e = explain(pipe, Xs);
  check_additive(e.contributions, Eigen::MatrixXd(pipe.predict(Xs)), e.columns.size());
  for (Eigen::Index r = 0; r < e.contributions.rows(); r += 53) {
    for (const std::string source : {"Neighborhood", "MSZoning"}) {
      double dummies = 0.0;
      for (std::size_t j = 0; j < e.model_features.size(); ++j)
        if (e.model_features[j].rfind(source + "_", 0) == 0) dummies += e.model_contributions(r, static_cast<Eigen::Index>(j));
      CHECK(input_contribution(e, r, source) == doctest::Approx(dummies).epsilon(1e-12));
    }
    CHECK(input_contribution(e, r, "GrLivArea") == model_contribution(e, r, "GrLivArea"));
  }
}

TEST_CASE("pipeline explanations: created features credit their sources equally") {
  auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  const Frame Xs = X.select({"1stFlrSF", "2ndFlrSF", "GrLivArea", "OverallQual"});
  auto pipe = Pipeline(MathFeatures({.variables = {"1stFlrSF", "2ndFlrSF"}, .func = {MathFunction::sum}}),
                       RelativeFeatures({.variables = {"GrLivArea"}, .reference = {"OverallQual"},
                                         .func = {RelativeFunction::div}}),
                       Lasso({.alpha = 0.001, .random_state = 0u}));
  pipe.fit(Xs, y);
  const PipelineExplanation e = explain(pipe, Xs);
  check_additive(e.contributions, Eigen::MatrixXd(pipe.predict(Xs)), e.columns.size());
  REQUIRE(e.model_features.size() == 6);
  const std::string sum = e.model_features[4], ratio = e.model_features[5];
  for (Eigen::Index r = 0; r < e.contributions.rows(); r += 61) {
    CHECK(input_contribution(e, r, "1stFlrSF") ==
          doctest::Approx(model_contribution(e, r, "1stFlrSF") + 0.5 * model_contribution(e, r, sum)).epsilon(1e-15));
    CHECK(input_contribution(e, r, "OverallQual") ==
          doctest::Approx(model_contribution(e, r, "OverallQual") + 0.5 * model_contribution(e, r, ratio)).epsilon(1e-15));
  }
}

namespace {

/// A step that declares its provenance by a member: "ab" from a and b,
/// weighted 1/4 and 3/4.
struct DeclaringStep {
  static constexpr std::string_view type_name = "DeclaringStep";
  Provenance explain_provenance(const std::vector<std::string>& in, const std::vector<std::string>& out) const {
    Provenance p(out.size());
    for (std::size_t o = 0; o < out.size(); ++o)
      p[o] = out[o] == "ab" ? std::vector<ColumnSource>{{0, 0.25}, {1, 0.75}}
                            : std::vector<ColumnSource>{{detail::position_of(in, out[o]), 1.0}};
    return p;
  }
};
struct PlainStep {
  static constexpr std::string_view type_name = "PlainStep";
};

}  // namespace

TEST_CASE("provenance: a member declaration, the name rule and its refusals") {
  const std::vector<std::string> in{"a", "b", "b_x"};
  const Provenance declared = detail::step_provenance(DeclaringStep{}, in, {"a", "ab"});
  REQUIRE(declared.size() == 2);
  CHECK(declared[1][1].input == 1);
  CHECK(declared[1][1].weight == 0.75);

  // Same name: one-to-one; `<input>_<suffix>`: the longest input name that
  // prefixes it; a dropped input: no output names it.
  const Provenance named = detail::step_provenance(PlainStep{}, in, {"b", "a_na", "b_x_cat", "b_y"});
  CHECK(named[0][0].input == 1);
  CHECK(named[1][0].input == 0);
  CHECK(named[2][0].input == 2);
  CHECK(named[3][0].input == 1);
  CHECK_THROWS_WITH_AS(detail::step_provenance(PlainStep{}, in, {"a", "ratio"}), doctest::Contains("PlainStep"), Error);
  CHECK_THROWS_WITH_AS(detail::step_provenance(PlainStep{}, in, {"a", "ratio"}), doctest::Contains("ratio"), Error);
  CHECK_THROWS_AS(detail::step_provenance(PlainStep{}, in, {"a_"}), Error);  // empty suffix

  // A declaration whose weights do not sum to 1, or that names a column
  // the step does not have, is refused.
  CHECK_THROWS_WITH_AS(detail::check_provenance("S", {{{0, 0.5}}}, in, {"x"}), doctest::Contains("sum to"), Error);
  CHECK_THROWS_AS(detail::check_provenance("S", {{{3, 1.0}}}, in, {"x"}), Error);
  CHECK_THROWS_AS(detail::check_provenance("S", {{{0, 1.0}}}, in, {"x", "y"}), Error);
}

}  // namespace explain_pipeline_test
