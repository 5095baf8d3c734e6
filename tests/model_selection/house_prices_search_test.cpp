// Issue 15's acceptance on the course pipeline: GridSearchCV over the House
// Prices pipeline (Lasso alpha × RareLabelEncoder tol, 5-fold KFold on the
// course's training split, neg_mean_squared_error) gives scikit-learn +
// feature-engine's cv_results_ (tools/reference/house_prices_search.py) to
// 1e-9, with the same ranks and best parameters, on the compile-time
// Pipeline through with_params, on 1 and 2 threads.

#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <utility>
#include <string>
#include <vector>

#include "fepipe/model_selection/search.hpp"
#include "fepipe/model_selection/train_test_split.hpp"
#include "house_prices_pipeline.hpp"
#include "model_selection/search_reference.hpp"
#include "support/reference.hpp"

namespace model_selection_house_prices_search_test {

using namespace fepipe;
using HousePrices = decltype(house_prices::make_pipeline());

// The step indices of the course pipeline (examples/house_prices_pipeline.hpp).
constexpr std::size_t rare_label_step = 12;
constexpr std::size_t lasso_step = 15;
static_assert(std::is_same_v<std::remove_cvref_t<decltype(std::declval<HousePrices&>().step<lasso_step>())>, Lasso>);

/// scikit-learn's set_params for the two options searched: a step's options
/// rebuilt with one field changed, so the class validates the value.
void set_param(HousePrices& p, const std::string& name, const std::string& value) {
  const double v = std::stod(value);
  if (name == "Lasso__alpha") {
    Lasso::Options o = p.step<lasso_step>().options();
    o.alpha = v;
    p.step<lasso_step>() = Lasso(o);
  } else if (name == "rare_label_encoder__tol") {
    RareLabelEncoder::Options o = p.step<rare_label_step>().options();
    o.tol = v;
    p.step<rare_label_step>() = RareLabelEncoder(o);
  } else {
    detail::throw_parameter("set_params", "unknown parameter '" + name + "'");
  }
}

TEST_CASE("GridSearchCV on the House Prices course pipeline: scikit-learn + feature-engine's cv_results_ to 1e-9") {
  auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  const TrainTestSplit split = train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
  const ParameterGrid grid(R"({"Lasso__alpha": [0.0005, 0.001, 0.005, 0.01], "rare_label_encoder__tol": [0.01, 0.03, 0.05]})");
  const auto ref = fepipe_test::rows_by_variable("search_house_prices__cv_results.csv");
  const auto best = fepipe_test::rows_by_variable("search_house_prices__best.csv");
  std::vector<double> first_means;
  for (std::size_t threads : {1u, 2u}) {
    CAPTURE(threads);
    GridSearchCV<HousePrices> search(with_params(house_prices::make_pipeline(), set_param), grid,
                                     {.scoring = {"neg_mean_squared_error"}, .n_threads = threads});
    search.fit(split.X_train, split.y_train);
    const CvResults& cv = search.cv_results_;
    REQUIRE(cv.size() == 12);
    for (const char* key : {"split0_test_score", "split1_test_score", "split2_test_score", "split3_test_score",
                            "split4_test_score", "mean_test_score", "std_test_score", "rank_test_score"}) {
      CAPTURE(key);
      const auto& rows = ref.at(key);
      REQUIRE(rows.size() == cv.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        CHECK(std::fabs(cv.column(key).numbers[i] - rows[i].value) <= 1e-9);
      }
    }
    for (std::size_t i = 0; i < cv.size(); ++i) CHECK(cv.column("params").texts[i] == ref.at("params")[i].text);
    CHECK(search.best_index_ == static_cast<std::size_t>(best.at("best_index_").at(0).value));
    CHECK(params_json(search.best_params_) == best.at("best_params_").at(0).text);
    CHECK(std::fabs(search.best_score_ - best.at("best_score_").at(0).value) <= 1e-9);
    // The refitted best pipeline: the course pipeline with those options, fitted on every training row.
    HousePrices expected = house_prices::make_pipeline();
    for (const auto& [name, value] : search.best_params_) set_param(expected, name, value);
    expected.fit(split.X_train, split.y_train);
    CHECK(search.best_estimator_->predict(split.X_test) == expected.predict(split.X_test));
    if (first_means.empty())
      first_means = cv.column("mean_test_score").numbers;
    else
      CHECK(cv.column("mean_test_score").numbers == first_means);  // the thread count changes nothing
  }
}

}  // namespace model_selection_house_prices_search_test
