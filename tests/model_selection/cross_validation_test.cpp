#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/model_selection/cross_validation.hpp"
#include "fepipe/model_selection/spec_search_space.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "model_selection/search_reference.hpp"
#include "support/builtins.hpp"

namespace model_selection_cross_validation_test {

using namespace fepipe;
using fepipe_test::error_message;

// fepipe's Lasso and LogisticRegression match scikit-learn's fits to ~1e-10
// (tests/linear); scores computed from them agree to that order.
constexpr double rel = 1e-8, abs_tol = 1e-10;

void check_scores(const std::vector<double>& got, const std::vector<double>& expected) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("fold " << i << ": " << got[i] << " vs " << expected[i]);
    CHECK(fepipe_test::close(got[i], expected[i], rel, abs_tol));
  }
}

TEST_CASE("cross_validate of a runtime pipeline gives scikit-learn's per-fold scores") {
  const auto d = fepipe_test::search_data("search_reg");
  const auto ref = fepipe_test::rows_by_variable("cv_reg__scores.csv");
  const DynamicPipeline proto = pipeline_from_spec(fepipe_test::reg_spec);
  const auto r = cross_validate(proto, d.X, d.y, 5, {"r2", "neg_mean_squared_error"},
                                {.n_threads = 2, .return_train_score = true, .return_estimator = true});
  for (const char* key : {"test_r2", "test_neg_mean_squared_error", "train_r2", "train_neg_mean_squared_error"}) {
    INFO(key);
    check_scores(r[key], fepipe_test::numbers_of(ref.at(key)));
  }
  REQUIRE(r.fit_time.size() == 5);
  for (std::size_t f = 0; f < 5; ++f) CHECK((r.fit_time[f] >= 0 && r.score_time[f] >= 0));
  // The prototype is never fitted; each returned estimator is its fold's.
  CHECK_FALSE(proto.is_fitted());
  REQUIRE(r.estimator.size() == 5);
  const auto splits = KFold({.n_splits = 5}).split(d.X.rows());
  const Frame test0 = d.X.take_rows(splits[0].test);
  CHECK(r2_score(take_rows(d.y, splits[0].test), r.estimator[0].predict(test0)) == r["test_r2"][0]);
  CHECK_THROWS_AS((void)r["test_accuracy"], Error);
}

TEST_CASE("cross_validate of a classifier uses StratifiedKFold and probability scorers as scikit-learn") {
  const auto d = fepipe_test::search_data("search_clf");
  const auto ref = fepipe_test::rows_by_variable("cv_clf__scores.csv");
  const DynamicPipeline proto = pipeline_from_spec(fepipe_test::clf_spec);
  const auto r = cross_validate(proto, d.X, d.y, 4, {"accuracy", "roc_auc", "neg_log_loss", "f1"});
  for (const char* key : {"test_accuracy", "test_roc_auc", "test_neg_log_loss", "test_f1"}) {
    INFO(key);
    check_scores(r[key], fepipe_test::numbers_of(ref.at(key)));
  }
  CHECK(r.estimator.empty());
}

TEST_CASE("cross_validate of a compile-time Pipeline equals the runtime one's and scikit-learn's") {
  const auto d = fepipe_test::search_data("search_reg");
  const auto ref = fepipe_test::rows_by_variable("cv_reg__scores.csv");
  const Pipeline<StandardScaler, Lasso> proto(StandardScaler{}, Lasso({.alpha = 0.05}));
  const auto scores = cross_val_score(proto, d.X, d.y, std::size_t{5}, "r2");
  check_scores(scores, fepipe_test::numbers_of(ref.at("test_r2")));
  const auto runtime = cross_val_score(pipeline_from_spec(fepipe_test::reg_spec), d.X, d.y,
                                       KFold({.n_splits = 5}).split(d.X.rows()), "r2");
  CHECK(scores == runtime);
  // A factory instead of a prototype: called once per fold, same scores.
  const auto made = cross_val_score([] { return pipeline_from_spec(fepipe_test::reg_spec); }, d.X, d.y, 5, "r2",
                                    {.n_threads = 2});
  CHECK(made == runtime);
}

TEST_CASE("cross_validate gives the same results on 1, 2 and 5 threads") {
  const auto d = fepipe_test::search_data("search_clf");
  const DynamicPipeline proto = pipeline_from_spec(fepipe_test::clf_spec);
  const auto splits = StratifiedKFold({.n_splits = 5, .shuffle = true, .random_state = 3}).split(d.y);
  const auto one = cross_validate(proto, d.X, d.y, splits, {"roc_auc", "accuracy"}, {.n_threads = 1});
  for (std::size_t t : {2u, 5u}) {
    const auto many = cross_validate(proto, d.X, d.y, splits, {"roc_auc", "accuracy"}, {.n_threads = t});
    CHECK(many.scores == one.scores);
  }
}

TEST_CASE("a failing fold is rethrown naming it, or scored NaN with error_score=nan") {
  auto d = fepipe_test::search_data("search_reg");
  // A NaN target in row 3: folds 1-4 train on it (Lasso refuses it at fit),
  // fold 0 tests on it (r2 refuses it).
  const Frame& X = d.X;
  const std::string spec =
      R"({"steps": [["lasso", {"class": "Lasso", "alpha": 0.05}]]})";
  const DynamicPipeline proto = pipeline_from_spec(spec);
  Target y = d.y;
  y[3] = std::nan("");
  const std::string msg = error_message<DataError>([&] { (void)cross_validate(proto, X, y, 5, {"r2"}); });
  CHECK(msg.find("cross_validate: fold 0 of 5: ") == 0);
  const auto r = cross_validate(proto, X, y, 5, {"r2"}, {.error_score = ErrorScore::nan});
  CHECK(std::isnan(r["test_r2"][1]));
  CHECK(std::isnan(r["test_r2"][4]));
  CHECK(r.fold_errors[1] != "");
  CHECK(std::isnan(r["test_r2"][0]));
  // Every fit failing is an error even with error_score=nan, as scikit-learn's.
  Target y_all = d.y;
  for (Eigen::Index i = 0; i < y_all.size(); i += 20) y_all[i] = std::nan("");
  CHECK(error_message<ParameterError>([&] {
          (void)cross_validate(proto, X, y_all, 5, {"r2"}, {.error_score = ErrorScore::nan});
        }).find("All the 5 fits failed") != std::string::npos);
}

TEST_CASE("with error_score=nan a scorer that fails is NaN alone, the others are kept (scikit-learn 1.2.1)") {
  const auto d = fepipe_test::search_data("search_reg");
  const auto ref = fepipe_test::rows_by_variable("cv_reg__scores.csv");
  const DynamicPipeline proto = pipeline_from_spec(fepipe_test::reg_spec);
  // roc_auc needs a classifier's probabilities: it fails on every fold.
  const auto r = cross_validate(proto, d.X, d.y, 5, {"r2", "roc_auc"}, {.error_score = ErrorScore::nan});
  check_scores(r["test_r2"], fepipe_test::numbers_of(ref.at("test_r2")));
  for (std::size_t f = 0; f < 5; ++f) {
    CHECK(std::isnan(r["test_roc_auc"][f]));
    CHECK(r.fold_errors[f].find("roc_auc") != std::string::npos);
  }
}

TEST_CASE("cross_validate refuses bad input, naming what is wrong") {
  const auto d = fepipe_test::search_data("search_reg");
  const DynamicPipeline proto = pipeline_from_spec(fepipe_test::reg_spec);
  CHECK(error_message<ParameterError>([&] { (void)cross_validate(proto, d.X, d.y, 5, {"r3"}); }).find("r2") !=
        std::string::npos);
  CHECK_THROWS_AS((void)cross_validate(proto, d.X, d.y, 5, std::vector<std::string>{}), ParameterError);
  CHECK_THROWS_AS((void)cross_validate(proto, d.X, d.y, 5, {"r2", "r2"}), ParameterError);
  CHECK_THROWS_AS((void)cross_validate(proto, d.X, d.y, 1000, {"r2"}), ParameterError);
  CHECK_THROWS_AS((void)cross_validate(proto, d.X, d.y, std::vector<SplitIndices>{}, {"r2"}), ParameterError);
  CHECK_THROWS_AS((void)cross_validate(proto, d.X, d.y, std::vector<SplitIndices>{{{0, 1}, {500}}}, {"r2"}),
                  ParameterError);
  CHECK_THROWS_AS((void)cross_validate(proto, d.X, Target(3), 5, {"r2"}), SchemaError);
  // A probability scorer on a regressor.
  CHECK(error_message<ParameterError>([&] { (void)cross_validate(proto, d.X, d.y, 5, {"roc_auc"}); })
            .find("fold 0") != std::string::npos);
}

}  // namespace model_selection_cross_validation_test
