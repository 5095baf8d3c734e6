// House Prices, tuned: the course pipeline's Lasso alpha and RareLabelEncoder
// tol chosen by 5-fold cross-validation on the training split
// (GridSearchCV, two threads), as the course's GridSearchCV does: the same
// cv_results_ as scikit-learn + feature-engine to 1e-9
// (tests/model_selection/house_prices_search_test.cpp). The best pipeline,
// refitted on the whole training split, is scored on the held-out split and
// saved; cv_results_ is written as CSV (pandas' layout).
//
//   house_prices_search [houseprice.csv] [cv_results.csv] [model file]

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include <fepipe/fepipe.hpp>
#include <fepipe/model_selection/pipeline_params.hpp>  // optional part: set_params by "<step>__<option>"

#include "house_prices_pipeline.hpp"

int main(int argc, char** argv) {
  try {
    const std::string data = argc > 1 ? argv[1] : FEPIPE_DATA_DIR "/houseprice.csv";
    const std::string results_path = argc > 2 ? argv[2] : "house_prices_cv_results.csv";
    const std::string model_path = argc > 3 ? argv[3] : "house_prices_tuned.fpm";

    const auto [X, y] = house_prices::load(data);
    const auto split = fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});

    // Steps by class (or by index: "15__alpha"), options by their keywords.
    const fepipe::ParameterGrid grid(R"({"Lasso__alpha": [0.0005, 0.001, 0.005, 0.01],
                                         "RareLabelEncoder__tol": [0.01, 0.03, 0.05]})");
    using HousePrices = decltype(house_prices::make_pipeline());
    fepipe::GridSearchCV<HousePrices> search(fepipe::with_pipeline_params(house_prices::make_pipeline()), grid,
                                             {.scoring = {"neg_mean_squared_error"}, .cv = 5, .n_threads = 2});
    search.fit(split.X_train, split.y_train);

    const fepipe::CvResults& cv = search.cv_results_;
    std::printf("%-56s %12s %10s %4s\n", "params", "mean_test", "std_test", "rank");
    for (std::size_t i = 0; i < cv.size(); ++i)
      std::printf("%-56s %12.6f %10.6f %4.0f\n", cv.column("params").texts[i].c_str(), cv["mean_test_score"][i],
                  cv["std_test_score"][i], cv["rank_test_score"][i]);

    const HousePrices& best = *search.best_estimator_;
    const double test_r2 = fepipe::r2_score(split.y_test, best.predict(split.X_test));
    std::ofstream(results_path) << search.cv_results_csv();
    fepipe::save_model(best, model_path);
    std::printf("house_prices_search: best=%s best_score=%.6f test_r2=%.4f fits=%zu results=%s model=%s\n",
                fepipe::params_json(search.best_params_).c_str(), search.best_score_, test_r2,
                cv.size() * search.n_splits_ + 1, results_path.c_str(), model_path.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "house_prices_search: " << e.what() << "\n";
    return 1;
  }
}
