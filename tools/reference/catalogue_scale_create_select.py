"""Reference outputs for the scalers, the creation steps and the selectors.

Writes tests/data/reference/{scale,create,select}/<class>_<case>__<what>.csv
and the hand-made inputs tests/data/inputs/<class>_<case>.csv:
- MinMaxScaler, StandardScaler, RobustScaler, MaxAbsScaler (scikit-learn
  1.2.1): learned arrays and transforms;
- MathFeatures, RelativeFeatures, CyclicalFeatures (feature-engine 1.6.2):
  transforms (and learned maxima);
- DropFeatures, DropConstantFeatures, DropDuplicateFeatures,
  DropCorrelatedFeatures (feature-engine 1.6.2): what is dropped, the
  groups, the correlation matrices, transforms;
- SelectFromModel(Lasso) (scikit-learn) on the course's preprocessed House
  Prices training matrix, for SelectByLasso.

Data: House Prices and Titanic as the course reads them (common.py) and small
hand-made frames with NaN, ±inf, constant columns, a single row, ties and
duplicated columns.

Run: FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/reference/catalogue_scale_create_select.py
"""
import warnings

import numpy as np
import pandas as pd

import common
from common import write_attribute, write_frame, write_input

fe = common.use_feature_engine()
from feature_engine.creation import CyclicalFeatures, MathFeatures, RelativeFeatures  # noqa: E402
from feature_engine.selection import (  # noqa: E402
    DropConstantFeatures, DropCorrelatedFeatures, DropDuplicateFeatures, DropFeatures)
from sklearn.feature_selection import SelectFromModel  # noqa: E402
from sklearn.linear_model import Lasso  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler  # noqa: E402

import foundation  # noqa: E402  (the course pipeline, shared with the foundation references)

# All-NaN columns and constant columns make numpy warn; the values are what we want.
warnings.simplefilter("ignore", RuntimeWarning)

NAN, INF = np.nan, np.inf

HOUSE_NUMERIC = ["LotFrontage", "LotArea", "MasVnrArea", "BsmtFinSF1", "GarageYrBlt", "GrLivArea", "PoolArea",
                 "MiscVal", "YrSold", "SalePrice"]
TITANIC_NUMERIC = ["age", "fare", "sibsp", "parch", "pclass"]


def house():
    return common.load_houseprice()


def titanic():
    return common.load_titanic()


def house_floats():
    """House Prices with every integer column as float64. fepipe stores numbers
    as doubles; on int64 columns pandas would compute integer arithmetic
    instead (e.g. LotArea ** 2ndFlrSF wraps around to 0 where doubles give inf)."""
    df = house()
    ints = [c for c in df.columns if df[c].dtype.kind == "i"]
    df[ints] = df[ints].astype(float)
    return df


def frame_of(array, columns):
    return pd.DataFrame(np.asarray(array, dtype=float), columns=columns)


# --- scalers --------------------------------------------------------------------
def scaler_edge():
    """NaN, a constant column, ties, negatives, tiny and huge magnitudes, an all-NaN column."""
    return pd.DataFrame({
        "nan": [1.5, NAN, -2.0, 7.25, NAN, 3.0, 0.0],
        "constant": [5.0] * 7,
        "ties": [1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0],
        "negative": [-8.0, -1.0, -3.5, -1.0, -100.0, -0.5, -2.0],
        "tiny": [1e-300, 3e-300, 2e-300, 5e-301, 0.0, 1e-299, 4e-300],
        "huge": [1e300, -3e299, 2e300, 5e299, 1.5e300, -1e300, 0.0],
        "all_nan": [NAN] * 7,
    })


SCALERS = {
    "min_max_scaler": (MinMaxScaler, ["data_min_", "data_max_", "data_range_", "scale_", "min_", "n_samples_seen_"]),
    "standard_scaler": (StandardScaler, ["mean_", "var_", "scale_", "n_samples_seen_"]),
    "robust_scaler": (RobustScaler, ["center_", "scale_"]),
    "max_abs_scaler": (MaxAbsScaler, ["max_abs_", "scale_", "n_samples_seen_"]),
}

SCALER_OPTIONS = {
    "min_max_scaler": [("range", {"feature_range": (-1.0, 2.0)})],
    "standard_scaler": [("nomean", {"with_mean": False}), ("nostd", {"with_std": False})],
    "robust_scaler": [("q10_90_unit", {"quantile_range": (10.0, 90.0), "unit_variance": True}),
                      ("q0_100_unit", {"quantile_range": (0.0, 100.0), "unit_variance": True}),
                      ("nocenter", {"with_centering": False}), ("noscale", {"with_scaling": False})],
    "max_abs_scaler": [],
}


def write_scaler(name, case, scaler, X_fit, X_transform, transform=True):
    cls, attrs = SCALERS[name]
    s = scaler.fit(X_fit.to_numpy())
    cols = list(X_fit.columns)
    for a in attrs:
        value = getattr(s, a)
        if value is None:  # e.g. scale_ without with_std: nothing to compare
            continue
        if np.ndim(value) == 0:
            value = [value] * len(cols)  # n_samples_seen_ is one number without NaN
        write_attribute("scale", f"{name}_{case}", a.rstrip("_"), dict(zip(cols, list(value))))
    if transform:
        write_frame("scale", f"{name}_{case}", frame_of(s.transform(X_transform.to_numpy()), cols))


def scalers():
    h = house()[HOUSE_NUMERIC]
    t = titanic()[TITANIC_NUMERIC]
    edge = scaler_edge()
    for name, (cls, _) in SCALERS.items():
        write_input(f"{name}_edge", edge)
        write_input(f"{name}_titanic", t)
        write_scaler(name, "house", cls(), h, h)
        write_scaler(name, "titanic", cls(), t, t)
        write_scaler(name, "edge", cls(), edge, edge)
        # Fitted on one row: every range is zero and scales fall back to 1.
        write_scaler(name, "single", cls(), edge.iloc[:1], edge)
        for case, opts in SCALER_OPTIONS[name]:
            # On House Prices the learned values; the edge frame also checks the transforms.
            write_scaler(name, f"house_{case}", cls(**opts), h, h, transform=False)
            write_scaler(name, f"edge_{case}", cls(**opts), edge, edge)
    # clip only matters for values outside the training range: fit on the
    # first half, transform everything.
    write_scaler("min_max_scaler", "house_clip", MinMaxScaler(feature_range=(-1.0, 2.0), clip=True), h.iloc[:700], h)


# --- creation ---------------------------------------------------------------------
MATH_FUNCS = ["sum", "prod", "mean", "median", "min", "max", "std", "var"]


def math_edge():
    """Ten variables (numpy's pairwise sums kick in at 8), NaN, all-NaN rows, ±inf, ties."""
    rng = np.random.RandomState(3)
    X = rng.standard_normal((12, 10)) * 10.0 ** rng.randint(-3, 4, size=(12, 10))
    X[1, 2] = NAN
    X[2, :] = NAN           # all-NaN row
    X[3, 1:] = NAN          # one value left: std/var NaN
    X[4, :] = 2.5           # ties: std 0
    X[5, 0] = INF
    X[6, 3] = -INF
    X[6, 4] = INF           # inf − inf in var
    X[7, :5] = 0.0
    return frame_of(X, [f"v{i}" for i in range(10)])


def math_features():
    h = house_floats()
    write_math("house_ignore", h, dict(variables=["LotFrontage", "MasVnrArea", "GarageYrBlt"], func=MATH_FUNCS,
                                       missing_values="ignore"))
    write_math("house_raise", h, dict(variables=["1stFlrSF", "2ndFlrSF", "TotalBsmtSF", "GarageArea"],
                                      func=MATH_FUNCS))
    write_math("house_names_drop", h, dict(variables=["1stFlrSF", "2ndFlrSF"], func=["sum", "mean"],
                                           new_variables_names=["TotalFlrSF", "MeanFlrSF"], drop_original=True))
    t = titanic()[TITANIC_NUMERIC]
    write_input("math_features_titanic", t)
    write_math("titanic", t, dict(variables=["age", "fare", "sibsp", "parch"], func=MATH_FUNCS,
                                  missing_values="ignore"))
    edge = math_edge()
    write_input("math_features_edge", edge)
    write_math("edge", edge, dict(variables=list(edge.columns), func=MATH_FUNCS, missing_values="ignore"))
    write_math("edge_single_func", edge, dict(variables=["v0", "v1"], func="median", missing_values="ignore",
                                              drop_original=True))


def write_math(case, X, opts):
    t = MathFeatures(**opts).fit(X)
    out = t.transform(X)
    new = [c for c in out.columns if c not in X.columns]
    kept = [c for c in out.columns if c in X.columns and c in opts["variables"]]
    write_frame("create", f"math_features_{case}", out[kept + new])
    write_attribute("create", f"math_features_{case}", "feature_names_out", list(t.get_feature_names_out()))


REL_FUNCS = ["add", "sub", "mul", "div", "truediv", "floordiv", "mod", "pow"]


def relative_edge():
    """Signs, zeros (also −0.0) in the reference, NaN, ±inf, huge values."""
    return pd.DataFrame({
        "x": [7.0, -7.0, 7.0, -7.0, 0.0, -0.0, 2.5, NAN, INF, -INF, 1e300, 5.0, 3.0],
        "y": [1.0, 2.0, -3.0, 0.5, 4.0, -1.0, 0.0, 1.0, 2.0, 3.0, -2.0, NAN, 0.1],
        "r": [2.0, 2.0, -2.0, -2.0, 3.0, 3.0, 0.0, 1.0, 2.0, 2.0, 1e-300, -0.0, INF],
        "s": [-3.0, 0.5, 4.0, 1.5, -0.5, 2.0, 3.0, NAN, 1.0, -1.0, 2.0, 1.0, 0.3],
    })


def write_relative(case, X, opts, variables):
    t = RelativeFeatures(**opts).fit(X)
    out = t.transform(X)
    new = [c for c in out.columns if c not in X.columns]
    write_frame("create", f"relative_features_{case}", out[[c for c in variables if c in out.columns] + new])
    # feature-engine's get_feature_names_out (1.6.2 and 1.9.4) removes only
    # the variables with drop_original, while transform also drops the
    # references; fepipe's names are the transform's columns.
    write_attribute("create", f"relative_features_{case}", "feature_names_out", list(out.columns))


def relative_features():
    h = house_floats()
    write_relative("house", h, dict(variables=["LotArea", "GrLivArea"], reference=["1stFlrSF", "TotRmsAbvGrd"],
                                    func=REL_FUNCS), ["LotArea", "GrLivArea"])
    write_relative("house_zero_fill", h, dict(variables=["LotArea", "LotFrontage"],
                                              reference=["BsmtFullBath", "2ndFlrSF"],
                                              func=["div", "floordiv", "mod", "pow"], fill_value=-1,
                                              drop_original=True), [])
    t = titanic()[TITANIC_NUMERIC]
    write_input("relative_features_titanic", t)
    write_relative("titanic", t, dict(variables=["fare", "sibsp"], reference=["age"], func=REL_FUNCS),
                   ["fare", "sibsp"])
    edge = relative_edge()
    write_input("relative_features_edge", edge)
    write_relative("edge", edge, dict(variables=["x", "y"], reference=["r", "s"], func=REL_FUNCS, fill_value=0.5),
                   ["x", "y"])
    # A reference that is also a variable: divided by itself, dropped once.
    write_relative("edge_self_drop", edge, dict(variables=["x", "s"], reference=["s"], func=["sub", "floordiv"],
                                                drop_original=True), [])


def cyclical_edge():
    return pd.DataFrame({
        "hour": [0.0, 6.0, 12.0, 18.0, 23.0, 23.0, 6.0, 12.5],
        "month": [1.0, 3.0, 6.0, 9.0, 12.0, 12.0, 1.0, 7.0],
        "negative": [-1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0],
        "other": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    })


def write_cyclical(case, X, opts, X_fit=None):
    t = CyclicalFeatures(**opts).fit(X if X_fit is None else X_fit)
    out = t.transform(X)
    new = [c for c in out.columns if c not in X.columns]
    write_frame("create", f"cyclical_features_{case}", out[[v for v in t.variables_ if v in out.columns] + new])
    write_attribute("create", f"cyclical_features_{case}", "max_values", dict(t.max_values_))
    write_attribute("create", f"cyclical_features_{case}", "feature_names_out", list(t.get_feature_names_out()))


def cyclical_features():
    h = house_floats()
    write_cyclical("house", h, dict(variables=["MoSold", "OverallQual"]))
    write_cyclical("house_given", h, dict(max_values={"MoSold": 12, "YrSold": 2010.5}, drop_original=True))
    edge = cyclical_edge()
    write_input("cyclical_features_edge", edge)
    write_cyclical("edge", edge, dict())
    write_cyclical("edge_given", edge, dict(max_values={"hour": 24, "month": 12}, drop_original=True))
    # Fitted on one row: the maxima are that row's values. (Row 0 has hour 0:
    # feature-engine then divides by zero — ZeroDivisionError — where fepipe
    # raises a DataError at fit.)
    write_cyclical("edge_single", edge, dict(variables=["hour", "month", "negative"]), X_fit=edge.iloc[1:2])


# --- selection --------------------------------------------------------------------------
def write_selection(name, case, t, X, extra=None, transform=False):
    """What a selector drops, its output names and (small inputs) its numeric output."""
    drop = t.features_to_drop_
    if isinstance(drop, set):  # DropDuplicateFeatures: fepipe keeps frame order
        drop = [c for c in X.columns if c in drop]
    write_attribute("select", f"{name}_{case}", "features_to_drop", list(drop))
    write_attribute("select", f"{name}_{case}", "feature_names_out", list(t.get_feature_names_out()))
    if transform:
        out = t.transform(X)
        write_frame("select", f"{name}_{case}", out[[c for c in out.columns if X[c].dtype != object]])
    for attr, value in (extra or {}).items():
        write_attribute("select", f"{name}_{case}", attr, value)


def drop_features():
    h = house()
    write_selection("drop_features", "house", DropFeatures(features_to_drop=["YrSold", "Street", "LotArea"]).fit(h), h)
    t = titanic()
    write_input("drop_features_titanic", t)
    write_selection("drop_features", "titanic", DropFeatures(features_to_drop=["cabin"]).fit(t), t)


def constant_edge():
    return pd.DataFrame({
        "const_num": [3.0] * 8,
        "const_cat": ["a"] * 8,
        "signed_zero": [0.0, -0.0, 0.0, -0.0, 0.0, 0.0, -0.0, 0.0],   # one value for pandas
        "const_nan": [1.0, NAN, 1.0, 1.0, NAN, 1.0, 1.0, 1.0],
        "cat_nan": ["b", "b", None, "b", "b", None, None, "b"],
        "all_nan": [NAN] * 8,
        "quasi": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0],
        "varied": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        "labels": ["x", "y", "x", "z", "x", "y", "x", "x"],
    })


def drop_constant_features():
    h = house()
    write_selection("drop_constant_features", "house", DropConstantFeatures(missing_values="ignore").fit(h), h)
    write_selection("drop_constant_features", "house_tol0.98",
                    DropConstantFeatures(tol=0.98, missing_values="ignore").fit(h), h)
    write_selection("drop_constant_features", "house_tol0.9_include",
                    DropConstantFeatures(tol=0.9, missing_values="include").fit(h), h)
    t = titanic()
    write_input("drop_constant_features_titanic", t)
    write_selection("drop_constant_features", "titanic_tol0.7_include",
                    DropConstantFeatures(tol=0.7, missing_values="include").fit(t), t)
    write_selection("drop_constant_features", "titanic_tol0.7_ignore",
                    DropConstantFeatures(tol=0.7, missing_values="ignore").fit(t), t)
    edge = constant_edge()
    write_input("drop_constant_features_edge", edge)
    write_selection("drop_constant_features", "edge_ignore", DropConstantFeatures(missing_values="ignore").fit(edge),
                    edge, transform=True)
    write_selection("drop_constant_features", "edge_include",
                    DropConstantFeatures(missing_values="include").fit(edge), edge, transform=True)
    write_selection("drop_constant_features", "edge_tol0.75_include",
                    DropConstantFeatures(tol=0.75, missing_values="include").fit(edge), edge, transform=True)
    # feature-engine fails (IndexError) on an all-NaN column with tol < 1 and
    # missing_values='ignore' (no value to count); fepipe keeps such a column.
    # The reference leaves that column out of `variables`.
    some = [c for c in edge.columns if c != "all_nan"]
    write_selection("drop_constant_features", "edge_tol0.75_ignore",
                    DropConstantFeatures(tol=0.75, missing_values="ignore", variables=some).fit(edge), edge,
                    transform=True)


def duplicate_edge():
    return pd.DataFrame({
        "a": [1.0, 2.0, NAN, 4.0, 5.0, 0.0],
        "b": [1.0, 2.0, NAN, 4.0, 5.0, 0.0],        # = a (NaN at the same row)
        "c": [1.0, 2.0, 3.0, NAN, 5.0, 0.0],        # NaN elsewhere: not a duplicate
        "d": [1.0, 2.0, NAN, 4.0, 5.0, -0.0],       # = a: −0.0 equals 0.0
        "e": [1.0, 2.0, NAN, 4.0, 5.0, 0.0],        # = a: a group of three
        "f": ["x", "y", None, "x", "z", "x"],
        "g": ["x", "y", None, "x", "z", "x"],       # = f
        "h": ["x", "y", "x", "x", "z", "x"],
        "i": [1.0, 2.0, 3.0, NAN, 5.0, 0.0],        # = c
    })


def duplicate_groups(t, X):
    """feature-engine's list of sets, each as a list in frame order."""
    return [[c for c in X.columns if c in s] for s in t.duplicated_feature_sets_]


def drop_duplicate_features():
    h = house()[["LotArea", "Street", "MasVnrArea", "GarageYrBlt", "PoolArea", "MiscVal", "Alley"]].copy()
    h["LotArea_copy"] = h["LotArea"]
    h["MasVnrArea_copy"] = h["MasVnrArea"]
    h["Alley_copy"] = h["Alley"]
    h["PoolArea_again"] = h["PoolArea"]
    write_input("drop_duplicate_features_house", h)
    t = DropDuplicateFeatures().fit(h)
    write_selection("drop_duplicate_features", "house", t, h,
                    {"duplicated_feature_sets": dict(enumerate(duplicate_groups(t, h)))})
    ti = titanic()
    ti["cabin_copy"] = ti["cabin"]
    write_input("drop_duplicate_features_titanic", ti)
    t = DropDuplicateFeatures().fit(ti)
    write_selection("drop_duplicate_features", "titanic", t, ti,
                    {"duplicated_feature_sets": dict(enumerate(duplicate_groups(t, ti)))})
    edge = duplicate_edge()
    write_input("drop_duplicate_features_edge", edge)
    t = DropDuplicateFeatures().fit(edge)
    write_selection("drop_duplicate_features", "edge", t, edge,
                    {"duplicated_feature_sets": dict(enumerate(duplicate_groups(t, edge)))}, transform=True)


def correlated_edge():
    rng = np.random.RandomState(5)
    n = 40
    base = rng.standard_normal(n)
    X = pd.DataFrame({
        # Frame order is not name order: the selector must sort.
        "zeta": base,
        "alpha": base * 2.0 + 0.05 * rng.standard_normal(n),
        "mid": -base + 0.5 * rng.standard_normal(n),
        "beta": np.round(base * 3.0),                       # ties, for the rank methods
        "constant": np.full(n, 4.0),                        # NaN correlation
        "noise": rng.standard_normal(n),
        "exact": base * -4.0,                               # |r| = 1 exactly with zeta
    })
    X.loc[[3, 8, 20], "alpha"] = NAN
    X.loc[[5, 8], "mid"] = NAN
    X.loc[11, "noise"] = INF                                # left out of its pairs, as NaN
    X.loc[30, "beta"] = -INF
    return X


def correlation_pairs(X, variables, method):
    """r(f_i, f_j) for i < j in name order, as DataFrame.corr computes it."""
    names = sorted(variables)
    c = X[names].corr(method=method)
    return {a: {b: c.loc[a, b] for b in names[i + 1:]} for i, a in enumerate(names)}


def write_correlated(case, X, variables, method, threshold):
    # feature-engine 1.6.2 walks the variables in the order given, 1.9.4 in
    # name order (the spec): pass them sorted. 1.6.2 returns features_to_drop_
    # as a set; 1.9.4's list (discovery order) is each group's members after
    # its first, groups in order, since a group's first member is its smallest
    # name and it claims later names in name order.
    names = sorted(variables)
    t = DropCorrelatedFeatures(variables=names, method=method, threshold=threshold).fit(X)
    groups = [sorted(s) for s in t.correlated_feature_sets_]
    drop_in_discovery_order = [f for g in groups for f in g[1:]]
    assert set(drop_in_discovery_order) == set(t.features_to_drop_)
    write_attribute("select", f"drop_correlated_features_{case}", "features_to_drop", drop_in_discovery_order)
    write_attribute("select", f"drop_correlated_features_{case}", "correlated_feature_sets", dict(enumerate(groups)))
    write_attribute("select", f"drop_correlated_features_{case}", "correlation",
                    correlation_pairs(X, variables, method))
    write_attribute("select", f"drop_correlated_features_{case}", "feature_names_out",
                    [c for c in X.columns if c not in set(t.features_to_drop_)])


def drop_correlated_features():
    h = house()
    num = [c for c in h.columns if h[c].dtype != object and c != "Id"]
    write_correlated("house_pearson", h, num, "pearson", 0.8)
    write_correlated("house_spearman", h, num, "spearman", 0.75)
    write_correlated("house_kendall", h, num, "kendall", 0.6)
    t = titanic()
    write_correlated("titanic_pearson", t, TITANIC_NUMERIC + ["survived"], "pearson", 0.3)
    write_correlated("titanic_kendall", t, TITANIC_NUMERIC + ["survived"], "kendall", 0.3)
    edge = correlated_edge()
    write_input("drop_correlated_features_edge", edge)
    for method in ["pearson", "spearman", "kendall"]:
        write_correlated(f"edge_{method}", edge, list(edge.columns), method, 0.7)
    # Strictly greater: |r| = 1 does not exceed a threshold of 1.
    write_correlated("edge_threshold1", edge, list(edge.columns), "pearson", 1.0)


def course_training_matrix():
    """The course's House Prices training matrix after every transformer (MinMaxScaler included)."""
    df = house()
    X_train, _, y_train, _ = train_test_split(df[foundation.FEATURES], df["SalePrice"], test_size=0.1,
                                              random_state=0)
    y_train = np.log(y_train)
    pipe = foundation.course_pipeline().fit(X_train, y_train)
    names = list(pipe[:-2].transform(X_train.head()).columns)  # the scaler returns a bare array
    Xt = pd.DataFrame(pipe[:-1].transform(X_train), columns=names)
    Xt["SalePrice"] = y_train.to_numpy()
    return Xt


def select_by_lasso():
    data = course_training_matrix()
    write_input("select_by_lasso_house_train", data)
    X, y = data.drop(columns=["SalePrice"]), data["SalePrice"]
    for case, opts in [("course", {}), ("median", {"threshold": "median"}), ("mean1.25", {"threshold": "1.25*mean"}),
                       ("max10", {"max_features": 10}), ("max10_value0.05", {"max_features": 10, "threshold": 0.05})]:
        sel = SelectFromModel(Lasso(alpha=0.001, random_state=0), **opts).fit(X, y)
        name = f"select_by_lasso_house_{case}"
        write_attribute("select", name, "coef", list(sel.estimator_.coef_))
        write_attribute("select", name, "threshold", float(sel.threshold_))
        write_attribute("select", name, "features_to_drop", [c for c, keep in zip(X.columns, sel.get_support())
                                                             if not keep])
        write_attribute("select", name, "feature_names_out", list(sel.get_feature_names_out()))


if __name__ == "__main__":
    scalers()
    math_features()
    relative_features()
    cyclical_features()
    drop_features()
    drop_constant_features()
    drop_duplicate_features()
    drop_correlated_features()
    select_by_lasso()
    print("scale/create/select references written")
