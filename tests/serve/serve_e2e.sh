#!/usr/bin/env bash
# The real `fepipe serve` over loopback: start on a free port, predictions
# equal `fepipe predict`'s text for the same rows, metadata hash = b2sum's,
# health, metrics, 400 with the fepipe message, reload on file replacement
# (watched) and on request, a corrupt replacement refused while the old
# model serves, SIGTERM stops it with exit code 0. Bounded: every wait
# gives up after 5 s.
#   serve_e2e.sh FEPIPE_EXECUTABLE DATA_DIR
set -u
fepipe=$1
data=$2/houseprice.csv
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
fail() { echo "serve_e2e: $*" >&2; [ -f "$dir/err" ] && cat "$dir/err" >&2; exit 1; }
wait_for() { # wait_for DESCRIPTION command...: up to 5 s
  local what=$1; shift
  for _ in $(seq 50); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for $what"
}
command -v curl >/dev/null || fail "curl is needed"
for alpha in 0.001 0.5; do
  cat >"$dir/spec.json" <<JSON
{"steps": [["imp", {"class": "MeanMedianImputer", "imputation_method": "mean", "variables": ["LotFrontage"]}],
           ["ord", {"class": "OrdinalEncoder", "variables": ["Neighborhood"]}],
           ["lasso", {"class": "Lasso", "alpha": $alpha}]]}
JSON
  "$fepipe" fit "$dir/spec.json" "$data" --target SalePrice --log-target \
    --features LotFrontage,GrLivArea,Neighborhood -o "$dir/m_$alpha.fpm" 2>/dev/null || fail "fit failed"
done
cp "$dir/m_0.001.fpm" "$dir/served.fpm"
printf 'LotFrontage,GrLivArea,Neighborhood\n65,1710,CollgCr\n,1500,NAmes\n' >"$dir/rows.csv"
records='{"instances": [{"LotFrontage": 65, "GrLivArea": 1710, "Neighborhood": "CollgCr"},
                        {"LotFrontage": null, "GrLivArea": 1500, "Neighborhood": "NAmes"}]}'
expected() { # the predictions of `fepipe predict` on rows.csv, as a JSON list
  "$fepipe" predict "$1" "$dir/rows.csv" 2>/dev/null | tail -n +2 | paste -sd, | sed 's/,/, /g; s/.*/[&]/'
}

"$fepipe" serve --model "house=$dir/served.fpm" --port 0 --poll-ms 50 >"$dir/out" 2>"$dir/err" &
pid=$!
wait_for "the listening line" grep -q 'listening on' "$dir/out"
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$dir/out")
post() { curl -sS -o "$dir/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary "$2" "$url$1"; }
prediction() { post /v1/models/house:predict "$records" >/dev/null; sed 's/.*"predictions": \(\[[^]]*\]\).*/\1/' "$dir/body"; }
predicts() { [ "$(prediction)" = "$1" ]; }  # a command: wait_for runs it again each time

[ "$(prediction)" = "$(expected "$dir/m_0.001.fpm")" ] || fail "predictions differ from fepipe predict's: $(cat "$dir/body")"
grep -q '"model_version": 1' "$dir/body" || fail "no model_version 1"
[ "$(curl -sS "$url/healthz")" = '{"status": "ok", "models": 1}' ] || fail "healthz"
hash=$(b2sum -l 256 "$dir/served.fpm" | cut -d' ' -f1)
curl -sS "$url/v1/models/house" | grep -q "\"hash\": \"blake2b-256:$hash\"" || fail "metadata hash is not b2sum's"
code=$(post /v1/models/house:predict '{"instances": [{"LotFrontage": 65, "GrLivArea": "big", "Neighborhood": "CollgCr"}]}')
[ "$code" = 400 ] || fail "a bad record gave $code"
grep -q "column 'GrLivArea': expected a number, got the label 'big'" "$dir/body" || fail "no fepipe message: $(cat "$dir/body")"
[ "$(post /v1/models/none:predict '{}')" = 404 ] || fail "unknown model"
# Drift: the two records predicted so far are counted (the bad one is not).
curl -sS "$url/v1/models/house/drift" | grep -q '"drift": {"records": 2,' || fail "drift report"
curl -sS "$url/metrics" | grep -q '^fepipe_drift_records_total{model="house",variant="served"} 2$' || fail "drift metrics"

# Replaced on disk (a rename, as deployments do): watched and reloaded.
cp "$dir/m_0.5.fpm" "$dir/tmp.fpm" && mv "$dir/tmp.fpm" "$dir/served.fpm"
new=$(expected "$dir/m_0.5.fpm")
wait_for "the reload" predicts "$new"
grep -q '"model_version": 2' "$dir/body" || fail "no model_version 2"
# A corrupt replacement: refused, counted, logged; the old model serves.
head -c 300 "$dir/m_0.001.fpm" >"$dir/tmp.fpm" && mv "$dir/tmp.fpm" "$dir/served.fpm"
wait_for "the refused reload" grep -q 'failed, version 2 keeps serving' "$dir/err"
[ "$(prediction)" = "$new" ] || fail "the corrupt file changed the predictions"
[ "$(post /v1/models/house/reload '')" = 422 ] || fail "reload of a corrupt file was not refused"
curl -sS "$url/metrics" >"$dir/metrics"
grep -q '^fepipe_serve_reload_failures_total{model="house",variant="served"} 2$' "$dir/metrics" || fail "reload failures"
grep -q '^fepipe_serve_reloads_total{model="house",variant="served"} 1$' "$dir/metrics" || fail "reloads"
grep -q '^fepipe_serve_request_duration_seconds_count{model="house",variant="served"} ' "$dir/metrics" || fail "histogram"
# On request.
cp "$dir/m_0.001.fpm" "$dir/tmp.fpm" && mv "$dir/tmp.fpm" "$dir/served.fpm"
[ "$(post /v1/models/house/reload '')" = 200 ] || fail "reload on request"
[ "$(prediction)" = "$(expected "$dir/m_0.001.fpm")" ] || fail "not the reloaded model"

kill -TERM "$pid"
wait "$pid"
code=$?
pid=
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"
grep -q 'stopped (SIGTERM)' "$dir/err" || fail "no stop message"
echo "serve_e2e: ok"
