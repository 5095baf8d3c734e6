"""Every registered class through its Python binding: construction from
keyword options, get_params round trip, NotFittedError before fit, fit,
transform / predict, learned attributes as Python values."""

import numpy as np
import pandas as pd
import pytest

import fepipe

NUM = ["LotFrontage", "LotArea", "GrLivArea", "MasVnrArea", "1stFlrSF"]
POSITIVE = ["LotArea", "GrLivArea", "1stFlrSF"]
CAT = ["Neighborhood", "MSZoning", "BsmtQual"]


def _data(house):
    X = house[NUM + CAT + ["MoSold", "ScreenPorch"]].copy()
    X["share"] = house["2ndFlrSF"] / (house["1stFlrSF"] + house["2ndFlrSF"])  # in [0, 1]
    X["LotArea_copy"] = X["LotArea"]  # a duplicate and a perfectly correlated column
    price = house["SalePrice"].to_numpy(dtype=float)
    y = {
        "reg": np.log(price),
        "bin": (price > np.median(price)).astype(float),
        "multi": np.digitize(price, np.quantile(price, [0.33, 0.66])).astype(float),
    }
    return X, y


# class -> (options, columns of X it is fitted on (None: all), target, attribute -> check)
CASES = {
    "AddMissingIndicator": ({"variables": ["LotFrontage", "MasVnrArea", "BsmtQual"]}, None, None,
                            {"variables_": ["LotFrontage", "MasVnrArea", "BsmtQual"]}),
    "ArbitraryDiscretiser": ({"binning_dict": {"LotArea": [-np.inf, 8000, 12000, np.inf]}}, None, None,
                             {"binner_dict_": {"LotArea": [-np.inf, 8000.0, 12000.0, np.inf]}}),
    "ArbitraryNumberImputer": ({"arbitrary_number": -1, "variables": ["LotFrontage"]}, None, None,
                               {"imputer_dict_": {"LotFrontage": -1.0}}),
    "ArbitraryOutlierCapper": ({"max_capping_dict": {"LotArea": 20000.0}}, None, None,
                               {"right_tail_caps_": {"LotArea": 20000.0}, "left_tail_caps_": {}}),
    "ArcsinTransformer": ({"variables": ["share"]}, None, None, {"variables_": ["share"]}),
    "Binarizer": ({"threshold": 0.0, "variables": ["ScreenPorch"]}, None, None, {"variables_": ["ScreenPorch"]}),
    "BoxCoxTransformer": ({"variables": POSITIVE}, None, None, {"lambda_dict_": dict}),
    "CategoricalImputer": ({"variables": ["BsmtQual"], "fill_value": "None"}, None, None,
                           {"imputer_dict_": {"BsmtQual": "None"}}),
    "CountFrequencyEncoder": ({"variables": ["Neighborhood"]}, None, None, {"encoder_dict_": dict}),
    "CyclicalFeatures": ({"variables": ["MoSold"]}, None, None, {"max_values_": {"MoSold": 12.0}}),
    "DecisionTreeClassifier": ({"max_depth": 3, "random_state": 0}, POSITIVE, "multi",
                               {"feature_importances_": (3,)}),
    "DecisionTreeDiscretiser": ({"variables": ["LotArea"], "random_state": 0}, None, "reg",
                                {"binner_dict_": dict, "scores_dict_": dict}),
    "DecisionTreeEncoder": ({"variables": ["Neighborhood"], "random_state": 0}, None, "reg", {"encoder_dict_": dict}),
    "DecisionTreeRegressor": ({"max_depth": 4}, POSITIVE, "reg", {"feature_importances_": (3,)}),
    "DropConstantFeatures": ({"tol": 0.9, "missing_values": "ignore"}, None, None,
                             {"features_to_drop_": ["ScreenPorch"]}),
    "DropCorrelatedFeatures": ({"variables": ["LotArea", "LotArea_copy", "GrLivArea"]}, None, None,
                               {"features_to_drop_": ["LotArea_copy"],
                                "correlated_feature_sets_": [{"LotArea", "LotArea_copy"}]}),
    "DropDuplicateFeatures": ({"variables": ["LotArea", "LotArea_copy", "GrLivArea"]}, None, None,
                              {"features_to_drop_": ["LotArea_copy"],
                               "duplicated_feature_sets_": [{"LotArea", "LotArea_copy"}]}),
    "DropFeatures": ({"features_to_drop": ["LotArea_copy"]}, None, None, {"features_to_drop_": ["LotArea_copy"]}),
    "DropMissingData": ({"variables": ["MasVnrArea"]}, None, None, {"variables_": ["MasVnrArea"]}),
    "EndTailImputer": ({"imputation_method": "iqr", "variables": ["LotFrontage"]}, None, None,
                       {"imputer_dict_": dict}),
    "EqualFrequencyDiscretiser": ({"q": 4, "variables": ["LotArea"]}, None, None, {"binner_dict_": dict}),
    "EqualWidthDiscretiser": ({"bins": 5, "variables": ["GrLivArea"]}, None, None, {"binner_dict_": dict}),
    "GradientBoostingClassifier": ({"n_estimators": 10, "random_state": 0}, POSITIVE, "bin",
                                   {"feature_importances_": (3,), "n_estimators_": 10}),
    "GradientBoostingRegressor": ({"n_estimators": 10, "random_state": 0}, POSITIVE, "reg",
                                  {"feature_importances_": (3,), "train_score_": (10,)}),
    "HistGradientBoostingClassifier": ({"max_iter": 10, "early_stopping": False}, POSITIVE, "multi",
                                       {"n_iter_": 10, "baseline_prediction_": (3,)}),
    "HistGradientBoostingRegressor": ({"max_iter": 10, "early_stopping": False, "n_threads": 2}, NUM, "reg",
                                      {"n_iter_": 10, "baseline_prediction_": (1,)}),
    "Lasso": ({"alpha": 0.001, "random_state": 0}, POSITIVE, "reg", {"coef_": (3,), "intercept_": float}),
    "LogCpTransformer": ({"variables": ["ScreenPorch"]}, None, None, {"C_": {"ScreenPorch": 1.0}}),
    "LogTransformer": ({"variables": POSITIVE, "base": "10"}, None, None, {"variables_": POSITIVE}),
    "LogisticRegression": ({"C": 0.5, "max_iter": 500}, ["share", "ScreenPorch"], "bin",
                           {"coef_": (1, 2), "intercept_": (1,)}),
    "MathFeatures": ({"variables": ["LotArea", "GrLivArea"], "func": ["sum", "mean"]}, None, None,
                     {"variables_": ["LotArea", "GrLivArea"]}),
    "MaxAbsScaler": ({}, POSITIVE, None, {"max_abs_": (3,), "scale_": (3,)}),
    "MeanEncoder": ({"variables": ["Neighborhood"], "smoothing": 1.0}, None, "reg", {"encoder_dict_": dict}),
    "MeanMedianImputer": ({"imputation_method": "mean", "variables": ["LotFrontage"]}, None, None,
                          {"imputer_dict_": dict}),
    "MinMaxScaler": ({"feature_range": [-1.0, 1.0]}, POSITIVE, None, {"data_min_": (3,), "scale_": (3,)}),
    "OneHotEncoder": ({"variables": ["MSZoning"], "drop_last": True}, None, None, {"encoder_dict_": dict}),
    "OrdinalEncoder": ({"variables": ["Neighborhood"], "encoding_method": "arbitrary"}, None, None,
                       {"encoder_dict_": dict}),
    "OutlierTrimmer": ({"capping_method": "iqr", "tail": "both", "variables": ["LotArea"]}, None, None,
                       {"right_tail_caps_": dict, "left_tail_caps_": dict}),
    "PowerTransformer": ({"exp": 0.5, "variables": POSITIVE}, None, None, {"variables_": POSITIVE}),
    "RandomSampleImputer": ({"variables": ["LotFrontage", "BsmtQual"], "random_state": 0}, None, None,
                            {"variables_": ["LotFrontage", "BsmtQual"]}),
    "RareLabelEncoder": ({"tol": 0.03, "n_categories": 1, "variables": ["Neighborhood"]}, None, None,
                         {"encoder_dict_": dict}),
    "ReciprocalTransformer": ({"variables": ["LotArea"]}, None, None, {"variables_": ["LotArea"]}),
    "RelativeFeatures": ({"variables": ["GrLivArea"], "reference": ["LotArea"], "func": ["div"]}, None, None,
                         {"variables_": ["GrLivArea"], "reference_": ["LotArea"]}),
    "RobustScaler": ({}, POSITIVE, None, {"center_": (3,), "scale_": (3,)}),
    "SelectByLasso": ({"lasso": {"alpha": 0.01}}, ["share", "ScreenPorch", "MoSold"], "reg",
                      {"features_to_drop_": list, "threshold_": float}),
    "StandardScaler": ({}, POSITIVE, None, {"mean_": (3,), "var_": (3,)}),
    "Winsorizer": ({"capping_method": "quantiles", "fold": 0.05, "variables": ["LotArea"]}, None, None,
                   {"right_tail_caps_": dict, "left_tail_caps_": {}}),
    "WoEEncoder": ({"variables": ["MSZoning"], "fill_value": 0.0001}, None, "bin", {"encoder_dict_": dict}),
    "YeoJohnsonTransformer": ({"variables": ["ScreenPorch", "GrLivArea"]}, None, None, {"lambda_dict_": dict}),
}


def test_every_registered_class_is_exposed_and_covered():
    assert sorted(fepipe.step_classes) == sorted(CASES)
    for name in fepipe.step_classes:
        cls = getattr(fepipe, name)
        assert issubclass(cls, fepipe.Step)
        assert cls.__name__ == name


def _check_attribute(value, expected):
    if isinstance(expected, tuple):  # an array's shape
        assert isinstance(value, np.ndarray)
        assert value.shape == expected
        assert np.isfinite(value).all()
    elif isinstance(expected, type):
        assert isinstance(value, expected)
        if expected is dict:
            assert value
    else:
        assert value == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_class(name, house):
    X_all, ys = _data(house)
    options, columns, target, attributes = CASES[name]
    cls = getattr(fepipe, name)
    X = X_all if columns is None else X_all[columns]
    if columns is not None and X.isna().any().any():
        X = X.fillna(0.0)  # estimators (but HGB) refuse NaN, as scikit-learn
    if name == "HistGradientBoostingRegressor":
        X = X_all[columns]  # HGB takes NaN
    y = None if target is None else ys[target]

    step = cls(**options)
    # get_params: every option, the given ones as given; it rebuilds the same step.
    params = step.get_params()
    for k, v in options.items():
        if isinstance(v, dict) and k != "lasso":
            v = {kk: [float(x) for x in vv] if isinstance(vv, list) else float(vv) for kk, vv in v.items()}
        if k == "lasso":
            assert all(params[k][kk] == vv for kk, vv in v.items())
        else:
            assert params[k] == v or params[k] == [v] or (isinstance(v, list) and params[k] == [float(x) for x in v])
    assert cls(**params).get_params() == params
    assert repr(step).startswith(name + "(")
    defaults = cls._defaults()
    for k in options:
        assert (f"{k}=" in repr(step)) == (not defaults or defaults[k] != params[k])

    # Before fit: NotFittedError (a ValueError and an AttributeError, as scikit-learn's).
    attr = next(iter(attributes))
    with pytest.raises(fepipe.NotFittedError):
        getattr(step, attr)
    assert not hasattr(step, attr)
    with pytest.raises(fepipe.NotFittedError, match=name):
        if cls._traits["transformer"]:
            step.transform(X)
        else:
            step.predict(X)

    assert step.fit(X, y) is step
    for a, expected in attributes.items():
        _check_attribute(getattr(step, a), expected)
    assert step.feature_names_in_ == list(X.columns)
    assert step.n_features_in_ == X.shape[1]
    with pytest.raises(AttributeError):
        step.no_such_attribute_

    if cls._traits["transformer"]:
        out = step.transform(X)
        assert isinstance(out, pd.DataFrame)
        assert list(out.columns) == step.get_feature_names_out()
        if not cls._traits["row_filter"]:
            assert len(out) == len(X)
            assert out.index.equals(X.index)
        else:
            assert 0 < len(out) < len(X)
        refit = cls(**options).fit_transform(X, y)
        pd.testing.assert_frame_equal(refit, out)
        assert not hasattr(step, "predict")
    else:
        pred = step.predict(X)
        assert isinstance(pred, np.ndarray) and pred.shape == (len(X),)
        assert not hasattr(step, "transform")
        if cls._traits["classifier"]:
            assert pred.dtype == np.int64
            proba = step.predict_proba(X)
            k = int(ys[target].max()) + 1
            assert proba.shape == (len(X), k)
            np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
            np.testing.assert_array_equal(pred, proba.argmax(axis=1))
        else:
            assert pred.dtype == np.float64 and np.isfinite(pred).all()
            assert not hasattr(step, "predict_proba")


def test_set_params_rebuilds_the_step_unfitted(house):
    X, _ = _data(house)
    enc = fepipe.RareLabelEncoder(tol=0.03, n_categories=1, variables=["Neighborhood"]).fit(X)
    before = enc.encoder_dict_["Neighborhood"]
    assert enc.set_params(tol=0.1) is enc
    assert enc.get_params()["tol"] == 0.1
    assert enc.get_params()["variables"] == ["Neighborhood"]  # the other options kept
    with pytest.raises(fepipe.NotFittedError):
        enc.encoder_dict_
    enc.fit(X)
    assert len(enc.encoder_dict_["Neighborhood"]) < len(before)
    with pytest.raises(fepipe.ParameterError, match="unknown option 'tolerance'"):
        enc.set_params(tolerance=0.1)
    assert enc.get_params()["tol"] == 0.1  # a refused set_params changes nothing


def test_options_accept_numpy_and_tuples(house):
    X, _ = _data(house)
    given = (np.float64(-2), 2)
    scaler = fepipe.MinMaxScaler(feature_range=given, variables=np.array(["LotArea"]))
    assert scaler.get_params()["feature_range"] is given  # as given, for scikit-learn's clone
    assert scaler.get_params()["clip"] is False  # the others as the C++ class has them
    out = scaler.fit_transform(X)
    assert out["LotArea"].min() == -2.0
    assert out["LotArea"].max() == pytest.approx(2.0, rel=1e-15)


def test_sklearn_clone_works(house):
    from sklearn.base import clone

    enc = fepipe.OrdinalEncoder(encoding_method="arbitrary", variables=["MSZoning"])
    copy = clone(enc)
    assert copy is not enc and copy.get_params() == enc.get_params()
    assert repr(copy) == "OrdinalEncoder(encoding_method='arbitrary', variables=['MSZoning'])"


def test_learned_attributes_follow_refits(house):
    X, ys = _data(house)
    imp = fepipe.MeanMedianImputer(imputation_method="mean", variables=["LotFrontage"]).fit(X)
    first = imp.imputer_dict_["LotFrontage"]
    imp.fit(X.iloc[:100])
    assert imp.imputer_dict_["LotFrontage"] == pytest.approx(X["LotFrontage"].iloc[:100].mean(), rel=1e-12)
    assert imp.imputer_dict_["LotFrontage"] != first
    assert "imputer_dict_" in dir(imp)


def test_hist_gradient_boosting_n_threads_gives_the_same_model(house):
    X, ys = _data(house)
    X = X[NUM]
    one = fepipe.HistGradientBoostingRegressor(max_iter=20, early_stopping=False, n_threads=1).fit(X, ys["reg"])
    two = fepipe.HistGradientBoostingRegressor(max_iter=20, early_stopping=False, n_threads=2).fit(X, ys["reg"])
    assert one.get_params()["n_threads"] == 1 and two.get_params()["n_threads"] == 2
    np.testing.assert_array_equal(one.predict(X), two.predict(X))
