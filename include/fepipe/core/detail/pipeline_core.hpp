#pragma once
/// @file
/// The step-independent half of a pipeline, shared by Pipeline<Steps...>
/// (core/pipeline.hpp) and DynamicPipeline (runtime/dynamic_pipeline.hpp):
/// what a pipeline learns about its input and output at fit, how a frame or
/// a record enters it, how each step is fitted, and the checks of a loaded
/// file. The two pipelines differ only in how they reach their steps (a
/// tuple, or a vector of type-erased steps), so a model file and every
/// error message are the same whichever wrote or raised them.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/label_index.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/drift_baseline.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Fits one step of a pipeline on `current`. The last step of a predicting
/// pipeline (`AsEstimator`) fits on (current, target) and is done. Every
/// other step fits, then transforms `current` — with the target, when there
/// is one, if the step filters rows (it has `transform_xy`) — and widens
/// `capacity` to the record width the row path needs (input plus output:
/// a step may append before it erases).
template <bool AsEstimator, class S>
void fit_pipeline_step(S& s, Frame& current, Target& target, bool has_target, std::size_t& capacity) {
  if constexpr (AsEstimator) {
    s.fit(current, std::as_const(target));
  } else {
    const std::size_t width_in = current.cols();
    s.fit(current, has_target ? &target : nullptr);
    if constexpr (requires { s.transform_xy(std::move(current), std::move(target)); }) {
      if (has_target)
        std::tie(current, target) = s.transform_xy(std::move(current), std::move(target));
      else
        current = s.transform(std::move(current));
    } else {
      current = s.transform(std::move(current));
    }
    capacity = std::max(capacity, width_in + current.cols());
  }
}

/// "<index>:<type_name>": a step's key in a pipeline's model file.
inline std::string pipeline_step_key(std::size_t index, std::string_view type_name) {
  return std::to_string(index) + ":" + std::string(type_name);
}

/// What a pipeline learns about its input and output, and everything it
/// does with them.
class PipelineCore {
 public:
  bool is_fitted() const noexcept { return fitted_; }
  const Schema& input_schema() const noexcept { return input_schema_; }
  const std::vector<std::string>& feature_names_out() const noexcept { return feature_names_out_; }
  std::size_t row_capacity() const noexcept { return row_capacity_; }
  /// The input's training distribution (fepipe/core/drift_baseline.hpp),
  /// or nullptr: unfitted, or loaded from a file written before baselines
  /// (pipeline version 1) or without one (an export from scikit-learn).
  const DriftBaseline* drift_baseline() const noexcept { return baseline_.empty() ? nullptr : &baseline_; }

  /// Fits a pipeline: checks X and y, then `fit_steps(current, target,
  /// has_target, capacity)` fits the steps in order (fit_pipeline_step),
  /// and the input schema, output names and record capacity are recorded.
  /// A failed fit leaves the pipeline unfitted.
  template <class FitSteps>
  void fit(const Frame& X, const Target* y, FitSteps&& fit_steps) {
    fitted_ = false;
    baseline_ = {};
    if (X.cols() == 0) throw_data("Pipeline", "", "the frame has no columns");
    if (X.rows() == 0) throw_data("Pipeline", "", "the frame has no rows");
    if (y && static_cast<std::size_t>(y->size()) != X.rows())
      throw_schema("Pipeline", "", "target has " + std::to_string(y->size()) + " values for " +
                                       std::to_string(X.rows()) + " rows");
    Schema schema;
    for (std::size_t i = 0; i < X.cols(); ++i)
      schema.push_back({X.name(i), X.column(i).kind(), observed_categories(X.column(i))});
    Frame current = X;
    Target target = y ? *y : Target();
    std::size_t capacity = current.cols();
    fit_steps(current, target, y != nullptr, capacity);
    if (!SkipDriftBaseline::skipped()) baseline_ = DriftBaseline::fit(X);
    input_schema_ = std::move(schema);
    feature_names_out_ = current.names();
    row_capacity_ = capacity;
    build_input_index();
    fitted_ = true;
  }

  /// The input-schema columns of X, by name and in fit order.
  Frame select_input(const Frame& X) const {
    if (!fitted_) throw_not_fitted("Pipeline");
    clear_missing_origin();  // a call starts: earlier notes no longer apply
    Frame out(X.rows());
    for (const auto& spec : input_schema_) out.add(spec.name, X.column(input_position(X, spec)));
    return out;
  }
  /// The same, from a frame the caller gives up (one read for prediction
  /// only): when it holds exactly the input columns in input-schema order,
  /// it is used as it is, and no column is copied.
  Frame select_input(Frame&& X) const {
    if (!fitted_) throw_not_fitted("Pipeline");
    clear_missing_origin();
    bool same = X.cols() == input_schema_.size();
    for (std::size_t c = 0; same && c < X.cols(); ++c) same = X.name(c) == input_schema_[c].name;
    if (!same) return select_input(static_cast<const Frame&>(X));
    for (const auto& spec : input_schema_) (void)input_position(X, spec);  // the kinds
    return std::move(X);
  }

  /// A record (input-schema order) copied into `ws` as the row the steps
  /// transform in place.
  Row prepare_row(std::span<const Value> record, Workspace& ws) const {
    clear_missing_origin();
    check_record(record);
    std::span<Value> cells = ws.cells(row_capacity_);
    for (std::size_t i = 0; i < record.size(); ++i) {
      const Value& v = record[i];
      const ColumnSpec& spec = input_schema_[i];
      if (spec.kind == Kind::numeric) {
        cells[i] = Value(cell_number(v, "Pipeline", spec.name));
      } else {
        auto label = cell_label(v, "Pipeline", spec.name);
        cells[i] = label ? Value(*label) : Value::missing();
      }
    }
    return Row(cells, record.size());
  }

  /// Reorders name → value pairs into input-schema order inside `ws`.
  std::span<const Value> order_named(std::span<const std::pair<std::string_view, Value>> named,
                                     Workspace& ws) const {
    if (!fitted_) throw_not_fitted("Pipeline");
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
      if (i < 0) throw_schema("Pipeline", name, "is not an input column of this pipeline");
      Value& slot = ordered[static_cast<std::size_t>(i)];
      if (!is_unset(slot)) throw_schema("Pipeline", name, "is given more than once in the record");
      slot = value;
    }
    for (std::size_t i = 0; i < n; ++i)
      if (is_unset(ordered[i])) throw_schema("Pipeline", input_schema_[i].name, "is missing from the record");
    return ordered;
  }

  /// A one-row Frame from a record (the path for steps without transform_row).
  Frame record_frame(std::span<const Value> record) const {
    check_record(record);
    Frame f(1);
    for (std::size_t i = 0; i < record.size(); ++i) {
      const ColumnSpec& spec = input_schema_[i];
      if (spec.kind == Kind::numeric) {
        f.add(spec.name, Column::numeric({cell_number(record[i], "Pipeline", spec.name)}));
      } else {
        auto label = cell_label(record[i], "Pipeline", spec.name);
        f.add(spec.name, label ? Column::categorical({0}, {std::string(*label)})
                               : Column::categorical({Column::missing_code}, {}));
      }
    }
    return f;
  }

  /// Row 0 of predict_proba's output into `out` (predict_proba_one without
  /// a row path).
  static void copy_proba(const Eigen::MatrixXd& p, std::span<double> out) {
    if (out.size() != static_cast<std::size_t>(p.cols()))
      throw_schema("Pipeline", "", "output span has " + std::to_string(out.size()) + " slots for " +
                                       std::to_string(p.cols()) + " classes");
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = p(0, static_cast<Eigen::Index>(k));
  }

  /// The pipeline-level fields of a model file, after "step_types".
  /// Version 2 (the pipelines' serial_version) adds the drift baseline; a
  /// version-1 file loads without one.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(make_nvp("fitted", fitted_), make_nvp("input_schema", input_schema_),
       make_nvp("feature_names_out", feature_names_out_), make_nvp("row_capacity", row_capacity_));
    if constexpr (Archive::is_loading) baseline_ = {};
    if (version >= 2) ar(make_nvp("drift_baseline", baseline_));
  }

  /// Checks the loaded fields (after the steps) and rebuilds derived state.
  void after_load(std::size_t file_bytes) {
    if (!fitted_) {
      input_index_ = {};
      if (!baseline_.empty()) throw_model_format("Pipeline: an unfitted pipeline has a drift baseline");
      return;
    }
    // A hostile file must not be able to make predict_one allocate more
    // than a small multiple of the file's own size.
    if (row_capacity_ < input_schema_.size() || row_capacity_ < feature_names_out_.size() ||
        row_capacity_ > 2 * (file_bytes + input_schema_.size()) + 16)
      throw_model_format("Pipeline: row_capacity " + std::to_string(row_capacity_) + " is inconsistent");
    if (!baseline_.empty()) baseline_.check(input_schema_);
    build_input_index();
  }

  /// Step types read from a file against the pipeline's own, naming the
  /// first that differs.
  static void check_step_types(const std::vector<std::string>& found, const std::vector<std::string>& expected) {
    for (std::size_t i = 0; i < std::max(found.size(), expected.size()); ++i) {
      const std::string f = i < found.size() ? found[i] : "(nothing)";
      const std::string e = i < expected.size() ? expected[i] : "(nothing)";
      if (f != e)
        throw_model_format("step " + std::to_string(i) + " is " + quote_label(f) +
                           " in the file, but this Pipeline type has " + quote_label(e) + " there");
    }
  }

 private:
  /// Where X holds the input column `spec`, checked present and of its kind.
  static std::size_t input_position(const Frame& X, const ColumnSpec& spec) {
    auto i = X.find(spec.name);
    if (!i) throw_schema("Pipeline", spec.name, "is missing from the input (the pipeline was fitted on it)");
    if (X.column(*i).kind() != spec.kind)
      throw_schema("Pipeline", spec.name,
                   "is " + std::string(to_string(X.column(*i).kind())) + ", it was " +
                       std::string(to_string(spec.kind)) + " at fit");
    return *i;
  }
  void check_record(std::span<const Value> record) const {
    if (!fitted_) throw_not_fitted("Pipeline");
    if (record.size() != input_schema_.size())
      throw_schema("Pipeline", "", "record has " + std::to_string(record.size()) + " values, the input has " +
                                       std::to_string(input_schema_.size()) + " columns");
  }

  void build_input_index() {
    std::vector<std::string> names = input_schema_.names();
    input_index_ = LabelIndex(std::move(names));
  }

  bool fitted_ = false;
  Schema input_schema_;
  std::vector<std::string> feature_names_out_;
  std::size_t row_capacity_ = 0;
  DriftBaseline baseline_;  // empty: none recorded
  LabelIndex input_index_;  // derived: input column name → position
};

}  // namespace detail
FEPIPE_NAMESPACE_END
