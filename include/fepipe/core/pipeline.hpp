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
#include "fepipe/core/detail/label_index.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Scratch space for single-record prediction. One per thread (or per call
/// site); reusing it makes `predict_one` allocation-free after the first call.
class Workspace {
 public:
  std::span<Value> cells(std::size_t capacity) {
    if (cells_.size() < capacity) cells_.resize(capacity);
    return {cells_.data(), capacity};
  }

 private:
  std::vector<Value> cells_;
};

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

inline Workspace& thread_workspace() {
  thread_local Workspace ws;
  return ws;
}

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
  static constexpr std::uint32_t serial_version = 1;

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

  bool is_fitted() const noexcept { return fitted_; }

  // --- apply ---------------------------------------------------------------

  /// Applies every transform (a pipeline of transformers only).
  Frame transform(Frame X) const
    requires(!predicts)
  {
    return transform_steps<n_steps>(select_input(X));
  }

  /// Predictions for every row of X (regression values, or class labels for
  /// classifiers).
  Eigen::VectorXd predict(const Frame& X) const
    requires predicts
  {
    return std::get<n_steps - 1>(steps_).predict(transform_steps<n_steps - 1>(select_input(X)));
  }

  /// Class probabilities, one column per class.
  Eigen::MatrixXd predict_proba(const Frame& X) const
    requires classifies
  {
    return std::get<n_steps - 1>(steps_).predict_proba(transform_steps<n_steps - 1>(select_input(X)));
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
      Row row = prepare_row(record, ws);
      run_rows(row, std::make_index_sequence<n_steps - 1>{});
      return std::get<n_steps - 1>(steps_).predict_row(row.cells());
    } else {
      return predict(record_frame(record))[0];
    }
  }
  /// Prediction for one record given as name → value pairs (any order;
  /// every input column must be present).
  double predict_one(std::span<const std::pair<std::string_view, Value>> named) const
    requires predicts
  {
    Workspace& ws = detail::thread_workspace();
    return predict_one(order_named(named, ws), ws);
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
      Row row = prepare_row(record, ws);
      run_rows(row, std::make_index_sequence<n_steps - 1>{});
      std::get<n_steps - 1>(steps_).predict_proba_row(row.cells(), out);
    } else {
      const Eigen::MatrixXd p = predict_proba(record_frame(record));
      if (out.size() != static_cast<std::size_t>(p.cols()))
        detail::throw_schema("Pipeline", "", "output span has " + std::to_string(out.size()) + " slots for " +
                                                 std::to_string(p.cols()) + " classes");
      for (std::size_t k = 0; k < out.size(); ++k) out[k] = p(0, static_cast<Eigen::Index>(k));
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
  const Schema& input_schema() const noexcept { return input_schema_; }
  /// Columns produced by the transformers (the estimator's inputs).
  const std::vector<std::string>& feature_names_out() const noexcept { return feature_names_out_; }
  /// Capacity a Workspace needs for predict_one.
  std::size_t row_capacity() const noexcept { return row_capacity_; }

  static std::vector<std::string> step_type_names() { return {std::string(Steps::type_name)...}; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    std::vector<std::string> types = step_type_names();
    ar(make_nvp("step_types", types));
    if constexpr (Archive::is_loading) check_step_types(types);
    ar(make_nvp("fitted", fitted_), make_nvp("input_schema", input_schema_),
       make_nvp("feature_names_out", feature_names_out_), make_nvp("row_capacity", row_capacity_));
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (ar.named(step_keys()[I].c_str(), std::get<I>(steps_)), ...);
    }(std::make_index_sequence<n_steps>{});
    if constexpr (Archive::is_loading) after_load(ar.total_bytes());
  }

 private:
  static const std::array<std::string, n_steps>& step_keys() {
    static const std::array<std::string, n_steps> keys = [] {
      std::array<std::string, n_steps> k;
      const std::array<std::string_view, n_steps> names{Steps::type_name...};
      for (std::size_t i = 0; i < n_steps; ++i) k[i] = std::to_string(i) + ":" + std::string(names[i]);
      return k;
    }();
    return keys;
  }

  static void check_step_types(const std::vector<std::string>& found) {
    const auto expected = step_type_names();
    for (std::size_t i = 0; i < std::max(found.size(), expected.size()); ++i) {
      const std::string f = i < found.size() ? found[i] : "(nothing)";
      const std::string e = i < expected.size() ? expected[i] : "(nothing)";
      if (f != e)
        detail::throw_model_format("step " + std::to_string(i) + " is " + detail::quote_label(f) +
                                   " in the file, but this Pipeline type has " + detail::quote_label(e) + " there");
    }
  }

  void after_load(std::size_t file_bytes) {
    if (!fitted_) {
      input_index_ = {};
      return;
    }
    // A hostile file must not be able to make predict_one allocate more
    // than a small multiple of the file's own size.
    if (row_capacity_ < input_schema_.size() || row_capacity_ < feature_names_out_.size() ||
        row_capacity_ > 2 * (file_bytes + input_schema_.size()) + 16)
      detail::throw_model_format("Pipeline: row_capacity " + std::to_string(row_capacity_) + " is inconsistent");
    build_input_index();
  }

  void build_input_index() {
    std::vector<std::string> names = input_schema_.names();
    input_index_ = detail::LabelIndex(std::move(names));
  }

  Pipeline& fit_impl(const Frame& X, const Target* y) {
    fitted_ = false;
    if (X.cols() == 0) detail::throw_data("Pipeline", "", "the frame has no columns");
    if (X.rows() == 0) detail::throw_data("Pipeline", "", "the frame has no rows");
    if (y && static_cast<std::size_t>(y->size()) != X.rows())
      detail::throw_schema("Pipeline", "", "target has " + std::to_string(y->size()) + " values for " +
                                               std::to_string(X.rows()) + " rows");
    Schema schema;
    for (std::size_t i = 0; i < X.cols(); ++i)
      schema.push_back({X.name(i), X.column(i).kind(), observed_categories(X.column(i))});
    Frame current = X;
    Target target = y ? *y : Target();
    std::size_t capacity = current.cols();
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (fit_step<I>(current, target, y != nullptr, capacity), ...);
    }(std::make_index_sequence<n_steps>{});
    input_schema_ = std::move(schema);
    feature_names_out_ = current.names();
    row_capacity_ = capacity;
    build_input_index();
    fitted_ = true;
    return *this;
  }

  template <std::size_t I>
  void fit_step(Frame& current, Target& target, bool has_target, std::size_t& capacity) {
    auto& s = std::get<I>(steps_);
    using S = std::remove_cvref_t<decltype(s)>;
    if constexpr (I + 1 == n_steps && Estimator<S>) {
      s.fit(current, target);
    } else {
      const std::size_t width_in = current.cols();
      s.fit(current, has_target ? &target : nullptr);
      if constexpr (I + 1 < n_steps || !predicts) {
        if constexpr (RowFilter<S>) {
          if (has_target) {
            std::tie(current, target) = s.transform_xy(std::move(current), std::move(target));
          } else {
            current = s.transform(std::move(current));
          }
        } else {
          current = s.transform(std::move(current));
        }
        capacity = std::max(capacity, width_in + current.cols());
      }
    }
  }

  /// The input-schema columns of X, by name and in fit order.
  Frame select_input(const Frame& X) const {
    if (!fitted_) detail::throw_not_fitted("Pipeline");
    Frame out(X.rows());
    for (const auto& spec : input_schema_) {
      auto i = X.find(spec.name);
      if (!i) detail::throw_schema("Pipeline", spec.name, "is missing from the input (the pipeline was fitted on it)");
      if (X.column(*i).kind() != spec.kind)
        detail::throw_schema("Pipeline", spec.name,
                             "is " + std::string(to_string(X.column(*i).kind())) + ", it was " +
                                 std::string(to_string(spec.kind)) + " at fit");
      out.add(spec.name, X.column(*i));
    }
    return out;
  }

  template <std::size_t Count>
  Frame transform_steps(Frame X) const {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((X = std::get<I>(steps_).transform(std::move(X))), ...);
    }(std::make_index_sequence<Count>{});
    return X;
  }

  Row prepare_row(std::span<const Value> record, Workspace& ws) const {
    if (!fitted_) detail::throw_not_fitted("Pipeline");
    if (record.size() != input_schema_.size())
      detail::throw_schema("Pipeline", "", "record has " + std::to_string(record.size()) + " values, the input has " +
                                               std::to_string(input_schema_.size()) + " columns");
    std::span<Value> cells = ws.cells(row_capacity_);
    for (std::size_t i = 0; i < record.size(); ++i) {
      const Value& v = record[i];
      const ColumnSpec& spec = input_schema_[i];
      if (spec.kind == Kind::numeric) {
        cells[i] = Value(detail::cell_number(v, "Pipeline", spec.name));
      } else {
        auto label = detail::cell_label(v, "Pipeline", spec.name);
        cells[i] = label ? Value(*label) : Value::missing();
      }
    }
    return Row(cells, record.size());
  }

  template <std::size_t... I>
  void run_rows(Row& row, std::index_sequence<I...>) const {
    (std::get<I>(steps_).transform_row(row), ...);
  }

  /// Reorders name → value pairs into input-schema order inside `ws`.
  std::span<const Value> order_named(std::span<const std::pair<std::string_view, Value>> named,
                                     Workspace& ws) const {
    if (!fitted_) detail::throw_not_fitted("Pipeline");
    const std::size_t n = input_schema_.size();
    // The ordered record lives after the row buffer so both fit in one workspace.
    std::span<Value> all = ws.cells(row_capacity_ + n);
    std::span<Value> ordered = all.subspan(row_capacity_, n);
    // An empty label at a private address marks "not given yet", so a column
    // given twice, or one left out, is caught without extra storage.
    static constexpr char unset_mark = 0;
    const Value unset(std::string_view(&unset_mark, 0));
    auto is_unset = [&](const Value& v) { return v.is_label() && v.label().data() == &unset_mark; };
    for (auto& v : ordered) v = unset;
    for (const auto& [name, value] : named) {
      const std::int32_t i = input_index_.find(name);
      if (i < 0) detail::throw_schema("Pipeline", name, "is not an input column of this pipeline");
      Value& slot = ordered[static_cast<std::size_t>(i)];
      if (!is_unset(slot)) detail::throw_schema("Pipeline", name, "is given more than once in the record");
      slot = value;
    }
    for (std::size_t i = 0; i < n; ++i)
      if (is_unset(ordered[i])) detail::throw_schema("Pipeline", input_schema_[i].name, "is missing from the record");
    return ordered;
  }

  /// A one-row Frame from a record (the path for steps without transform_row).
  Frame record_frame(std::span<const Value> record) const {
    if (!fitted_) detail::throw_not_fitted("Pipeline");
    if (record.size() != input_schema_.size())
      detail::throw_schema("Pipeline", "", "record has " + std::to_string(record.size()) + " values, the input has " +
                                               std::to_string(input_schema_.size()) + " columns");
    Frame f(1);
    for (std::size_t i = 0; i < record.size(); ++i) {
      const ColumnSpec& spec = input_schema_[i];
      if (spec.kind == Kind::numeric) {
        f.add(spec.name, Column::numeric({detail::cell_number(record[i], "Pipeline", spec.name)}));
      } else {
        auto label = detail::cell_label(record[i], "Pipeline", spec.name);
        f.add(spec.name, label ? Column::categorical({0}, {std::string(*label)})
                               : Column::categorical({Column::missing_code}, {}));
      }
    }
    return f;
  }

  Tuple steps_;
  bool fitted_ = false;
  Schema input_schema_;
  std::vector<std::string> feature_names_out_;
  std::size_t row_capacity_ = 0;
  detail::LabelIndex input_index_;  // derived: input column name → position
};

template <class... Steps>
Pipeline(Steps...) -> Pipeline<Steps...>;

FEPIPE_NAMESPACE_END
