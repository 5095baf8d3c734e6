"""scikit-learn / feature-engine 1.6.2 / pandas side of benchmarks/scale_create_select_bench.cpp.

For every scaler, creation step and selector: fit time, batch transform
throughput (rows/s) and the time to transform a one-row DataFrame (what a
single prediction costs), on the same data and with the same options as the
C++ benchmark: House Prices (the scalers through feature-engine's
SklearnTransformerWrapper, so that both sides take and return the whole
frame), the course's preprocessed House Prices training matrix for the Lasso
selection, and the synthetic 200,000-row frame built by the same splitmix64
formula. With a path to the built scale_create_select_bench it runs that too
and prints the Markdown table of docs/benchmarks/scale_create_select.md.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/bench/scale_create_select_peer.py [scale_create_select_bench]
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))
import common  # noqa: E402

common.use_feature_engine()
from feature_engine.creation import CyclicalFeatures, MathFeatures, RelativeFeatures  # noqa: E402
from feature_engine.selection import (  # noqa: E402
    DropConstantFeatures, DropCorrelatedFeatures, DropDuplicateFeatures, DropFeatures)
from feature_engine.wrappers import SklearnTransformerWrapper  # noqa: E402
from sklearn.feature_selection import SelectFromModel  # noqa: E402
from sklearn.linear_model import Lasso  # noqa: E402
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler  # noqa: E402

warnings.filterwarnings("ignore")


def house():
    lasso = pd.read_csv(os.path.join(ROOT, "tests", "data", "inputs", "select_by_lasso_house_train.csv"))
    return dict(name="house", X=common.load_houseprice(), lasso_X=lasso.drop(columns=["SalePrice"]),
                lasso_y=lasso["SalePrice"],
                scaled=["LotFrontage", "LotArea", "MasVnrArea", "BsmtFinSF1", "GarageYrBlt", "GrLivArea", "PoolArea",
                        "MiscVal", "YrSold", "SalePrice"],
                math=["1stFlrSF", "2ndFlrSF", "TotalBsmtSF", "GarageArea"], rel_vars=["LotArea", "GrLivArea"],
                rel_refs=["1stFlrSF", "TotRmsAbvGrd"], cyclical=["MoSold"], dropped=["YrSold", "Street", "LotArea"])


def splitmix64(x):
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def synthetic(n=200_000):
    r = np.arange(n, dtype=np.uint64)
    cols = {}
    y = np.zeros(n)
    for c in range(5):
        cols[f"s{c}"] = (splitmix64(r * np.uint64(64) + np.uint64(c)) % np.uint64(1_000_000)).astype(float) / 100.0
        y += cols[f"s{c}"] * c / 1000.0
    h = splitmix64(r * np.uint64(64) + np.uint64(5))
    cols["s5"] = 2.0 * cols["s1"] + (h % np.uint64(1000)).astype(float) / 1000.0
    cols["s6"] = cols["s0"].copy()
    cols["s7"] = np.where((h >> np.uint64(20)) % np.uint64(100) == 0, 2.0, 1.0)
    y += ((h >> np.uint64(32)) % np.uint64(1000)).astype(float) / 1000.0
    X = pd.DataFrame(cols)
    return dict(name="synthetic200k", X=X, lasso_X=X, lasso_y=pd.Series(y), scaled=list(X.columns),
                math=["s0", "s1", "s2", "s3"], rel_vars=["s0", "s1"], rel_refs=["s2", "s7"], cyclical=["s2"],
                dropped=["s6", "s7"])


def scaler(cls):
    return lambda d: (SklearnTransformerWrapper(transformer=cls(), variables=d["scaled"]), "X")


# class -> data set -> (unfitted step, which frame it works on)
STEPS = {
    "MinMaxScaler": scaler(MinMaxScaler),
    "StandardScaler": scaler(StandardScaler),
    "RobustScaler": scaler(RobustScaler),
    "MaxAbsScaler": scaler(MaxAbsScaler),
    "MathFeatures": lambda d: (MathFeatures(variables=d["math"], func=["sum", "mean", "std", "max"],
                                            missing_values="ignore"), "X"),
    "RelativeFeatures": lambda d: (RelativeFeatures(variables=d["rel_vars"], reference=d["rel_refs"],
                                                    func=["sub", "div"], fill_value=0.0), "X"),
    "CyclicalFeatures": lambda d: (CyclicalFeatures(variables=d["cyclical"]), "X"),
    "DropFeatures": lambda d: (DropFeatures(features_to_drop=d["dropped"]), "X"),
    "DropConstantFeatures": lambda d: (DropConstantFeatures(tol=0.98, missing_values="ignore"), "X"),
    "DropDuplicateFeatures": lambda d: (DropDuplicateFeatures(), "X"),
    "DropCorrelatedFeatures": lambda d: (DropCorrelatedFeatures(threshold=0.8), "X"),
    "SelectByLasso": lambda d: (SelectFromModel(Lasso(alpha=0.001, random_state=0)), "lasso_X"),
}


def median_seconds(fn, min_total=1.0, max_repeats=15):
    """Median wall time of fn over at least 3 runs and about min_total seconds."""
    times = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < min_total and len(times) < max_repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peer_figures():
    out = {}
    for d in [house(), synthetic()]:
        for cls, make in STEPS.items():
            step, frame = make(d)
            X = d[frame]
            y = d["lasso_y"] if cls == "SelectByLasso" else None
            fit = median_seconds(lambda: step.fit(X, y), min_total=0.5)
            batch = median_seconds(lambda: step.transform(X))
            one = X.iloc[[0]]
            single = median_seconds(lambda: step.transform(one), min_total=0.3)
            out[(cls, d["name"])] = dict(fit=fit * 1e3, batch=len(X) / batch, record=single * 1e6)
            print(f"peer {cls} {d['name']}: fit {fit * 1e3:,.2f} ms, {len(X) / batch:,.0f} rows/s, "
                  f"one row {single * 1e6:,.0f} us", file=sys.stderr)
    return out


def fepipe_figures(bench):
    res = subprocess.run([bench, "--benchmark_format=json", "--benchmark_min_time=0.2", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true"], check=True, capture_output=True,
                         text=True).stdout
    out = {}
    for b in json.loads(res)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        kind, cls, set_name = b["run_name"].split("/")[:3]  # "/real_time" follows
        to_us = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        value = {"batch": lambda: b["items_per_second"], "record": lambda: b["real_time"] * to_us,
                 "fit": lambda: b["real_time"] * to_us / 1e3}[kind]()
        out.setdefault((cls, set_name), {})[kind] = value
    return out


def main():
    peer = peer_figures()
    if len(sys.argv) < 2:
        return
    ours = fepipe_figures(sys.argv[1])
    print(f"Measured on {platform.node()} ({os.cpu_count()} cores, shared), one thread, the same run.\n")
    print("| class | data | fepipe batch (rows/s) | peer batch (rows/s) | ratio | fepipe one record (µs) "
          "| peer one-row frame (µs) | fepipe fit (ms) | peer fit (ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (cls, set_name), p in peer.items():
        f = ours[(cls, set_name)]
        print(f"| {cls} | {set_name} | {f['batch']:,.0f} | {p['batch']:,.0f} | {f['batch'] / p['batch']:,.0f}x "
              f"| {f['record']:.3f} | {p['record']:,.0f} | {f['fit']:,.3f} | {p['fit']:,.2f} |")


if __name__ == "__main__":
    main()
