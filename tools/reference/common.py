"""Shared helpers for the reference generators.

Every generator in this folder writes CSV files under tests/data/reference/
that the C++ tests read back with fepipe::read_csv:
  - numbers as Python repr (round-trips exactly), NaN as an empty field,
    infinities as "inf" / "-inf";
  - labels as text (quoted by the csv module when needed);
  - `<family>/<case>__<attribute>.csv` for learned attributes: columns
    `variable,key,value` (key empty when the attribute is one number per
    variable), and `<family>/<case>__transform.csv` for transformed frames.

Run with Debian's interpreter: /usr/bin/python3 (scikit-learn 1.2, pandas 1.5,
scipy 1.10). Generators that need feature-engine 1.6.2 import it from the
folder named by FEATURE_ENGINE_PATH; see tools/reference/README.md.
"""
import csv
import math
import os
import sys

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "data")
OUT = os.path.join(ROOT, "tests", "data", "reference")


def use_feature_engine():
    """Puts feature-engine 1.6.2 (extracted from its repository) on sys.path."""
    path = os.environ.get("FEATURE_ENGINE_PATH")
    if not path or not os.path.isdir(os.path.join(path, "feature_engine")):
        sys.exit("set FEATURE_ENGINE_PATH to a folder holding feature-engine 1.6.2's feature_engine/ "
                 "(see tools/reference/README.md)")
    sys.path.insert(0, path)
    import feature_engine
    assert feature_engine.__version__ == "1.6.2", feature_engine.__version__
    return feature_engine


def fmt(v):
    """One cell: repr for floats, '' for NaN/None, text otherwise."""
    if v is None:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isnan(v):
            return ""
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    return str(v)


def out_path(family, name):
    d = os.path.join(OUT, family)
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, name)


def write_frame(family, case, df, suffix="transform"):
    """Writes a DataFrame (or 2-D array with column names) as `<case>__<suffix>.csv`."""
    path = out_path(family, f"{case}__{suffix}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            w.writerow([fmt(v) for v in row])
    return path


def write_attribute(family, case, name, value):
    """Writes a learned attribute as rows variable,key,value.

    value may be a number, a list, a dict var -> number, a dict var -> list,
    or a dict var -> dict key -> number."""
    path = out_path(family, f"{case}__{name}.csv")
    rows = []
    if isinstance(value, dict):
        for var, v in value.items():
            if isinstance(v, dict):
                for k, x in v.items():
                    rows.append((var, k, x))
            elif isinstance(v, (list, tuple, np.ndarray)):
                for i, x in enumerate(v):
                    rows.append((var, i, x))
            else:
                rows.append((var, "", v))
    elif isinstance(value, (list, tuple, np.ndarray)):
        for i, x in enumerate(value):
            rows.append(("", i, x))
    else:
        rows.append(("", "", value))
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["variable", "key", "value"])
        for var, k, x in rows:
            w.writerow([fmt(var), fmt(k), fmt(x)])
    return path


def write_input(name, df):
    """Writes a hand-made input frame to tests/data/inputs/<name>.csv."""
    d = os.path.join(ROOT, "tests", "data", "inputs")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f"{name}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            w.writerow([fmt(v) for v in row])
    return path


def load_houseprice():
    """House Prices as the course reads it: MSSubClass categorical."""
    df = pd.read_csv(os.path.join(DATA, "houseprice.csv"))
    df["MSSubClass"] = df["MSSubClass"].astype("O")
    return df


def load_titanic():
    """Titanic with the course's preprocessing (first cabin token, title)."""
    df = pd.read_csv(os.path.join(DATA, "titanic.csv"))
    df = df.replace("?", np.nan)

    def first_cabin(row):
        try:
            return row.split()[0]
        except AttributeError:
            return np.nan

    def title(passenger):
        line = passenger
        if re_search("Mrs", line):
            return "Mrs"
        if re_search("Mr", line):
            return "Mr"
        if re_search("Miss", line):
            return "Miss"
        if re_search("Master", line):
            return "Master"
        return "Other"

    def re_search(pat, s):
        import re
        return re.search(pat, s) is not None

    df["cabin"] = df["cabin"].apply(first_cabin)
    df["title"] = df["name"].apply(title)
    df["fare"] = df["fare"].astype("float")
    df["age"] = df["age"].astype("float")
    df.drop(labels=["name", "ticket", "boat", "body", "home.dest"], axis=1, inplace=True)
    return df
