#pragma once
/// @file
/// Hyper-parameter search as scikit-learn 1.2.1 does it: GridSearchCV,
/// RandomizedSearchCV and HalvingGridSearchCV.
///
/// A search evaluates candidates (ParamSet: "<step>__<option>" → JSON value)
/// through a factory that builds the unfitted model of a candidate:
/// - runtime pipelines: `SpecSearchSpace(spec_json).factory()`
///   (model_selection/spec_search_space.hpp, an optional part like
///   runtime/): the candidate's options are written into the spec's steps
///   and the pipeline is rebuilt, so every spec option is searchable and
///   checked by its class;
/// - compile-time pipelines or any other model: a lambda
///   `[](const ParamSet& p) { Pipeline<...> m = ...; apply p; return m; }`,
///   or `with_params(prototype, setter)` which copies the prototype and calls
///   `setter(model, name, json_value)` for each parameter.
///
/// Every candidate is fitted on every split (candidates × splits tasks on
/// `n_threads` threads; each result stored at its index, so the results do
/// not depend on the thread count), then cv_results_ is assembled with
/// scikit-learn's keys and order, ranks (method 'min', NaN means ranked
/// last), best_index_ and, with refit, best_estimator_ fitted on all rows.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/metrics/scorers.hpp"
#include "fepipe/model_selection/cross_validation.hpp"
#include "fepipe/model_selection/detail/split_support.hpp"
#include "fepipe/model_selection/distributions.hpp"
#include "fepipe/model_selection/param_grid.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Builds the unfitted model of a candidate (ParameterError for a bad one).
template <class Model>
using ModelFactory = std::function<Model(const ParamSet&)>;

/// A factory that copies `prototype` and applies each parameter with
/// `setter(model, name, json_value)` (the set_params hook for models
/// without a spec, e.g. a compile-time Pipeline).
template <class Model, class Setter>
ModelFactory<Model> with_params(Model prototype, Setter setter) {
  return [prototype = std::move(prototype), setter = std::move(setter)](const ParamSet& params) {
    Model m = prototype;
    for (const auto& [name, value] : params) setter(m, name, value);
    return m;
  };
}

/// Progress of a search: (fits done, fits in all), called once per fit in
/// increasing order of `done`, from whichever thread finished it (one at a
/// time).
using SearchProgress = std::function<void(std::size_t done, std::size_t total)>;

struct SearchOptions {
  /// Scoring names (metrics/scorers.hpp). Empty: the model's default score,
  /// r2 for regressors and accuracy for classifiers. One name: cv_results_
  /// keys end in "_score" (scikit-learn's single-metric keys); several: in
  /// "_<name>", and refit_metric picks the one refit and best_* use.
  std::vector<std::string> scoring{};
  std::string refit_metric{};
  /// Fit the best candidate on all rows (best_estimator_).
  bool refit = true;
  /// Number of folds for check_cv (StratifiedKFold for classifiers, KFold
  /// otherwise) when `splits` is empty.
  std::size_t cv = 5;
  std::vector<SplitIndices> splits{};
  std::size_t n_threads = 1;
  bool return_train_score = false;
  /// scikit-learn's default for searches is error_score=np.nan.
  ErrorScore error_score = ErrorScore::nan;
  SearchProgress progress{};
};

/// cv_results_: columns in scikit-learn's order; numbers (NaN where
/// scikit-learn has NaN) or texts (param_<name>: the JSON value, a string's
/// text, empty where the candidate lacks the parameter; params: the JSON
/// object).
struct CvResults {
  struct Column {
    std::string key;
    bool text = false;
    bool integral = false;  // ranks, iter, n_resources
    std::vector<double> numbers{};
    std::vector<std::string> texts{};
  };
  std::vector<Column> columns;
  std::vector<ParamSet> params;

  std::size_t size() const noexcept { return params.size(); }
  bool contains(std::string_view key) const noexcept {
    for (const auto& c : columns)
      if (c.key == key) return true;
    return false;
  }
  const Column& column(std::string_view key) const {
    std::string keys;
    for (const auto& c : columns) {
      if (c.key == key) return c;
      keys += (keys.empty() ? "" : ", ") + c.key;
    }
    throw Error("cv_results_", "", "no key '" + std::string(key) + "'; keys: " + keys);
  }
  const std::vector<double>& operator[](std::string_view key) const { return column(key).numbers; }
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& c : columns) out.push_back(c.key);
    return out;
  }

  /// The table as CSV, as pandas' DataFrame(cv_results_).to_csv(index=False)
  /// lays it out: one row per candidate, numbers as Python's repr, NaN empty.
  std::string csv() const {
    auto field = [](const std::string& s) {
      if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
      std::string q = "\"";
      for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
    };
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) out += ',';
      out += field(columns[c].key);
    }
    out += "\n";
    for (std::size_t r = 0; r < size(); ++r) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const Column& col = columns[c];
        std::string cell;
        if (col.text)
          cell = col.texts[r];
        else if (std::isnan(col.numbers[r]))
          cell = "";
        else if (col.integral)
          cell = std::to_string(static_cast<long long>(col.numbers[r]));
        else
          cell = detail::python_float_repr(col.numbers[r]);
        if (c) out += ',';
        out += field(cell);
      }
      out += "\n";
    }
    return out;
  }
};

namespace detail {

/// param_<name> cell: a JSON string's text, other values as JSON.
inline std::string param_cell(const std::string& json) {
  if (json.size() >= 2 && json.front() == '"') {
    try {
      const JsonValue v = parse_spec_json(json);
      if (v.kind == JsonValue::Kind::string) return v.text;
    } catch (const ParameterError&) {
    }
  }
  return json;
}

/// scipy.stats.rankdata(-x, method='min') with NaN replaced by nanmin - 1
/// (scikit-learn's _format_results); all NaN: every rank 1.
inline std::vector<double> rank_min(const std::vector<double>& means) {
  const std::size_t n = means.size();
  std::vector<double> ranks(n, 1.0);
  bool any = false;
  double lo = std::numeric_limits<double>::infinity();
  for (double m : means)
    if (!std::isnan(m)) {
      any = true;
      lo = std::min(lo, m);
    }
  if (!any) return ranks;
  std::vector<double> x(means);
  for (double& v : x)
    if (std::isnan(v)) v = lo - 1;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t greater = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (x[j] > x[i]) ++greater;
    ranks[i] = static_cast<double>(greater + 1);
  }
  return ranks;
}

/// np.average over splits and np.std (ddof 0) as scikit-learn's _store.
inline std::pair<double, double> mean_std(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  const double mean = pairwise_sum(std::span<const double>(v)) / n;
  std::vector<double> sq(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) sq[i] = (v[i] - mean) * (v[i] - mean);
  return {mean, std::sqrt(pairwise_sum(std::span<const double>(sq)) / n)};
}

/// The outcome of every (candidate, split) fit of one evaluate_candidates call.
struct SearchBlock {
  std::vector<ParamSet> params;
  std::size_t n_splits = 0;
  // [candidate * n_splits + split]
  std::vector<double> fit_time, score_time;
  std::vector<std::vector<double>> test, train;  // [scorer][candidate * n_splits + split]
  std::vector<std::string> errors;
  std::vector<bool> fit_failed;
};

}  // namespace detail

/// What every search holds after fit (scikit-learn's attribute names).
template <class Model>
struct SearchResult {
  CvResults cv_results_;
  std::size_t best_index_ = 0;
  ParamSet best_params_;
  double best_score_ = std::numeric_limits<double>::quiet_NaN();
  std::optional<Model> best_estimator_;
  double refit_time_ = 0;
  std::size_t n_splits_ = 0;
  /// The scorer names as cv_results_ keys use them ("score" for one).
  std::vector<std::string> scorer_keys_;
  /// The scoring names used (the default's too: r2 or accuracy).
  std::vector<std::string> scoring_;
  std::string cv_results_csv() const { return cv_results_.csv(); }
};

namespace detail {

/// The machinery shared by the three searches.
template <class Model>
class SearchRunner {
 public:
  SearchRunner(ModelFactory<Model> make, SearchOptions o, std::string_view name)
      : make_(std::move(make)), options_(std::move(o)), name_(name) {
    if (!make_) throw_parameter(name_, "no model factory");
  }

  /// Checks the data, builds the prototype (empty candidate), resolves
  /// scorers and the base splits.
  void prepare(const Frame& X, const Target& y) {
    check_rows(name_, X, y);
    Model proto = make_(ParamSet{});
    classifier_ = model_classifies(proto);
    names_ = options_.scoring;
    if (names_.empty()) names_.push_back(classifier_ ? "accuracy" : "r2");
    scorers_ = resolve_scorers(names_);
    if (names_.size() == 1) {
      keys_ = {"score"};
      refit_key_ = "score";
      if (!options_.refit_metric.empty() && options_.refit_metric != names_[0])
        throw_parameter(name_, "refit_metric '" + options_.refit_metric + "' is not the scoring '" + names_[0] + "'");
    } else {
      keys_ = names_;
      if (options_.refit_metric.empty()) {
        if (options_.refit)
          throw_parameter(name_, "For multi-metric scoring, the parameter refit must be set to a scorer key "
                                 "(refit_metric) to refit an estimator with the best parameter setting on the "
                                 "whole data and make the best_* attributes available for that metric");
      } else if (std::find(names_.begin(), names_.end(), options_.refit_metric) == names_.end()) {
        throw_parameter(name_, "refit_metric '" + options_.refit_metric + "' is not one of the scoring names");
      }
      refit_key_ = options_.refit_metric;
    }
    if (options_.splits.empty()) {
      if (options_.cv < 2)
        throw_parameter(name_, "cv must be at least 2 folds, got " + std::to_string(options_.cv));
      splits_ = check_cv(options_.cv, y, classifier_);
    } else {
      splits_ = options_.splits;
    }
    check_splits(name_, splits_, X.rows());
  }

  /// Builds every candidate once before fitting anything: an unknown
  /// parameter or a value its class refuses fails fast, naming it.
  void check_candidates(const std::vector<ParamSet>& candidates) const {
    if (candidates.empty()) throw_parameter(name_, "no candidates to evaluate");
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      try {
        (void)make_(candidates[c]);
      } catch (const std::exception&) {
        rethrow_with_context(std::current_exception(),
                             std::string(name_) + ": candidate " + std::to_string(c) + " " + params_json(candidates[c]) +
                                 ": ");
      }
    }
  }

  /// Fits and scores every candidate on every split; `progress` counts
  /// fits from `done_before` out of `total`.
  SearchBlock evaluate(const std::vector<ParamSet>& candidates, const std::vector<SplitIndices>& splits,
                       const Frame& X, const Target& y, std::size_t done_before, std::size_t total) {
    SearchBlock b;
    b.params = candidates;
    b.n_splits = splits.size();
    const std::size_t n_tasks = candidates.size() * splits.size();
    std::vector<FoldOutcome<Model>> out(n_tasks);
    std::mutex progress_mutex;
    std::size_t done = done_before;
    parallel_tasks(n_tasks, options_.n_threads, [&](std::size_t t) {
      const std::size_t c = t / splits.size(), s = t % splits.size();
      out[t] = fit_and_score<Model>(make_(candidates[c]), X, y, splits[s], scorers_, options_.return_train_score,
                                    false);
      if (options_.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options_.progress(++done, total);
      }
    });
    for (std::size_t t = 0; t < n_tasks; ++t)
      if (out[t].error && options_.error_score == ErrorScore::raise)
        rethrow_with_context(out[t].error, std::string(name_) + ": candidate " +
                                               std::to_string(t / splits.size()) + " " +
                                               params_json(candidates[t / splits.size()]) + ", fold " +
                                               std::to_string(t % splits.size()) + ": ");
    b.test.assign(scorers_.size(), {});
    if (options_.return_train_score) b.train.assign(scorers_.size(), {});
    for (auto& o : out) {
      b.fit_time.push_back(o.fit_time);
      b.score_time.push_back(o.score_time);
      b.errors.push_back(o.error ? exception_message(o.error) : std::string());
      b.fit_failed.push_back(o.fit_failed);
      for (std::size_t s = 0; s < scorers_.size(); ++s) {
        b.test[s].push_back(o.test[s]);
        if (options_.return_train_score) b.train[s].push_back(o.train[s]);
      }
    }
    return b;
  }

  /// scikit-learn's "All the N fits failed" check over every block (fit
  /// failures only, as _warn_or_raise_about_fit_failures counts).
  void check_not_all_failed(const std::vector<SearchBlock>& blocks) const {
    std::size_t n = 0, failed = 0;
    std::string first;
    for (const auto& b : blocks)
      for (std::size_t i = 0; i < b.errors.size(); ++i) {
        ++n;
        if (b.fit_failed[i]) {
          ++failed;
          if (first.empty()) first = b.errors[i];
        }
      }
    if (n && failed == n)
      throw_parameter(name_, "All the " + std::to_string(n) + " fits failed; the first error: " + first);
  }

  /// cv_results_ of the blocks in order (with "iter" and "n_resources"
  /// first when given, as HalvingGridSearchCV).
  CvResults format(const std::vector<SearchBlock>& blocks, const std::vector<double>* iter,
                   const std::vector<double>* n_resources) const {
    CvResults r;
    const std::size_t n_splits = blocks.front().n_splits;
    for (const auto& b : blocks)
      for (const auto& p : b.params) r.params.push_back(p);
    const std::size_t n = r.params.size();
    auto numbers = [&](std::string key, std::vector<double> v, bool integral = false) {
      CvResults::Column c;
      c.key = std::move(key);
      c.integral = integral;
      c.numbers = std::move(v);
      r.columns.push_back(std::move(c));
    };
    if (iter) numbers("iter", *iter, true);
    if (n_resources) numbers("n_resources", *n_resources, true);
    // (candidate, split) matrix of one per-task vector over the blocks.
    auto per_split = [&](auto pick) {
      std::vector<std::vector<double>> m;
      for (const auto& b : blocks) {
        const std::vector<double>& v = pick(b);
        for (std::size_t c = 0; c < b.params.size(); ++c)
          m.emplace_back(v.begin() + static_cast<std::ptrdiff_t>(c * n_splits),
                         v.begin() + static_cast<std::ptrdiff_t>((c + 1) * n_splits));
      }
      return m;
    };
    auto store = [&](const std::string& key, const std::vector<std::vector<double>>& m, bool splits, bool rank) {
      if (splits)
        for (std::size_t s = 0; s < n_splits; ++s) {
          std::vector<double> v(n);
          for (std::size_t c = 0; c < n; ++c) v[c] = m[c][s];
          numbers("split" + std::to_string(s) + "_" + key, std::move(v));
        }
      std::vector<double> means(n), stds(n);
      for (std::size_t c = 0; c < n; ++c) std::tie(means[c], stds[c]) = mean_std(m[c]);
      numbers("mean_" + key, means);
      numbers("std_" + key, std::move(stds));
      if (rank) numbers("rank_" + key, rank_min(means), true);
    };
    store("fit_time", per_split([](const SearchBlock& b) -> const std::vector<double>& { return b.fit_time; }), false,
          false);
    store("score_time", per_split([](const SearchBlock& b) -> const std::vector<double>& { return b.score_time; }),
          false, false);
    // param_<name>, in order of first appearance over the candidates.
    std::vector<std::string> pnames;
    for (const auto& p : r.params)
      for (const auto& kv : p)
        if (std::find(pnames.begin(), pnames.end(), kv.first) == pnames.end()) pnames.push_back(kv.first);
    for (const auto& pn : pnames) {
      CvResults::Column c;
      c.key = "param_" + pn;
      c.text = true;
      for (const auto& p : r.params) {
        const std::string* v = find_param(p, pn);
        c.texts.push_back(v ? param_cell(*v) : std::string());
      }
      r.columns.push_back(std::move(c));
    }
    {
      CvResults::Column c;
      c.key = "params";
      c.text = true;
      for (const auto& p : r.params) c.texts.push_back(params_json(p));
      r.columns.push_back(std::move(c));
    }
    for (std::size_t s = 0; s < scorers_.size(); ++s) {
      store("test_" + keys_[s], per_split([s](const SearchBlock& b) -> const std::vector<double>& { return b.test[s]; }),
            true, true);
      if (options_.return_train_score)
        store("train_" + keys_[s],
              per_split([s](const SearchBlock& b) -> const std::vector<double>& { return b.train[s]; }), true, false);
    }
    return r;
  }

  /// best_* and the refit, from the index of the best candidate.
  void finish(SearchResult<Model>& res, CvResults results, std::optional<std::size_t> best, const Frame& X,
              const Target& y) {
    res.cv_results_ = std::move(results);
    res.n_splits_ = splits_.size();
    res.scorer_keys_ = keys_;
    res.scoring_ = names_;
    if (!refit_key_.empty()) {
      if (!best) {
        const auto& ranks = res.cv_results_["rank_test_" + refit_key_];
        best = static_cast<std::size_t>(std::min_element(ranks.begin(), ranks.end()) - ranks.begin());
      }
      res.best_index_ = *best;
      res.best_params_ = res.cv_results_.params[*best];
      res.best_score_ = res.cv_results_["mean_test_" + refit_key_][*best];
    }
    if (options_.refit) {
      const auto t0 = std::chrono::steady_clock::now();
      Model m = make_(res.best_params_);
      m.fit(X, y);
      res.refit_time_ = seconds_since(t0);
      res.best_estimator_.emplace(std::move(m));
    }
  }

  const std::vector<SplitIndices>& splits() const noexcept { return splits_; }
  bool classifier() const noexcept { return classifier_; }
  const SearchOptions& options() const noexcept { return options_; }
  std::string_view name() const noexcept { return name_; }

 private:
  ModelFactory<Model> make_;
  SearchOptions options_;
  std::string_view name_;
  bool classifier_ = false;
  std::vector<std::string> names_, keys_;
  std::string refit_key_;
  std::vector<const Scorer*> scorers_;
  std::vector<SplitIndices> splits_;
};

/// GridSearchCV's and RandomizedSearchCV's fit: every candidate on every
/// split, then `res` (reset first) from the results.
template <class Model>
void search_every_candidate(SearchResult<Model>& res, const ModelFactory<Model>& make, const SearchOptions& options,
                            std::string_view type_name, const std::vector<ParamSet>& candidates, const Frame& X,
                            const Target& y) {
  SearchRunner<Model> run(make, options, type_name);
  run.prepare(X, y);
  run.check_candidates(candidates);
  const std::size_t total = candidates.size() * run.splits().size();
  std::vector<SearchBlock> blocks{run.evaluate(candidates, run.splits(), X, y, 0, total)};
  run.check_not_all_failed(blocks);
  res = SearchResult<Model>{};
  run.finish(res, run.format(blocks, nullptr, nullptr), std::nullopt, X, y);
}

}  // namespace detail

/// scikit-learn's GridSearchCV: every candidate of a ParameterGrid.
template <class Model>
class GridSearchCV : public SearchResult<Model> {
 public:
  static constexpr std::string_view type_name = "GridSearchCV";
  GridSearchCV(ModelFactory<Model> make, ParameterGrid grid, SearchOptions options = {})
      : make_(std::move(make)), grid_(std::move(grid)), options_(std::move(options)) {}

  GridSearchCV& fit(const Frame& X, const Target& y) {
    detail::search_every_candidate(*this, make_, options_, type_name, grid_.candidates(), X, y);
    return *this;
  }

 private:
  ModelFactory<Model> make_;
  ParameterGrid grid_;
  SearchOptions options_;
};

/// scikit-learn's RandomizedSearchCV: n_iter candidates of a ParameterSampler.
template <class Model>
class RandomizedSearchCV : public SearchResult<Model> {
 public:
  static constexpr std::string_view type_name = "RandomizedSearchCV";
  RandomizedSearchCV(ModelFactory<Model> make, ParameterSampler sampler, SearchOptions options = {})
      : make_(std::move(make)), sampler_(std::move(sampler)), options_(std::move(options)) {}

  RandomizedSearchCV& fit(const Frame& X, const Target& y) {
    detail::search_every_candidate(*this, make_, options_, type_name, sampler_.candidates(), X, y);
    return *this;
  }

 private:
  ModelFactory<Model> make_;
  ParameterSampler sampler_;
  SearchOptions options_;
};

struct HalvingOptions {
  /// Candidates kept per iteration: ceil(n / factor); resources grow by it.
  std::size_t factor = 3;
  /// 0: "exhaust" (scikit-learn's default), else the rows of the first iteration.
  std::size_t min_resources = 0;
  /// "smallest" instead of "exhaust" when min_resources is 0.
  bool smallest = false;
  /// 0: "auto", all rows.
  std::size_t max_resources = 0;
  bool aggressive_elimination = false;
  /// Seed of the row subsampling (scikit-learn's random_state; nullopt: fresh).
  std::optional<std::uint32_t> random_state{};
};

/// scikit-learn's HalvingGridSearchCV with resource='n_samples': iteration i
/// fits the remaining candidates on n_resources_[i] rows (each split's train
/// and test parts subsampled by numpy's shuffle, as _SubsampleMetaSplitter),
/// then keeps the best ceil(n / factor). Single metric; best_* come from the
/// last iteration.
template <class Model>
class HalvingGridSearchCV : public SearchResult<Model> {
 public:
  static constexpr std::string_view type_name = "HalvingGridSearchCV";
  HalvingGridSearchCV(ModelFactory<Model> make, ParameterGrid grid, SearchOptions options = {},
                      HalvingOptions halving = {})
      : make_(std::move(make)), grid_(std::move(grid)), options_(std::move(options)), halving_(halving) {
    if (halving_.factor < 2) detail::throw_parameter(type_name, "factor must be at least 2");
    if (options_.scoring.size() > 1)
      detail::throw_parameter(type_name, "successive halving supports one scoring only");
  }

  std::vector<std::size_t> n_resources_, n_candidates_;
  std::size_t n_iterations_ = 0, n_required_iterations_ = 0, n_possible_iterations_ = 0;
  std::size_t min_resources_ = 0, max_resources_ = 0, n_remaining_candidates_ = 0;

  HalvingGridSearchCV& fit(const Frame& X, const Target& y) {
    detail::SearchRunner<Model> run(make_, options_, type_name);
    run.prepare(X, y);
    std::vector<ParamSet> candidates = grid_.candidates();
    run.check_candidates(candidates);
    const std::size_t n_samples = X.rows();
    const double factor = static_cast<double>(halving_.factor);
    // _check_input_parameters
    std::size_t min_res = halving_.min_resources;
    const bool exhaust = min_res == 0 && !halving_.smallest;
    if (min_res == 0) {
      min_res = run.splits().size() * 2;
      if (run.classifier()) min_res *= distinct_count(y);
    }
    const std::size_t max_res = halving_.max_resources ? halving_.max_resources : n_samples;
    if (max_res > n_samples)
      detail::throw_parameter(type_name, "max_resources " + std::to_string(max_res) + " is above the " +
                                             std::to_string(n_samples) + " rows");
    if (min_res > max_res)
      detail::throw_parameter(type_name, "min_resources_=" + std::to_string(min_res) +
                                             " is greater than max_resources_=" + std::to_string(max_res) + ".");
    // _run_search
    const auto n_required = 1 + static_cast<std::size_t>(
                                    std::floor(std::log(static_cast<double>(candidates.size())) / std::log(factor)));
    if (exhaust) {
      std::size_t power = 1;
      for (std::size_t i = 0; i + 1 < n_required; ++i) power *= halving_.factor;
      min_res = std::max(min_res, max_res / power);
    }
    const auto n_possible =
        1 + static_cast<std::size_t>(std::floor(std::log(static_cast<double>(max_res / min_res)) / std::log(factor)));
    const std::size_t n_iter = halving_.aggressive_elimination ? n_required : std::min(n_possible, n_required);
    // The schedule first, so that progress knows the total.
    std::vector<std::size_t> resources, counts;
    {
      std::size_t n = candidates.size();
      for (std::size_t itr = 0; itr < n_iter; ++itr) {
        std::size_t power = itr;
        if (halving_.aggressive_elimination)
          power = itr + n_possible >= n_required ? itr + n_possible - n_required : 0;
        double r = static_cast<double>(min_res);
        for (std::size_t p = 0; p < power; ++p) r *= factor;
        resources.push_back(std::min(static_cast<std::size_t>(r), max_res));
        counts.push_back(n);
        n = (n + halving_.factor - 1) / halving_.factor;
      }
    }
    std::size_t total = 0;
    for (std::size_t c : counts) total += c * run.splits().size();
    std::vector<detail::SearchBlock> blocks;
    std::vector<double> iters, n_res;
    std::size_t done = 0;
    for (std::size_t itr = 0; itr < n_iter; ++itr) {
      const auto splits = subsample(run.splits(), static_cast<double>(resources[itr]) / static_cast<double>(n_samples));
      blocks.push_back(run.evaluate(candidates, splits, X, y, done, total));
      done += candidates.size() * splits.size();
      iters.insert(iters.end(), candidates.size(), static_cast<double>(itr));
      n_res.insert(n_res.end(), candidates.size(), static_cast<double>(resources[itr]));
      candidates = top_k(blocks.back(), (candidates.size() + halving_.factor - 1) / halving_.factor);
    }
    run.check_not_all_failed(blocks);
    CvResults results = run.format(blocks, &iters, &n_res);
    // _select_best_index: the best mean test score of the last iteration.
    const auto& means = results["mean_test_score"];
    const std::size_t last_begin = results.size() - blocks.back().params.size();
    std::size_t best = last_begin;
    double best_score = -std::numeric_limits<double>::infinity();
    bool any = false;
    for (std::size_t i = last_begin; i < results.size(); ++i)
      if (!std::isnan(means[i]) && (!any || means[i] > best_score)) {
        any = true;
        best_score = means[i];
        best = i;
      }
    SearchResult<Model>& res = *this;
    res = SearchResult<Model>{};
    run.finish(res, std::move(results), best, X, y);
    n_resources_ = resources;
    n_candidates_ = counts;
    n_iterations_ = n_iter;
    n_required_iterations_ = n_required;
    n_possible_iterations_ = n_possible;
    min_resources_ = min_res;
    max_resources_ = max_res;
    n_remaining_candidates_ = candidates.size();
    return *this;
  }

 private:
  static std::size_t distinct_count(const Target& y) {
    std::vector<double> v(y.data(), y.data() + y.size());
    std::sort(v.begin(), v.end());
    return static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin());
  }

  /// _SubsampleMetaSplitter: sklearn.utils.resample(idx, replace=False,
  /// n_samples=int(fraction * len(idx)), random_state) on both parts, a
  /// fresh RandomState(seed) per call as check_random_state(int) makes.
  std::vector<SplitIndices> subsample(const std::vector<SplitIndices>& base, double fraction) {
    if (!seed_) seed_ = halving_.random_state ? *halving_.random_state : std::random_device{}();
    auto part = [&](const std::vector<std::size_t>& idx) {
      detail::NumpyRandomState rng(*seed_);
      std::vector<std::size_t> order = rng.permutation(idx.size());
      const auto k = static_cast<std::size_t>(fraction * static_cast<double>(idx.size()));
      std::vector<std::size_t> out(k);
      for (std::size_t i = 0; i < k; ++i) out[i] = idx[order[i]];
      return out;
    };
    std::vector<SplitIndices> out;
    for (const auto& s : base) out.push_back({part(s.train), part(s.test)});
    return out;
  }

  /// _top_k: the k best candidates of an iteration, in increasing order of
  /// mean test score as numpy's argsort leaves them (NaN first).
  static std::vector<ParamSet> top_k(const detail::SearchBlock& b, std::size_t k) {
    std::vector<double> means;
    for (std::size_t c = 0; c < b.params.size(); ++c) {
      std::vector<double> v(b.test[0].begin() + static_cast<std::ptrdiff_t>(c * b.n_splits),
                            b.test[0].begin() + static_cast<std::ptrdiff_t>((c + 1) * b.n_splits));
      means.push_back(detail::mean_std(v).first);
    }
    std::vector<std::size_t> nan_first;
    for (std::size_t c = 0; c < means.size(); ++c)
      if (std::isnan(means[c])) nan_first.push_back(c);
    std::vector<double> finite;
    std::vector<std::size_t> where;
    for (std::size_t c = 0; c < means.size(); ++c)
      if (!std::isnan(means[c])) {
        finite.push_back(means[c]);
        where.push_back(c);
      }
    for (std::size_t i : detail::numpy_argsort(finite)) nan_first.push_back(where[i]);
    std::vector<ParamSet> out;
    for (std::size_t i = nan_first.size() - std::min(k, nan_first.size()); i < nan_first.size(); ++i)
      out.push_back(b.params[nan_first[i]]);
    return out;
  }

  ModelFactory<Model> make_;
  ParameterGrid grid_;
  SearchOptions options_;
  HalvingOptions halving_;
  std::optional<std::uint32_t> seed_{};
};

FEPIPE_NAMESPACE_END
