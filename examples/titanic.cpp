// Titanic, end to end: the course's classification pipelines (feature-engine
// transformers + StandardScaler, ending in LogisticRegression or in
// GradientBoostingClassifier; defined in titanic_pipeline.hpp) on
// scikit-learn's split, with scikit-learn's numbers. Each fitted pipeline is
// saved, reloaded, and asked about one raw passenger record.
//
//   titanic [titanic.csv] [model folder]

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include <fepipe/fepipe.hpp>

#include "titanic_pipeline.hpp"

namespace {

struct Scores {
  double accuracy, roc_auc;
};

/// Fits, checks the reloaded copy predicts bit-identically, and scores.
template <class Pipeline>
Scores run(Pipeline pipeline, const fepipe::TrainTestSplit& split, const std::filesystem::path& path) {
  pipeline.fit(split.X_train, split.y_train);
  const Eigen::MatrixXd proba = pipeline.predict_proba(split.X_test);
  fepipe::save_model(pipeline, path);
  const auto reloaded = fepipe::load_model<Pipeline>(path);
  const Eigen::MatrixXd again = reloaded.predict_proba(split.X_test);
  if (std::memcmp(proba.data(), again.data(), sizeof(double) * static_cast<std::size_t>(proba.size())) != 0)
    throw std::runtime_error("the reloaded " + path.string() + " predicts differently");
  // One raw passenger, as an application would send it.
  std::vector<fepipe::Value> record;
  for (std::size_t c = 0; c < split.X_test.cols(); ++c) {
    const fepipe::Column& col = split.X_test.column(c);
    if (col.is_numeric())
      record.emplace_back(col.values()[0]);
    else
      record.push_back(col.codes()[0] < 0 ? fepipe::Value::missing() : fepipe::Value(col.label(col.codes()[0])));
  }
  double one[2];
  reloaded.predict_proba_one(record, one);
  if (one[1] != proba(0, 1)) throw std::runtime_error("predict_proba_one disagrees with predict_proba");
  return {fepipe::accuracy_score(split.y_test, pipeline.predict(split.X_test)),
          fepipe::roc_auc_score(split.y_test, proba.col(1))};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string data = argc > 1 ? argv[1] : FEPIPE_DATA_DIR "/titanic.csv";
    const std::filesystem::path dir = argc > 2 ? argv[2] : ".";
    const auto [X, y] = titanic::load(data);
    const auto split = fepipe::train_test_split(X, y, {.test_size = 0.2, .random_state = 0u});
    const Scores logit = run(titanic::make_logit_pipeline(), split, dir / "titanic_logit.fpm");
    const Scores gbm = run(titanic::make_gbm_pipeline(), split, dir / "titanic_gbm.fpm");
    std::printf("titanic: logit_accuracy=%.5f logit_roc_auc=%.5f gbm_accuracy=%.5f gbm_roc_auc=%.5f\n",
                logit.accuracy, logit.roc_auc, gbm.accuracy, gbm.roc_auc);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "titanic: " << e.what() << "\n";
    return 1;
  }
}
