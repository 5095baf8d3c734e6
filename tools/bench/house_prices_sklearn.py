"""scikit-learn 1.2.1 + feature-engine 1.6.2 on the House Prices pipeline:
the figures benchmarks/house_prices_bench.cpp is compared with.

Same data, split and pipeline as examples/house_prices_pipeline.hpp
(tools/reference/foundation.py builds it). Prints one table row per figure.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/bench/house_prices_sklearn.py
"""
import os
import pickle
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reference"))
import foundation  # noqa: E402  (also puts feature-engine on sys.path)
from sklearn.model_selection import train_test_split  # noqa: E402


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    df = foundation.house()
    X, y = df[foundation.FEATURES], np.log(df["SalePrice"])
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.1, random_state=0)
    pipe = foundation.course_pipeline()
    fit = median_time(lambda: foundation.course_pipeline().fit(X_train, y_train), 7)
    pipe.fit(X_train, y_train)
    batch = median_time(lambda: pipe.predict(X), 7)
    one_row = X_test.iloc[[0]]
    one = median_time(lambda: pipe.predict(one_row), 201)
    blob = pickle.dumps(pipe)
    load = median_time(lambda: pickle.loads(blob), 51)
    print(f"sklearn+feature-engine fit_ms={fit * 1e3:.2f} batch_rows_per_s={len(X) / batch:.0f} "
          f"predict_one_us={one * 1e6:.1f} pickle_load_us={load * 1e6:.1f} pickle_bytes={len(blob)}")


if __name__ == "__main__":
    main()
