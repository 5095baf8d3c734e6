// set_pipeline_param / with_pipeline_params (model_selection/pipeline_params.hpp):
// scikit-learn's set_params for a compile-time Pipeline, steps by index or
// class, options by spec keyword, every refusal a ParameterError naming
// the step; and a search through it equals the hand-written setter's.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fepipe/model_selection/pipeline_params.hpp"
#include "fepipe/model_selection/train_test_split.hpp"
#include "house_prices_pipeline.hpp"
#include "support/reference.hpp"

namespace model_selection_pipeline_params_test {

using namespace fepipe;
using HousePrices = decltype(house_prices::make_pipeline());

TEST_CASE("set_pipeline_param: a step by index or class, an option by keyword, validated by the class") {
  HousePrices p = house_prices::make_pipeline();
  set_pipeline_param(p, "Lasso__alpha", "0.02");
  CHECK(p.step<15>().options().alpha == 0.02);
  set_pipeline_param(p, "15__max_iter", "77");
  CHECK(p.step<15>().options().max_iter == 77);
  CHECK(p.step<15>().options().alpha == 0.02);  // the other options stay
  set_pipeline_param(p, "RareLabelEncoder__tol", "0.03");
  CHECK(p.step<12>().options().tol == 0.03);
  set_pipeline_param(p, "12__n_categories", "2");
  CHECK(p.step<12>().options().n_categories == 2);
  CHECK(p.step<12>().options().tol == 0.03);
  // A user step with options (the course's Mapper) by index.
  set_pipeline_param(p, "8__variables", R"(["ExterQual"])");
  CHECK(p.step<8>().options().variables == std::vector<std::string>{"ExterQual"});
}

TEST_CASE("set_pipeline_param refuses what set_params refuses, naming the step") {
  HousePrices p = house_prices::make_pipeline();
  auto refused = [&](const std::string& name, const std::string& value, const std::string& message) {
    CAPTURE(name);
    CHECK_THROWS_WITH_AS(set_pipeline_param(p, name, value), doctest::Contains(message.c_str()), ParameterError);
  };
  refused("Lasso_alpha", "1", "must be '<step index or class>__<option>'; steps: 0 CategoricalImputer");
  refused("__alpha", "1", "must be '<step index or class>__<option>'");
  refused("99__alpha", "1", "no step '99'");
  refused("Ridge__alpha", "1", "no step 'Ridge'");
  refused("Mapper__variables", "[]", "steps 8, 9, 10, 11 are Mapper; name one by its index ('<index>__variables')");
  refused("Lasso__alph", "1", "step 15 (Lasso): parameter 'Lasso__alph': no option 'alph'; options: alpha,");
  refused("Lasso__alpha", "-1", "step '15' (Lasso): alpha must be a finite number >= 0");
  refused("Lasso__alpha", "\"a\"", "step '15' (Lasso): option 'alpha': expected float");
  refused("Lasso__alpha", "{", "parameter 'Lasso__alpha': not a JSON value");
  // Nothing was changed by the refusals.
  CHECK(p.step<15>().options().alpha == house_prices::make_pipeline().step<15>().options().alpha);
  // A fitted pipeline is not re-optioned behind its learned state.
  auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  p.fit(X, y);
  refused("Lasso__alpha", "0.1", "the pipeline is fitted");
}

TEST_CASE("GridSearchCV through with_pipeline_params equals the search through a hand-written setter") {
  auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  const TrainTestSplit split = train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
  auto by_hand = [](HousePrices& p, const std::string& name, const std::string& value) {
    if (name == "Lasso__alpha") {
      Lasso::Options o = p.step<15>().options();
      o.alpha = std::stod(value);
      p.step<15>() = Lasso(o);
    } else {
      RareLabelEncoder::Options o = p.step<12>().options();
      o.tol = std::stod(value);
      p.step<12>() = RareLabelEncoder(o);
    }
  };
  const ParameterGrid grid(R"({"Lasso__alpha": [0.0005, 0.005], "RareLabelEncoder__tol": [0.01, 0.05]})");
  const SearchOptions options{.scoring = {"neg_mean_squared_error"}, .cv = 3, .n_threads = 2};
  GridSearchCV<HousePrices> generic(with_pipeline_params(house_prices::make_pipeline()), grid, options);
  GridSearchCV<HousePrices> manual(with_params(house_prices::make_pipeline(), by_hand), grid, options);
  generic.fit(split.X_train, split.y_train);
  manual.fit(split.X_train, split.y_train);
  REQUIRE(generic.cv_results_.size() == 4);
  CHECK(generic.cv_results_["mean_test_score"] == manual.cv_results_["mean_test_score"]);
  CHECK(generic.best_params_ == manual.best_params_);
  CHECK(generic.best_estimator_->predict(split.X_test) == manual.best_estimator_->predict(split.X_test));
  // The folds' models record no drift baseline (SkipDriftBaseline); the refit does.
  CHECK(generic.best_estimator_->drift_baseline() != nullptr);
}

}  // namespace model_selection_pipeline_params_test
