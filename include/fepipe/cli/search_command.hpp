#pragma once
/// @file
/// `fepipe search`: hyper-parameter search of a pipeline spec on a CSV file
/// (model_selection/search.hpp), for the `fepipe` tool (cli/cli.hpp
/// registers it with add_search_command and runs it with run_search).
///
/// @code
///   fepipe search SPEC.json DATA.csv --target SalePrice [--log-target] [--features A,B]
///       [--categorical C] [--na-values ?] [--skipinitialspace]
///       --grid '{"lasso__alpha": [0.001, 0.01, 0.1]}' [--random N --seed S] [--halving]
///       [--cv 5] [--scoring neg_root_mean_squared_error] [--threads 2]
///       [--cv-results out.csv] [-o best_model.fpm] [--progress auto|always|never]
/// @endcode
///
/// The data options are fit's (cli/common.hpp). --grid is a JSON object
/// "<step name>__<option>" → list of values (or an array of such objects),
/// or the path of a file holding it; with --random N it is sampled as
/// RandomizedSearchCV(n_iter=N, random_state=S) does, and a value may also
/// be {"uniform": [loc, scale]}, {"loguniform": [a, b]} or
/// {"randint": [low, high]}. --halving runs HalvingGridSearchCV (factor 3).
///
/// stdout: `best_params <JSON>`, `best_score <number>`, `best_index <i>`,
/// `candidates <n>` and `scoring <name>`. stderr: a progress bar,
/// `\r[#####...     ] 12/100 fits`, redrawn after each fit and ended with
/// a newline; `--progress auto` (the default) draws it only when stderr is
/// a terminal, `always` also into a file or pipe, `never` not at all.
///
/// Needs CLI11. Exit codes as the tool's: 0 success, 1 data or parameter
/// error, 4 I/O error (usage errors are CLI11's, handled by the caller).

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

#include <CLI/CLI.hpp>

#include "fepipe/cli/common.hpp"

#include "fepipe/core/detail/format.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/model_selection/spec_search_space.hpp"  // includes runtime/pipeline_spec.hpp
#include "fepipe/model_selection/search.hpp"

namespace fepipe::cli {

struct SearchArgs {
  std::string spec, grid, cv_results, output;
  detail::TrainingDataArgs train;
  std::size_t random = 0;  ///< --random N: RandomizedSearchCV with n_iter = N (0: grid)
  std::uint32_t seed = 0;
  bool has_seed = false;
  bool halving = false;
  std::size_t cv = 5;
  std::string scoring;  ///< empty: r2 / accuracy
  std::size_t threads = 1;
  std::string progress = "auto";
};

/// Registers `search` on `app`; its options fill `args` (read them after
/// app.parse, then call run_search when the subcommand was given).
inline CLI::App* add_search_command(CLI::App& app, SearchArgs& args) {
  auto* s = app.add_subcommand("search", "Search a pipeline spec's options by cross-validation (grid, random, halving)");
  s->add_option("spec", args.spec, "Pipeline spec: {\"steps\": [[name, {\"class\": ..., options}], ...]}")->required();
  args.train.add_to(s);
  s->add_option("--grid", args.grid,
                "JSON, or a file holding it: {\"<step>__<option>\": [values...]} (with --random, also "
                "{\"uniform\"|\"loguniform\"|\"randint\": [a, b]})")
      ->required();
  s->add_option("--random", args.random, "Sample N candidates (RandomizedSearchCV) instead of the whole grid")
      ->check(CLI::PositiveNumber);
  s->add_option_function<std::uint32_t>(
      "--seed", [&args](const std::uint32_t& v) { args.seed = v, args.has_seed = true; },
      "Seed of --random's sampling and --halving's subsampling (default: unseeded)");
  s->add_flag("--halving", args.halving, "Successive halving (HalvingGridSearchCV, factor 3) over the grid");
  s->add_option("--cv", args.cv, "Folds (StratifiedKFold for classifiers, KFold otherwise; default 5)")
      ->check(CLI::Range(2, 1000000));
  s->add_option("--scoring", args.scoring, "Scoring name (scikit-learn's; default r2 or accuracy)");
  s->add_option("--threads", args.threads, "Fits run at once (default 1)")->check(CLI::Range(1, 1024));
  s->add_option("--cv-results", args.cv_results, "Write cv_results_ as CSV to this file");
  s->add_option("-o,--output", args.output, "Write the best pipeline, refitted on all rows (.json: JSON, else binary)");
  s->add_option("--progress", args.progress, "Progress bar on stderr: auto (if a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return s;
}

namespace search_detail {

/// True when stderr is a terminal (--progress auto).
inline bool stderr_is_terminal() {
#if defined(_WIN32)
  return ::_isatty(2) != 0;
#else
  return ::isatty(STDERR_FILENO) == 1;
#endif
}

/// --grid: JSON text (starts with '{' or '['), or the path of a file holding it.
inline std::string grid_text(const std::string& grid) {
  const std::size_t first = grid.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (grid[first] == '{' || grid[first] == '[')) return grid;
  return detail::read_text_file(grid);
}

/// `\r[#####     ] 12/100 fits`, 30 cells wide.
inline std::string progress_bar(std::size_t done, std::size_t total) {
  constexpr std::size_t width = 30;
  const std::size_t filled = total ? done * width / total : width;
  return "\r[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " + std::to_string(done) + "/" +
         std::to_string(total) + " fits";
}

template <class Search>
void report(const Search& s, const SearchArgs& a, std::size_t n_candidates, std::ostream& out) {
  out << "best_params " << params_json(s.best_params_) << "\n";
  out << "best_score " << ::fepipe::detail::python_float_repr(s.best_score_) << "\n";
  out << "best_index " << s.best_index_ << "\n";
  out << "candidates " << n_candidates << "\n";
  out << "scoring " << s.scoring_.front() << "\n";
  if (!a.cv_results.empty()) detail::write_file(a.cv_results, s.cv_results_csv());
  if (!a.output.empty() && s.best_estimator_)
    detail::write_file(a.output, save_model_to_string(*s.best_estimator_, ::fepipe::detail::format_for_path(a.output)));
}

}  // namespace search_detail

/// Runs `fepipe search` with parsed arguments; returns the exit code.
inline int run_search(const SearchArgs& a, std::ostream& out, std::ostream& err) {
  try {
    const SpecSearchSpace space(detail::read_text_file(a.spec));
    const std::string grid_json = search_detail::grid_text(a.grid);
    const detail::TrainingData data = detail::load_training_data(a.train, "search");
    const Frame& X = data.X;
    const Target& y = data.y;

    bool draw = a.progress == "always";
    if (a.progress == "auto") draw = search_detail::stderr_is_terminal();
    SearchOptions o;
    if (!a.scoring.empty()) o.scoring = {a.scoring};
    o.cv = a.cv;
    o.n_threads = a.threads;
    if (draw)
      o.progress = [&err](std::size_t done, std::size_t total) {
        err << search_detail::progress_bar(done, total);
        if (done == total) err << "\n";
        err.flush();
      };
    const std::optional<std::uint32_t> seed = a.has_seed ? std::optional<std::uint32_t>(a.seed) : std::nullopt;
    if (a.random && a.halving) throw ParameterError("search: --random and --halving exclude each other");
    if (a.random) {
      ParameterSampler sampler(grid_json, a.random, seed);
      const std::size_t n = sampler.candidates().size();
      RandomizedSearchCV<DynamicPipeline> s(space.factory(), std::move(sampler), o);
      s.fit(X, y);
      search_detail::report(s, a, n, out);
    } else if (a.halving) {
      ParameterGrid grid(grid_json);
      const std::size_t n = grid.size();
      HalvingGridSearchCV<DynamicPipeline> s(space.factory(), std::move(grid), o, {.random_state = seed});
      s.fit(X, y);
      search_detail::report(s, a, n, out);
      out << "n_resources";
      for (std::size_t r : s.n_resources_) out << " " << r;
      out << "\n";
    } else {
      ParameterGrid grid(grid_json);
      const std::size_t n = grid.size();
      GridSearchCV<DynamicPipeline> s(space.factory(), std::move(grid), o);
      s.fit(X, y);
      search_detail::report(s, a, n, out);
    }
    return 0;
  } catch (const IoError& e) {
    err << "fepipe search: " << e.what() << "\n";
    return 4;
  } catch (const std::exception& e) {
    err << "fepipe search: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fepipe::cli
