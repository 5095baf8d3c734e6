"""fepipe.from_sklearn: fitted scikit-learn / feature-engine objects exported to fepipe.

- scikit-learn: real objects fitted here, exported, compared on held-back rows.
  Tolerances: trees, gradient boosting and histogram gradient boosting predict the same bits
  (the same leaf values added in the same order; scikit-learn's float32 rounding of inputs for
  CART is fepipe's too); a multiclass softmax differs by at most 2 ulp of 1 (fepipe and
  scikit-learn compute exp/normalise in another order), so 5e-16 absolute there; linear models
  1e-12 relative (scikit-learn's BLAS dot product sums in another order than fepipe's).
- feature-engine: it cannot be installed in CI; tools/reference/export_feature_engine.py fitted
  the real objects (feature-engine 1.6.2) and recorded what the exporter reads and the reference
  outputs in tests/data/export/. Stand-ins of the same class name and module carry the recorded
  attributes; their export must give the recorded transforms (numbers within 1e-12 relative,
  labels equal) and, for the Titanic course pipelines, the recorded labels exactly.
"""

import glob
import json
import os

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline as SkPipeline

import fepipe
from conftest import close, load_houseprice, load_titanic
from export_records import EXPORT, _text, decode, load_record, pipeline_of, stand_in  # noqa: F401


SINGLE_CASES = sorted(
    os.path.basename(p)[:-5] for p in glob.glob(os.path.join(EXPORT, "*.json"))
    if not os.path.basename(p).startswith(("titanic_", "house_prices_course"))  # the course pipelines
)


def test_the_records_are_there():
    assert len(SINGLE_CASES) >= 20 and os.path.exists(os.path.join(EXPORT, "titanic_gbm.json"))


@pytest.mark.parametrize("case", SINGLE_CASES)
def test_feature_engine_step_exports_to_its_recorded_transform(case, house):
    rec = load_record(case)
    X = house[rec["columns"]].copy()
    if rec["fill_categorical"]:
        for c in X.columns:
            if X[c].dtype == object:
                X[c] = X[c].fillna("Missing")
    X_test = X.iloc[rec["n_train"]:]
    exported = fepipe.from_sklearn(pipeline_of(rec), X=X_test)
    assert isinstance(exported, fepipe.Pipeline)
    assert [n for n, _ in exported.steps] == ["step"]
    out = exported.transform(X_test)
    expected = rec["transform"]
    assert list(out.columns) == expected["columns"]
    for name, values in zip(expected["columns"], expected["data"]):
        got = out[name]
        if any(isinstance(v, str) for v in values):
            assert got.dtype == object, name
            assert [_text(v) for v in got.tolist()] == [_text(v) for v in values], name
        else:
            e = np.array([np.nan if v is None else v for v in values], dtype=float)
            assert close(got.to_numpy(dtype=float), e, 1e-12), name
    # The exported model is a model file's content: it saves and loads to the same transform.
    again = fepipe.load_model_from_bytes(exported.to_bytes("json"))
    pd.testing.assert_frame_equal(again.transform(X_test), out)


def _titanic_split():
    from sklearn.model_selection import train_test_split

    data = load_titanic()
    X = data.drop(columns=["survived"])
    X["cabin"] = X["cabin"].str[0]
    return train_test_split(X, data["survived"], test_size=0.2, random_state=0)


@pytest.mark.parametrize("name", ["logit", "gbm"])
def test_titanic_course_pipeline_exports_to_the_recorded_predictions(name):
    rec = load_record(f"titanic_{name}")
    _, X_test, _, _ = _titanic_split()
    assert [int(i) for i in X_test.index] == rec["test_index"]
    exported = fepipe.from_sklearn(pipeline_of(rec))
    assert [n for n, _ in exported.steps] == [n for n, _ in rec["steps"]]
    np.testing.assert_array_equal(exported.predict(X_test), rec["predict"])
    proba = exported.predict_proba(X_test)[:, 1]
    # Same leaf values or coefficients; exp and the scaler's arithmetic as the C++ course tests (1e-12).
    assert close(proba, rec["predict_proba"], 1e-12)
    # The C++ host reads the same file (python/tests/test_model_files.py proves the bytes are C++'s).
    again = fepipe.load_model_from_bytes(exported.to_bytes("binary"))
    np.testing.assert_array_equal(again.predict_proba(X_test), exported.predict_proba(X_test))


# --- scikit-learn, fitted here --------------------------------------------------------------


def _regression_data(n=600, seed=0):
    rng = np.random.RandomState(seed)
    X = pd.DataFrame(rng.standard_normal((n, 5)), columns=["a", "b", "c", "d", "e"])
    y = 2 * X["a"] + X["b"] ** 2 - X["c"] * X["d"] + 0.1 * rng.standard_normal(n)
    return X, y.to_numpy()


@pytest.fixture(scope="module")
def reg_data():
    X, y = _regression_data()
    return X.iloc[:400], y[:400], X.iloc[400:]


def _scalers():
    from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler

    return [StandardScaler(), StandardScaler(with_mean=False), MinMaxScaler(feature_range=(-1, 2)), RobustScaler(),
            RobustScaler(with_centering=False, quantile_range=(10.0, 90.0)), MaxAbsScaler()]


@pytest.mark.parametrize("index", range(6))
def test_scikit_learn_scalers_transform_the_same(reg_data, index):
    X_train, _, X_test = reg_data
    scaler = _scalers()[index].fit(X_train)
    exported = fepipe.from_sklearn(scaler)
    out = exported.transform(X_test)
    assert list(out.columns) == list(X_test.columns)
    # Elementwise (x - center) / scale or x * scale + min, the same operations: the same bits.
    np.testing.assert_array_equal(out.to_numpy(), scaler.transform(X_test))


def test_scikit_learn_binarizer_transforms_the_same(reg_data):
    from sklearn.preprocessing import Binarizer

    X_train, _, X_test = reg_data
    for threshold in (0.0, 0.5):
        binarizer = Binarizer(threshold=threshold).fit(X_train)
        out = fepipe.from_sklearn(binarizer).transform(X_test)
        assert list(out.columns) == list(X_test.columns)
        np.testing.assert_array_equal(out.to_numpy(), binarizer.transform(X_test))


def test_drop_duplicate_features_keeps_the_first_of_each_set():
    """House Prices has no duplicated columns (the record's sets are empty): a frame with two
    sets, and the attributes feature-engine 1.6.2 gives it (sets, listed in any order)."""
    rng = np.random.RandomState(0)
    a, b = rng.standard_normal(20), rng.standard_normal(20)
    X = pd.DataFrame({"a": a, "b": b, "c": a.copy(), "d": rng.standard_normal(20), "e": b.copy(), "f": a.copy()})
    rec = {"class": "DropDuplicateFeatures", "module": "feature_engine.selection.drop_duplicate_features",
           "methods": {"get_feature_names_out": ["a", "b", "d"]},
           "attributes": {"variables": None, "missing_values": "ignore", "confirm_variables": False,
                          "variables_": list(X.columns), "feature_names_in_": list(X.columns), "n_features_in_": 6,
                          "duplicated_feature_sets_": [["e", "b"], ["f", "c", "a"]],
                          "features_to_drop_": ["f", "e", "c"]}}
    exported = fepipe.from_sklearn(stand_in(rec), X=X)
    pd.testing.assert_frame_equal(exported.transform(X), X[["a", "b", "d"]])
    own = json.loads(exported.to_bytes("json"))["model"]["0:DropDuplicateFeatures"]
    assert own["duplicated_feature_sets_"] == [["a", "c", "f"], ["b", "e"]]
    assert own["features_to_drop_"] == ["c", "e", "f"]



@pytest.mark.parametrize("options", [{}, {"threshold": "1.25*mean"}, {"threshold": "median", "max_features": 3},
                                     {"threshold": 0.01}])
def test_select_from_model_lasso_exports_to_select_by_lasso(house, options):
    """fepipe's SelectByLasso is scikit-learn's SelectFromModel(Lasso(...)) (the course's selection):
    the same columns kept, their values untouched (the same bits); the Lasso within it is the same."""
    from sklearn.feature_selection import SelectFromModel
    from sklearn.linear_model import Lasso
    from sklearn.preprocessing import StandardScaler

    columns = ["LotArea", "GrLivArea", "1stFlrSF", "TotalBsmtSF", "GarageArea", "OverallQual", "YearBuilt", "MoSold",
               "YrSold", "BsmtUnfSF"]
    X, y = house[columns].astype(float), np.log(house["SalePrice"])
    sk = SkPipeline([("scale", StandardScaler()),
                     ("select", SelectFromModel(Lasso(alpha=0.001, random_state=0), **options))])
    sk.fit(X.iloc[:1000], y.iloc[:1000])
    exported = fepipe.from_sklearn(sk)
    assert type(exported.named_steps["select"]).__name__ == "SelectByLasso"
    out = exported.transform(X.iloc[1000:])
    assert list(out.columns) == list(sk.get_feature_names_out())
    np.testing.assert_array_equal(out.to_numpy(), sk.transform(X.iloc[1000:]))
    own = json.loads(exported.to_bytes("json"))["model"]["1:SelectByLasso"]
    assert own["threshold_"] == sk[-1].threshold_
    assert own["features_to_drop_"] == [c for c, keep in zip(columns, sk[-1].get_support()) if not keep]
    assert own["estimator_"]["coef_"]["data"] == sk[-1].estimator_.coef_.tolist()


def test_select_from_model_and_tree_searches_fepipe_lacks_are_named(reg_data):
    from sklearn.feature_selection import SelectFromModel
    from sklearn.linear_model import Lasso, Ridge

    X_train, y, _ = reg_data
    with pytest.raises(fepipe.ExportError, match=r"SelectFromModel around .*Ridge: .*only around scikit-learn's Lasso"):
        fepipe.from_sklearn(SelectFromModel(Ridge()).fit(X_train, y[:400]))
    selector = SelectFromModel(Lasso(alpha=0.01)).fit(X_train, y[:400])
    selector.threshold = "max"
    with pytest.raises(fepipe.ExportError, match=r"SelectFromModel\(threshold='max'\) is not supported"):
        fepipe.from_sklearn(selector)
    # A feature-engine tree search over parameters fepipe does not search.
    rec = load_record("decision_tree_discretiser")
    step = stand_in(rec["steps"][0][1])
    first = step.variables_[0]
    step.binner_dict_[first].best_params_ = {"max_depth": 2, "criterion": "absolute_error"}
    with pytest.raises(fepipe.ExportError, match=rf"tree search of '{first}' tunes \['criterion'\]"):
        fepipe.from_sklearn(SkPipeline([("disc", step)]))


def _models():
    from sklearn.ensemble import (
        GradientBoostingClassifier,
        GradientBoostingRegressor,
        HistGradientBoostingClassifier,
        HistGradientBoostingRegressor,
    )
    from sklearn.linear_model import Lasso, LogisticRegression
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    return {
        "lasso": (lambda: Lasso(alpha=0.01), "reg", "linear"),
        "logistic_binary": (lambda: LogisticRegression(C=0.5), "bin", "linear"),
        "logistic_multinomial": (lambda: LogisticRegression(C=0.5), "multi", "linear"),
        "tree_regressor": (lambda: DecisionTreeRegressor(max_depth=6, random_state=0), "reg", "exact"),
        "tree_classifier": (lambda: DecisionTreeClassifier(min_samples_leaf=5, random_state=0), "multi", "exact"),
        "tree_classifier_binary": (lambda: DecisionTreeClassifier(max_leaf_nodes=12, random_state=0), "bin", "exact"),
        "gb_regressor": (lambda: GradientBoostingRegressor(n_estimators=40, random_state=0), "reg", "exact"),
        "gb_regressor_huber": (lambda: GradientBoostingRegressor(loss="huber", n_estimators=30, subsample=0.7,
                                                                 random_state=0), "reg", "exact"),
        "gb_classifier": (lambda: GradientBoostingClassifier(n_estimators=40, random_state=0), "bin", "exact"),
        "gb_classifier_multi": (lambda: GradientBoostingClassifier(n_estimators=20, random_state=0), "multi",
                                "softmax"),
        "hgb_regressor": (lambda: HistGradientBoostingRegressor(max_iter=50, random_state=0), "reg", "exact"),
        "hgb_regressor_abs": (lambda: HistGradientBoostingRegressor(loss="absolute_error", max_iter=30,
                                                                    random_state=0), "reg", "exact"),
        "hgb_classifier": (lambda: HistGradientBoostingClassifier(max_iter=40, random_state=0), "bin", "exact"),
        "hgb_classifier_multi": (lambda: HistGradientBoostingClassifier(max_iter=20, random_state=0), "multi",
                                 "softmax"),
    }


def _target(y, kind):
    if kind == "reg":
        return y
    if kind == "bin":
        return (y > np.median(y)).astype(int)
    return np.digitize(y, np.quantile(y, [0.33, 0.66]))


def _compare(kind, tolerance, ref, got):
    if tolerance == "exact" or kind == "bin" and tolerance == "softmax":
        np.testing.assert_array_equal(got, ref)
    elif tolerance == "softmax":
        assert np.max(np.abs(got - ref)) <= 5e-16
    else:
        assert close(got, ref, 1e-12, 1e-14)


@pytest.mark.parametrize("name", sorted(_models()))
def test_scikit_learn_models_predict_the_same(reg_data, name):
    from sklearn.preprocessing import StandardScaler

    make, kind, tolerance = _models()[name]
    X_train, y, X_test = reg_data
    X_train, X_test = X_train.copy(), X_test.copy()
    X_train.loc[X_train.index[::17], "e"] = np.nan if name.startswith("hgb") else 0.0
    X_test.loc[X_test.index[::11], "e"] = np.nan if name.startswith("hgb") else 0.0
    y = _target(y[: len(X_train)], kind)
    pipe = SkPipeline([("scale", StandardScaler()), ("model", make())]).fit(X_train, y)
    exported = fepipe.from_sklearn(pipe)
    assert [n for n, _ in exported.steps] == ["scale", "model"]
    assert isinstance(exported.named_steps["model"], getattr(fepipe, type(pipe[-1]).__name__))
    pred = exported.predict(X_test)
    if kind == "reg":
        _compare(kind, tolerance, pipe.predict(X_test), pred)
    else:
        np.testing.assert_array_equal(pred, pipe.predict(X_test))
        _compare(kind, tolerance, pipe.predict_proba(X_test), exported.predict_proba(X_test))
    # Learned attributes read back under scikit-learn's names.
    model = exported.named_steps["model"]
    if hasattr(pipe[-1], "coef_"):
        np.testing.assert_array_equal(model.coef_, pipe[-1].coef_)
    if hasattr(pipe[-1], "feature_importances_") and not name.startswith("hgb"):
        np.testing.assert_array_equal(model.feature_importances_, pipe[-1].feature_importances_)


def test_hist_gradient_boosting_categorical_features():
    from sklearn.ensemble import HistGradientBoostingRegressor

    rng = np.random.RandomState(3)
    n = 800
    X = pd.DataFrame({"x": rng.standard_normal(n), "cat": rng.randint(0, 40, n).astype(float)})
    X.loc[::13, "cat"] = np.nan
    y = X["x"] + np.where(X["cat"].fillna(-1) % 3 == 0, 2.0, -1.0) + 0.1 * rng.standard_normal(n)
    model = HistGradientBoostingRegressor(categorical_features=[1], max_iter=30, random_state=0)
    model.fit(X.iloc[:600], y[:600])
    exported = fepipe.from_sklearn(model)
    X_test = X.iloc[600:].copy()
    X_test.iloc[:5, 1] = [41.0, 45.0, 60.0, 0.0, 39.0]  # codes never seen at fit follow the missing values
    np.testing.assert_array_equal(exported.predict(X_test), model.predict(X_test))
    assert exported.named_steps["histgradientboostingregressor"].get_params()["categorical_features"] == ["cat"]


def test_numpy_input_names_columns_x0_x1(reg_data):
    from sklearn.tree import DecisionTreeRegressor

    X_train, y, X_test = reg_data
    model = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X_train.to_numpy(), y[:400])
    exported = fepipe.from_sklearn(model)
    np.testing.assert_array_equal(exported.predict(X_test.to_numpy()), model.predict(X_test.to_numpy()))
    assert exported.feature_names_in_ == ["x0", "x1", "x2", "x3", "x4"]


@pytest.mark.parametrize("name", ["logit", "gbm"])
def test_exported_course_pipeline_file_predicts_the_same_in_cpp(name, tmp_path, model_check):
    # The exported model is an ordinary model file: the C++ host predicts the same bits.
    from test_model_files import cpp_predictions

    rec = load_record(f"titanic_{name}")
    _, X_test, _, _ = _titanic_split()
    exported = fepipe.from_sklearn(pipeline_of(rec))
    path = tmp_path / "titanic.fpm"
    fepipe.save_model(exported, path)
    proba = exported.predict_proba(X_test)
    np.testing.assert_array_equal(fepipe.load_model(path).predict_proba(X_test), proba)
    np.testing.assert_array_equal(cpp_predictions(model_check, path, X_test, tmp_path), proba)


# --- user converters ---------------------------------------------------------------------------


class Mapper:
    """A course user step: labels -> numbers by a fixed mapping (what the House Prices course's
    Mapper does). fepipe has no Mapper, but OrdinalEncoder's state is such a mapping."""

    def __init__(self, variables, mapping):
        self.variables, self.mapping = variables, mapping

    def fit(self, X, y=None):
        self.feature_names_in_ = list(X.columns)
        return self

    def transform(self, X):
        X = X.copy()
        for v in self.variables:
            X[v] = X[v].map(self.mapping)
        return X


def mapper_to_ordinal_encoder(est, ctx):
    ctx.require(est.variables, fepipe._export.CATEGORICAL)
    learned = {"feature_names_in_": ctx.schema(), "variables_": list(est.variables),
               "encoder_dict_": [[v, [[k, float(x)] for k, x in est.mapping.items()]] for v in est.variables]}
    return fepipe._export.State("OrdinalEncoder", {"encoding_method": "arbitrary", "variables": est.variables,
                                                   "unseen": "ignore"},
                                learned, ctx.outputs(ctx.names, {v: fepipe._export.NUMERIC for v in est.variables}))


def test_register_converter_exports_a_user_step(house):
    from sklearn.linear_model import Lasso

    X = house[["ExterQual", "KitchenQual", "GrLivArea"]]
    y = np.log(house["SalePrice"])
    mapping = {"Po": 1, "Fa": 2, "TA": 3, "Gd": 4, "Ex": 5}
    pipe = SkPipeline([("map", Mapper(["ExterQual", "KitchenQual"], mapping)), ("lasso", Lasso(alpha=0.001))])
    pipe.fit(X, y)
    with pytest.raises(fepipe.ExportError, match="step 'map'.*Mapper has no fepipe equivalent"):
        fepipe.from_sklearn(pipe)
    fepipe.register_converter(Mapper, mapper_to_ordinal_encoder)
    try:
        exported = fepipe.from_sklearn(pipe)
    finally:
        fepipe._export._USER.pop(Mapper)
    assert type(exported.named_steps["map"]).__name__ == "OrdinalEncoder"
    assert close(exported.predict(X), pipe.predict(X), 1e-12, 1e-14)
    with pytest.raises(TypeError, match="expected a class"):
        fepipe.register_converter("Mapper", mapper_to_ordinal_encoder)
    with pytest.raises(TypeError, match="callable"):
        fepipe.register_converter(Mapper, None)


# --- errors -------------------------------------------------------------------------------------------


def test_export_error_is_a_value_error():
    assert issubclass(fepipe.ExportError, ValueError) and issubclass(fepipe.ExportError, fepipe.Error)


def test_unsupported_class_is_named(reg_data):
    from sklearn.decomposition import PCA
    from sklearn.linear_model import Ridge

    X_train, y, _ = reg_data
    pipe = SkPipeline([("pca", PCA(n_components=2)), ("ridge", Ridge())]).fit(X_train, y[:400])
    with pytest.raises(fepipe.ExportError, match=r"step 'pca': sklearn\.decomposition.*PCA has no fepipe equivalent") as e:
        fepipe.from_sklearn(pipe)
    assert e.value.step == "pca"
    with pytest.raises(fepipe.ExportError, match="step 'ridge'.*Ridge has no fepipe equivalent"):
        fepipe.from_sklearn(Ridge().fit(X_train, y[:400]))


def test_unfitted_input_is_refused():
    from sklearn.ensemble import GradientBoostingRegressor
    from sklearn.preprocessing import StandardScaler

    with pytest.raises(fepipe.ExportError, match="not fitted"):
        fepipe.from_sklearn(SkPipeline([("scale", StandardScaler()), ("gb", GradientBoostingRegressor())]))
    with pytest.raises(fepipe.ExportError, match="step 'gradientboostingregressor'.*not fitted"):
        fepipe.from_sklearn(GradientBoostingRegressor())
    rec = load_record("rare_label_encoder")
    half = stand_in(rec["steps"][0][1])
    del half.encoder_dict_
    with pytest.raises(fepipe.ExportError, match="RareLabelEncoder is not fitted .*encoder_dict_"):
        fepipe.from_sklearn(SkPipeline([("rare", half)]))


def test_unsupported_option_values_are_named(reg_data):
    from sklearn.dummy import DummyRegressor
    from sklearn.ensemble import GradientBoostingRegressor, HistGradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression

    X_train, y, _ = reg_data
    y3 = _target(y[:400], "multi")
    ovr = LogisticRegression(multi_class="ovr").fit(X_train, y3)
    with pytest.raises(fepipe.ExportError, match="one-vs-rest"):
        fepipe.from_sklearn(ovr)
    init = GradientBoostingRegressor(init=DummyRegressor(), n_estimators=5).fit(X_train, y[:400])
    with pytest.raises(fepipe.ExportError, match=r"init=DummyRegressor\(\)"):
        fepipe.from_sklearn(init)
    mono = HistGradientBoostingRegressor(monotonic_cst=[1, 0, 0, 0, 0], max_iter=5).fit(X_train, y[:400])
    with pytest.raises(fepipe.ExportError, match="monotonic_cst"):
        fepipe.from_sklearn(mono)
    labels = LogisticRegression().fit(X_train, np.where(y3 == 1, "b", "a"))
    with pytest.raises(fepipe.ExportError, match=r"classes_ are \['a', 'b'\].*relabel_classes=True"):
        fepipe.from_sklearn(labels)
    relabelled = fepipe.from_sklearn(labels, relabel_classes=True)
    np.testing.assert_array_equal(labels.classes_[relabelled.predict(X_train)], labels.predict(X_train))
    # feature-engine options fepipe does not have
    rec = load_record("categorical_imputer_missing")
    step = stand_in(rec["steps"][0][1])
    step.return_object = True
    with pytest.raises(fepipe.ExportError, match=r"return_object=True"):
        fepipe.from_sklearn(SkPipeline([("imp", step)]))
    step.return_object = False
    step.imputer_dict_ = {k: 0 for k in step.imputer_dict_}
    with pytest.raises(fepipe.ExportError, match="non-text value"):
        fepipe.from_sklearn(SkPipeline([("imp", step)]))
    rec = load_record("ordinal_encoder_arbitrary")
    step = stand_in(rec["steps"][0][1])
    step.encoding_method = "weird"
    with pytest.raises(fepipe.ExportError, match="step 'enc': its options have no fepipe equivalent.*encoding_method"):
        fepipe.from_sklearn(SkPipeline([("enc", step)]))
    step = stand_in(rec["steps"][0][1])
    first = step.variables_[0]
    step.encoder_dict_[first][np.nan] = 99
    with pytest.raises(fepipe.ExportError, match="encodes missing values"):
        fepipe.from_sklearn(SkPipeline([("enc", step)]))


def test_inconsistent_states_are_refused_by_the_loader(reg_data):
    from sklearn.preprocessing import StandardScaler

    X_train, _, _ = reg_data
    rec = load_record("mean_median_imputer_median")
    step = stand_in(rec["steps"][0][1])
    step.imputer_dict_ = {"not_a_column": 1.0}
    with pytest.raises(fepipe.ExportError, match="loader refused"):
        fepipe.from_sklearn(SkPipeline([("imp", step)]))
    scaler = StandardScaler().fit(X_train)
    scaler.scale_ = scaler.scale_[:2]
    with pytest.raises(fepipe.ExportError, match="loader refused"):
        fepipe.from_sklearn(scaler)


def test_columns_and_kinds_are_checked(house, reg_data):
    from sklearn.preprocessing import StandardScaler

    rec = load_record("mean_median_imputer_mean")
    imputer = stand_in(rec["steps"][0][1])  # fitted on 3 numbers and Neighborhood, which it passes through
    with pytest.raises(fepipe.ExportError, match=r"no step tells whether the column\(s\) \['Neighborhood'\]"):
        fepipe.from_sklearn(SkPipeline([("imp", imputer)]))
    assert fepipe.from_sklearn(SkPipeline([("imp", imputer)]), categorical=["Neighborhood"]).feature_names_in_ == \
        rec["columns"]
    # Neighborhood is a label column: a scikit-learn scaler after it cannot read it.
    scaler = StandardScaler().fit(np.zeros((3, 4)))
    scaler.feature_names_in_ = np.array(rec["columns"], dtype=object)
    with pytest.raises(fepipe.ExportError, match="column 'Neighborhood' is numeric here, but categorical"):
        fepipe.from_sklearn(SkPipeline([("imp", imputer), ("scale", scaler)]), categorical=["Neighborhood"])
    # A step fitted on other columns than the previous steps give.
    X_train, _, _ = reg_data
    other = StandardScaler().fit(X_train)
    with pytest.raises(fepipe.ExportError, match="step 'scale': it was fitted on the columns"):
        fepipe.from_sklearn(SkPipeline([("imp", imputer), ("scale", other)]), categorical=["Neighborhood"])


def test_bad_converters_are_named():
    class Odd:
        pass

    odd = Odd()
    odd.feature_names_in_ = ["a"]

    def wrong_member(est, ctx):
        ctx.require(ctx.names, fepipe._export.NUMERIC)
        return fepipe._export.State("MeanMedianImputer", {}, {"nope_": 1}, ctx.outputs(ctx.names))

    def wrong_class(est, ctx):
        ctx.require(ctx.names, fepipe._export.NUMERIC)
        return fepipe._export.State("NoSuchClass", {}, {}, ctx.outputs(ctx.names))

    def wrong_type(est, ctx):
        ctx.require(ctx.names, fepipe._export.NUMERIC)
        return ["not a state"]

    for fn, message in [(wrong_member, r"members \['nope_'\] that fepipe's MeanMedianImputer does not have"),
                        (wrong_class, "'NoSuchClass', which fepipe does not have"),
                        (wrong_type, "returned str")]:
        fepipe.register_converter(Odd, fn)
        try:
            with pytest.raises(fepipe.ExportError, match=message):
                fepipe.from_sklearn(odd, categorical=[])
        finally:
            fepipe._export._USER.pop(Odd)


def test_docs_export_example_runs(tmp_path, monkeypatch):
    import re
    import runpy

    from conftest import DATA, ROOT

    text = open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8").read()
    section = text[text.index("## Exporting a fitted scikit-learn"):]
    code = re.findall(r"```python\n(.*?)```", section, re.S)
    script = tmp_path / "export.py"
    script.write_text(code[0].replace('"data/houseprice.csv"', repr(os.path.join(DATA, "houseprice.csv"))))
    monkeypatch.chdir(tmp_path)
    namespace = runpy.run_path(str(script))
    assert (tmp_path / "gbm.fpm").exists()
    loaded = fepipe.load_model(tmp_path / "gbm.fpm")
    np.testing.assert_array_equal(loaded.predict(namespace["X"]), namespace["sk"].predict(namespace["X"]))
    # The converter shown registers and exports the course's Mapper.
    user = {"fepipe": fepipe, "Mapper": Mapper}
    exec(compile(code[1], "docs-converter", "exec"), user)
    try:
        assert fepipe._export._USER[Mapper] is user["mapper_to_ordinal_encoder"]
        X = load_houseprice()[["ExterQual", "GrLivArea"]]
        from sklearn.linear_model import Lasso

        sk = SkPipeline([("map", Mapper(["ExterQual"], {"Fa": 1, "TA": 2, "Gd": 3, "Ex": 4})),
                         ("lasso", Lasso(alpha=0.01))]).fit(X, np.log(load_houseprice()["SalePrice"]))
        assert close(fepipe.from_sklearn(sk).predict(X), sk.predict(X), 1e-12, 1e-14)
    finally:
        fepipe._export._USER.pop(Mapper)
