"""Runs fepipe's House Prices benchmark and the scikit-learn + feature-engine
measurement one after the other on this machine, and prints the README table.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/bench/house_prices_compare.py <house_prices_bench>
"""
import json
import os
import platform
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def fepipe_figures(bench):
    out = subprocess.run([bench, "--benchmark_format=json", "--benchmark_min_time=0.5"], check=True,
                         capture_output=True, text=True).stdout
    runs = {b["name"]: b for b in json.loads(out)["benchmarks"]}

    def ns(name):
        b = runs[name]
        scale = {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
        return b["real_time"] * scale

    return {
        "fit_ms": ns("BM_HousePrices_Fit") / 1e6,
        "batch_rows_per_s": runs["BM_HousePrices_PredictBatch"]["items_per_second"],
        "predict_one_us": ns("BM_HousePrices_PredictOne/repeats:9_median") / 1e3,
        "load_us": ns("BM_HousePrices_LoadBinary") / 1e3,
        "load_json_us": ns("BM_HousePrices_LoadJson") / 1e3,
        "bytes": runs["BM_HousePrices_LoadBinary"]["file_bytes"],
    }


def sklearn_figures():
    out = subprocess.run([sys.executable, os.path.join(here, "house_prices_sklearn.py")], check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (kv.split("=") for kv in out.split()[1:])}


def main():
    f = fepipe_figures(sys.argv[1])
    s = sklearn_figures()
    print(f"Measured on {platform.node()} ({os.cpu_count()} cores), one thread, the same run:\n")
    print("| House Prices pipeline | fepipe | scikit-learn 1.2.1 + feature-engine 1.6.2 | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| fit (1314 rows) | {f['fit_ms']:.1f} ms | {s['fit_ms']:.1f} ms | {s['fit_ms'] / f['fit_ms']:.0f}x |")
    print(f"| batch predict (1460 rows) | {f['batch_rows_per_s']:,.0f} rows/s | {s['batch_rows_per_s']:,.0f} rows/s "
          f"| {f['batch_rows_per_s'] / s['batch_rows_per_s']:.0f}x |")
    print(f"| predict one record (median) | {f['predict_one_us']:.2f} µs | {s['predict_one_us']:,.0f} µs "
          f"| {s['predict_one_us'] / f['predict_one_us']:,.0f}x |")
    print(f"| load the model | {f['load_us']:.0f} µs (binary, {f['bytes'] / 1024:.1f} KiB); "
          f"{f['load_json_us']:.0f} µs (JSON) | {s['pickle_load_us']:.0f} µs (pickle, {s['pickle_bytes'] / 1024:.1f} KiB) | |")


if __name__ == "__main__":
    main()
