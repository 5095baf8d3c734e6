#pragma once
/// @file
/// TreeModel: what every CART-based model (decision trees, gradient
/// boosting) shares — the fit overloads (Frame or matrix, with or without
/// row weights), the learned input schema and Forest, the checked paths to
/// raw forest outputs, and the common part of the model file.
///
/// A model derives as `class M : public TreeModel<M>` (through its family
/// base) and provides `type_name`, `fit_float32(Float32Matrix, const Target&,
/// const Eigen::VectorXd* weight, Schema)` and `raw_base()` (the initial raw
/// prediction added to the trees: zeros for a single tree).

#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/detail/design_matrix.hpp"
#include "fepipe/tree/detail/forest.hpp"
#include "fepipe/tree/detail/tree_data.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

template <class Derived>
class TreeModel {
 public:
  /// Fits on the numeric columns of X (a categorical column is a
  /// SchemaError; NaN/±inf or a value beyond float32 a DataError).
  Derived& fit(const Frame& X, const Target& y) { return fit_any(X, y, nullptr); }
  /// As above with a weight per row (finite, >= 0, not all 0).
  Derived& fit(const Frame& X, const Target& y, const Eigen::VectorXd& sample_weight) {
    return fit_any(X, y, &sample_weight);
  }
  /// Fits on a matrix; its columns are named x0..x{p-1}.
  Derived& fit(const Eigen::MatrixXd& X, const Target& y) { return fit_any(X, y, nullptr); }
  Derived& fit(const Eigen::MatrixXd& X, const Target& y, const Eigen::VectorXd& sample_weight) {
    return fit_any(X, y, &sample_weight);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  std::size_t n_features_in() const noexcept { return feature_names_in_.size(); }

  /// The columns it was fitted on, in order.
  Schema feature_names_in_;
  /// The fitted trees in the shared inference layout.
  Forest forest_;
  /// Normalised impurity decrease per feature (scikit-learn's
  /// feature_importances_; zeros if no tree has a split).
  Eigen::VectorXd feature_importances_;
  /// Features evaluated per split search (scikit-learn's max_features_).
  std::int64_t max_features_ = 0;

 protected:
  static constexpr std::string_view step() noexcept { return Derived::type_name; }

  /// X's columns in fitted order, checked (Frame or Eigen matrix).
  template <class Input>
  TreeBatch batch(const Input& X) const {
    return tree_batch(feature_names_in_, X, step());
  }
  template <class Input>
  RawScores scores(const Input& X) const {
    return forest_scores(forest_, batch(X), self().raw_base());
  }
  void scores_row(std::span<const Value> row, double* out) const {
    forest_scores_row(forest_, feature_names_in_, row, self().raw_base(), step(), out);
  }

  /// Writes (or reads and checks) the learned state every tree model has.
  /// On load: the Forest must read float32 inputs of exactly the fitted
  /// (numeric) columns and have `n_outputs` outputs and `n_trees` trees.
  template <class Archive>
  void serialize_common(Archive& ar) {
    ar(FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(forest_), FEPIPE_NVP(feature_importances_),
       FEPIPE_NVP(max_features_));
  }
  void check_common(std::size_t n_outputs, std::size_t n_trees) const {
    const std::string name(step());
    for (const auto& spec : feature_names_in_)
      if (spec.kind != Kind::numeric) throw_model_format(name + ": feature '" + spec.name + "' is not numeric");
    if (feature_names_in_.empty()) throw_model_format(name + ": no fitted features");
    if (static_cast<std::size_t>(forest_.n_features) != feature_names_in_.size() || !forest_.float32_inputs)
      throw_model_format(name + ": the forest does not match the " + std::to_string(feature_names_in_.size()) +
                         " fitted features");
    if (static_cast<std::size_t>(forest_.n_outputs) != n_outputs || forest_.n_trees() != n_trees)
      throw_model_format(name + ": the forest has " + std::to_string(forest_.n_trees()) + " trees and " +
                         std::to_string(forest_.n_outputs) + " outputs, expected " + std::to_string(n_trees) +
                         " and " + std::to_string(n_outputs));
    if (static_cast<std::size_t>(feature_importances_.size()) != feature_names_in_.size())
      throw_model_format(name + ": feature_importances_ has " + std::to_string(feature_importances_.size()) +
                         " entries for " + std::to_string(feature_names_in_.size()) + " features");
    if (max_features_ < 1) throw_model_format(name + ": max_features_ must be >= 1");
  }

  /// Called once a fitted forest is complete: builds the packed prediction
  /// layout that loading a model file builds, so fitted and loaded models
  /// predict through the same path.
  static void finish_forest(Forest& f) { f.compile(); }

  /// A Forest ready to receive trees over p float32 features.
  static Forest empty_forest(std::size_t p, std::size_t n_outputs) {
    Forest f;
    f.n_features = static_cast<std::int32_t>(p);
    f.n_outputs = static_cast<std::int32_t>(n_outputs);
    f.float32_inputs = true;
    return f;
  }

 private:
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }

  Derived& fit_any(const Frame& X, const Target& y, const Eigen::VectorXd* w) {
    Float32Matrix m = float32_features(X, step());
    static_cast<Derived&>(*this).fit_float32(std::move(m), y, w, X.schema());
    return static_cast<Derived&>(*this);
  }
  Derived& fit_any(const Eigen::MatrixXd& X, const Target& y, const Eigen::VectorXd* w) {
    Schema schema = matrix_schema(X.cols());
    Float32Matrix m = float32_features(X, schema, step());
    static_cast<Derived&>(*this).fit_float32(std::move(m), y, w, std::move(schema));
    return static_cast<Derived&>(*this);
  }
};

}  // namespace detail
FEPIPE_NAMESPACE_END
