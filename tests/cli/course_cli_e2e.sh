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
echo "course_cli_e2e: ok"
