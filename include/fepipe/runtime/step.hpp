#pragma once
/// @file
/// DynamicStep: any pipeline step — built in or written by a user — behind
/// one small virtual interface, for pipelines composed at run time (a model
/// file read by a host that was not compiled with its Pipeline<Steps...>
/// type, see runtime/dynamic_pipeline.hpp).
///
/// The erasure is one virtual call per operation: `transform_row` and
/// `predict_row` of a record cost one indirect call into the concrete
/// class, whose kernel stays inlined and allocation-free. Everything a
/// concrete class does (its checks, its errors, its model-file layout) is
/// unchanged: the wrapper forwards, it never re-implements.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/io/detail/archive.hpp"

FEPIPE_NAMESPACE_BEGIN

/// The four archives model files are written and read with
/// (io/model_file.hpp): a step saves and loads itself against each.
using JsonSaveArchive = detail::SaveArchive<cereal::JSONOutputArchive>;
using BinarySaveArchive = detail::SaveArchive<cereal::PortableBinaryOutputArchive>;
using JsonLoadArchive = detail::LoadArchive<cereal::JSONInputArchive>;
using BinaryLoadArchive = detail::LoadArchive<cereal::PortableBinaryInputArchive>;

/// A class a DynamicStep can hold: a Transformer or an Estimator.
template <class T>
concept PipelineStep = Transformer<T> || Estimator<T>;

/// Which contracts of core/concepts.hpp a step's class models, known at run
/// time (a pipeline checks its composition and chooses its paths with them).
struct StepTraits {
  bool transformer = false;      ///< Transformer: fit(X, y*), transform
  bool estimator = false;        ///< Estimator: fit(X, y), predict
  bool classifier = false;       ///< Classifier: predict_proba, n_classes
  bool row_filter = false;       ///< RowFilter: transform_xy (drops rows at fit)
  bool row_transformer = false;  ///< RowTransformer: transform_row
  bool row_estimator = false;    ///< RowEstimator: predict_row
  bool row_classifier = false;   ///< RowClassifier: predict_proba_row
  bool feature_names = false;    ///< has feature_names_out()

  template <class T>
  static constexpr StepTraits of() noexcept {
    StepTraits t;
    t.transformer = Transformer<T>;
    t.estimator = Estimator<T>;
    t.classifier = Classifier<T>;
    t.row_filter = RowFilter<T>;
    t.row_transformer = RowTransformer<T>;
    t.row_estimator = RowEstimator<T>;
    t.row_classifier = RowClassifier<T>;
    t.feature_names = requires(const T& c) { c.feature_names_out(); };
    return t;
  }
};

namespace detail {

[[noreturn]] FEPIPE_COLD inline void throw_step_lacks(std::string_view step, std::string_view what) {
  throw Error(std::string(step), "", std::string(what));
}

/// The virtual interface; StepModel<T> implements it once for every class.
class StepConcept {
 public:
  virtual ~StepConcept() = default;
  virtual std::string_view type_name() const noexcept = 0;
  virtual std::uint32_t serial_version() const noexcept = 0;
  virtual const StepTraits& traits() const noexcept = 0;
  virtual std::unique_ptr<StepConcept> clone() const = 0;

  virtual void fit(const Frame& X, const Target* y) = 0;
  virtual void fit(const Frame& X, const Target& y) = 0;
  virtual Frame transform(Frame X) const = 0;
  virtual std::pair<Frame, Target> transform_xy(Frame X, Target y) const = 0;
  virtual void transform_row(Row& row) const = 0;
  virtual Eigen::VectorXd predict(const Frame& X) const = 0;
  virtual Eigen::MatrixXd predict_proba(const Frame& X) const = 0;
  virtual double predict_row(std::span<const Value> row) const = 0;
  virtual void predict_proba_row(std::span<const Value> row, std::span<double> out) const = 0;
  virtual std::size_t n_classes() const = 0;
  virtual bool is_fitted() const = 0;
  virtual std::vector<std::string> feature_names_out() const = 0;

  virtual void save(JsonSaveArchive& ar, const char* name) const = 0;
  virtual void save(BinarySaveArchive& ar, const char* name) const = 0;
  virtual void load(JsonLoadArchive& ar, const char* name) = 0;
  virtual void load(BinaryLoadArchive& ar, const char* name) = 0;
};

template <class T>
class StepModel final : public StepConcept {
  static constexpr StepTraits traits_ = StepTraits::of<T>();

 public:
  explicit StepModel(T step) : step_(std::move(step)) {}

  std::string_view type_name() const noexcept override { return T::type_name; }
  std::uint32_t serial_version() const noexcept override { return static_cast<std::uint32_t>(T::serial_version); }
  const StepTraits& traits() const noexcept override { return traits_; }
  std::unique_ptr<StepConcept> clone() const override { return std::make_unique<StepModel>(step_); }

  void fit(const Frame& X, const Target* y) override {
    if constexpr (Transformer<T>) {
      step_.fit(X, y);
    } else {
      if (!y) throw_step_lacks(T::type_name, "is an estimator: fit needs a target");
      step_.fit(X, *y);
    }
  }
  void fit(const Frame& X, const Target& y) override {
    if constexpr (Estimator<T>)
      step_.fit(X, y);
    else
      step_.fit(X, &y);
  }
  Frame transform(Frame X) const override {
    if constexpr (Transformer<T>)
      return step_.transform(std::move(X));
    else
      throw_step_lacks(T::type_name, "is an estimator: it has no transform");
  }
  std::pair<Frame, Target> transform_xy(Frame X, Target y) const override {
    if constexpr (RowFilter<T>)
      return step_.transform_xy(std::move(X), std::move(y));
    else
      return {transform(std::move(X)), std::move(y)};
  }
  void transform_row(Row& row) const override {
    if constexpr (RowTransformer<T>)
      step_.transform_row(row);
    else
      throw_step_lacks(T::type_name, "has no transform_row: it cannot transform a single record");
  }
  Eigen::VectorXd predict(const Frame& X) const override {
    if constexpr (Estimator<T>)
      return step_.predict(X);
    else
      throw_step_lacks(T::type_name, "is not an estimator: it has no predict");
  }
  Eigen::MatrixXd predict_proba(const Frame& X) const override {
    if constexpr (Classifier<T>)
      return step_.predict_proba(X);
    else
      throw_step_lacks(T::type_name, "is not a classifier: it has no predict_proba");
  }
  double predict_row(std::span<const Value> row) const override {
    if constexpr (RowEstimator<T>)
      return step_.predict_row(row);
    else
      throw_step_lacks(T::type_name, "has no predict_row: it cannot predict a single record");
  }
  void predict_proba_row(std::span<const Value> row, std::span<double> out) const override {
    if constexpr (RowClassifier<T>)
      step_.predict_proba_row(row, out);
    else
      throw_step_lacks(T::type_name, "has no predict_proba_row: it cannot predict a single record's probabilities");
  }
  std::size_t n_classes() const override {
    if constexpr (Classifier<T>)
      return static_cast<std::size_t>(step_.n_classes());
    else
      throw_step_lacks(T::type_name, "is not a classifier: it has no n_classes");
  }
  bool is_fitted() const override { return static_cast<bool>(step_.is_fitted()); }
  std::vector<std::string> feature_names_out() const override {
    if constexpr (traits_.feature_names) {
      const auto& names = step_.feature_names_out();
      return {names.begin(), names.end()};
    } else {
      throw_step_lacks(T::type_name, "has no feature_names_out");
    }
  }

  // ar.named writes or reads the class's version and then its serialize,
  // exactly as Pipeline<Steps...> does for a step of type T.
  void save(JsonSaveArchive& ar, const char* name) const override { ar.named(name, step_); }
  void save(BinarySaveArchive& ar, const char* name) const override { ar.named(name, step_); }
  void load(JsonLoadArchive& ar, const char* name) override { ar.named(name, step_); }
  void load(BinaryLoadArchive& ar, const char* name) override { ar.named(name, step_); }

  T& get() noexcept { return step_; }
  const T& get() const noexcept { return step_; }

 private:
  T step_;
};

}  // namespace detail

/// A step of any class that models Transformer or Estimator, with value
/// semantics (copying clones the step). Calls forward to the class; an
/// operation the class does not offer (transform on an estimator,
/// transform_row on a step without a row path...) throws fepipe::Error
/// naming the step, and `traits()` says beforehand which ones it offers.
///
/// A default-constructed DynamicStep is empty: every call but `has_value`
/// throws fepipe::Error.
///
/// Thread safety: as the class's own (const members from many threads).
class DynamicStep {
 public:
  DynamicStep() = default;
  /// Wraps `step` (implicit, so a list of steps converts).
  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, DynamicStep> && PipelineStep<std::remove_cvref_t<T>>)
  DynamicStep(T&& step)  // NOLINT(google-explicit-constructor): a step converts by design
      : impl_(std::make_unique<detail::StepModel<std::remove_cvref_t<T>>>(std::forward<T>(step))) {}

  DynamicStep(const DynamicStep& other) : impl_(other.impl_ ? other.impl_->clone() : nullptr) {}
  DynamicStep(DynamicStep&&) noexcept = default;
  DynamicStep& operator=(const DynamicStep& other) {
    if (this != &other) impl_ = other.impl_ ? other.impl_->clone() : nullptr;
    return *this;
  }
  DynamicStep& operator=(DynamicStep&&) noexcept = default;
  ~DynamicStep() = default;

  bool has_value() const noexcept { return impl_ != nullptr; }
  /// The class's type_name (the name in model files).
  std::string_view type_name() const { return impl().type_name(); }
  std::uint32_t serial_version() const { return impl().serial_version(); }
  const StepTraits& traits() const { return impl().traits(); }
  /// A deep copy (same as copying).
  DynamicStep clone() const { return *this; }

  /// Transformers: fit(X, y). Estimators: fit(X, *y) (y must be given).
  DynamicStep& fit(const Frame& X, const Target* y = nullptr) {
    impl().fit(X, y);
    return *this;
  }
  /// Estimators: fit(X, y). Transformers: fit(X, &y).
  DynamicStep& fit(const Frame& X, const Target& y) {
    impl().fit(X, y);
    return *this;
  }
  Frame transform(Frame X) const { return impl().transform(std::move(X)); }
  /// Row filters drop rows of X and y together; other transformers return
  /// {transform(X), y}.
  std::pair<Frame, Target> transform_xy(Frame X, Target y) const {
    return impl().transform_xy(std::move(X), std::move(y));
  }
  void transform_row(Row& row) const { impl().transform_row(row); }
  Eigen::VectorXd predict(const Frame& X) const { return impl().predict(X); }
  Eigen::MatrixXd predict_proba(const Frame& X) const { return impl().predict_proba(X); }
  double predict_row(std::span<const Value> row) const { return impl().predict_row(row); }
  void predict_proba_row(std::span<const Value> row, std::span<double> out) const {
    impl().predict_proba_row(row, out);
  }
  std::size_t n_classes() const { return impl().n_classes(); }
  bool is_fitted() const { return impl().is_fitted(); }
  std::vector<std::string> feature_names_out() const { return impl().feature_names_out(); }

  /// Writes the step under `name` as Pipeline<Steps...> writes a step of
  /// its class (version, then the class's serialize).
  void save(JsonSaveArchive& ar, const char* name) const { impl().save(ar, name); }
  void save(BinarySaveArchive& ar, const char* name) const { impl().save(ar, name); }
  /// Reads the step under `name` with every check of the class's loader.
  void load(JsonLoadArchive& ar, const char* name) { impl().load(ar, name); }
  void load(BinaryLoadArchive& ar, const char* name) { impl().load(ar, name); }
  /// save or load, whichever `Archive` does (one of the four above).
  template <class Archive>
  void serialize_named(Archive& ar, const char* name) {
    if constexpr (Archive::is_loading)
      load(ar, name);
    else
      save(ar, name);
  }

  /// True when the step is of class T.
  template <class T>
  bool holds() const noexcept {
    return dynamic_cast<const detail::StepModel<T>*>(impl_.get()) != nullptr;
  }
  /// The concrete step; fepipe::Error if it is not of class T.
  template <class T>
  T& typed() {
    return model<T>().get();
  }
  template <class T>
  const T& typed() const {
    return const_cast<DynamicStep*>(this)->model<T>().get();
  }

 private:
  detail::StepConcept& impl() const {
    if (!impl_) empty();
    return *impl_;
  }
  [[noreturn]] FEPIPE_COLD static void empty() { throw Error("DynamicStep", "", "the step is empty"); }
  template <class T>
  detail::StepModel<T>& model() {
    auto* m = dynamic_cast<detail::StepModel<T>*>(impl_.get());
    if (!m)
      throw Error("DynamicStep", "",
                  "the step is " + (impl_ ? detail::quote_label(impl_->type_name()) : std::string("empty")) +
                      ", not " + detail::quote_label(T::type_name));
    return *m;
  }

  std::unique_ptr<detail::StepConcept> impl_;
};

FEPIPE_NAMESPACE_END
