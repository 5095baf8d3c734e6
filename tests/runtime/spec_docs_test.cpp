// docs/spec-options.md is generated from the classes' options (the
// describing side of runtime/spec.hpp) by this test, which fails when the
// committed page differs, so the page cannot drift from the code. Rewrite
// it after changing an option:
//
//   FEPIPE_WRITE_SPEC_DOCS=1 build/tests/test_runtime -tc="spec docs*"
//
// The reference signatures below (feature-engine 1.6.2 at its release
// commit, scikit-learn 1.2.1 by inspect.signature) say, per class, which
// reference keywords fepipe does not accept and which fepipe keywords the
// reference lacks; the page lists both.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/fepipe.hpp"
#include "fepipe/runtime/spec.hpp"

namespace runtime_spec_docs_test {

using namespace fepipe;

namespace {

struct Reference {
  std::string_view cls;
  /// The reference class ("" for SelectByLasso, fepipe's own).
  std::string_view python;
  std::string_view version;
  std::vector<std::string_view> keywords;
  /// Keywords feature-engine 1.9.4 added that fepipe follows.
  std::vector<std::string_view> newer;
};

const std::vector<Reference>& references() {
  static const std::vector<Reference> table{
    {"MeanMedianImputer", "feature_engine.imputation.MeanMedianImputer", "feature-engine 1.6.2", {"imputation_method", "variables"}, {"return_empty"}},
    {"ArbitraryNumberImputer", "feature_engine.imputation.ArbitraryNumberImputer", "feature-engine 1.6.2", {"arbitrary_number", "variables", "imputer_dict"}, {"return_empty"}},
    {"EndTailImputer", "feature_engine.imputation.EndTailImputer", "feature-engine 1.6.2", {"imputation_method", "tail", "fold", "variables"}, {"return_empty"}},
    {"CategoricalImputer", "feature_engine.imputation.CategoricalImputer", "feature-engine 1.6.2", {"imputation_method", "fill_value", "variables", "return_object", "ignore_format"}, {"return_empty"}},
    {"AddMissingIndicator", "feature_engine.imputation.AddMissingIndicator", "feature-engine 1.6.2", {"missing_only", "variables"}, {"return_empty"}},
    {"RandomSampleImputer", "feature_engine.imputation.RandomSampleImputer", "feature-engine 1.6.2", {"variables", "random_state", "seed", "seeding_method"}, {"return_empty"}},
    {"DropMissingData", "feature_engine.imputation.DropMissingData", "feature-engine 1.6.2", {"missing_only", "threshold", "variables"}, {"return_empty"}},
    {"OneHotEncoder", "feature_engine.encoding.OneHotEncoder", "feature-engine 1.6.2", {"top_categories", "drop_last", "drop_last_binary", "variables", "ignore_format"}, {"return_empty"}},
    {"OrdinalEncoder", "feature_engine.encoding.OrdinalEncoder", "feature-engine 1.6.2", {"encoding_method", "variables", "missing_values", "ignore_format", "unseen"}, {"return_empty"}},
    {"CountFrequencyEncoder", "feature_engine.encoding.CountFrequencyEncoder", "feature-engine 1.6.2", {"encoding_method", "variables", "missing_values", "ignore_format", "unseen"}, {"return_empty"}},
    {"MeanEncoder", "feature_engine.encoding.MeanEncoder", "feature-engine 1.6.2", {"variables", "missing_values", "ignore_format", "unseen", "smoothing"}, {"return_empty"}},
    {"WoEEncoder", "feature_engine.encoding.WoEEncoder", "feature-engine 1.6.2", {"variables", "ignore_format", "unseen", "fill_value"}, {"return_empty"}},
    {"RareLabelEncoder", "feature_engine.encoding.RareLabelEncoder", "feature-engine 1.6.2", {"tol", "n_categories", "max_n_categories", "replace_with", "variables", "missing_values", "ignore_format"}, {"return_empty"}},
    {"DecisionTreeEncoder", "feature_engine.encoding.DecisionTreeEncoder", "feature-engine 1.6.2", {"encoding_method", "cv", "scoring", "param_grid", "regression", "random_state", "variables", "ignore_format"}, {"return_empty", "precision", "unseen", "fill_value"}},
    {"EqualFrequencyDiscretiser", "feature_engine.discretisation.EqualFrequencyDiscretiser", "feature-engine 1.6.2", {"variables", "q", "return_object", "return_boundaries", "precision"}, {"return_empty"}},
    {"EqualWidthDiscretiser", "feature_engine.discretisation.EqualWidthDiscretiser", "feature-engine 1.6.2", {"variables", "bins", "return_object", "return_boundaries", "precision"}, {"return_empty"}},
    {"ArbitraryDiscretiser", "feature_engine.discretisation.ArbitraryDiscretiser", "feature-engine 1.6.2", {"binning_dict", "return_object", "return_boundaries", "precision", "errors"}, {}},
    {"DecisionTreeDiscretiser", "feature_engine.discretisation.DecisionTreeDiscretiser", "feature-engine 1.6.2", {"variables", "cv", "scoring", "param_grid", "regression", "random_state"}, {"return_empty", "bin_output", "precision"}},
    {"LogTransformer", "feature_engine.transformation.LogTransformer", "feature-engine 1.6.2", {"variables", "base"}, {"return_empty"}},
    {"LogCpTransformer", "feature_engine.transformation.LogCpTransformer", "feature-engine 1.6.2", {"variables", "base", "C"}, {"return_empty"}},
    {"ReciprocalTransformer", "feature_engine.transformation.ReciprocalTransformer", "feature-engine 1.6.2", {"variables"}, {"return_empty"}},
    {"PowerTransformer", "feature_engine.transformation.PowerTransformer", "feature-engine 1.6.2", {"variables", "exp"}, {"return_empty"}},
    {"BoxCoxTransformer", "feature_engine.transformation.BoxCoxTransformer", "feature-engine 1.6.2", {"variables"}, {"return_empty"}},
    {"YeoJohnsonTransformer", "feature_engine.transformation.YeoJohnsonTransformer", "feature-engine 1.6.2", {"variables"}, {"return_empty"}},
    {"ArcsinTransformer", "feature_engine.transformation.ArcsinTransformer", "feature-engine 1.6.2", {"variables"}, {"return_empty"}},
    {"Binarizer", "feature_engine.wrappers.SklearnTransformerWrapper(sklearn.preprocessing.Binarizer())", "scikit-learn 1.2.1", {"threshold", "copy", "variables"}, {}},
    {"Winsorizer", "feature_engine.outliers.Winsorizer", "feature-engine 1.6.2", {"capping_method", "tail", "fold", "add_indicators", "variables", "missing_values"}, {"return_empty"}},
    {"ArbitraryOutlierCapper", "feature_engine.outliers.ArbitraryOutlierCapper", "feature-engine 1.6.2", {"max_capping_dict", "min_capping_dict", "missing_values"}, {}},
    {"OutlierTrimmer", "feature_engine.outliers.OutlierTrimmer", "feature-engine 1.6.2", {"capping_method", "tail", "fold", "variables", "missing_values"}, {"return_empty"}},
    {"MinMaxScaler", "feature_engine.wrappers.SklearnTransformerWrapper(sklearn.preprocessing.MinMaxScaler())", "scikit-learn 1.2.1", {"feature_range", "copy", "clip", "variables"}, {}},
    {"StandardScaler", "feature_engine.wrappers.SklearnTransformerWrapper(sklearn.preprocessing.StandardScaler())", "scikit-learn 1.2.1", {"copy", "with_mean", "with_std", "variables"}, {}},
    {"RobustScaler", "feature_engine.wrappers.SklearnTransformerWrapper(sklearn.preprocessing.RobustScaler())", "scikit-learn 1.2.1", {"with_centering", "with_scaling", "quantile_range", "copy", "unit_variance", "variables"}, {}},
    {"MaxAbsScaler", "feature_engine.wrappers.SklearnTransformerWrapper(sklearn.preprocessing.MaxAbsScaler())", "scikit-learn 1.2.1", {"copy", "variables"}, {}},
    {"MathFeatures", "feature_engine.creation.MathFeatures", "feature-engine 1.6.2", {"variables", "func", "new_variables_names", "missing_values", "drop_original"}, {}},
    {"RelativeFeatures", "feature_engine.creation.RelativeFeatures", "feature-engine 1.6.2", {"variables", "reference", "func", "fill_value", "missing_values", "drop_original"}, {}},
    {"CyclicalFeatures", "feature_engine.creation.CyclicalFeatures", "feature-engine 1.6.2", {"variables", "max_values", "drop_original"}, {"return_empty"}},
    {"DropFeatures", "feature_engine.selection.DropFeatures", "feature-engine 1.6.2", {"features_to_drop"}, {}},
    {"DropConstantFeatures", "feature_engine.selection.DropConstantFeatures", "feature-engine 1.6.2", {"variables", "tol", "missing_values", "confirm_variables"}, {}},
    {"DropDuplicateFeatures", "feature_engine.selection.DropDuplicateFeatures", "feature-engine 1.6.2", {"variables", "missing_values", "confirm_variables"}, {}},
    {"DropCorrelatedFeatures", "feature_engine.selection.DropCorrelatedFeatures", "feature-engine 1.6.2", {"variables", "method", "threshold", "missing_values", "confirm_variables"}, {}},
    {"SelectByLasso", "", "", {}, {}},
    {"Lasso", "sklearn.linear_model.Lasso", "scikit-learn 1.2.1", {"alpha", "fit_intercept", "precompute", "copy_X", "max_iter", "tol", "warm_start", "positive", "random_state", "selection"}, {}},
    {"LogisticRegression", "sklearn.linear_model.LogisticRegression", "scikit-learn 1.2.1", {"penalty", "dual", "tol", "C", "fit_intercept", "intercept_scaling", "class_weight", "random_state", "solver", "max_iter", "multi_class", "verbose", "warm_start", "n_jobs", "l1_ratio"}, {}},
    {"DecisionTreeClassifier", "sklearn.tree.DecisionTreeClassifier", "scikit-learn 1.2.1", {"criterion", "splitter", "max_depth", "min_samples_split", "min_samples_leaf", "min_weight_fraction_leaf", "max_features", "random_state", "max_leaf_nodes", "min_impurity_decrease", "class_weight", "ccp_alpha"}, {}},
    {"DecisionTreeRegressor", "sklearn.tree.DecisionTreeRegressor", "scikit-learn 1.2.1", {"criterion", "splitter", "max_depth", "min_samples_split", "min_samples_leaf", "min_weight_fraction_leaf", "max_features", "random_state", "max_leaf_nodes", "min_impurity_decrease", "ccp_alpha"}, {}},
    {"GradientBoostingClassifier", "sklearn.ensemble.GradientBoostingClassifier", "scikit-learn 1.2.1", {"loss", "learning_rate", "n_estimators", "subsample", "criterion", "min_samples_split", "min_samples_leaf", "min_weight_fraction_leaf", "max_depth", "min_impurity_decrease", "init", "random_state", "max_features", "verbose", "max_leaf_nodes", "warm_start", "validation_fraction", "n_iter_no_change", "tol", "ccp_alpha"}, {}},
    {"GradientBoostingRegressor", "sklearn.ensemble.GradientBoostingRegressor", "scikit-learn 1.2.1", {"loss", "learning_rate", "n_estimators", "subsample", "criterion", "min_samples_split", "min_samples_leaf", "min_weight_fraction_leaf", "max_depth", "min_impurity_decrease", "init", "random_state", "max_features", "alpha", "verbose", "max_leaf_nodes", "warm_start", "validation_fraction", "n_iter_no_change", "tol", "ccp_alpha"}, {}},
    {"HistGradientBoostingClassifier", "sklearn.ensemble.HistGradientBoostingClassifier", "scikit-learn 1.2.1", {"loss", "learning_rate", "max_iter", "max_leaf_nodes", "max_depth", "min_samples_leaf", "l2_regularization", "max_bins", "categorical_features", "monotonic_cst", "interaction_cst", "warm_start", "early_stopping", "scoring", "validation_fraction", "n_iter_no_change", "tol", "verbose", "random_state", "class_weight"}, {}},
    {"HistGradientBoostingRegressor", "sklearn.ensemble.HistGradientBoostingRegressor", "scikit-learn 1.2.1", {"loss", "quantile", "learning_rate", "max_iter", "max_leaf_nodes", "max_depth", "min_samples_leaf", "l2_regularization", "max_bins", "categorical_features", "monotonic_cst", "interaction_cst", "warm_start", "early_stopping", "scoring", "validation_fraction", "n_iter_no_change", "tol", "verbose", "random_state"}, {}},
  };
  return table;
}

const Reference& reference_of(std::string_view cls) {
  for (const Reference& r : references())
    if (r.cls == cls) return r;
  FAIL("no reference entry for " << cls);
  static const Reference none{};
  return none;
}

template <class Step>
std::vector<std::string> keywords() {
  std::vector<std::string> out;
  for (const SpecOptionDoc& row : step_options<Step>())
    if (row.keyword.find('.') == std::string::npos) out.push_back(row.keyword);
  return out;
}

std::string code_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "`" : ", `") + n + "`";
  return out;
}

template <class Step>
std::string section() {
  const Reference& ref = reference_of(Step::type_name);
  std::string out = step_options_doc<Step>();
  const std::vector<std::string> ours = keywords<Step>();
  auto in = [](const auto& list, std::string_view k) { return std::find(list.begin(), list.end(), k) != list.end(); };
  out += "\n";
  if (ref.python.empty()) {
    out += "fepipe's own class (scikit-learn's `SelectFromModel(Lasso(...))`): its keywords are fepipe's.\n\n";
    return out;
  }
  out += "Reference: `" + std::string(ref.python) + "` (" + std::string(ref.version) + ").";
  std::vector<std::string> missing, newer, own;
  for (std::string_view k : ref.keywords)
    if (!in(ours, k)) missing.emplace_back(k);
  for (const std::string& k : ours) {
    if (in(ref.keywords, k)) continue;
    (in(ref.newer, k) ? newer : own).push_back(k);
  }
  if (!missing.empty()) out += " Not accepted (unknown option): " + code_list(missing) + ".";
  if (!newer.empty()) out += " From feature-engine 1.9.4: " + code_list(newer) + ".";
  if (!own.empty()) out += " fepipe's own: " + code_list(own) + ".";
  return out + "\n\n";
}

template <class... Steps>
std::string family(std::string_view title) {
  std::string out = "## " + std::string(title) + "\n\n";
  ((out += section<Steps>()), ...);
  return out;
}

template <class... Steps>
void names_of(std::set<std::string>& out) {
  (out.emplace(Steps::type_name), ...);
}

#define FEPIPE_SPEC_IMPUTE                                                                                   \
  MeanMedianImputer, ArbitraryNumberImputer, EndTailImputer, CategoricalImputer, AddMissingIndicator, \
      RandomSampleImputer, DropMissingData
#define FEPIPE_SPEC_ENCODE                                                                                  \
  OneHotEncoder, OrdinalEncoder, CountFrequencyEncoder, MeanEncoder, WoEEncoder, RareLabelEncoder, \
      DecisionTreeEncoder
#define FEPIPE_SPEC_DISCRETISE \
  EqualFrequencyDiscretiser, EqualWidthDiscretiser, ArbitraryDiscretiser, DecisionTreeDiscretiser
#define FEPIPE_SPEC_TRANSFORM                                                                                   \
  LogTransformer, LogCpTransformer, ReciprocalTransformer, PowerTransformer, BoxCoxTransformer, \
      YeoJohnsonTransformer, ArcsinTransformer, Binarizer
#define FEPIPE_SPEC_OUTLIER Winsorizer, ArbitraryOutlierCapper, OutlierTrimmer
#define FEPIPE_SPEC_SCALE MinMaxScaler, StandardScaler, RobustScaler, MaxAbsScaler
#define FEPIPE_SPEC_CREATE MathFeatures, RelativeFeatures, CyclicalFeatures
#define FEPIPE_SPEC_SELECT \
  DropFeatures, DropConstantFeatures, DropDuplicateFeatures, DropCorrelatedFeatures, SelectByLasso
#define FEPIPE_SPEC_LINEAR Lasso, LogisticRegression
#define FEPIPE_SPEC_TREE                                                                                      \
  DecisionTreeClassifier, DecisionTreeRegressor, GradientBoostingClassifier, GradientBoostingRegressor, \
      HistGradientBoostingClassifier, HistGradientBoostingRegressor

const char* const kIntro = R"(# Step options in a pipeline spec

<!-- Generated by tests/runtime/spec_docs_test.cpp from the classes' Options; do not edit by hand.
     Regenerate: FEPIPE_WRITE_SPEC_DOCS=1 build/tests/test_runtime -tc="spec docs*" -->

A run-time pipeline spec names each step by its feature-engine or
scikit-learn class and gives its options as that class's keyword
arguments, in JSON:

```json
{"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["BsmtQual"]}
{"class": "Lasso", "alpha": 0.001, "random_state": 0}
```

`fepipe::step_from_params<Step>(name, json)` (`fepipe/runtime/spec.hpp`)
reads such an object into the class's options (options left out keep their
defaults; "class" is the registry's), and `fepipe::step_params_json(step)`
writes them back, every keyword included: the output reads back to the
same options. The tables below list, per class, every keyword, the JSON it
accepts and its default as `step_params_json` writes it; the C++ field
column names the `Options` field where it is not the keyword.

JSON forms, as in Python:
- `int` is a JSON integer only (`2.0` is a float, as in Python); `float`
  accepts any JSON number. Integers out of their field's range are refused.
- `NaN` is never accepted; `Infinity`/`-Infinity` (as Python's `json`
  writes them) only inside lists and dicts, e.g. the edges of
  `ArbitraryDiscretiser`'s `binning_dict`, where the class checks them.
- `null` is Python's `None`. For a list or dict option it means empty.
- `"a" | "b"`: one of those strings. `[float, float]`: a 2-element list
  (a Python tuple).
- `str | list[str]`: one name or a list of names (`"variables": "Age"` is
  `["Age"]`); `variables` left out or `null` selects automatically.
- `int | float` (tree sizes such as `min_samples_leaf`): an int is a count,
  a float a fraction of the rows, as in scikit-learn.
- `dict` with rows `option.key`: a nested object of those keys; keys left
  out keep their defaults.

Anything else is a `fepipe::ParameterError` naming the step, the class,
the option and the value, with the accepted keywords or values: an unknown
keyword (including reference keywords fepipe does not implement, listed per
class below), a value of the wrong JSON type, an unknown value, a number
out of range, a key given twice, or invalid JSON. Values of the right type
are then checked by the class's constructor, as for C++ callers.

)";

std::string page() {
  std::string out = kIntro;
  out += family<FEPIPE_SPEC_IMPUTE>("Imputation (`fepipe/impute/`)");
  out += family<FEPIPE_SPEC_ENCODE>("Encoding (`fepipe/encode/`)");
  out += family<FEPIPE_SPEC_DISCRETISE>("Discretisation (`fepipe/discretise/`)");
  out += family<FEPIPE_SPEC_TRANSFORM>("Transformation (`fepipe/transform/`)");
  out += family<FEPIPE_SPEC_OUTLIER>("Outliers (`fepipe/outlier/`)");
  out += family<FEPIPE_SPEC_SCALE>("Scaling (`fepipe/scale/`)");
  out += family<FEPIPE_SPEC_CREATE>("Feature creation (`fepipe/create/`)");
  out += family<FEPIPE_SPEC_SELECT>("Feature selection (`fepipe/select/`)");
  out += family<FEPIPE_SPEC_LINEAR>("Linear models (`fepipe/linear/`)");
  out += family<FEPIPE_SPEC_TREE>("Tree models (`fepipe/tree/`)");
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

const std::filesystem::path kRoot = std::filesystem::path(FEPIPE_TEST_DATA_DIR).parent_path().parent_path();

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("spec docs: docs/spec-options.md is the generated page") {
  const std::string generated = page();
  const std::filesystem::path path = kRoot / "docs" / "spec-options.md";
  if (const char* w = std::getenv("FEPIPE_WRITE_SPEC_DOCS"); w && std::string_view(w) == "1") {
    std::ofstream(path, std::ios::binary) << generated;
    MESSAGE("wrote " << path.string());
  }
  const std::string committed = read_text(path);
  if (committed == generated) return;
  std::istringstream a(committed), b(generated);
  std::string la, lb;
  int line = 0;
  while (true) {
    ++line;
    const bool ga = static_cast<bool>(std::getline(a, la)), gb = static_cast<bool>(std::getline(b, lb));
    if (!ga && !gb) break;
    if (!ga || !gb || la != lb) {
      FAIL_CHECK("docs/spec-options.md differs from the generated page at line "
                 << line << ":\n  committed: " << (ga ? la : "<end>") << "\n  generated: " << (gb ? lb : "<end>")
                 << "\nregenerate with FEPIPE_WRITE_SPEC_DOCS=1 build/tests/test_runtime -tc=\"spec docs*\"");
      break;
    }
  }
}

TEST_CASE("spec docs: every public step class is on the page") {
  std::set<std::string> documented;
  names_of<FEPIPE_SPEC_IMPUTE, FEPIPE_SPEC_ENCODE, FEPIPE_SPEC_DISCRETISE, FEPIPE_SPEC_TRANSFORM, FEPIPE_SPEC_OUTLIER,
           FEPIPE_SPEC_SCALE, FEPIPE_SPEC_CREATE, FEPIPE_SPEC_SELECT, FEPIPE_SPEC_LINEAR, FEPIPE_SPEC_TREE>(documented);
  // (No std::regex: GCC 12 warns inside it under the sanitizers' -O1.)
  constexpr std::string_view marker = "static constexpr std::string_view type_name = \"";
  std::set<std::string> declared;
  for (const char* fam : {"impute", "encode", "discretise", "transform", "outlier", "scale", "select", "create", "linear",
                          "tree"})
    for (const auto& entry : std::filesystem::directory_iterator(kRoot / "include" / "fepipe" / fam)) {
      if (entry.path().extension() != ".hpp") continue;
      const std::string text = read_text(entry.path());
      for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        const std::size_t begin = at + marker.size();
        declared.insert(text.substr(begin, text.find('"', begin) - begin));
      }
    }
  CHECK(declared.size() >= 49);
  for (const std::string& cls : declared) CHECK_MESSAGE(documented.count(cls) == 1, cls << " is not on the page");
  for (const std::string& cls : documented) CHECK_MESSAGE(declared.count(cls) == 1, cls << " has no public header");
  CHECK(references().size() == documented.size());
}

TEST_CASE("spec docs: fepipe's keywords beyond the reference are the known ones") {
  // A new option must use the reference's keyword, or be added here on
  // purpose (with a spec_keywords table where the reference has one).
  const std::set<std::string> expected{
      "Binarizer: return_empty",
      "HistGradientBoostingClassifier: n_threads",
      "HistGradientBoostingRegressor: n_threads",
      "LogisticRegression: class_weights",
      "MaxAbsScaler: return_empty",
      "MinMaxScaler: return_empty",
      "RobustScaler: return_empty",
      "StandardScaler: return_empty",
      "YeoJohnsonTransformer: optimizer"};
  std::set<std::string> found;
  auto check = [&]<class Step>() {
    const Reference& ref = reference_of(Step::type_name);
    if (ref.python.empty()) return;
    for (const std::string& k : keywords<Step>()) {
      auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), k) != list.end(); };
      if (!in(ref.keywords) && !in(ref.newer)) found.insert(std::string(Step::type_name) + ": " + k);
    }
  };
  auto all = [&]<class... Steps>() { (check.template operator()<Steps>(), ...); };
  all.template operator()<FEPIPE_SPEC_IMPUTE, FEPIPE_SPEC_ENCODE, FEPIPE_SPEC_DISCRETISE, FEPIPE_SPEC_TRANSFORM,
                          FEPIPE_SPEC_OUTLIER, FEPIPE_SPEC_SCALE, FEPIPE_SPEC_CREATE, FEPIPE_SPEC_SELECT,
                          FEPIPE_SPEC_LINEAR, FEPIPE_SPEC_TREE>();
  CHECK(found == expected);
}

#undef FEPIPE_SPEC_IMPUTE
#undef FEPIPE_SPEC_ENCODE
#undef FEPIPE_SPEC_DISCRETISE
#undef FEPIPE_SPEC_TRANSFORM
#undef FEPIPE_SPEC_OUTLIER
#undef FEPIPE_SPEC_SCALE
#undef FEPIPE_SPEC_CREATE
#undef FEPIPE_SPEC_SELECT
#undef FEPIPE_SPEC_LINEAR
#undef FEPIPE_SPEC_TREE

}  // namespace runtime_spec_docs_test
