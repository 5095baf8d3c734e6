"""Reference numbers for the drift family (include/fepipe/drift/).

Writes tests/data/reference/drift/:
- per synthetic case: `<case>__train.csv` and `<case>__live.csv` (one column
  `value`, the data the C++ test reads) and `<case>__expected.csv`
  (variable,key,value rows): the training baseline as numpy computes it
  (np.quantile linear at the baseline's levels, np.mean, np.std ddof 0, bin
  counts by np.searchsorted), the live bin counts, and the statistics:
  PSI with shares floored at 1e-4 (the rule of drift/statistics.hpp),
  KS at the edges from numpy's ECDF, scipy.stats.ks_2samp's D and the
  largest bin share (D_edges <= D <= D_edges + that share),
  scipy.stats.chi2_contingency on the 2 x k table (bins empty in both rows
  dropped), and the missing-share change;
- House Prices: the baseline fitted on the course's training split
  (train_test_split, test_size 0.1, random_state 0), the statistics of the
  test split and of `house_shifted.csv`, a copy of the test split with three
  numeric columns moved (GrLivArea x 1.3, LotFrontage + 20, OverallQual + 2)
  and Neighborhood's labels remapped (each to the next in sorted order).

Run: /usr/bin/python3 tools/reference/drift.py
"""
import os

# numpy's AVX-512 log differs from libm in the last bit; PSI uses log.
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES",
                      "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

import common  # noqa: E402
from common import out_path, write_attribute, write_frame  # noqa: E402

FAMILY = "drift"
LEVELS = [0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99]  # drift_quantile_levels
FLOOR = 1e-4  # psi_share_floor
MAX_CATEGORIES = 1000  # drift_max_categories

FEATURES = ['MSSubClass', 'MSZoning', 'LotFrontage', 'LotShape', 'LandContour', 'LotConfig', 'Neighborhood',
            'OverallQual', 'OverallCond', 'YearRemodAdd', 'RoofStyle', 'Exterior1st', 'ExterQual', 'Foundation',
            'BsmtQual', 'BsmtExposure', 'BsmtFinType1', 'HeatingQC', 'CentralAir', '1stFlrSF', '2ndFlrSF',
            'GrLivArea', 'BsmtFullBath', 'HalfBath', 'KitchenQual', 'TotRmsAbvGrd', 'Functional', 'Fireplaces',
            'FireplaceQu', 'GarageFinish', 'GarageCars', 'GarageArea', 'PavedDrive', 'WoodDeckSF', 'ScreenPorch',
            'SaleCondition', 'YrSold']


# --- the statistics ------------------------------------------------------------
def psi(train, live):
    e = np.maximum(np.asarray(train, float) / np.sum(train), FLOOR)
    a = np.maximum(np.asarray(live, float) / np.sum(live), FLOOR)
    return float(np.sum((a - e) * np.log(a / e)))


def chi2(train, live):
    table = np.array([train, live], dtype=np.int64)
    table = table[:, table.sum(axis=0) > 0]
    stat, p, dof, _ = stats.chi2_contingency(table)  # correction=True: Yates when dof == 1
    return float(stat), int(dof), float(p)


# --- baselines (what DriftBaseline::fit records) -------------------------------
def numeric_baseline(x):
    x = np.asarray(x, float)
    present = x[~np.isnan(x)]
    finite = np.sort(present[np.isfinite(present)])
    edges = np.quantile(finite, LEVELS, method="linear")
    cum = np.searchsorted(finite, edges, side="right")
    bins = np.diff(np.concatenate([[0], cum, [len(finite)]]))
    bins[0] += np.sum(present == -np.inf)
    bins[-1] += np.sum(present == np.inf)
    return dict(count=len(x), missing=int(np.isnan(x).sum()), min=float(finite[0]), max=float(finite[-1]),
                mean=float(np.mean(finite)), stddev=float(np.std(finite)), edges=edges, bins=bins,
                present=np.sort(present))


def numeric_live_bins(edges, x):
    x = np.asarray(x, float)
    present = x[~np.isnan(x)]
    # the number of edges below a value: bin k is (e(k-1), e(k)]
    idx = np.searchsorted(edges, present, side="left")
    return np.bincount(idx, minlength=len(edges) + 1), int(np.isnan(x).sum())


def labels_of(series):
    return [None if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v) for v in series]


def categorical_baseline(labels):
    counts, first = {}, {}
    for i, v in enumerate(labels):
        if v is None:
            continue
        counts[v] = counts.get(v, 0) + 1
        first.setdefault(v, i)
    order = sorted(counts, key=lambda k: (-counts[k], first[k]))
    kept = order[:MAX_CATEGORIES]
    return dict(count=len(labels), missing=sum(v is None for v in labels), categories=kept,
                category_counts=[counts[k] for k in kept], other=sum(counts[k] for k in order[MAX_CATEGORIES:]))


def categorical_bins(base, labels):
    """[kept categories..., other, new, missing] (new labels count as other
    when the baseline lumped categories into other)."""
    k = len(base["categories"])
    index = {c: i for i, c in enumerate(base["categories"])}
    bins = np.zeros(k + 3, dtype=np.int64)
    new = {}
    for v in labels:
        if v is None:
            bins[k + 2] += 1
        elif v in index:
            bins[index[v]] += 1
        elif base["other"] > 0:
            bins[k] += 1
        else:
            bins[k + 1] += 1
            new[v] = new.get(v, 0) + 1
    return bins, new


# --- one column: every number the C++ test checks -------------------------------
def numeric_column(train, live):
    b = numeric_baseline(train)
    live_bins, live_missing = numeric_live_bins(b["edges"], live)
    t = np.append(b["bins"], b["missing"])
    lv = np.append(live_bins, live_missing)
    live_present = np.sort(np.asarray(live, float)[~np.isnan(np.asarray(live, float))])
    ft = np.searchsorted(b["present"], b["edges"], side="right") / len(b["present"])
    fl = np.searchsorted(live_present, b["edges"], side="right") / len(live_present)
    stat, dof, p = chi2(t, lv)
    out = dict(count=b["count"], missing=b["missing"], min=b["min"], max=b["max"], mean=b["mean"],
               stddev=b["stddev"], edges=list(b["edges"]), bin_counts=list(b["bins"]), live_bins=list(lv),
               psi=psi(t, lv), ks=float(np.max(np.abs(ft - fl))),
               ks_scipy=float(stats.ks_2samp(b["present"], live_present).statistic),
               max_bin_share=float(max(np.max(b["bins"] / len(b["present"])), np.max(live_bins / len(live_present)))),
               chi2=stat, chi2_dof=dof, chi2_p=p,
               missing_share_change=live_missing / len(live) - b["missing"] / len(train))
    return out


def categorical_column(train, live):
    b = categorical_baseline(train)
    k = len(b["categories"])
    t = np.array(b["category_counts"] + [b["other"], 0, b["missing"]], dtype=np.int64)
    lv, new = categorical_bins(b, live)
    stat, dof, p = chi2(t, lv)
    return dict(count=b["count"], missing=b["missing"], categories=b["categories"],
                category_counts=b["category_counts"], other_count=b["other"], live_bins=list(lv),
                psi=psi(t, lv), chi2=stat, chi2_dof=dof, chi2_p=p,
                missing_share_change=lv[k + 2] / len(live) - b["missing"] / len(train),
                new_total=int(lv[k + 1]), new_categories={c: n for c, n in new.items()})


def write_case(case, train, live, kind):
    write_frame(FAMILY, case, pd.DataFrame({"value": train}), suffix="train")
    write_frame(FAMILY, case, pd.DataFrame({"value": live}), suffix="live")
    res = numeric_column(train, live) if kind == "numeric" else categorical_column(train, live)
    write_attribute(FAMILY, case, "expected", res)
    return res


# --- synthetic cases -----------------------------------------------------------
def with_nan(rng, x, share):
    x = np.array(x, float)
    x[rng.random(len(x)) < share] = np.nan
    return x


def draw(rng, labels, p, n, missing=0.0):
    out = list(rng.choice(labels, size=n, p=p))
    return [None if rng.random() < missing else v for v in out]


def synthetic():
    rng = np.random.RandomState(13)
    # same distribution: small statistics, large p
    write_case("numeric_same", rng.normal(0, 1, 2000), rng.normal(0, 1, 500), "numeric")
    # shifted and wider, NaNs on both sides, infinities counted in the end bins
    train = with_nan(rng, rng.normal(10, 2, 3000), 0.05)
    train[[5, 17]] = -np.inf
    train[[40, 41, 42]] = np.inf
    live = with_nan(rng, rng.normal(11, 2.4, 800), 0.15)
    live[[3]] = -np.inf
    live[[7, 8]] = np.inf
    write_case("numeric_shifted", train, live, "numeric")
    # discrete values: many ties, repeated edges, empty bins
    write_case("numeric_ties", rng.poisson(2.0, 1000).astype(float), rng.poisson(2.6, 600).astype(float), "numeric")
    # categories: shifted shares, two new labels, more missing
    labels = ["a", "b", "c", "d", "e", "f"]
    train = draw(rng, labels, [0.3, 0.25, 0.2, 0.15, 0.07, 0.03], 2000, missing=0.1)
    live = draw(rng, labels + ["g", "h"], [0.2, 0.25, 0.2, 0.15, 0.07, 0.03, 0.07, 0.03], 700, missing=0.2)
    write_case("categorical_new", train, live, "categorical")
    # same categories, no missing: two non-empty bins -> dof 1, Yates' correction
    write_case("categorical_yates", draw(rng, ["yes", "no"], [0.6, 0.4], 300),
               draw(rng, ["yes", "no"], [0.5, 0.5], 120), "categorical")
    # a strong shift on large counts: a p-value near 1e-200 (scipy keeps its relative accuracy there)
    write_case("categorical_tiny_p", draw(rng, labels, [0.4, 0.3, 0.1, 0.1, 0.05, 0.05], 32000),
               draw(rng, labels, [0.25, 0.3, 0.15, 0.15, 0.1, 0.05], 8000), "categorical")


# --- House Prices --------------------------------------------------------------
def house():
    df = common.load_houseprice()
    X_train, X_test = train_test_split(df[FEATURES], test_size=0.1, random_state=0)
    shifted = X_test.copy()
    shifted["GrLivArea"] = shifted["GrLivArea"] * 1.3
    shifted["LotFrontage"] = shifted["LotFrontage"] + 20
    shifted["OverallQual"] = shifted["OverallQual"] + 2
    names = sorted(set(labels_of(df["Neighborhood"])) - {None})
    remap = {n: names[(i + 1) % len(names)] for i, n in enumerate(names)}
    shifted["Neighborhood"] = shifted["Neighborhood"].map(remap)
    path = out_path(FAMILY, "house_shifted.csv")
    shifted.to_csv(path, index=False, float_format=repr, lineterminator="\n")
    for case, live in (("house_test", X_test), ("house_shifted", shifted)):
        res = {}
        for col in FEATURES:
            if pd.api.types.is_numeric_dtype(X_train[col]):
                r = numeric_column(X_train[col].to_numpy(float), live[col].to_numpy(float))
            else:
                r = categorical_column(labels_of(X_train[col]), labels_of(live[col]))
            res[col] = {k: r[k] for k in ("psi", "ks", "chi2", "chi2_dof", "chi2_p", "missing_share_change")
                        if k in r}
        write_attribute(FAMILY, case, "expected", res)


if __name__ == "__main__":
    synthetic()
    house()
