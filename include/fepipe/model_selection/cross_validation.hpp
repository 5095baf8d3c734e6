#pragma once
/// @file
/// cross_validate and cross_val_score (scikit-learn 1.2.1's) for any model
/// with `fit(Frame, Target)` and `predict(Frame)`: a compile-time
/// Pipeline<Steps...>, a DynamicPipeline, or a single estimator.
///
/// Each fold fits a copy of the unfitted prototype (copying an unfitted
/// model is scikit-learn's clone: Pipeline copies its steps, DynamicPipeline
/// clones each DynamicStep) on the fold's train rows and scores it on the
/// test rows. Folds run on `n_threads` std::threads; each fold's result is
/// stored at its index, so results do not depend on the thread count. A
/// model's own fit stays single-threaded unless its options ask otherwise.
///
/// Scorers come from metrics/scorers.hpp (scikit-learn's names). Scorers on
/// probabilities or decision scores read the positive class's column of
/// `predict_proba` (fepipe's classifiers have no decision_function; the
/// ranking metrics, roc_auc and average_precision, give the same value on
/// either since the logistic function is increasing).

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/drift_baseline.hpp"  // SkipDriftBaseline
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/metrics/scorers.hpp"
#include "fepipe/model_selection/k_fold.hpp"
#include "fepipe/model_selection/train_test_split.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What a failed fit or score gives (scikit-learn's error_score).
enum class ErrorScore : std::uint8_t {
  raise,  ///< rethrow, naming the fold (scikit-learn's error_score="raise")
  nan     ///< that fold's scores are NaN (error_score=np.nan), the error is kept
};
constexpr std::array<std::string_view, 2> enum_names(ErrorScore) { return {"raise", "nan"}; }

struct CrossValidateOptions {
  /// Threads fitting folds at once (1: the caller's thread only).
  std::size_t n_threads = 1;
  bool return_train_score = false;
  bool return_estimator = false;
  ErrorScore error_score = ErrorScore::raise;
};

/// scikit-learn's cross_validate dict: `test_<scorer>` (and `train_<scorer>`)
/// per fold, in the scorers' order; fit_time and score_time in seconds (wall).
template <class Model>
struct CrossValidateResult {
  std::vector<double> fit_time, score_time;
  /// ("test_<scorer>", per-fold scores), then ("train_<scorer>", ...) with return_train_score.
  std::vector<std::pair<std::string, std::vector<double>>> scores;
  /// The fitted models, one per fold, with return_estimator.
  std::vector<Model> estimator;
  /// Messages of failed folds with error_score=nan ("" for folds that worked).
  std::vector<std::string> fold_errors;

  /// scores by key ("test_r2", "train_accuracy"); Error naming the keys if absent.
  const std::vector<double>& operator[](std::string_view key) const {
    std::string keys;
    for (const auto& [k, v] : scores) {
      if (k == key) return v;
      keys += (keys.empty() ? "" : ", ") + k;
    }
    throw Error("cross_validate", "", "no result '" + std::string(key) + "'; keys: " + keys);
  }
};

namespace detail {

/// Runs task(i) for i in [0, n) on up to n_threads threads (the caller's
/// thread is one of them). Every task runs even if some throw; the errors
/// are returned by index (nullptr where the task succeeded).
template <class Task>
std::vector<std::exception_ptr> parallel_tasks(std::size_t n, std::size_t n_threads, Task&& task) {
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        task(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const std::size_t extra = std::min(n_threads == 0 ? std::size_t{1} : n_threads, n) - (n ? 1 : 0);
  std::vector<std::thread> threads;
  threads.reserve(extra);
  for (std::size_t t = 0; t < extra; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return errors;
}

inline std::string exception_message(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown exception";
  }
}

/// Rethrows `e` as the same fepipe error kind with `prefix` before its message.
[[noreturn]] inline void rethrow_with_context(const std::exception_ptr& e, const std::string& prefix) {
  try {
    std::rethrow_exception(e);
  } catch (const ParameterError& x) {
    throw ParameterError(prefix + x.what());
  } catch (const SchemaError& x) {
    throw SchemaError(prefix + x.what());
  } catch (const DataError& x) {
    throw DataError(prefix + x.what());
  } catch (const UnseenCategoryError& x) {
    throw UnseenCategoryError(prefix + x.what());
  } catch (const NotFittedError& x) {
    throw NotFittedError(prefix + x.what());
  } catch (const std::exception& x) {
    throw Error(prefix + x.what());
  }
}

template <class M>
bool model_classifies(const M& m) {
  if constexpr (requires { m.classifies(); })
    return m.classifies();
  else if constexpr (requires { M::classifies; })
    return M::classifies;
  else if constexpr (requires { m.n_classes(); })
    return true;
  else
    return false;
}

/// `scorer(model, X, y)` as scikit-learn's scorer objects call the model.
template <class M>
double score_model(const Scorer& scorer, const M& model, const Frame& X, const Target& y) {
  if (scorer.input == ScorerInput::prediction) return scorer(y, model.predict(X));
  if constexpr (requires { model.predict_proba(X); }) {
    if (model_classifies(model)) {
      const Eigen::MatrixXd proba = model.predict_proba(X);
      if (proba.cols() != 2)
        throw_parameter(std::string("scoring '") + std::string(scorer.name) + "'",
                        "needs a binary classifier, got " + std::to_string(proba.cols()) + " classes");
      return scorer(y, proba.col(1));
    }
  }
  throw_parameter(std::string("scoring '") + std::string(scorer.name) + "'",
                  "needs a classifier's predict_proba; the model does not classify");
}

inline std::vector<const Scorer*> resolve_scorers(const std::vector<std::string>& names) {
  if (names.empty()) throw_parameter("cross_validate", "no scoring given");
  std::vector<const Scorer*> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j)
      if (names[j] == names[i]) throw_parameter("cross_validate", "scoring '" + names[i] + "' is given twice");
    out.push_back(&get_scorer(names[i]));
  }
  return out;
}

/// What one fit-and-score gives.
template <class Model>
struct FoldOutcome {
  double fit_time = 0, score_time = 0;
  std::vector<double> test, train;
  std::optional<Model> estimator;
  std::exception_ptr error;
  bool fit_failed = false;  // the error came from fit (scikit-learn counts those)
};

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Fits `model` on the split's train rows and scores it (scikit-learn's
/// _fit_and_score). A failed fit gives NaN for every score; a scorer that
/// fails gives NaN for itself only (scikit-learn 1.2.1's multimetric
/// scoring with a numeric error_score). The first error is kept.
template <class Model>
FoldOutcome<Model> fit_and_score(Model model, const Frame& X, const Target& y, const SplitIndices& split,
                                 const std::vector<const Scorer*>& scorers, bool train_score, bool keep) {
  FoldOutcome<Model> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.test.assign(scorers.size(), nan);
  if (train_score) out.train.assign(scorers.size(), nan);
  const auto t0 = std::chrono::steady_clock::now();
  Frame X_train;
  Target y_train;
  try {
    X_train = X.take_rows(split.train);
    y_train = ::fepipe::take_rows(y, split.train);
    // A fold's model is scored and dropped: no drift baseline, unless kept.
    std::optional<SkipDriftBaseline> no_baseline;
    if (!keep) no_baseline.emplace();
    model.fit(X_train, y_train);
  } catch (...) {
    out.fit_time = seconds_since(t0);
    out.fit_failed = true;
    out.error = std::current_exception();
    return out;
  }
  out.fit_time = seconds_since(t0);
  auto score_all = [&](const Frame& Xs, const Target& ys, std::vector<double>& into) {
    for (std::size_t s = 0; s < scorers.size(); ++s) {
      try {
        into[s] = score_model(*scorers[s], model, Xs, ys);
      } catch (...) {
        if (!out.error) out.error = std::current_exception();
      }
    }
  };
  const auto t1 = std::chrono::steady_clock::now();
  score_all(X.take_rows(split.test), ::fepipe::take_rows(y, split.test), out.test);
  out.score_time = seconds_since(t1);
  if (train_score) score_all(X_train, y_train, out.train);
  if (keep) out.estimator.emplace(std::move(model));
  return out;
}

inline bool integral_labels(const Target& y) {
  for (Eigen::Index i = 0; i < y.size(); ++i)
    if (!std::isfinite(y[i]) || y[i] != std::floor(y[i])) return false;
  return true;
}

inline void check_rows(std::string_view where, const Frame& X, const Target& y) {
  if (static_cast<std::size_t>(y.size()) != X.rows())
    throw_schema(where, "", "target has " + std::to_string(y.size()) + " values for " + std::to_string(X.rows()) +
                                " rows");
}

inline void check_splits(std::string_view where, const std::vector<SplitIndices>& splits, std::size_t n) {
  if (splits.empty()) throw_parameter(where, "cv gives no splits");
  for (std::size_t f = 0; f < splits.size(); ++f) {
    if (splits[f].train.empty() || splits[f].test.empty())
      throw_parameter(where, "split " + std::to_string(f) + " has an empty train or test part");
    for (const auto* part : {&splits[f].train, &splits[f].test})
      for (std::size_t r : *part)
        if (r >= n)
          throw_parameter(where, "split " + std::to_string(f) + " names row " + std::to_string(r) + " of " +
                                     std::to_string(n));
  }
}

}  // namespace detail

/// scikit-learn's check_cv(cv=int, y, classifier): StratifiedKFold(n_splits)
/// for a classifier whose target is binary or multiclass (integral labels),
/// KFold(n_splits) otherwise; neither shuffles.
inline std::vector<SplitIndices> check_cv(std::size_t n_splits, const Target& y, bool classifier) {
  if (classifier && detail::integral_labels(y)) return StratifiedKFold({.n_splits = n_splits}).split(y);
  return KFold({.n_splits = n_splits}).split(static_cast<std::size_t>(y.size()));
}

namespace detail {

/// The model a cross_validate argument stands for: itself, or what it
/// returns when it is a factory callable with no arguments.
template <class M>
using cv_model_t =
    typename std::conditional_t<std::is_invocable_v<const M&>, std::invoke_result<const M&>, std::type_identity<M>>::type;

template <class M>
cv_model_t<M> make_model(const M& prototype_or_make) {
  if constexpr (std::is_invocable_v<const M&>)
    return prototype_or_make();
  else
    return prototype_or_make;
}

}  // namespace detail

/// scikit-learn's cross_validate(estimator, X, y, cv=splits, scoring=names).
/// `prototype_or_make` is an unfitted model, copied per fold (never fitted
/// itself), or a factory `[] { return model; }` called once per fold (from
/// the fold's thread).
template <class M>
CrossValidateResult<detail::cv_model_t<M>> cross_validate(const M& prototype_or_make, const Frame& X, const Target& y,
                                                          const std::vector<SplitIndices>& splits,
                                                          const std::vector<std::string>& scoring,
                                                          const CrossValidateOptions& options = {}) {
  using Model = detail::cv_model_t<M>;
  static_assert(std::is_copy_constructible_v<M>, "cross_validate copies the unfitted prototype per fold");
  detail::check_rows("cross_validate", X, y);
  detail::check_splits("cross_validate", splits, X.rows());
  const auto scorers = detail::resolve_scorers(scoring);
  std::vector<detail::FoldOutcome<Model>> outcomes(splits.size());
  detail::parallel_tasks(splits.size(), options.n_threads, [&](std::size_t f) {
    outcomes[f] = detail::fit_and_score<Model>(detail::make_model(prototype_or_make), X, y, splits[f], scorers,
                                               options.return_train_score, options.return_estimator);
  });
  CrossValidateResult<Model> r;
  for (std::size_t f = 0; f < outcomes.size(); ++f)
    if (outcomes[f].error && options.error_score == ErrorScore::raise)
      detail::rethrow_with_context(outcomes[f].error, "cross_validate: fold " + std::to_string(f) + " of " +
                                                          std::to_string(splits.size()) + ": ");
  // scikit-learn's _warn_or_raise_about_fit_failures: every fit failed.
  if (std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.fit_failed; }))
    detail::throw_parameter("cross_validate", "All the " + std::to_string(outcomes.size()) +
                                                  " fits failed; the first error: " +
                                                  detail::exception_message(outcomes.front().error));
  for (const auto& o : outcomes) {
    r.fit_time.push_back(o.fit_time);
    r.score_time.push_back(o.score_time);
    r.fold_errors.push_back(o.error ? detail::exception_message(o.error) : std::string());
  }
  for (std::size_t s = 0; s < scorers.size(); ++s) {
    std::vector<double> v;
    for (const auto& o : outcomes) v.push_back(o.test[s]);
    r.scores.emplace_back("test_" + scoring[s], std::move(v));
  }
  if (options.return_train_score)
    for (std::size_t s = 0; s < scorers.size(); ++s) {
      std::vector<double> v;
      for (const auto& o : outcomes) v.push_back(o.train[s]);
      r.scores.emplace_back("train_" + scoring[s], std::move(v));
    }
  if (options.return_estimator)
    for (auto& o : outcomes)
      if (o.estimator) r.estimator.push_back(std::move(*o.estimator));
  return r;
}

/// cross_validate with cv=n_splits (check_cv: StratifiedKFold for a
/// classifier, KFold otherwise).
template <class M>
CrossValidateResult<detail::cv_model_t<M>> cross_validate(const M& prototype_or_make, const Frame& X, const Target& y,
                                                          std::size_t n_splits, const std::vector<std::string>& scoring,
                                                          const CrossValidateOptions& options = {}) {
  detail::check_rows("cross_validate", X, y);
  const bool classifier = detail::model_classifies(detail::make_model(prototype_or_make));
  return cross_validate(prototype_or_make, X, y, check_cv(n_splits, y, classifier), scoring, options);
}

/// scikit-learn's cross_val_score: one scorer's test scores per fold.
template <class Model, class Cv>
std::vector<double> cross_val_score(const Model& prototype, const Frame& X, const Target& y, const Cv& cv,
                                    const std::string& scoring, const CrossValidateOptions& options = {}) {
  CrossValidateOptions o = options;
  o.return_estimator = false;
  o.return_train_score = false;
  return cross_validate(prototype, X, y, cv, std::vector<std::string>{scoring}, o).scores.front().second;
}

FEPIPE_NAMESPACE_END
