#!/usr/bin/env bash
# The course pipelines written as specs (examples/*_spec.json), fitted by
# the examples' own build of the tool (examples/course_cli.cpp, the course
# steps registered) with the examples' split, print the examples' metrics
# (README: House Prices test_r2 0.8854; Titanic logit accuracy 0.71374,
# roc_auc 0.83546; GBM 0.82061, 0.84991); the models then predict the files.
#   course_cli_e2e.sh COURSE_CLI REPOSITORY_ROOT
set -u
cli=$1
root=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "course_cli_e2e: $*" >&2; exit 1; }
run() { "$@" >"$dir/out" 2>"$dir/err" || { cat "$dir/err" >&2; fail "failed: $*"; }; }
expect_line() { grep -q "$1" "$dir/out" || { cat "$dir/out" >&2; fail "no line matching '$1'"; }; }

# The course's feature list (examples/house_prices_pipeline.hpp, kFeatures).
features=MSSubClass,MSZoning,LotFrontage,LotShape,LandContour,LotConfig,Neighborhood,OverallQual,OverallCond
features+=,YearRemodAdd,RoofStyle,Exterior1st,ExterQual,Foundation,BsmtQual,BsmtExposure,BsmtFinType1,HeatingQC
features+=,CentralAir,1stFlrSF,2ndFlrSF,GrLivArea,BsmtFullBath,HalfBath,KitchenQual,TotRmsAbvGrd,Functional
features+=,Fireplaces,FireplaceQu,GarageFinish,GarageCars,GarageArea,PavedDrive,WoodDeckSF,ScreenPorch
features+=,SaleCondition,YrSold
run "$cli" fit "$root/examples/house_prices_spec.json" "$root/data/houseprice.csv" --target SalePrice --log-target \
  --categorical MSSubClass --features "$features" -o "$dir/hp.fpm" --test-size 0.1 --random-state 0
expect_line '^r2 0\.88538'  # 0.8854 to 4 places
run "$cli" predict "$dir/hp.fpm" "$root/data/houseprice.csv" -o "$dir/hp.csv"
[ "$(wc -l <"$dir/hp.csv")" -eq 1461 ] || fail "expected 1460 House Prices predictions"

run "$cli" fit "$root/examples/titanic_logit_spec.json" "$root/data/titanic.csv" --target survived --na-values '?' \
  -o "$dir/logit.json" --test-size 0.2 --random-state 0
expect_line '^accuracy 0\.71374'
expect_line '^roc_auc 0\.835462'
run "$cli" fit "$root/examples/titanic_gbm_spec.json" "$root/data/titanic.csv" --target survived --na-values '?' \
  -o "$dir/gbm.fpm" --test-size 0.2 --random-state 0
expect_line '^accuracy 0\.82061'
expect_line '^roc_auc 0\.849907'
run "$cli" predict "$dir/gbm.fpm" "$root/data/titanic.csv" --na-values '?' --proba -o "$dir/gbm.csv"
[ "$(head -1 "$dir/gbm.csv")" = "proba_0,proba_1" ] || fail "no probability header"

# Issue 15's Titanic example: the GBM's depth and learning rate tuned by
# 5-fold CV (examples/titanic_gbm_grid.json) give scikit-learn + feature-
# engine's best parameters, best score and every candidate's mean test
# score to 1e-9 (tools/reference/titanic_search.py).
ref=$root/tests/data/reference/model_selection
run "$cli" search "$root/examples/titanic_gbm_spec.json" "$root/data/titanic.csv" --target survived --na-values '?' \
  --grid "$root/examples/titanic_gbm_grid.json" --cv 5 --scoring roc_auc --threads 2 --cv-results "$dir/cv.csv" \
  -o "$dir/best.fpm" --progress never
expect_line '^best_params {"gbm__learning_rate": 0.05, "gbm__max_depth": 4}$'
expect_line '^candidates 9$'
grep -q '^best_params_,,"{""gbm__learning_rate"": 0.05, ""gbm__max_depth"": 4}"$' "$ref/search_titanic_gbm__best.csv" ||
  fail "the reference's best parameters are not the ones expected here"
awk -F, -v got="$(sed -n 's/^best_score //p' "$dir/out")" '$1 == "best_score_" { d = $3 - got; if (d < 0) d = -d;
  if (d > 1e-9) { print "best_score " got " vs " $3; exit 1 } }' "$ref/search_titanic_gbm__best.csv" ||
  fail "best_score differs from scikit-learn's"
# cv_results.csv: the mean_test_score column, one row per candidate, against
# the reference's (counted from the end of the row: the params column before
# it is quoted JSON with commas).
awk -F, 'NR == FNR { if ($1 == "mean_test_score") want[$2] = $3; next }
  FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "mean_test_score") back = NF - i; next }
  { n = FNR - 2; d = $(NF - back) - want[n]; if (d < 0) d = -d; if (!(n in want) || d > 1e-9) bad = 1; rows++ }
  END { if (bad || rows != 9 || back == "") exit 1 }' "$ref/search_titanic_gbm__cv_results.csv" "$dir/cv.csv" ||
  fail "cv_results mean_test_score differs from scikit-learn's"
run "$cli" predict "$dir/best.fpm" "$root/data/titanic.csv" --na-values '?' -o "$dir/best.csv"
[ "$(wc -l <"$dir/best.csv")" -eq 1310 ] || fail "expected 1309 predictions from the refitted best model"
echo "course_cli_e2e: ok"
