#pragma once
/// @file
/// DynamicPipeline: a pipeline whose steps are chosen at run time, and
/// `load_any_model`, which reads any pipeline model file of registered
/// classes into one — so a host can load, and predict with, a model it was
/// not compiled for (a new model version, another feature set) without
/// being rebuilt.
///
/// Same API and same results as Pipeline<Steps...>: the same steps give
/// bit-identical predictions, and the two write byte-identical model files,
/// so a file written by either loads into the other. The pipeline-level
/// work (input selection, records, fit bookkeeping, the checks of a loaded
/// file) is core/detail/pipeline_core.hpp's, shared with Pipeline; the
/// steps are DynamicSteps (runtime/step.hpp): one virtual call per step per
/// record, the kernels stay in the concrete classes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/pipeline_core.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/runtime/registry.hpp"
#include "fepipe/runtime/step.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A sequence of DynamicSteps fitted and applied in order: every step but
/// the last is a Transformer, the last a Transformer or an Estimator
/// (checked at construction: ParameterError naming the step).
///
/// Steps have names (given, or the type name in lower case, with "-1",
/// "-2"... when a type repeats); model files do not keep names, so a loaded
/// pipeline has the default ones.
///
/// Learns: `input_schema()`, `feature_names_out()`, as Pipeline.
///
/// Thread safety: every const member may be called from many threads at once.
class DynamicPipeline {
 public:
  static constexpr std::string_view type_name = "Pipeline";
  static constexpr std::uint32_t serial_version = 2;  // 2: the drift baseline
  /// The most steps a pipeline may have; a model file that claims more is
  /// refused before anything is built.
  static constexpr std::size_t max_steps = 1024;

  /// An empty pipeline: what load_model reads a file into.
  DynamicPipeline() = default;
  explicit DynamicPipeline(std::vector<DynamicStep> steps) {
    std::vector<std::string> names(steps.size());
    set_steps(std::move(steps), std::move(names));
  }
  DynamicPipeline(std::initializer_list<DynamicStep> steps) : DynamicPipeline(std::vector<DynamicStep>(steps)) {}
  explicit DynamicPipeline(std::vector<std::pair<std::string, DynamicStep>> named_steps) {
    std::vector<DynamicStep> steps;
    std::vector<std::string> names;
    for (auto& [name, step] : named_steps) {
      if (name.empty()) detail::throw_parameter("Pipeline", "a step name is empty");
      names.push_back(std::move(name));
      steps.push_back(std::move(step));
    }
    set_steps(std::move(steps), std::move(names));
  }
  DynamicPipeline(std::initializer_list<std::pair<std::string, DynamicStep>> named_steps)
      : DynamicPipeline(std::vector<std::pair<std::string, DynamicStep>>(named_steps)) {}

  // --- what it is ------------------------------------------------------------

  /// True when the last step is an Estimator (Pipeline::predicts).
  bool predicts() const noexcept { return predicts_; }
  /// True when the last step is a Classifier (Pipeline::classifies).
  bool classifies() const noexcept { return classifies_; }
  /// True when every step can process a single record (Pipeline::row_path).
  bool row_path() const noexcept { return row_path_; }

  // --- fit -------------------------------------------------------------------

  /// Fits every step in order (row filters also filter the target).
  DynamicPipeline& fit(const Frame& X, const Target& y) { return fit_impl(X, &y); }
  /// Fits a pipeline of transformers without a target.
  DynamicPipeline& fit(const Frame& X, const Target* y = nullptr) {
    if (predicts_ && !y)
      detail::throw_parameter("Pipeline", "the last step " + detail::quote_label(steps_.back().type_name()) +
                                              " is an estimator: fit needs a target");
    return fit_impl(X, y);
  }

  bool is_fitted() const noexcept { return core_.is_fitted(); }

  // --- apply -----------------------------------------------------------------

  /// Applies every transform (a pipeline of transformers only).
  Frame transform(Frame X) const {
    if (predicts_) lacks("the last step is an estimator: use predict, not transform");
    return transform_steps(core_.select_input(std::move(X)), steps_.size());
  }
  /// What the estimator receives for X: every transform but the last
  /// step's, after the input selection predict makes (scikit-learn's
  /// `pipe[:-1].transform(X)`); its columns are feature_names_out().
  Frame estimator_input(Frame X) const {
    require_predicts();
    return transform_steps(core_.select_input(std::move(X)), steps_.size() - 1);
  }
  /// Predictions for every row of X.
  Eigen::VectorXd predict(const Frame& X) const {
    require_predicts();
    return steps_.back().predict(transform_steps(core_.select_input(X), steps_.size() - 1));
  }
  /// The same for a frame the caller gives up (e.g. just read): when it
  /// holds exactly the input columns, in order, none is copied.
  Eigen::VectorXd predict(Frame&& X) const {
    require_predicts();
    return steps_.back().predict(transform_steps(core_.select_input(std::move(X)), steps_.size() - 1));
  }
  /// Class probabilities, one column per class.
  Eigen::MatrixXd predict_proba(const Frame& X) const {
    require_classifies();
    return steps_.back().predict_proba(transform_steps(core_.select_input(X), steps_.size() - 1));
  }
  /// The same for a frame the caller gives up (see predict).
  Eigen::MatrixXd predict_proba(Frame&& X) const {
    require_classifies();
    return steps_.back().predict_proba(transform_steps(core_.select_input(std::move(X)), steps_.size() - 1));
  }
  /// Number of classes of a classifying pipeline (predict_proba's columns).
  std::size_t n_classes() const {
    require_classifies();
    return steps_.back().n_classes();
  }

  /// Prediction for one record given in input-schema order. Allocation-free
  /// after the first call on a thread when every step supports records
  /// (`row_path()`); otherwise a one-row Frame is used.
  double predict_one(std::span<const Value> record) const { return predict_one(record, detail::thread_workspace()); }
  double predict_one(std::initializer_list<Value> record) const {
    return predict_one(std::span<const Value>(record.begin(), record.size()));
  }
  /// As above with a caller-owned workspace.
  double predict_one(std::span<const Value> record, Workspace& ws) const {
    require_predicts();
    if (!row_path_) return predict(core_.record_frame(record))[0];
    Row row = core_.prepare_row(record, ws);
    run_rows(row);
    return steps_.back().predict_row(row.cells());
  }
  /// Prediction for one record given as name → value pairs (any order;
  /// every input column must be present).
  double predict_one(std::span<const std::pair<std::string_view, Value>> named) const {
    require_predicts();
    Workspace& ws = detail::thread_workspace();
    return predict_one(core_.order_named(named, ws), ws);
  }
  double predict_one(std::initializer_list<std::pair<std::string_view, Value>> named) const {
    return predict_one(std::span<const std::pair<std::string_view, Value>>(named.begin(), named.size()));
  }

  /// Class probabilities of one record into `out` (size = n_classes()).
  void predict_proba_one(std::span<const Value> record, std::span<double> out) const {
    predict_proba_one(record, out, detail::thread_workspace());
  }
  void predict_proba_one(std::span<const Value> record, std::span<double> out, Workspace& ws) const {
    require_classifies();
    if (!row_path_ || !steps_.back().traits().row_classifier) {
      detail::PipelineCore::copy_proba(predict_proba(core_.record_frame(record)), out);
      return;
    }
    Row row = core_.prepare_row(record, ws);
    run_rows(row);
    steps_.back().predict_proba_row(row.cells(), out);
  }

  // --- access ----------------------------------------------------------------

  std::size_t size() const noexcept { return steps_.size(); }
  /// Step `i` (0-based); fepipe::Error when out of range.
  DynamicStep& step(std::size_t i) { return steps_.at(checked(i)); }
  const DynamicStep& step(std::size_t i) const { return steps_.at(checked(i)); }
  /// The step named `name`; fepipe::Error naming it when there is none.
  DynamicStep& step(std::string_view name) { return steps_[index_of(name)]; }
  const DynamicStep& step(std::string_view name) const { return steps_[index_of(name)]; }
  /// The first step of class T (Pipeline::step<T>()); fepipe::Error when none.
  template <class T>
  T& step() {
    return const_cast<T&>(std::as_const(*this).step<T>());
  }
  template <class T>
  const T& step() const {
    for (const auto& s : steps_)
      if (s.holds<T>()) return s.typed<T>();
    lacks("no step is of class " + detail::quote_label(T::type_name));
  }
  const std::string& step_name(std::size_t i) const { return names_.at(checked(i)); }
  const std::vector<std::string>& step_names() const noexcept { return names_; }

  const Schema& input_schema() const noexcept { return core_.input_schema(); }
  const std::vector<std::string>& feature_names_out() const noexcept { return core_.feature_names_out(); }
  std::size_t row_capacity() const noexcept { return core_.row_capacity(); }
  /// What the input looked like at fit, per column, for drift monitoring
  /// (fepipe/drift/); nullptr if the pipeline has none (unfitted, or loaded
  /// from a file written without one).
  const DriftBaseline* drift_baseline() const noexcept { return core_.drift_baseline(); }

  /// The steps' type names, in order (a model file's envelope lists them).
  std::vector<std::string> step_type_names() const {
    std::vector<std::string> out;
    out.reserve(steps_.size());
    for (const auto& s : steps_) out.emplace_back(s.type_name());
    return out;
  }

  // --- model files -----------------------------------------------------------

  /// Loading: builds default steps of the registered classes a file lists
  /// (model_file.hpp calls it with the envelope's list before reading the
  /// model). ModelFormatError for an empty or too long list, or a class
  /// nobody registered (naming it and how to register it).
  void adopt_step_types(const std::vector<std::string>& types) {
    if (types.empty()) detail::throw_model_format("a pipeline has no steps");
    if (types.size() > max_steps)
      detail::throw_model_format("a pipeline of " + std::to_string(types.size()) + " steps, above the limit of " +
                                 std::to_string(max_steps));
    std::vector<DynamicStep> steps;
    steps.reserve(types.size());
    for (std::size_t i = 0; i < types.size(); ++i) {
      const auto t = find_step_type(types[i]);
      if (!t)
        detail::throw_model_format("step " + std::to_string(i) + " is of type " + detail::quote_label(types[i]) +
                                   ", which is not registered: " + detail::how_to_register(types[i]));
      steps.push_back(t->make());
    }
    set_steps(std::move(steps), std::vector<std::string>(types.size()));
  }

  /// The layout of Pipeline<Steps...>::serialize, step for step.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    std::vector<std::string> types = step_type_names();
    ar(make_nvp("step_types", types));
    if constexpr (Archive::is_loading) {
      if (steps_.empty()) adopt_step_types(types);  // not through load_model: the model names its steps
      detail::PipelineCore::check_step_types(types, step_type_names());
    }
    core_.serialize(ar, version);
    for (std::size_t i = 0; i < steps_.size(); ++i) steps_[i].serialize_named(ar, keys_[i].c_str());
    if constexpr (Archive::is_loading) core_.after_load(ar.total_bytes());
  }

 private:
  void set_steps(std::vector<DynamicStep> steps, std::vector<std::string> names) {
    if (steps.empty()) detail::throw_parameter("Pipeline", "a pipeline needs at least one step");
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (!steps[i].has_value()) detail::throw_parameter("Pipeline", "step " + std::to_string(i) + " is empty");
      const StepTraits& t = steps[i].traits();
      if (i + 1 < steps.size() && !t.transformer)
        detail::throw_parameter("Pipeline", "step " + std::to_string(i) + " (" +
                                                detail::quote_label(steps[i].type_name()) +
                                                ") is not a transformer: only the last step may be an estimator");
    }
    name_steps(steps, names);
    const StepTraits& last = steps.back().traits();
    predicts_ = last.estimator;
    classifies_ = last.classifier;
    row_path_ = predicts_ && last.row_estimator;
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) row_path_ = row_path_ && steps[i].traits().row_transformer;
    keys_.clear();
    for (std::size_t i = 0; i < steps.size(); ++i) keys_.push_back(detail::pipeline_step_key(i, steps[i].type_name()));
    steps_ = std::move(steps);
    names_ = std::move(names);
    core_ = {};
  }

  /// Gives unnamed steps their type name in lower case ("-1", "-2"... for a
  /// repeated type, as scikit-learn's make_pipeline); names must be unique.
  static void name_steps(const std::vector<DynamicStep>& steps, std::vector<std::string>& names) {
    auto lower = [](std::string_view s) {
      std::string out(s);
      for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return out;
    };
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (!names[i].empty()) continue;
      const std::string base = lower(steps[i].type_name());
      std::size_t same = 0, before = 0;
      for (std::size_t j = 0; j < steps.size(); ++j)
        if (steps[j].type_name() == steps[i].type_name()) {
          ++same;
          if (j < i) ++before;
        }
      names[i] = same > 1 ? base + "-" + std::to_string(before + 1) : base;
    }
    for (std::size_t i = 0; i < names.size(); ++i)
      for (std::size_t j = i + 1; j < names.size(); ++j)
        if (names[i] == names[j])
          detail::throw_parameter("Pipeline", "two steps are named " + detail::quote_label(names[i]));
  }

  DynamicPipeline& fit_impl(const Frame& X, const Target* y) {
    if (steps_.empty()) lacks("the pipeline has no steps");
    core_.fit(X, y, [&](Frame& current, Target& target, bool has_target, std::size_t& capacity) {
      for (std::size_t i = 0; i < steps_.size(); ++i) {
        if (i + 1 == steps_.size() && predicts_)
          detail::fit_pipeline_step<true>(steps_[i], current, target, has_target, capacity);
        else
          detail::fit_pipeline_step<false>(steps_[i], current, target, has_target, capacity);
      }
    });
    return *this;
  }

  Frame transform_steps(Frame X, std::size_t count) const {
    for (std::size_t i = 0; i < count; ++i) X = steps_[i].transform(std::move(X));
    return X;
  }
  void run_rows(Row& row) const {
    for (std::size_t i = 0; i + 1 < steps_.size(); ++i) steps_[i].transform_row(row);
  }

  std::size_t checked(std::size_t i) const {
    if (i >= steps_.size())
      lacks("step " + std::to_string(i) + " is out of range (" + std::to_string(steps_.size()) + " steps)");
    return i;
  }
  std::size_t index_of(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return i;
    lacks("no step is named " + detail::quote_label(name));
  }
  void require_predicts() const {
    if (!predicts_) lacks(steps_.empty() ? "the pipeline has no steps" : "the last step is not an estimator: it does not predict");
  }
  void require_classifies() const {
    if (!classifies_) lacks(steps_.empty() ? "the pipeline has no steps" : "the last step is not a classifier");
  }
  [[noreturn]] FEPIPE_COLD static void lacks(const std::string& what) { throw Error("Pipeline", "", what); }

  std::vector<DynamicStep> steps_;
  std::vector<std::string> names_;
  std::vector<std::string> keys_;  // "<i>:<Type>", the steps' keys in a model file
  bool predicts_ = false;
  bool classifies_ = false;
  bool row_path_ = false;
  detail::PipelineCore core_;
};

/// Loads any pipeline model file (JSON or binary, as written by any
/// Pipeline<Steps...> or DynamicPipeline) whose step classes are registered
/// (runtime/registry.hpp; the built-ins by including runtime/builtins.hpp).
/// Every check of load_model applies: hostile files are ModelFormatErrors.
inline DynamicPipeline load_any_model(const std::filesystem::path& path, const LoadLimits& limits = {}) {
  return load_model<DynamicPipeline>(path, limits);
}
/// As load_any_model, from a file's bytes.
inline DynamicPipeline load_any_model_from_memory(std::string_view bytes, const LoadLimits& limits = {}) {
  DynamicPipeline model;
  load_model_from_memory(bytes, model, limits);
  return model;
}

FEPIPE_NAMESPACE_END
