// House Prices, end to end: the course's regression pipeline (feature-engine
// transformers + MinMaxScaler + Lasso; defined in house_prices_pipeline.hpp)
// trained, saved, reloaded and used to predict, with the same split and the
// same numbers as scikit-learn.
//
//   house_prices [houseprice.csv] [model file]

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fepipe/fepipe.hpp>

#include "house_prices_pipeline.hpp"

int main(int argc, char** argv) {
  try {
    const std::string data = argc > 1 ? argv[1] : FEPIPE_DATA_DIR "/houseprice.csv";
    const std::string model_path = argc > 2 ? argv[2] : "house_prices.fpm";

    const auto [X, y] = house_prices::load(data);

    const auto split = fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});

    auto pipeline = house_prices::make_pipeline();
    pipeline.fit(split.X_train, split.y_train);
    const Eigen::VectorXd pred = pipeline.predict(split.X_test);

    fepipe::save_model(pipeline, model_path);
    const auto reloaded = fepipe::load_model<decltype(pipeline)>(model_path);
    const Eigen::VectorXd again = reloaded.predict(split.X_test);
    for (Eigen::Index i = 0; i < pred.size(); ++i)
      if (std::memcmp(&pred[i], &again[i], sizeof(double)) != 0) {
        std::cerr << "house_prices: the reloaded model predicts differently at test row " << i << "\n";
        return 1;
      }

    // One record, as an application would send it.
    const std::vector<fepipe::Value> record = house_prices::record_of(split.X_test, 0);
    const double one = reloaded.predict_one(record);
    if (one != pred[0]) {
      std::cerr << "house_prices: predict_one disagrees with predict (" << one << " vs " << pred[0] << ")\n";
      return 1;
    }

    const Eigen::VectorXd price_pred = pred.array().exp();
    const Eigen::VectorXd price_true = split.y_test.array().exp();
    const double rmse_price = fepipe::root_mean_squared_error(price_true, price_pred);
    const double r2_log = fepipe::r2_score(split.y_test, pred);
    std::printf("train_r2=%.5f test_rmse_log=%.5f test_r2_price=%.5f lasso_iterations=%d first_house=%.0f\n",
                fepipe::r2_score(split.y_train, pipeline.predict(split.X_train)),
                fepipe::root_mean_squared_error(split.y_test, pred), fepipe::r2_score(price_true, price_pred),
                pipeline.step<15>().n_iter_, std::exp(one));
    std::printf("house_prices: test_rmse=%.0f test_r2=%.4f model=%s bytes=%ju\n", rmse_price, r2_log,
                model_path.c_str(), static_cast<std::uintmax_t>(std::filesystem::file_size(model_path)));
    return 0;
  } catch (const fepipe::Error& e) {
    std::cerr << "house_prices: " << e.what() << "\n";
    return 1;
  }
}
