"""The record path: Pipeline.predict_one / predict_proba_one on one record (a
dict, a mapping or a sequence), converted without pandas and predicted by
DynamicPipeline::predict_one. Always the same bits as predict on the row."""

import collections
import decimal
import threading

import numpy as np
import pandas as pd
import pytest

import fepipe
from test_model_files import HOUSE_COLUMNS, house_pipeline
from test_pipeline import titanic_pipeline


@pytest.fixture(scope="module")
def fitted_house(house):
    X = house[HOUSE_COLUMNS]
    y = np.log(house["SalePrice"])
    return house_pipeline().fit(X.iloc[:1100], y.iloc[:1100]), X.iloc[1100:]


@pytest.fixture(scope="module")
def fitted_titanic(titanic):
    X = titanic.drop(columns=["survived"])
    X["cabin"] = X["cabin"].str[0]
    y = titanic["survived"]
    pipe = titanic_pipeline(fepipe.LogisticRegression(C=0.0005)).fit(X[:1000], y[:1000])
    return pipe, X[1000:]


def bits(values):
    return np.asarray(values, dtype=np.float64).tobytes()


def test_dict_records_predict_the_batch_bits(fitted_house):
    pipe, X = fitted_house
    records = X.to_dict("records")  # Python floats with NaN, str and NaN labels
    assert any(isinstance(v, float) and np.isnan(v) for r in records for v in r.values())
    one = [pipe.predict_one(r) for r in records]
    assert all(type(p) is float for p in one)
    assert bits(one) == bits(pipe.predict(X))


def test_records_in_any_key_order_as_sequences_series_and_mappings(fitted_house):
    pipe, X = fitted_house
    expected = pipe.predict(X.iloc[:20])
    order = pipe.feature_names_in_
    for i in range(20):
        row = X.iloc[i]
        record = {c: row[c] for c in reversed(order)}
        assert bits(pipe.predict_one(record)) == bits(expected[i])
        assert bits(pipe.predict_one([row[c] for c in order])) == bits(expected[i])
        assert bits(pipe.predict_one(tuple(row[c] for c in order))) == bits(expected[i])
        assert bits(pipe.predict_one(row)) == bits(expected[i])  # a pandas Series
        assert bits(pipe.predict_one(collections.OrderedDict(record))) == bits(expected[i])
        assert bits(pipe.predict_one(_Mapping(record))) == bits(expected[i])


class _Mapping(collections.abc.Mapping):
    def __init__(self, d):
        self._d = d

    def __getitem__(self, k):
        return self._d[k]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)


def test_missing_values_none_nan_and_pandas_na(fitted_house):
    pipe, X = fitted_house
    row = X.iloc[0].to_dict()
    frame = X.iloc[[0]].copy()
    frame["LotFrontage"] = np.nan
    frame["FireplaceQu"] = pd.Series([None], dtype=object, index=frame.index)
    expected = pipe.predict(frame)[0]
    for missing in (None, float("nan"), np.nan, np.float32("nan"), pd.NA):
        record = dict(row, LotFrontage=missing, FireplaceQu=missing)
        assert bits(pipe.predict_one(record)) == bits(expected), repr(missing)


def test_numbers_of_every_python_kind(fitted_house):
    pipe, X = fitted_house
    row = X.iloc[3].to_dict()
    expected = pipe.predict_one(row)
    year = row["YearBuilt"]
    for v in (int(year), np.int64(year), np.float32(year), np.float64(year), decimal.Decimal(int(year))):
        assert bits(pipe.predict_one(dict(row, YearBuilt=v))) == bits(expected), type(v)


def test_a_number_in_a_categorical_column_is_its_text_as_in_a_dataframe(house):
    # MSSubClass is an object column of ints (the course's cast): labels "20", "60"...
    X = house[["MSSubClass", "GrLivArea"]]
    y = np.log(house["SalePrice"])
    pipe = fepipe.Pipeline([
        ("ordinal", fepipe.OrdinalEncoder(encoding_method="ordered", variables=["MSSubClass"])),
        ("lasso", fepipe.Lasso(alpha=0.001, random_state=0)),
    ]).fit(X, y)
    expected = pipe.predict(X.iloc[:30])
    for i, record in enumerate(X.iloc[:30].to_dict("records")):
        assert isinstance(record["MSSubClass"], int)
        assert bits(pipe.predict_one(record)) == bits(expected[i])
        assert bits(pipe.predict_one(dict(record, MSSubClass=str(record["MSSubClass"])))) == bits(expected[i])


def test_classifier_labels_and_probabilities(fitted_titanic):
    pipe, X = fitted_titanic
    labels = pipe.predict(X)
    proba = pipe.predict_proba(X)
    for i, record in enumerate(X.to_dict("records")):
        label = pipe.predict_one(record)
        assert type(label) is int and label == labels[i]
        p = pipe.predict_proba_one(record)
        assert p.shape == (2,) and p.dtype == np.float64
        assert bits(p) == bits(proba[i])


def test_loaded_model_and_refit(fitted_house, house, tmp_path):
    pipe, X = fitted_house
    path = tmp_path / "m.fpm"
    fepipe.save_model(pipe, path)
    loaded = fepipe.load_model(path)
    record = X.iloc[5].to_dict()
    assert bits(loaded.predict_one(record)) == bits(pipe.predict_one(record))
    # A refit on other columns: the record's columns are the new ones.
    other = fepipe.Pipeline([("lasso", fepipe.Lasso(alpha=0.001, random_state=0))])
    y = np.log(house["SalePrice"])
    other.fit(house[["GrLivArea", "LotArea"]], y)
    assert bits(other.predict_one({"GrLivArea": 1710, "LotArea": 8450})) == bits(
        other.predict(pd.DataFrame({"GrLivArea": [1710.0], "LotArea": [8450.0]}))
    )
    other.fit(house[["OverallQual"]], y)
    assert other.feature_names_in_ == ["OverallQual"]
    assert bits(other.predict_one({"OverallQual": 7})) == bits(other.predict(pd.DataFrame({"OverallQual": [7.0]})))
    _raises(fepipe.SchemaError, other, {"GrLivArea": 1710, "LotArea": 8450}, "OverallQual",
            "column 'OverallQual': is missing from the record")
    _raises(fepipe.SchemaError, other, {"GrLivArea": 1710, "OverallQual": 7}, "GrLivArea",
            "column 'GrLivArea': is not an input column")


def test_threads_share_one_pipeline(fitted_house):
    pipe, X = fitted_house
    records = X.to_dict("records")
    expected = bits(pipe.predict(X))
    results = [None] * 4

    def work(k):
        results[k] = bits([pipe.predict_one(r) for r in records])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


# --- errors: exceptions naming the column, never a crash -------------------------------------


def _raises(exc, pipe, record, column, match, method="predict_one"):
    with pytest.raises(exc, match=match) as info:
        getattr(pipe, method)(record)
    assert info.value.column == column
    return info.value


def test_a_missing_column_is_named(fitted_house):
    pipe, X = fitted_house
    record = X.iloc[0].to_dict()
    del record["BsmtQual"]
    err = _raises(fepipe.SchemaError, pipe, record, "BsmtQual", "column 'BsmtQual': is missing from the record")
    assert err.step == "Pipeline"


def test_an_unknown_column_is_named(fitted_house):
    pipe, X = fitted_house
    record = dict(X.iloc[0].to_dict(), Colour="red")
    _raises(fepipe.SchemaError, pipe, record, "Colour", "column 'Colour': is not an input column")
    record = dict(X.iloc[0].to_dict())
    record[7] = 1.0  # a key that is not a str
    _raises(fepipe.SchemaError, pipe, record, "7", "column '7': is not an input column")


def test_a_label_in_a_numeric_column_is_named(fitted_house):
    pipe, X = fitted_house
    record = dict(X.iloc[0].to_dict(), GrLivArea="big")
    _raises(fepipe.SchemaError, pipe, record, "GrLivArea", "column 'GrLivArea': expected a number, got the label 'big'")
    seq = [record[c] for c in pipe.feature_names_in_]
    _raises(fepipe.SchemaError, pipe, seq, "GrLivArea", "expected a number, got the label 'big'")


def test_a_value_of_another_type_is_named(fitted_house):
    pipe, X = fitted_house
    row = X.iloc[0].to_dict()
    _raises(fepipe.SchemaError, pipe, dict(row, GrLivArea=[1.0]), "GrLivArea", "expected a number, got a value of type list")
    _raises(fepipe.SchemaError, pipe, dict(row, Neighborhood=b"NAmes"), "Neighborhood",
            r"expected a label \(str\), got a value of type bytes")
    _raises(fepipe.SchemaError, pipe, dict(row, GrLivArea=10**400), "GrLivArea", "too large for a double")


def test_a_sequence_of_the_wrong_length(fitted_house):
    pipe, X = fitted_house
    with pytest.raises(fepipe.SchemaError, match="record has 3 values, the input has 10 columns"):
        pipe.predict_one([1.0, 2.0, 3.0])


@pytest.mark.parametrize("record", [5, "GrLivArea", b"x", None])
def test_what_is_not_a_record(fitted_house, record):
    pipe, _ = fitted_house
    with pytest.raises(TypeError, match="a record is a dict"):
        pipe.predict_one(record)


def test_an_unseen_category_is_named(titanic):
    X = titanic[["sex", "fare"]].fillna({"fare": 0.0})
    pipe = fepipe.Pipeline([
        ("enc", fepipe.OrdinalEncoder(encoding_method="arbitrary", variables=["sex"], unseen="raise")),
        ("m", fepipe.LogisticRegression()),
    ]).fit(X, titanic["survived"])
    _raises(fepipe.UnseenCategoryError, pipe, {"sex": "robot", "fare": 1.0}, "sex", "robot")
    _raises(fepipe.UnseenCategoryError, pipe, {"sex": "robot", "fare": 1.0}, "sex", "robot", "predict_proba_one")


def test_what_cannot_predict_one(fitted_house):
    pipe, X = fitted_house
    record = X.iloc[0].to_dict()
    with pytest.raises(fepipe.NotFittedError):
        house_pipeline().predict_one(record)
    with pytest.raises(fepipe.Error, match="needs the whole pipeline"):
        pipe[1:].predict_one(record)
    with pytest.raises(fepipe.Error, match="needs the whole pipeline"):
        pipe[:-1].predict_proba_one(record)
    with pytest.raises(fepipe.Error, match="not a classifier"):
        pipe.predict_proba_one(record)
    transformers = fepipe.Pipeline([("imp", fepipe.MeanMedianImputer(variables=["LotFrontage"]))])
    transformers.fit(X[["LotFrontage"]])
    with pytest.raises(fepipe.Error, match="not an estimator"):
        transformers.predict_one({"LotFrontage": 1.0})
