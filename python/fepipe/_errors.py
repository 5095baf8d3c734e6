"""fepipe's exceptions: one Python class per C++ error class (core/error.hpp).

The C++ extension raises these for every fepipe::Error it catches, with the
C++ message unchanged (it names the step, the column and the value) and the
step and column also as attributes. They sit in their own module, without
imports, because the extension imports it while it loads.
"""

__all__ = [
    "Error",
    "NotFittedError",
    "SchemaError",
    "ParameterError",
    "DataError",
    "UnseenCategoryError",
    "ModelFormatError",
]


class Error(Exception):
    """Base of every fepipe error (fepipe::Error).

    ``step`` and ``column`` name what failed ("" when they do not apply).
    """

    step = ""
    column = ""


class NotFittedError(Error, ValueError, AttributeError):
    """transform / predict or a learned attribute before fit.

    A ValueError and an AttributeError, as scikit-learn's
    ``sklearn.exceptions.NotFittedError``: ``hasattr(step, "coef_")`` is
    False before fit, and code catching either keeps working.
    """


class SchemaError(Error, ValueError):
    """A column is missing, of the wrong kind, or the frame's shape is wrong."""


class ParameterError(Error, ValueError):
    """An option is unknown or its value invalid."""


class DataError(Error, ValueError):
    """A value is not allowed: NaN where none may be, <= 0 for a log, an empty frame..."""


class UnseenCategoryError(Error, ValueError):
    """An encoder met a category it did not see at fit and its policy is to raise."""


class ModelFormatError(Error):
    """A model file is truncated, corrupted, hostile or of a newer format."""
