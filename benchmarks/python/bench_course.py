"""fepipe from Python against scikit-learn + feature-engine on the course
pipelines (/work/shared/spec/course-pipelines.md, issue #12 item 5), in one
process and one run: fit, batch transform (every step but the model),
batch predict, and one-row predict (fepipe's predict_one on a dict against
the peer's pipeline.predict on a one-row DataFrame, the course's way).

    FEATURE_ENGINE_PATH=<feature_engine 1.6.2 source> \\
    PYTHONPATH=<build>/python python3 benchmarks/python/bench_course.py [--repeat 5] [--processes 3]

Wall time, the median of --repeat repetitions (>= 3) per figure; the ratio
is peer / fepipe. Without FEATURE_ENGINE_PATH (feature-engine is not
installable here; its pure-Python source is enough) the peer is skipped,
with a note, and only fepipe's figures are printed. House Prices needs the
example module house_prices_fepipe (examples/python_house_prices, target
house_prices_fepipe) for its two C++ steps; the peer runs the course's two
Python steps. Titanic's cabin letter is taken in pandas before both
pipelines. Use /usr/bin/python3 (Debian's scikit-learn 1.2, pandas 1.5).
"""

import argparse
import math
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd

import fepipe

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "examples", "python_house_prices"))


def median_time(fn, repeat, number=1):
    """Median over `repeat` runs of the wall time of one call (each run: `number` calls)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


# --- the peer: scikit-learn + feature-engine, the course's own Python steps ---------------------


def peer_house_prices(hp_example):
    import course  # examples/python_house_prices/course.py: the course's own Python pipeline

    return course.sklearn_pipeline()


TITANIC_CATEGORICAL = ["sex", "cabin", "embarked", "title"]
TITANIC_NUMERICAL = ["age", "fare"]


def titanic_data():
    import re

    df = pd.read_csv(os.path.join(ROOT, "data", "titanic.csv")).replace("?", np.nan)
    df["cabin"] = df["cabin"].str.split().str[0].str[0]  # ExtractLetter, in pandas for both sides

    def title(name):
        for t in ("Mrs", "Mr", "Miss", "Master"):
            if re.search(t, name):
                return t
        return "Other"

    df["title"] = df["name"].apply(title)
    df["fare"] = df["fare"].astype(float)
    df["age"] = df["age"].astype(float)
    X = df.drop(columns=["name", "ticket", "boat", "body", "home.dest", "survived"])
    return X, df["survived"].astype(int)


def titanic_steps(lib, model):
    return [
        ("categorical_imputation", lib.CategoricalImputer(imputation_method="missing", variables=TITANIC_CATEGORICAL)),
        ("missing_indicator", lib.AddMissingIndicator(variables=TITANIC_NUMERICAL)),
        ("median_imputation", lib.MeanMedianImputer(imputation_method="median", variables=TITANIC_NUMERICAL)),
        ("rare_label_encoder", lib.RareLabelEncoder(tol=0.05, n_categories=1, variables=TITANIC_CATEGORICAL)),
        ("categorical_encoder", lib.OneHotEncoder(drop_last=True, variables=TITANIC_CATEGORICAL)),
        ("scaler", lib.StandardScaler()),
        ("model", model),
    ]


class _PeerLib:
    """The peer's classes under fepipe's names, for titanic_steps."""

    def __init__(self):
        from sklearn.preprocessing import StandardScaler
        from feature_engine.encoding import OneHotEncoder, RareLabelEncoder
        from feature_engine.imputation import AddMissingIndicator, CategoricalImputer, MeanMedianImputer

        self.CategoricalImputer, self.AddMissingIndicator = CategoricalImputer, AddMissingIndicator
        self.MeanMedianImputer, self.RareLabelEncoder = MeanMedianImputer, RareLabelEncoder
        self.OneHotEncoder, self.StandardScaler = OneHotEncoder, StandardScaler


def cases(with_peer):
    """(name, fepipe pipeline factory, peer factory or None, X_train, y_train, X_test)."""
    from sklearn.model_selection import train_test_split

    out = []
    try:
        import house_prices as hp_example  # examples/python_house_prices/house_prices.py (needs the module)
    except ImportError as e:
        print(f"note: House Prices skipped: {e} (build the target house_prices_fepipe, put <build>/python on PYTHONPATH)")
        hp_example = None
    if hp_example is not None:
        X, y = hp_example.load()
        X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.1, random_state=0)
        out.append(("House Prices (Lasso)", hp_example.pipeline,
                    (lambda: peer_house_prices(hp_example)) if with_peer else None, X_train, y_train, X_test))
    X, y = titanic_data()
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.2, random_state=0)
    peer = _PeerLib() if with_peer else None
    if with_peer:
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline as SkPipeline
    out.append(("Titanic (logistic)",
                lambda: fepipe.Pipeline(titanic_steps(fepipe, fepipe.LogisticRegression(C=0.0005))),
                (lambda: SkPipeline(titanic_steps(peer, LogisticRegression(C=0.0005, random_state=0))))
                if with_peer else None, X_train, y_train, X_test))
    out.append(("Titanic (gradient boosting)",
                lambda: fepipe.Pipeline(titanic_steps(fepipe, fepipe.GradientBoostingClassifier(random_state=0))),
                (lambda: SkPipeline(titanic_steps(peer, GradientBoostingClassifier(random_state=0))))
                if with_peer else None, X_train, y_train, X_test))
    return out


def measure(make, X_train, y_train, X_test, repeat, fepipe_side):
    r = {}
    r["fit"] = median_time(lambda: make().fit(X_train, y_train), repeat)
    pipe = make().fit(X_train, y_train)
    r["transform"] = median_time(lambda: pipe[:-1].transform(X_test), repeat, 5)
    r["predict"] = median_time(lambda: pipe.predict(X_test), repeat, 5)
    if fepipe_side:
        record = X_test.iloc[0].to_dict()
        one = pipe.predict_one(record)
        assert one == pipe.predict(X_test.iloc[:1])[0]
        r["one_row"] = median_time(lambda: pipe.predict_one(record), repeat, 20000)
        r["one_row_df"] = median_time(lambda: pipe.predict(X_test.iloc[:1]), repeat, 200)
    else:
        row = X_test.iloc[:1]
        r["one_row"] = median_time(lambda: pipe.predict(row), repeat, 20)
    return r


def fmt(seconds):
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.2f} µs"


def parse_time(text):
    number, unit = text.split()
    return float(number) * {"ms": 1e-3, "µs": 1e-6}[unit]


def across_processes(processes, repeat):
    """Runs this script `processes` times, each a fresh process, and prints
    each figure's median over them (min-max): the form README's figures take
    (`tools/dev bench`)."""
    import subprocess

    figures = {}
    for _ in range(processes):
        run = subprocess.run([sys.executable, __file__, "--repeat", str(repeat)], capture_output=True, text=True,
                             check=True)
        for line in run.stdout.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 5 and cells[2].endswith("s") and not cells[2].startswith("-"):
                figures.setdefault((cells[0], cells[1]), []).append((parse_time(cells[2]), parse_time(cells[3])))
    load = os.getloadavg()
    print(f"median (min-max) of {processes} processes, each the median of {repeat} repetitions; wall time; "
          f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| pipeline | measure | fepipe | scikit-learn + feature-engine | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for (name, label), pairs in figures.items():
        ours, theirs = [a for a, _ in pairs], [b for _, b in pairs]
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"| {name} | {label} | {fmt(a)} ({fmt(min(ours))}–{fmt(max(ours))}) | "
              f"{fmt(b)} ({fmt(min(theirs))}–{fmt(max(theirs))}) | {b / a:.1f}× |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per figure (median), at least 3")
    parser.add_argument("--processes", type=int, default=1,
                        help="run in this many fresh processes and print the medians over them (>= 3 for figures of record)")
    args = parser.parse_args()
    repeat = max(3, args.repeat)
    if args.processes > 1:
        across_processes(args.processes, repeat)
        return
    fe_path = os.environ.get("FEATURE_ENGINE_PATH")
    with_peer = bool(fe_path) and os.path.isdir(os.path.join(fe_path, "feature_engine"))
    if with_peer:
        sys.path.insert(0, fe_path)
        import feature_engine
        import sklearn

        peer_name = f"scikit-learn {sklearn.__version__} + feature-engine {feature_engine.__version__}"
    else:
        peer_name = None
        print("note: the peer (scikit-learn + feature-engine) is skipped: set FEATURE_ENGINE_PATH to a folder "
              "holding feature-engine 1.6.2's feature_engine/ (feature-engine is not installable here); "
              "fepipe's figures only")
    load = os.getloadavg()
    print(f"fepipe {fepipe.__version__}; peer: {peer_name or 'none'}; {os.cpu_count()} cores, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {repeat} repetitions, wall time")
    rows = []
    for name, make, make_peer, X_train, y_train, X_test in cases(with_peer):
        ours = measure(make, X_train, y_train, X_test, repeat, True)
        theirs = measure(make_peer, X_train, y_train, X_test, repeat, False) if make_peer else None
        print(f"\n{name}: {len(X_train)} train rows, {len(X_test)} test rows")
        print(f"  one-row predict through a DataFrame (fepipe.predict): {fmt(ours['one_row_df'])}")
        for key, label in (("fit", "fit"), ("transform", "batch transform (all but the model)"),
                           ("predict", "batch predict"), ("one_row", "one-row predict")):
            line = f"  {label:38s} fepipe {fmt(ours[key]):>10s}"
            if theirs:
                line += f"   peer {fmt(theirs[key]):>10s}   ratio {theirs[key] / ours[key]:8.1f}x"
                rows.append((name, label, ours[key], theirs[key]))
            print(line)
    if rows:
        print("\n| pipeline | measure | fepipe | scikit-learn + feature-engine | ratio |")
        print("| --- | --- | ---: | ---: | ---: |")
        for name, label, a, b in rows:
            print(f"| {name} | {label} | {fmt(a)} | {fmt(b)} | {b / a:.1f}× |")


if __name__ == "__main__":
    main()
