"""feature-engine 1.6.2 / pandas side of benchmarks/discretise_transform_outlier_bench.cpp.

Measures, for every discretiser, variable transformer and outlier step (and
DecisionTreeEncoder), the batch transform throughput (rows/s) and the time
to transform a one-row DataFrame (what a single prediction costs), on the
same data as the C++ benchmark: House Prices and the synthetic 200,000-row
frame built by the same splitmix64 formula. Options are the C++
benchmark's; where feature-engine 1.6.2 lacks 1.9.4's default (Winsorizer
fold 'auto', LogCpTransformer C='auto' giving 0 for positive variables) the
1.9.4 value is passed explicitly. With a path to the built benchmark it runs
that too and prints the Markdown table of
docs/benchmarks/discretise_transform_outlier.md.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 \\
      tools/bench/discretise_transform_outlier_peer.py [discretise_transform_outlier_bench]
"""
import os
import platform
import sys
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The shared timing loop, benchmark-JSON reader and synthetic-data hash.
from impute_encode_peer import common, fepipe_figures, median_seconds, splitmix64  # noqa: E402

from feature_engine.discretisation import (  # noqa: E402
    ArbitraryDiscretiser, DecisionTreeDiscretiser, EqualFrequencyDiscretiser, EqualWidthDiscretiser)
from feature_engine.encoding import DecisionTreeEncoder  # noqa: E402
from feature_engine.outliers import ArbitraryOutlierCapper, OutlierTrimmer, Winsorizer  # noqa: E402
from feature_engine.transformation import (  # noqa: E402
    ArcsinTransformer, BoxCoxTransformer, LogCpTransformer, PowerTransformer, ReciprocalTransformer,
    YeoJohnsonTransformer)

warnings.filterwarnings("ignore")


def scaled_to_unit(X):
    return X / (X.max() + 1.0)


def house():
    df = common.load_houseprice()
    numeric = ["LotArea", "GrLivArea", "1stFlrSF", "YearBuilt"]
    positive = df[numeric].astype(float)
    return dict(positive=positive, proportions=scaled_to_unit(positive),
                categorical=df[["Neighborhood", "MSZoning", "HouseStyle", "MSSubClass"]],
                y=df["SalePrice"].astype(float), numeric=numeric)


def synthetic(n=200_000):
    r = np.arange(n, dtype=np.uint64)
    positive, categorical = {}, {}
    y = np.zeros(n)
    for c in range(6):
        h = splitmix64(r * np.uint64(64) + np.uint64(c))
        v = (h % np.uint64(1_000_000)).astype(float) / 100.0 + 1.0
        y += v / 1000.0
        positive[f"num{c}"] = v
    for c, card in enumerate([8, 30, 120]):
        h = splitmix64(r * np.uint64(64) + np.uint64(6 + c))
        codes = ((h >> np.uint64(8)) % np.uint64(card)).astype(np.int64)
        categorical[f"cat{c}"] = np.array([f"v{k}" for k in range(card)], dtype=object)[codes]
    positive = pd.DataFrame(positive)
    return dict(positive=positive, proportions=scaled_to_unit(positive), categorical=pd.DataFrame(categorical),
                y=pd.Series(y), numeric=[f"num{c}" for c in range(6)])


# class -> (make the fitted step from a data set, which frame it transforms)
STEPS = {
    "EqualFrequencyDiscretiser": (lambda d: EqualFrequencyDiscretiser().fit(d["positive"]), "positive"),
    "EqualWidthDiscretiser": (lambda d: EqualWidthDiscretiser().fit(d["positive"]), "positive"),
    "ArbitraryDiscretiser": (lambda d: ArbitraryDiscretiser(
        binning_dict={v: [0.0, 0.25, 0.5, 0.75, 1.0] for v in d["numeric"][:2]}).fit(d["proportions"]),
        "proportions"),
    "DecisionTreeDiscretiser": (lambda d: DecisionTreeDiscretiser(random_state=0).fit(d["positive"], d["y"]),
                                "positive"),
    # 1.9.4's C='auto' is 0 for these positive variables.
    "LogCpTransformer": (lambda d: LogCpTransformer(C={v: 0 for v in d["numeric"]}).fit(d["positive"]), "positive"),
    "ReciprocalTransformer": (lambda d: ReciprocalTransformer().fit(d["positive"]), "positive"),
    "PowerTransformer": (lambda d: PowerTransformer().fit(d["positive"]), "positive"),
    "BoxCoxTransformer": (lambda d: BoxCoxTransformer().fit(d["positive"]), "positive"),
    "YeoJohnsonTransformer": (lambda d: YeoJohnsonTransformer().fit(d["positive"]), "positive"),
    "ArcsinTransformer": (lambda d: ArcsinTransformer().fit(d["proportions"]), "proportions"),
    "Winsorizer": (lambda d: Winsorizer(tail="both", fold=3).fit(d["positive"]), "positive"),
    "OutlierTrimmer": (lambda d: OutlierTrimmer(capping_method="iqr", tail="both", fold=1.5).fit(d["positive"]),
                       "positive"),
    "ArbitraryOutlierCapper": (lambda d: ArbitraryOutlierCapper(
        max_capping_dict={d["numeric"][0]: 0.5}, min_capping_dict={d["numeric"][1]: 0.1}).fit(d["proportions"]),
        "proportions"),
    "DecisionTreeEncoder": (lambda d: DecisionTreeEncoder(random_state=0).fit(d["categorical"], d["y"]),
                            "categorical"),
}


def peer_figures():
    out = {}
    for set_name, make in [("house", house), ("synthetic200k", synthetic)]:
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
        ratio = f["batch"] / rows_s
        ratio_text = f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
        print(f"| {cls} | {set_name} | {f['batch']:,.0f} | {rows_s:,.0f} | {ratio_text} "
              f"| {f['record']:.3f} | {one_us:,.0f} |")


if __name__ == "__main__":
    main()
