#pragma once
// Test-side type erasure over fepipe's classes and pipelines, so that the
// reliability checks (property tests, the bad-input contract, the fuzz
// targets and their regression replay, the allocation bound) are written
// once for every class. The erasure is a virtual interface: this is test
// code, where one compiled instantiation per class matters more than
// dispatch speed. Nothing here includes doctest, so the fuzz targets can use
// it too.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/core/concepts.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/io/model_file.hpp"

namespace fepipe_rel {

/// A broken invariant found by a reliability check: deliberately not a
/// fepipe::Error, so that no code path treats it as an expected failure.
/// Escaping a fuzz target, it aborts the run (libFuzzer keeps the input).
struct Defect : std::logic_error {
  using std::logic_error::logic_error;
};

/// What a class needs in order to be fitted.
enum class TargetKind : std::uint8_t { none, regression, binary };

/// One cell of a record produced by the row path, owning its label so it
/// can outlive the model call.
struct Cell {
  fepipe::Value::Type type = fepipe::Value::Type::missing;
  double number = 0.0;
  std::string label;
};

/// A fitted (or not) class or pipeline, behind one interface.
class AnyModel {
 public:
  virtual ~AnyModel() = default;
  virtual std::string_view type_name() const = 0;
  virtual bool is_estimator() const = 0;
  virtual bool is_fitted() const = 0;
  /// True when the class has a single-record path (transform_row,
  /// predict_row or a pipeline's predict_one).
  virtual bool has_row_path() const = 0;
  virtual void fit(const fepipe::Frame& X, const fepipe::Target* y) = 0;
  /// Transformers: transform(X). Estimators and predicting pipelines: a
  /// frame with the column "predict" and, for classifiers, "proba_<k>".
  virtual fepipe::Frame apply(const fepipe::Frame& X) const = 0;
  /// The row path on one record (same output layout as apply).
  virtual std::vector<Cell> apply_row(std::span<const fepipe::Value> record) const = 0;
  /// A predicting pipeline's predict_one on name → value pairs (the first
  /// output of apply_row); Defect for other models.
  virtual double apply_named(std::span<const std::pair<std::string_view, fepipe::Value>> record) const = 0;
  /// The columns apply() returns (feature_names_out for transformers).
  virtual std::vector<std::string> output_names() const = 0;
  /// The schema fitted on (feature_names_in_, or a pipeline's input_schema);
  /// empty before fit.
  virtual fepipe::Schema input_schema() const = 0;
  virtual std::string save(fepipe::ModelFormat format) const = 0;
  /// A new instance of the same type loaded from `bytes`.
  virtual std::unique_ptr<AnyModel> load(std::string_view bytes) const = 0;
  /// A new unfitted instance with the entry's options.
  virtual std::unique_ptr<AnyModel> fresh() const = 0;
};

/// One class (or course pipeline) with the options the checks use.
struct Entry {
  std::string label;        // "MeanMedianImputer" or "MeanMedianImputer(mean)"
  std::string type_name;    // the class's type_name
  TargetKind target = TargetKind::none;
  bool numeric_only = false;  // fails on categorical columns (estimators)
  /// Each output row depends only on its input row (so the output does not
  /// depend on row order, and rows can be transformed one at a time).
  bool row_wise = true;
  /// Where fitting data comes from: "" for the synthetic frames of
  /// frames.hpp, "house_prices" or "titanic" for the course pipelines.
  std::string dataset;
  std::function<std::unique_ptr<AnyModel>()> make;
};

/// Every entry (defined in catalogue_transformers.cpp from both halves).
const std::vector<Entry>& catalogue();
/// The entry whose label is `label` (Defect if there is none).
const Entry& entry(std::string_view label);
/// Features and target of a course dataset ("house_prices", "titanic"),
/// read once from data/ as the course examples read them.
const std::pair<fepipe::Frame, fepipe::Target>& course_data(const std::string& dataset);

// The two halves of the catalogue, each compiled in its own translation unit
// (catalogue_transformers.cpp, catalogue_models.cpp) so that a build
// instantiates the classes on two cores. They are compiled once per build:
// the object library fepipe_test_catalogue (tests/CMakeLists.txt), linked by
// every test family that uses the catalogue, and the fuzz program's sources.
std::vector<Entry> transformer_entries();
std::vector<Entry> model_entries();

namespace detail {

template <class T>
concept HasFeatureNamesIn = requires(const T& t) {
  { t.feature_names_in_ } -> std::convertible_to<const fepipe::Schema&>;
};
template <class T>
concept HasInputSchema = requires(const T& t) {
  { t.input_schema() } -> std::convertible_to<const fepipe::Schema&>;
};
template <class T>
concept PredictsOne = requires(const T& t, std::span<const fepipe::Value> r) {
  { t.predict_one(r) } -> std::same_as<double>;
};

inline Cell cell_of(const fepipe::Value& v) {
  Cell c;
  c.type = v.type();
  if (v.is_number()) c.number = v.number();
  if (v.is_label()) c.label = std::string(v.label());
  return c;
}
inline Cell number_cell(double x) {
  Cell c;
  c.type = fepipe::Value::Type::number;
  c.number = x;
  return c;
}

}  // namespace detail

/// AnyModel over a concrete class T.
template <class T>
class Model final : public AnyModel {
  static constexpr bool estimator = fepipe::Estimator<T> && !fepipe::Transformer<T>;
  static constexpr bool classifier = fepipe::Classifier<T>;

 public:
  Model() = default;
  explicit Model(T model) : model_(std::move(model)), prototype_(model_) {}

  std::string_view type_name() const override { return T::type_name; }
  bool is_estimator() const override { return estimator; }
  bool is_fitted() const override { return model_.is_fitted(); }
  bool has_row_path() const override {
    if constexpr (detail::PredictsOne<T>)
      return true;
    else if constexpr (estimator)
      return fepipe::RowEstimator<T>;
    else
      return fepipe::RowTransformer<T>;
  }

  void fit(const fepipe::Frame& X, const fepipe::Target* y) override {
    if constexpr (estimator) {
      if (!y) throw Defect(std::string(T::type_name) + ": an estimator needs a target (catalogue error)");
      model_.fit(X, *y);
    } else {
      model_.fit(X, y);
    }
  }

  fepipe::Frame apply(const fepipe::Frame& X) const override {
    if constexpr (estimator) {
      const Eigen::VectorXd p = model_.predict(X);
      fepipe::Frame out(X.rows());
      out.add("predict", fepipe::Column::numeric({p.data(), p.data() + p.size()}));
      if constexpr (classifier) {
        const Eigen::MatrixXd pr = model_.predict_proba(X);
        for (Eigen::Index k = 0; k < pr.cols(); ++k) {
          std::vector<double> col(static_cast<std::size_t>(pr.rows()));
          for (Eigen::Index r = 0; r < pr.rows(); ++r) col[static_cast<std::size_t>(r)] = pr(r, k);
          out.add("proba_" + std::to_string(k), fepipe::Column::numeric(std::move(col)));
        }
      }
      return out;
    } else {
      return model_.transform(X);
    }
  }

  std::vector<Cell> apply_row(std::span<const fepipe::Value> record) const override {
    std::vector<Cell> out;
    if constexpr (detail::PredictsOne<T>) {
      out.push_back(detail::number_cell(model_.predict_one(record)));
      if constexpr (classifier) {
        std::vector<double> p(model_.template step<T::size() - 1>().n_classes());
        model_.predict_proba_one(record, p);
        for (double x : p) out.push_back(detail::number_cell(x));
      }
    } else if constexpr (estimator) {
      if constexpr (fepipe::RowEstimator<T>) {
        out.push_back(detail::number_cell(model_.predict_row(record)));
        if constexpr (fepipe::RowClassifier<T>) {
          std::vector<double> p(model_.n_classes());
          model_.predict_proba_row(record, p);
          for (double x : p) out.push_back(detail::number_cell(x));
        }
      } else {
        throw Defect(std::string(T::type_name) + " has no row path");
      }
    } else {
      if constexpr (fepipe::RowTransformer<T>) {
        // Room for the record and every output column: no step needs more.
        std::vector<fepipe::Value> buffer(record.size() + output_names().size() + 1);
        std::copy(record.begin(), record.end(), buffer.begin());
        fepipe::Row row(buffer, record.size());
        model_.transform_row(row);
        for (const auto& v : row.cells()) out.push_back(detail::cell_of(v));
      } else {
        throw Defect(std::string(T::type_name) + " has no row path");
      }
    }
    return out;
  }

  double apply_named(std::span<const std::pair<std::string_view, fepipe::Value>> record) const override {
    if constexpr (detail::PredictsOne<T>)
      return model_.predict_one(record);
    else
      throw Defect(std::string(T::type_name) + " takes no named records");
  }

  std::vector<std::string> output_names() const override {
    if constexpr (estimator) {
      std::vector<std::string> names{"predict"};
      if constexpr (classifier)
        for (std::size_t k = 0; k < model_.n_classes(); ++k) names.push_back("proba_" + std::to_string(k));
      return names;
    } else {
      const auto names = model_.feature_names_out();
      return {names.begin(), names.end()};
    }
  }

  fepipe::Schema input_schema() const override {
    if constexpr (detail::HasInputSchema<T>)
      return model_.input_schema();
    else if constexpr (detail::HasFeatureNamesIn<T>)
      return model_.feature_names_in_;
    else
      return {};
  }

  std::string save(fepipe::ModelFormat format) const override { return fepipe::save_model_to_string(model_, format); }

  std::unique_ptr<AnyModel> load(std::string_view bytes) const override {
    T loaded{};
    fepipe::load_model_from_memory(bytes, loaded);
    auto m = std::make_unique<Model>();
    m->model_ = std::move(loaded);
    m->prototype_ = prototype_;
    return m;
  }

  std::unique_ptr<AnyModel> fresh() const override { return std::make_unique<Model>(prototype_); }

  const T& get() const noexcept { return model_; }

 private:
  T model_{};
  T prototype_{};  // the unfitted instance with the entry's options
};

/// An entry for class T built by `make_model` (a callable returning T).
template <class F>
Entry make_entry(std::string label, TargetKind target, bool numeric_only, bool row_wise, F make_model) {
  using T = std::remove_cvref_t<decltype(make_model())>;
  Entry e;
  e.label = std::move(label);
  e.type_name = std::string(T::type_name);
  e.target = target;
  e.numeric_only = numeric_only;
  e.row_wise = row_wise;
  e.make = [make_model]() -> std::unique_ptr<AnyModel> { return std::make_unique<Model<T>>(make_model()); };
  return e;
}

}  // namespace fepipe_rel
