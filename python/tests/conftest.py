"""Shared data and helpers of the Python package's tests.

The data are the repository's: the course data in data/ and the reference
files in tests/data/ that the C++ tests compare with (written by
tools/reference/*.py from scikit-learn and feature-engine).
"""

import os
import re

import numpy as np
import pandas as pd
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "data")
TEST_DATA = os.path.join(ROOT, "tests", "data")


def reference_path(rel):
    return os.path.join(TEST_DATA, "reference", rel)


def read_reference_frame(rel):
    """A reference frame as the C++ tests read it: only empty fields are missing."""
    return pd.read_csv(reference_path(rel), keep_default_na=False, na_values=[""])


def read_input_frame(name):
    return pd.read_csv(os.path.join(TEST_DATA, "inputs", name + ".csv"), keep_default_na=False, na_values=[""])


def read_attribute(rel):
    """Rows (variable, key, value-as-text) of a <case>__<attribute>.csv file."""
    df = pd.read_csv(reference_path(rel), dtype=str, keep_default_na=False)
    return list(df.itertuples(index=False, name=None))


def number(text):
    return float(text) if text != "" else float("nan")


def close(actual, expected, rel, abs_=0.0):
    """The C++ tests' fepipe_test::close: NaN matches NaN, inf matches inf."""
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    same_nan = np.isnan(a) & np.isnan(e)
    same_inf = np.isinf(a) & (a == e)
    near = np.abs(a - e) <= np.maximum(abs_, rel * np.abs(e))
    return bool(np.all(same_nan | same_inf | near))


def assert_frame_close(actual, expected, rel, abs_=0.0):
    """tests/support/reference.hpp's check_frame_close: numbers within rel, labels equal."""
    assert list(actual.columns) == list(expected.columns)
    assert len(actual) == len(expected)
    for c in expected.columns:
        e = expected[c]
        a = actual[c]
        if e.dtype.kind in "biuf":
            assert a.dtype.kind == "f", c
            assert close(a.to_numpy(), e.to_numpy(dtype=float), rel, abs_), c
        else:
            assert a.dtype == object, c
            am, em = a.isna().to_numpy(), e.isna().to_numpy()
            assert (am == em).all(), c
            assert (a[~am].astype(str).to_numpy() == e[~em].astype(str).to_numpy()).all(), c


def load_houseprice():
    """House Prices as the course (and the reference generators) read it: MSSubClass categorical."""
    df = pd.read_csv(os.path.join(DATA, "houseprice.csv"))
    df["MSSubClass"] = df["MSSubClass"].astype("O")
    return df


def _title(name):
    for t in ("Mrs", "Mr", "Miss", "Master"):
        if re.search(t, name):
            return t
    return "Other"


def load_titanic():
    """Titanic with the course's preprocessing done in pandas (tools/reference/common.py):
    '?' missing, cabin's first token, the title from the name, numbers as floats."""
    df = pd.read_csv(os.path.join(DATA, "titanic.csv"))
    df = df.replace("?", np.nan)
    df["cabin"] = df["cabin"].str.split().str[0]
    df["title"] = df["name"].apply(_title)
    df["fare"] = df["fare"].astype(float)
    df["age"] = df["age"].astype(float)
    df = df.drop(columns=["name", "ticket", "boat", "body", "home.dest"])
    return df


@pytest.fixture(scope="session")
def house():
    return load_houseprice()


@pytest.fixture(scope="session")
def titanic():
    return load_titanic()


@pytest.fixture(scope="session")
def model_check():
    """The C++ host (python/src/model_check.cpp) that the CMake build makes beside the module."""
    path = os.environ.get("FEPIPE_MODEL_CHECK")
    if not path:
        import fepipe

        path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(fepipe.__file__))), "model_check")
    assert os.path.exists(path), (
        f"{path}: the C++ model_check program is missing: build the target fepipe_python_model_check "
        "or set FEPIPE_MODEL_CHECK"
    )
    return path
