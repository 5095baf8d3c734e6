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
