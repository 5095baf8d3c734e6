"""Reference outputs for the splitters (model_selection/) and metrics.

Writes tests/data/reference/model_selection/:
- cases.csv: one row per (case, parameter) — the splitter's class name and
  its options (n_samples, n_splits, shuffle, random_state, ...; a parameter
  left at scikit-learn's default is not listed);
- <case>__input.csv: the y or groups the case splits by (if any);
- <case>__splits.csv: rows `<split>:train` / `<split>:test`, key = position,
  value = index, in the order scikit-learn 1.2.1 yields them;
- argsort__{input,quicksort,heapsort}.csv: numpy's unstable argsort of
  tied values (GroupKFold orders its groups with it).
and tests/data/reference/metrics/:
- <dataset>__input.csv: y_true, y_pred, y_score, y_prob, proba_<j> (the
  multiclass probability columns), key = row;
- <dataset>__values.csv: variable = metric (e.g. `f1_score:macro`,
  `scorer:neg_log_loss`), value = what scikit-learn returns; a metric that
  scikit-learn refuses for the dataset (all one class for log_loss) is
  left out, and the C++ tests check fepipe refuses it too where stated;
- <dataset>__confusion_matrix.csv: variable = row, key = column, value = count;
  <dataset>__labels.csv: the sorted labels of its rows and columns;
- scorer_table.csv: variable = scoring name, key = what it reads
  (prediction / probability / score), value = sign.

Run: /usr/bin/python3 tools/reference/model_selection_metrics.py
(numpy's AVX-512 log differs from libm in the last bit: disabled below,
before numpy is imported, so log_loss's reference does not depend on the CPU).
"""
import os

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512_SKX")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn import metrics as M  # noqa: E402
from sklearn.metrics import get_scorer  # noqa: E402
from sklearn.metrics._scorer import _PredictScorer, _ProbaScorer, _ThresholdScorer  # noqa: E402
from sklearn.model_selection import (  # noqa: E402
    GroupKFold, KFold, RepeatedKFold, ShuffleSplit, StratifiedKFold, StratifiedShuffleSplit, TimeSeriesSplit)

import common  # noqa: E402
from common import write_attribute  # noqa: E402

assert sklearn.__version__ == "1.2.1", sklearn.__version__

MS = "model_selection"
MET = "metrics"


def clean(family):
    d = os.path.join(common.OUT, family)
    if os.path.isdir(d):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))


# ---------------------------------------------------------------- splitters

def shuffled_labels(counts, seed, values=None):
    """Labels with the given class counts in a random order."""
    values = values if values is not None else list(range(len(counts)))
    y = np.concatenate([np.full(c, float(v)) for v, c in zip(values, counts)])
    np.random.RandomState(seed).shuffle(y)
    return y


def group_labels(sizes, seed):
    g = np.concatenate([np.full(s, float(10 * i + 3)) for i, s in enumerate(sizes)])
    np.random.RandomState(seed).shuffle(g)
    return g


Y_UNEVEN = shuffled_labels([17, 9, 4], 0)                   # 30 rows, classes 0/1/2
Y_UNSORTED = shuffled_labels([6, 11, 5], 1, values=[5, 2, 9])  # first appearance != sorted
Y_BINARY = shuffled_labels([18, 7], 2)
Y_EQUAL = shuffled_labels([6, 6, 6, 6], 3)                  # ties in the class counts
Y_FIFTY = shuffled_labels([20, 20, 10], 4)
G_UNEQUAL = group_labels([7, 1, 3, 5, 2, 9, 4, 4, 1, 6, 2, 3], 5)
G_TIES = group_labels([1, 2, 3, 2, 1, 3, 2, 2, 1, 1, 3, 3, 2, 1, 2, 3, 1, 2, 2, 1, 3, 1, 2, 2, 1, 3, 1, 1, 2, 2], 6)
G_MANY_TIES = group_labels(list(np.random.RandomState(20).randint(1, 5, 70)), 30)  # 70 groups of 1-4 rows

# (case, class name, options, y-or-groups)
SPLIT_CASES = [
    ("kfold_plain", "KFold", dict(n_samples=10, n_splits=3), None),
    ("kfold_shuffle_seed0", "KFold", dict(n_samples=10, n_splits=3, shuffle=1, random_state=0), None),
    ("kfold_23_5_seed42", "KFold", dict(n_samples=23, n_splits=5, shuffle=1, random_state=42), None),
    ("kfold_7_7_seedmax", "KFold", dict(n_samples=7, n_splits=7, shuffle=1, random_state=4294967295), None),
    ("kfold_100_4_seed7", "KFold", dict(n_samples=100, n_splits=4, shuffle=1, random_state=7), None),
    ("skf_uneven_plain", "StratifiedKFold", dict(n_splits=3), Y_UNEVEN),
    ("skf_uneven_seed0", "StratifiedKFold", dict(n_splits=4, shuffle=1, random_state=0), Y_UNEVEN),
    ("skf_uneven_seed123", "StratifiedKFold", dict(n_splits=5, shuffle=1, random_state=123), Y_UNEVEN),
    ("skf_unsorted_plain", "StratifiedKFold", dict(n_splits=4), Y_UNSORTED),
    ("skf_unsorted_seed9", "StratifiedKFold", dict(n_splits=3, shuffle=1, random_state=9), Y_UNSORTED),
    ("skf_binary_seed1", "StratifiedKFold", dict(n_splits=5, shuffle=1, random_state=1), Y_BINARY),
    ("skf_small_class", "StratifiedKFold", dict(n_splits=6, shuffle=1, random_state=2), Y_UNEVEN),
    ("rkf_11_3_2_seed0", "RepeatedKFold", dict(n_samples=11, n_splits=3, n_repeats=2, random_state=0), None),
    ("rkf_20_4_3_seed99", "RepeatedKFold", dict(n_samples=20, n_splits=4, n_repeats=3, random_state=99), None),
    ("ss_default_seed0", "ShuffleSplit", dict(n_samples=20, n_splits=3, random_state=0), None),
    ("ss_fractions_seed1", "ShuffleSplit", dict(n_samples=21, n_splits=4, test_size=0.25, train_size=0.5,
                                                random_state=1), None),
    ("ss_rows_seed2", "ShuffleSplit", dict(n_samples=15, n_splits=2, test_rows=7, random_state=2), None),
    ("ss_train_only_seed3", "ShuffleSplit", dict(n_samples=33, n_splits=3, train_size=0.6, random_state=3), None),
    ("sss_uneven_seed0", "StratifiedShuffleSplit", dict(n_splits=3, test_size=0.2, random_state=0), Y_UNEVEN),
    ("sss_rows_seed5", "StratifiedShuffleSplit", dict(n_splits=2, test_rows=7, train_rows=15, random_state=5),
     Y_UNEVEN),
    ("sss_equal_seed11", "StratifiedShuffleSplit", dict(n_splits=4, test_size=0.3, random_state=11), Y_EQUAL),
    ("sss_default_seed4", "StratifiedShuffleSplit", dict(n_splits=3, random_state=4), Y_FIFTY),
    ("sss_unsorted_seed8", "StratifiedShuffleSplit", dict(n_splits=2, test_size=0.35, train_size=0.5,
                                                          random_state=8), Y_UNSORTED),
    ("tss_20_5", "TimeSeriesSplit", dict(n_samples=20, n_splits=5), None),
    ("tss_20_3_max5", "TimeSeriesSplit", dict(n_samples=20, n_splits=3, max_train_size=5), None),
    ("tss_23_4_test3_gap2", "TimeSeriesSplit", dict(n_samples=23, n_splits=4, ts_test_size=3, gap=2), None),
    ("tss_10_2_gap1", "TimeSeriesSplit", dict(n_samples=10, n_splits=2, gap=1), None),
    ("gkf_unequal_3", "GroupKFold", dict(n_splits=3), G_UNEQUAL),
    ("gkf_unequal_5", "GroupKFold", dict(n_splits=5), G_UNEQUAL),
    ("gkf_ties_4", "GroupKFold", dict(n_splits=4), G_TIES),
    ("gkf_many_ties_4", "GroupKFold", dict(n_splits=4), G_MANY_TIES),
]



def random_cases():
    """Six random configurations per splitter (sizes, seeds, class and group
    counts), beyond the hand-picked ones above; invalid draws are skipped."""
    r = np.random.RandomState(99)
    cases = []
    for i in range(6):
        n = int(r.randint(8, 120))
        k = int(r.randint(2, 8))
        seed = int(r.randint(0, 2**32, dtype=np.uint64))
        counts = list(r.randint(2, 25, int(r.randint(2, 5))))
        y = shuffled_labels(counts, int(r.randint(0, 1000)), values=list(r.choice(50, len(counts), replace=False)))
        groups = group_labels(list(r.randint(1, 6, int(r.randint(k, 40)))), int(r.randint(0, 1000)))
        frac = float(np.round(r.uniform(0.1, 0.45), 2))
        cases += [
            (f"rnd{i}_kfold", "KFold", dict(n_samples=n, n_splits=k, shuffle=1, random_state=seed), None),
            (f"rnd{i}_skf", "StratifiedKFold", dict(n_splits=k, shuffle=i % 2, **({"random_state": seed} if i % 2 else {})), y),
            (f"rnd{i}_rkf", "RepeatedKFold", dict(n_samples=n, n_splits=k, n_repeats=int(r.randint(1, 4)),
                                                  random_state=seed), None),
            (f"rnd{i}_ss", "ShuffleSplit", dict(n_samples=n, n_splits=3, test_size=frac, random_state=seed), None),
            (f"rnd{i}_sss", "StratifiedShuffleSplit", dict(n_splits=3, test_size=frac, random_state=seed), y),
            (f"rnd{i}_tss", "TimeSeriesSplit", dict(n_samples=n, n_splits=k, gap=int(r.randint(0, 3)),
                                                    **({"max_train_size": int(r.randint(3, 20))} if i % 2 else {})),
             None),
            (f"rnd{i}_gkf", "GroupKFold", dict(n_splits=k), groups),
        ]
    return cases


def make_splitter(cls, o):
    seed = o.get("random_state")
    if cls == "KFold":
        return KFold(o["n_splits"], shuffle=bool(o.get("shuffle", 0)), random_state=seed)
    if cls == "StratifiedKFold":
        return StratifiedKFold(o["n_splits"], shuffle=bool(o.get("shuffle", 0)), random_state=seed)
    if cls == "RepeatedKFold":
        return RepeatedKFold(n_splits=o["n_splits"], n_repeats=o["n_repeats"], random_state=seed)
    if cls in ("ShuffleSplit", "StratifiedShuffleSplit"):
        test = o.get("test_size", o.get("test_rows"))
        train = o.get("train_size", o.get("train_rows"))
        return globals()[cls](o["n_splits"], test_size=test, train_size=train, random_state=seed)
    if cls == "TimeSeriesSplit":
        return TimeSeriesSplit(o["n_splits"], max_train_size=o.get("max_train_size"),
                               test_size=o.get("ts_test_size"), gap=o.get("gap", 0))
    if cls == "GroupKFold":
        return GroupKFold(o["n_splits"])
    raise ValueError(cls)


def write_splitters():
    clean(MS)
    rows = {}
    for case, cls, o, labels in SPLIT_CASES + random_cases():
        splitter = make_splitter(cls, o)
        n = len(labels) if labels is not None else o["n_samples"]
        X = np.zeros((n, 1))
        try:
            if cls in ("StratifiedKFold", "StratifiedShuffleSplit"):
                splits = list(splitter.split(X, labels))
            elif cls == "GroupKFold":
                splits = list(splitter.split(X, groups=labels))
            else:
                splits = list(splitter.split(X))
        except ValueError:
            assert case.startswith("rnd"), case
            continue
        assert splitter.get_n_splits(X, labels, labels) == len(splits)
        params = {"class": cls, "n_samples": n, **o, "n_splits_total": len(splits)}
        rows[case] = {k: v for k, v in params.items()}
        if labels is not None:
            write_attribute(MS, case, "input", {"y" if cls != "GroupKFold" else "groups": list(labels)})
        out = {}
        for i, (train, test) in enumerate(splits):
            out[f"{i}:train"] = [int(v) for v in train]
            out[f"{i}:test"] = [int(v) for v in test]
        write_attribute(MS, case, "splits", out)
    # numpy's unstable argsort (GroupKFold's group order): tied values, long
    # enough for the quicksort's partitioning, and the heapsort fallback.
    values = np.random.RandomState(12).randint(0, 6, 200)
    write_attribute(MS, "argsort", "input", list(values))
    write_attribute(MS, "argsort", "quicksort", list(np.argsort(values)))
    write_attribute(MS, "argsort", "heapsort", list(np.argsort(values, kind="heapsort")))
    path = common.out_path(MS, "cases.csv")
    import csv
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["variable", "key", "value"])
        for case, params in rows.items():
            for k, v in params.items():
                w.writerow([case, k, common.fmt(v)])


# ---------------------------------------------------------------- metrics

def classification_sets():
    rng = np.random.RandomState(2024)
    sets = {}
    n = 200
    y = rng.randint(0, 2, n).astype(float)
    score = rng.normal(size=n) + 0.8 * y
    prob = 1 / (1 + np.exp(-score))
    pred = (score > 0.4).astype(float)
    sets["binary_random"] = dict(y_true=y, y_pred=pred, y_score=score, y_prob=prob)

    n = 61
    y = rng.randint(0, 2, n).astype(float)
    score = np.round(rng.uniform(size=n) * 0.6 + 0.4 * y, 1)   # many ties
    prob = np.clip(np.round(score, 1), 0, 1)
    prob[:4] = [0.0, 1.0, 0.0, 1.0]                             # clipped by log_loss
    pred = (score >= 0.5).astype(float)
    sets["binary_ties"] = dict(y_true=y, y_pred=pred, y_score=score, y_prob=prob)

    y = np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 1], dtype=float)
    sets["binary_perfect"] = dict(y_true=y, y_pred=y.copy(), y_score=2 * y - 1, y_prob=y.copy())

    y = np.ones(9)
    pred = np.array([1, 1, 0, 1, 1, 1, 0, 1, 1], dtype=float)
    sets["all_positive"] = dict(y_true=y, y_pred=pred, y_score=np.linspace(-1, 1, 9),
                                y_prob=np.linspace(0.1, 0.9, 9))
    y = np.zeros(8)
    pred = np.array([0, 0, 1, 0, 0, 0, 0, 1], dtype=float)
    sets["all_negative"] = dict(y_true=y, y_pred=pred, y_score=np.linspace(-2, 3, 8),
                                y_prob=np.linspace(0.05, 0.95, 8))
    y = np.zeros(6)
    sets["all_negative_predicted_negative"] = dict(y_true=y, y_pred=y.copy(), y_score=np.zeros(6),
                                                   y_prob=np.zeros(6))

    # Multiclass with labels 1, 3, 7 in y_true and an extra 4 only predicted.
    n = 90
    labels = np.array([1.0, 3.0, 7.0])
    y = labels[rng.choice(3, size=n, p=[0.5, 0.3, 0.2])]
    pred = y.copy()
    flip = rng.uniform(size=n) < 0.35
    pred[flip] = np.array([1.0, 3.0, 7.0, 4.0])[rng.randint(0, 4, flip.sum())]
    raw = rng.dirichlet([1, 1, 1], size=n)
    raw[np.arange(n), np.searchsorted(labels, y)] += 0.3
    raw /= raw.sum(axis=1, keepdims=True)
    raw[0] = [1.0, 0.0, 0.0]
    sets["multiclass"] = dict(y_true=y, y_pred=pred, proba=raw)

    # Ten classes (numpy's pairwise sums go unrolled past 8 terms), labels 0-9.
    n = 150
    y = rng.randint(0, 10, n).astype(float)
    pred = np.where(rng.uniform(size=n) < 0.6, y, rng.randint(0, 10, n)).astype(float)
    raw = rng.dirichlet(np.ones(10), size=n)
    raw[np.arange(n), y.astype(int)] += 0.2
    raw /= raw.sum(axis=1, keepdims=True)
    sets["multiclass_ten"] = dict(y_true=y, y_pred=pred, proba=raw)

    y = np.array([2, 0, 1, 2, 1, 0, 0, 2], dtype=float)
    sets["multiclass_perfect"] = dict(y_true=y, y_pred=y.copy(),
                                      proba=np.eye(3)[y.astype(int)])
    return sets


def regression_sets():
    rng = np.random.RandomState(7)
    sets = {}
    y = rng.normal(10, 3, 300)
    sets["regression_random"] = dict(y_true=y, y_pred=y + rng.normal(0.5, 2, 300))
    y = np.round(rng.uniform(-5, 5, 40))
    y[:3] = 0.0                                  # MAPE divides by eps
    sets["regression_ties_zeros"] = dict(y_true=y, y_pred=np.round(y + rng.normal(0, 1, 40)))
    y = rng.uniform(0, 100, 11)
    sets["regression_perfect"] = dict(y_true=y, y_pred=y.copy())
    y = np.full(12, 4.5)
    sets["regression_constant_target"] = dict(y_true=y, y_pred=y + np.linspace(-1, 1, 12))
    sets["regression_constant_shift"] = dict(y_true=np.arange(10.0), y_pred=np.arange(10.0) + 2.5)
    return sets


CLASS_SCORERS = ["accuracy", "balanced_accuracy", "roc_auc", "average_precision", "neg_log_loss",
                 "neg_brier_score", "precision", "precision_macro", "precision_micro", "precision_weighted",
                 "recall", "recall_macro", "recall_micro", "recall_weighted", "f1", "f1_macro", "f1_micro",
                 "f1_weighted"]
REG_SCORERS = ["explained_variance", "r2", "max_error", "neg_median_absolute_error", "neg_mean_absolute_error",
               "neg_mean_absolute_percentage_error", "neg_mean_squared_error", "neg_root_mean_squared_error"]


def scorer_input(scorer):
    if isinstance(scorer, _ProbaScorer):
        return "probability"
    if isinstance(scorer, _ThresholdScorer):
        return "score"
    assert isinstance(scorer, _PredictScorer)
    return "prediction"


def scorer_value(name, d):
    sc = get_scorer(name)
    x = {"prediction": d.get("y_pred"), "probability": d.get("y_prob"), "score": d.get("y_score")}[scorer_input(sc)]
    if x is None:
        return None
    return sc._sign * sc._score_func(d["y_true"], x, **sc._kwargs)


def attempt(values, key, f):
    """Records f() under key unless scikit-learn refuses the input."""
    try:
        v = f()
    except ValueError:
        return
    if v is not None:
        values[key] = float(v)


def write_metrics():
    clean(MET)
    import warnings
    warnings.simplefilter("ignore")
    for name, d in classification_sets().items():
        inputs = {k: list(v) for k, v in d.items() if k != "proba"}
        if "proba" in d:
            for j in range(d["proba"].shape[1]):
                inputs[f"proba_{j}"] = list(d["proba"][:, j])
        write_attribute(MET, name, "input", inputs)
        t, p = d["y_true"], d["y_pred"]
        v = {}
        attempt(v, "accuracy_score", lambda: M.accuracy_score(t, p))
        attempt(v, "balanced_accuracy_score", lambda: M.balanced_accuracy_score(t, p))
        for avg in ("binary", "micro", "macro", "weighted"):
            for metric in ("precision_score", "recall_score", "f1_score"):
                attempt(v, f"{metric}:{avg}", lambda: getattr(M, metric)(t, p, average=avg))
                attempt(v, f"{metric}:{avg}:zero_division_1",
                        lambda: getattr(M, metric)(t, p, average=avg, zero_division=1))
        if "y_score" in d:
            attempt(v, "roc_auc_score", lambda: M.roc_auc_score(t, d["y_score"]))
            attempt(v, "average_precision_score", lambda: M.average_precision_score(t, d["y_score"]))
        if "y_prob" in d:
            attempt(v, "log_loss", lambda: M.log_loss(t, d["y_prob"]))
            attempt(v, "log_loss:eps_1e-15", lambda: M.log_loss(t, d["y_prob"], eps=1e-15))
            attempt(v, "brier_score_loss", lambda: M.brier_score_loss(t, d["y_prob"]))
            attempt(v, "brier_score_loss:pos_label_0", lambda: M.brier_score_loss(t, 1 - d["y_prob"], pos_label=0))
        if "proba" in d:
            attempt(v, "log_loss:multiclass", lambda: M.log_loss(t, d["proba"]))
        for s in CLASS_SCORERS:
            attempt(v, f"scorer:{s}", lambda: scorer_value(s, d))
        v = {k: x for k, x in v.items() if x is not None and not np.isnan(x)}
        write_attribute(MET, name, "values", v)
        cm = M.confusion_matrix(t, p)
        write_attribute(MET, name, "confusion_matrix", {str(i): list(cm[i]) for i in range(cm.shape[0])})
        write_attribute(MET, name, "labels", list(np.unique(np.concatenate([t, p]))))
    for name, d in regression_sets().items():
        write_attribute(MET, name, "input", {k: list(v) for k, v in d.items()})
        t, p = d["y_true"], d["y_pred"]
        v = {}
        for metric in ("mean_squared_error", "r2_score", "mean_absolute_error", "mean_absolute_percentage_error",
                       "median_absolute_error", "explained_variance_score", "max_error"):
            attempt(v, metric, lambda: getattr(M, metric)(t, p))
        for s in REG_SCORERS:
            attempt(v, f"scorer:{s}", lambda: scorer_value(s, d))
        write_attribute(MET, name, "values", v)
    import csv
    with open(common.out_path(MET, "scorer_table.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["variable", "key", "value"])
        for s in REG_SCORERS + CLASS_SCORERS:
            sc = get_scorer(s)
            w.writerow([s, scorer_input(sc), sc._sign])


if __name__ == "__main__":
    write_splitters()
    write_metrics()
