"""Records of fitted feature-engine 1.6.2 objects (and of the course pipelines that use them)
for the tests of fepipe.from_sklearn (python/tests/test_export.py).

feature-engine cannot be installed in CI, so the tests cannot fit it. This script fits the real
objects and records, per step, what the exporter reads (class name and module, the attributes
and the results of the few methods it calls) and the reference outputs (transforms of held-back
rows; the course pipelines' predictions). The test rebuilds stand-in objects of the same class
name with the same attribute values, exports them, and compares with the recorded outputs.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> NPY_DISABLE_CPU_FEATURES="AVX512F AVX512_SKX" \
      /usr/bin/python3 tools/reference/export_feature_engine.py

Writes tests/data/export/<case>.json.
"""
import os

# numpy's AVX-512 exp/log/pow differ from libm in the last bit: Yeo-Johnson lambdas and the
# boosted trees must not depend on the machine that made the records.
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import json  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.base import BaseEstimator  # noqa: E402
from sklearn.tree._tree import Tree  # noqa: E402

import common  # noqa: E402

common.use_feature_engine()
from feature_engine import creation as fc  # noqa: E402
from feature_engine import discretisation as fd  # noqa: E402
from feature_engine import encoding as fen  # noqa: E402
from feature_engine import imputation as fi  # noqa: E402
from feature_engine import outliers as fo  # noqa: E402
from feature_engine import selection as fs  # noqa: E402
from feature_engine import transformation as ft  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

OUT = os.path.join(common.ROOT, "tests", "data", "export")

# Rows 0..999 fit, 1000.. are held back (House Prices cases).
N_TRAIN = 1000


def encode(v):
    """A JSON value the test decodes back (python/tests/test_export.py, decode)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    if isinstance(v, np.ndarray):
        if v.dtype == object:
            return {"__array__": [encode(x) for x in v.ravel()], "dtype": "object", "shape": list(v.shape)}
        if v.dtype.names:  # HistGradientBoosting's node records
            return {"__records__": {n: encode(v[n]) for n in v.dtype.names}, "dtype": v.dtype.descr}
        return {"__array__": v.ravel().tolist(), "dtype": v.dtype.str, "shape": list(v.shape)}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, (set, frozenset)):  # the selection classes' column sets: a list, in a fixed order
        return [encode(x) for x in sorted(v, key=str)]
    if isinstance(v, dict):
        return {"__dict__": [[encode(k), encode(x)] for k, x in v.items()]}
    if isinstance(v, Tree):
        return {"__tree__": {n: encode(getattr(v, n)) for n in
                             ("children_left", "children_right", "feature", "threshold", "value")}}
    if isinstance(v, BaseEstimator):
        return record(v)
    if isinstance(v, pd.DataFrame):  # RandomSampleImputer's X_: {column: values}, as the test decodes a dict
        return encode({c: v[c].to_numpy() for c in v.columns})
    raise TypeError(type(v))


def record(est, methods=None):
    """Class, module, the public attributes and learned state, and method results."""
    attrs = {}
    for name, value in vars(est).items():
        if name.startswith("_") and name not in ("_unseen",):
            continue
        try:
            attrs[name] = encode(value)
        except TypeError:
            continue  # loss objects, random generators: nothing the exporter reads
    # Properties scikit-learn computes from the fitted state (not in vars()).
    for name in ("feature_importances_",):
        if name not in attrs and hasattr(est, name):
            attrs[name] = encode(getattr(est, name))
    out = {"class": type(est).__name__, "module": type(est).__module__, "attributes": attrs,
           "methods": {}}
    if hasattr(est, "get_feature_names_out") and hasattr(est, "n_features_in_"):
        try:
            out["methods"]["get_feature_names_out"] = [str(n) for n in est.get_feature_names_out()]
        except Exception:  # noqa: BLE001 - estimators have none
            pass
    for name, value in (methods or {}).items():
        out["methods"][name] = encode(value)
    return out


def frame_json(df):
    return {"columns": [str(c) for c in df.columns],
            "data": [[encode(x) for x in df[c].tolist()] for c in df.columns]}


def write(case, payload):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f"{case}.json"), "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(case)


def house():
    df = pd.read_csv(os.path.join(common.DATA, "houseprice.csv"))
    df["MSSubClass"] = df["MSSubClass"].astype("O")
    return df


# --- one class at a time, on House Prices -----------------------------------------------

NUM = ["LotFrontage", "MasVnrArea", "GarageYrBlt"]
POS = ["LotArea", "GrLivArea", "1stFlrSF"]
CAT_NA = ["Alley", "BsmtQual", "FireplaceQu", "GarageType"]
CAT = ["LotShape", "MSZoning", "Neighborhood", "HouseStyle", "Street"]

# (case, columns fitted on, fill categorical NaN with "Missing" first, object, needs y: True for
# log SalePrice, "binary" for SalePrice above the training median)
CASES = [
    ("mean_median_imputer_mean", NUM + ["Neighborhood"], False,
     lambda: fi.MeanMedianImputer(imputation_method="mean", variables=NUM), False),
    ("mean_median_imputer_median", NUM, False, lambda: fi.MeanMedianImputer(imputation_method="median"), False),
    ("arbitrary_number_imputer", NUM, False, lambda: fi.ArbitraryNumberImputer(arbitrary_number=-1), False),
    ("categorical_imputer_missing", CAT_NA, False, lambda: fi.CategoricalImputer(imputation_method="missing"), False),
    ("categorical_imputer_frequent", ["Alley", "FireplaceQu", "GarageType", "LotFrontage"], False,
     lambda: fi.CategoricalImputer(imputation_method="frequent", variables=["Alley", "FireplaceQu", "GarageType"]), False),
    ("add_missing_indicator", NUM + CAT_NA, False, lambda: fi.AddMissingIndicator(), False),
    ("add_missing_indicator_all", NUM + CAT, False, lambda: fi.AddMissingIndicator(missing_only=False), False),
    ("rare_label_encoder", CAT + CAT_NA, True, lambda: fen.RareLabelEncoder(tol=0.03, n_categories=2), False),
    ("ordinal_encoder_ordered", CAT + ["GrLivArea"], True,
     lambda: fen.OrdinalEncoder(encoding_method="ordered", variables=CAT), True),
    ("ordinal_encoder_arbitrary", CAT, True, lambda: fen.OrdinalEncoder(encoding_method="arbitrary"), False),
    ("one_hot_encoder", CAT, True, lambda: fen.OneHotEncoder(), False),
    ("one_hot_encoder_drop_last", CAT, True, lambda: fen.OneHotEncoder(drop_last=True, drop_last_binary=True), False),
    ("one_hot_encoder_top", CAT, True, lambda: fen.OneHotEncoder(top_categories=3), False),
    ("count_frequency_encoder_count", CAT, True, lambda: fen.CountFrequencyEncoder(encoding_method="count"), False),
    ("count_frequency_encoder_frequency", CAT, True,
     lambda: fen.CountFrequencyEncoder(encoding_method="frequency"), False),
    ("mean_encoder", CAT, True, lambda: fen.MeanEncoder(), True),
    ("mean_encoder_smoothing_unseen", CAT, True, lambda: fen.MeanEncoder(smoothing=2.0, unseen="encode"), True),
    ("equal_frequency_discretiser", POS, False, lambda: fd.EqualFrequencyDiscretiser(q=5), False),
    ("equal_width_discretiser", POS, False, lambda: fd.EqualWidthDiscretiser(bins=7), False),
    ("equal_width_discretiser_object", POS, False,
     lambda: fd.EqualWidthDiscretiser(bins=4, return_object=True), False),
    ("yeo_johnson_transformer", POS + ["BsmtUnfSF"], False, lambda: ft.YeoJohnsonTransformer(), False),
    ("log_transformer", POS, False, lambda: ft.LogTransformer(), False),
    ("log_transformer_10", POS, False, lambda: ft.LogTransformer(base="10"), False),
    ("box_cox_transformer", POS, False, lambda: ft.BoxCoxTransformer(), False),
    ("reciprocal_transformer", POS, False, lambda: ft.ReciprocalTransformer(), False),
    ("drop_features", NUM + CAT, False, lambda: fs.DropFeatures(features_to_drop=["MasVnrArea", "Street"]), False),
    ("end_tail_imputer", NUM, False, lambda: fi.EndTailImputer(), False),
    ("end_tail_imputer_iqr_left", NUM, False,
     lambda: fi.EndTailImputer(imputation_method="iqr", tail="left", fold=1.5), False),
    ("arbitrary_discretiser", POS, False, lambda: fd.ArbitraryDiscretiser(
        binning_dict={"LotArea": [-np.inf, 5000, 10000, 20000, np.inf], "GrLivArea": [0, 1000, 2000, np.inf]}), False),
    ("arbitrary_discretiser_boundaries", POS, False, lambda: fd.ArbitraryDiscretiser(
        binning_dict={"LotArea": [-np.inf, 5000, 10000, np.inf]}, return_boundaries=True, precision=2), False),
    ("log_cp_transformer", POS + ["BsmtUnfSF"], False, lambda: ft.LogCpTransformer(), False),
    ("log_cp_transformer_10", POS, False, lambda: ft.LogCpTransformer(C=1, base="10"), False),
    ("arbitrary_outlier_capper", POS, False, lambda: fo.ArbitraryOutlierCapper(
        max_capping_dict={"LotArea": 20000, "GrLivArea": 3000}, min_capping_dict={"1stFlrSF": 500}), False),
    ("winsorizer", POS, False, lambda: fo.Winsorizer(), False),
    ("winsorizer_iqr_both", NUM, False, lambda: fo.Winsorizer(
        capping_method="iqr", tail="both", fold=1.5, add_indicators=True, missing_values="ignore"), False),
    ("winsorizer_quantiles", POS, False, lambda: fo.Winsorizer(capping_method="quantiles", tail="both", fold=0.05),
     False),
    ("outlier_trimmer", POS, False, lambda: fo.OutlierTrimmer(capping_method="iqr", tail="both", fold=1.5), False),
    ("drop_constant_features", NUM + CAT, False,
     lambda: fs.DropConstantFeatures(tol=0.95, missing_values="ignore"), False),
    ("drop_duplicate_features", POS + ["TotalBsmtSF"], False, lambda: fs.DropDuplicateFeatures(), False),
    ("drop_correlated_features", POS + ["TotalBsmtSF", "GarageArea", "GarageCars", "TotRmsAbvGrd"], False,
     lambda: fs.DropCorrelatedFeatures(threshold=0.8), False),
    ("cyclical_features", ["MoSold", "YrSold", "LotArea"], False,
     lambda: fc.CyclicalFeatures(variables=["MoSold", "YrSold"]), False),
    ("cyclical_features_max", ["MoSold", "LotArea"], False,
     lambda: fc.CyclicalFeatures(variables=["MoSold"], max_values={"MoSold": 12}, drop_original=True), False),
    ("math_features", POS, False,
     lambda: fc.MathFeatures(variables=POS, func=["sum", "prod", "mean", "std", "max", "min"]), False),
    ("relative_features", POS, False, lambda: fc.RelativeFeatures(
        variables=["LotArea", "GrLivArea"], reference=["1stFlrSF"], func=["sub", "div", "add", "mul", "truediv"]),
     False),
    ("woe_encoder", ["LotShape", "Street", "CentralAir", "PavedDrive"], True,
     lambda: fen.WoEEncoder(variables=["CentralAir", "PavedDrive"]), "binary"),
    ("drop_missing_data", NUM + CAT_NA, False, lambda: fi.DropMissingData(variables=["LotFrontage", "BsmtQual"]),
     False),
    ("drop_missing_data_threshold", NUM + CAT_NA, False, lambda: fi.DropMissingData(threshold=0.75), False),
    ("random_sample_imputer", NUM + CAT_NA, False, lambda: fi.RandomSampleImputer(random_state=7), False),
    ("random_sample_imputer_observation", NUM + CAT_NA + POS, False, lambda: fi.RandomSampleImputer(
        variables=NUM + CAT_NA, seed="observation", random_state=["LotArea", "GrLivArea"]), False),
    ("decision_tree_discretiser", POS, False, lambda: fd.DecisionTreeDiscretiser(random_state=0), True),
    ("decision_tree_discretiser_classifier", POS, False, lambda: fd.DecisionTreeDiscretiser(
        regression=False, scoring="roc_auc", param_grid={"max_depth": [1, 2, 3], "min_samples_leaf": [5, 20]},
        random_state=0), "binary"),
    ("decision_tree_encoder", CAT, True, lambda: fen.DecisionTreeEncoder(random_state=0), True),
    ("decision_tree_encoder_ordered_classifier", CAT, True, lambda: fen.DecisionTreeEncoder(
        encoding_method="ordered", regression=False, scoring="accuracy", random_state=0), "binary"),
]


def single_cases():
    df = house()
    y = np.log(df["SalePrice"])
    for case, columns, fill, make, needs_y in CASES:
        X = df[columns].copy()
        if fill:
            for c in X.columns:
                if X[c].dtype == object:
                    X[c] = X[c].fillna("Missing")
        est = make()
        target = (y > y.iloc[:N_TRAIN].median()).astype(int) if needs_y == "binary" else y
        est.fit(X.iloc[:N_TRAIN], target.iloc[:N_TRAIN] if needs_y else None)
        out = est.transform(X.iloc[N_TRAIN:])
        write(case, {"data": "houseprice", "columns": columns, "fill_categorical": fill, "n_train": N_TRAIN,
                     "steps": [["step", record(est)]], "transform": frame_json(out)})


# --- the Titanic course pipelines -----------------------------------------------------------

CATEGORICAL = ["sex", "cabin", "embarked", "title"]
NUMERICAL = ["age", "fare"]


def titanic_pipelines():
    """The course pipelines (tools/reference/titanic.py) with their user step ExtractLetter done in
    pandas before the pipeline (cabin -> its first letter), as python/tests/test_pipeline.py does."""
    data = common.load_titanic()
    X = data.drop("survived", axis=1)
    X["cabin"] = X["cabin"].str[0]
    X_train, X_test, y_train, y_test = train_test_split(X, data["survived"], test_size=0.2, random_state=0)
    for name, model in [("logit", LogisticRegression(C=0.0005, random_state=0)),
                        ("gbm", GradientBoostingClassifier(random_state=0))]:
        pipe = Pipeline([
            ("categorical_imputation", fi.CategoricalImputer(imputation_method="missing", variables=CATEGORICAL)),
            ("missing_indicator", fi.AddMissingIndicator(variables=NUMERICAL)),
            ("median_imputation", fi.MeanMedianImputer(imputation_method="median", variables=NUMERICAL)),
            ("rare_label_encoder", fen.RareLabelEncoder(tol=0.05, n_categories=1, variables=CATEGORICAL)),
            ("categorical_encoder", fen.OneHotEncoder(drop_last=True, variables=CATEGORICAL)),
            ("scaler", StandardScaler()),
            ("model", model),
        ]).fit(X_train, y_train)
        steps = []
        for step_name, est in pipe.steps:
            methods = {}
            if isinstance(est, GradientBoostingClassifier):
                # The prior's raw score the trees start from, as the exporter reads it.
                methods["_raw_predict_init"] = est._raw_predict_init(
                    np.zeros((1, est.n_features_in_), dtype=np.float32))[0]
            steps.append([step_name, record(est, methods)])
        write(f"titanic_{name}", {
            "data": "titanic", "test_index": [int(i) for i in X_test.index], "steps": steps,
            "predict": [int(v) for v in pipe.predict(X_test)],
            "predict_proba": [float(v) for v in pipe.predict_proba(X_test)[:, 1]]})


# --- the House Prices course pipeline ---------------------------------------------------------


def house_prices_pipeline():
    """The course pipeline as the course writes it (examples/python_house_prices/course.py:
    feature-engine, scikit-learn, and its own Python steps ElapsedTime and Mapper), fitted on the
    course's split; its predictions (log price) on the test rows are the reference."""
    import sys

    sys.path.insert(0, os.path.join(common.ROOT, "examples", "python_house_prices"))
    import course

    X, y = course.load()
    X_train, X_test, y_train, _ = course.split(X, y)
    pipe = course.sklearn_pipeline().fit(X_train, y_train)
    write("house_prices_course", {
        "data": "house_prices", "test_index": [int(i) for i in X_test.index],
        "steps": [[name, record(est)] for name, est in pipe.steps],
        "predict": [float(v) for v in pipe.predict(X_test)]})


def main():
    single_cases()
    titanic_pipelines()
    house_prices_pipeline()


if __name__ == "__main__":
    main()
