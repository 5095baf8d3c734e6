#pragma once
/// @file
/// DecisionTreeEncoder — feature_engine.encoding.DecisionTreeEncoder.

#include <cmath>
#include <cstdint>
#include <optional>
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
#include "fepipe/encode/detail/encoding.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces categories by the prediction of a one-feature decision tree
/// fitted to the target on the categories' ordinal codes: categories are
/// first numbered (OrdinalEncoder, `encoding_method` arbitrary = order of
/// appearance, ordered = by mean target), then a tree tuned by
/// cross-validated grid search (as DecisionTreeDiscretiser: scikit-learn's
/// GridSearchCV with `cv`, `scoring`, `param_grid`, refit on all rows)
/// predicts from the code. The encoding is the tree's prediction
/// (regression) or P(class 1) (`regression = false`), rounded to
/// `precision` decimals if set.
///
/// Missing values are rejected at fit and transform (DataError). A
/// category not seen at fit becomes NaN (`unseen = ignore`), raises
/// (`raise`), or takes `fill_value` (`encode`). With `ignore_format`,
/// numeric variables are encoded too, their numbers taken as categories.
///
/// Learns:
/// - `encoder_dict_`: variable → category → encoding, categories in order
///   of first appearance in the training data.
/// - `variables_`, `feature_names_in_`.
class DecisionTreeEncoder {
 public:
  struct Options {
    OrdinalEncoding encoding_method = OrdinalEncoding::arbitrary;
    /// Cross-validation folds (>= 2).
    int cv = 3;
    TreeScoring scoring = TreeScoring::neg_mean_squared_error;
    TreeParamGrid param_grid{};
    /// A regression tree, or (false) a classification tree on labels 0..c-1.
    bool regression = true;
    std::optional<std::uint32_t> random_state{};
    Variables variables{};
    bool return_empty = false;
    bool ignore_format = false;
    /// Decimals the encodings are rounded to (numpy.round), if set (>= 0).
    std::optional<int> precision{};
    UnseenPolicy unseen = UnseenPolicy::ignore;
    /// The encoding of unseen categories with unseen = encode (required then).
    std::optional<double> fill_value{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(encoding_method), FEPIPE_NVP(cv), FEPIPE_NVP(scoring), FEPIPE_NVP(param_grid),
         FEPIPE_NVP(regression), FEPIPE_NVP(random_state), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty),
         FEPIPE_NVP(ignore_format), FEPIPE_NVP(precision), FEPIPE_NVP(unseen), FEPIPE_NVP(fill_value));
    }
  };

  static constexpr std::string_view type_name = "DecisionTreeEncoder";
  static constexpr std::uint32_t serial_version = 1;

  DecisionTreeEncoder() = default;
  explicit DecisionTreeEncoder(Options options) : options_(std::move(options)) { validate(); }

  DecisionTreeEncoder& fit(const Frame& X, const Target* y = nullptr) {
    auto fitted = detail::fit_categorical_variables(X, options_.variables, options_.return_empty, MissingValues::raise,
                                                    type_name, options_.ignore_format);
    const detail::TreeSearchSpec spec = search_spec();
    detail::check_tree_target(y, X.rows(), spec, type_name);
    Dict<Dict<double>> dict;
    if (!fitted.variables.empty()) {
      // The codes the trees learn from, as feature-engine's pipeline makes them.
      OrdinalEncoder ordinal({.encoding_method = options_.encoding_method,
                              .variables = fitted.variables,
                              .ignore_format = options_.ignore_format});
      const Frame codes = ordinal.fit(X, y).transform(X);
      for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
        const std::string& var = fitted.variables[k];
        Frame one(X.rows());
        one.add(var, codes.column(fitted.positions[k]));
        const Eigen::VectorXd encoded =
            spec.regression ? encode(detail::grid_search_tree<DecisionTreeRegressor>(one, *y, spec).tree, one)
                            : encode(detail::grid_search_tree<DecisionTreeClassifier>(one, *y, spec).tree, one);
        // dict(zip(X[var], encoded)): categories in order of first appearance.
        Dict<double> mapping = detail::with_categories(X.column(fitted.positions[k]), [&](const Column& col) {
          Dict<double> m;
          std::vector<char> seen(col.labels().size(), 0);
          auto c = col.codes();
          for (std::size_t r = 0; r < c.size(); ++r) {
            const auto code = static_cast<std::size_t>(c[r]);
            if (seen[code]) continue;
            seen[code] = 1;
            m.insert_or_assign(col.labels()[code], encoded[static_cast<Eigen::Index>(r)]);
          }
          return m;
        });
        dict.insert_or_assign(var, std::move(mapping));
      }
    }
    maps_ = detail::LabelNumberMaps(dict);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    encoder_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::reject_missing(X, positions_, type_name, detail::impute_first);
    maps_.apply(X, positions_, variables_, policy(), type_name);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    maps_.apply_row(row, positions_, variables_, feature_names_in_, policy(), type_name);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<Dict<double>> encoder_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(encoder_dict_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_encoder_dict(encoder_dict_, variables_, type_name);
      detail::check_encodings(encoder_dict_, type_name, [](double v) { return std::isfinite(v); });
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name,
                                             detail::encoder_kind(options_.ignore_format));
      detail::check_number_categories(encoder_dict_, feature_names_in_, positions_, type_name);
      maps_ = detail::LabelNumberMaps(encoder_dict_);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    detail::validate_tree_search(search_spec(), type_name);
    if (options_.precision && (*options_.precision < 0 || *options_.precision > 19))
      detail::throw_parameter(
          type_name, "precision must be between 0 and 19 decimals, got " + std::to_string(*options_.precision));
    if (options_.unseen == UnseenPolicy::encode && !(options_.fill_value && std::isfinite(*options_.fill_value)))
      detail::throw_parameter(type_name, "unseen = encode needs a finite fill_value");
  }

  detail::TreeSearchSpec search_spec() const {
    return {options_.regression, options_.cv, options_.scoring, options_.param_grid, options_.random_state};
  }

  /// The tree's output per row (rounded to `precision` decimals if set).
  template <class Tree>
  Eigen::VectorXd encode(const Tree& tree, const Frame& codes) const {
    Eigen::VectorXd out = detail::tree_output(tree, codes);
    if (options_.precision)
      for (double& v : out) v = detail::numpy_around(v, *options_.precision);
    return out;
  }

  detail::LabelNumberMaps::Policy policy() const {
    return {MissingValues::raise, options_.unseen, options_.fill_value.value_or(detail::nan_v), detail::impute_first};
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::LabelNumberMaps maps_;
};

static_assert(RowTransformer<DecisionTreeEncoder>);

FEPIPE_NAMESPACE_END
