"""Stand-ins of recorded scikit-learn / feature-engine objects (tests/data/export/, written by
tools/reference/export_feature_engine.py: feature-engine cannot be installed in CI): objects of
the recorded class name and module carrying the recorded attributes, which fepipe.from_sklearn
takes for the real ones. Used by test_export.py and examples/python_house_prices."""

import json
import os

import numpy as np
from sklearn.pipeline import Pipeline as SkPipeline

EXPORT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "export")


# --- stand-ins rebuilt from the records ----------------------------------------------------


class _Tree:
    def __init__(self, arrays):
        for k, v in arrays.items():
            setattr(self, k, v)


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "__array__" in v:
        if v["dtype"] == "object":
            a = np.empty(len(v["__array__"]), dtype=object)
            a[:] = [decode(x) for x in v["__array__"]]
            return a.reshape(v["shape"])
        return np.asarray(v["__array__"], dtype=np.dtype(v["dtype"])).reshape(v["shape"])
    if "__dict__" in v:
        return {decode(k): decode(x) for k, x in v["__dict__"]}
    if "__tree__" in v:
        return _Tree({k: decode(x) for k, x in v["__tree__"].items()})
    if "class" in v and "attributes" in v:
        return stand_in(v)
    raise AssertionError(f"unknown record {list(v)[:3]}")


_SHIMS = {}


def stand_in(rec):
    """An object of a class named as the recorded one (same module, so the exporter takes it
    for the real class) with the recorded attributes and method results."""
    key = (rec["module"], rec["class"], tuple(sorted(rec["methods"])))
    if key not in _SHIMS:
        methods = {}
        for name in rec["methods"]:
            if name == "get_feature_names_out":
                methods[name] = lambda self, input_features=None: list(self._recorded["get_feature_names_out"])
            elif name == "_raw_predict_init":
                methods[name] = lambda self, X: np.tile(self._recorded["_raw_predict_init"], (len(X), 1))
            else:
                raise AssertionError(f"no stand-in for the method {name}")
        _SHIMS[key] = type(rec["class"], (), {"__module__": rec["module"], **methods})
    obj = _SHIMS[key]()
    obj._recorded = {k: decode(v) for k, v in rec["methods"].items()}
    if "_raw_predict_init" in obj._recorded:
        obj._recorded["_raw_predict_init"] = np.asarray(obj._recorded["_raw_predict_init"])
    for k, v in rec["attributes"].items():
        setattr(obj, k, decode(v))
    return obj


def _text(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v


def load_record(case):
    with open(os.path.join(EXPORT, case + ".json")) as f:
        return json.load(f)


def pipeline_of(rec):
    return SkPipeline([(name, stand_in(step)) for name, step in rec["steps"]])


