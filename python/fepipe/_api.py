"""The Python classes over the extension: steps, Pipeline, model files.

One mechanism for every class: ``make_step_class`` builds the Python class
of a registered C++ class from its registry entry (name and traits). Its
keyword options go to the registry's ``from_params`` as the JSON object of
a pipeline spec (docs/spec-options.md), so the accepted options, their
checks and their error messages are the C++ ones; ``get_params`` is the
registry's ``params``; learned attributes are decoded from the step's
model-file members (_attrs.py).
"""

import json

import numpy as np
import pandas as pd

from . import _attrs, _core, _frames
from ._errors import Error, NotFittedError, ParameterError


class _Library:
    """One extension module's registry: fepipe._core's, or a user's module
    built with fepipe_add_python_module (python/cmake/FepipePythonModule.cmake)
    whose registry also has the user's C++ steps. Steps and pipelines of one
    library never mix with another's (each module has its own C++ classes).
    """

    def __init__(self, core, name):
        self.core = core
        self.name = name  # the Python module the classes are in
        # Captured now: a user's module gets Python attributes of these names.
        self.core_step = core.Step
        self.core_pipeline = core.Pipeline
        self.classes = {}  # type_name -> Python class (load_model needs it)
        core.set_missing_values((pd.NA, pd.NaT))


_DEFAULT = _Library(_core, "fepipe")
# type_name -> Python class of fepipe's own classes.
_CLASSES = _DEFAULT.classes


def _json_default(v):
    # numpy scalars and arrays, pandas Index / Series: their Python values.
    if isinstance(v, np.generic):
        return v.item()
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    raise TypeError(f"an option of type {type(v).__name__} cannot be given to fepipe (use str, numbers, lists, dicts)")


def _dumps(params):
    return json.dumps(params, default=_json_default)


def _not_fitted(type_name):
    # The C++ message (core/error.hpp, throw_not_fitted), for attributes
    # read before fit, which never reach C++.
    err = NotFittedError(f"{type_name}: not fitted: call fit() or load a fitted model first")
    err.step = type_name
    return err


class Step:
    """Base of every fepipe step class (a registered C++ class).

    Construct with the reference class's keyword options; the registry
    checks them at once (unknown option, wrong type or value:
    ParameterError with the C++ message).
    """

    _type_name = ""
    _traits = {}
    _lib = _DEFAULT

    def __init__(self, **params):
        self._core = self._lib.core_step.from_params(self._type_name, self._type_name.lower(), _dumps(params))
        self._learned = None
        # The objects given, returned as they are by get_params: scikit-learn's
        # clone checks that a rebuilt step holds the very objects it was given.
        self._given = dict(params)

    @classmethod
    def _wrap(cls, handle):
        obj = cls.__new__(cls)
        obj._core = handle
        obj._learned = None
        obj._given = {}
        return obj

    # --- options -----------------------------------------------------------

    def get_params(self, deep=True):
        """Every option (defaults included) as keyword -> value.

        The options given to the constructor or set_params are the objects
        given; the others are the C++ class's values, as JSON gives them
        (lists for tuples, None for "automatic").
        """
        params = json.loads(self._core.params_json())
        params.update(self._given)
        return params

    def set_params(self, **params):
        """Changes options; the step becomes unfitted (it is rebuilt from its options)."""
        if not params:
            return self
        merged = self.get_params()
        merged.update(params)
        fresh = self._lib.core_step.from_params(self._type_name, self._type_name.lower(), _dumps(merged))
        self._core.replace(fresh)
        self._learned = None
        self._given.update(params)
        return self

    @classmethod
    def _defaults(cls):
        # The options of a step built without any; a class with a required
        # option (ArbitraryDiscretiser's binning_dict) has none, and its
        # repr shows every option.
        if "_default_params" not in cls.__dict__:
            try:
                step = cls._lib.core_step.from_params(cls._type_name, cls._type_name.lower(), "{}")
                cls._default_params = json.loads(step.params_json())
            except ParameterError:
                cls._default_params = {}
        return cls._default_params

    def __repr__(self):
        defaults = self._defaults()
        shown = [f"{k}={v!r}" for k, v in self.get_params().items() if defaults.get(k, object()) != v]
        return f"{type(self).__name__}({', '.join(shown)})"

    # --- fit ------------------------------------------------------------------

    def fit(self, X, y=None):
        """Fits on X (a DataFrame or a 2-D array); estimators and target encoders need y."""
        rows, columns, _ = _frames.to_frame(X)
        target = None if y is None else _frames.to_target(y, rows)
        self._core.fit(rows, columns, target)
        self._learned = None
        return self

    def _is_fitted(self):
        return self._core.is_fitted()

    # --- learned attributes ----------------------------------------------------

    def __getattr__(self, name):
        # Only reached when normal lookup fails: learned attributes (trailing
        # underscore) come from the step's model-file members.
        if name.startswith("_") or not name.endswith("_"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        learned = self._learned_attributes()
        if name not in learned:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return learned[name]

    def _learned_attributes(self):
        if not self._core.is_fitted():
            raise _not_fitted(self._type_name)
        generation = self._core.generation
        if self._learned is None or self._learned[0] != generation:
            self._learned = (generation, _attrs.decode(self._core.model_json()))
        return self._learned[1]

    def __dir__(self):
        names = set(super().__dir__())
        if self._core.is_fitted():
            names.update(self._learned_attributes())
        return sorted(names)


class _TransformerMethods:
    def transform(self, X):
        """The transformed frame, a DataFrame (X's index kept when no row is dropped)."""
        rows, columns, index = _frames.to_frame(X)
        return _frames.from_frame(self._core.transform(rows, columns), index)

    def fit_transform(self, X, y=None):
        return self.fit(X, y).transform(X)

    def get_feature_names_out(self, input_features=None):
        """The output column names (a list, as feature-engine's)."""
        return list(self._core.feature_names_out())


def _predictions(values, classifies):
    # Classifiers predict labels 0..k-1 (their targets must be such labels).
    return values.astype(np.int64) if classifies else values


class _EstimatorMethods:
    def predict(self, X):
        """Predictions, a numpy array (int64 labels 0..k-1 for classifiers)."""
        rows, columns, _ = _frames.to_frame(X)
        return _predictions(self._core.predict(rows, columns), self._traits["classifier"])


class _ClassifierMethods:
    def predict_proba(self, X):
        """Class probabilities, a (rows, n_classes) numpy array."""
        rows, columns, _ = _frames.to_frame(X)
        return self._core.predict_proba(rows, columns)


def make_step_class(info, lib=None):
    """The Python class of a registered C++ class (info: _core.step_types() entry)
    of fepipe's registry, or of `lib`'s (a user's module)."""
    lib = lib or _DEFAULT
    bases = [Step]
    if info["transformer"]:
        bases.append(_TransformerMethods)
    if info["estimator"]:
        bases.append(_EstimatorMethods)
    if info["classifier"]:
        bases.append(_ClassifierMethods)
    name = info["name"]
    doc = (
        f"fepipe's {name}: the feature-engine / scikit-learn class of that name, in C++.\n\n"
        f"Keyword options as the reference's; see docs/spec-options.md, section {name}."
    )
    namespace = {"_type_name": name, "_traits": dict(info), "_lib": lib, "__doc__": doc, "__module__": lib.name}
    cls = type(name, tuple(bases), namespace)
    lib.classes[name] = cls
    return cls


class Pipeline:
    """A pipeline of fepipe steps, as scikit-learn's: ``Pipeline([(name, step), ...])``.

    The step objects become the pipeline's steps (fitting the pipeline fits
    them, as in scikit-learn). Every step but the last must be a
    transformer. ``pipe[a:b]`` is a view of steps a..b-1 of the fitted
    pipeline (``pipe[:-1].transform(X)`` is what the last step receives); a
    slice does not fit.
    """

    def __init__(self, steps):
        steps = list(steps)
        for item in steps:
            if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
                raise TypeError(f"Pipeline: each step is a (name, step) tuple, got {item!r}")
            if not isinstance(item[1], Step):
                raise TypeError(
                    f"Pipeline: step {item[0]!r} is a {type(item[1]).__name__}, not a fepipe step "
                    "(scikit-learn objects are not fepipe steps)"
                )
        # The steps' module: fepipe's, or a user's module with steps of its own.
        lib = steps[0][1]._lib if steps else _DEFAULT
        for name, step in steps:
            if step._lib is not lib:
                raise TypeError(
                    f"Pipeline: step {name!r} is a {step._lib.name}.{type(step).__name__}, step {steps[0][0]!r} a "
                    f"{lib.name}.{type(steps[0][1]).__name__}: build every step of a pipeline from one module "
                    "(the module of your own steps has every built-in class too)"
                )
        self._lib = lib
        self._box = lib.core_pipeline([(name, step._core) for name, step in steps])
        for i, (_, step) in enumerate(steps):
            step._core = self._box.step(i)
            step._learned = None
        self._all = [step for _, step in steps]
        self._start, self._stop = 0, len(steps)
        self._size = len(steps)

    @classmethod
    def _from_box(cls, box, lib=None):
        lib = lib or _DEFAULT
        obj = cls.__new__(cls)
        obj._lib = lib
        obj._box = box
        obj._all = [lib.classes[box.step(i).type_name]._wrap(box.step(i)) for i in range(box.size)]
        obj._start, obj._stop = 0, box.size
        obj._size = box.size
        return obj

    def _whole(self):
        return self._start == 0 and self._stop == self._size

    def _require_whole(self, what):
        if not self._whole():
            raise Error(
                f"Pipeline: {what} needs the whole pipeline; a slice (pipe[a:b]) is a view of the fitted "
                "pipeline's steps"
            )

    # --- access ---------------------------------------------------------------

    @property
    def steps(self):
        names = self._box.names
        return [(names[i], self._all[i]) for i in range(self._start, self._stop)]

    @property
    def named_steps(self):
        return dict(self.steps)

    def __len__(self):
        return self._stop - self._start

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step not in (None, 1):
                raise ValueError("Pipeline slicing only supports a step of 1")
            start, stop, _ = key.indices(len(self))
            view = Pipeline.__new__(Pipeline)
            view._lib, view._box, view._all, view._size = self._lib, self._box, self._all, self._size
            view._start = self._start + start
            view._stop = self._start + max(start, stop)
            if view._start == view._stop:
                raise ValueError("Pipeline: an empty slice")
            return view
        if isinstance(key, str):
            return self.named_steps[key]
        return self.steps[key][1]

    def get_params(self, deep=True):
        out = {"steps": self.steps}
        if deep:
            for name, step in self.steps:
                out[name] = step
                for k, v in step.get_params().items():
                    out[f"{name}__{k}"] = v
        return out

    def set_params(self, **params):
        """Sets step options as ``name__option=value`` (the step becomes unfitted)."""
        named = self.named_steps
        per_step = {}
        for key, value in params.items():
            name, sep, option = key.partition("__")
            if not sep or name not in named:
                raise ParameterError(
                    f"Pipeline: unknown parameter '{key}': use <step>__<option> with a step among "
                    f"{', '.join(named)}"
                )
            per_step.setdefault(name, {})[option] = value
        for name, options in per_step.items():
            named[name].set_params(**options)
        return self

    def __repr__(self):
        inner = ", ".join(f"({name!r}, {step!r})" for name, step in self.steps)
        return f"Pipeline(steps=[{inner}])"

    # --- fit and apply ----------------------------------------------------------

    def fit(self, X, y=None):
        self._require_whole("fit")
        rows, columns, _ = _frames.to_frame(X)
        target = None if y is None else _frames.to_target(y, rows)
        self._box.fit(rows, columns, target)
        return self

    def _predicts_here(self):
        return self._box.predicts and self._stop == self._box.size

    def transform(self, X):
        rows, columns, index = _frames.to_frame(X)
        if self._whole():
            result = self._box.transform(rows, columns)
        elif self._start == 0 and self._stop == self._box.size - 1 and self._box.predicts:
            result = self._box.estimator_input(rows, columns)
        else:
            result = self._box.transform_range(rows, columns, self._start, self._stop)
        return _frames.from_frame(result, index)

    def fit_transform(self, X, y=None):
        return self.fit(X, y).transform(X)

    def _estimator_input(self, X):
        # A slice ending at the estimator: what its transformers make of X.
        return X if len(self) == 1 else self[: len(self) - 1].transform(X)

    def predict(self, X):
        if self._whole():
            rows, columns, _ = _frames.to_frame(X)
            return _predictions(self._box.predict(rows, columns), self._box.classifies)
        return self._all[self._stop - 1].predict(self._estimator_input(X))

    def predict_proba(self, X):
        if self._whole():
            rows, columns, _ = _frames.to_frame(X)
            return self._box.predict_proba(rows, columns)
        return self._all[self._stop - 1].predict_proba(self._estimator_input(X))

    def predict_one(self, record):
        """The prediction for one record, without a DataFrame: a float (an int label for a classifier).

        record: a dict {column: value} (any order, every input column once),
        or a sequence of values in the order of ``feature_names_in_``. Values:
        numbers for numeric columns, str for categorical ones (a number is
        its text, as in a DataFrame's object column); None, NaN, pd.NA are
        missing. Equal, bit for bit, to ``predict`` on the same row.
        """
        if self._start or self._stop != self._size:
            self._require_whole("predict_one")
        return self._box.predict_one(record)

    def predict_proba_one(self, record):
        """Class probabilities of one record (as predict_one takes it), a (n_classes,) numpy array."""
        if self._start or self._stop != self._size:
            self._require_whole("predict_proba_one")
        return self._box.predict_proba_one(record)

    def fit_predict(self, X, y):
        return self.fit(X, y).predict(X)

    def get_feature_names_out(self, input_features=None):
        """The output names: of the last transformer (the estimator's input for a predicting pipeline)."""
        if self._whole() or (self._start == 0 and self._stop == self._box.size - 1 and self._box.predicts):
            if not self._box.is_fitted():
                raise _not_fitted("Pipeline")
            return list(self._box.feature_names_out())
        last = self._all[self._stop - 1]
        if self._predicts_here():
            last = self._all[self._stop - 2] if len(self) > 1 else None
            if last is None:
                raise Error("Pipeline: a slice of only the estimator has no output names")
        return last.get_feature_names_out()

    @property
    def feature_names_in_(self):
        if not self._box.is_fitted():
            raise _not_fitted("Pipeline")
        return list(self._box.input_names())

    @property
    def n_features_in_(self):
        return len(self.feature_names_in_)

    @property
    def classes_(self):
        """Class labels 0..k-1 of a classifying pipeline."""
        if not self._box.classifies:
            raise AttributeError("'Pipeline' object has no attribute 'classes_': the last step is not a classifier")
        return np.arange(self._box.n_classes())

    def to_bytes(self, format="binary"):
        """The model file's bytes ("binary" or "json")."""
        self._require_whole("to_bytes")
        return self._box.to_bytes(format)


def save_model(model, path, format="auto"):
    """Writes a Pipeline's model file, which C++ reads with load_any_model.

    format: "auto" (".json" -> JSON, else binary), "json" or "binary".
    """
    if isinstance(model, Step):
        raise TypeError(
            "save_model: model files hold pipelines: save fepipe.Pipeline([(name, step)]) "
            f"rather than a lone {type(model).__name__}"
        )
    if not isinstance(model, Pipeline):
        raise TypeError(f"save_model: expected a fepipe.Pipeline, got {type(model).__name__}")
    model._require_whole("save_model")
    model._box.save(str(path), format)


def load_model(path):
    """A Pipeline from a model file (JSON or binary) written by Python or C++."""
    return Pipeline._from_box(_DEFAULT.core_pipeline.load(str(path)))


def load_model_from_bytes(data):
    """A Pipeline from a model file's bytes."""
    return Pipeline._from_box(_DEFAULT.core_pipeline.from_bytes(bytes(data)))


def library_of(module):
    """The library of a user's module (built by fepipe_add_python_module), or of fepipe."""
    if module is _core or getattr(module, "__name__", None) == "fepipe":
        return _DEFAULT
    lib = getattr(module, "_fepipe_library", None)
    if lib is None:
        raise TypeError(f"{module!r} is not a fepipe module (one built with fepipe_add_python_module)")
    return lib


def _init_extension(module):
    """Fills a user's module (built by fepipe_add_python_module) with its
    classes: every class its registry has (fepipe's built-ins and the
    user's own steps) under its name, and Pipeline, save_model, load_model,
    load_model_from_bytes for pipelines of those classes. Called by the
    module itself when it is imported (python/src/core.cpp)."""
    lib = _Library(module, module.__name__)
    module._fepipe_library = lib
    names = []
    for info in module.step_types():
        setattr(module, info["name"], make_step_class(info, lib))
        names.append(info["name"])

    def load_model(path):
        """A Pipeline from a model file, whose steps may be this module's own classes."""
        return Pipeline._from_box(lib.core_pipeline.load(str(path)), lib)

    def load_model_from_bytes(data):
        """A Pipeline from a model file's bytes, whose steps may be this module's own classes."""
        return Pipeline._from_box(lib.core_pipeline.from_bytes(bytes(data)), lib)

    module.Pipeline = Pipeline
    module.save_model = save_model
    module.load_model = load_model
    module.load_model_from_bytes = load_model_from_bytes
    module.step_classes = names
    module.__all__ = ["Pipeline", "save_model", "load_model", "load_model_from_bytes", *names]
