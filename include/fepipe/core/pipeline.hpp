#pragma once
/// @file
/// Pipeline<Steps...>: a compile-time chain of transformers, optionally
/// ending in an estimator. Step loops are fold expressions over a tuple, so a
/// fitted pipeline is as direct to call as hand-written code.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/pipeline_core.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

// Each check is its own template so the compiler's "in instantiation of
// PipelineStepCheck<I, T>" line names the offending step index and type.
template <std::size_t I, class T>
struct PipelineStepCheck {
  static_assert(Transformer<T>,
                "fepipe::Pipeline: every step except the last must model fepipe::Transformer "
                "(fit(const Frame&, const Target*) -> T&, transform(Frame) const -> Frame, is_fitted(), "
                "type_name, serial_version, serialize); see the step index I and type T of this instantiation");
  static constexpr bool ok = true;
};
template <std::size_t I, class T>
struct PipelineLastStepCheck {
  static_assert(Transformer<T> || Estimator<T>,
                "fepipe::Pipeline: the last step must model fepipe::Transformer or fepipe::Estimator "
                "(fit(const Frame&, const Target&) -> T&, predict(const Frame&) const -> Eigen::VectorXd, "
                "is_fitted(), type_name, serial_version, serialize); see the type T of this instantiation");
  static constexpr bool ok = true;
};

}  // namespace detail

/// A sequence of steps fitted and applied in order.
///
/// Every step but the last is a Transformer; the last is a Transformer or an
/// Estimator. `fit` runs each step's fit on the output of the previous one
/// (row-filtering steps also filter the target). Prediction re-applies the
/// fitted transforms and the estimator.
///
/// Learns: `input_schema()` (the input columns, kinds and categories seen at
/// fit; prediction selects these columns by name, extra columns are ignored),
/// `feature_names_out()` (the columns reaching the last step).
///
/// Thread safety: every const member may be called from many threads at once.
template <class... Steps>
class Pipeline {
  static_assert(sizeof...(Steps) >= 1, "fepipe::Pipeline needs at least one step");
  static constexpr std::size_t n_steps = sizeof...(Steps);
  using Tuple = std::tuple<Steps...>;
  using Last = std::tuple_element_t<n_steps - 1, Tuple>;

  template <std::size_t... I>
  static constexpr bool check_steps(std::index_sequence<I...>) {
    // std::conditional_t names both checks but instantiates only the chosen one.
    return (std::conditional_t<I + 1 == n_steps, detail::PipelineLastStepCheck<I, std::tuple_element_t<I, Tuple>>,
                               detail::PipelineStepCheck<I, std::tuple_element_t<I, Tuple>>>::ok &&
            ...);
  }
  static_assert(check_steps(std::make_index_sequence<n_steps>{}));

 public:
  /// True when the last step is an Estimator (the pipeline predicts).
  static constexpr bool predicts = Estimator<Last>;
  static constexpr bool classifies = Classifier<Last>;
  /// True when every step can process a single record without a Frame.
  static constexpr bool row_path = []<std::size_t... I>(std::index_sequence<I...>) {
    return ((I + 1 == n_steps ? (predicts ? RowEstimator<Last> : false) : RowTransformer<std::tuple_element_t<I, Tuple>>) &&
            ...);
  }(std::make_index_sequence<n_steps>{});

  static constexpr std::string_view type_name = "Pipeline";
  static constexpr std::uint32_t serial_version = 2;  // 2: the drift baseline

  Pipeline() = default;
  explicit Pipeline(Steps... steps) : steps_(std::move(steps)...) {}

  // --- fit -----------------------------------------------------------------

  /// Fits every step in order. X may contain extra columns only if the first
  /// step selects its variables explicitly; the input schema is all of X.
  Pipeline& fit(const Frame& X, const Target& y) { return fit_impl(X, &y); }
  /// Fits a pipeline of transformers without a target.
  Pipeline& fit(const Frame& X, const Target* y = nullptr)
    requires(!predicts)
  {
    return fit_impl(X, y);
  }

  bool is_fitted() const noexcept { return core_.is_fitted(); }

  // --- apply ---------------------------------------------------------------

  /// Applies every transform (a pipeline of transformers only).
  Frame transform(Frame X) const
    requires(!predicts)
  {
    return transform_steps<n_steps>(core_.select_input(std::move(X)));
  }

  /// What the estimator receives for X: every transform but the last
  /// step's, after the input selection predict makes (scikit-learn's
  /// `pipe[:-1].transform(X)`); its columns are feature_names_out().
  Frame estimator_input(Frame X) const
    requires predicts
  {
    return transform_steps<n_steps - 1>(core_.select_input(std::move(X)));
  }

  /// Predictions for every row of X (regression values, or class labels for
  /// classifiers).
  Eigen::VectorXd predict(const Frame& X) const
    requires predicts
  {
    return std::get<n_steps - 1>(steps_).predict(transform_steps<n_steps - 1>(core_.select_input(X)));
  }
  /// The same for a frame the caller gives up (e.g. just read): when it
  /// holds exactly the input columns, in order, none is copied.
  Eigen::VectorXd predict(Frame&& X) const
    requires predicts
  {
    return std::get<n_steps - 1>(steps_).predict(transform_steps<n_steps - 1>(core_.select_input(std::move(X))));
  }

  /// Class probabilities, one column per class.
  Eigen::MatrixXd predict_proba(const Frame& X) const
    requires classifies
  {
    return std::get<n_steps - 1>(steps_).predict_proba(transform_steps<n_steps - 1>(core_.select_input(X)));
  }
  /// The same for a frame the caller gives up (see predict).
  Eigen::MatrixXd predict_proba(Frame&& X) const
    requires classifies
  {
    return std::get<n_steps - 1>(steps_).predict_proba(
        transform_steps<n_steps - 1>(core_.select_input(std::move(X))));
  }

  /// Prediction for one record given in input-schema order. Allocation-free
  /// after the first call on a thread when every step supports records
  /// (`row_path`); otherwise a one-row Frame is used.
  double predict_one(std::span<const Value> record) const
    requires predicts
  {
    return predict_one(record, detail::thread_workspace());
  }
  double predict_one(std::initializer_list<Value> record) const
    requires predicts
  {
    return predict_one(std::span<const Value>(record.begin(), record.size()));
  }
  /// As above with a caller-owned workspace.
  double predict_one(std::span<const Value> record, Workspace& ws) const
    requires predicts
  {
    if constexpr (row_path) {
      Row row = core_.prepare_row(record, ws);
      run_rows(row, std::make_index_sequence<n_steps - 1>{});
      return std::get<n_steps - 1>(steps_).predict_row(row.cells());
    } else {
      return predict(core_.record_frame(record))[0];
    }
  }
  /// Prediction for one record given as name → value pairs (any order;
  /// every input column must be present).
  double predict_one(std::span<const std::pair<std::string_view, Value>> named) const
    requires predicts
  {
    Workspace& ws = detail::thread_workspace();
    return predict_one(core_.order_named(named, ws), ws);
  }
  double predict_one(std::initializer_list<std::pair<std::string_view, Value>> named) const
    requires predicts
  {
    return predict_one(std::span<const std::pair<std::string_view, Value>>(named.begin(), named.size()));
  }

  /// Class probabilities of one record into `out` (size = number of classes).
  void predict_proba_one(std::span<const Value> record, std::span<double> out) const
    requires classifies
  {
    predict_proba_one(record, out, detail::thread_workspace());
  }
  void predict_proba_one(std::span<const Value> record, std::span<double> out, Workspace& ws) const
    requires classifies
  {
    if constexpr (row_path && RowClassifier<Last>) {
      Row row = core_.prepare_row(record, ws);
      run_rows(row, std::make_index_sequence<n_steps - 1>{});
      std::get<n_steps - 1>(steps_).predict_proba_row(row.cells(), out);
    } else {
      detail::PipelineCore::copy_proba(predict_proba(core_.record_frame(record)), out);
    }
  }

  // --- access --------------------------------------------------------------

  template <std::size_t I>
  auto& step() noexcept {
    return std::get<I>(steps_);
  }
  template <std::size_t I>
  const auto& step() const noexcept {
    return std::get<I>(steps_);
  }
  template <class T>
  T& step() noexcept {
    return std::get<T>(steps_);
  }
  template <class T>
  const T& step() const noexcept {
    return std::get<T>(steps_);
  }
  static constexpr std::size_t size() noexcept { return n_steps; }

  /// Input columns (names, kinds, categories seen at fit), in fit order.
  const Schema& input_schema() const noexcept { return core_.input_schema(); }
  /// Columns produced by the transformers (the estimator's inputs).
  const std::vector<std::string>& feature_names_out() const noexcept { return core_.feature_names_out(); }
  /// Capacity a Workspace needs for predict_one.
  std::size_t row_capacity() const noexcept { return core_.row_capacity(); }
  /// What the input looked like at fit, per column, for drift monitoring
  /// (fepipe/drift/); nullptr if the pipeline has none (unfitted, or loaded
  /// from a file written without one).
  const DriftBaseline* drift_baseline() const noexcept { return core_.drift_baseline(); }

  static std::vector<std::string> step_type_names() { return {std::string(Steps::type_name)...}; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    std::vector<std::string> types = step_type_names();
    ar(make_nvp("step_types", types));
    if constexpr (Archive::is_loading) detail::PipelineCore::check_step_types(types, step_type_names());
    core_.serialize(ar, version);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (ar.named(step_keys()[I].c_str(), std::get<I>(steps_)), ...);
    }(std::make_index_sequence<n_steps>{});
    if constexpr (Archive::is_loading) core_.after_load(ar.total_bytes());
  }

 private:
  static const std::array<std::string, n_steps>& step_keys() {
    static const std::array<std::string, n_steps> keys = [] {
      std::array<std::string, n_steps> k;
      const std::array<std::string_view, n_steps> names{Steps::type_name...};
      for (std::size_t i = 0; i < n_steps; ++i) k[i] = detail::pipeline_step_key(i, names[i]);
      return k;
    }();
    return keys;
  }

  Pipeline& fit_impl(const Frame& X, const Target* y) {
    core_.fit(X, y, [&](Frame& current, Target& target, bool has_target, std::size_t& capacity) {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (detail::fit_pipeline_step<I + 1 == n_steps && Estimator<std::tuple_element_t<I, Tuple>>>(
             std::get<I>(steps_), current, target, has_target, capacity),
         ...);
      }(std::make_index_sequence<n_steps>{});
    });
    return *this;
  }

  template <std::size_t Count>
  Frame transform_steps(Frame X) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((X = std::get<I>(steps_).transform(std::move(X))), ...);
    }(std::make_index_sequence<Count>{});
    return X;
  }

  template <std::size_t... I>
  void run_rows(Row& row, std::index_sequence<I...>) const {
    (std::get<I>(steps_).transform_row(row), ...);
  }

  Tuple steps_;
  detail::PipelineCore core_;  // input schema, output names, record capacity
};

template <class... Steps>
Pipeline(Steps...) -> Pipeline<Steps...>;

FEPIPE_NAMESPACE_END
