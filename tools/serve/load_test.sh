#!/usr/bin/env bash
# Load and fault test of `fepipe serve` (issue 13, scope 3): wrk posts
# single House Prices records (the course's 37 input columns) over
# keep-alive loopback connections while the model file is replaced 20 times
# (renamed over, alternating two models; replacement 10 is a truncated,
# corrupt file). Reports requests/s, p50/p99 latency and errors, and checks
# that every response is a 200 carrying the prediction of one of the two
# complete models (never of a half-loaded one), that the corrupt file was
# refused and the 19 good ones served. Also reports the server's CPU time
# and run-queue wait per request (/proc/PID/task/*/schedstat): on a shared
# machine, the wait is where the latency tail comes from.
# docs/benchmarks/serving.md has the figures.
#   [RUNS=N] tools/serve/load_test.sh [FEPIPE] [SECONDS] [CONNECTIONS] [SERVER_THREADS] [WRK_THREADS]
# Defaults: build/apps/fepipe, 10 s, 8 connections, 8 server threads (the
# server's default: every connection has a thread), 1 wrk thread. RUNS=N:
# N runs, one after another, each with a fresh server, then the medians.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
fepipe=${1:-$root/build/apps/fepipe}
seconds=${2:-10}
connections=${3:-8}
server_threads=${4:-8}
wrk_threads=${5:-1}
runs=${RUNS:-1}
if [ "$runs" -gt 1 ]; then
  all=$(mktemp)
  trap 'rm -f "$all"' EXIT
  for i in $(seq "$runs"); do
    echo "load_test: run $i of $runs"
    RUNS=1 bash "$0" "$fepipe" "$seconds" "$connections" "$server_threads" "$wrk_threads" | tee -a "$all"
  done
  # The median of each figure over the runs (the middle one; the lower middle for an even N).
  median() { grep "^$1 " "$all" | tr ' ' '\n' | sed -n "s/^$2=//p" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  echo "MEDIAN runs=$runs rps=$(median RESULT rps) p50_us=$(median RESULT p50_us) p99_us=$(median RESULT p99_us)" \
    "max_us=$(median RESULT max_us) server_cpu_us=$(median SERVER cpu_us_per_request)" \
    "server_wait_us=$(median SERVER runqueue_wait_us_per_request)"
  exit 0
fi
command -v wrk >/dev/null || { echo "load_test: wrk is needed (Debian: wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "load_test: curl is needed" >&2; exit 1; }
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "load_test: FAIL: $*" >&2; exit 1; }

features=MSSubClass,MSZoning,LotFrontage,LotShape,LandContour,LotConfig,Neighborhood,OverallQual,OverallCond
features+=,YearRemodAdd,RoofStyle,Exterior1st,ExterQual,Foundation,BsmtQual,BsmtExposure,BsmtFinType1,HeatingQC
features+=,CentralAir,1stFlrSF,2ndFlrSF,GrLivArea,BsmtFullBath,HalfBath,KitchenQual,TotRmsAbvGrd,Functional
features+=,Fireplaces,FireplaceQu,GarageFinish,GarageCars,GarageArea,PavedDrive,WoodDeckSF,ScreenPorch
features+=,SaleCondition,YrSold
# The course's preprocessing with built-in classes (the stock tool has no
# course steps); two models that differ in the Lasso's alpha.
for alpha in 0.001 0.005; do
  cat >"$dir/spec.json" <<JSON
{"steps": [["cat", {"class": "CategoricalImputer", "imputation_method": "missing"}],
           ["num", {"class": "MeanMedianImputer", "imputation_method": "median"}],
           ["rare", {"class": "RareLabelEncoder", "tol": 0.01, "n_categories": 1}],
           ["ord", {"class": "OrdinalEncoder", "encoding_method": "ordered"}],
           ["scale", {"class": "MinMaxScaler"}],
           ["lasso", {"class": "Lasso", "alpha": $alpha, "random_state": 0}]]}
JSON
  "$fepipe" fit "$dir/spec.json" "$root/data/houseprice.csv" --target SalePrice --log-target \
    --categorical MSSubClass --features "$features" -o "$dir/m_$alpha.fpm" 2>/dev/null
done
a=$dir/m_0.001.fpm
b=$dir/m_0.005.fpm
# Record 1 of House Prices as CSV (for fepipe predict) and as JSON (for the server).
head -2 "$root/data/houseprice.csv" | tr -d '\r' | cut -d, -f"$(head -1 "$root/data/houseprice.csv" | tr -d '\r' |
  tr , '\n' | grep -nxF -f <(tr , '\n' <<<"$features") | cut -d: -f1 | paste -sd,)" >"$dir/row.csv"
body=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
  NR == 2 { printf "{\"instances\": [{"; for (i = 1; i <= NF; i++) {
      v = $i; if (v == "NA") v = "null"; else if (v !~ /^-?[0-9.]+$/) v = "\"" v "\"";
      printf "%s\"%s\": %s", (i > 1 ? ", " : ""), h[i], v }; printf "}]}" }' "$dir/row.csv")
pa=$("$fepipe" predict "$a" "$dir/row.csv" 2>/dev/null | tail -1)
pb=$("$fepipe" predict "$b" "$dir/row.csv" 2>/dev/null | tail -1)
[ "$pa" != "$pb" ] || fail "the two models predict the same"

cp "$a" "$dir/served.fpm"
"$fepipe" serve --model "house=$dir/served.fpm" --port 0 --threads "$server_threads" --poll-ms 50 \
  >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$dir/out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$dir/out")
[ -n "$url" ] || fail "the server did not start: $(cat "$dir/err")"
# The server's answer must be one of the two models' predictions.
got=$(curl -sS -X POST --data-binary "$body" "$url/v1/models/house:predict")
case "$got" in *"\"predictions\": [$pa]"*) ;; *) fail "first answer $got, expected [$pa]" ;; esac

cat >"$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.body = [[$body]]
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
bad = 0  -- globals: done() reads them with thread:get
first_bad = ""
function response(status, headers, body)
  if status ~= 200 or not (body:find('"predictions": [$pa]', 1, true) or body:find('"predictions": [$pb]', 1, true)) then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. body end
  end
end
function done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    local fb = t:get("first_bad")
    if fb ~= "" then io.write("first bad response: " .. fb .. "\n") end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_us=%d p99_us=%d max_us=%d bad=%d " ..
    "socket_errors=%d non2xx=%d\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max, total_bad,
    e.connect + e.read + e.write + e.timeout, e.status))
end
LUA

# Run time and run-queue wait (ns) of the server's threads, summed.
sched() { cat /proc/"$pid"/task/*/schedstat 2>/dev/null | awk '{ run += $1; wait += $2 } END { printf "%.0f %.0f", run, wait }'; }
echo "load_test: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load_test: wrk -t$wrk_threads -c$connections -d${seconds}s, server --threads $server_threads, 20 replacements (one corrupt)"
wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" -s "$dir/post.lua" "$url/v1/models/house:predict" >"$dir/wrk" &
wrk_pid=$!
sched_before=$(sched)
# 20 replacements spread over the run, alternating b, a, ...; number 10 is
# the first half of a model file (a write cut short).
step=$(awk -v s="$seconds" 'BEGIN { printf "%.3f", s / 22 }')
for i in $(seq 1 20); do
  sleep "$step"
  if [ "$i" -eq 10 ]; then
    head -c "$(($(stat -c %s "$a") / 2))" "$a" >"$dir/next.fpm"
  elif [ $((i % 2)) -eq 1 ]; then
    cp "$b" "$dir/next.fpm"
  else
    cp "$a" "$dir/next.fpm"
  fi
  mv "$dir/next.fpm" "$dir/served.fpm"
done
wait "$wrk_pid"
sched_after=$(sched)
echo "load_test: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 0.2  # the last replacement's reload
cat "$dir/wrk"
metrics=$(curl -sS "$url/metrics")
reloads=$(sed -n 's/^fepipe_serve_reloads_total{[^}]*} //p' <<<"$metrics")
failures=$(sed -n 's/^fepipe_serve_reload_failures_total{[^}]*} //p' <<<"$metrics")
echo "RELOADS reloads=$reloads failures=$failures"
kill -TERM "$pid"
wait "$pid" || fail "the server exited with an error"
pid=
result=$(grep '^RESULT' "$dir/wrk") || fail "no result from wrk"
requests=$(sed -n 's/.* requests=\([0-9]*\) .*/\1/p' <<<"$result")
if [ -n "$sched_before" ] && [ -n "$sched_after" ] && [ "${requests:-0}" -gt 0 ]; then
  read -r run0 wait0 <<<"$sched_before"
  read -r run1 wait1 <<<"$sched_after"
  echo "SERVER cpu_us_per_request=$(awk -v a="$run0" -v b="$run1" -v n="$requests" 'BEGIN { printf "%.1f", (b - a) / n / 1000 }')" \
    "runqueue_wait_us_per_request=$(awk -v a="$wait0" -v b="$wait1" -v n="$requests" 'BEGIN { printf "%.1f", (b - a) / n / 1000 }')"
fi
grep -q ' bad=0 socket_errors=0 non2xx=0$' <<<"$result" || fail "errors: $result"
[ "$reloads" = 19 ] || fail "expected 19 reloads, got $reloads"
[ "$failures" = 1 ] || fail "expected 1 refused reload, got $failures"
echo "load_test: ok"
