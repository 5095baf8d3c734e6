#pragma once
/// @file
/// LogisticRegression — sklearn.linear_model.LogisticRegression(solver="lbfgs").

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/detail/design_matrix.hpp"
#include "fepipe/linear/detail/lbfgs.hpp"
#include "fepipe/linear/detail/logistic_loss.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Logistic regression fitted by L-BFGS exactly as scikit-learn 1.2's
/// LogisticRegression with solver="lbfgs" (the default): it minimises
///
///   Σᵢ sᵢ·logloss(yᵢ, xᵢ·W + b) + ‖W‖²/(2C)      (b not penalised)
///
/// with a port of scipy's L-BFGS-B (maxiter = max_iter, gtol = tol, m = 10,
/// maxls = 20, factr = 1e7: the options scikit-learn 1.2.1 passes), starting
/// from zero, so coefficients, n_iter_ and the convergence verdict match
/// scikit-learn's, including runs that stop at max_iter.
///
/// Targets are class labels 0..k−1, each present, k ≥ 2. Two classes give a
/// binary model (one coefficient row, P(1) = expit(x·w + b)); three or more
/// give a multinomial (softmax) model with k coefficient rows, which is what
/// scikit-learn's multi_class="auto" picks for lbfgs.
///
/// Sample weights multiply the per-row loss; class weights multiply them per
/// class: `balanced` gives class c the weight n / (k·count_c) (counts, not
/// weight sums, as scikit-learn), `given` takes `class_weights[c]`.
///
/// Learns:
/// - `coef_`: 1 × p (binary) or k × p (multinomial) coefficients.
/// - `intercept_`: 1 or k intercepts (zeros without fit_intercept).
/// - `n_iter_`: L-BFGS iterations (≤ max_iter).
/// - `converged_`: false where scikit-learn warns with ConvergenceWarning
///   (iteration limit, or a line search that could not make progress).
/// - `feature_names_in_`: the columns it was fitted on, in order.
/// - `feature_means_`: the (unweighted) training mean of each feature,
///   numpy's mean, from which explanations (fepipe/explain/) measure each
///   logit contribution coef_kj·(x_j − mean_j); model files of version 2 on.
///
/// Differences from scikit-learn, deliberately: max_iter must be ≥ 1
/// (scikit-learn accepts 0 and then still runs one iteration); negative or
/// non-finite sample weights and class weights are rejected; explicit class
/// weights list every class (scikit-learn's dict may omit some, meaning 1).
class LogisticRegression {
 public:
  /// The regularisation term (scikit-learn's `penalty`; `none` ignores C).
  enum class Penalty : std::uint8_t { l2, none };
  /// How rows are weighted per class (scikit-learn's `class_weight`: None,
  /// "balanced", or a dict — here `given`, with `Options::class_weights`).
  enum class ClassWeight : std::uint8_t { none, balanced, given };
  // Hidden friends (found by argument-dependent lookup): the model file
  // stores these enums by name. Nested enums keep generic names such as
  // Penalty out of the library namespace, where other estimators may need
  // their own.
  friend constexpr std::array<std::string_view, 2> enum_names(Penalty) { return {"l2", "none"}; }
  friend constexpr std::array<std::string_view, 3> enum_names(ClassWeight) { return {"none", "balanced", "given"}; }

  struct Options {
    Penalty penalty = Penalty::l2;
    /// Inverse regularisation strength: the penalty is ‖W‖²/(2C). > 0.
    double C = 1.0;
    bool fit_intercept = true;
    /// L-BFGS iteration limit (≥ 1).
    int max_iter = 100;
    /// Stop when every component of the gradient is ≤ tol in magnitude.
    double tol = 1e-4;
    ClassWeight class_weight = ClassWeight::none;
    /// With class_weight = given: the weight of class c at index c, one per
    /// class, finite and ≥ 0. Must be empty otherwise.
    std::vector<double> class_weights{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(penalty), FEPIPE_NVP(C), FEPIPE_NVP(fit_intercept), FEPIPE_NVP(max_iter), FEPIPE_NVP(tol),
         FEPIPE_NVP(class_weight), FEPIPE_NVP(class_weights));
    }
    static constexpr std::array<SpecKeyword, 2> spec_keywords{{
        {.field = "class_weight", .values = R"([[null, "none"]])"},  // scikit-learn's class_weight=None
        {.field = "penalty", .values = R"([[null, "none"]])"},       // penalty=None ('none' is deprecated in 1.2)
    }};
  };

  static constexpr std::string_view type_name = "LogisticRegression";
  /// Version 2 adds `feature_means_`.
  static constexpr std::uint32_t serial_version = 2;

  LogisticRegression() = default;
  explicit LogisticRegression(Options options) : options_(std::move(options)) { validate(); }

  // ---- fit -----------------------------------------------------------------
  LogisticRegression& fit(const Frame& X, const Target& y) { return fit_frame(X, y, nullptr); }
  /// `sample_weight`: one finite weight ≥ 0 per row.
  LogisticRegression& fit(const Frame& X, const Target& y, const Eigen::VectorXd& sample_weight) {
    return fit_frame(X, y, &sample_weight);
  }
  LogisticRegression& fit(const Eigen::MatrixXd& X, const Target& y) { return fit_eigen(X, y, nullptr); }
  LogisticRegression& fit(const Eigen::MatrixXd& X, const Target& y, const Eigen::VectorXd& sample_weight) {
    return fit_eigen(X, y, &sample_weight);
  }

  // ---- batch prediction ----------------------------------------------------
  /// Raw scores x·wₖ + bₖ: n × 1 (binary) or n × k.
  Eigen::MatrixXd decision_function(const Frame& X) const {
    std::optional<Frame> storage;
    const Frame& aligned = detail::aligned_to_schema(X, feature_names_in_, type_name, storage);
    detail::check_numeric_frame(aligned, type_name, true);
    return decisions(static_cast<Eigen::Index>(aligned.rows()),
                     [&](Eigen::Index j) { return aligned.column(static_cast<std::size_t>(j)).values().data(); });
  }
  Eigen::MatrixXd decision_function(const Eigen::MatrixXd& X) const {
    check_matrix_for_predict(X);
    return decisions(X.rows(), [&](Eigen::Index j) { return X.col(j).data(); });
  }

  /// Predicted class labels (0..k−1) as doubles.
  Eigen::VectorXd predict(const Frame& X) const { return labels_from(decision_function(X)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const { return labels_from(decision_function(X)); }

  /// Class probabilities, n × k (columns in label order).
  Eigen::MatrixXd predict_proba(const Frame& X) const { return proba_from(decision_function(X)); }
  Eigen::MatrixXd predict_proba(const Eigen::MatrixXd& X) const { return proba_from(decision_function(X)); }

  // ---- single record (numbers in fitted column order); allocation-free ----
  /// The predicted class label; same value as predict() on that row.
  double predict_row(std::span<const Value> row) const {
    check_row(row);
    if (coef_.rows() == 1) return row_decision(row, 0) > 0.0 ? 1.0 : 0.0;
    Eigen::Index best = 0;
    double best_score = row_decision(row, 0);
    for (Eigen::Index k = 1; k < coef_.rows(); ++k) {
      const double s = row_decision(row, k);
      if (s > best_score) {
        best_score = s;
        best = k;
      }
    }
    return static_cast<double>(best);
  }

  /// Writes the n_classes() probabilities of one record into `out`
  /// (bit-identical to the predict_proba() row).
  void predict_proba_row(std::span<const Value> row, std::span<double> out) const {
    check_row(row);
    if (out.size() != n_classes())
      detail::throw_schema(type_name, "",
                           "predict_proba_row needs an output of " + std::to_string(n_classes()) + " values, got " +
                               std::to_string(out.size()));
    if (coef_.rows() == 1) {
      binary_proba(row_decision(row, 0), out.data());
      return;
    }
    for (Eigen::Index k = 0; k < coef_.rows(); ++k) out[static_cast<std::size_t>(k)] = row_decision(row, k);
    softmax_inplace(out);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  /// Number of classes (2 for a binary model; 0 before fit).
  std::size_t n_classes() const noexcept {
    if (!is_fitted()) return 0;
    return coef_.rows() == 1 ? 2 : static_cast<std::size_t>(coef_.rows());
  }

  Eigen::MatrixXd coef_;
  Eigen::VectorXd intercept_;
  int n_iter_ = 0;
  bool converged_ = false;
  Schema feature_names_in_;
  /// Training mean per feature; empty for a model loaded from a version-1
  /// file or one that did not record them (it predicts, explanations
  /// refuse it).
  Eigen::VectorXd feature_means_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(coef_), FEPIPE_NVP(intercept_),
       FEPIPE_NVP(n_iter_), FEPIPE_NVP(converged_));
    if (version >= 2) ar(FEPIPE_NVP(feature_means_));
    if constexpr (Archive::is_loading) {
      if (version < 2) feature_means_.resize(0);
      check_loaded(version >= 2);
    }
  }

 private:
  // ---- options ---------------------------------------------------------------
  void validate() const {
    if (!(options_.C > 0.0))
      detail::throw_parameter(type_name, "C must be > 0, got " + detail::python_float_repr(options_.C));
    if (options_.max_iter < 1)
      detail::throw_parameter(type_name, "max_iter must be >= 1, got " + std::to_string(options_.max_iter));
    if (!(options_.tol >= 0.0))
      detail::throw_parameter(type_name, "tol must be >= 0, got " + detail::python_float_repr(options_.tol));
    if (options_.class_weight == ClassWeight::given) {
      if (options_.class_weights.empty())
        detail::throw_parameter(type_name, "class_weight is 'given' but class_weights is empty");
      for (std::size_t c = 0; c < options_.class_weights.size(); ++c) {
        const double w = options_.class_weights[c];
        if (!(w >= 0.0) || !std::isfinite(w))
          detail::throw_parameter(type_name, "class_weights[" + std::to_string(c) +
                                                 "] must be a finite number >= 0, got " +
                                                 detail::python_float_repr(w));
      }
    } else if (!options_.class_weights.empty()) {
      detail::throw_parameter(type_name, "class_weights is set but class_weight is '" +
                                             std::string(enum_names(options_.class_weight)[static_cast<std::size_t>(
                                                 options_.class_weight)]) +
                                             "' (use class_weight = given)");
    }
  }

  // ---- fit -------------------------------------------------------------------
  LogisticRegression& fit_frame(const Frame& X, const Target& y, const Eigen::VectorXd* sw) {
    Schema schema = detail::fit_schema(X, type_name);
    detail::check_numeric_frame(X, type_name, true);
    fit_matrix(detail::to_matrix(X), y, sw, std::move(schema));
    return *this;
  }
  LogisticRegression& fit_eigen(const Eigen::MatrixXd& X, const Target& y, const Eigen::VectorXd* sw) {
    if (X.rows() == 0 || X.cols() == 0) detail::throw_data(type_name, "", "the matrix is empty");
    check_finite_matrix(X);
    fit_matrix(X, y, sw, matrix_schema(X.cols()));
    return *this;
  }

  // Column names x0..x{p-1} for a bare matrix (as detail::matrix_schema,
  // whose `"x" + std::to_string(j)` trips GCC 12's false -Wrestrict
  // positive, PR 105651, once inlined here).
  static std::string matrix_column(Eigen::Index j) {
    std::string name("x");
    name += std::to_string(j);
    return name;
  }
  static Schema matrix_schema(Eigen::Index p) {
    Schema s;
    for (Eigen::Index j = 0; j < p; ++j) s.push_back({matrix_column(j), Kind::numeric, {}});
    return s;
  }

  static void check_finite_matrix(const Eigen::MatrixXd& X) {
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      for (Eigen::Index i = 0; i < X.rows(); ++i)
        if (!std::isfinite(X(i, j))) [[unlikely]]
          detail::throw_data(type_name, matrix_column(j),
                             detail::value_at_row(X(i, j), static_cast<std::size_t>(i)) + " is not finite");
  }

  /// Labels 0..k−1 with every class present; returns k.
  static int check_target(const Target& y, Eigen::Index n) {
    if (y.size() != n)
      detail::throw_schema(type_name, "", "target has " + std::to_string(y.size()) + " values for " +
                                              std::to_string(n) + " rows");
    double max_label = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = y[i];
      // A label ≥ n cannot be part of 0..k−1 with every class present, and
      // rejecting it early bounds the class count by the row count.
      if (!(v >= 0.0) || v >= static_cast<double>(n) || v != std::floor(v))
        detail::throw_data(type_name, "",
                           "target " + detail::value_at_row(v, static_cast<std::size_t>(i)) +
                               " is not a class label (labels must be 0..k-1, every class present)");
      max_label = std::max(max_label, v);
    }
    const int k = static_cast<int>(max_label) + 1;
    if (k < 2)
      detail::throw_data(type_name, "", "the target holds a single class (0); at least two classes are needed");
    std::vector<char> seen(static_cast<std::size_t>(k), 0);
    for (Eigen::Index i = 0; i < n; ++i) seen[static_cast<std::size_t>(y[i])] = 1;
    for (int c = 0; c < k; ++c)
      if (!seen[static_cast<std::size_t>(c)])
        detail::throw_data(type_name, "",
                           "class " + std::to_string(c) + " does not occur in the target (labels must be 0.." +
                               std::to_string(k - 1) + ", every class present)");
    return k;
  }

  /// Per-row weights as scikit-learn builds them: sample weight × class weight.
  Eigen::VectorXd row_weights(const Target& y, const Eigen::VectorXd* sw, int k) const {
    const Eigen::Index n = y.size();
    Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
    if (sw) {
      if (sw->size() != n)
        detail::throw_schema(type_name, "", "sample_weight has " + std::to_string(sw->size()) + " values for " +
                                                std::to_string(n) + " rows");
      for (Eigen::Index i = 0; i < n; ++i) {
        const double v = (*sw)[i];
        if (!(v >= 0.0) || !std::isfinite(v))
          detail::throw_data(type_name, "",
                             "sample_weight " + detail::value_at_row(v, static_cast<std::size_t>(i)) +
                                 " is not a finite number >= 0");
      }
      w = *sw;
    }
    std::vector<double> cw;
    if (options_.class_weight == ClassWeight::balanced) {
      // compute_class_weight("balanced"): n / (k · bincount(y)).
      std::vector<double> count(static_cast<std::size_t>(k), 0.0);
      for (Eigen::Index i = 0; i < n; ++i) count[static_cast<std::size_t>(y[i])] += 1.0;
      for (int c = 0; c < k; ++c)
        cw.push_back(static_cast<double>(n) / (static_cast<double>(k) * count[static_cast<std::size_t>(c)]));
    } else if (options_.class_weight == ClassWeight::given) {
      if (options_.class_weights.size() != static_cast<std::size_t>(k))
        detail::throw_parameter(type_name, "class_weights has " + std::to_string(options_.class_weights.size()) +
                                               " entries but the target has " + std::to_string(k) + " classes");
      cw = options_.class_weights;
    }
    if (!cw.empty())
      for (Eigen::Index i = 0; i < n; ++i) w[i] *= cw[static_cast<std::size_t>(y[i])];
    return w;
  }

  void fit_matrix(const Eigen::MatrixXd& X, const Target& y, const Eigen::VectorXd* sw, Schema schema) {
    const Eigen::Index p = X.cols();
    const int k = check_target(y, X.rows());
    Eigen::VectorXd means(p);
    for (Eigen::Index j = 0; j < p; ++j)
      means[j] = detail::pairwise_sum({X.col(j).data(), static_cast<std::size_t>(X.rows())}) /
                 static_cast<double>(X.rows());
    const Eigen::VectorXd weights = row_weights(y, sw, k);
    // penalty='none' is C = inf in scikit-learn: l2_reg_strength = 1/inf = 0.
    const double l2 = options_.penalty == Penalty::none ? 0.0 : 1.0 / options_.C;
    detail::LogisticLoss loss(X, y, weights, k, l2, options_.fit_intercept);
    Eigen::VectorXd w = Eigen::VectorXd::Zero(loss.n_params());
    detail::LbfgsOptions lo;
    lo.max_iter = options_.max_iter;
    lo.gtol = options_.tol;
    const detail::LbfgsResult res = detail::lbfgs_minimize(loss, w, lo);
    if (!w.allFinite())
      detail::throw_data(type_name, "", "L-BFGS diverged (non-finite coefficients); scale the inputs");

    const Eigen::Index rows = k == 2 ? 1 : k;
    Eigen::MatrixXd coef(rows, p);
    Eigen::VectorXd intercept = Eigen::VectorXd::Zero(rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
      for (Eigen::Index j = 0; j < p; ++j) coef(r, j) = w[j * rows + r];
      if (options_.fit_intercept) intercept[r] = w[p * rows + r];
    }
    coef_ = std::move(coef);
    intercept_ = std::move(intercept);
    n_iter_ = std::min(res.n_iter, options_.max_iter);
    converged_ = res.converged();
    feature_names_in_ = std::move(schema);
    feature_means_ = std::move(means);
  }

  // ---- prediction kernels (shared by the batch and the record paths) ---------
  /// D(:, k) = Σⱼ coef(k, j)·x_j + b_k, the sum in feature order, so that
  /// row_decision gives the same bits for one record.
  template <class ColumnAt>
  Eigen::MatrixXd decisions(Eigen::Index n, ColumnAt&& column) const {
    const Eigen::Index rows = coef_.rows(), p = coef_.cols();
    Eigen::MatrixXd D = Eigen::MatrixXd::Zero(n, rows);
    for (Eigen::Index k = 0; k < rows; ++k) {
      double* d = D.col(k).data();
      for (Eigen::Index j = 0; j < p; ++j) {
        const double c = coef_(k, j);
        const double* x = column(j);
        for (Eigen::Index i = 0; i < n; ++i) d[i] += c * x[i];
      }
      const double b = intercept_[k];
      for (Eigen::Index i = 0; i < n; ++i) d[i] = d[i] + b;
    }
    return D;
  }

  double row_decision(std::span<const Value> row, Eigen::Index k) const noexcept {
    double acc = 0.0;
    for (std::size_t j = 0; j < row.size(); ++j) acc += coef_(k, static_cast<Eigen::Index>(j)) * row[j].number();
    return acc + intercept_[k];
  }

  /// P(1) = expit(d) (scipy: 1/(1 + exp(−d))), P(0) = 1 − P(1).
  static void binary_proba(double d, double* out) noexcept {
    out[1] = 1.0 / (1.0 + std::exp(-d));
    out[0] = 1.0 - out[1];
  }

  /// scikit-learn's softmax: subtract the row max, exponentiate, divide by
  /// the (numpy pairwise) sum.
  static void softmax_inplace(std::span<double> z) noexcept {
    double mx = z[0];
    for (std::size_t k = 1; k < z.size(); ++k) mx = std::max(mx, z[k]);
    for (double& v : z) v = std::exp(v - mx);
    const double s = detail::pairwise_sum(z);
    for (double& v : z) v /= s;
  }

  Eigen::VectorXd labels_from(const Eigen::MatrixXd& D) const {
    Eigen::VectorXd out(D.rows());
    if (D.cols() == 1) {
      for (Eigen::Index i = 0; i < D.rows(); ++i) out[i] = D(i, 0) > 0.0 ? 1.0 : 0.0;
      return out;
    }
    for (Eigen::Index i = 0; i < D.rows(); ++i) {
      Eigen::Index best = 0;
      for (Eigen::Index k = 1; k < D.cols(); ++k)
        if (D(i, k) > D(i, best)) best = k;
      out[i] = static_cast<double>(best);
    }
    return out;
  }

  Eigen::MatrixXd proba_from(const Eigen::MatrixXd& D) const {
    const Eigen::Index n = D.rows();
    if (D.cols() == 1) {
      Eigen::MatrixXd P(n, 2);
      double pr[2];
      for (Eigen::Index i = 0; i < n; ++i) {
        binary_proba(D(i, 0), pr);
        P(i, 0) = pr[0];
        P(i, 1) = pr[1];
      }
      return P;
    }
    const Eigen::Index K = D.cols();
    Eigen::MatrixXd P(n, K);
    std::vector<double> buf(static_cast<std::size_t>(K));
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index k = 0; k < K; ++k) buf[static_cast<std::size_t>(k)] = D(i, k);
      softmax_inplace(buf);
      for (Eigen::Index k = 0; k < K; ++k) P(i, k) = buf[static_cast<std::size_t>(k)];
    }
    return P;
  }

  void check_matrix_for_predict(const Eigen::MatrixXd& X) const {
    if (!is_fitted()) detail::throw_not_fitted(type_name);
    if (X.cols() != coef_.cols())
      detail::throw_schema(type_name, "", "matrix has " + std::to_string(X.cols()) + " columns, fitted on " +
                                              std::to_string(coef_.cols()));
    check_finite_matrix(X);
  }

  /// Width, kinds and finiteness of a record, before any arithmetic.
  void check_row(std::span<const Value> row) const {
    detail::check_record(row, feature_names_in_, type_name);
    for (std::size_t j = 0; j < row.size(); ++j) {
      const double x = detail::cell_number(row[j], type_name, feature_names_in_[j].name);
      if (!std::isfinite(x)) [[unlikely]]
        detail::throw_data(type_name, feature_names_in_[j].name,
                           "value " + detail::python_float_repr(x) + " is not finite");
    }
  }

  // ---- model files -------------------------------------------------------------
  void check_loaded(bool has_means) const {
    validate();
    const auto bad = [](const std::string& what) { detail::throw_model_format("LogisticRegression: " + what); };
    if (feature_names_in_.empty()) {
      if (coef_.size() != 0 || intercept_.size() != 0 || feature_means_.size() != 0)
        bad("coefficients stored for a model without features");
      return;
    }
    // Empty: not recorded (a model converted from scikit-learn, which keeps
    // no training means); it predicts, explanations refuse it.
    if (has_means && feature_means_.size() != 0 &&
        static_cast<std::size_t>(feature_means_.size()) != feature_names_in_.size())
      bad("feature_means_ has " + std::to_string(feature_means_.size()) + " entries for " +
          std::to_string(feature_names_in_.size()) + " features");
    if (!feature_means_.allFinite()) bad("feature_means_ holds a non-finite value");
    if (static_cast<std::size_t>(coef_.cols()) != feature_names_in_.size())
      bad("coef_ has " + std::to_string(coef_.cols()) + " columns for " +
          std::to_string(feature_names_in_.size()) + " features");
    if (coef_.rows() != 1 && coef_.rows() < 3)
      bad("coef_ has " + std::to_string(coef_.rows()) + " rows (1 for binary, k >= 3 for multinomial)");
    if (intercept_.size() != coef_.rows())
      bad("intercept_ has " + std::to_string(intercept_.size()) + " entries for " + std::to_string(coef_.rows()) +
          " coefficient rows");
    if (!coef_.allFinite() || !intercept_.allFinite()) bad("non-finite coefficients");
    if (n_iter_ < 0 || n_iter_ > options_.max_iter) bad("n_iter_ is outside 0..max_iter");
    if (options_.class_weight == ClassWeight::given && options_.class_weights.size() != n_classes())
      bad("class_weights has " + std::to_string(options_.class_weights.size()) + " entries for " +
          std::to_string(n_classes()) + " classes");
    for (const auto& spec : feature_names_in_)
      if (spec.kind != Kind::numeric) bad("feature '" + spec.name + "' is not numeric");
  }

  Options options_;
};

static_assert(RowClassifier<LogisticRegression>);

FEPIPE_NAMESPACE_END
