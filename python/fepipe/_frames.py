"""Conversion between pandas / numpy data and the extension's frames.

The extension takes a frame as ``(rows, [(name, data), ...])`` where data is
a float64 array (a numeric column) or ``(int32 codes, [labels])`` (a
categorical one, code -1 = missing), and gives transforms back the same way.
Everything here is per column, never per cell: numeric columns go over as
numpy buffers (pandas keeps a float64 column contiguous, so it is not even
copied), object / string columns are factorised once by pandas, category
columns give their codes as they are.

Kinds follow feature-engine's selection of variables: numbers are numeric,
object / string / category columns categorical. Booleans are numeric (0/1):
fepipe has no boolean kind. Missing values are NaN (numeric) and
None / NaN / pd.NA (categorical).
"""

import numpy as np
import pandas as pd

from . import _core
from ._errors import DataError, SchemaError


def _schema_error(column, what):
    # As the C++ errors: "step: column 'name': what", with .step and .column.
    err = SchemaError(f"Frame: column '{column}': {what}")
    err.step, err.column = "Frame", column
    return err


def _column_name(name):
    return name if isinstance(name, str) else str(name)


def _categorical(values, name):
    # Columns of str and missing values, the usual case: factorized in C++
    # (_core.factorize_strings, pandas' result at a fraction of its cost).
    fast = _core.factorize_strings(values)
    if fast is not None:
        return fast
    # pd.factorize: one pass in C, missing values (None, NaN, pd.NA) -> -1,
    # labels in order of first appearance as fepipe's own readers make them.
    codes, uniques = pd.factorize(values)
    labels = uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)
    if not all(isinstance(v, str) for v in labels):
        # fepipe's labels are strings; a non-string label (an int in an
        # object column) is its text, as read_csv would have read it.
        labels = [v if isinstance(v, str) else str(v) for v in labels]
    return (np.asarray(codes, dtype=np.int32), labels)


_FLOAT64 = np.dtype(np.float64)
_INT64 = np.dtype(np.int64)
_OBJECT = np.dtype(object)


def _series_data(s, name):
    dtype = s.dtype
    # The common dtypes first, without pandas' dtype predicates (a few µs
    # each, per column: most of a small frame's conversion).
    if dtype is _FLOAT64 or dtype == _FLOAT64:
        return s.to_numpy()
    if dtype == _INT64:
        return s.to_numpy().astype(np.float64)
    if dtype == _OBJECT:
        return _categorical(s.to_numpy(), name)
    if isinstance(dtype, pd.CategoricalDtype):
        cats = s.cat.categories
        labels = [v if isinstance(v, str) else str(v) for v in cats.tolist()]
        return (np.asarray(s.cat.codes.to_numpy(), dtype=np.int32), labels)
    if pd.api.types.is_bool_dtype(dtype):
        if isinstance(dtype, np.dtype):
            return s.to_numpy().astype(np.float64)
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        if isinstance(dtype, np.dtype):
            # A view for float64 (no copy), one vectorised cast for the others.
            return np.ascontiguousarray(s.to_numpy(), dtype=np.float64)
        # Nullable Int64 / Float64: pd.NA becomes NaN.
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        return _categorical(s.to_numpy(dtype=object), name)
    raise _schema_error(
        name,
        f"dtype {dtype} is not supported: fepipe reads numbers (numeric) and strings / categories "
        "(categorical); convert it first",
    )


def _array_data(col, name):
    if col.dtype == object:
        return _categorical(col, name)
    if col.dtype.kind in "biuf":
        return np.ascontiguousarray(col, dtype=np.float64)
    if col.dtype.kind in "US":
        return _categorical(col.astype(object), name)
    raise _schema_error(name, f"dtype {col.dtype} is not supported")


def to_frame(X):
    """(rows, columns, index) of a DataFrame or a 2-D array (columns x0, x1...)."""
    if isinstance(X, pd.DataFrame):
        columns = []
        for name, s in X.items():
            n = _column_name(name)
            columns.append((n, _series_data(s, n)))
        return len(X), columns, X.index
    if isinstance(X, pd.Series):
        raise SchemaError("Frame: X is a Series: pass a DataFrame (X.to_frame()) or a 2-D array")
    arr = np.asarray(X)
    if arr.ndim != 2:
        raise SchemaError(f"Frame: X must be two-dimensional (rows x columns), got {arr.ndim} dimension(s)")
    if arr.dtype.kind in "biuf":
        # One copy of the whole array into column-major order: each column
        # is then a contiguous slice, passed without another copy.
        arr = np.asfortranarray(arr, dtype=np.float64)
    columns = [(f"x{j}", _array_data(arr[:, j], f"x{j}")) for j in range(arr.shape[1])]
    return arr.shape[0], columns, None


def to_target(y, rows):
    """y as a float64 vector (labels 0..k-1 for classifiers)."""
    if isinstance(y, (pd.Series, pd.DataFrame)):
        if isinstance(y, pd.DataFrame):
            if y.shape[1] != 1:
                raise DataError(f"Pipeline: y must be one column, got {y.shape[1]}")
            y = y.iloc[:, 0]
        if isinstance(y.dtype, np.dtype):
            y = y.to_numpy()
        elif pd.api.types.is_numeric_dtype(y.dtype):
            y = y.to_numpy(dtype=np.float64, na_value=np.nan)  # nullable Int64 / Float64
        else:
            y = y.to_numpy()
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise DataError(f"Pipeline: y must be one-dimensional, got shape {arr.shape}")
    if arr.dtype.kind not in "biuf":
        raise DataError(
            f"Pipeline: y has dtype {arr.dtype}: fepipe needs numbers (class labels 0..k-1 for classifiers; "
            "encode labels first, e.g. with pandas.factorize)"
        )
    if len(arr) != rows:
        raise DataError(f"Pipeline: y has {len(arr)} values, X has {rows} rows")
    return np.ascontiguousarray(arr, dtype=np.float64)


def from_frame(result, index=None):
    """A DataFrame from the extension's (rows, columns); `index` kept when the rows are the same."""
    rows, columns = result
    data = {}
    for name, col in columns:
        if isinstance(col, tuple):
            codes, labels = col
            # One take per column: the labels as an object array with a
            # trailing NaN that code -1 selects.
            table = np.empty(len(labels) + 1, dtype=object)
            table[: len(labels)] = labels
            table[-1] = np.nan
            data[name] = table[codes]
        else:
            data[name] = col
    if index is not None and len(index) != rows:
        index = None  # a step dropped rows (DropMissingData, OutlierTrimmer)
    out = pd.DataFrame(data, index=index)
    if not data:
        out = pd.DataFrame(index=index if index is not None else pd.RangeIndex(rows))
    return out
