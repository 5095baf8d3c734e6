"""fepipe.Pipeline: scikit-learn's API over the C++ DynamicPipeline, and the
course's Titanic pipelines fitted from Python against scikit-learn +
feature-engine (tests/data/reference/pipelines/, the C++ tests' reference)."""

import threading

import numpy as np
import pandas as pd
import pytest

import fepipe
from conftest import read_attribute, read_reference_frame

CATEGORICAL = ["sex", "cabin", "embarked", "title"]
NUMERICAL = ["age", "fare"]


def titanic_pipeline(model):
    """The course pipeline (examples/titanic_pipeline.hpp) with built-in classes. Its
    ExtractLetter step (cabin -> first letter, after imputing 'Missing') is a user step:
    here the letter is taken in pandas before the pipeline, so a missing cabin stays
    'Missing' rather than becoming 'M' (the same encoding under another label)."""
    return fepipe.Pipeline([
        ("categorical_imputation", fepipe.CategoricalImputer(imputation_method="missing", variables=CATEGORICAL)),
        ("missing_indicator", fepipe.AddMissingIndicator(variables=NUMERICAL)),
        ("median_imputation", fepipe.MeanMedianImputer(imputation_method="median", variables=NUMERICAL)),
        ("rare_label_encoder", fepipe.RareLabelEncoder(tol=0.05, n_categories=1, variables=CATEGORICAL)),
        ("categorical_encoder", fepipe.OneHotEncoder(drop_last=True, variables=CATEGORICAL)),
        ("scaler", fepipe.StandardScaler()),
        ("model", model),
    ])


@pytest.fixture(scope="module")
def titanic_split(titanic):
    from sklearn.model_selection import train_test_split

    X = titanic.drop(columns=["survived"])
    X["cabin"] = X["cabin"].str[0]
    y = titanic["survived"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    # The split of the reference (and of the C++ tests' train_test_split).
    assert X_test.index.tolist() == [int(x) for _, _, x in read_attribute("pipelines/titanic__test_index.csv")]
    return X_train, X_test, y_train, y_test


@pytest.mark.parametrize("name, model", [
    ("logit", lambda: fepipe.LogisticRegression(C=0.0005)),
    ("gbm", lambda: fepipe.GradientBoostingClassifier(random_state=0)),
])
def test_titanic_course_pipelines_match_scikit_learn(titanic_split, name, model):
    from sklearn.metrics import accuracy_score, roc_auc_score

    X_train, X_test, y_train, y_test = titanic_split
    pipe = titanic_pipeline(model()).fit(X_train, y_train)
    ref = read_reference_frame(f"pipelines/titanic_{name}__predict_test.csv")
    proba = pipe.predict_proba(X_test)
    pred = pipe.predict(X_test)
    assert proba.shape == (len(X_test), 2)
    assert np.max(np.abs(proba[:, 1] - ref["proba"]) / np.abs(ref["proba"])) <= 1e-6
    np.testing.assert_array_equal(pred, ref["prediction"].to_numpy())
    metrics = {v: float(x) for v, _, x in read_attribute(f"pipelines/titanic_{name}__metrics.csv")}
    assert accuracy_score(y_test, pred) == pytest.approx(metrics["accuracy"], rel=1e-12)
    assert roc_auc_score(y_test, proba[:, 1]) == pytest.approx(metrics["roc_auc"], rel=1e-12)
    assert accuracy_score(y_train, pipe.predict(X_train)) == pytest.approx(metrics["train_accuracy"], rel=1e-12)
    expected_names = [x.replace("cabin_M", "cabin_Missing") if x == "cabin_M" else x
                      for _, _, x in read_attribute(f"pipelines/titanic_{name}__feature_names.csv")]
    assert pipe.get_feature_names_out() == expected_names
    assert pipe[:-1].get_feature_names_out() == expected_names
    # What the estimator receives: pipe[:-1].transform, as in scikit-learn.
    Z = pipe[:-1].transform(X_test)
    assert list(Z.columns) == expected_names and Z.index.equals(X_test.index)
    np.testing.assert_array_equal(pipe.named_steps["model"].predict_proba(Z), proba)


def test_pipeline_api(titanic_split):
    X_train, X_test, y_train, _ = titanic_split
    imputer = fepipe.CategoricalImputer(imputation_method="missing", variables=CATEGORICAL)
    model = fepipe.LogisticRegression(C=0.0005)
    pipe = titanic_pipeline(model)
    pipe.steps[0] = None  # steps is a fresh list: changing it changes nothing
    assert len(pipe) == 7
    assert [n for n, _ in pipe.steps][:2] == ["categorical_imputation", "missing_indicator"]
    assert pipe.named_steps["model"] is model
    assert pipe[-1] is model and pipe["model"] is model
    assert pipe.get_params()["model__C"] == 0.0005
    assert "Pipeline(steps=[('categorical_imputation', CategoricalImputer(variables=" in repr(pipe)
    assert pipe.fit(X_train, y_train) is pipe
    # The step objects are the pipeline's: fitted by it, their attributes readable.
    assert model.coef_.shape == (1, len(pipe.get_feature_names_out()))
    assert pipe.named_steps["median_imputation"].imputer_dict_["age"] == X_train["age"].median()
    assert pipe.feature_names_in_ == list(X_train.columns) and pipe.n_features_in_ == 9
    np.testing.assert_array_equal(pipe.classes_, [0, 1])
    # A slice is a view of the fitted steps.
    head = pipe[:3]
    assert len(head) == 3 and list(head.named_steps) == ["categorical_imputation", "missing_indicator",
                                                         "median_imputation"]
    out = head.transform(X_test)
    assert out["age_na"].isin([0.0, 1.0]).all() and not out["age"].isna().any()
    middle = pipe[3:5]
    np.testing.assert_array_equal(middle.transform(out).to_numpy(), pipe[:5].transform(X_test).to_numpy())
    with pytest.raises(fepipe.Error, match="slice"):
        head.fit(X_train)
    with pytest.raises(ValueError):
        pipe[::2]
    tail = pipe[5:]
    np.testing.assert_array_equal(tail.predict_proba(pipe[:5].transform(X_test)), pipe.predict_proba(X_test))
    np.testing.assert_array_equal(tail.predict(pipe[:5].transform(X_test)), pipe.predict(X_test))
    np.testing.assert_array_equal(pipe[-1:].predict_proba(pipe[:-1].transform(X_test)), pipe.predict_proba(X_test))
    with pytest.raises(fepipe.Error, match="only the estimator"):
        pipe[-1:].get_feature_names_out()
    assert not hasattr(model, "get_feature_names_out")
    # set_params through the pipeline: the step is rebuilt, unfitted, until the next fit.
    pipe.set_params(model__C=1.0)
    assert model.get_params()["C"] == 1.0
    with pytest.raises(fepipe.NotFittedError):
        pipe.predict(X_test)
    pipe.fit(X_train, y_train)
    assert pipe.predict(X_test).shape == (len(X_test),)
    with pytest.raises(fepipe.ParameterError, match="unknown parameter 'nope'"):
        pipe.set_params(nope=1)
    with pytest.raises(fepipe.Error, match="estimator"):
        pipe.transform(X_test)
    assert fepipe.Pipeline([("i", imputer)]).fit_transform(X_train).shape == X_train.shape


def test_transformer_only_pipeline_and_numpy():
    rng = np.random.RandomState(1)
    M = rng.standard_normal((40, 3))
    M[3, 1] = np.nan
    pipe = fepipe.Pipeline([("imp", fepipe.MeanMedianImputer()), ("scale", fepipe.StandardScaler())])
    out = pipe.fit_transform(M)
    assert list(out.columns) == ["x0", "x1", "x2"] == pipe.get_feature_names_out()
    np.testing.assert_allclose(out.mean().to_numpy(), 0.0, atol=1e-15)
    with pytest.raises(fepipe.Error, match="not an estimator"):
        pipe.predict(M)


def test_fit_releases_the_gil(titanic_split):
    # Fits in two threads at once: each releases the GIL inside C++, so both
    # run and give what one thread gives.
    X_train, X_test, y_train, _ = titanic_split
    results = [None, None]

    def work(i):
        pipe = titanic_pipeline(fepipe.GradientBoostingClassifier(random_state=0, n_estimators=30))
        results[i] = pipe.fit(X_train, y_train).predict_proba(X_test)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    np.testing.assert_array_equal(results[0], results[1])
    alone = titanic_pipeline(fepipe.GradientBoostingClassifier(random_state=0, n_estimators=30))
    np.testing.assert_array_equal(alone.fit(X_train, y_train).predict_proba(X_test), results[0])


def test_python_threads_run_during_a_fit(house):
    # With the GIL held for the whole fit, the loop below would stall for as
    # long as the fit; released, it keeps running.
    import time

    X = house.select_dtypes("number").drop(columns=["Id", "SalePrice"])
    y = np.log(house["SalePrice"])
    model = fepipe.HistGradientBoostingRegressor(max_iter=300, early_stopping=False, n_threads=1)
    done = threading.Event()
    elapsed = []

    def fit():
        start = time.perf_counter()
        model.fit(X, y)
        elapsed.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=fit)
    last, longest = time.perf_counter(), 0.0
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    worker.join()
    assert elapsed[0] > 0.2, "the fit is too short to tell"
    assert longest < elapsed[0] / 2


def test_one_pipeline_from_many_threads(titanic_split):
    # Predictions and refits of one object from several threads at once: the
    # object's lock orders them (fit exclusive, predict shared), so every
    # prediction is the fitted model's, never a half-fitted one's.
    X_train, X_test, y_train, _ = titanic_split
    pipe = titanic_pipeline(fepipe.LogisticRegression(C=0.0005)).fit(X_train, y_train)
    expected = pipe.predict_proba(X_test)
    failures = []

    def predict():
        for _ in range(20):
            if not np.array_equal(pipe.predict_proba(X_test), expected):
                failures.append("a prediction differs")

    def refit():
        for _ in range(5):
            pipe.fit(X_train, y_train)
            pipe.named_steps["scaler"].mean_

    threads = [threading.Thread(target=predict) for _ in range(3)] + [threading.Thread(target=refit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
