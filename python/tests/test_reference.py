"""Classes fitted from Python against the reference files the C++ tests use
(tests/data/reference/, written by tools/reference/*.py from scikit-learn
1.2.1 and feature-engine 1.6.2), with the C++ tests' tolerances. Each case
builds its input as the generator does."""

import numpy as np
import pytest

import fepipe
from conftest import assert_frame_close, close, number, read_attribute, read_input_frame, read_reference_frame

CATEGORICAL = ["MSSubClass", "MSZoning", "LotShape", "LandContour", "LotConfig", "Neighborhood", "RoofStyle",
               "Exterior1st", "Foundation", "CentralAir", "Functional", "PavedDrive", "SaleCondition"]
HOUSE_NUMERIC_NA = ["LotFrontage", "MasVnrArea", "GarageYrBlt"]
HOUSE_CATEGORICAL_NA = ["Alley", "MasVnrType", "BsmtQual", "FireplaceQu", "GarageType", "Electrical"]
HOUSE_NUMERIC = ["LotFrontage", "LotArea", "MasVnrArea", "BsmtFinSF1", "GarageYrBlt", "GrLivArea", "PoolArea",
                 "MiscVal", "YrSold", "SalePrice"]


def number_dict(rel):
    return {v: number(x) for v, _, x in read_attribute(rel)}


def assert_dict_close(actual, expected, rel):
    assert list(actual) == list(expected)
    for k in expected:
        assert close(actual[k], expected[k], rel), k


@pytest.mark.parametrize("method", ["mean", "median"])
def test_mean_median_imputer(house, method):
    X = house.drop(columns=["Id", "SalePrice"])
    imp = fepipe.MeanMedianImputer(imputation_method=method).fit(X)
    assert_dict_close(imp.imputer_dict_, number_dict(f"impute/mean_median_imputer_house_{method}__imputer_dict.csv"),
                      1e-12)
    expected = read_reference_frame(f"impute/mean_median_imputer_house_{method}__transform.csv")
    assert_frame_close(imp.transform(X)[list(expected.columns)], expected, 1e-12)


def test_arbitrary_number_and_categorical_imputers(house):
    X = house.drop(columns=["Id", "SalePrice"])
    out = fepipe.ArbitraryNumberImputer(arbitrary_number=-1, variables=HOUSE_NUMERIC_NA).fit_transform(X)
    assert_frame_close(out[HOUSE_NUMERIC_NA], read_reference_frame("impute/arbitrary_number_imputer_house__transform.csv"),
                       0)
    out = fepipe.ArbitraryNumberImputer(imputer_dict={"LotFrontage": 0.5, "MasVnrArea": -2}).fit_transform(X)
    assert_frame_close(out[HOUSE_NUMERIC_NA],
                       read_reference_frame("impute/arbitrary_number_imputer_house_dict__transform.csv"), 0)
    out = fepipe.CategoricalImputer(imputation_method="missing", variables=HOUSE_CATEGORICAL_NA).fit_transform(X)
    assert_frame_close(out[HOUSE_CATEGORICAL_NA],
                       read_reference_frame("impute/categorical_imputer_house_missing__transform.csv"), 0)
    imp = fepipe.CategoricalImputer(imputation_method="frequent").fit(X)
    expected = {v: x for v, _, x in read_attribute("impute/categorical_imputer_house_frequent__imputer_dict.csv")}
    assert imp.imputer_dict_ == expected
    assert_frame_close(imp.transform(X)[HOUSE_CATEGORICAL_NA],
                       read_reference_frame("impute/categorical_imputer_house_frequent__transform.csv"), 0)


def test_add_missing_indicator(house):
    X = house.drop(columns=["Id", "SalePrice"])
    imp = fepipe.AddMissingIndicator().fit(X)
    assert imp.variables_ == [x for _, _, x in read_attribute("impute/add_missing_indicator_house__variables.csv")]
    out = imp.transform(X)
    expected = read_reference_frame("impute/add_missing_indicator_house__transform.csv")
    assert_frame_close(out[[f"{v}_na" for v in imp.variables_]], expected, 0)


def test_log_transformer_and_binarizer(house):
    cols = ["LotArea", "GrLivArea", "1stFlrSF", "SalePrice"]
    for base in ["e", "10"]:
        out = fepipe.LogTransformer(variables=cols, base=base).fit_transform(house)
        assert_frame_close(out[cols], read_reference_frame(f"transform/log_transformer_house_{base}__transform.csv"),
                           1e-12)
    for threshold in [0, 100.5]:
        b = fepipe.Binarizer(threshold=threshold, variables=["ScreenPorch", "WoodDeckSF"]).fit(house)
        expected = read_reference_frame(f"transform/binarizer_house_{threshold}__transform.csv")
        assert_frame_close(b.transform(house)[["ScreenPorch", "WoodDeckSF"]], expected, 0)


@pytest.mark.parametrize("tol, n_cat, max_n", [(0.01, 1, None), (0.05, 10, None), (0.05, 1, 3), (0.2, 3, None)])
def test_rare_label_encoder(house, tol, n_cat, max_n):
    X = house[CATEGORICAL + ["Street", "HouseStyle"]]
    case = f"encode/rare_label_encoder_house_tol{tol}_n{n_cat}_max{max_n}"
    enc = fepipe.RareLabelEncoder(tol=tol, n_categories=n_cat, max_n_categories=max_n, variables=list(X.columns))
    enc.fit(X)
    expected = {}
    for v, _, label in read_attribute(case + "__encoder_dict.csv"):
        expected.setdefault(v, []).append(label)
    assert {k: v for k, v in enc.encoder_dict_.items() if v} == expected
    assert_frame_close(enc.transform(X), read_reference_frame(case + "__transform.csv"), 0)


@pytest.mark.parametrize("method", ["ordered", "arbitrary"])
def test_ordinal_encoder(house, method):
    X = house[CATEGORICAL + ["Street", "HouseStyle"]]
    y = np.log(house["SalePrice"])
    enc = fepipe.OrdinalEncoder(encoding_method=method, variables=list(X.columns)).fit(X, y)
    expected = {}
    for v, label, code in read_attribute(f"encode/ordinal_encoder_house_{method}__encoder_dict.csv"):
        expected.setdefault(v, {})[label] = float(code)
    assert {v: {k: float(c) for k, c in d.items()} for v, d in enc.encoder_dict_.items()} == expected
    assert_frame_close(enc.transform(X), read_reference_frame(f"encode/ordinal_encoder_house_{method}__transform.csv"), 0)


SCALERS = {
    "min_max_scaler": ("MinMaxScaler", ["data_min_", "data_max_", "data_range_", "scale_", "min_", "n_samples_seen_"]),
    "standard_scaler": ("StandardScaler", ["mean_", "var_", "scale_", "n_samples_seen_"]),
    "robust_scaler": ("RobustScaler", ["center_", "scale_"]),
    "max_abs_scaler": ("MaxAbsScaler", ["max_abs_", "scale_", "n_samples_seen_"]),
}


@pytest.mark.parametrize("name", sorted(SCALERS))
def test_scalers(house, name):
    cls, attributes = SCALERS[name]
    X = house[HOUSE_NUMERIC]
    s = getattr(fepipe, cls)().fit(X)
    for a in attributes:
        expected = number_dict(f"scale/{name}_house__{a.rstrip('_')}.csv")
        actual = np.broadcast_to(getattr(s, a), (len(HOUSE_NUMERIC),))
        assert close(actual, [expected[c] for c in HOUSE_NUMERIC], 1e-12), a
    assert_frame_close(s.transform(X), read_reference_frame(f"scale/{name}_house__transform.csv"), 1e-12)


LASSO_CASES = [(0.1, True, False, "cyclic"), (0.01, True, False, "cyclic"), (0.5, False, False, "cyclic"),
               (0.05, True, True, "cyclic"), (0.05, True, False, "random"), (10.0, True, False, "cyclic")]


@pytest.mark.parametrize("alpha, intercept, positive, selection", LASSO_CASES)
def test_lasso(alpha, intercept, positive, selection):
    frame = read_input_frame("lasso_synthetic")
    X, y = frame.drop(columns=["y"]), frame["y"]
    m = fepipe.Lasso(alpha=alpha, fit_intercept=intercept, positive=positive, selection=selection, random_state=0)
    m.fit(X, y)
    base = f"linear/lasso_synthetic_a{alpha}_i{int(intercept)}_p{int(positive)}_{selection}"
    coef = [number(x) for _, _, x in read_attribute(base + "__coef.csv")]
    assert m.coef_.shape == (8,)
    assert close(m.coef_, coef, 1e-9, 1e-14)
    assert close(m.intercept_, number(read_attribute(base + "__intercept.csv")[0][2]), 1e-9)
    assert m.n_iter_ == int(read_attribute(base + "__n_iter.csv")[0][2])
    assert m.converged_ is True
    assert close(m.predict(X), read_reference_frame(base + "__predict.csv")["prediction"], 1e-9, 1e-12)


def test_hist_gradient_boosting_regressor(house):
    features = [x for _, _, x in read_attribute("tree/hgb_house__features.csv")]
    X, y = house[features], house["SalePrice"].astype(float)
    m = fepipe.HistGradientBoostingRegressor(early_stopping=False).fit(X, y)
    assert m.n_iter_ == int(read_attribute("tree/hgb_house_squared__n_iter.csv")[0][2])
    assert close(m.predict(X), read_reference_frame("tree/hgb_house_squared__predict.csv")["pred"], 1e-6, 1e-12)
