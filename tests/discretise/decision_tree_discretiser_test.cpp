#include "fepipe/discretise/decision_tree_discretiser.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "discretise/discretiser_case.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace discretise_decision_tree_discretiser_test {

using namespace fepipe;

namespace {

struct TreeCase {
  std::string name;
  DecisionTreeDiscretiser::Options options;
  bool titanic;
};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}
const Frame& titanic() {
  static const Frame X = fepipe_test::read_input_frame("decision_tree_discretiser_titanic");
  return X;
}
Target column_target(const Frame& X, const char* name) {
  const auto v = X.numeric(name);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// The cases of decision_tree_discretiser() in the generator (random_state 0
// there; a one-feature tree draws no random numbers that matter).
std::vector<TreeCase> cases() {
  const std::vector<std::string> house_vars{"LotArea", "GrLivArea", "OverallQual", "YearBuilt"};
  return {
      {"house_mse", {.variables = house_vars, .random_state = 0}, false},
      {"house_r2_grid",
       {.variables = house_vars,
        .scoring = TreeScoring::r2,
        .param_grid = {.max_depth = {2, 3}, .min_samples_leaf = {5, 50}},
        .random_state = 0},
       false},
      {"titanic_roc_auc",
       {.variables = {"age", "fare", "sibsp"}, .scoring = TreeScoring::roc_auc, .regression = false, .random_state = 0},
       true},
      {"titanic_accuracy_cv5",
       {.variables = {"age", "fare"},
        .cv = 5,
        .scoring = TreeScoring::accuracy,
        .regression = false,
        .random_state = 0},
       true},
  };
}

const Frame& data_of(const TreeCase& c) { return c.titanic ? titanic() : house(); }
Target target_of(const TreeCase& c) {
  return c.titanic ? column_target(titanic(), "survived") : column_target(house(), "SalePrice");
}

}  // namespace

TEST_CASE("DecisionTreeDiscretiser: the grid search matches GridSearchCV fold for fold") {
  for (const auto& c : cases()) {
    const std::string base = "discretise/decision_tree_discretiser_" + c.name;
    CAPTURE(base);
    const Target y = target_of(c);
    const auto expected = fepipe_test::read_list_dict(base + "__mean_test_score.csv");
    const detail::TreeSearchSpec spec{c.options.regression, c.options.cv, c.options.scoring, c.options.param_grid, 0};
    for (const auto& v : c.options.variables.names()) {
      CAPTURE(v);
      Frame one(data_of(c).rows());
      one.add(v, data_of(c)[v]);
      const std::vector<double> scores =
          c.options.regression ? detail::grid_search_tree<DecisionTreeRegressor>(one, y, spec).mean_test_scores
                               : detail::grid_search_tree<DecisionTreeClassifier>(one, y, spec).mean_test_scores;
      REQUIRE(scores.size() == expected.at(v).size());
      for (std::size_t i = 0; i < scores.size(); ++i) FEPIPE_CHECK_CLOSE(scores[i], expected.at(v)[i], 1e-12);
    }
  }
}

TEST_CASE("DecisionTreeDiscretiser matches feature-engine: parameters, scores, edges and every output") {
  for (const auto& c : cases()) {
    const std::string base = "discretise/decision_tree_discretiser_" + c.name;
    CAPTURE(base);
    const Frame& X = data_of(c);
    const Target y = target_of(c);
    DecisionTreeDiscretiser d(c.options);
    d.fit(X, &y);
    fepipe_test::check_dict_close(d.scores_dict_, fepipe_test::read_number_dict(base + "__scores_dict.csv"), 1e-12);
    fepipe_test::check_dict_close(d.binner_dict_, fepipe_test::read_list_dict(base + "__binner_dict.csv"), 0.0);
    for (const auto& row : fepipe_test::read_attribute(base + "__best_params.csv")) {
      const TreeParams& p = d.best_params_.at(row.variable);
      CHECK((row.key == "max_depth" ? p.max_depth : p.min_samples_leaf) == static_cast<int>(row.value));
    }
    const auto vars = d.variables_;
    fepipe_test::check_frame_close(d.transform(X).select(vars),
                                   fepipe_test::read_reference_frame(base + "__prediction.csv"), 1e-12);
    for (auto [output, precision, suffix, labels] : {std::tuple{TreeBinOutput::prediction, 2, "prediction_p2", false},
                                                     std::tuple{TreeBinOutput::bin_number, 3, "bin_number", false},
                                                     std::tuple{TreeBinOutput::boundaries, 3, "boundaries_p3", true}}) {
      CAPTURE(suffix);
      auto o = c.options;
      o.bin_output = output;
      o.precision = precision;
      DecisionTreeDiscretiser other(o);
      other.fit(X, &y);
      Dict<Kind> kinds;
      if (labels)
        for (const auto& v : vars) kinds.insert_or_assign(v, Kind::categorical);
      const Frame expected = fepipe_test::read_reference_frame(base + "__" + suffix + ".csv", kinds);
      fepipe_test::check_frame_close(other.transform(X).select(vars), expected, 1e-12);
      fepipe_test::check_rows_match_transform(other, X.head(100));
    }
    CHECK(d.feature_names_out() == X.names());
    fepipe_test::check_rows_match_transform(d, X.head(200));
    fepipe_test::check_transform_roundtrip(d, X);
  }
}

TEST_CASE("DecisionTreeDiscretiser predictions compare the value rounded to float32, as the tree does") {
  const Frame X = house().select({"GrLivArea"});
  const Target y = column_target(house(), "SalePrice");
  DecisionTreeDiscretiser d({.param_grid = {.max_depth = {1}}});
  d.fit(X, &y);
  const auto& edges = d.binner_dict_.at("GrLivArea");
  REQUIRE(edges.size() == 3);
  const double t = edges[1];  // a midpoint between two float32 values
  const double above = std::nextafter(t, 10000.0);
  Frame probe;
  probe.add("GrLivArea", Column::numeric({t, above}));
  // Just above the threshold: pandas.cut puts it in the upper interval, the
  // tree (float32) may still send it left; the predictions follow the tree.
  const double left = d.bin_predictions_.at("GrLivArea")[0];
  const double right = d.bin_predictions_.at("GrLivArea")[1];
  const double expected_above = static_cast<double>(static_cast<float>(above)) <= t ? left : right;
  const Frame out = d.transform(probe);
  CHECK(out.numeric("GrLivArea")[0] == (static_cast<double>(static_cast<float>(t)) <= t ? left : right));
  CHECK(out.numeric("GrLivArea")[1] == expected_above);
}

TEST_CASE("DecisionTreeDiscretiser errors") {
  const Frame& T = titanic();
  const Target survived = column_target(T, "survived");
  SUBCASE("a regression tree on a binary target, as feature-engine refuses it") {
    CHECK(!fepipe_test::reference_error("discretise/decision_tree_discretiser_binary_regression__raises.csv").empty());
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser({.variables = {"age"}}).fit(T, &survived),
                         doctest::Contains("DecisionTreeDiscretiser: the target is binary"), DataError);
  }
  SUBCASE("options") {
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser({.scoring = TreeScoring::roc_auc}),
                         doctest::Contains("needs regression = false"), ParameterError);
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser({.bin_output = TreeBinOutput::boundaries}),
                         doctest::Contains("needs a precision"), ParameterError);
    CHECK_THROWS_AS(DecisionTreeDiscretiser({.cv = 1}), ParameterError);
    CHECK_THROWS_AS(DecisionTreeDiscretiser({.param_grid = {.max_depth = {}}}), ParameterError);
    CHECK_THROWS_AS(DecisionTreeDiscretiser({.param_grid = {.max_depth = {0}}}), ParameterError);
    CHECK_THROWS_AS(DecisionTreeDiscretiser({.precision = 0}), ParameterError);
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser().fit(T), doctest::Contains("needs the target"), ParameterError);
  }
  SUBCASE("targets and values") {
    Target three = survived;
    three[0] = 2.0;  // class 2 has a single row: fewer than the 3 folds
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser({.variables = {"age"}, .regression = false}).fit(T, &three),
                         doctest::Contains("class 2 has 1 rows"), DataError);
    three[0] = 0.5;
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser({.variables = {"age"}, .regression = false}).fit(T, &three),
                         doctest::Contains("not a class label"), DataError);
    Frame big = T.select({"fare"});
    big["fare"].mutable_values()[3] = 1e300;
    const Target y = column_target(T, "age");
    CHECK_THROWS_WITH_AS(DecisionTreeDiscretiser().fit(big, &y),
                         doctest::Contains("column 'fare': value 1e+300 at row 3 is too large for float32"), DataError);
    DecisionTreeDiscretiser d;
    d.fit(T.select({"fare"}), &y);
    CHECK_THROWS_AS(d.transform(big), DataError);
    big["fare"].mutable_values()[3] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(d.transform(big), doctest::Contains("column 'fare': value nan at row 3"), DataError);
  }
}

TEST_CASE("DecisionTreeDiscretiser in a Pipeline ending in Lasso") {
  const Frame X = house().select({"GrLivArea", "OverallQual"});
  const Target y = column_target(house(), "SalePrice");
  Pipeline pipe(DecisionTreeDiscretiser(), Lasso({.alpha = 1.0}));
  pipe.fit(X, y);
  // The step got the target: it equals a discretiser fitted alone.
  DecisionTreeDiscretiser alone;
  alone.fit(X, &y);
  CHECK(pipe.step<0>().binner_dict_ == alone.binner_dict_);
  fepipe_test::require_identical(pipe.step<0>().transform(X), alone.transform(X));
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < 30; ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X, r)), batch[static_cast<Eigen::Index>(r)]));
  fepipe_test::check_transform_roundtrip(pipe.step<0>(), X);
}

}  // namespace discretise_decision_tree_discretiser_test
