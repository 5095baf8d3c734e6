"""README's HistGradientBoosting table: benchmarks/hist_gradient_boosting_bench
(fepipe's HGB and XGBoost 1.7.4 in one program, one thread each) run in
--processes fresh processes; every figure is wall time (Google Benchmark's
real time; batch rates are rows over real time), the median (min-max) over
the processes, with the load average before and after.

  /usr/bin/python3 tools/bench/trees_compare.py <hist_gradient_boosting_bench> [--processes 3]

`tools/dev bench` runs it. Method and data: docs/benchmarks/trees.md.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess

ROWS = {"synthetic_1Mx20": 1_000_000, "house_prices": 1460}


def one_run(bench):
    out = subprocess.run([bench, "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    figures = {}
    for b in json.loads(out)["benchmarks"]:
        name = b["name"]
        lib = "fepipe" if name.startswith("BM_HGB_") else "xgboost"
        what, data = name.split("/")[0].split("_", 2)[2], name.split("/")[1]
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        seconds = b["real_time"] * scale
        if what == "PredictBatch":
            figures[(lib, what, data)] = ROWS[data] / seconds
        else:
            figures[(lib, what, data)] = seconds
        if what == "Fit" and "peak_rss_MiB" in b:
            figures[(lib, "peak_rss_MiB", data)] = b["peak_rss_MiB"]
            figures[(lib, "peak_over_budget", data)] = b["peak_over_budget"]
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", help="the hist_gradient_boosting_bench binary")
    parser.add_argument("--processes", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    runs = [one_run(args.bench) for _ in range(args.processes)]
    load_after = os.getloadavg()[0]
    if not any(k[0] == "xgboost" for k in runs[0]):
        print("trees_compare: the benchmark was built without XGBoost (Debian: libxgboost-dev); fepipe only")

    def spread(key, fmt):
        values = [r[key] for r in runs if key in r]
        if not values:
            return "—"
        return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"

    def ratio(key, invert=False):
        a, b = ("fepipe",) + key, ("xgboost",) + key
        values = [(r[a] / r[b]) if not invert else (r[b] / r[a]) for r in runs if a in r and b in r]
        if not values:
            return "—"
        return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"

    sec = lambda v: f"{v:.2f} s" if v >= 1 else f"{v * 1e3:.1f} ms"  # noqa: E731
    rate = lambda v: f"{v / 1e6:.2f} M rows/s"  # noqa: E731
    micro = lambda v: f"{v * 1e6:.2f} µs"  # noqa: E731
    print(f"Measured on {platform.node()} ({os.cpu_count()} cores), one thread each, wall time, the median (min–max) "
          f"of {args.processes} processes; load average {load_before:.2f} before, {load_after:.2f} after:\n")
    print("| metric | data | fepipe HGB | XGBoost 1.7.4 | fepipe / XGBoost |")
    print("| --- | --- | --- | --- | --- |")
    for data, label in (("synthetic_1Mx20", "synthetic 1M×20"), ("house_prices", "House Prices")):
        print(f"| fit time | {label} | {spread(('fepipe', 'Fit', data), sec)} | {spread(('xgboost', 'Fit', data), sec)} "
              f"| {ratio(('Fit', data))} (time) |")
    for data, label in (("synthetic_1Mx20", "synthetic 1M×20"), ("house_prices", "House Prices")):
        print(f"| batch predict | {label} | {spread(('fepipe', 'PredictBatch', data), rate)} "
              f"| {spread(('xgboost', 'PredictBatch', data), rate)} | {ratio(('PredictBatch', data))} (rate) |")
    for data, label in (("synthetic_1Mx20", "synthetic 1M×20"), ("house_prices", "House Prices")):
        print(f"| one record, 100 depth-6 trees | {label} | {spread(('fepipe', 'PredictOne', data), micro)} "
              f"| {spread(('xgboost', 'PredictOne', data), micro)} | {ratio(('PredictOne', data))} (time) |")
    mib = lambda v: f"{v:.1f} MiB"  # noqa: E731
    budget = lambda v: f"{v:.2f}"  # noqa: E731
    print(f"| peak RSS during fit | synthetic 1M×20 | {spread(('fepipe', 'peak_rss_MiB', 'synthetic_1Mx20'), mib)} | — "
          f"| {spread(('fepipe', 'peak_over_budget', 'synthetic_1Mx20'), budget)} of 1.5 × (input + bins) |")


if __name__ == "__main__":
    main()
