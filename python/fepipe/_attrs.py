"""Learned attributes of a fitted step, decoded from its model-file members.

A step's part of a model file names its learned members as the reference
class's attributes (``imputer_dict_``, ``encoder_dict_``, ``coef_``...), so
the attributes of every class come from one decoder, driven by the JSON the
step writes, never by a table per class. What the JSON does not say is
decided by the names, following feature-engine's and scikit-learn's own
naming:

- ``{"rows", "cols", "data"}`` is an Eigen matrix (column-major data): a
  numpy array, one-dimensional when it is a vector (``cols == 1``), as
  scikit-learn's ``coef_`` of Lasso, ``feature_importances_``...
- A list of ``[str, value]`` pairs with distinct keys is a dict
  (``Dict<T>`` in C++). JSON cannot tell a dict of strings
  (CategoricalImputer's ``imputer_dict_``) from a list of two-element
  lists of strings (DropDuplicateFeatures' ``duplicated_feature_sets_``):
  pairs of two strings are a dict only under a name ending in ``_dict_``.
  Names ending in ``_sets_`` are lists of sets, as feature-engine's.
- An empty list is ``{}`` under a name ending in ``_dict_`` or
  ``_caps_`` (feature-engine's empty ``left_tail_caps_`` is ``{}``), else
  ``[]``.
- A non-empty top-level list of numbers is a numpy array (scikit-learn's
  ``mean_``, ``scale_``...); lists of names stay lists (``variables_``).
- ``feature_names_in_`` is the list of input names; ``n_features_in_`` its length.
"""

import json
import numbers

import numpy as np

_SKIPPED = ("version", "options")


def _is_matrix(v):
    return isinstance(v, dict) and set(v) == {"rows", "cols", "data"}


def _matrix(v):
    rows, cols = int(v["rows"]), int(v["cols"])
    data = np.asarray(v["data"], dtype=np.float64).reshape((cols, rows)).T
    return np.ascontiguousarray(data[:, 0] if cols == 1 else data)


def _pairs(v):
    """True for a non-empty list of [str, value] pairs with distinct keys."""
    if not isinstance(v, list) or not v:
        return False
    keys = set()
    for item in v:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)) or item[0] in keys:
            return False
        keys.add(item[0])
    return True


def _value(v, dict_name=False):
    if _is_matrix(v):
        return _matrix(v)
    if _pairs(v) and (dict_name or not all(isinstance(item[1], str) for item in v)):
        return {k: _value(x) for k, x in v}
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _member(name, v):
    dict_name = name.endswith("_dict_")
    if isinstance(v, list) and not v:
        return {} if dict_name or name.endswith("_caps_") else []
    if name.endswith("_sets_") and isinstance(v, list):
        return [set(s) for s in v]
    if (
        isinstance(v, list)
        and all(isinstance(x, numbers.Number) for x in v)
    ):
        return np.asarray(v)
    return _value(v, dict_name)


def decode(model_json):
    """The learned attributes of a step's model JSON ({"model": {...}})."""
    model = json.loads(model_json)["model"]
    out = {}
    for name, v in model.items():
        if name in _SKIPPED:
            continue
        if name == "feature_names_in_":
            names = [c["name"] for c in v["columns"]]
            out["feature_names_in_"] = names
            out["n_features_in_"] = len(names)
            continue
        out[name] = _member(name, v)
    return out
