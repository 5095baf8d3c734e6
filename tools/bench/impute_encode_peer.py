"""feature-engine 1.6.2 / pandas side of benchmarks/impute_encode_bench.cpp.

Measures, for every imputer and encoder, the batch transform throughput
(rows/s) and the time to transform a one-row DataFrame (what a single
prediction costs), on the same data as the C++ benchmark: House Prices, the
course's Titanic (as tools/reference/catalogue_impute_encode.py prepared it)
and the synthetic 200,000-row frame built by the same splitmix64 formula.
Options are the same as the C++ benchmark's. With a path to the built
impute_encode_bench, it runs that too and prints the Markdown table of
docs/benchmarks/impute_encode.md.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/bench/impute_encode_peer.py [impute_encode_bench]
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
from feature_engine.encoding import (  # noqa: E402
    CountFrequencyEncoder, MeanEncoder, OneHotEncoder, OrdinalEncoder, RareLabelEncoder, WoEEncoder)
from feature_engine.imputation import (  # noqa: E402
    AddMissingIndicator, ArbitraryNumberImputer, CategoricalImputer, DropMissingData, EndTailImputer,
    MeanMedianImputer, RandomSampleImputer)

warnings.filterwarnings("ignore")  # unseen-category and dtype notices


def house():
    df = common.load_houseprice()
    numeric_na = ["LotFrontage", "MasVnrArea", "GarageYrBlt"]
    categorical_na = ["Alley", "MasVnrType", "BsmtQual", "FireplaceQu", "GarageType", "Electrical"]
    encoded = ["MSSubClass", "MSZoning", "LotShape", "LandContour", "LotConfig", "Neighborhood", "RoofStyle",
               "Exterior1st", "Foundation", "CentralAir", "Functional", "PavedDrive", "SaleCondition", "Street",
               "HouseStyle"]
    y = np.log(df["SalePrice"])
    yb = (df["SalePrice"] > df["SalePrice"].median()).astype(float)
    return dict(with_missing=df[numeric_na + categorical_na], categorical=df[encoded], y=y, y_binary=yb,
                numeric_na=numeric_na, categorical_na=categorical_na)


def titanic():
    inputs = os.path.join(ROOT, "tests", "data", "inputs")
    raw = pd.read_csv(os.path.join(inputs, "random_sample_imputer_titanic.csv")).drop(columns=["pclass"])
    prepared = pd.read_csv(os.path.join(inputs, "woe_encoder_titanic.csv"))
    return dict(with_missing=raw, categorical=prepared[["sex", "cabin", "embarked", "title"]],
                y=prepared["survived"].astype(float), y_binary=prepared["survived"].astype(float),
                numeric_na=["age", "fare"], categorical_na=["cabin", "embarked"])


MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64(x):
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def synthetic(n=200_000):
    r = np.arange(n, dtype=np.uint64)
    with_missing, categorical = {}, {}
    y = np.zeros(n)
    for c in range(6):
        h = splitmix64(r * np.uint64(64) + np.uint64(c))
        v = (h % np.uint64(1_000_000)).astype(float) / 100.0
        y += v / 1000.0
        v[(h >> np.uint64(40)) % np.uint64(10) == 0] = np.nan
        with_missing[f"num{c}"] = v
    for c, card in enumerate([3, 8, 15, 30, 60, 120]):
        h = splitmix64(r * np.uint64(64) + np.uint64(6 + c))
        codes = ((h >> np.uint64(8)) % np.uint64(card)).astype(np.int64)
        labels = np.array([f"v{k}" for k in range(card)], dtype=object)[codes]
        categorical[f"cat{c}"] = labels
        na = labels.copy()
        na[(h >> np.uint64(50)) % np.uint64(20) == 0] = np.nan
        with_missing[f"cat{c}"] = na
    yb = (splitmix64(r * np.uint64(64) + np.uint64(63)) % np.uint64(3) == 0).astype(float)
    return dict(with_missing=pd.DataFrame(with_missing), categorical=pd.DataFrame(categorical), y=pd.Series(y),
                y_binary=pd.Series(yb), numeric_na=[f"num{c}" for c in range(6)],
                categorical_na=[f"cat{c}" for c in range(6)])


# class -> (make the fitted step from a data set, which frame it transforms)
STEPS = {
    "MeanMedianImputer": (lambda d: MeanMedianImputer(variables=d["numeric_na"]).fit(d["with_missing"]), "with_missing"),
    "ArbitraryNumberImputer": (lambda d: ArbitraryNumberImputer(variables=d["numeric_na"]).fit(d["with_missing"]),
                               "with_missing"),
    "EndTailImputer": (lambda d: EndTailImputer(variables=d["numeric_na"]).fit(d["with_missing"]), "with_missing"),
    "CategoricalImputer": (lambda d: CategoricalImputer(variables=d["categorical_na"]).fit(d["with_missing"]),
                           "with_missing"),
    "RandomSampleImputer": (lambda d: RandomSampleImputer(random_state=0).fit(d["with_missing"]), "with_missing"),
    "AddMissingIndicator": (lambda d: AddMissingIndicator().fit(d["with_missing"]), "with_missing"),
    "DropMissingData": (lambda d: DropMissingData().fit(d["with_missing"]), "with_missing"),
    "OneHotEncoder": (lambda d: OneHotEncoder(top_categories=10).fit(d["categorical"]), "categorical"),
    "OrdinalEncoder": (lambda d: OrdinalEncoder().fit(d["categorical"], d["y"]), "categorical"),
    "CountFrequencyEncoder": (lambda d: CountFrequencyEncoder(encoding_method="frequency").fit(d["categorical"]),
                              "categorical"),
    "MeanEncoder": (lambda d: MeanEncoder(smoothing="auto").fit(d["categorical"], d["y"]), "categorical"),
    "WoEEncoder": (lambda d: WoEEncoder(fill_value=0.5).fit(d["categorical"], d["y_binary"]), "categorical"),
    "RareLabelEncoder": (lambda d: RareLabelEncoder(tol=0.05, n_categories=1).fit(d["categorical"]), "categorical"),
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
    for set_name, make in [("house", house), ("titanic", titanic), ("synthetic200k", synthetic)]:
        d = make()
        for cls, (fit, frame) in STEPS.items():
            step = fit(d)
            X = d[frame]
            batch = median_seconds(lambda: step.transform(X))
            one = X.iloc[[0]]
            single = median_seconds(lambda: step.transform(one), min_total=0.3)
            out[(cls, set_name)] = (len(X) / batch, single * 1e6)
            print(f"peer {cls} {set_name}: {len(X) / batch:,.0f} rows/s, one row {single * 1e6:,.0f} us",
                  file=sys.stderr)
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
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        out.setdefault((cls, set_name), {})[kind] = b["items_per_second"] if kind == "batch" else b["real_time"] * scale
    return out


def main():
    peer = peer_figures()
    if len(sys.argv) < 2:
        return
    ours = fepipe_figures(sys.argv[1])
    print(f"Measured on {platform.node()} ({os.cpu_count()} cores, shared), one thread, the same run.\n")
    print("| class | data | fepipe batch (rows/s) | feature-engine 1.6.2 batch (rows/s) | ratio "
          "| fepipe one record (µs) | feature-engine one-row frame (µs) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (cls, set_name), (rows_s, one_us) in peer.items():
        f = ours[(cls, set_name)]
        print(f"| {cls} | {set_name} | {f['batch']:,.0f} | {rows_s:,.0f} | {f['batch'] / rows_s:,.0f}x "
              f"| {f['record']:.3f} | {one_us:,.0f} |")


if __name__ == "__main__":
    main()
