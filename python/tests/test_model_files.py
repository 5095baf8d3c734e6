"""Model files: written from Python, read back from Python and by a C++ host
(python/src/model_check.cpp, fepipe::load_any_model) predicting the same
bits; written by C++, read by Python. Both formats."""

import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import fepipe
from test_pipeline import titanic_pipeline

FORMATS = ["model.json", "model.fpm"]


def cpp_predictions(model_check, model_path, X, tmp_path, copy=None):
    csv = tmp_path / "input.csv"
    X.to_csv(csv, index=False)  # shortest round-trip floats: the C++ reader gets the same doubles
    args = [model_check, str(model_path), str(csv)] + ([str(copy)] if copy else [])
    run = subprocess.run(args, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return np.array([[float.fromhex(v) for v in line.split()] for line in run.stdout.splitlines()])


def house_pipeline():
    return fepipe.Pipeline([
        ("cat_imputer", fepipe.CategoricalImputer(imputation_method="missing", variables=["FireplaceQu", "BsmtQual"])),
        ("num_imputer", fepipe.MeanMedianImputer(imputation_method="mean", variables=["LotFrontage", "MasVnrArea"])),
        ("log", fepipe.LogTransformer(variables=["LotArea", "GrLivArea"])),
        ("rare", fepipe.RareLabelEncoder(tol=0.01, n_categories=1,
                                         variables=["Neighborhood", "FireplaceQu", "BsmtQual", "MSZoning"])),
        ("ordinal", fepipe.OrdinalEncoder(encoding_method="ordered",
                                          variables=["Neighborhood", "FireplaceQu", "BsmtQual", "MSZoning"])),
        ("scaler", fepipe.MinMaxScaler()),
        ("lasso", fepipe.Lasso(alpha=0.001, random_state=0)),
    ])


HOUSE_COLUMNS = ["LotFrontage", "MasVnrArea", "LotArea", "GrLivArea", "OverallQual", "Neighborhood", "FireplaceQu",
                 "BsmtQual", "MSZoning", "YearBuilt"]


@pytest.fixture(scope="module")
def fitted_house(house):
    X = house[HOUSE_COLUMNS]
    y = np.log(house["SalePrice"])
    return house_pipeline().fit(X.iloc[:1100], y.iloc[:1100]), X.iloc[1100:]


@pytest.mark.parametrize("name", FORMATS)
def test_python_written_regression_model_loads_in_python_and_cpp(fitted_house, name, tmp_path, model_check):
    pipe, X_test = fitted_house
    expected = pipe.predict(X_test)
    path = tmp_path / name
    fepipe.save_model(pipe, path)
    loaded = fepipe.load_model(path)
    np.testing.assert_array_equal(loaded.predict(X_test), expected)  # bit-identical
    assert [type(s).__name__ for _, s in loaded.steps] == [type(s).__name__ for _, s in pipe.steps]
    assert loaded.get_feature_names_out() == pipe.get_feature_names_out()
    np.testing.assert_array_equal(loaded.named_steps["lasso"].coef_, pipe.named_steps["lasso"].coef_)
    assert loaded.named_steps["rarelabelencoder"].encoder_dict_ == pipe.named_steps["rare"].encoder_dict_
    # The same file, loaded by a C++ host, predicts the same bits.
    np.testing.assert_array_equal(cpp_predictions(model_check, path, X_test, tmp_path)[:, 0], expected)
    # Saving the loaded copy writes the same bytes.
    assert loaded.to_bytes("json") == pipe.to_bytes("json")
    assert loaded.to_bytes("binary") == pipe.to_bytes("binary")
    assert fepipe.load_model_from_bytes(pipe.to_bytes("binary")).predict(X_test).tobytes() == expected.tobytes()


@pytest.mark.parametrize("name", FORMATS)
def test_python_written_classifier_loads_in_cpp(titanic, name, tmp_path, model_check):
    X = titanic.drop(columns=["survived"])
    X["cabin"] = X["cabin"].str[0]
    y = titanic["survived"]
    pipe = titanic_pipeline(fepipe.GradientBoostingClassifier(random_state=0, n_estimators=40)).fit(X[:1000], y[:1000])
    X_test = X[1000:]
    proba = pipe.predict_proba(X_test)
    path = tmp_path / name
    fepipe.save_model(pipe, path)
    np.testing.assert_array_equal(fepipe.load_model(path).predict_proba(X_test), proba)
    np.testing.assert_array_equal(cpp_predictions(model_check, path, X_test, tmp_path), proba)


@pytest.mark.parametrize("name", FORMATS)
def test_cpp_written_file_loads_in_python(fitted_house, name, tmp_path, model_check):
    pipe, X_test = fitted_house
    source = tmp_path / "python.fpm"
    fepipe.save_model(pipe, source)
    copy = tmp_path / name
    cpp_predictions(model_check, source, X_test, tmp_path, copy=copy)
    assert copy.exists()
    from_cpp = fepipe.load_model(copy)
    np.testing.assert_array_equal(from_cpp.predict(X_test), pipe.predict(X_test))
    assert from_cpp.to_bytes("binary") == pipe.to_bytes("binary")


def test_hist_gradient_boosting_model_with_missing_values(house, tmp_path, model_check):
    X = house[["LotFrontage", "MasVnrArea", "GarageYrBlt", "LotArea", "OverallQual"]]
    y = np.log(house["SalePrice"])
    pipe = fepipe.Pipeline([("hgb", fepipe.HistGradientBoostingRegressor(max_iter=50, early_stopping=False))])
    pipe.fit(X, y)
    path = tmp_path / "hgb.fpm"
    fepipe.save_model(pipe, path, format="binary")
    with open(path, "rb") as f:
        assert f.read(1) != b"{"  # binary, whatever the name
    np.testing.assert_array_equal(cpp_predictions(model_check, path, X, tmp_path)[:, 0], pipe.predict(X))


def test_json_file_is_the_documented_format(fitted_house, tmp_path):
    import json

    pipe, _ = fitted_house
    path = tmp_path / "m.json"
    fepipe.save_model(pipe, str(path))
    doc = json.loads(path.read_text())
    assert doc["format"] == "fepipe-model"
    assert doc["steps"] == ["CategoricalImputer", "MeanMedianImputer", "LogTransformer", "RareLabelEncoder",
                            "OrdinalEncoder", "MinMaxScaler", "Lasso"]
    assert not [p for p in os.listdir(tmp_path) if ".tmp-" in p]  # written atomically, no temporary left
