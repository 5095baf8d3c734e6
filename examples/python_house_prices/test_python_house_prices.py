"""The example's checks (run by tools/ci/stages/55-python.sh): the course
pipeline fitted from Python with the user module gives the course's
test_r2, and its model file, loaded by the C++ host predict_house_prices,
predicts the same bits, which are also those of the pipeline fitted in C++
(same file, byte for byte).

    PYTHONPATH=<build>/python python3 -m pytest examples/python_house_prices
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import fepipe
import house_prices_fepipe as hp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import house_prices  # noqa: E402  (the example script)

HOST = os.environ.get("FEPIPE_PREDICT_HOUSE_PRICES") or os.path.join(
    os.path.dirname(os.path.abspath(hp.__file__)), "predict_house_prices")


@pytest.fixture(scope="module")
def course():
    X, y = house_prices.load()
    return house_prices.split(X, y)


@pytest.mark.parametrize("name", ["house_prices.fpm", "house_prices.json"])
def test_python_fit_is_the_course_and_cpp_predicts_its_bits(name, tmp_path, capsys):
    path = str(tmp_path / name)
    pipe, X_test, pred = house_prices.main(["house_prices.py", house_prices.DATA, path])
    out = capsys.readouterr().out
    assert "test_r2=0.8854" in out
    assert "built-in classes only: test_r2=0.8847" in out
    assert len(pred) == 146
    assert os.path.exists(HOST), f"{HOST}: build the target predict_house_prices"
    run = subprocess.run([HOST, path, house_prices.DATA], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[:3] == ["test_r2=0.8854", "same_as_cpp_fit=1", "same_file_as_cpp_fit=1"]
    cpp = np.array([float.fromhex(v) for v in lines[3:]])
    assert cpp.tobytes() == pred.tobytes()
    # The records path of the loaded file, from Python.
    loaded = hp.load_model(path)
    assert np.array([loaded.predict_one(r) for r in X_test.to_dict("records")]).tobytes() == pred.tobytes()


def test_user_steps_are_classes_of_the_module(course):
    X_train, X_test, y_train, _ = course
    assert {"ElapsedTime", "Mapper", "Lasso"} <= set(hp.step_classes)
    step = hp.ElapsedTime(variables=["YearRemodAdd"], reference="YrSold")
    assert step.get_params() == {"variables": ["YearRemodAdd"], "reference": "YrSold"}
    assert repr(step) == "ElapsedTime(variables=['YearRemodAdd'], reference='YrSold')"
    assert type(step).__module__ == "house_prices_fepipe"
    with pytest.raises(fepipe.ParameterError, match="variables is empty"):
        hp.ElapsedTime(variables=[], reference="YrSold")
    with pytest.raises(fepipe.ParameterError, match="unknown option 'colour'"):
        hp.Mapper(variables=["ExterQual"], mapping={"Gd": 4}, colour="red")
    pipe = house_prices.pipeline().fit(X_train, y_train)
    assert pipe.named_steps["elapsed_time"].reference_ == "YrSold"
    assert pipe[:5].transform(X_test.head(2))["YearRemodAdd"].tolist() == (
        X_test.head(2)["YrSold"] - X_test.head(2)["YearRemodAdd"]).astype(float).tolist()


def test_errors_of_user_steps_name_their_column(course):
    X_train, X_test, y_train, _ = course
    pipe = house_prices.pipeline().fit(X_train, y_train)
    bad = X_test.head(3).copy()
    bad.loc[bad.index[1], "ExterQual"] = "Superb"
    with pytest.raises(fepipe.UnseenCategoryError, match="Superb") as info:
        pipe.predict(bad)
    assert (info.value.step, info.value.column) == ("Mapper", "ExterQual")
    record = dict(X_test.iloc[0].to_dict(), YrSold=None)
    with pytest.raises(fepipe.DataError, match="missing") as info:
        pipe.predict_one(record)
    assert info.value.column == "YrSold"


def test_modules_do_not_mix(course, tmp_path):
    X_train, _, y_train, _ = course
    with pytest.raises(TypeError, match="step 'lasso' is a fepipe.Lasso.*build every step of a pipeline from one module"):
        fepipe.Pipeline([("elapsed", hp.ElapsedTime(variables=["YearRemodAdd"], reference="YrSold")),
                         ("lasso", fepipe.Lasso())])
    path = tmp_path / "m.fpm"
    fepipe.save_model(house_prices.pipeline().fit(X_train, y_train), path)
    # fepipe's own registry has no ElapsedTime: the file names it.
    with pytest.raises(fepipe.ModelFormatError, match="'ElapsedTime', which is not registered"):
        fepipe.load_model(path)
    assert hp.load_model_from_bytes(path.read_bytes()).to_bytes() == path.read_bytes()


# --- the course pipeline of scikit-learn + feature-engine, exported ------------------------------

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python", "tests"))
import export_records  # noqa: E402  (stand-ins of recorded objects: python/tests/export_records.py)


def elapsed_time_state(est, ctx):
    """course.ElapsedTime (Python) -> the module's ElapsedTime (C++): variables := reference - variables."""
    ctx.require([*est.variables, est.reference], fepipe._export.NUMERIC)
    learned = {"variables_": list(est.variables), "reference_": est.reference, "schema_": ctx.schema()}
    return fepipe._export.State("ElapsedTime", {"variables": list(est.variables), "reference": est.reference},
                                learned, ctx.outputs(ctx.names))


def mapper_state(est, ctx):
    """course.Mapper (Python) -> the module's Mapper (C++): a fixed label -> number map."""
    ctx.require(est.variables, fepipe._export.CATEGORICAL)
    mapping = [[k, float(v)] for k, v in sorted(est.mappings.items())]
    learned = {"variables_": list(est.variables), "mapping": mapping, "schema_": ctx.schema()}
    return fepipe._export.State("Mapper", {"variables": list(est.variables), "mapping": dict(est.mappings)},
                                learned, ctx.outputs(ctx.names, {v: fepipe._export.NUMERIC for v in est.variables}))


def test_the_course_pipeline_of_scikit_learn_and_feature_engine_exports_with_its_user_steps(course, tmp_path):
    # Recorded from real feature-engine 1.6.2 and scikit-learn fits of course.sklearn_pipeline()
    # by tools/reference/export_feature_engine.py (feature-engine cannot be installed in CI).
    rec = export_records.load_record("house_prices_course")
    _, X_test, _, y_test = course
    assert [int(i) for i in X_test.index] == rec["test_index"]
    source = export_records.pipeline_of(rec)
    # Its two Python steps are the course's own: without converters, the exporter names them.
    with pytest.raises(fepipe.ExportError, match="step 'elapsed_time'.*ElapsedTime has no fepipe equivalent"):
        fepipe.from_sklearn(source, module=hp)
    fepipe.register_converter(type(source.named_steps["elapsed_time"]), elapsed_time_state)
    fepipe.register_converter(type(source.named_steps["mapper_exterqual"]), mapper_state)
    try:
        # The converters produce the module's classes: fepipe's own registry does not have them.
        with pytest.raises(fepipe.ExportError, match="'ElapsedTime', which fepipe does not have; .*module="):
            fepipe.from_sklearn(source)
        exported = fepipe.from_sklearn(source, module=hp)
    finally:
        fepipe._export._USER.clear()
    assert [n for n, _ in exported.steps] == [n for n, _ in rec["steps"]]
    pred = exported.predict(X_test)
    # The tolerance: 1e-12 on log price against scikit-learn + feature-engine.
    assert np.max(np.abs(pred - np.asarray(rec["predict"]))) <= 1e-12
    assert f"{house_prices.r2(y_test, pred):.4f}" == "0.8854"
    # The exported file in C++: the course's compile-time Pipeline type loads it (the same steps
    # as the C++ course pipeline) and predicts Python's bits.
    path = str(tmp_path / "exported.fpm")
    hp.save_model(exported, path)
    run = subprocess.run([HOST, path, house_prices.DATA], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "test_r2=0.8854"
    cpp = np.array([float.fromhex(v) for v in lines[3:]])
    assert cpp.tobytes() == pred.tobytes()
