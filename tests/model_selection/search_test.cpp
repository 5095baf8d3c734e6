#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/model_selection/spec_search_space.hpp"
#include "fepipe/model_selection/search.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "model_selection/search_reference.hpp"
#include "support/builtins.hpp"

namespace model_selection_search_test {

using namespace fepipe;
using fepipe_test::error_message;

// Scores rest on Lasso/LogisticRegression fits that match scikit-learn's to
// ~1e-10 (tests/linear); std over folds of near-equal scores needs an
// absolute allowance.
constexpr double rel = 1e-8, abs_tol = 1e-9;

/// cv_results_ against the reference: keys in order (the time columns,
/// which are wall clock, left out), params, param_<name>, scores and ranks.
template <class Search>
void check_search(const Search& s, const std::string& ref_case) {
  const auto ref = fepipe_test::rows_by_variable("search_" + ref_case + "__cv_results.csv");
  const auto best = fepipe_test::rows_by_variable("search_" + ref_case + "__best.csv");
  const CvResults& cv = s.cv_results_;
  // Keys: the reference's list, in its order.
  {
    const detail::JsonValue keys = detail::parse_spec_json(best.at("keys").at(0).text);
    std::vector<std::string> expected;
    for (const auto& k : keys.items) expected.push_back(k.text);
    CHECK(cv.keys() == expected);
  }
  for (const auto& [key, rows] : ref) {
    INFO("key " << key);
    REQUIRE(cv.contains(key));
    const auto& col = cv.column(key);
    REQUIRE(rows.size() == cv.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      INFO("candidate " << i);
      if (key == "params") {
        CHECK(col.texts[i] == rows[i].text);
      } else if (key.rfind("param_", 0) == 0) {
        CHECK(detail::canonical_json(col.texts[i], "test") == detail::canonical_json(rows[i].text, "test"));
      } else if (key.rfind("rank_", 0) == 0 || key == "iter" || key == "n_resources") {
        CHECK(col.numbers[i] == rows[i].value);
      } else {
        INFO(col.numbers[i] << " vs " << rows[i].value);
        CHECK(fepipe_test::close(col.numbers[i], rows[i].value, rel, abs_tol));
      }
    }
  }
  CHECK(s.best_index_ == static_cast<std::size_t>(best.at("best_index_").at(0).value));
  CHECK(params_json(s.best_params_) == best.at("best_params_").at(0).text);
  CHECK(fepipe_test::close(s.best_score_, best.at("best_score_").at(0).value, rel, abs_tol));
}

TEST_CASE("GridSearchCV over a runtime pipeline gives scikit-learn's cv_results_, ranks and best candidate") {
  const auto d = fepipe_test::search_data("search_reg");
  const SpecSearchSpace space(fepipe_test::reg_spec);
  GridSearchCV<DynamicPipeline> g(
      space.factory(), ParameterGrid(R"({"lasso__alpha": [0.001, 0.01, 0.1, 0.3, 1.0, 3.0], "scaler__with_std": [true, false]})"),
      {.scoring = {"neg_root_mean_squared_error"}, .cv = 5});
  g.fit(d.X, d.y);
  check_search(g, "grid_reg");
  REQUIRE(g.best_estimator_);
  CHECK(g.best_estimator_->is_fitted());
  CHECK(g.best_estimator_->step<Lasso>().options().alpha == std::stod(find_param(g.best_params_, "lasso__alpha")->c_str()));
  CHECK(g.n_splits_ == 5);
}

TEST_CASE("GridSearchCV with several scorers refits by the one named, with train scores") {
  const auto d = fepipe_test::search_data("search_reg");
  const SpecSearchSpace space(fepipe_test::reg_spec);
  GridSearchCV<DynamicPipeline> g(space.factory(), ParameterGrid(R"({"lasso__alpha": [0.05, 50.0, 100.0, 0.5]})"),
                                  {.scoring = {"r2", "neg_mean_absolute_error"},
                                   .refit_metric = "neg_mean_absolute_error",
                                   .splits = KFold({.n_splits = 4, .shuffle = true, .random_state = 1}).split(d.X.rows()),
                                   .return_train_score = true});
  g.fit(d.X, d.y);
  check_search(g, "grid_multi");
  // Two alphas zero every coefficient: tied r2, ranked with method 'min'.
  CHECK(g.cv_results_["rank_test_r2"][1] == g.cv_results_["rank_test_r2"][2]);
}

TEST_CASE("GridSearchCV over a classifier uses StratifiedKFold and roc_auc as scikit-learn") {
  const auto d = fepipe_test::search_data("search_clf");
  GridSearchCV<DynamicPipeline> g(SpecSearchSpace(fepipe_test::clf_spec).factory(),
                                  ParameterGrid(R"({"logreg__C": [0.01, 0.1, 1.0, 10.0]})"),
                                  {.scoring = {"roc_auc"}, .cv = 3});
  g.fit(d.X, d.y);
  check_search(g, "grid_clf");
}

TEST_CASE("RandomizedSearchCV samples scikit-learn's candidates and scores them as it does") {
  const auto d = fepipe_test::search_data("search_reg");
  RandomizedSearchCV<DynamicPipeline> r(
      SpecSearchSpace(fepipe_test::reg_spec).factory(),
      ParameterSampler(R"({"lasso__alpha": {"loguniform": [0.001, 2.0]}, "scaler__with_mean": [true, false]})", 7, 11),
      {.scoring = {"r2"}, .cv = 4});
  r.fit(d.X, d.y);
  check_search(r, "random_reg");
}

TEST_CASE("HalvingGridSearchCV follows scikit-learn's schedule and keeps its candidates") {
  const auto d = fepipe_test::search_data("search_reg");
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  HalvingGridSearchCV<DynamicPipeline> h(
      SpecSearchSpace(fepipe_test::reg_spec).factory(),
      ParameterGrid(R"({"lasso__alpha": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]})"),
      {.scoring = {"neg_mean_squared_error"},
       .cv = 5,
       .n_threads = 2,
       .return_train_score = true,
       .progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); }},
      {.random_state = 0});
  h.fit(d.X, d.y);
  // Progress counts the fits of every iteration: (9 + 3 + 1) candidates x 5 folds.
  REQUIRE(calls.size() == 65);
  for (std::size_t i = 0; i < calls.size(); ++i) CHECK((calls[i].first == i + 1 && calls[i].second == 65));
  check_search(h, "halving_reg");
  const auto best = fepipe_test::rows_by_variable("search_halving_reg__best.csv");
  std::vector<std::size_t> res, cand;
  for (const auto& r : best.at("n_resources_")) res.push_back(static_cast<std::size_t>(r.value));
  for (const auto& r : best.at("n_candidates_")) cand.push_back(static_cast<std::size_t>(r.value));
  CHECK(h.n_resources_ == res);
  CHECK(h.n_candidates_ == cand);
  CHECK(h.n_iterations_ == static_cast<std::size_t>(best.at("n_iterations_")[0].value));
  CHECK(h.n_required_iterations_ == static_cast<std::size_t>(best.at("n_required_iterations_")[0].value));
  CHECK(h.n_possible_iterations_ == static_cast<std::size_t>(best.at("n_possible_iterations_")[0].value));
  CHECK(h.min_resources_ == static_cast<std::size_t>(best.at("min_resources_")[0].value));
  CHECK(h.n_remaining_candidates_ == static_cast<std::size_t>(best.at("n_remaining_candidates_")[0].value));
}

TEST_CASE("HalvingGridSearchCV of a classifier: min_resources counts classes, factor 2") {
  const auto d = fepipe_test::search_data("search_clf");
  HalvingGridSearchCV<DynamicPipeline> h(SpecSearchSpace(fepipe_test::clf_spec).factory(),
                                         ParameterGrid(R"({"logreg__C": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]})"),
                                         {.scoring = {"accuracy"}, .cv = 3, .return_train_score = true},
                                         {.factor = 2, .random_state = 5});
  h.fit(d.X, d.y);
  check_search(h, "halving_clf");
  const auto best = fepipe_test::rows_by_variable("search_halving_clf__best.csv");
  std::vector<std::size_t> res;
  for (const auto& r : best.at("n_resources_")) res.push_back(static_cast<std::size_t>(r.value));
  CHECK(h.n_resources_ == res);
}

TEST_CASE("a search calls progress once per fit, in order, and gives the same results on 1 and 2 threads") {
  const auto d = fepipe_test::search_data("search_reg");
  std::string grid = R"({"lasso__alpha": [)";
  for (int i = 0; i < 25; ++i) grid += (i ? ", " : "") + std::to_string(0.001 * (i + 1));
  grid += "]}";
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  SearchOptions o{.scoring = {"r2"}, .cv = 4, .n_threads = 2};
  o.progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
  GridSearchCV<DynamicPipeline> two(SpecSearchSpace(fepipe_test::reg_spec).factory(), ParameterGrid(grid), o);
  two.fit(d.X, d.y);
  REQUIRE(calls.size() == 100);
  for (std::size_t i = 0; i < calls.size(); ++i) CHECK((calls[i].first == i + 1 && calls[i].second == 100));
  o.n_threads = 1;
  o.progress = {};
  GridSearchCV<DynamicPipeline> one(SpecSearchSpace(fepipe_test::reg_spec).factory(), ParameterGrid(grid), o);
  one.fit(d.X, d.y);
  for (const auto& key : one.cv_results_.keys())
    if (key.find("time") == std::string::npos) {
      INFO(key);
      const auto& a = one.cv_results_.column(key);
      const auto& b = two.cv_results_.column(key);
      CHECK(a.texts == b.texts);
      CHECK(a.numbers == b.numbers);
    }
  CHECK(one.best_params_ == two.best_params_);
}

TEST_CASE("cv_results_csv lays cv_results_ out as pandas' to_csv") {
  const auto d = fepipe_test::search_data("search_reg");
  GridSearchCV<DynamicPipeline> g(
      SpecSearchSpace(R"({"steps": [["lasso", {"class": "Lasso", "selection": "cyclic"}]]})").factory(),
      ParameterGrid(R"({"lasso__alpha": [0.1, 1.0], "lasso__selection": ["cyclic", "random"]})"),
      {.scoring = {"r2"}, .refit = false, .cv = 3});
  g.fit(d.X, d.y);
  CHECK_FALSE(g.best_estimator_);
  const std::string csv = g.cv_results_csv();
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header ==
        "mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_lasso__alpha,param_lasso__selection,params,"
        "split0_test_score,split1_test_score,split2_test_score,mean_test_score,std_test_score,rank_test_score");
  // Row 2: alpha 1.0, cyclic; the params JSON is quoted (it holds commas),
  // strings unquoted in param_ columns, ranks as integers.
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = csv.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(csv.substr(at, nl - at));
  REQUIRE(lines.size() == 5);
  CHECK(lines[3].find(",1.0,cyclic,\"{\"\"lasso__alpha\"\": 1.0, \"\"lasso__selection\"\": \"\"cyclic\"\"}\",") !=
        std::string::npos);
  CHECK(lines[3].substr(lines[3].rfind(',') + 1) ==
        std::to_string(static_cast<int>(g.cv_results_["rank_test_score"][2])));
}

TEST_CASE("a compile-time Pipeline is searched through with_params, with the runtime pipeline's results") {
  const auto d = fepipe_test::search_data("search_reg");
  using P = Pipeline<StandardScaler, Lasso>;
  auto factory = with_params(P(StandardScaler{}, Lasso({.alpha = 0.05})), [](P& p, const std::string& name,
                                                                          const std::string& value) {
    if (name != "lasso__alpha") detail::throw_parameter("set_params", "unknown parameter '" + name + "'");
    Lasso::Options o = p.step<1>().options();
    o.alpha = std::stod(value);
    p.step<1>() = Lasso(o);
  });
  const ParameterGrid grid(R"({"lasso__alpha": [0.001, 0.1, 1.0]})");
  GridSearchCV<P> compiled(factory, grid, {.scoring = {"r2"}});
  compiled.fit(d.X, d.y);
  GridSearchCV<DynamicPipeline> runtime(SpecSearchSpace(fepipe_test::reg_spec).factory(), grid, {.scoring = {"r2"}});
  runtime.fit(d.X, d.y);
  CHECK(compiled.cv_results_["mean_test_score"] == runtime.cv_results_["mean_test_score"]);
  CHECK(compiled.best_params_ == runtime.best_params_);
  CHECK(compiled.best_estimator_->predict(d.X) == runtime.best_estimator_->predict(d.X));
  CHECK_THROWS_AS(GridSearchCV<P>(factory, ParameterGrid(R"({"lasso__tol": [1]})")).fit(d.X, d.y), ParameterError);
}

TEST_CASE("search errors name the step, option, candidate or cv") {
  const auto d = fepipe_test::search_data("search_reg");
  const SpecSearchSpace space(fepipe_test::reg_spec);
  auto grid_error = [&](const std::string& grid, SearchOptions o = {}) {
    return error_message<ParameterError>(
        [&] { GridSearchCV<DynamicPipeline>(space.factory(), ParameterGrid(grid), o).fit(d.X, d.y); });
  };
  // unknown step: the steps are listed
  CHECK(grid_error(R"({"lassoo__alpha": [1]})").find("no step is named 'lassoo'; steps: scaler, lasso") !=
        std::string::npos);
  // unknown option: the step's options are listed
  const std::string opt = grid_error(R"({"lasso__alhpa": [1]})");
  CHECK(opt.find("step 'lasso' (Lasso) has no option 'alhpa'") != std::string::npos);
  CHECK(opt.find("alpha, fit_intercept, max_iter") != std::string::npos);
  CHECK(grid_error(R"({"alpha": [1]})").find("'<step name>__<option>'") != std::string::npos);
  // a value the class refuses: named by the class, with the candidate
  const std::string bad = grid_error(R"({"lasso__alpha": [0.1, -1.0]})");
  CHECK(bad.find("candidate 1 {\"lasso__alpha\": -1.0}") != std::string::npos);
  CHECK(bad.find("'lasso'") != std::string::npos);
  CHECK(grid_error(R"({"lasso__max_iter": ["many"]})").find("max_iter") != std::string::npos);
  // cv and scoring
  CHECK(grid_error(R"({"lasso__alpha": [1]})", {.cv = 1}).find("cv must be at least 2") != std::string::npos);
  CHECK(grid_error(R"({"lasso__alpha": [1]})", {.cv = 500}).find("500") != std::string::npos);
  CHECK(grid_error(R"({"lasso__alpha": [1]})", {.scoring = {"r2", "max_error"}}).find("refit") != std::string::npos);
  CHECK(grid_error(R"({"lasso__alpha": [1]})", {.scoring = {"r2"}, .refit_metric = "max_error"})
            .find("max_error") != std::string::npos);
  CHECK_THROWS_AS(HalvingGridSearchCV<DynamicPipeline>(space.factory(), ParameterGrid(R"({"lasso__alpha": [1]})"),
                                                       {.scoring = {"r2", "max_error"}}),
                  ParameterError);
  CHECK(error_message<ParameterError>([&] {
          HalvingGridSearchCV<DynamicPipeline>(space.factory(), ParameterGrid(R"({"lasso__alpha": [1, 2]})"), {},
                                               {.min_resources = 1000})
              .fit(d.X, d.y);
        }).find("min_resources_=1000 is greater than max_resources_=120") != std::string::npos);
  // error_score=raise names the candidate and the fold
  Target y = d.y;
  y[0] = std::nan("");
  CHECK(error_message<DataError>([&] {
          GridSearchCV<DynamicPipeline>(space.factory(), ParameterGrid(R"({"lasso__alpha": [1]})"),
                                        {.error_score = ErrorScore::raise})
              .fit(d.X, y);
        }).find("candidate 0 {\"lasso__alpha\": 1}, fold 0") != std::string::npos);
  // error_score=nan (the default): NaN scores ranked last; all failed: an error
  Target y_all = d.y;
  for (Eigen::Index i = 0; i < y_all.size(); i += 20) y_all[i] = std::nan("");
  CHECK(error_message<ParameterError>([&] {
          GridSearchCV<DynamicPipeline>(space.factory(), ParameterGrid(R"({"lasso__alpha": [1]})")).fit(d.X, y_all);
        }).find("All the 5 fits failed") != std::string::npos);
  // The space lists what is searchable.
  const auto names = space.parameter_names();
  CHECK(std::find(names.begin(), names.end(), "lasso__alpha") != names.end());
  CHECK(std::find(names.begin(), names.end(), "scaler__with_mean") != names.end());
  CHECK(space.spec_with({{"lasso__alpha", "2"}}).find("\"alpha\": 2") != std::string::npos);
}

TEST_CASE("NaN mean scores rank last, as scikit-learn's nan_to_num(nanmin - 1)") {
  CHECK(detail::rank_min({0.5, std::nan(""), 0.7, 0.5}) == std::vector<double>{2, 4, 1, 2});
  CHECK(detail::rank_min({std::nan(""), std::nan("")}) == std::vector<double>{1, 1});
}

}  // namespace model_selection_search_test
