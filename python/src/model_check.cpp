// model_check <model file> <csv file> [<copy>]: what a C++ host predicts
// with a model file, for the Python tests (python/tests/test_model_files.py)
// to compare with what Python predicts: a file written by Python must load in
// C++ and predict the same bits. With <copy>, the loaded model is also saved
// there (".json": JSON, else binary), a file written by C++ for Python to load.
//
// The CSV is read with the column kinds of the model's input schema (a
// column of digits that the model takes as categorical stays one), empty
// fields missing. Prints one line per row: the prediction, or for a
// classifier every class probability, as hexadecimal floats (%a), exact.

#include <cstdio>
#include <exception>
#include <string>

#include "fepipe/io/csv.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s <model file> <csv file> [<copy>]\n", argv[0]);
    return 2;
  }
  try {
    const fepipe::DynamicPipeline model = fepipe::load_any_model(argv[1]);
    if (argc == 4) fepipe::save_model(model, argv[3]);
    fepipe::CsvOptions options;
    options.keep_default_na = false;
    options.na_values = {""};
    for (const auto& column : model.input_schema()) options.kinds.insert_or_assign(column.name, column.kind);
    const fepipe::Frame X = fepipe::read_csv(argv[2], options);
    if (model.classifies()) {
      const Eigen::MatrixXd p = model.predict_proba(X);
      for (Eigen::Index r = 0; r < p.rows(); ++r)
        for (Eigen::Index c = 0; c < p.cols(); ++c) std::printf(c + 1 < p.cols() ? "%a " : "%a\n", p(r, c));
    } else {
      const Eigen::VectorXd p = model.predict(X);
      for (Eigen::Index r = 0; r < p.size(); ++r) std::printf("%a\n", p[r]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "model_check: %s\n", e.what());
    return 1;
  }
  return 0;
}
