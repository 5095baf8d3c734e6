#!/usr/bin/env bash
# The real fepipe executable end to end: fit, predict (chunked = whole),
# convert round trip, a bad row in both modes, signing, exit codes.
#   cli_e2e.sh FEPIPE_EXECUTABLE DATA_DIR
set -u
fepipe=$1
data=$2/houseprice.csv
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "cli_e2e: $*" >&2; exit 1; }
expect() { # expect CODE command...
  local want=$1; shift
  "$@" >"$dir/out" 2>"$dir/err"; local got=$?
  [ "$got" -eq "$want" ] || { cat "$dir/err" >&2; fail "exit $got, expected $want: $*"; }
}
cat >"$dir/spec.json" <<'JSON'
{"steps": [["imp", {"class": "MeanMedianImputer", "imputation_method": "mean", "variables": ["LotFrontage"]}],
           ["ord", {"class": "OrdinalEncoder", "variables": ["Neighborhood"]}],
           ["lasso", {"class": "Lasso", "alpha": 0.001}]]}
JSON
expect 0 "$fepipe" fit "$dir/spec.json" "$data" --target SalePrice --log-target \
  --features LotFrontage,GrLivArea,Neighborhood -o "$dir/m.json" --test-size 0.2 --random-state 1
grep -q '^r2 0\.' "$dir/out" || fail "no r2 on stdout"
expect 0 "$fepipe" predict "$dir/m.json" "$data" -o "$dir/a.csv"
expect 0 "$fepipe" predict "$dir/m.json" "$data" --chunk-rows 3 -o "$dir/b.csv"
cmp -s "$dir/a.csv" "$dir/b.csv" || fail "chunked predictions differ"
[ "$(wc -l <"$dir/a.csv")" -eq 1461 ] || fail "expected 1460 predictions"
expect 0 "$fepipe" convert "$dir/m.json" "$dir/m.fpm"
expect 0 "$fepipe" convert "$dir/m.fpm" "$dir/back.json"
cmp -s "$dir/m.json" "$dir/back.json" || fail "convert round trip changed the bytes"
printf 'LotFrontage,GrLivArea,Neighborhood\n65,1710,CollgCr\n65,big,CollgCr\n70,1500,NAmes\n' >"$dir/rows.csv"
expect 1 "$fepipe" predict "$dir/m.fpm" "$dir/rows.csv"
grep -q 'line 3' "$dir/err" || fail "no line number for the bad row"
expect 0 "$fepipe" predict "$dir/m.fpm" "$dir/rows.csv" --on-error=skip
grep -q '1 skipped' "$dir/err" || fail "no skip count"
expect 1 "$fepipe" validate "$dir/m.fpm" "$dir/rows.csv"
expect 0 "$fepipe" keygen "$dir/k1"
expect 0 "$fepipe" keygen "$dir/k2"
expect 0 "$fepipe" sign "$dir/m.fpm" --key "$dir/k1.key" -o "$dir/s.fpm"
expect 0 "$fepipe" verify "$dir/s.fpm" --trusted-key "$dir/k1.pub"
expect 3 "$fepipe" verify "$dir/s.fpm" --trusted-key "$dir/k2.pub"
expect 3 "$fepipe" predict "$dir/m.fpm" "$dir/rows.csv" --trusted-key "$dir/k1.pub"
expect 2 "$fepipe" predict
expect 4 "$fepipe" inspect "$dir/none.fpm"
expect 0 "$fepipe" inspect --help
echo "cli_e2e: ok"
