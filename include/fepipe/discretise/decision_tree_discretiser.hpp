#pragma once
/// @file
/// DecisionTreeDiscretiser — feature_engine.discretisation.DecisionTreeDiscretiser.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/detail/binning.hpp"
#include "fepipe/tree/tree_grid_search.hpp"
#include "fepipe/core/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What DecisionTreeDiscretiser outputs.
enum class TreeBinOutput : std::uint8_t {
  prediction,  ///< the tree's prediction (regression) or P(class 1) (classification)
  bin_number,  ///< the number of the tree's interval, as a number
  boundaries,  ///< the tree's interval as pandas' label, e.g. "(2.5, 5.0]"
};
constexpr std::array<std::string_view, 3> enum_names(TreeBinOutput) {
  return {"prediction", "bin_number", "boundaries"};
}

/// Replaces each numeric variable by the output of a one-feature decision
/// tree fitted to the target, tuned by cross-validated grid search
/// (scikit-learn's GridSearchCV: `cv` folds — KFold for regression,
/// StratifiedKFold for classification, without shuffling — the `scoring`
/// scorer, the first best mean test score, then a refit on all rows). A
/// one-feature tree cuts the line into intervals at its split thresholds,
/// so the output is also a discretisation.
///
/// Output (`bin_output`): the tree's prediction, or P(class 1) with
/// `regression = false` (rounded to `precision` decimals if set, as
/// numpy.round); the interval number; or pandas' interval label (needs
/// `precision`). Predictions follow the tree exactly, which compares the
/// value rounded to float32 with its thresholds (as scikit-learn does);
/// interval numbers and labels follow pandas.cut on the value itself.
/// NaN and ±inf are rejected at fit and transform (DataError), and so are
/// values beyond float32 where the tree sees them.
///
/// Targets: regression needs a non-binary target; classification class
/// labels 0..c-1, each class with at least `cv` rows. Learns:
/// - `binner_dict_`: variable → [-inf, sorted split thresholds..., +inf]
///   (also in prediction mode, where feature-engine stores the search).
/// - `bin_predictions_`: variable → the tree's output on each interval.
/// - `scores_dict_`: variable → the scorer on the training data.
/// - `best_params_`: variable → the chosen tree parameters.
/// - `variables_`, `feature_names_in_`.
class DecisionTreeDiscretiser {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;
    TreeBinOutput bin_output = TreeBinOutput::prediction;
    /// Decimals of predictions / significant digits of interval labels
    /// (1 to 19); required for boundaries.
    std::optional<int> precision{};
    /// Cross-validation folds (>= 2).
    int cv = 3;
    TreeScoring scoring = TreeScoring::neg_mean_squared_error;
    TreeParamGrid param_grid{};
    /// A regression tree, or (false) a classification tree on labels 0..c-1.
    bool regression = true;
    std::optional<std::uint32_t> random_state{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(bin_output), FEPIPE_NVP(precision), FEPIPE_NVP(cv),
         FEPIPE_NVP(scoring), FEPIPE_NVP(param_grid), FEPIPE_NVP(regression), FEPIPE_NVP(random_state));
    }
  };

  static constexpr std::string_view type_name = "DecisionTreeDiscretiser";
  static constexpr std::uint32_t serial_version = 1;

  DecisionTreeDiscretiser() = default;
  explicit DecisionTreeDiscretiser(Options options) : options_(std::move(options)) { validate(); }

  DecisionTreeDiscretiser& fit(const Frame& X, const Target* y = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    const detail::TreeSearchSpec spec = search_spec();
    detail::check_tree_target(y, X.rows(), spec, type_name);
    Dict<std::vector<double>> binner, predictions;
    Dict<double> scores;
    Dict<TreeParams> params;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      const std::string& var = fitted.variables[k];
      detail::check_tree_values(X.column(fitted.positions[k]).values(), type_name, var);
      Frame one(X.rows());
      one.add(var, X.column(fitted.positions[k]));
      if (spec.regression)
        learn(detail::grid_search_tree<DecisionTreeRegressor>(one, *y, spec), one, var, binner, predictions, scores,
              params);
      else
        learn(detail::grid_search_tree<DecisionTreeClassifier>(one, *y, spec), one, var, binner, predictions, scores,
              params);
    }
    Derived derived = derive(binner, predictions);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    binner_dict_ = std::move(binner);
    bin_predictions_ = std::move(predictions);
    scores_dict_ = std::move(scores);
    best_params_ = std::move(params);
    derived_ = std::move(derived);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (options_.bin_output != TreeBinOutput::prediction) {
      detail::transform_bins(X, derived_.table, positions_, type_name, false);
      return X;
    }
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      auto v = X.column(positions_[k]).mutable_values();
      detail::check_tree_values(v, type_name, variables_[k]);
      for (double& x : v) x = predict(k, x);
    }
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    if (options_.bin_output != TreeBinOutput::prediction) {
      detail::transform_bins_row(row, derived_.table, positions_, variables_, type_name, false);
      return;
    }
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      const double x = detail::cell_number(cell, type_name, variables_[k]);
      if (const char* problem = detail::tree_value_problem(x)) [[unlikely]]
        detail::throw_data(type_name, variables_[k], "value " + detail::python_float_repr(x) + " " + problem);
      cell = Value(predict(k, x));
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<std::vector<double>> binner_dict_;
  Dict<std::vector<double>> bin_predictions_;
  Dict<double> scores_dict_;
  Dict<TreeParams> best_params_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP_NONFINITE(binner_dict_),
       FEPIPE_NVP(bin_predictions_), FEPIPE_NVP(scores_dict_), FEPIPE_NVP(best_params_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(binner_dict_, variables_, type_name, "binner_dict_");
      detail::check_dict_keys(bin_predictions_, variables_, type_name, "bin_predictions_");
      detail::check_dict_keys(scores_dict_, variables_, type_name, "scores_dict_");
      detail::check_dict_keys(best_params_, variables_, type_name, "best_params_");
      detail::check_loaded_edges(binner_dict_, type_name);
      for (std::size_t k = 0; k < variables_.size(); ++k) {
        const auto& edges = binner_dict_[k].second;
        const auto& values = bin_predictions_[k].second;
        const bool ok = edges.front() == -std::numeric_limits<double>::infinity() &&
                        edges.back() == std::numeric_limits<double>::infinity() && values.size() + 1 == edges.size() &&
                        std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
        if (!ok)
          detail::throw_model_format("DecisionTreeDiscretiser: the tree of '" + variables_[k] + "' is inconsistent");
      }
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      derived_ = derive(binner_dict_, bin_predictions_);
    }
  }

 private:
  /// Rebuilt at fit and load: interval labels for the bin outputs, the
  /// (rounded) output per interval for predictions.
  struct Derived {
    detail::BinTable table;
    std::vector<std::vector<double>> outputs;
  };

  void validate() const {
    options_.variables.validate(type_name);
    detail::validate_tree_search(search_spec(), type_name);
    if (options_.precision) detail::check_label_precision(*options_.precision, type_name);
    if (options_.bin_output == TreeBinOutput::boundaries && !options_.precision)
      detail::throw_parameter(type_name, "bin_output boundaries needs a precision (digits of the interval labels)");
  }

  detail::TreeSearchSpec search_spec() const {
    return {options_.regression, options_.cv, options_.scoring, options_.param_grid, options_.random_state};
  }

  /// The interval a value falls in as the tree sees it: rounded to float32,
  /// left of a threshold when <= it.
  static std::size_t tree_bin(std::span<const double> edges, double x) noexcept {
    const double xf = static_cast<double>(static_cast<float>(x));
    return detail::edges_below(edges, xf) - 1;  // edges[0] = -inf is below every finite value
  }

  double predict(std::size_t k, double x) const noexcept {
    return derived_.outputs[k][tree_bin(binner_dict_[k].second, x)];
  }

  /// Edges, per-interval outputs, score and parameters of one searched tree.
  template <class Tree>
  static void learn(const detail::TreeSearchResult<Tree>& found, const Frame& one, const std::string& var,
                    Dict<std::vector<double>>& binner, Dict<std::vector<double>>& predictions, Dict<double>& scores,
                    Dict<TreeParams>& params) {
    std::vector<double> edges{-std::numeric_limits<double>::infinity()};
    for (double t : found.tree.split_thresholds(std::size_t{0})) edges.push_back(t);
    edges.push_back(std::numeric_limits<double>::infinity());
    // Every leaf holds training rows, so each interval gets its output from
    // the rows in it.
    const Eigen::VectorXd out = detail::tree_output(found.tree, one);
    const auto x = one.column(0).values();
    std::vector<double> values(edges.size() - 1, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < x.size(); ++r) values[tree_bin(edges, x[r])] = out[static_cast<Eigen::Index>(r)];
    FEPIPE_ASSERT(std::none_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }));
    binner.insert_or_assign(var, std::move(edges));
    predictions.insert_or_assign(var, std::move(values));
    scores.insert_or_assign(var, found.train_score);
    params.insert_or_assign(var, found.best);
  }

  Derived derive(const Dict<std::vector<double>>& binner, const Dict<std::vector<double>>& predictions) const {
    Derived d;
    if (options_.bin_output != TreeBinOutput::prediction)
      d.table = detail::BinTable(
          binner,
          options_.bin_output == TreeBinOutput::boundaries ? detail::BinOutput::intervals : detail::BinOutput::codes,
          options_.precision.value_or(3));
    for (const auto& [var, values] : predictions) {
      std::vector<double> out = values;
      if (options_.precision)
        for (double& v : out) v = detail::numpy_around(v, *options_.precision);
      d.outputs.push_back(std::move(out));
    }
    return d;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  Derived derived_;
};

static_assert(RowTransformer<DecisionTreeDiscretiser>);

FEPIPE_NAMESPACE_END
