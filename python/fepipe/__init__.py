"""fepipe: feature-engine and scikit-learn pipelines in C++, from Python.

Every built-in class of the C++ library is here under its feature-engine /
scikit-learn name, built from its keyword options::

    import fepipe
    pipe = fepipe.Pipeline([
        ("rare", fepipe.RareLabelEncoder(tol=0.01, n_categories=1, variables=["Neighborhood"])),
        ("lasso", fepipe.Lasso(alpha=0.001, random_state=0)),
    ])
    pipe.fit(X, y)
    fepipe.save_model(pipe, "model.fpm")   # a C++ host: fepipe::load_any_model("model.fpm")

The classes are made from the C++ registry when the package is imported
(fepipe/_api.py); docs/python.md describes the package.
"""

from . import _api, _core, _errors
from ._api import Pipeline, Step, load_model, load_model_from_bytes, save_model
from ._export import ExportError, from_sklearn, register_converter
from ._errors import (
    DataError,
    Error,
    ModelFormatError,
    NotFittedError,
    ParameterError,
    SchemaError,
    UnseenCategoryError,
)

__version__ = _core.version

#: The names of the step classes, as registered in C++.
step_classes = []
for _info in _core.step_types():
    globals()[_info["name"]] = _api.make_step_class(_info)
    step_classes.append(_info["name"])
del _info

__all__ = [
    "Pipeline",
    "Step",
    "save_model",
    "load_model",
    "load_model_from_bytes",
    "from_sklearn",
    "register_converter",
    "ExportError",
    *_errors.__all__,
    *step_classes,
]
