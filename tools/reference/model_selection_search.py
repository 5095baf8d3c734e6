"""Reference outputs for cross-validation and hyper-parameter search
(model_selection/cross_validation.hpp, param_grid.hpp, distributions.hpp,
search.hpp).

Writes tests/data/reference/model_selection/ (files read with
fepipe_test::read_attribute: columns variable,key,value):
- search_{reg,clf}__X.csv, search_{reg,clf}__y.csv: small synthetic data sets
  (numpy RandomState(0)): 4 numeric features and a linear target with noise;
  3 features and a 0/1 target;
- grid__cases.csv: variable = case, key = "grid", value = the grid as JSON;
  grid__params.csv: variable = case, key = index, value = the candidate's
  params as json.dumps of ParameterGrid's dict (keys in its order);
- sampler__cases.csv: variable = case, key = dists | n_iter | seed; the
  distributions in fepipe's JSON (a list: choices; {"uniform": [loc, scale]},
  {"loguniform": [a, b]}, {"randint": [low, high]}: scipy.stats's);
  sampler__params.csv: ParameterSampler's candidates, as grid__params;
- cv_{reg,clf}__scores.csv: variable = cross_validate key (test_<scorer>,
  train_<scorer>), key = fold, value = score;
- search_<case>__cv_results.csv: variable = cv_results_ key (the time
  columns left out), key = candidate, value (params as JSON);
  search_<case>__best.csv: best_index_, best_score_, best_params_ (JSON), and
  for halving n_resources_/n_candidates_ per iteration, n_iterations_,
  n_required_iterations_, n_possible_iterations_, min_resources_.

The pipelines are scikit-learn's twins of the specs the C++ tests build
(StandardScaler + Lasso, MinMaxScaler + LogisticRegression): fepipe's fits
match them to ~1e-10 (tests/linear), so the scores agree to that tolerance.

Run: /usr/bin/python3 tools/reference/model_selection_search.py
"""
import json
import os

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512_SKX")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from scipy import stats  # noqa: E402
from sklearn.experimental import enable_halving_search_cv  # noqa: E402,F401
from sklearn.linear_model import Lasso, LogisticRegression  # noqa: E402
from sklearn.model_selection import (  # noqa: E402
    GridSearchCV, HalvingGridSearchCV, KFold, ParameterGrid, ParameterSampler, RandomizedSearchCV,
    StratifiedKFold, cross_validate)
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import MinMaxScaler, StandardScaler  # noqa: E402

import common  # noqa: E402

assert sklearn.__version__ == "1.2.1", sklearn.__version__
FAMILY = "model_selection"


def write_rows(name, rows):
    path = common.out_path(FAMILY, name)
    import csv
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["variable", "key", "value"])
        for var, k, x in rows:
            w.writerow([common.fmt(var), common.fmt(k), common.fmt(x)])


def jvalue(v):
    """A parameter value as JSON (numpy scalars as Python's)."""
    if isinstance(v, np.integer):
        v = int(v)
    elif isinstance(v, np.floating):
        v = float(v)
    return v


def pjson(params):
    return json.dumps({k: jvalue(v) for k, v in params.items()})


def datasets():
    rng = np.random.RandomState(0)
    n = 120
    X = rng.normal(size=(n, 4)) * np.array([1.0, 3.0, 0.5, 10.0]) + np.array([0.0, 5.0, -1.0, 50.0])
    y = 2.0 * X[:, 0] - 0.7 * X[:, 1] + 4.0 * X[:, 2] + 0.05 * X[:, 3] + rng.normal(scale=1.5, size=n)
    reg = (pd.DataFrame(X, columns=[f"x{i}" for i in range(4)]), y)
    m = 80
    Xc = rng.normal(size=(m, 3)) * np.array([1.0, 2.0, 4.0]) + np.array([1.0, 0.0, 10.0])
    logit = 1.2 * Xc[:, 0] - 0.8 * Xc[:, 1] + 0.3 * (Xc[:, 2] - 10.0) + rng.normal(scale=1.0, size=m)
    yc = (logit > 1.0).astype(float)
    clf = (pd.DataFrame(Xc, columns=[f"x{i}" for i in range(3)]), yc)
    for name, (Xd, yd) in (("search_reg", reg), ("search_clf", clf)):
        common.write_frame(FAMILY, name, Xd, suffix="X")
        common.write_frame(FAMILY, name, pd.DataFrame({"y": yd}), suffix="y")
    return reg, clf


def grids():
    cases = {
        "one": {"lasso__alpha": [0.1, 0.01, 1.0]},
        "two": {"lasso__fit_intercept": [True, False], "lasso__alpha": [0.5, 0.001], "lasso__selection": ["cyclic"]},
        "list": [{"b__x": [1, 2], "a__y": ["p", "q", "r"]}, {"c__z": [None, [1, 2]]}, {}],
    }
    case_rows, param_rows = [], []
    for name, g in cases.items():
        case_rows.append((name, "grid", json.dumps(g)))
        for i, p in enumerate(ParameterGrid(g)):
            param_rows.append((name, i, pjson(p)))
    write_rows("grid__cases.csv", case_rows)
    write_rows("grid__params.csv", param_rows)


def to_scipy(spec):
    out = {}
    for k, v in spec.items():
        if isinstance(v, list):
            out[k] = v
        elif "uniform" in v:
            out[k] = stats.uniform(*v["uniform"])
        elif "loguniform" in v:
            out[k] = stats.loguniform(*v["loguniform"])
        else:
            out[k] = stats.randint(*v["randint"])
    return out


def samplers():
    cases = {
        # every parameter a list: the grid sampled without replacement
        "lists_permutation": ({"a__x": [1, 2, 3, 4], "b__y": ["u", "v", "w"]}, 5, 0),
        "lists_tracking": ({"a__x": list(range(40)), "b__y": list(range(30))}, 7, 123),
        "lists_reservoir": ({"a__x": list(range(10)), "b__y": list(range(10))}, 99, 7),
        "lists_whole": ({"a__x": [1, 2], "b__y": [True, False]}, 10, 5),
        # distributions
        "mixed": ({"lasso__alpha": {"loguniform": [1e-4, 1.0]}, "scaler__with_mean": [True, False],
                   "x__u": {"uniform": [-2.0, 5.0]}, "x__k": {"randint": [3, 17]}}, 12, 42),
        "uniform_only": ({"p__q": {"uniform": [0.0, 1.0]}}, 5, 4294967295),
        "several_dicts": ([{"a__x": {"randint": [0, 1000]}}, {"b__y": [1, 2, 3], "b__z": {"uniform": [1.0, 2.0]}}],
                          8, 9),
    }
    case_rows, param_rows = [], []
    for name, (spec, n_iter, seed) in cases.items():
        case_rows += [(name, "dists", json.dumps(spec)), (name, "n_iter", n_iter), (name, "seed", seed)]
        dists = [to_scipy(d) for d in spec] if isinstance(spec, list) else to_scipy(spec)
        for i, p in enumerate(ParameterSampler(dists, n_iter=n_iter, random_state=seed)):
            param_rows.append((name, i, pjson(p)))
    write_rows("sampler__cases.csv", case_rows)
    write_rows("sampler__params.csv", param_rows)


def reg_pipe(alpha=0.05):
    return Pipeline([("scaler", StandardScaler()), ("lasso", Lasso(alpha=alpha))])


def clf_pipe():
    return Pipeline([("scaler", MinMaxScaler()), ("logreg", LogisticRegression())])


def cross_validation(reg, clf):
    X, y = reg
    r = cross_validate(reg_pipe(), X, y, cv=5, scoring=["r2", "neg_mean_squared_error"], return_train_score=True)
    rows = [(k, i, v) for k in r if k.startswith(("test_", "train_")) for i, v in enumerate(r[k])]
    write_rows("cv_reg__scores.csv", rows)
    Xc, yc = clf
    r = cross_validate(clf_pipe(), Xc, yc, cv=4, scoring=["accuracy", "roc_auc", "neg_log_loss", "f1"])
    rows = [(k, i, v) for k in r if k.startswith("test_") for i, v in enumerate(r[k])]
    write_rows("cv_clf__scores.csv", rows)


def write_search(case, search, extra=()):
    rows = []
    for k, v in search.cv_results_.items():
        if "time" in k:
            continue
        for i, x in enumerate(v):
            if k == "params":
                x = pjson(x)
            elif k.startswith("param_"):
                x = json.dumps(jvalue(x))
            rows.append((k, i, x))
    write_rows(f"search_{case}__cv_results.csv", rows)
    best = [("best_index_", "", int(search.best_index_)), ("best_score_", "", search.best_score_),
            ("best_params_", "", pjson(search.best_params_)), ("keys", "", json.dumps(list(search.cv_results_)))]
    write_rows(f"search_{case}__best.csv", best + list(extra))


def searches(reg, clf):
    X, y = reg
    grid = {"lasso__alpha": [0.001, 0.01, 0.1, 0.3, 1.0, 3.0], "scaler__with_std": [True, False]}
    g = GridSearchCV(reg_pipe(), grid, cv=5, scoring="neg_root_mean_squared_error").fit(X, y)
    write_search("grid_reg", g)
    # several scorers, refit by one, train scores too; ties in r2 (alphas so
    # large that every coefficient is zero) exercise rank method 'min'.
    grid2 = {"lasso__alpha": [0.05, 50.0, 100.0, 0.5]}
    g = GridSearchCV(reg_pipe(), grid2, cv=KFold(4, shuffle=True, random_state=1),
                     scoring=["r2", "neg_mean_absolute_error"], refit="neg_mean_absolute_error",
                     return_train_score=True).fit(X, y)
    write_search("grid_multi", g)
    Xc, yc = clf
    g = GridSearchCV(clf_pipe(), {"logreg__C": [0.01, 0.1, 1.0, 10.0]}, cv=3, scoring="roc_auc").fit(Xc, yc)
    write_search("grid_clf", g)
    dists = {"lasso__alpha": stats.loguniform(1e-3, 2.0), "scaler__with_mean": [True, False]}
    r = RandomizedSearchCV(reg_pipe(), dists, n_iter=7, cv=4, scoring="r2", random_state=11).fit(X, y)
    write_search("random_reg", r)
    hgrid = {"lasso__alpha": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]}
    h = HalvingGridSearchCV(reg_pipe(), hgrid, cv=5, scoring="neg_mean_squared_error", random_state=0).fit(X, y)
    extra = [("n_resources_", i, v) for i, v in enumerate(h.n_resources_)]
    extra += [("n_candidates_", i, v) for i, v in enumerate(h.n_candidates_)]
    extra += [("n_iterations_", "", h.n_iterations_), ("n_required_iterations_", "", h.n_required_iterations_),
              ("n_possible_iterations_", "", h.n_possible_iterations_), ("min_resources_", "", h.min_resources_),
              ("n_remaining_candidates_", "", h.n_remaining_candidates_)]
    write_search("halving_reg", h, extra)
    hc = HalvingGridSearchCV(clf_pipe(), {"logreg__C": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]}, cv=3,
                             scoring="accuracy", factor=2, random_state=5).fit(Xc, yc)
    extra = [("n_resources_", i, v) for i, v in enumerate(hc.n_resources_)]
    extra += [("n_candidates_", i, v) for i, v in enumerate(hc.n_candidates_)]
    extra += [("n_iterations_", "", hc.n_iterations_), ("n_required_iterations_", "", hc.n_required_iterations_),
              ("n_possible_iterations_", "", hc.n_possible_iterations_), ("min_resources_", "", hc.min_resources_),
              ("n_remaining_candidates_", "", hc.n_remaining_candidates_)]
    write_search("halving_clf", hc, extra)


def main():
    reg, clf = datasets()
    grids()
    samplers()
    cross_validation(reg, clf)
    searches(reg, clf)


if __name__ == "__main__":
    main()
