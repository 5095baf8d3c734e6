// `fepipe search` through its functions (add_search_command, run_search),
// not through cli.hpp's run. Needs CLI11: without it (FAMILY_LIBS of
// model_selection.cmake) this file compiles to nothing.
#if __has_include(<CLI/CLI.hpp>)

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fepipe/cli/search_command.hpp"
#include "fepipe/core/detail/format.hpp"
#include "model_selection/search_reference.hpp"
#include "support/builtins.hpp"

namespace model_selection_search_command_test {

using namespace fepipe;

/// A scratch folder with the spec and the data set (features and target).
struct Files {
  std::filesystem::path dir;
  Files() {
    dir = std::filesystem::temp_directory_path() /
          ("fepipe_search_test_" + std::to_string(static_cast<long>(::getpid())));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "spec.json") << fepipe_test::reg_spec;
    const auto d = fepipe_test::search_data("search_reg");
    std::ofstream csv(dir / "data.csv");
    csv << "x0,x1,x2,x3,price\n";
    for (std::size_t r = 0; r < d.X.rows(); ++r) {
      for (const char* c : {"x0", "x1", "x2", "x3"}) csv << detail::python_float_repr(d.X[c].values()[r]) << ",";
      csv << detail::python_float_repr(d.y[static_cast<Eigen::Index>(r)]) << "\n";
    }
  }
  ~Files() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string operator()(const char* name) const { return (dir / name).string(); }
};

/// Parses `args` as `fepipe search ...` would be, then runs it.
int run(const std::vector<std::string>& args, std::string& out, std::string& err) {
  CLI::App app{"test"};
  cli::SearchArgs a;
  auto* cmd = cli::add_search_command(app, a);
  std::vector<const char*> argv{"fepipe", "search"};
  for (const auto& s : args) argv.push_back(s.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  REQUIRE(cmd->parsed());
  std::ostringstream o, e;
  const int code = cli::run_search(a, o, e);
  out = o.str();
  err = e.str();
  return code;
}

TEST_CASE("fepipe search prints scikit-learn's best candidate, writes cv_results_ and the refitted model") {
  const Files f;
  const auto best = fepipe_test::rows_by_variable("search_grid_reg__best.csv");
  std::string out, err;
  const int code = run({f("spec.json"), f("data.csv"), "--target", "price", "--grid",
                        R"({"lasso__alpha": [0.001, 0.01, 0.1, 0.3, 1.0, 3.0], "scaler__with_std": [true, false]})",
                        "--scoring", "neg_root_mean_squared_error", "--threads", "2", "--cv-results", f("cv.csv"), "-o",
                        f("best.json"), "--progress", "always"},
                       out, err);
  INFO(err);
  REQUIRE(code == 0);
  CHECK(out.find("best_params " + best.at("best_params_")[0].text + "\n") == 0);
  CHECK(out.find("candidates 12\n") != std::string::npos);
  CHECK(out.find("best_index " + std::to_string(static_cast<int>(best.at("best_index_")[0].value)) + "\n") !=
        std::string::npos);
  // The progress bar: one redraw per fit, the last full, then a newline.
  CHECK(err.find("\r[                              ] 1/60 fits") != std::string::npos);
  const std::string last = "\r[##############################] 60/60 fits\n";
  REQUIRE(err.size() >= last.size());
  CHECK(err.substr(err.size() - last.size()) == last);
  // cv_results_ as CSV: scikit-learn's keys as the header, one row per candidate.
  std::ifstream cv(f("cv.csv"));
  std::string header, line;
  std::getline(cv, header);
  CHECK(header.find("mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_lasso__alpha,") == 0);
  std::size_t rows = 0;
  while (std::getline(cv, line)) ++rows;
  CHECK(rows == 12);
  // The model: the best candidate refitted on every row.
  const DynamicPipeline m = load_any_model(f("best.json"));
  CHECK(m.is_fitted());
  CHECK(m.step<Lasso>().options().alpha ==
        std::stod(detail::parse_spec_json(best.at("best_params_")[0].text).items[0].text));
}

TEST_CASE("fepipe search reads --grid from a file and the data with fit's options") {
  const Files f;
  const std::string grid = R"({"lasso__alpha": [0.001, 0.01, 0.1, 0.3, 1.0, 3.0], "scaler__with_std": [true, false]})";
  std::ofstream(f("grid.json")) << grid << "\n";
  std::string inline_out, file_out, err;
  REQUIRE(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", grid, "--progress", "never"}, inline_out,
              err) == 0);
  REQUIRE(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", f("grid.json"), "--progress", "never"},
              file_out, err) == 0);
  CHECK(file_out == inline_out);
  CHECK(file_out.find("candidates 12\n") != std::string::npos);
  // A grid file that is not there is an I/O error (exit code 4), naming it.
  CHECK(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", f("nogrid.json")}, file_out, err) == 4);
  CHECK(err.find("nogrid.json") != std::string::npos);
  // fit's data options: --features picks the columns the pipeline sees,
  // --log-target refuses a target that is not positive.
  REQUIRE(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", grid, "--features", "x0,x1", "-o",
               f("two.json"), "--progress", "never"},
              file_out, err) == 0);
  CHECK(load_any_model(f("two.json")).input_schema().names() == std::vector<std::string>{"x0", "x1"});
  CHECK(run({f("spec.json"), f("data.csv"), "--target", "price", "--log-target", "--grid", grid}, file_out, err) == 1);
  CHECK(err.find("search: column 'price': --log-target: value") != std::string::npos);
}

TEST_CASE("fepipe search --random and --halving run scikit-learn's samplers and schedule") {
  const Files f;
  std::string out, err;
  REQUIRE(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid",
               R"({"lasso__alpha": {"loguniform": [0.001, 2.0]}, "scaler__with_mean": [true, false]})", "--random",
               "7", "--seed", "11", "--cv", "4", "--scoring", "r2", "--progress", "never"},
              out, err) == 0);
  CHECK(err.empty());
  const auto random_best = fepipe_test::rows_by_variable("search_random_reg__best.csv");
  CHECK(out.find("best_params " + random_best.at("best_params_")[0].text + "\n") == 0);
  CHECK(out.find("candidates 7\n") != std::string::npos);
  CHECK(out.find("scoring r2\n") != std::string::npos);
  REQUIRE(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid",
               R"({"lasso__alpha": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]})", "--halving", "--seed", "0",
               "--scoring", "neg_mean_squared_error"},
              out, err) == 0);
  const auto halving_best = fepipe_test::rows_by_variable("search_halving_reg__best.csv");
  CHECK(out.find("best_params " + halving_best.at("best_params_")[0].text + "\n") == 0);
  CHECK(out.find("n_resources 13 39 117\n") != std::string::npos);
  // No --scoring: the regressor's default score, r2.
  REQUIRE(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", R"({"lasso__alpha": [0.01, 1.0]})"}, out,
              err) == 0);
  CHECK(out.find("scoring r2\n") != std::string::npos);
}

TEST_CASE("fepipe search reports errors with the tool's exit codes") {
  const Files f;
  std::string out, err;
  CHECK(run({f("nope.json"), f("data.csv"), "--target", "price", "--grid", "{}"}, out, err) == 4);
  CHECK(err.find("nope.json") != std::string::npos);
  CHECK(run({f("spec.json"), f("data.csv"), "--target", "cost", "--grid", R"({"lasso__alpha": [1]})"}, out, err) == 1);
  CHECK(err.find("'cost'") != std::string::npos);
  CHECK(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", R"({"lasso__alpah": [1]})"}, out, err) == 1);
  CHECK(err.find("has no option 'alpah'") != std::string::npos);
  CHECK(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", R"({"lasso__alpha": [1]})", "--scoring",
             "rr2"},
            out, err) == 1);
  CHECK(err.find("unknown scoring 'rr2'") != std::string::npos);
  CHECK(run({f("spec.json"), f("data.csv"), "--target", "price", "--grid", R"({"lasso__alpha": [1]})", "--random", "2",
             "--halving"},
            out, err) == 1);
  CHECK(cli::search_detail::progress_bar(1, 3) == "\r[##########                    ] 1/3 fits");
}

}  // namespace model_selection_search_command_test

#endif
