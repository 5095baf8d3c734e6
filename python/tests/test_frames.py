"""Input and output data: DataFrames of every supported dtype, numpy arrays,
missing values, output kinds and index, and the caller's data left alone."""

import numpy as np
import pandas as pd
import pytest

import fepipe


def test_numeric_dtypes_and_missing_values():
    X = pd.DataFrame({
        "f64": [1.0, np.nan, 3.0, 4.0],
        "f32": np.array([1.0, 2.0, np.nan, 4.0], dtype=np.float32),
        "i64": [1, 2, 3, 4],
        "u8": np.array([1, 2, 3, 9], dtype=np.uint8),
        "nullable": pd.array([1, None, 3, 4], dtype="Int64"),
        "flag": [True, False, True, True],
    })
    imp = fepipe.MeanMedianImputer(imputation_method="mean").fit(X)
    assert imp.variables_ == list(X.columns)  # every column numeric, booleans included
    assert imp.imputer_dict_["f64"] == pytest.approx(8.0 / 3.0, rel=1e-15)
    assert imp.imputer_dict_["nullable"] == pytest.approx(8.0 / 3.0, rel=1e-15)
    assert imp.imputer_dict_["flag"] == 0.75
    out = imp.transform(X)
    assert (out.dtypes == np.float64).all()
    assert out.loc[1, "f64"] == pytest.approx(8.0 / 3.0, rel=1e-15)
    assert out.loc[1, "nullable"] == pytest.approx(8.0 / 3.0, rel=1e-15)
    assert out["u8"].tolist() == [1.0, 2.0, 3.0, 9.0]


def test_categorical_dtypes_and_missing_labels():
    X = pd.DataFrame({
        "obj": pd.Series(["a", None, "b", "a"], dtype=object),
        "nan": pd.Series(["a", np.nan, "b", "b"], dtype=object),
        "cat": pd.Categorical(["x", "y", None, "x"], categories=["y", "x", "unused"]),
        "string": pd.array(["u", pd.NA, "u", "v"], dtype="string"),
        "mixed": pd.Series([1, "one", 1, None], dtype=object),
    })
    imp = fepipe.CategoricalImputer(imputation_method="frequent").fit(X)
    assert imp.variables_ == list(X.columns)
    assert imp.imputer_dict_ == {"obj": "a", "nan": "b", "cat": "x", "string": "u", "mixed": "1"}
    out = imp.transform(X)
    assert (out.dtypes == object).all()
    assert out["obj"].tolist() == ["a", "a", "b", "a"]
    assert out["cat"].tolist() == ["x", "y", "x", "x"]
    assert out["string"].tolist() == ["u", "u", "u", "v"]
    assert out["mixed"].tolist() == ["1", "one", "1", "1"]


def test_missing_labels_come_back_as_nan():
    X = pd.DataFrame({"c": ["a", None, "b"], "n": [1.0, 2.0, 3.0]})
    out = fepipe.StandardScaler().fit_transform(X)
    assert out["c"].tolist()[0] == "a" and out["c"].isna().tolist() == [False, True, False]
    assert out.columns.tolist() == ["c", "n"]


def test_index_is_kept_and_input_is_not_modified():
    X = pd.DataFrame({"a": [1.0, np.nan, 3.0]}, index=[10, 20, 30])
    before = X.copy()
    out = fepipe.MeanMedianImputer().fit(X).transform(X)
    assert out.index.tolist() == [10, 20, 30]
    assert out["a"].tolist() == [1.0, 2.0, 3.0]
    pd.testing.assert_frame_equal(X, before)  # the numeric buffer was borrowed, never written


def test_row_filters_give_a_fresh_index():
    X = pd.DataFrame({"a": [1.0, np.nan, 3.0]}, index=[10, 20, 30])
    out = fepipe.DropMissingData().fit_transform(X)
    assert out["a"].tolist() == [1.0, 3.0]
    assert out.index.tolist() == [0, 1]


def test_numpy_arrays_have_columns_x0_x1():
    M = np.array([[1.0, 10.0], [2.0, np.nan], [3.0, 30.0]])
    imp = fepipe.MeanMedianImputer().fit(M)
    assert imp.feature_names_in_ == ["x0", "x1"]
    out = imp.transform(M)
    assert out.columns.tolist() == ["x0", "x1"]
    assert out["x1"].tolist() == [10.0, 20.0, 30.0]
    # C order, Fortran order, integers and a strided view give the same.
    for variant in (np.asfortranarray(M), M.astype(np.float32), M[:, ::1]):
        np.testing.assert_array_equal(imp.transform(variant).to_numpy(), out.to_numpy())
    ints = np.array([[1, 2], [3, 4]])
    assert fepipe.StandardScaler().fit_transform(ints).shape == (2, 2)
    objects = np.array([["a", 1.0], ["b", 2.0]], dtype=object)
    enc = fepipe.CountFrequencyEncoder(variables=["x0"]).fit(objects[:, :1])
    assert enc.encoder_dict_ == {"x0": {"a": 1.0, "b": 1.0}}
    strings = np.array([["a"], ["b"], ["a"]])
    assert fepipe.CountFrequencyEncoder().fit_transform(strings)["x0"].tolist() == [2.0, 1.0, 2.0]


def test_predictions_are_numpy_arrays():
    rng = np.random.RandomState(0)
    X = pd.DataFrame(rng.standard_normal((50, 3)), columns=["a", "b", "c"])
    y = (X["a"] > 0).astype(int)  # a pandas Series of ints
    clf = fepipe.LogisticRegression().fit(X, y)
    assert isinstance(clf.predict(X), np.ndarray) and clf.predict(X).dtype == np.int64
    p = clf.predict_proba(X)
    assert isinstance(p, np.ndarray) and p.shape == (50, 2)
    reg = fepipe.Lasso(alpha=0.01).fit(X, X["a"] * 2.0)
    assert reg.predict(X).dtype == np.float64
    # The same model fitted on the array (columns x0, x1, x2) predicts the same bits.
    from_array = fepipe.Lasso(alpha=0.01).fit(X.to_numpy(), (X["a"] * 2.0).to_numpy())
    np.testing.assert_array_equal(from_array.predict(X.to_numpy()), reg.predict(X))
    np.testing.assert_array_equal(from_array.coef_, reg.coef_)


def test_non_string_column_names_become_text():
    X = pd.DataFrame({0: [1.0, np.nan], 1: [2.0, 3.0]})
    imp = fepipe.MeanMedianImputer().fit(X)
    assert imp.feature_names_in_ == ["0", "1"]


def test_empty_frames():
    with pytest.raises(fepipe.DataError):
        fepipe.Pipeline([("s", fepipe.StandardScaler())]).fit(pd.DataFrame(index=range(3)))


def test_factorize_strings_is_pandas_factorize():
    # The C++ factorize of str columns (fepipe._core.factorize_strings) gives
    # pandas.factorize's codes and labels, missing values of every kind
    # included, on strided arrays too; other values are left to pandas.
    from fepipe import _core

    rng = np.random.default_rng(0)
    pool = ["a", "b", "é", "日本", "", " a", "a ", "long label " * 5, None, np.nan, pd.NA, pd.NaT, float("nan")]
    for size in (0, 1, 7, 1000):
        values = np.empty(size, dtype=object)
        for i, k in enumerate(rng.integers(0, len(pool), size)):
            values[i] = pool[k]
        for arr in (values, values[::3]):
            got = _core.factorize_strings(arr)
            codes, uniques = pd.factorize(arr)
            assert got is not None
            np.testing.assert_array_equal(got[0], codes.astype(np.int32))
            assert got[1] == list(uniques)
    # An int among the str: pandas' rules (values compared as Python objects).
    assert _core.factorize_strings(np.array(["a", 1, 1.0], dtype=object)) is None
    assert _core.factorize_strings(np.array([1.0, 2.0])) is None  # not an object array
    X = pd.DataFrame({"c": np.array(["x", 1, None, 1.0], dtype=object)})
    enc = fepipe.CountFrequencyEncoder(encoding_method="count", missing_values="ignore").fit(X)
    assert enc.encoder_dict_["c"] == {"x": 1, "1": 2}  # 1 and 1.0 are one category, as pandas makes them
