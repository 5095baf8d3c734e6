"""fepipe.from_sklearn: a fitted scikit-learn / feature-engine pipeline as a fitted fepipe.Pipeline.

Nothing is refitted. Per source class, a converter reads the fitted
object's learned attributes and writes the state fepipe's own model file
holds for the equivalent class (options + learned members, under the same
member names). The states are put in one model file's JSON, which fepipe's
C++ loader reads: it checks every member again, so a conversion that is
inconsistent is refused (ExportError with the loader's message), never
silently wrong.

The model file needs each step's input columns with their kind (numeric or
categorical), which neither scikit-learn nor feature-engine keeps. The
exporter follows the columns through the steps: an encoder's variables are
categorical, an imputer of numbers' numeric, every input of a scikit-learn
scaler or estimator numeric; a column's kind learnt at any step holds for
every earlier step that saw it unchanged. A column no step types (a
pass-through of a transformer-only pipeline) is named in the error; give
``X`` (a sample frame) or ``categorical=[...]`` then.

Converters: ``_CONVERTERS`` maps (library, class name) to a function
``fn(est, ctx) -> [state, ...]``; ``register_converter(cls, fn)`` adds one
for a class of the user's. See docs/python.md.
"""

import json
import math
import numbers

import numpy as np

from . import _api, _core
from ._errors import Error

__all__ = ["from_sklearn", "register_converter", "ExportError"]

NUMERIC = "numeric"
CATEGORICAL = "categorical"


class ExportError(Error, ValueError):
    """A fitted object cannot be exported: its class, an option value or its state has no
    fepipe equivalent, or it is not fitted. The message names the step and what is unsupported."""


# --- columns and their kinds ---------------------------------------------------


class _Kind:
    """The kind of a column between two steps; learnt by any step that reads it."""

    __slots__ = ("kind", "name", "step")

    def __init__(self, name, kind=None, step=None):
        self.name, self.kind, self.step = name, kind, step


class Context:
    """What a converter sees besides the fitted object: the step's name, its input columns
    (names and kinds, as the previous steps left them) and helpers to state kinds and outputs."""

    def __init__(self, step_name, columns):
        self.step_name = step_name
        self.columns = list(columns)  # [(name, _Kind)], the step's input

    def error(self, what):
        err = ExportError(f"step '{self.step_name}': {what}")
        err.step = self.step_name
        return err

    @property
    def names(self):
        return [n for n, _ in self.columns]

    def _cell(self, name):
        for n, c in self.columns:
            if n == name:
                return c
        raise self.error(f"column '{name}' is not among its input columns {self.names}")

    def require(self, names, kind):
        """States that the input columns `names` are of `kind` (numeric / categorical)."""
        for name in names:
            cell = self._cell(name)
            if cell.kind is None:
                cell.kind, cell.step = kind, self.step_name
            elif cell.kind != kind:
                raise self.error(
                    f"column '{name}' is {kind} here, but {cell.kind} for step '{cell.step}' (a fepipe column "
                    "has one kind: numbers or labels)"
                )

    def schema(self):
        """The step's feature_names_in_ (rendered once every kind is known)."""
        return _Schema(self.columns)

    def outputs(self, names, new_kinds=None):
        """The step's output columns: a name that is an input keeps its column (and kind) unless
        new_kinds gives it a new kind; other names are new columns of new_kinds' kind (numeric by default)."""
        new_kinds = new_kinds or {}
        by_name = dict(self.columns)
        out = []
        for n in names:
            if n in by_name and n not in new_kinds:
                out.append((n, by_name[n]))
            else:
                out.append((n, _Kind(n, new_kinds.get(n, NUMERIC), self.step_name)))
        return out


class _Schema:
    def __init__(self, columns):
        self.columns = list(columns)

    def render(self):
        return {"columns": [{"name": n, "kind": c.kind, "categories": []} for n, c in self.columns]}


class State:
    """One fepipe step: its class, its keyword options (as fepipe.<cls>(**options) takes them)
    and its learned members, named and laid out as fepipe's model file has them.

    `outputs`: the step's output columns (Context.outputs); None for an estimator."""

    def __init__(self, cls, options, learned, outputs=None):
        self.cls, self.options, self.learned, self.outputs = cls, options, learned, outputs


# --- layout helpers (the model file's encodings) -------------------------------


def _num(v):
    v = float(v)
    return v


def pairs(d, value=lambda v: v):
    """A Dict<T> member: [[key, value], ...] in the dict's order."""
    return [[str(k), value(v)] for k, v in d.items()]


def matrix(a):
    """An Eigen matrix / vector member: {"rows", "cols", "data" (column-major)}."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    return {"rows": int(a.shape[0]), "cols": int(a.shape[1]), "data": [float(x) for x in a.flatten(order="F")]}


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def _label(v):
    """A category label as fepipe holds it: text (1 -> "1"); a float label that is an integer
    stays as pandas prints it ("1.0")."""
    return v if isinstance(v, str) else str(v)


def _is_missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


# --- source objects -----------------------------------------------------------------


def _library(obj):
    return type(obj).__module__.split(".")[0]


def _check_fitted(est, attrs, ctx):
    missing = [a for a in attrs if not hasattr(est, a)]
    if missing:
        raise ctx.error(f"{type(est).__name__} is not fitted (it has no {', '.join(missing)}): fit it first")


def _input_names(est, ctx):
    """Checks the step's fitted input names against the columns the previous steps give."""
    names = getattr(est, "feature_names_in_", None)
    if names is not None:
        names = [str(n) for n in names]
        if names != ctx.names:
            raise ctx.error(
                f"it was fitted on the columns {names}, but the previous steps give {ctx.names}"
            )
    else:
        n = getattr(est, "n_features_in_", None)
        if n is not None and n != len(ctx.columns):
            raise ctx.error(f"it was fitted on {n} columns, but the previous steps give {len(ctx.columns)}")


def _variables_option(v):
    if v is None:
        return None
    if isinstance(v, (str, int)):
        return [str(v)]
    return [str(x) for x in v]


def _fe_outputs(est, ctx, new_kinds=None):
    if not hasattr(est, "get_feature_names_out"):
        raise ctx.error(f"{type(est).__name__} has no get_feature_names_out: its output columns are unknown")
    return ctx.outputs([str(n) for n in est.get_feature_names_out()], new_kinds)


def _only(est, ctx, **allowed):
    """Refuses option values fepipe has no equivalent of: allowed[name] is a predicate or a tuple of values."""
    for name, ok in allowed.items():
        if not hasattr(est, name):
            continue
        v = getattr(est, name)
        good = ok(v) if callable(ok) else v in ok
        if not good:
            raise ctx.error(f"{type(est).__name__}({name}={v!r}) is not supported by fepipe's {type(est).__name__}")


# --- feature-engine converters -------------------------------------------------------


def _fe_common(est, ctx, attrs):
    _check_fitted(est, attrs, ctx)
    _input_names(est, ctx)


def fe_mean_median_imputer(est, ctx):
    _fe_common(est, ctx, ["imputer_dict_", "variables_"])
    ctx.require(est.variables_, NUMERIC)
    opts = {"imputation_method": est.imputation_method, "variables": _variables_option(est.variables)}
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "imputer_dict_": pairs(est.imputer_dict_, _num)}
    return [State("MeanMedianImputer", opts, learned, _fe_outputs(est, ctx))]


def fe_arbitrary_number_imputer(est, ctx):
    _fe_common(est, ctx, ["imputer_dict_", "variables_"])
    ctx.require(est.variables_, NUMERIC)
    opts = {"arbitrary_number": est.arbitrary_number, "variables": _variables_option(est.variables)}
    if getattr(est, "imputer_dict", None):
        opts["imputer_dict"] = {str(k): float(v) for k, v in est.imputer_dict.items()}
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "imputer_dict_": pairs(est.imputer_dict_, _num)}
    return [State("ArbitraryNumberImputer", opts, learned, _fe_outputs(est, ctx))]


def fe_categorical_imputer(est, ctx):
    _fe_common(est, ctx, ["imputer_dict_", "variables_"])
    _only(est, ctx, return_object=(False,))
    values = list(est.imputer_dict_.values())
    if not all(isinstance(v, str) for v in values):
        raise ctx.error(
            "CategoricalImputer fills a column with a non-text value "
            f"({[v for v in values if not isinstance(v, str)][:3]}): fepipe imputes labels only"
        )
    ctx.require(est.variables_, CATEGORICAL)
    opts = {"imputation_method": est.imputation_method, "fill_value": str(est.fill_value),
            "variables": _variables_option(est.variables), "ignore_format": bool(est.ignore_format)}
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "imputer_dict_": pairs(est.imputer_dict_)}
    return [State("CategoricalImputer", opts, learned, _fe_outputs(est, ctx))]


def fe_add_missing_indicator(est, ctx):
    _fe_common(est, ctx, ["variables_"])
    opts = {"missing_only": bool(est.missing_only), "variables": _variables_option(est.variables)}
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_)}
    return [State("AddMissingIndicator", opts, learned, _fe_outputs(est, ctx))]


def _encoder_options(est, names):
    opts = {}
    for n in names:
        if hasattr(est, n):
            opts[n] = getattr(est, n)
    return opts


def fe_rare_label_encoder(est, ctx):
    _fe_common(est, ctx, ["encoder_dict_", "variables_"])
    ctx.require(est.variables_, CATEGORICAL)
    opts = _encoder_options(est, ["tol", "n_categories", "max_n_categories", "replace_with", "missing_values",
                                  "ignore_format"])
    opts["replace_with"] = str(opts["replace_with"])
    opts["variables"] = _variables_option(est.variables)
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "encoder_dict_": pairs(est.encoder_dict_, lambda labels: [_label(x) for x in labels])}
    return [State("RareLabelEncoder", opts, learned, _fe_outputs(est, ctx))]


def _label_map(mapping):
    return [[_label(k), float(v)] for k, v in mapping.items()]


def _fe_label_encoder(cls, est, ctx, option_names):
    _fe_common(est, ctx, ["encoder_dict_", "variables_"])
    ctx.require(est.variables_, CATEGORICAL)
    opts = _encoder_options(est, option_names)
    opts["variables"] = _variables_option(est.variables)
    for k, mapping in est.encoder_dict_.items():
        if any(_is_missing(label) for label in mapping):
            raise ctx.error(
                f"{cls}.encoder_dict_['{k}'] encodes missing values (missing_values='ignore' at fit): fepipe's "
                "encoders keep missing values missing"
            )
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "encoder_dict_": pairs(est.encoder_dict_, _label_map)}
    return learned, opts, _fe_outputs(est, ctx, {v: NUMERIC for v in est.variables_})


def fe_ordinal_encoder(est, ctx):
    learned, opts, out = _fe_label_encoder("OrdinalEncoder", est, ctx,
                                           ["encoding_method", "missing_values", "ignore_format", "unseen"])
    return [State("OrdinalEncoder", opts, learned, out)]


def fe_count_frequency_encoder(est, ctx):
    learned, opts, out = _fe_label_encoder("CountFrequencyEncoder", est, ctx,
                                           ["encoding_method", "missing_values", "ignore_format", "unseen"])
    return [State("CountFrequencyEncoder", opts, learned, out)]


def fe_mean_encoder(est, ctx):
    learned, opts, out = _fe_label_encoder("MeanEncoder", est, ctx,
                                           ["missing_values", "ignore_format", "unseen", "smoothing"])
    # The target mean: feature-engine keeps it (as _unseen) only to encode unseen
    # categories; without that it is used nowhere, and prior_ reads 0.0.
    prior = getattr(est, "_unseen", None)
    if est.unseen == "encode" and prior is None:
        raise ctx.error("MeanEncoder(unseen='encode') without its prior (_unseen): not a feature-engine 1.6 object")
    learned["prior_"] = 0.0 if prior is None else float(prior)
    return [State("MeanEncoder", opts, learned, out)]


def fe_one_hot_encoder(est, ctx):
    _fe_common(est, ctx, ["encoder_dict_", "variables_"])
    ctx.require(est.variables_, CATEGORICAL)
    opts = _encoder_options(est, ["top_categories", "drop_last", "drop_last_binary", "ignore_format"])
    opts["variables"] = _variables_option(est.variables)
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "variables_binary_": list(getattr(est, "variables_binary_", [])),
               "encoder_dict_": pairs(est.encoder_dict_, lambda labels: [_label(x) for x in labels])}
    return [State("OneHotEncoder", opts, learned, _fe_outputs(est, ctx))]


def _fe_discretiser(cls, size_option, est, ctx):
    _fe_common(est, ctx, ["binner_dict_", "variables_"])
    ctx.require(est.variables_, NUMERIC)
    opts = _encoder_options(est, [size_option, "return_object", "return_boundaries", "precision", "errors",
                                  "variables"])
    if "variables" in opts:
        opts["variables"] = _variables_option(opts["variables"])
    if size_option == "binning_dict":
        opts[size_option] = {str(k): floats(v) for k, v in opts[size_option].items()}
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
               "binner_dict_": pairs(est.binner_dict_, floats)}
    kind = CATEGORICAL if (est.return_object or est.return_boundaries) else NUMERIC
    return [State(cls, opts, learned, _fe_outputs(est, ctx, {v: kind for v in est.variables_}))]


def fe_equal_frequency_discretiser(est, ctx):
    return _fe_discretiser("EqualFrequencyDiscretiser", "q", est, ctx)


def fe_equal_width_discretiser(est, ctx):
    return _fe_discretiser("EqualWidthDiscretiser", "bins", est, ctx)


def fe_arbitrary_discretiser(est, ctx):
    return _fe_discretiser("ArbitraryDiscretiser", "binning_dict", est, ctx)


def _fe_lambda(cls):
    """Yeo-Johnson and Box-Cox: one learned lambda per variable."""
    def convert(est, ctx):
        _fe_common(est, ctx, ["lambda_dict_", "variables_"])
        ctx.require(est.variables_, NUMERIC)
        opts = {"variables": _variables_option(est.variables)}
        learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables_),
                   "lambda_dict_": pairs(est.lambda_dict_, _num)}
        return [State(cls, opts, learned, _fe_outputs(est, ctx))]
    return convert


def _fe_learned(cls, option_names, members=None, kind=NUMERIC, new_kinds=None):
    """A converter for a class whose learned members are the source's attributes of the same
    name: members maps each (besides feature_names_in_ and variables_) to its layout (pairs,
    floats, ...). Options named in option_names are the source's values ("variables" as fepipe
    takes it); kind: the kind of the variables_ (None: any); new_kinds(est): the output kinds."""
    members = members or {}

    def convert(est, ctx):
        _fe_common(est, ctx, ["variables_", *members])
        if kind is not None:
            ctx.require(est.variables_, kind)
        opts = _encoder_options(est, option_names)
        if "variables" in opts:
            opts["variables"] = _variables_option(opts["variables"])
        learned = {"feature_names_in_": ctx.schema(), "variables_": [str(v) for v in est.variables_]}
        learned.update({name: layout(getattr(est, name)) for name, layout in members.items()})
        return [State(cls, opts, learned, _fe_outputs(est, ctx, new_kinds(est) if new_kinds else None))]

    convert.__name__ = f"fe_{cls}"
    return convert


def _fe_stateless(cls, option_names):
    return _fe_learned(cls, [*option_names, "variables"])


def _in_order(names, ctx):
    """A feature-engine set of column names in the input columns' order (fepipe's)."""
    names = {str(n) for n in names}
    return [n for n in ctx.names if n in names]


def _float_pairs(d):
    return pairs(d, _num)


def fe_drop_features(est, ctx):
    _fe_common(est, ctx, ["features_to_drop_"])
    opts = {"features_to_drop": [str(v) for v in est.features_to_drop_]}
    learned = {"feature_names_in_": ctx.schema(), "features_to_drop_": [str(v) for v in est.features_to_drop_]}
    return [State("DropFeatures", opts, learned, _fe_outputs(est, ctx))]


fe_end_tail_imputer = _fe_learned("EndTailImputer", ["imputation_method", "tail", "fold", "variables"],
                                  {"imputer_dict_": _float_pairs})

fe_arbitrary_outlier_capper = _fe_learned(
    "ArbitraryOutlierCapper", ["max_capping_dict", "min_capping_dict", "missing_values"],
    {"right_tail_caps_": _float_pairs, "left_tail_caps_": _float_pairs})


def _fe_outliers(cls, option_names):
    """Winsorizer and OutlierTrimmer: the caps per tail, and the fold they were computed with
    (feature-engine 1.6 keeps it as the fold option only)."""
    inner = _fe_learned(cls, ["capping_method", "tail", "fold", "variables", "missing_values", *option_names],
                        {"right_tail_caps_": _float_pairs, "left_tail_caps_": _float_pairs})

    def convert(est, ctx):
        states = inner(est, ctx)
        fold = getattr(est, "fold_", est.fold)
        if isinstance(fold, str):
            raise ctx.error(f"{cls}(fold={fold!r}) without its fitted fold_: not a feature-engine 1.6 object")
        states[0].learned["fold_"] = float(fold)
        return states

    convert.__name__ = f"fe_{cls}"
    return convert


def fe_log_cp_transformer(est, ctx):
    """LogCpTransformer: C_ is one number for every variable or a dict (C='auto' or a dict)."""
    _check_fitted(est, ["C_", "variables_"], ctx)
    C = est.C_
    as_dict = C if isinstance(C, dict) else {v: C for v in est.variables_}
    states = _fe_learned("LogCpTransformer", ["base", "variables"])(est, ctx)
    option = est.C
    states[0].options["C"] = {str(k): float(v) for k, v in option.items()} if isinstance(option, dict) else (
        option if isinstance(option, str) else float(option))
    states[0].learned["C_"] = _float_pairs(as_dict)
    return states


def _fe_drop(cls, option_names, sets=None):
    """The selection classes: the columns to drop (a set in feature-engine) and, for some, the
    groups of duplicated / correlated columns; fepipe lists them in the input columns' order."""
    def convert(est, ctx):
        _fe_common(est, ctx, ["variables_", "features_to_drop_"])
        opts = _encoder_options(est, option_names)
        opts["variables"] = _variables_option(est.variables)
        learned = {"feature_names_in_": ctx.schema(), "variables_": [str(v) for v in est.variables_],
                   "features_to_drop_": _in_order(est.features_to_drop_, ctx)}
        if sets:
            groups = sorted((_in_order(g, ctx) for g in getattr(est, sets)), key=lambda g: ctx.names.index(g[0]))
            learned[sets] = groups
            if cls == "DropCorrelatedFeatures":
                # Each group keeps its first column; fepipe lists the drops group by group.
                learned["correlated_feature_dict_"] = [[g[0], g[1:]] for g in groups]
                learned["features_to_drop_"] = [n for g in groups for n in g[1:]]
                if sorted(learned["features_to_drop_"]) != sorted(_in_order(est.features_to_drop_, ctx)):
                    raise ctx.error("DropCorrelatedFeatures: features_to_drop_ are not the correlated_feature_sets_ "
                                    "but their first columns")
        return [State(cls, opts, learned, _fe_outputs(est, ctx))]

    convert.__name__ = f"fe_{cls}"
    return convert


fe_cyclical_features = _fe_learned("CyclicalFeatures", ["variables", "max_values", "drop_original"],
                                   {"max_values_": _float_pairs})

fe_math_features = _fe_learned("MathFeatures", ["variables", "func", "new_variables_names", "missing_values",
                                                "drop_original"])


def fe_relative_features(est, ctx):
    """RelativeFeatures: feature-engine 1.6 keeps the reference columns as the option only."""
    _check_fitted(est, ["variables_"], ctx)
    reference = _variables_option(est.reference)
    ctx.require(reference, NUMERIC)
    states = _fe_learned("RelativeFeatures", ["variables", "reference", "func", "fill_value", "missing_values",
                                              "drop_original"])(est, ctx)
    states[0].learned["reference_"] = reference
    return states


def fe_woe_encoder(est, ctx):
    learned, opts, out = _fe_label_encoder("WoEEncoder", est, ctx, ["ignore_format", "unseen", "fill_value"])
    return [State("WoEEncoder", opts, learned, out)]


def fe_sklearn_transformer_wrapper(est, ctx):
    """feature-engine's SklearnTransformerWrapper: the wrapped transformer, on the wrapper's
    variables. fepipe has scikit-learn's Binarizer with feature-engine's variables option."""
    _fe_common(est, ctx, ["transformer_", "variables_"])
    inner = est.transformer_
    if type(inner).__name__ != "Binarizer" or _library(inner) != "sklearn":
        raise ctx.error(f"SklearnTransformerWrapper around {type(inner).__module__}.{type(inner).__name__}: fepipe "
                        "has the wrapper's equivalent only for scikit-learn's Binarizer")
    ctx.require(est.variables_, NUMERIC)
    return _binarizer(inner.threshold, [str(v) for v in est.variables_], ctx)


def _binarizer(threshold, variables, ctx):
    opts = {"threshold": float(threshold), "variables": variables}
    learned = {"feature_names_in_": ctx.schema(), "variables_": variables}
    return [State("Binarizer", opts, learned, ctx.outputs(ctx.names))]



fe_drop_missing_data = _fe_learned("DropMissingData", ["missing_only", "threshold", "variables"], kind=None)


def _sample_pool(values):
    """RandomSampleImputer's pool of one variable (fepipe's X_ entry): the non-missing training
    values in row order, numbers as such, labels as codes into the labels in order of appearance."""
    values = np.asarray(values)
    if values.dtype.kind in "biuf":
        numbers = values.astype(np.float64)
        return NUMERIC, {"numbers": floats(numbers[~np.isnan(numbers)]), "labels": [], "codes": []}
    labels, codes = {}, []
    for v in values:
        if not _is_missing(v):
            codes.append(labels.setdefault(_label(v), len(labels)))
    return CATEGORICAL, {"numbers": [], "labels": list(labels), "codes": codes}


def fe_random_sample_imputer(est, ctx):
    """RandomSampleImputer: feature-engine keeps the training frame X_ (missing values too); fepipe
    the variables' non-missing values, from which it draws what pandas' sample draws."""
    _fe_common(est, ctx, ["X_", "variables_"])
    variables = [str(v) for v in est.variables_]
    pools = []
    for v, name in zip(est.variables_, variables):
        kind, pool = _sample_pool(est.X_[v])
        ctx.require([name], kind)
        pools.append([name, pool])
    opts = {"variables": _variables_option(est.variables), "seed": est.seed, "seeding_method": est.seeding_method}
    seed = est.random_state
    if est.seed == "observation":
        opts["random_state"] = _variables_option(seed)
    elif seed is not None:
        opts["random_state"] = int(seed)
    learned = {"feature_names_in_": ctx.schema(), "variables_": variables, "X_": pools}
    return [State("RandomSampleImputer", opts, learned, _fe_outputs(est, ctx))]


def _tree_node_values(est):
    """Per node of a fitted scikit-learn tree, what it predicts: the value (regression) or, for
    a classifier, P(each class) with DecisionTreeClassifier.predict_proba's own arithmetic."""
    tree = est.tree_
    if not hasattr(est, "classes_"):
        return tree.value[:, 0, :1]
    k = len(est.classes_)
    proba = tree.value[:, 0, :k]
    normalizer = proba.sum(axis=1)[:, np.newaxis]
    normalizer[normalizer == 0.0] = 1.0
    return proba / normalizer


def _tree_leaf(tree, go_left):
    """The leaf a one-feature tree_ reaches when go_left(threshold) says where to go at each split."""
    i = 0
    while tree.children_left[i] != -1:
        i = tree.children_left[i] if go_left(tree.threshold[i]) else tree.children_right[i]
    return i


def _searched_tree(search, var, ctx):
    """The tree a feature-engine GridSearchCV found for one variable, with its parameters as fepipe's
    best_params_ holds them (max_depth and min_samples_leaf, the only ones fepipe searches)."""
    tree_est = getattr(search, "best_estimator_", None)
    if tree_est is None:
        raise ctx.error(f"the search of '{var}' has no best_estimator_ (refit=False): no tree to export")
    other = sorted(set(getattr(search, "best_params_", {})) - {"max_depth", "min_samples_leaf"})
    if other:
        raise ctx.error(f"the tree search of '{var}' tunes {other}: fepipe searches max_depth and "
                        "min_samples_leaf only")
    if tree_est.max_depth is None or not isinstance(tree_est.min_samples_leaf, numbers.Integral):
        raise ctx.error(f"the tree of '{var}' has max_depth={tree_est.max_depth!r}, min_samples_leaf="
                        f"{tree_est.min_samples_leaf!r}: fepipe's trees take integers")
    if hasattr(tree_est, "classes_"):
        classes = np.asarray(tree_est.classes_)
        if classes.dtype.kind not in "biuf" or not np.array_equal(classes, np.arange(len(classes))):
            raise ctx.error(f"the tree of '{var}' has the classes {classes.tolist()}: fepipe's need 0..c-1")
    params = {"max_depth": int(tree_est.max_depth), "min_samples_leaf": int(tree_est.min_samples_leaf)}
    # feature-engine outputs the prediction, or predict_proba's column 1.
    return tree_est, _tree_node_values(tree_est)[:, 1 if hasattr(tree_est, "classes_") else 0], params


def _tree_search_options(est):
    """The options of feature-engine's tree search (DecisionTreeDiscretiser / DecisionTreeEncoder)."""
    opts = {"cv": est.cv, "scoring": est.scoring, "regression": bool(est.regression),
            "random_state": _random_state(est.random_state)}
    if est.param_grid:
        grid = {k: [int(x) for x in np.atleast_1d(v)] for k, v in est.param_grid.items()}
        opts["param_grid"] = {"max_depth": grid.pop("max_depth", [1, 2, 3, 4]),
                              "min_samples_leaf": grid.pop("min_samples_leaf", [1]), **grid}
    return opts


def fe_decision_tree_discretiser(est, ctx):
    """DecisionTreeDiscretiser (feature-engine 1.6: predictions only): binner_dict_ holds a
    GridSearchCV per variable. A one-feature tree is intervals between its sorted thresholds;
    fepipe keeps them and the tree's prediction on each (P(class 1) for a classifier)."""
    _fe_common(est, ctx, ["binner_dict_", "scores_dict_", "variables_"])
    variables = [str(v) for v in est.variables_]
    ctx.require(variables, NUMERIC)
    edges, outputs, params = [], [], []
    for v, name in zip(est.variables_, variables):
        tree_est, node_out, best = _searched_tree(est.binner_dict_[v], name, ctx)
        tree = tree_est.tree_
        cuts = sorted(float(t) for t, left in zip(tree.threshold, tree.children_left) if left != -1)
        upper = [*cuts, math.inf]
        # An interval (lo, hi] lies wholly on one side of every threshold: left when hi <= it.
        values = [float(node_out[_tree_leaf(tree, lambda t, hi=hi: hi <= t)]) for hi in upper]
        edges.append([name, [-math.inf, *cuts, math.inf]])
        outputs.append([name, values])
        params.append([name, best])
    opts = {"variables": _variables_option(est.variables), "bin_output": "prediction", **_tree_search_options(est)}
    learned = {"feature_names_in_": ctx.schema(), "variables_": variables, "binner_dict_": edges,
               "bin_predictions_": outputs, "scores_dict_": _float_pairs(est.scores_dict_), "best_params_": params}
    return [State("DecisionTreeDiscretiser", opts, learned, _fe_outputs(est, ctx))]


def fe_decision_tree_encoder(est, ctx):
    """DecisionTreeEncoder: encoder_ is a Pipeline of feature-engine's OrdinalEncoder and
    DecisionTreeDiscretiser; fepipe keeps, per category, the tree's output at its ordinal code."""
    _fe_common(est, ctx, ["encoder_", "variables_"])
    variables = [str(v) for v in est.variables_]
    ctx.require(variables, CATEGORICAL)
    steps = dict(est.encoder_.steps)
    ordinal, discretiser = steps["categorical_encoder"], steps["tree_discretiser"]
    encoder_dict = []
    for v, name in zip(est.variables_, variables):
        tree_est, node_out, _ = _searched_tree(discretiser.binner_dict_[v], name, ctx)
        # The tree compares the code as float32, as scikit-learn does.
        leaf = {label: _tree_leaf(tree_est.tree_, lambda t, x=float(np.float32(code)): x <= t)
                for label, code in ordinal.encoder_dict_[v].items()}
        encoder_dict.append([name, [[_label(label), float(node_out[i])] for label, i in leaf.items()]])
    opts = {"encoding_method": est.encoding_method, "variables": _variables_option(est.variables),
            "ignore_format": bool(est.ignore_format), "unseen": "raise", **_tree_search_options(est)}
    learned = {"feature_names_in_": ctx.schema(), "variables_": variables, "encoder_dict_": encoder_dict}
    return [State("DecisionTreeEncoder", opts, learned, _fe_outputs(est, ctx, {v: NUMERIC for v in variables}))]


# --- scikit-learn converters ------------------------------------------------------


def _sk_common(est, ctx, attrs):
    _check_fitted(est, attrs, ctx)
    _input_names(est, ctx)
    ctx.require(ctx.names, NUMERIC)


def _per_feature(v, n):
    return [int(x) for x in np.broadcast_to(np.asarray(v), (n,))]


def sk_standard_scaler(est, ctx):
    _sk_common(est, ctx, ["n_samples_seen_"])
    n = len(ctx.columns)
    learned = {"feature_names_in_": ctx.schema(), "variables_": ctx.names,
               "mean_": [] if est.mean_ is None else floats(est.mean_),
               "var_": [] if est.var_ is None else floats(est.var_),
               "scale_": [] if est.scale_ is None else floats(est.scale_),
               "n_samples_seen_": _per_feature(est.n_samples_seen_, n)}
    opts = {"with_mean": bool(est.with_mean), "with_std": bool(est.with_std)}
    return [State("StandardScaler", opts, learned, ctx.outputs(ctx.names))]


def sk_min_max_scaler(est, ctx):
    _sk_common(est, ctx, ["scale_", "min_"])
    learned = {"feature_names_in_": ctx.schema(), "variables_": ctx.names,
               "data_min_": floats(est.data_min_), "data_max_": floats(est.data_max_),
               "data_range_": floats(est.data_range_), "scale_": floats(est.scale_), "min_": floats(est.min_),
               "n_samples_seen_": int(est.n_samples_seen_)}
    opts = {"feature_range": [float(x) for x in est.feature_range], "clip": bool(est.clip)}
    return [State("MinMaxScaler", opts, learned, ctx.outputs(ctx.names))]


def sk_robust_scaler(est, ctx):
    _sk_common(est, ctx, ["center_", "scale_"])
    learned = {"feature_names_in_": ctx.schema(), "variables_": ctx.names,
               "center_": [] if est.center_ is None else floats(est.center_),
               "scale_": [] if est.scale_ is None else floats(est.scale_)}
    opts = {"with_centering": bool(est.with_centering), "with_scaling": bool(est.with_scaling),
            "quantile_range": [float(x) for x in est.quantile_range], "unit_variance": bool(est.unit_variance)}
    return [State("RobustScaler", opts, learned, ctx.outputs(ctx.names))]


def sk_max_abs_scaler(est, ctx):
    _sk_common(est, ctx, ["max_abs_", "scale_"])
    learned = {"feature_names_in_": ctx.schema(), "variables_": ctx.names, "max_abs_": floats(est.max_abs_),
               "scale_": floats(est.scale_), "n_samples_seen_": int(est.n_samples_seen_)}
    return [State("MaxAbsScaler", {}, learned, ctx.outputs(ctx.names))]


def sk_binarizer(est, ctx):
    """scikit-learn's Binarizer: every input column, 1 above the threshold (it refuses NaN)."""
    _sk_common(est, ctx, ["n_features_in_"])
    return _binarizer(est.threshold, ctx.names, ctx)


def _random_state(v):
    return int(v) if isinstance(v, numbers.Integral) and not isinstance(v, bool) else None


def _check_classes(est, ctx):
    classes = np.asarray(est.classes_)
    k = len(classes)
    ok = classes.dtype.kind in "biuf" and np.array_equal(classes.astype(np.float64), np.arange(k, dtype=np.float64))
    if not ok and not ctx.relabel_classes:
        raise ctx.error(
            f"its classes_ are {classes.tolist()}: fepipe's classifiers predict the labels 0..k-1, so predict "
            "would return positions in classes_; pass relabel_classes=True to export it so "
            "(classes_[pred] gives the labels back)"
        )
    return k


def sk_lasso(est, ctx):
    _sk_common(est, ctx, ["coef_", "intercept_"])
    coef = np.asarray(est.coef_, dtype=np.float64)
    if coef.ndim != 1:
        raise ctx.error("Lasso with several targets (2-D coef_) is not supported: fepipe's Lasso has one target")
    opts = {"alpha": float(est.alpha), "fit_intercept": bool(est.fit_intercept), "max_iter": int(est.max_iter),
            "tol": float(est.tol), "positive": bool(est.positive), "warm_start": bool(est.warm_start),
            "selection": est.selection, "random_state": _random_state(est.random_state)}
    n_iter = est.n_iter_
    learned = {"feature_names_in_": ctx.schema(), "coef_": matrix(coef), "intercept_": float(est.intercept_),
               "n_iter_": int(np.max(n_iter)) if n_iter is not None else 0,
               "dual_gap_": float(np.max(est.dual_gap_)), "converged_": bool(est.n_iter_ < est.max_iter),
               # scikit-learn keeps no training means: the model predicts, explanations refuse it.
               "feature_means_": matrix(np.zeros(0))}
    return [State("Lasso", opts, learned)]


def sk_logistic_regression(est, ctx):
    _sk_common(est, ctx, ["coef_", "intercept_", "classes_"])
    k = _check_classes(est, ctx)
    multi = est.multi_class
    if multi == "auto":
        multi = "ovr" if (k == 2 or est.solver == "liblinear") else "multinomial"
    if k > 2 and multi == "ovr":
        raise ctx.error(
            "LogisticRegression one-vs-rest over more than 2 classes (multi_class='ovr' or solver='liblinear') "
            "is not supported: fepipe's multiclass LogisticRegression is multinomial (softmax)"
        )
    penalty = est.penalty if est.penalty is not None else "none"
    opts = {"penalty": penalty, "C": float(est.C), "fit_intercept": bool(est.fit_intercept),
            "max_iter": int(est.max_iter), "tol": float(est.tol)}
    if est.class_weight == "balanced":
        opts["class_weight"] = "balanced"
    elif est.class_weight is not None:
        opts["class_weight"] = {int(c): float(w) for c, w in est.class_weight.items()}
    n_iter = int(np.max(est.n_iter_))
    learned = {"feature_names_in_": ctx.schema(), "coef_": matrix(est.coef_),
               "intercept_": matrix(np.asarray(est.intercept_, dtype=np.float64).reshape(-1, 1)
                                    if est.fit_intercept else np.zeros((est.coef_.shape[0], 1))),
               "n_iter_": n_iter, "converged_": bool(n_iter < est.max_iter),
               "feature_means_": matrix(np.zeros(0))}  # none in scikit-learn (see sk_lasso)
    return [State("LogisticRegression", opts, learned)]



def _importance_threshold(v, ctx):
    """SelectFromModel's threshold option as fepipe's SelectByLasso takes it (rule, value, scale)."""
    if v is None:  # scikit-learn's default for an L1 model
        return {"threshold_rule": "value", "threshold": 1e-5}
    if isinstance(v, numbers.Real):
        return {"threshold_rule": "value", "threshold": float(v)}
    text = str(v).replace(" ", "")
    scale, _, rule = text.rpartition("*")
    try:
        factor = float(scale) if scale else 1.0
    except ValueError:
        factor = None
    if rule not in ("mean", "median") or factor is None:
        raise ctx.error(f"SelectFromModel(threshold={v!r}) is not supported: fepipe takes a number, 'mean', "
                        "'median' or '<factor>*mean' / '<factor>*median'")
    return {"threshold_rule": rule, "threshold_scale": factor}


def sk_select_from_model(est, ctx):
    """SelectFromModel around a Lasso: fepipe's SelectByLasso, with the fitted Lasso as its estimator_."""
    _sk_common(est, ctx, ["estimator_"])
    inner = est.estimator_
    if type(inner).__name__ != "Lasso" or _library(inner) != "sklearn":
        raise ctx.error(f"SelectFromModel around {type(inner).__module__}.{type(inner).__name__}: fepipe has its "
                        "equivalent (SelectByLasso) only around scikit-learn's Lasso")
    _only(est, ctx, importance_getter=("auto",), max_features=lambda v: v is None or isinstance(v, numbers.Integral))
    lasso = sk_lasso(inner, ctx)[0]
    opts = {"lasso": lasso.options, "max_features": est.max_features, **_importance_threshold(est.threshold, ctx)}
    support = est.get_support()
    learned = {"feature_names_in_": ctx.schema(), "estimator_": _step_state(lasso, ctx, _api._DEFAULT),
               "threshold_": float(est.threshold_), "features_to_drop_": [n for n, keep in zip(ctx.names, support)
                                                                           if not keep]}
    return [State("SelectByLasso", opts, learned, ctx.outputs([str(n) for n in est.get_feature_names_out()]))]


# Trees -----------------------------------------------------------------------------


class _ForestBuilder:
    """detail::Forest's arrays (include/fepipe/tree/detail/forest.hpp)."""

    def __init__(self, n_features, n_outputs, float32_inputs):
        self.n_features, self.n_outputs, self.float32_inputs = n_features, n_outputs, float32_inputs
        self.feature, self.threshold, self.left, self.flags, self.value = [], [], [], [], []
        self.bitset_offset, self.bitset_words, self.cat_bits = [], [], []
        self.tree_root, self.tree_output = [], []

    def add(self, feature, threshold, flags, value):
        self.feature.append(int(feature))
        self.threshold.append(float(threshold))
        self.left.append(-1)
        self.flags.append(int(flags))
        self.value.append(float(value))
        self.bitset_offset.append(0)
        self.bitset_words.append(0)
        return len(self.feature) - 1

    def state(self):
        return {"version": 1, "n_features": self.n_features, "n_outputs": self.n_outputs,
                "float32_inputs": self.float32_inputs, "tree_root": self.tree_root, "tree_output": self.tree_output,
                "feature": self.feature, "threshold": self.threshold, "left": self.left, "flags": self.flags,
                "value": self.value, "bitset_offset": self.bitset_offset, "bitset_words": self.bitset_words,
                "cat_bits": self.cat_bits}


def _append_cart(forest, tree, output, node_value, node_ids=None):
    """A scikit-learn tree_ (Tree) as fepipe lays it (append_cart in cart_builder.hpp): depth
    first, a node's two children side by side."""
    left_, right_ = tree.children_left, tree.children_right
    feat, thr = tree.feature, tree.threshold

    def add(i):
        leaf = left_[i] == -1
        if node_ids is not None:
            node_ids.append(int(i))
        return forest.add(-1 if leaf else feat[i], 0.0 if leaf else thr[i], 0, node_value[i])

    root = add(0)
    forest.tree_root.append(root)
    forest.tree_output.append(output)
    todo = [(0, root)]
    while todo:
        i, at = todo.pop()
        if left_[i] == -1:
            continue
        fl = add(left_[i])
        fr = add(right_[i])
        forest.left[at] = fl
        todo.append((right_[i], fr))
        todo.append((left_[i], fl))


def _tree_options(est):
    o = {"criterion": est.criterion, "max_depth": est.max_depth, "min_samples_split": est.min_samples_split,
         "min_samples_leaf": est.min_samples_leaf, "min_weight_fraction_leaf": float(est.min_weight_fraction_leaf),
         "max_features": est.max_features, "random_state": _random_state(est.random_state),
         "max_leaf_nodes": est.max_leaf_nodes, "min_impurity_decrease": float(est.min_impurity_decrease)}
    return o


def _check_single_output(est, ctx):
    if getattr(est, "n_outputs_", 1) != 1:
        raise ctx.error(f"{type(est).__name__} with several outputs is not supported (fepipe's trees have one target)")


def sk_decision_tree(est, ctx):
    _sk_common(est, ctx, ["tree_"])
    _check_single_output(est, ctx)
    tree = est.tree_
    forest = _ForestBuilder(len(ctx.columns), 1, True)
    ids = []
    classifier = hasattr(est, "classes_")
    node_values = _tree_node_values(est)
    if classifier:
        k = _check_classes(est, ctx)
        forest.n_outputs = k
        for c in range(k):
            _append_cart(forest, tree, c, node_values[:, c], ids if c == 0 else None)
    else:
        _append_cart(forest, tree, 0, node_values[:, 0], ids)
    learned = {"feature_names_in_": ctx.schema(), "forest_": forest.state(),
               "feature_importances_": matrix(est.feature_importances_), "max_features_": int(est.max_features_),
               "node_ids_": ids}
    cls = "DecisionTreeClassifier" if classifier else "DecisionTreeRegressor"
    return [State(cls, _tree_options(est), learned)]


def sk_gradient_boosting(est, ctx):
    _sk_common(est, ctx, ["estimators_", "init_"])
    classifier = hasattr(est, "classes_")
    if classifier:
        _check_classes(est, ctx)
    p = len(ctx.columns)
    if est.init not in (None, "zero"):
        raise ctx.error(f"{type(est).__name__}(init={est.init!r}): an init estimator is not supported "
                        "(fepipe starts from the prior or from zero)")
    # The raw prediction the trees are added to (the prior's, or zeros): read, as
    # scikit-learn's own predict computes it; it does not depend on X.
    init_raw = est._raw_predict_init(np.zeros((1, p), dtype=np.float32))[0]
    estimators = est.estimators_
    n_est, K = estimators.shape
    forest = _ForestBuilder(p, K, True)
    lr = float(est.learning_rate)
    for i in range(n_est):
        for k in range(K):
            tree = estimators[i, k].tree_
            # Leaves hold learning_rate * value, the product scikit-learn adds.
            _append_cart(forest, tree, k, lr * tree.value[:, 0, 0])
    oob = getattr(est, "oob_improvement_", None)
    opts = {"loss": est.loss, "learning_rate": lr, "n_estimators": int(est.n_estimators),
            "subsample": float(est.subsample), "criterion": est.criterion,
            "min_samples_split": est.min_samples_split, "min_samples_leaf": est.min_samples_leaf,
            "min_weight_fraction_leaf": float(est.min_weight_fraction_leaf), "max_depth": est.max_depth,
            "min_impurity_decrease": float(est.min_impurity_decrease),
            "init": "zero" if est.init == "zero" else "default",
            "random_state": _random_state(est.random_state), "max_features": est.max_features,
            "max_leaf_nodes": est.max_leaf_nodes, "validation_fraction": float(est.validation_fraction),
            "n_iter_no_change": est.n_iter_no_change, "tol": float(est.tol)}
    if not classifier:
        opts["alpha"] = float(est.alpha)
    learned = {"feature_names_in_": ctx.schema(), "forest_": forest.state(),
               "feature_importances_": matrix(est.feature_importances_), "max_features_": int(est.max_features_),
               "init_raw_": floats(init_raw), "n_estimators_": int(est.n_estimators_),
               "train_score_": matrix(est.train_score_),
               "oob_improvement_": matrix(oob if oob is not None else np.zeros(0))}
    cls = "GradientBoostingClassifier" if classifier else "GradientBoostingRegressor"
    return [State(cls, opts, learned)]


def _append_hist_tree(forest, predictor, known, output):
    """A TreePredictor as fepipe lays it (append_tree in hist_boosting.hpp): breadth first,
    real-valued thresholds, categorical splits as bitsets over category codes in which codes
    not seen at fit follow the missing values."""
    nodes = predictor.nodes
    raw_bits = predictor.raw_left_cat_bitsets

    def add(i):
        n = nodes[i]
        if n["is_leaf"]:
            return forest.add(-1, 0.0, 0, n["value"])
        flags = 1 if n["missing_go_to_left"] else 0
        if not n["is_categorical"]:
            return forest.add(n["feature_idx"], n["num_threshold"], flags, n["value"])
        f = int(n["feature_idx"])
        node_id = forest.add(f, 0.0, flags | 2, n["value"])
        cats = [int(c) for c in known[f]]
        words = (max(cats) if cats else 0) // 32 + 1
        row = raw_bits[int(n["bitset_idx"])]
        bits = [0] * words
        known_set = set(cats)
        for code in range(words * 32):
            in_raw = code < 256 and (int(row[code // 32]) >> (code % 32)) & 1
            go_left = bool(in_raw) if code in known_set else bool(n["missing_go_to_left"])
            if go_left:
                bits[code // 32] |= 1 << (code % 32)
        forest.bitset_offset[node_id] = len(forest.cat_bits)
        forest.bitset_words[node_id] = words
        forest.cat_bits.extend(bits)
        return node_id

    root = add(0)
    forest.tree_root.append(root)
    forest.tree_output.append(output)
    queue = [(0, root)]
    q = 0
    while q < len(queue):
        i, at = queue[q]
        q += 1
        if nodes[i]["is_leaf"]:
            continue
        li, ri = int(nodes[i]["left"]), int(nodes[i]["right"])
        fl = add(li)
        add(ri)
        forest.left[at] = fl
        queue.append((li, fl))
        queue.append((ri, fl + 1))


def sk_hist_gradient_boosting(est, ctx):
    _sk_common(est, ctx, ["_predictors", "_bin_mapper", "_baseline_prediction"])
    classifier = hasattr(est, "classes_")
    if classifier:
        _check_classes(est, ctx)
    _only(est, ctx, monotonic_cst=lambda v: v is None or not np.any(np.asarray(v)),
          interaction_cst=lambda v: v is None)
    p = len(ctx.columns)
    K = int(est.n_trees_per_iteration_)
    mapper = est._bin_mapper
    is_cat = est.is_categorical_ if est.is_categorical_ is not None else np.zeros(p, dtype=bool)
    thresholds = [floats(t) for t in mapper.bin_thresholds_]
    known = [thresholds[f] if is_cat[f] else [] for f in range(p)]
    forest = _ForestBuilder(p, K, False)
    for iteration in est._predictors:
        for k, predictor in enumerate(iteration):
            _append_hist_tree(forest, predictor, known, k)
    names = ctx.names
    categorical = [names[f] for f in range(p) if is_cat[f]]
    opts = {"loss": est.loss, "learning_rate": float(est.learning_rate), "max_iter": int(est.max_iter),
            "max_leaf_nodes": est.max_leaf_nodes, "max_depth": est.max_depth,
            "min_samples_leaf": int(est.min_samples_leaf), "l2_regularization": float(est.l2_regularization),
            "max_bins": int(est.max_bins), "categorical_features": categorical,
            "early_stopping": est.early_stopping, "scoring": est.scoring if est.scoring is not None else "loss",
            "validation_fraction": est.validation_fraction, "n_iter_no_change": int(est.n_iter_no_change),
            "tol": float(est.tol), "random_state": _random_state(est.random_state)}
    if not classifier and est.loss == "quantile":
        opts["quantile"] = float(est.quantile)
    baseline = np.asarray(est._baseline_prediction, dtype=np.float64).ravel()
    learned = {"feature_names_in_": ctx.schema(), "is_categorical_": [bool(x) for x in is_cat],
               "category_labels_": [[] for _ in range(p)], "bin_thresholds_": thresholds,
               "n_bins_non_missing_": [int(x) for x in mapper.n_bins_non_missing_],
               "n_trees_per_iteration_": K, "baseline_prediction_": floats(baseline), "n_iter_": int(est.n_iter_),
               "do_early_stopping_": bool(est.do_early_stopping_), "train_score_": floats(est.train_score_),
               "validation_score_": floats(est.validation_score_), "forest_": forest.state()}
    cls = "HistGradientBoostingClassifier" if classifier else "HistGradientBoostingRegressor"
    return [State(cls, opts, learned)]


_CONVERTERS = {
    ("feature_engine", "MeanMedianImputer"): fe_mean_median_imputer,
    ("feature_engine", "ArbitraryNumberImputer"): fe_arbitrary_number_imputer,
    ("feature_engine", "CategoricalImputer"): fe_categorical_imputer,
    ("feature_engine", "AddMissingIndicator"): fe_add_missing_indicator,
    ("feature_engine", "RareLabelEncoder"): fe_rare_label_encoder,
    ("feature_engine", "OrdinalEncoder"): fe_ordinal_encoder,
    ("feature_engine", "OneHotEncoder"): fe_one_hot_encoder,
    ("feature_engine", "CountFrequencyEncoder"): fe_count_frequency_encoder,
    ("feature_engine", "MeanEncoder"): fe_mean_encoder,
    ("feature_engine", "EqualFrequencyDiscretiser"): fe_equal_frequency_discretiser,
    ("feature_engine", "EqualWidthDiscretiser"): fe_equal_width_discretiser,
    ("feature_engine", "SklearnTransformerWrapper"): fe_sklearn_transformer_wrapper,
    ("feature_engine", "YeoJohnsonTransformer"): _fe_lambda("YeoJohnsonTransformer"),
    ("feature_engine", "BoxCoxTransformer"): _fe_lambda("BoxCoxTransformer"),
    ("feature_engine", "LogTransformer"): _fe_stateless("LogTransformer", ["base"]),
    ("feature_engine", "ReciprocalTransformer"): _fe_stateless("ReciprocalTransformer", []),
    ("feature_engine", "ArcsinTransformer"): _fe_stateless("ArcsinTransformer", []),
    ("feature_engine", "PowerTransformer"): _fe_stateless("PowerTransformer", ["exp"]),
    ("feature_engine", "DropFeatures"): fe_drop_features,
    ("feature_engine", "ArbitraryDiscretiser"): fe_arbitrary_discretiser,
    ("feature_engine", "CyclicalFeatures"): fe_cyclical_features,
    ("feature_engine", "MathFeatures"): fe_math_features,
    ("feature_engine", "RelativeFeatures"): fe_relative_features,
    ("feature_engine", "WoEEncoder"): fe_woe_encoder,
    ("feature_engine", "EndTailImputer"): fe_end_tail_imputer,
    ("feature_engine", "ArbitraryOutlierCapper"): fe_arbitrary_outlier_capper,
    ("feature_engine", "Winsorizer"): _fe_outliers("Winsorizer", ["add_indicators"]),
    ("feature_engine", "OutlierTrimmer"): _fe_outliers("OutlierTrimmer", []),
    ("feature_engine", "LogCpTransformer"): fe_log_cp_transformer,
    ("feature_engine", "DropConstantFeatures"): _fe_drop("DropConstantFeatures",
                                                         ["tol", "missing_values", "confirm_variables"]),
    ("feature_engine", "DropDuplicateFeatures"): _fe_drop("DropDuplicateFeatures",
                                                          ["missing_values", "confirm_variables"],
                                                          "duplicated_feature_sets_"),
    ("feature_engine", "DropCorrelatedFeatures"): _fe_drop("DropCorrelatedFeatures",
                                                           ["method", "threshold", "missing_values",
                                                            "confirm_variables"], "correlated_feature_sets_"),
    ("feature_engine", "DropMissingData"): fe_drop_missing_data,
    ("feature_engine", "RandomSampleImputer"): fe_random_sample_imputer,
    ("feature_engine", "DecisionTreeDiscretiser"): fe_decision_tree_discretiser,
    ("feature_engine", "DecisionTreeEncoder"): fe_decision_tree_encoder,
    ("sklearn", "StandardScaler"): sk_standard_scaler,
    ("sklearn", "MinMaxScaler"): sk_min_max_scaler,
    ("sklearn", "RobustScaler"): sk_robust_scaler,
    ("sklearn", "MaxAbsScaler"): sk_max_abs_scaler,
    ("sklearn", "Binarizer"): sk_binarizer,
    ("sklearn", "Lasso"): sk_lasso,
    ("sklearn", "SelectFromModel"): sk_select_from_model,
    ("sklearn", "LogisticRegression"): sk_logistic_regression,
    ("sklearn", "DecisionTreeRegressor"): sk_decision_tree,
    ("sklearn", "DecisionTreeClassifier"): sk_decision_tree,
    ("sklearn", "GradientBoostingRegressor"): sk_gradient_boosting,
    ("sklearn", "GradientBoostingClassifier"): sk_gradient_boosting,
    ("sklearn", "HistGradientBoostingRegressor"): sk_hist_gradient_boosting,
    ("sklearn", "HistGradientBoostingClassifier"): sk_hist_gradient_boosting,
}

# Classes of the user's: class -> converter (register_converter).
_USER = {}


def register_converter(cls, fn):
    """Exports instances of `cls` (a class of your own, or one to convert differently) with
    ``fn(est, ctx) -> [fepipe.State, ...]`` or a list of fepipe step states; see docs/python.md."""
    if not isinstance(cls, type):
        raise TypeError(f"register_converter: expected a class, got {cls!r}")
    if not callable(fn):
        raise TypeError(f"register_converter: the converter must be callable, got {fn!r}")
    _USER[cls] = fn


def _converter(est):
    for klass in type(est).__mro__:
        if klass in _USER:
            return _USER[klass]
    return _CONVERTERS.get((_library(est), type(est).__name__))


def _supported():
    return sorted({f"{lib}.{name}" for lib, name in _CONVERTERS})


# --- assembling the model file ----------------------------------------------------


def _step_state(state, ctx, lib):
    """The step's part of the model file: the options as fepipe writes them (from the class
    built with the keyword options, so the C++ class checks them) and the learned members.
    `lib`: the module whose classes the pipeline is made of (fepipe's, or a user's module with
    steps of its own)."""
    cls = lib.classes.get(state.cls)
    if cls is None:
        hint = "; a class of your own is in your module: pass module=<it> to from_sklearn" if lib is _api._DEFAULT else ""
        raise ctx.error(f"the converter produced the class '{state.cls}', which {lib.name} does not have{hint}")
    try:
        step = cls(**{k: v for k, v in state.options.items()})
    except Error as e:
        raise ctx.error(f"its options have no fepipe equivalent: {e}") from e
    model = json.loads(step._core.model_json())["model"]
    unknown = sorted(set(state.learned) - set(model))
    if unknown:
        raise ctx.error(f"the converter wrote members {unknown} that fepipe's {state.cls} does not have")
    missing = sorted(set(model) - set(state.learned) - {"version", "options"})
    if missing:
        raise ctx.error(f"the converter did not write the members {missing} of fepipe's {state.cls}")
    # A class of the user's may keep its options among its members (no "options" entry).
    out = {k: model[k] for k in ("version", "options") if k in model}
    for name in model:
        if name in ("version", "options"):
            continue
        v = state.learned[name]
        out[name] = v.render() if isinstance(v, _Schema) else v
    return out


def _steps_of(fitted):
    if hasattr(fitted, "steps") and isinstance(getattr(fitted, "steps"), list) and _library(fitted) in (
        "sklearn",
        "feature_engine",
    ):
        steps = []
        for item in fitted.steps:
            name, est = item[0], item[1]
            if est is None or est == "passthrough":
                continue
            if hasattr(est, "steps") and isinstance(est.steps, list):
                steps.extend((f"{name}__{n}", e) for n, e in _steps_of(est))
            else:
                steps.append((str(name), est))
        return steps
    return [(type(fitted).__name__.lower(), fitted)]


def _initial_columns(steps, X, categorical):
    first_name, first = steps[0]
    names = getattr(first, "feature_names_in_", None)
    if names is None:
        if X is not None and hasattr(X, "columns"):
            names = list(X.columns)
        else:
            n = getattr(first, "n_features_in_", None)
            if n is None:
                err = ExportError(f"step '{first_name}': {type(first).__name__} is not fitted (it has no "
                                  "n_features_in_): fit it first")
                err.step = first_name
                raise err
            names = [f"x{j}" for j in range(n)]
    cols = [(str(n), _Kind(str(n))) for n in names]
    if X is not None and hasattr(X, "dtypes"):
        import pandas as pd

        for n, cell in cols:
            if n in X.columns:
                dtype = X[n].dtype
                numeric = (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)) and not (
                    isinstance(dtype, pd.CategoricalDtype))
                cell.kind, cell.step = (NUMERIC if numeric else CATEGORICAL), "the input X"
    for n, cell in cols:
        if categorical and n in categorical:
            cell.kind, cell.step = CATEGORICAL, "categorical="
    return cols


class _ExportedPipeline(_api.Pipeline):
    """A fepipe.Pipeline whose steps keep the source pipeline's step names."""

    @property
    def steps(self):
        return [(self._export_names[i], self._all[i]) for i in range(self._start, self._stop)]


def from_sklearn(fitted, X=None, categorical=None, relabel_classes=False, module=None):
    """A fitted fepipe.Pipeline equivalent to `fitted`, read from its learned attributes.

    fitted: a fitted scikit-learn Pipeline (feature-engine's too) or one fitted estimator /
    transformer, of classes fepipe has converters for (docs/python.md lists them) or registered with
    register_converter. Nothing is refitted.
    X: optional sample of the input (a DataFrame): its dtypes tell which input columns are
    categorical where no step says it. categorical: or their names.
    relabel_classes: export a classifier whose classes_ are not 0..k-1; fepipe then predicts
    positions in classes_.
    module: a module of your own (fepipe_add_python_module) when converters produce its
    classes (steps of your own); the result is a pipeline of that module's classes.

    Raises ExportError naming the step and what is unsupported.
    """
    lib = _api._DEFAULT if module is None else _api.library_of(module)
    steps = _steps_of(fitted)
    if not steps:
        raise ExportError("from_sklearn: the pipeline has no steps")
    columns = _initial_columns(steps, X, set(categorical or ()))
    input_columns = list(columns)
    parts = []  # (source step name, State, Context)
    capacity = len(columns)
    for i, (name, est) in enumerate(steps):
        ctx = Context(name, columns)
        ctx.relabel_classes = relabel_classes
        fn = _converter(est)
        if fn is None:
            raise ctx.error(
                f"{type(est).__module__}.{type(est).__name__} has no fepipe equivalent; exportable: "
                f"{', '.join(_supported())}; or register a converter with fepipe.register_converter"
            )
        states = fn(est, ctx)
        if isinstance(states, State):
            states = [states]
        for j, state in enumerate(states):
            if not isinstance(state, State):
                raise ctx.error(f"its converter returned {type(state).__name__}, not fepipe export States")
            last = i == len(steps) - 1 and j == len(states) - 1
            if state.outputs is None and not last:
                raise ctx.error("an estimator can only be the last step")
            parts.append((name if len(states) == 1 else f"{name}_{j}", state, ctx))
            if state.outputs is not None:
                capacity = max(capacity, len(ctx.columns) + len(state.outputs))
                columns = state.outputs
                ctx = Context(name, columns)
                ctx.relabel_classes = relabel_classes
    unknown = [n for n, c in input_columns if c.kind is None]
    for _, state, ctx in parts:
        for n, c in ctx.columns:
            if c.kind is None and n not in unknown:
                unknown.append(n)
    if unknown:
        raise ExportError(
            f"from_sklearn: no step tells whether the column(s) {unknown} hold numbers or labels: pass X=<a sample "
            "DataFrame> or categorical=[...names...]"
        )
    predicts = parts[-1][1].outputs is None
    out_names = [n for n, _ in (parts[-1][2].columns if predicts else parts[-1][1].outputs)]
    types = [state.cls for _, state, _ in parts]
    model = {"version": 1, "step_types": types, "fitted": True,
             "input_schema": _Schema(input_columns).render(), "feature_names_out": out_names,
             "row_capacity": capacity}
    for i, (_, state, ctx) in enumerate(parts):
        model[f"{i}:{state.cls}"] = _step_state(state, ctx, lib)
    doc = {"format": "fepipe-model", "format_version": 1, "library_version": _core.version, "steps": types,
           "model": model}
    data = json.dumps(doc).encode()
    try:
        box = lib.core_pipeline.from_bytes(data)
    except Error as e:
        raise ExportError(f"from_sklearn: fepipe's loader refused the converted model: {e}") from e
    pipe = _ExportedPipeline._from_box(box, lib)
    pipe._export_names = [name for name, _, _ in parts]
    return pipe
