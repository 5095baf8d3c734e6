"""Reference values for HistGradientBoostingRegressor / Classifier.

Writes tests/data/reference/tree/hgb_* (predictions, probabilities, bin
thresholds, early-stopping attributes) and tests/data/inputs/hgb_* (the small
synthetic frames) with scikit-learn 1.2.1.

Notes on matching scikit-learn exactly:
- OMP_NUM_THREADS=1 is set before scikit-learn is imported: the root node's
  gradient sum is an OpenMP reduction whose last bits depend on the thread
  count; with one thread it is the sequential sum fepipe computes (fepipe's
  own result does not depend on its thread count).
- numpy's AVX-512 exp/log kernels are disabled (DEVELOPERS.md): the poisson
  and multiclass baselines and poisson predictions go through np.exp/np.log,
  which on AVX-512 CPUs differ from the C library in the last bit.
- scikit-learn 1.2 has no label support for categorical features; label
  columns are ordinal-encoded here with sorted categories (unseen labels and
  missing values -> NaN), which is what fepipe does internally.
- The large synthetic cases (12 000 and 250 000 rows) are not written out:
  both sides generate them with the integer hash `synth_u` below (exact in
  Python and C++), see tests/tree/hist_gradient_boosting_test.cpp.
"""
import os

os.environ["OMP_NUM_THREADS"] = "1"
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES",
                      "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor  # noqa: E402

from common import load_houseprice, load_titanic, write_attribute, write_frame, write_input  # noqa: E402

assert sklearn.__version__ == "1.2.1", sklearn.__version__

FAMILY = "tree"
MASK64 = 0xFFFFFFFFFFFFFFFF


def mix64(x):
    """splitmix64's finalizer."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def synth_u(i, j):
    """A uniform double in [0, 1) for row i, stream j (53 exact bits)."""
    return (mix64(i * 1000003 + j) >> 11) / 9007199254740992.0


def synth_frame(n):
    """The generated data set (same formulas in the C++ test)."""
    x0 = np.empty(n)
    x1 = np.empty(n)
    x2 = np.empty(n)
    x3 = np.empty(n)
    score = np.empty(n)
    effect = [1.0, -2.0, 0.5, 3.0, 0.0, -1.0]
    for i in range(n):
        x0[i] = synth_u(i, 0) * 10.0 - 5.0
        x1[i] = np.nan if synth_u(i, 5) < 0.1 else synth_u(i, 1)
        x2[i] = np.nan if synth_u(i, 6) < 0.05 else float(int(synth_u(i, 2) * 6.0))
        x3[i] = synth_u(i, 3) * synth_u(i, 4)
        s = x0[i] * 2.0 + (0.5 if np.isnan(x1[i]) else x1[i]) * 3.0
        s += 0.0 if np.isnan(x2[i]) else effect[int(x2[i])]
        score[i] = s + synth_u(i, 7) * 2.0
    X = pd.DataFrame({"x0": x0, "x1": x1, "x2": x2, "x3": x3})
    y_class = np.where(score < -2.0, 0.0, np.where(score < 4.0, 1.0, 2.0))
    return X, score, y_class


def write_predictions(case, values, proba=None):
    df = pd.DataFrame({"pred": values})
    if proba is not None:
        for k in range(proba.shape[1]):
            df[f"p{k}"] = proba[:, k]
    write_frame(FAMILY, case, df, suffix="predict")


def write_fitted(case, est, X_names, thresholds=False):
    """n_iter_, the early-stopping scores and (for one case per binning
    setup, they are large) the bin thresholds."""
    write_attribute(FAMILY, case, "n_iter", est.n_iter_)
    if est.do_early_stopping_:
        write_attribute(FAMILY, case, "train_score", list(est.train_score_))
        if len(est.validation_score_):
            write_attribute(FAMILY, case, "validation_score", list(est.validation_score_))
    if thresholds:
        write_attribute(
            FAMILY, case, "bin_thresholds",
            {name: list(t) for name, t in zip(X_names, est._bin_mapper.bin_thresholds_)})


def ordinal(series, categories):
    """Sorted-category codes, NaN for missing or unseen labels."""
    codes = pd.Categorical(series, categories=categories).codes.astype(float)
    codes[codes < 0] = np.nan
    return codes


def house_cases():
    df = load_houseprice()
    features = [c for c in df.select_dtypes("number").columns if c not in ("Id", "SalePrice")]
    write_attribute(FAMILY, "hgb_house", "features", features)
    X = df[features]
    y = df["SalePrice"].astype(float)
    cases = {
        "hgb_house_squared": dict(),
        "hgb_house_absolute": dict(loss="absolute_error", max_iter=30),
        "hgb_house_poisson": dict(loss="poisson", max_iter=30),
        "hgb_house_quantile": dict(loss="quantile", quantile=0.8, max_iter=30, max_leaf_nodes=15,
                                   min_samples_leaf=10, l2_regularization=1.0),
        "hgb_house_depth": dict(max_depth=3, max_leaf_nodes=None, learning_rate=0.2, max_bins=32, max_iter=60),
        # Early stopping on a held-out 10 % (train_test_split with the seed).
        "hgb_house_early": dict(early_stopping=True, random_state=7, max_iter=300, n_iter_no_change=5),
        # Early stopping on the training loss (no validation split).
        # (tol is on the half squared error of SalePrice, ~1e9 at the start.)
        "hgb_house_early_train": dict(early_stopping=True, validation_fraction=None, max_iter=300,
                                      n_iter_no_change=3, tol=5e5, random_state=0),
    }
    for case, params in cases.items():
        params.setdefault("early_stopping", False)
        est = HistGradientBoostingRegressor(**params).fit(X, y)
        write_predictions(case, est.predict(X))
        write_fitted(case, est, features, thresholds=case in ("hgb_house_squared", "hgb_house_depth",
                                                             "hgb_house_early"))


def titanic_cases():
    df = load_titanic()
    features = ["pclass", "age", "sibsp", "parch", "fare"]
    X = df[features].astype(float)
    y = df["survived"].astype(float)
    est = HistGradientBoostingClassifier(early_stopping=False, max_iter=50).fit(X, y)
    write_predictions("hgb_titanic_binary", est.predict(X), est.predict_proba(X))
    write_fitted("hgb_titanic_binary", est, features, thresholds=True)


def small_synthetic():
    """A frame with NaN, a numeric category code and a label column."""
    rng = np.random.RandomState(20240601)
    n = 1500
    num_a = rng.normal(size=n)
    num_b = rng.uniform(0, 10, size=n)
    num_b[rng.uniform(size=n) < 0.15] = np.nan
    code = rng.randint(0, 6, size=n).astype(float)
    code[rng.uniform(size=n) < 0.08] = np.nan
    colors = np.array(["red", "green", "blue", "amber", "violet", "teal", "black"])
    color = colors[rng.randint(0, len(colors), size=n)].astype(object)
    color[rng.uniform(size=n) < 0.1] = None
    effect_code = {0.0: 1.0, 1.0: -1.0, 2.0: 0.5, 3.0: 2.0, 4.0: -0.5, 5.0: 0.0}
    effect_color = {"red": 1.5, "green": -1.0, "blue": 0.0, "amber": 2.5, "violet": -2.0, "teal": 0.5, "black": 1.0}
    score = (num_a * 1.5 + np.nan_to_num(num_b, nan=5.0) * 0.3
             + np.array([effect_code.get(c, 0.3) for c in code])
             + np.array([effect_color.get(c, -0.7) for c in color])
             + rng.normal(scale=0.5, size=n))
    y_class = np.where(score < 1.0, 0.0, np.where(score < 3.0, 1.0, 2.0))
    frame = pd.DataFrame({"num_a": num_a, "num_b": num_b, "code": code, "color": color, "y": score,
                          "y_class": y_class})
    train, test = frame.iloc[:1200].copy(), frame.iloc[1200:].copy()
    # Held-out rows with a code and a label never seen at fit.
    test.iloc[0, test.columns.get_loc("code")] = 7.0
    test.iloc[1, test.columns.get_loc("color")] = "magenta"
    write_input("hgb_synth_train", train)
    write_input("hgb_synth_test", test)

    categories = sorted(c for c in train["color"].unique() if c is not None)

    def encode(df):
        X = df[["num_a", "num_b", "code"]].copy()
        X["color"] = ordinal(df["color"], categories)
        return X

    X_train, X_test = encode(train), encode(test)
    names = list(X_train.columns)
    cat_mask = [False, False, True, True]

    reg = HistGradientBoostingRegressor(categorical_features=cat_mask, early_stopping=False, max_iter=80,
                                        max_leaf_nodes=20, min_samples_leaf=15).fit(X_train, train["y"])
    write_predictions("hgb_synth_regression", reg.predict(X_test))
    write_fitted("hgb_synth_regression", reg, names, thresholds=True)

    clf = HistGradientBoostingClassifier(categorical_features=cat_mask, early_stopping=False, max_iter=40,
                                         l2_regularization=0.5).fit(X_train, train["y_class"])
    write_predictions("hgb_synth_multiclass", clf.predict(X_test), clf.predict_proba(X_test))
    write_fitted("hgb_synth_multiclass", clf, names)

    # Binary classification with categorical splits.
    y_bin = (train["y_class"] == 2.0).astype(float)
    clf2 = HistGradientBoostingClassifier(categorical_features=cat_mask, early_stopping=False,
                                          max_iter=30).fit(X_train, y_bin)
    write_predictions("hgb_synth_binary", clf2.predict(X_test), clf2.predict_proba(X_test))
    write_fitted("hgb_synth_binary", clf2, names)


def generated_cases():
    """Cases on synth_frame (regenerated by the C++ test, not written out)."""
    X, score, y_class = synth_frame(12000)
    names = list(X.columns)
    cat_mask = [False, False, True, False]
    # n > 10 000: early_stopping='auto' is on, with a 10 % validation split.
    reg = HistGradientBoostingRegressor(categorical_features=cat_mask, random_state=0, max_iter=200,
                                        learning_rate=0.3).fit(X, score)
    head = X.iloc[:300]
    write_predictions("hgb_gen_early_regression", reg.predict(head))
    write_fitted("hgb_gen_early_regression", reg, names, thresholds=True)
    # Stratified validation split for the classifier.
    clf = HistGradientBoostingClassifier(categorical_features=cat_mask, random_state=42, max_iter=200,
                                         learning_rate=0.3).fit(X, y_class)
    write_predictions("hgb_gen_early_multiclass", clf.predict(head), clf.predict_proba(head))
    write_fitted("hgb_gen_early_multiclass", clf, names, thresholds=True)

    # More than 200 000 rows: thresholds come from a seeded subsample.
    Xb, score_b, _ = synth_frame(250000)
    big = HistGradientBoostingRegressor(categorical_features=cat_mask, random_state=3, max_iter=3,
                                        early_stopping=False, max_leaf_nodes=8).fit(Xb, score_b)
    write_predictions("hgb_gen_subsample", big.predict(Xb.iloc[:300]))
    write_fitted("hgb_gen_subsample", big, names, thresholds=True)


if __name__ == "__main__":
    house_cases()
    titanic_cases()
    small_synthetic()
    generated_cases()
