"""GridSearchCV on the House Prices course pipeline: fepipe against
scikit-learn + feature-engine, in one run (issue 15's acceptance: fepipe on
2 threads >= 50x faster than the peer with n_jobs=2).

The search: Lasso alpha in (0.0005, 0.001, 0.005, 0.01) x RareLabelEncoder
tol in (0.01, 0.03, 0.05), 5-fold KFold on the course's training split (90 %
of data/houseprice.csv, random_state 0), log SalePrice,
neg_mean_squared_error, refit of the best candidate: 61 fits. Both give the
same cv_results_ to 1e-9 (tests/model_selection/house_prices_search_test.cpp
against tools/reference/house_prices_search.py).

    FEATURE_ENGINE_PATH=<feature_engine 1.6.2 source> /usr/bin/python3 \\
        benchmarks/python/bench_search.py --bench <build>/benchmarks/model_selection_bench [--processes 3]

Each process measures both sides: the peer's search --repeat times in this
Python process (after one search that starts joblib's two workers, which
is not timed: a warm peer), then fepipe's benchmark binary (Google
Benchmark, real time, median of its 5 repetitions on 1 and 2 threads) as a
child process. With --processes N (>= 3 for figures of record) it runs N
fresh processes, alternating which side goes first, and prints medians
(min-max) over them with the load average. Wall time throughout. Use
/usr/bin/python3 (Debian's scikit-learn 1.2, pandas 1.5).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512_SKX")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GRID = {"Lasso__alpha": [0.0005, 0.001, 0.005, 0.01], "rare_label_encoder__tol": [0.01, 0.03, 0.05]}


def peer_seconds(repeat):
    """Median wall time of scikit-learn + feature-engine's GridSearchCV, n_jobs=2."""
    sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))
    import numpy as np
    from sklearn.model_selection import GridSearchCV, KFold, train_test_split

    import foundation  # the course pipeline; puts feature-engine 1.6.2 on the path

    df = foundation.house()
    X_train, _, y_train, _ = train_test_split(df[foundation.FEATURES], df["SalePrice"], test_size=0.1,
                                              random_state=0)
    y = np.log(y_train)

    def search():
        s = GridSearchCV(foundation.course_pipeline(), GRID, cv=KFold(5), scoring="neg_mean_squared_error", n_jobs=2)
        s.fit(X_train, y)
        return s

    search()  # starts joblib's workers (not timed)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        search()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fepipe_seconds(bench):
    """fepipe's medians (real time) on 1 and 2 threads, from the benchmark binary."""
    run = subprocess.run([bench, "--benchmark_filter=GridSearchCV", "--benchmark_format=json"], capture_output=True,
                         text=True, check=True)
    out = {}
    for b in json.loads(run.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            threads = int(re.search(r"/n_threads:(\d+)", b["run_name"]).group(1))
            scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            out[threads] = b["real_time"] * scale
    return out


def one_process(bench, repeat, peer_first):
    result = {}
    if peer_first:
        result["peer"] = peer_seconds(repeat)
    result["fepipe"] = fepipe_seconds(bench)
    if not peer_first:
        result["peer"] = peer_seconds(repeat)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", required=True, help="the model_selection_bench binary")
    parser.add_argument("--repeat", type=int, default=3, help="peer searches per process (median)")
    parser.add_argument("--processes", type=int, default=3, help="fresh processes (>= 3 for figures of record)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peer-first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_process(args.bench, args.repeat, args.peer_first)))
        return
    if not os.environ.get("FEATURE_ENGINE_PATH"):
        print("bench_search: FEATURE_ENGINE_PATH is not set (feature-engine 1.6.2's source, which Debian does not "
              "package): the peer cannot run; fepipe's own figures are in model_selection_bench's output")
        return
    runs = []
    load_before = os.getloadavg()
    for i in range(args.processes):
        cmd = [sys.executable, __file__, "--child", "--bench", args.bench, "--repeat", str(args.repeat)]
        if i % 2 == 0:
            cmd.append("--peer-first")
        child = subprocess.run(cmd, capture_output=True, text=True, check=True)
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    load_after = os.getloadavg()

    def summary(values, unit=1e3, suffix=" ms"):
        return (f"{statistics.median(values) * unit:.1f}{suffix} "
                f"({min(values) * unit:.1f}-{max(values) * unit:.1f})")

    peer = [r["peer"] for r in runs]
    print("GridSearchCV, House Prices course pipeline, 4 alphas x 3 tols x 5 folds + refit (61 fits); wall time, "
          f"median (min-max) of {args.processes} processes; load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after")
    print(f"  scikit-learn + feature-engine, n_jobs=2: {summary(peer, 1.0, ' s')}")
    for threads in (1, 2):
        ours = [r["fepipe"][str(threads)] for r in runs]  # JSON keys are strings
        ratios = [p / o for p, o in zip(peer, ours)]
        print(f"  fepipe, {threads} thread{'s' if threads > 1 else ''}: {summary(ours)}; "
              f"peer / fepipe {statistics.median(ratios):.0f}x ({min(ratios):.0f}-{max(ratios):.0f})")


if __name__ == "__main__":
    main()
