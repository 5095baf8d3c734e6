"""Reference outputs of scikit-learn 1.2.1's decision trees and gradient
boosting, for tests/tree/decision_tree_test.cpp and gradient_boosting_test.cpp.

Writes tests/data/reference/tree/{dt,gb}_<case>__<what>.csv and the
synthetic inputs tests/data/inputs/tree_synthetic*.csv.

numpy 1.24 computes exp/log with its own AVX-512 kernels when the CPU has
them; they differ from the C library in the last bit for ~1 value in 4,
and a last-bit difference in a raw score can flip which of two splits with
the same partition wins. The reference therefore uses numpy's portable
(libm) path -- the one it takes on every CPU without AVX-512 -- so these
files do not depend on the machine that generated them. The variable must
be set before numpy is imported.
"""
import os

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES",
                      "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import sys  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor  # noqa: E402
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import common  # noqa: E402

assert sklearn.__version__ == "1.2.1", sklearn.__version__
FAMILY = "tree"

# --- data -------------------------------------------------------------------


def houseprice():
    """Numeric House Prices features (MSSubClass is categorical, Id dropped),
    NaN filled with the column median; target SalePrice."""
    df = common.load_houseprice()
    X = df.select_dtypes("number").drop(columns=["Id", "SalePrice"])
    X = X.fillna(X.median())
    return X, df["SalePrice"].to_numpy(dtype=float)


def titanic():
    """pclass, age, sibsp, parch, fare ('?' = missing, filled with the
    median) and survived."""
    df = pd.read_csv(os.path.join(common.DATA, "titanic.csv"), na_values="?")
    X = df[["pclass", "age", "sibsp", "parch", "fare"]].astype(float)
    X = X.fillna(X.median())
    return X, df["survived"].to_numpy(dtype=float)


def synthetic():
    """Small integer-valued features with a duplicated column (f5 == f1, so
    different features give identical partitions), repeated rows, targets
    for regression / binary / 3-class, and weights including zeros."""
    rng = np.random.RandomState(20240611)
    n = 300
    f0 = rng.normal(size=n).round(1)
    ints = rng.randint(0, 4, size=(n, 4))
    X = pd.DataFrame({"f0": f0, "f1": ints[:, 0], "f2": ints[:, 1], "f3": ints[:, 2], "f4": ints[:, 3]}).astype(float)
    X["f5"] = X["f1"]
    X.iloc[250:] = X.iloc[:50].to_numpy()  # 50 repeated rows
    noise = rng.randint(0, 3, size=n)
    df = X.copy()
    df["y_reg"] = (2 * X["f0"] + X["f1"] - X["f3"] + noise).round(0)
    df["y_bin"] = ((X["f1"] + X["f2"] + noise) > 4).astype(float)
    df["y_multi"] = ((X["f1"] + X["f3"] + noise) % 3).astype(float)
    w = rng.randint(1, 4, size=n).astype(float)
    w[rng.rand(n) < 0.1] = 0.0
    df["weight"] = w
    common.write_input("tree_synthetic", df)
    # Query rows on and between the split thresholds (x.5 midpoints of the
    # integer levels, exactly representable): checks x <= threshold.
    grid = np.arange(-1.0, 4.51, 0.25)
    q = pd.DataFrame({c: np.resize(np.roll(grid, 3 * j), 60) for j, c in enumerate(X.columns)})
    common.write_input("tree_synthetic_query", q)
    return df, X, q


HOUSE_X, HOUSE_Y = houseprice()
TITANIC_X, TITANIC_Y = titanic()
SYN, SYN_X, SYN_Q = synthetic()
# Multiclass Titanic: the ticket class from the other features.
TITANIC_MULTI_X = pd.concat([TITANIC_X.drop(columns=["pclass"]), pd.Series(TITANIC_Y, name="survived")], axis=1)
TITANIC_MULTI_Y = TITANIC_X["pclass"].to_numpy() - 1

DATA = {
    "house": (HOUSE_X, HOUSE_Y, None),
    "titanic": (TITANIC_X, TITANIC_Y, None),
    "titanic_multi": (TITANIC_MULTI_X, TITANIC_MULTI_Y, None),
    "syn_reg": (SYN_X, SYN["y_reg"].to_numpy(), SYN_Q),
    "syn_bin": (SYN_X, SYN["y_bin"].to_numpy(), SYN_Q),
    "syn_multi": (SYN_X, SYN["y_multi"].to_numpy(), SYN_Q),
}

# --- writers ----------------------------------------------------------------


def write_predictions(case, model, X, query, classifier):
    """Predictions on the training rows (and on the query rows if any)."""
    parts = [("train", X)] + ([("query", query)] if query is not None else [])
    for part, Z in parts:
        Z = Z.to_numpy()
        if classifier:
            proba = model.predict_proba(Z)
            df = pd.DataFrame(proba, columns=[f"p{k}" for k in range(proba.shape[1])])
            df["label"] = model.predict(Z).astype(int)
        else:
            df = pd.DataFrame({"pred": model.predict(Z)})
        common.write_frame(FAMILY, case, df, suffix=f"predict_{part}")


def dt_case(case, data, classifier, weighted=False, **options):
    X, y, query = DATA[data]
    est = (DecisionTreeClassifier if classifier else DecisionTreeRegressor)(**options)
    sw = SYN["weight"].to_numpy() if weighted else None
    est.fit(X.to_numpy(), y, sample_weight=sw)
    write_predictions(case, est, X, query, classifier)
    common.write_attribute(FAMILY, case, "feature_importances_", est.feature_importances_)
    common.write_attribute(FAMILY, case, "apply", est.apply(X.to_numpy()))
    t = est.tree_
    thresholds = {c: sorted(t.threshold[t.feature == j].tolist()) for j, c in enumerate(X.columns)}
    common.write_attribute(FAMILY, case, "thresholds", {c: v for c, v in thresholds.items() if v})
    common.write_attribute(FAMILY, case, "shape", {"depth": est.get_depth(), "n_leaves": est.get_n_leaves(),
                                                   "max_features_": est.max_features_})


def gb_case(case, data, classifier, weighted=False, staged=False, **options):
    X, y, query = DATA[data]
    est = (GradientBoostingClassifier if classifier else GradientBoostingRegressor)(**options)
    sw = SYN["weight"].to_numpy() if weighted else None
    est.fit(X.to_numpy(), y, sample_weight=sw)
    write_predictions(case, est, X, query, classifier)
    common.write_attribute(FAMILY, case, "feature_importances_", est.feature_importances_)
    common.write_attribute(FAMILY, case, "train_score_", est.train_score_)
    if hasattr(est, "oob_improvement_"):
        common.write_attribute(FAMILY, case, "oob_improvement_", est.oob_improvement_)
    common.write_attribute(FAMILY, case, "n_estimators_", est.n_estimators_)
    if staged:
        # First 25 training rows after stages 1, 10 and the last.
        Z = X.to_numpy()[:25]
        stages = list(est.staged_predict_proba(Z) if classifier else est.staged_predict(Z))
        rows = []
        for s in sorted({0, 9, len(stages) - 1}):
            values = stages[s].reshape(len(Z), -1)
            for r in range(len(Z)):
                rows.append([s, r] + values[r].tolist())
        width = len(rows[0]) - 2
        cols = ["stage", "row"] + ([f"p{k}" for k in range(width)] if classifier else ["pred"])
        common.write_frame(FAMILY, case, pd.DataFrame(rows, columns=cols), suffix="staged")


# --- cases (mirrored in the C++ tests) --------------------------------------

# Decision trees.
dt_case("dt_reg_house_full", "house", False, random_state=0)
dt_case("dt_reg_house_depth", "house", False, max_depth=6, min_samples_leaf=5, random_state=0)
dt_case("dt_reg_house_friedman_sqrt", "house", False, criterion="friedman_mse", max_features="sqrt", max_depth=8,
        random_state=3)
dt_case("dt_reg_syn_full", "syn_reg", False, random_state=1)
dt_case("dt_reg_syn_best_first", "syn_reg", False, max_leaf_nodes=12, max_features=3, random_state=7)
dt_case("dt_reg_syn_weighted", "syn_reg", False, weighted=True, min_weight_fraction_leaf=0.05,
        min_samples_split=0.05, random_state=2)
dt_case("dt_reg_syn_fractions", "syn_reg", False, min_impurity_decrease=0.05, max_features=0.5,
        min_samples_leaf=0.02, random_state=4)
dt_case("dt_clf_titanic_gini", "titanic", True, max_depth=4, random_state=0)
dt_case("dt_clf_titanic_entropy", "titanic", True, criterion="entropy", random_state=0)
dt_case("dt_clf_syn_multi_log2", "syn_multi", True, max_features="log2", random_state=5)
dt_case("dt_clf_syn_multi_best_first", "syn_multi", True, weighted=True, criterion="log_loss", max_leaf_nodes=10,
        random_state=11)
dt_case("dt_clf_syn_bin", "syn_bin", True, min_samples_split=10, random_state=0)

# Gradient boosting.
gb_case("gb_reg_house_ls", "house", False, staged=True, random_state=0)
gb_case("gb_reg_house_lad_sub", "house", False, loss="absolute_error", subsample=0.8, n_estimators=50,
        random_state=1)
gb_case("gb_reg_house_huber", "house", False, loss="huber", alpha=0.8, max_features="sqrt", n_estimators=60,
        random_state=2)
gb_case("gb_reg_house_quantile", "house", False, loss="quantile", alpha=0.3, learning_rate=0.2, n_estimators=40,
        criterion="squared_error", max_depth=None, max_leaf_nodes=8, random_state=0)
gb_case("gb_reg_house_early", "house", False, n_iter_no_change=5, validation_fraction=0.2, learning_rate=0.3,
        n_estimators=500, random_state=3)
gb_case("gb_reg_syn_ls", "syn_reg", False, random_state=4, n_estimators=40)
gb_case("gb_reg_syn_huber_sub_weighted", "syn_reg", False, weighted=True, loss="huber", subsample=0.7,
        n_estimators=40, random_state=5)
gb_case("gb_reg_syn_lad_zero", "syn_reg", False, loss="absolute_error", init="zero", max_features=2,
        min_samples_leaf=4, n_estimators=30, random_state=6)
gb_case("gb_reg_syn_quantile_early", "syn_reg", False, loss="quantile", alpha=0.6, n_iter_no_change=3,
        n_estimators=200, random_state=7)
gb_case("gb_clf_titanic_binary", "titanic", True, staged=True, random_state=0)
gb_case("gb_clf_titanic_exp_sub", "titanic", True, loss="exponential", subsample=0.6, n_estimators=50,
        random_state=5)
gb_case("gb_clf_titanic_early", "titanic", True, n_iter_no_change=4, validation_fraction=0.15, n_estimators=300,
        random_state=8)
gb_case("gb_clf_titanic_multi", "titanic_multi", True, staged=True, n_estimators=40, max_depth=2, random_state=1)
gb_case("gb_clf_syn_multi", "syn_multi", True, weighted=True, subsample=0.8, max_features=3, n_iter_no_change=3,
        n_estimators=100, random_state=6)
gb_case("gb_clf_syn_bin_zero", "syn_bin", True, init="zero", min_samples_leaf=3, max_leaf_nodes=6,
        max_depth=None, n_estimators=30, random_state=9)
gb_case("gb_clf_syn_bin_exp_weighted", "syn_bin", True, weighted=True, loss="exponential", min_samples_split=0.1,
        min_weight_fraction_leaf=0.02, n_estimators=30, random_state=10)
