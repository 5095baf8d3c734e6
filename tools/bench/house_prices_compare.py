"""README's House Prices table: fepipe's benchmarks/house_prices_bench.cpp
and scikit-learn + feature-engine (tools/bench/house_prices_sklearn.py) in
the same run, each in fresh processes, interleaved (the side that goes
first alternates), wall time throughout; every figure is the median
(min-max) over the processes, and the load average is printed with them.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/bench/house_prices_compare.py \\
      <house_prices_bench> [--processes 3]

`tools/dev bench` runs it. fepipe's figures are Google Benchmark's real
time (the batch rate is rows over real time, not the library's
items_per_second, which is per CPU-second); the peer's are medians of
time.perf_counter() over repetitions inside its process.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
BATCH_ROWS = 1460  # the whole data set, as BM_HousePrices_PredictBatch predicts it


def fepipe_figures(bench):
    out = subprocess.run([bench, "--benchmark_format=json", "--benchmark_min_time=0.5",
                          "--benchmark_filter=-PredictOneNamed"],
                         check=True, capture_output=True, text=True).stdout
    runs = {b["name"]: b for b in json.loads(out)["benchmarks"]}

    def ns(name):
        b = runs[name]
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        return b["real_time"] * scale

    return {
        "fit_ms": ns("BM_HousePrices_Fit") / 1e6,
        "batch_rows_per_s": BATCH_ROWS / (ns("BM_HousePrices_PredictBatch") / 1e9),
        "predict_one_us": ns("BM_HousePrices_PredictOne/repeats:9_median") / 1e3,
        "load_us": ns("BM_HousePrices_LoadBinary") / 1e3,
        "load_json_us": ns("BM_HousePrices_LoadJson") / 1e3,
        "bytes": runs["BM_HousePrices_LoadBinary"]["file_bytes"],
    }


def sklearn_figures():
    out = subprocess.run([sys.executable, os.path.join(here, "house_prices_sklearn.py")], check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (kv.split("=") for kv in out.split()[1:])}


def spread(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", help="the house_prices_bench binary")
    parser.add_argument("--processes", type=int, default=3, help="runs of each side (>= 3 for figures of record)")
    args = parser.parse_args()
    if not os.environ.get("FEATURE_ENGINE_PATH"):
        print("house_prices_compare: FEATURE_ENGINE_PATH is not set (feature-engine 1.6.2's source, which Debian "
              "does not package): the peer cannot run; fepipe's own figures are in house_prices_bench's output")
        return
    load_before = os.getloadavg()[0]
    ours, peer = [], []
    for i in range(args.processes):
        if i % 2 == 0:
            ours.append(fepipe_figures(args.bench))
            peer.append(sklearn_figures())
        else:
            peer.append(sklearn_figures())
            ours.append(fepipe_figures(args.bench))
    load_after = os.getloadavg()[0]

    def col(runs, key):
        return [r[key] for r in runs]

    def ratio(num, den):
        return [a / b for a, b in zip(num, den)]

    ms = lambda v: f"{v:.1f} ms"  # noqa: E731
    us = lambda v: f"{v:,.2f} µs" if v < 10 else f"{v:,.0f} µs"  # noqa: E731
    rate = lambda v: f"{v / 1e6:.2f} M" if v >= 1e6 else f"{v / 1e3:.0f} k"  # noqa: E731
    times = lambda v: f"{v:,.0f}×"  # noqa: E731
    print(f"Measured on {platform.node()} ({os.cpu_count()} cores), one thread, wall time, the median (min–max) of "
          f"{args.processes} processes per side, interleaved; load average {load_before:.2f} before, "
          f"{load_after:.2f} after:\n")
    print("| House Prices pipeline | fepipe | scikit-learn 1.2.1 + feature-engine 1.6.2 | peer / fepipe |")
    print("| --- | --- | --- | --- |")
    print(f"| fit (1314 rows) | {spread(col(ours, 'fit_ms'), ms)} | {spread(col(peer, 'fit_ms'), ms)} "
          f"| {spread(ratio(col(peer, 'fit_ms'), col(ours, 'fit_ms')), times)} |")
    print(f"| batch predict (1460 rows), rows/s | {spread(col(ours, 'batch_rows_per_s'), rate)} "
          f"| {spread(col(peer, 'batch_rows_per_s'), rate)} "
          f"| {spread(ratio(col(ours, 'batch_rows_per_s'), col(peer, 'batch_rows_per_s')), times)} |")
    print(f"| predict one record | {spread(col(ours, 'predict_one_us'), us)} "
          f"| {spread(col(peer, 'predict_one_us'), us)} "
          f"| {spread(ratio(col(peer, 'predict_one_us'), col(ours, 'predict_one_us')), times)} |")
    print(f"| load the model | {spread(col(ours, 'load_us'), us)} (binary, {ours[0]['bytes'] / 1024:.1f} KiB); "
          f"{spread(col(ours, 'load_json_us'), us)} (JSON) | {spread(col(peer, 'pickle_load_us'), us)} "
          f"(pickle, {peer[0]['pickle_bytes'] / 1024:.1f} KiB) | |")


if __name__ == "__main__":
    main()
