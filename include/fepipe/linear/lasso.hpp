#pragma once
/// @file
/// Lasso — sklearn.linear_model.Lasso.

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/linear/detail/coordinate_descent.hpp"
#include "fepipe/core/detail/design_matrix.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Order in which coordinate descent visits the coefficients.
enum class Selection : std::uint8_t { cyclic, random };
constexpr std::array<std::string_view, 2> enum_names(Selection) { return {"cyclic", "random"}; }

/// Linear regression with an L1 penalty, minimising
/// (1/(2n))·‖y − Xw − b‖² + alpha·‖w‖₁ by scikit-learn's coordinate descent
/// (centred data, tol scaled by ‖y − ȳ‖², duality-gap stop), so coefficients
/// agree with scikit-learn 1.2 to ~1e-9.
///
/// Learns:
/// - `coef_`: one weight per feature (exact zeros for dropped features).
/// - `intercept_`: ȳ − x̄·coef_ (0 without fit_intercept).
/// - `n_iter_`, `dual_gap_` (gap / n), `converged_` (false where
///   scikit-learn warns with ConvergenceWarning).
/// - `feature_names_in_`: the columns it was fitted on, in order.
/// - `feature_means_`: the training mean of each feature (numpy's mean),
///   the expectation that explanations (fepipe/explain/) measure each
///   contribution coef_j·(x_j − mean_j) from; model files of version 2 on.
class Lasso {
 public:
  struct Options {
    double alpha = 1.0;
    bool fit_intercept = true;
    int max_iter = 1000;
    double tol = 1e-4;
    bool positive = false;
    bool warm_start = false;
    Selection selection = Selection::cyclic;
    /// Seeds the random selection order (numpy RandomState semantics).
    std::optional<std::uint32_t> random_state{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(alpha), FEPIPE_NVP(fit_intercept), FEPIPE_NVP(max_iter), FEPIPE_NVP(tol), FEPIPE_NVP(positive),
         FEPIPE_NVP(warm_start), FEPIPE_NVP(selection), FEPIPE_NVP(random_state));
    }
  };

  static constexpr std::string_view type_name = "Lasso";
  /// Version 2 adds `feature_means_`.
  static constexpr std::uint32_t serial_version = 2;

  Lasso() = default;
  explicit Lasso(Options options) : options_(std::move(options)) { validate(); }

  Lasso& fit(const Frame& X, const Target& y) {
    Schema schema = detail::fit_schema(X, type_name);
    detail::check_numeric_frame(X, type_name, true);
    fit_matrix(detail::to_matrix(X), y, std::move(schema));
    return *this;
  }
  Lasso& fit(const Eigen::MatrixXd& X, const Target& y) {
    if (X.rows() == 0 || X.cols() == 0) detail::throw_data(type_name, "", "the matrix is empty");
    if (!X.allFinite()) detail::throw_data(type_name, "", "the matrix holds NaN or infinite values");
    fit_matrix(X, y, detail::matrix_schema(X.cols()));
    return *this;
  }

  Eigen::VectorXd predict(const Frame& X) const {
    std::optional<Frame> storage;
    const Frame& aligned = detail::aligned_to_schema(X, feature_names_in_, type_name, storage);
    detail::check_numeric_frame(aligned, type_name, true);
    const auto n = static_cast<Eigen::Index>(aligned.rows());
    Eigen::VectorXd out = Eigen::VectorXd::Zero(n);
    // Column at a time (vectorised), same summation order as predict_row.
    for (std::size_t j = 0; j < aligned.cols(); ++j) {
      const double c = coef_[static_cast<Eigen::Index>(j)];
      auto v = aligned.column(j).values();
      for (Eigen::Index i = 0; i < n; ++i) out[i] += c * v[static_cast<std::size_t>(i)];
    }
    out.array() += intercept_;
    return out;
  }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const {
    if (!is_fitted()) detail::throw_not_fitted(type_name);
    if (X.cols() != coef_.size())
      detail::throw_schema(type_name, "", "matrix has " + std::to_string(X.cols()) + " columns, fitted on " +
                                              std::to_string(coef_.size()));
    Eigen::VectorXd out = Eigen::VectorXd::Zero(X.rows());
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      for (Eigen::Index i = 0; i < X.rows(); ++i) out[i] += coef_[j] * X(i, j);
    out.array() += intercept_;
    return out;
  }

  /// One record (numbers in fitted column order); allocation-free.
  double predict_row(std::span<const Value> row) const {
    detail::check_record(row, feature_names_in_, type_name);
    double acc = 0.0;
    for (std::size_t j = 0; j < row.size(); ++j) {
      const double x = detail::cell_number(row[j], type_name, feature_names_in_[j].name);
      if (!std::isfinite(x)) [[unlikely]]
        detail::throw_data(type_name, feature_names_in_[j].name,
                           "value " + detail::python_float_repr(x) + " is not finite");
      acc += coef_[static_cast<Eigen::Index>(j)] * x;
    }
    return acc + intercept_;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }

  Eigen::VectorXd coef_;
  double intercept_ = 0.0;
  int n_iter_ = 0;
  double dual_gap_ = 0.0;
  bool converged_ = false;
  Schema feature_names_in_;
  /// Training mean per feature; empty for a model loaded from a version-1
  /// file or one that did not record them (it predicts, explanations
  /// refuse it).
  Eigen::VectorXd feature_means_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(coef_), FEPIPE_NVP(intercept_),
       FEPIPE_NVP(n_iter_), FEPIPE_NVP(dual_gap_), FEPIPE_NVP(converged_));
    if (version >= 2) ar(FEPIPE_NVP(feature_means_));
    if constexpr (Archive::is_loading) {
      validate();
      if (version < 2) feature_means_.resize(0);
      if (static_cast<std::size_t>(coef_.size()) != feature_names_in_.size())
        detail::throw_model_format("Lasso: coef_ has " + std::to_string(coef_.size()) + " entries for " +
                                   std::to_string(feature_names_in_.size()) + " features");
      // Empty: not recorded (a model converted from scikit-learn, which
      // keeps no training means); it predicts, explanations refuse it.
      if (feature_means_.size() != 0 && static_cast<std::size_t>(feature_means_.size()) != feature_names_in_.size())
        detail::throw_model_format("Lasso: feature_means_ has " + std::to_string(feature_means_.size()) +
                                   " entries for " + std::to_string(feature_names_in_.size()) + " features");
      if (!feature_means_.allFinite()) detail::throw_model_format("Lasso: feature_means_ holds a non-finite value");
      for (const auto& spec : feature_names_in_)
        if (spec.kind != Kind::numeric) detail::throw_model_format("Lasso: feature '" + spec.name + "' is not numeric");
    }
  }

 private:
  void validate() const {
    if (!(options_.alpha >= 0.0) || !std::isfinite(options_.alpha))
      detail::throw_parameter(type_name, "alpha must be a finite number >= 0, got " +
                                             detail::python_float_repr(options_.alpha));
    if (options_.max_iter < 1) detail::throw_parameter(type_name, "max_iter must be >= 1");
    if (!(options_.tol >= 0.0)) detail::throw_parameter(type_name, "tol must be >= 0");
  }

  void fit_matrix(Eigen::MatrixXd X, const Target& y, Schema schema) {
    const Eigen::Index n = X.rows(), p = X.cols();
    if (y.size() != n)
      detail::throw_schema(type_name, "", "target has " + std::to_string(y.size()) + " values for " +
                                              std::to_string(n) + " rows");
    if (!y.allFinite()) detail::throw_data(type_name, "", "the target holds NaN or infinite values");
    Eigen::VectorXd yc = y;
    Eigen::VectorXd x_offset = Eigen::VectorXd::Zero(p);
    Eigen::VectorXd means(p);
    for (Eigen::Index j = 0; j < p; ++j)
      means[j] = detail::pairwise_sum({X.col(j).data(), static_cast<std::size_t>(n)}) / static_cast<double>(n);
    double y_offset = 0.0;
    if (options_.fit_intercept) {
      for (Eigen::Index j = 0; j < p; ++j) {
        x_offset[j] = means[j];
        X.col(j).array() -= x_offset[j];
      }
      y_offset = detail::pairwise_sum({yc.data(), static_cast<std::size_t>(n)}) / static_cast<double>(n);
      yc.array() -= y_offset;
    }
    Eigen::VectorXd w = (options_.warm_start && coef_.size() == p) ? coef_ : Eigen::VectorXd::Zero(p);
    detail::NumpyRandomState rng(options_.random_state ? *options_.random_state : std::random_device{}());
    const auto res = detail::enet_coordinate_descent(w, options_.alpha * static_cast<double>(n), 0.0, X, yc,
                                                     options_.max_iter, options_.tol, options_.positive,
                                                     options_.selection == Selection::random, rng);
    if (!w.allFinite())
      detail::throw_data(type_name, "", "coordinate descent diverged (non-finite coefficients); scale the inputs");
    coef_ = std::move(w);
    intercept_ = options_.fit_intercept ? y_offset - x_offset.dot(coef_) : 0.0;
    n_iter_ = res.n_iter;
    dual_gap_ = res.gap / static_cast<double>(n);
    converged_ = res.converged;
    feature_names_in_ = std::move(schema);
    feature_means_ = std::move(means);
  }

  Options options_;
};

static_assert(RowEstimator<Lasso>);

FEPIPE_NAMESPACE_END
