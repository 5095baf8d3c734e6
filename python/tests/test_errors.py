"""Every C++ error reaches Python as the matching exception, message kept."""

import numpy as np
import pandas as pd
import pytest

import fepipe


def test_hierarchy_mirrors_the_cpp_one():
    for cls in (fepipe.NotFittedError, fepipe.SchemaError, fepipe.ParameterError, fepipe.DataError,
                fepipe.UnseenCategoryError, fepipe.ModelFormatError):
        assert issubclass(cls, fepipe.Error)
    assert issubclass(fepipe.DataError, ValueError)
    assert issubclass(fepipe.ParameterError, ValueError)
    assert issubclass(fepipe.NotFittedError, ValueError)
    assert issubclass(fepipe.NotFittedError, AttributeError)
    assert not issubclass(fepipe.ModelFormatError, ValueError)


def test_unknown_option_is_the_registry_message():
    with pytest.raises(fepipe.ParameterError) as e:
        fepipe.RareLabelEncoder(tol=0.01, n_categoriez=1)
    assert str(e.value) == (
        "step 'rarelabelencoder' (RareLabelEncoder): unknown option 'n_categoriez'; accepted: tol, n_categories, "
        "max_n_categories, replace_with, variables, return_empty, missing_values, ignore_format"
    )


@pytest.mark.parametrize(
    "cls, options, message",
    [
        ("RareLabelEncoder", {"tol": "high"}, "tol"),
        ("RareLabelEncoder", {"n_categories": 1.5}, "n_categories"),
        ("MeanMedianImputer", {"imputation_method": "mode"}, "mode"),
        ("Lasso", {"alpha": float("nan")}, "alpha"),
        ("Lasso", {"alpha": -1.0}, "alpha"),
        ("EqualWidthDiscretiser", {"bins": 0}, "bins"),
        ("MeanMedianImputer", {"variables": ["a", "a"]}, "twice"),
        ("DecisionTreeRegressor", {"max_depth": 2**40}, "max_depth"),
    ],
)
def test_bad_values_are_parameter_errors_naming_the_option(cls, options, message):
    with pytest.raises(fepipe.ParameterError, match=message) as e:
        getattr(fepipe, cls)(**options)
    assert str(e.value).startswith(f"step '{cls.lower()}' ({cls}): ")


def test_an_option_python_cannot_express_in_json_is_a_type_error():
    with pytest.raises(TypeError, match="object"):
        fepipe.DropFeatures(features_to_drop=[object()])


def test_positional_options_are_refused():
    with pytest.raises(TypeError):
        fepipe.Lasso(0.1)


def test_not_fitted():
    imp = fepipe.MeanMedianImputer()
    X = pd.DataFrame({"a": [1.0, np.nan]})
    with pytest.raises(fepipe.NotFittedError, match="MeanMedianImputer: not fitted") as e:
        imp.transform(X)
    assert e.value.step == "MeanMedianImputer"
    pipe = fepipe.Pipeline([("imp", fepipe.MeanMedianImputer()), ("m", fepipe.Lasso())])
    with pytest.raises(fepipe.NotFittedError, match="Pipeline"):
        pipe.predict(X)
    with pytest.raises(fepipe.NotFittedError):
        pipe.get_feature_names_out()
    with pytest.raises(fepipe.NotFittedError):
        pipe.feature_names_in_


def test_missing_column_is_a_schema_error_naming_it():
    X = pd.DataFrame({"a": [1.0, 2.0, np.nan], "b": [1.0, 2.0, 3.0]})
    imp = fepipe.MeanMedianImputer().fit(X)
    with pytest.raises(fepipe.SchemaError, match="column 'b'") as e:
        imp.transform(X[["a"]])
    assert e.value.column == "b"
    with pytest.raises(fepipe.SchemaError, match="column 'zz'"):
        fepipe.MeanMedianImputer(variables=["zz"]).fit(X)
    pipe = fepipe.Pipeline([("imp", fepipe.MeanMedianImputer()), ("m", fepipe.Lasso(alpha=0.01))])
    pipe.fit(X.fillna(0), np.array([1.0, 2.0, 3.0]))
    with pytest.raises(fepipe.SchemaError, match="column 'a'") as e:
        pipe.predict(X[["b"]])
    assert e.value.column == "a"


def test_wrong_kind_is_a_schema_error():
    X = pd.DataFrame({"a": [1.0, 2.0]})
    imp = fepipe.MeanMedianImputer().fit(X)
    with pytest.raises(fepipe.SchemaError, match="column 'a'"):
        imp.transform(pd.DataFrame({"a": ["x", "y"]}))
    with pytest.raises(fepipe.SchemaError, match="column 'a'"):
        fepipe.CategoricalImputer(variables=["a"]).fit(X)


def test_bad_values_are_data_errors_naming_column_value_and_row():
    X = pd.DataFrame({"a": [1.0, 2.0, -3.0]})
    with pytest.raises(fepipe.DataError) as e:
        fepipe.LogTransformer().fit(X)
    assert "column 'a'" in str(e.value) and "-3.0" in str(e.value) and "row 2" in str(e.value)
    assert e.value.column == "a"
    with pytest.raises(fepipe.DataError, match="no rows"):
        fepipe.MeanMedianImputer().fit(pd.DataFrame({"a": np.array([], dtype=float)}))
    with pytest.raises(fepipe.DataError, match="classifier|label|0..k-1|class"):
        fepipe.LogisticRegression().fit(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), np.array([0.0, 1.0, 7.5]))
    with pytest.raises(fepipe.DataError, match="y has 2 values"):
        fepipe.Lasso().fit(X, np.array([1.0, 2.0]))
    with pytest.raises(fepipe.DataError, match="dtype"):
        fepipe.Lasso().fit(X, np.array(["a", "b", "c"]))
    with pytest.raises(fepipe.DataError, match="value nan at row 1 is not finite"):
        fepipe.Lasso().fit(pd.DataFrame({"a": [1.0, np.nan, 3.0]}), np.array([1.0, 2.0, 3.0]))


def test_missing_labels_where_refused():
    X = pd.DataFrame({"c": ["a", None, "b"]})
    with pytest.raises(fepipe.DataError, match="column 'c'"):
        fepipe.RareLabelEncoder(n_categories=1).fit(X)


def test_unseen_category_error():
    X = pd.DataFrame({"c": ["a", "b", "a"]})
    enc = fepipe.OrdinalEncoder(encoding_method="arbitrary", unseen="raise").fit(X)
    with pytest.raises(fepipe.UnseenCategoryError, match="'zz'") as e:
        enc.transform(pd.DataFrame({"c": ["zz"]}))
    assert e.value.column == "c"


def test_estimator_without_target_and_misplaced_estimator():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    with pytest.raises(fepipe.Error, match="target"):
        fepipe.Lasso().fit(X)
    with pytest.raises(fepipe.ParameterError, match="only the last step may be an estimator"):
        fepipe.Pipeline([("m", fepipe.Lasso()), ("s", fepipe.StandardScaler())])
    with pytest.raises(fepipe.ParameterError, match="two steps are named 'a'"):
        fepipe.Pipeline([("a", fepipe.StandardScaler()), ("a", fepipe.MinMaxScaler())])
    with pytest.raises(fepipe.ParameterError, match="needs at least one step"):
        fepipe.Pipeline([])
    with pytest.raises(TypeError, match="not a fepipe step"):
        fepipe.Pipeline([("a", object())])


def test_model_file_errors(tmp_path):
    bad = tmp_path / "bad.fpm"
    bad.write_bytes(b"\x00\x01garbage bytes that are no model")
    with pytest.raises(fepipe.ModelFormatError, match="bad.fpm"):
        fepipe.load_model(bad)
    text = tmp_path / "bad.json"
    text.write_text('{"format": "not-fepipe"}')
    with pytest.raises(fepipe.ModelFormatError, match="not a fepipe model"):
        fepipe.load_model(text)
    with pytest.raises(fepipe.Error, match="absent.fpm.*no such file"):
        fepipe.load_model(tmp_path / "absent.fpm")
    with pytest.raises(fepipe.ModelFormatError):
        fepipe.load_model_from_bytes(b"")
    with pytest.raises(TypeError, match="Pipeline"):
        fepipe.save_model(fepipe.Lasso(), tmp_path / "x.fpm")
    with pytest.raises(fepipe.ParameterError, match="format"):
        pipe = fepipe.Pipeline([("s", fepipe.StandardScaler())]).fit(pd.DataFrame({"a": [1.0, 2.0]}))
        fepipe.save_model(pipe, tmp_path / "x.fpm", format="xml")


def test_unsupported_dtypes_are_schema_errors():
    X = pd.DataFrame({"when": pd.date_range("2020-01-01", periods=3)})
    with pytest.raises(fepipe.SchemaError, match="column 'when'.*datetime64") as e:
        fepipe.MeanMedianImputer().fit(X)
    assert e.value.column == "when"
    with pytest.raises(fepipe.SchemaError, match="two-dimensional"):
        fepipe.MeanMedianImputer().fit(np.array([1.0, 2.0]))
    with pytest.raises(fepipe.SchemaError, match="Series"):
        fepipe.MeanMedianImputer().fit(pd.Series([1.0, 2.0]))


def test_duplicate_labels_after_conversion_are_schema_errors():
    # 1 and "1" in one object column are one label as text, as in a CSV file.
    X = pd.DataFrame({"c": pd.Series([1, "1", "x"], dtype=object)})
    with pytest.raises(fepipe.SchemaError, match="duplicate category label '1'"):
        fepipe.CountFrequencyEncoder().fit(X)
