// predict_house_prices <model file> [houseprice.csv]: the C++ side of the
// example. Loads the model file that house_prices.py wrote from Python into
// the course pipeline's compile-time type (the type examples/house_prices.cpp
// fits and saves), predicts the course's test rows and prints
//
//   test_r2=0.8854
//   same_as_cpp_fit=1      (fitting the same pipeline in C++ predicts the same bits)
//   same_file_as_cpp_fit=1 (and saving it writes the very bytes of the file)
//   <one line per test row: the prediction as a hexadecimal float, exact>
//
// The file holds the steps by class name (ElapsedTime, Mapper, ...), so any
// host with these classes loads it: this one by their C++ type, a
// DynamicPipeline host by registering them (docs/runtime.md).

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <exception>
#include <string>

#include <fepipe/core/train_test_split.hpp>
#include <fepipe/io/model_file.hpp>
#include <fepipe/metrics/regression.hpp>

#include "house_prices_pipeline.hpp"

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s <model file> [houseprice.csv]\n", argv[0]);
    return 2;
  }
  try {
    const std::string data = argc > 2 ? argv[2] : FEPIPE_DATA_DIR "/houseprice.csv";
    using Model = decltype(house_prices::make_pipeline());
    const Model model = fepipe::load_model<Model>(argv[1]);

    // The course's split, as examples/house_prices.cpp makes it.
    const auto [X, y] = house_prices::load(data);
    const auto split = fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
    const Eigen::VectorXd pred = model.predict(split.X_test);

    auto cpp = house_prices::make_pipeline();
    cpp.fit(split.X_train, split.y_train);
    const Eigen::VectorXd cpp_pred = cpp.predict(split.X_test);
    const bool same = cpp_pred.size() == pred.size() &&
                      std::memcmp(cpp_pred.data(), pred.data(), static_cast<std::size_t>(pred.size()) * sizeof(double)) == 0;

    std::ifstream in(argv[1], std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto format = !file.empty() && file[0] == '{' ? fepipe::ModelFormat::json : fepipe::ModelFormat::binary;
    const bool same_file = fepipe::save_model_to_string(cpp, format) == file;

    std::printf("test_r2=%.4f\nsame_as_cpp_fit=%d\nsame_file_as_cpp_fit=%d\n", fepipe::r2_score(split.y_test, pred),
                same ? 1 : 0, same_file ? 1 : 0);
    for (Eigen::Index i = 0; i < pred.size(); ++i) std::printf("%a\n", pred[i]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "predict_house_prices: %s\n", e.what());
    return 1;
  }
  return 0;
}
