// fepipe._core: the C++ half of the Python package. It is deliberately
// generic: it knows the registry (runtime/registry.hpp), DynamicStep and
// DynamicPipeline, and nothing about any class. Every class's Python
// constructor, get_params and learned attributes come from the registry's
// spec hooks and the step's own model-file member names; the pure-Python
// layer (fepipe/__init__.py, fepipe/_api.py) turns them into classes.
//
// The built-in classes are registered by builtins.cpp, linked into the
// module (runtime/builtins.hpp, "a program of several files"): this file
// never includes builtins.hpp, so the classes are instantiated once, there,
// and the bindings compile in seconds.
//
// The same file is the core of a user's own module (python/cmake/
// FepipePythonModule.cmake, fepipe_add_python_module): compiled with
// FEPIPE_PYTHON_MODULE=<name> and FEPIPE_PYTHON_EXTENSION, together with
// builtins.cpp and the user's registrations, it makes the module <name>,
// whose registry (its own copy: the registry is header-only, and modules
// are loaded RTLD_LOCAL with hidden symbols) has the user's steps. Its
// classes are module-local, so the two modules' Step and Pipeline never mix
// in pybind11's type table; fepipe._api fills the module with the Python
// classes (fepipe._api._init_extension).

#ifndef FEPIPE_PYTHON_MODULE
#define FEPIPE_PYTHON_MODULE _core
#endif

#include "fepipe/runtime/registry.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace {

// --- errors ------------------------------------------------------------------

// The Python classes of fepipe._errors, one per C++ error class. Held by
// leaked references: module objects must not be destroyed after the
// interpreter has finalised (static destructors run then).
struct ErrorTypes {
  py::object base, not_fitted, schema, parameter, data, unseen, model_format;
};
ErrorTypes* error_types = nullptr;

// Raises `type(message)` with the C++ error's step and column as attributes,
// so Python code can tell which step and column failed without parsing.
void raise_as(const py::object& type, const fepipe::Error& e) {
  py::object instance = type(py::str(e.what()));
  instance.attr("step") = py::str(e.step());
  instance.attr("column") = py::str(e.column());
  PyErr_SetObject(type.ptr(), instance.ptr());
}

void translate_errors(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const fepipe::NotFittedError& e) {
    raise_as(error_types->not_fitted, e);
  } catch (const fepipe::SchemaError& e) {
    raise_as(error_types->schema, e);
  } catch (const fepipe::ParameterError& e) {
    raise_as(error_types->parameter, e);
  } catch (const fepipe::DataError& e) {
    raise_as(error_types->data, e);
  } catch (const fepipe::UnseenCategoryError& e) {
    raise_as(error_types->unseen, e);
  } catch (const fepipe::ModelFormatError& e) {
    raise_as(error_types->model_format, e);
  } catch (const fepipe::Error& e) {
    raise_as(error_types->base, e);
  }
  // Anything else (std::bad_alloc, std::exception...) falls through to
  // pybind11's own translators: MemoryError, RuntimeError with the message.
}

// --- frames in and out ---------------------------------------------------------

// A Frame built from the columns the Python layer prepared (fepipe/_frames.py):
// numeric columns are float64 contiguous arrays, borrowed without a copy
// (Column::view: a step that writes copies first, so the caller's data is
// never modified); categorical columns are (int32 codes, labels), the codes
// computed once per column in Python (pandas' factorize or category codes).
// The arrays are kept referenced here for as long as the Frame may borrow
// them; the holder lives and dies with the GIL held.
struct FrameIn {
  std::vector<py::object> keep;
  fepipe::Frame frame;
};

FrameIn frame_from_python(std::size_t rows, const py::list& columns) {
  FrameIn in;
  in.frame = fepipe::Frame(rows);
  in.keep.reserve(columns.size());
  for (const py::handle item : columns) {
    const auto entry = item.cast<py::tuple>();
    if (entry.size() != 2) throw py::value_error("fepipe._core: a column is a (name, data) pair");
    auto name = entry[0].cast<std::string>();
    const py::handle data = entry[1];
    if (py::isinstance<py::tuple>(data)) {
      const auto pair = data.cast<py::tuple>();
      const auto codes = pair[0].cast<py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>>();
      auto labels = pair[1].cast<std::vector<std::string>>();
      if (codes.ndim() != 1) throw py::value_error("fepipe._core: category codes must be one-dimensional");
      std::vector<std::int32_t> c(static_cast<std::size_t>(codes.shape(0)));
      if (!c.empty()) std::memcpy(c.data(), codes.data(), c.size() * sizeof(std::int32_t));
      in.frame.add(std::move(name), fepipe::Column::categorical(std::move(c), std::move(labels)));
    } else {
      auto values = py::reinterpret_borrow<py::object>(data).cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
      if (values.ndim() != 1) throw py::value_error("fepipe._core: a numeric column must be one-dimensional");
      in.frame.add(std::move(name),
                   fepipe::Column::view({values.data(), static_cast<std::size_t>(values.shape(0))}));
      in.keep.push_back(std::move(values));
    }
  }
  return in;
}

// (rows, [(name, float64 array | (int32 codes, [labels]))]): one copy per
// column, the labels once per column; the Python layer builds the DataFrame.
py::tuple frame_to_python(const fepipe::Frame& frame) {
  py::list columns;
  for (std::size_t i = 0; i < frame.cols(); ++i) {
    const fepipe::Column& c = frame.column(i);
    if (c.is_numeric()) {
      const auto v = c.values();
      py::array_t<double> a(static_cast<py::ssize_t>(v.size()));
      if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(double));
      columns.append(py::make_tuple(frame.name(i), std::move(a)));
    } else {
      const auto codes = c.codes();
      py::array_t<std::int32_t> a(static_cast<py::ssize_t>(codes.size()));
      if (!codes.empty()) std::memcpy(a.mutable_data(), codes.data(), codes.size() * sizeof(std::int32_t));
      columns.append(py::make_tuple(frame.name(i), py::make_tuple(std::move(a), py::cast(c.labels()))));
    }
  }
  return py::make_tuple(frame.rows(), columns);
}

fepipe::Target target_from_python(const py::array_t<double, py::array::c_style | py::array::forcecast>& y) {
  if (y.ndim() != 1) throw py::value_error("fepipe._core: y must be one-dimensional");
  fepipe::Target t(static_cast<Eigen::Index>(y.shape(0)));
  if (t.size() > 0) std::memcpy(t.data(), y.data(), static_cast<std::size_t>(t.size()) * sizeof(double));
  return t;
}

py::array_t<double> vector_to_python(const Eigen::VectorXd& v) {
  py::array_t<double> a(static_cast<py::ssize_t>(v.size()));
  if (v.size() > 0) std::memcpy(a.mutable_data(), v.data(), static_cast<std::size_t>(v.size()) * sizeof(double));
  return a;
}

// Eigen's column-major matrix as a Fortran-ordered (rows, cols) array.
py::array_t<double, py::array::f_style> matrix_to_python(const Eigen::MatrixXd& m) {
  py::array_t<double, py::array::f_style> a({static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())});
  if (m.size() > 0) std::memcpy(a.mutable_data(), m.data(), static_cast<std::size_t>(m.size()) * sizeof(double));
  return a;
}

// --- steps and pipelines ---------------------------------------------------------

// The GIL is released while C++ works, so Python threads may call into one
// object at once: each step and pipeline has a lock, exclusive for what
// changes it (fit, set_params), shared for the rest (the C++ classes' const
// members are thread-safe). A lock is only waited for without the GIL, and
// released before the GIL is taken back, so the two never deadlock.
// The change counters are read and written with the GIL held.

// A pipeline and a counter of its changes (fit, load, a step replaced): the
// Python layer caches the learned attributes it decoded and re-reads them
// when the counter moved.
// The input columns of a fitted pipeline as Python strings (the keys a
// record dict is looked up with: their hashes are computed once) and their
// kinds, for the record path; rebuilt when `version` falls behind the
// pipeline's schema_version. Read and written with the GIL held.
struct RecordKeys {
  std::uint64_t version = ~std::uint64_t{0};
  std::vector<py::object> names;
  std::vector<char> numeric;
};

struct PipelineBox {
  fepipe::DynamicPipeline pipeline;
  std::uint64_t generation = 0;
  // Counts changes of the input schema (fit, a step replaced); written
  // under the exclusive lock, read under the shared one, so a record never
  // meets keys of another fit (generation moves before the lock is taken).
  std::uint64_t schema_version = 0;
  std::shared_mutex mutex;
  RecordKeys keys;
};

struct OwnedStep {
  fepipe::DynamicStep step;
  std::uint64_t generation = 0;
  std::shared_mutex mutex;
};

// A Python step object's C++ side: a step of its own, or step `index` of a
// pipeline (scikit-learn semantics: a step object given to a Pipeline is the
// pipeline's step, and fitting the pipeline fits it).
class StepHandle {
 public:
  explicit StepHandle(fepipe::DynamicStep step) : own_(std::make_shared<OwnedStep>()) { own_->step = std::move(step); }
  StepHandle(std::shared_ptr<PipelineBox> box, std::size_t index) : box_(std::move(box)), index_(index) {}

  fepipe::DynamicStep& get() { return own_ ? own_->step : box_->pipeline.step(index_); }
  std::shared_mutex& mutex() { return own_ ? own_->mutex : box_->mutex; }
  std::uint64_t generation() const { return own_ ? own_->generation : box_->generation; }
  void changed() { ++(own_ ? own_->generation : box_->generation); }
  // Called under the exclusive lock, after the step changed.
  void schema_changed() {
    if (box_) ++box_->schema_version;
  }
  bool in_pipeline() const { return box_ != nullptr; }

 private:
  std::shared_ptr<OwnedStep> own_;
  std::shared_ptr<PipelineBox> box_;
  std::size_t index_ = 0;
};

// f() without the GIL, under the object's lock (shared / exclusive). f
// returns C++ values only: Python objects are made after, with the GIL.
template <class F>
auto reading(std::shared_mutex& mutex, F&& f) {
  py::gil_scoped_release unlocked;
  std::shared_lock lock(mutex);
  return f();
}
template <class F>
auto writing(std::shared_mutex& mutex, F&& f) {
  py::gil_scoped_release unlocked;
  std::unique_lock lock(mutex);
  return f();
}

fepipe::StepType registered(const std::string& type_name) {
  const auto t = fepipe::find_step_type(type_name);
  if (!t) (void)fepipe::make_step(type_name);  // throws fepipe::Error naming it and how to register it
  return *t;
}

// The step's model-file members as one JSON object ({"model": {...}}), the
// layout of its part of a model file: the member names are the reference's
// attribute names, which the Python layer exposes as learned attributes.
std::string step_model_json(const fepipe::DynamicStep& step) {
  std::ostringstream os;
  {
    cereal::JSONOutputArchive json(
        os, cereal::JSONOutputArchive::Options(324, cereal::JSONOutputArchive::Options::IndentChar::space, 0));
    fepipe::JsonSaveArchive ar(json);
    step.save(ar, "model");
  }
  return std::move(os).str();
}

py::dict traits_dict(const fepipe::StepTraits& t) {
  py::dict d;
  d["transformer"] = t.transformer;
  d["estimator"] = t.estimator;
  d["classifier"] = t.classifier;
  d["row_filter"] = t.row_filter;
  d["feature_names"] = t.feature_names;
  return d;
}

fepipe::ModelFormat format_named(const std::string& name) {
  if (name == "json") return fepipe::ModelFormat::json;
  if (name == "binary") return fepipe::ModelFormat::binary;
  if (name == "auto") return fepipe::ModelFormat::automatic;
  throw fepipe::ParameterError("save_model", "", "format must be 'auto', 'json' or 'binary', got '" + name + "'");
}

std::vector<std::pair<std::string, fepipe::DynamicStep>> copy_steps(
    const std::vector<std::pair<std::string, StepHandle*>>& steps) {
  std::vector<std::pair<std::string, fepipe::DynamicStep>> out;
  out.reserve(steps.size());
  for (const auto& [name, handle] : steps) {
    if (!handle) throw py::type_error("fepipe._core.Pipeline: a step is None");
    out.emplace_back(name, reading(handle->mutex(), [&] { return handle->get(); }));
  }
  return out;
}


// --- records (predict_one) -----------------------------------------------------------

// One record to one prediction without a DataFrame: the cells are converted
// from the Python objects straight into fepipe::Values (labels point into
// the str objects' UTF-8, which the record keeps alive), into buffers kept
// per thread, and DynamicPipeline::predict_one runs with the thread's
// Workspace: no allocation after the first call on a thread. The GIL stays
// held (the work is shorter than releasing it would cost, and the record's
// objects cannot change under us).

// Missing values besides None and NaN: pandas' NA and NaT, given by the
// Python layer (set_missing_values); leaked references, as error_types.
std::vector<PyObject*>* extra_missing = nullptr;

bool is_extra_missing(PyObject* v) {
  if (!extra_missing) return false;
  for (PyObject* m : *extra_missing)
    if (v == m) return true;
  return false;
}

struct RecordBuffers {
  std::vector<fepipe::Value> values;
  std::vector<std::string> texts;  // labels written from non-str objects
};
RecordBuffers& record_buffers() {
  thread_local RecordBuffers buffers;
  return buffers;
}

std::string type_of(PyObject* v) { return Py_TYPE(v)->tp_name; }

// The number a Python number holds; false for an object that is not one.
bool number_of(PyObject* v, const std::string& column, double& out) {
  if (PyFloat_Check(v)) {
    out = PyFloat_AS_DOUBLE(v);
    return true;
  }
  if (PyLong_Check(v)) {  // bool too: True is 1, as in a numeric column
    out = PyLong_AsDouble(v);
    if (out == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      throw fepipe::SchemaError("Pipeline", column, "the integer " + py::repr(v).cast<std::string>() +
                                                        " is too large for a double");
    }
    return true;
  }
  if (PyNumber_Check(v)) {  // numpy scalars, Decimal: their float()
    PyObject* f = PyNumber_Float(v);
    if (!f) {
      PyErr_Clear();
      return false;
    }
    out = PyFloat_AS_DOUBLE(f);
    Py_DECREF(f);
    return true;
  }
  return false;
}

// pandas.factorize of an object column of str and missing values (None,
// NaN, pd.NA, pd.NaT), in C++: codes (-1 = missing) and the labels in order
// of first appearance, as pandas gives them. pandas' factorize was most of a
// small frame's conversion (~13 us a column: its hash table is built per
// call); here a str's UTF-8 (which CPython caches in the object) is looked
// up in a table of views into those objects, alive as long as `values`.
// None when a value is neither a str nor missing: the caller then keeps
// pandas' rules for mixed columns (values equal as Python objects, 1 == 1.0).
py::object factorize_strings(const py::array& values) {
  if (values.dtype().kind() != 'O' || values.ndim() != 1) return py::none();
  const auto n = static_cast<std::size_t>(values.shape(0));
  py::array_t<std::int32_t> codes(static_cast<py::ssize_t>(n));
  std::int32_t* out = codes.mutable_data();
  std::unordered_map<std::string_view, std::int32_t> index;
  py::list labels;
  const auto* base = static_cast<const char*>(values.data());
  const py::ssize_t stride = values.strides(0);
  for (std::size_t r = 0; r < n; ++r) {
    PyObject* v = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(r) * stride);
    if (v == Py_None || is_extra_missing(v) || (PyFloat_Check(v) && std::isnan(PyFloat_AS_DOUBLE(v)))) {
      out[r] = fepipe::Column::missing_code;
      continue;
    }
    if (!PyUnicode_Check(v)) return py::none();
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(v, &size);
    if (!data) throw py::error_already_set();
    const auto [it, added] =
        index.try_emplace(std::string_view(data, static_cast<std::size_t>(size)), static_cast<std::int32_t>(index.size()));
    if (added) labels.append(py::reinterpret_borrow<py::object>(v));
    out[r] = it->second;
  }
  return py::make_tuple(std::move(codes), std::move(labels));
}

// One cell, for a numeric or a categorical input column. As the DataFrame
// path reads a column: None, NaN, pd.NA, pd.NaT are missing; a numeric
// column takes numbers (a str is refused by the pipeline, naming the
// column); a categorical column takes str, and a number as its text (str(v),
// what pandas.factorize makes of an int in an object column).
fepipe::Value cell_of(PyObject* v, bool numeric, const std::string& column, std::string& text) {
  if (v == Py_None || is_extra_missing(v)) return fepipe::Value::missing();
  if (PyUnicode_Check(v)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(v, &size);
    if (!data) throw py::error_already_set();
    return fepipe::Value(std::string_view(data, static_cast<std::size_t>(size)));
  }
  double x = 0.0;
  if (number_of(v, column, x)) {
    if (numeric) return fepipe::Value(x);
    if (std::isnan(x)) return fepipe::Value::missing();
    text = py::str(v).cast<std::string>();
    return fepipe::Value(std::string_view(text));
  }
  throw fepipe::SchemaError("Pipeline", column,
                            std::string(numeric ? "expected a number" : "expected a label (str)") + ", got a value of type " +
                                type_of(v) + ": " + py::repr(v).cast<std::string>());
}

void refresh_keys(PipelineBox& b) {
  if (b.keys.version == b.schema_version) return;
  RecordKeys keys;
  for (const auto& spec : b.pipeline.input_schema()) {
    py::str name(spec.name);
    PyUnicode_InternInPlace(&name.ptr());
    keys.names.push_back(std::move(name));
    keys.numeric.push_back(spec.kind == fepipe::Kind::numeric ? 1 : 0);
  }
  keys.version = b.schema_version;
  b.keys = std::move(keys);
}

// The record's cells in input-schema order, in the thread's buffers.
// `holder` keeps alive what a conversion made (a dict of a mapping, a list
// of a sequence) for as long as the Values point into it.
std::span<const fepipe::Value> record_values(PipelineBox& b, py::handle record, py::object& holder) {
  refresh_keys(b);
  const std::size_t n = b.keys.names.size();
  RecordBuffers& buf = record_buffers();
  if (buf.values.size() < n) buf.values.resize(n);
  if (buf.texts.size() < n) buf.texts.resize(n);
  const auto& schema = b.pipeline.input_schema();
  PyObject* r = record.ptr();
  if (!PyDict_Check(r) && !PyUnicode_Check(r) && PyObject_HasAttrString(r, "keys")) {
    holder = py::dict(py::reinterpret_borrow<py::object>(record));  // a Mapping, a pandas Series
    r = holder.ptr();
  }
  if (PyDict_Check(r)) {
    for (std::size_t i = 0; i < n; ++i) {
      PyObject* v = PyDict_GetItemWithError(r, b.keys.names[i].ptr());
      if (!v) {
        if (PyErr_Occurred()) throw py::error_already_set();
        throw fepipe::SchemaError("Pipeline", schema[i].name, "is missing from the record");
      }
      buf.values[i] = cell_of(v, b.keys.numeric[i] != 0, schema[i].name, buf.texts[i]);
    }
    if (static_cast<std::size_t>(PyDict_Size(r)) != n) {  // a key that is not an input column
      PyObject *key = nullptr, *value = nullptr;
      Py_ssize_t pos = 0;
      while (PyDict_Next(r, &pos, &key, &value)) {
        const std::string name = py::str(key).cast<std::string>();
        if (!PyUnicode_Check(key) || !schema.find(name))
          throw fepipe::SchemaError("Pipeline", name, "is not an input column of this pipeline");
      }
    }
    return {buf.values.data(), n};
  }
  if (PyUnicode_Check(r) || PyBytes_Check(r) || !PySequence_Check(r))
    throw py::type_error("Pipeline.predict_one: a record is a dict {column: value} or a sequence of values in the "
                         "order of feature_names_in_, got a " + type_of(r));
  holder = py::reinterpret_steal<py::object>(PySequence_Fast(r, "a record"));
  if (!holder) throw py::error_already_set();
  const auto size = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(holder.ptr()));
  if (size != n)
    throw fepipe::SchemaError("Pipeline", "", "record has " + std::to_string(size) + " values, the input has " +
                                                  std::to_string(n) + " columns");
  PyObject** items = PySequence_Fast_ITEMS(holder.ptr());
  for (std::size_t i = 0; i < n; ++i)
    buf.values[i] = cell_of(items[i], b.keys.numeric[i] != 0, schema[i].name, buf.texts[i]);
  return {buf.values.data(), n};
}

// f(values) under the pipeline's shared lock, with the GIL held. The lock is
// waited for without the GIL (a fit may hold it); the record is read after.
template <class F>
auto with_record(PipelineBox& b, py::handle record, F&& f) {
  std::shared_lock lock(b.mutex, std::try_to_lock);
  if (!lock.owns_lock()) {
    py::gil_scoped_release unlocked;
    lock.lock();
  }
  if (!b.pipeline.is_fitted()) fepipe::detail::throw_not_fitted("Pipeline");
  py::object holder;
  return f(record_values(b, record, holder));
}

}  // namespace

PYBIND11_MODULE(FEPIPE_PYTHON_MODULE, m) {
  m.doc() = "fepipe's C++ runtime: registry, steps and pipelines (use the fepipe package, not this module)";

  const py::module_ errors = py::module_::import("fepipe._errors");
  error_types = new ErrorTypes{errors.attr("Error"),         errors.attr("NotFittedError"),
                               errors.attr("SchemaError"),   errors.attr("ParameterError"),
                               errors.attr("DataError"),     errors.attr("UnseenCategoryError"),
                               errors.attr("ModelFormatError")};
  // Local: a user's module (FEPIPE_PYTHON_EXTENSION) has a translator of its own.
  py::register_local_exception_translator(&translate_errors);

  m.attr("version") = FEPIPE_VERSION_STRING;

  m.def(
      "set_missing_values",
      [](const py::tuple& values) {
        auto* kept = new std::vector<PyObject*>;
        for (const py::handle v : values) kept->push_back(v.inc_ref().ptr());
        extra_missing = kept;  // the previous list, if any, is leaked like the error types
      },
      "The objects besides None and NaN that a record's cell may hold for a missing value (pd.NA, pd.NaT).");

  m.def("factorize_strings", &factorize_strings, py::arg("values"),
        "pandas.factorize of an object array of str and missing values: (int32 codes, labels), or None for "
        "other values.");

  m.def(
      "step_types",
      [] {
        py::list out;
        for (const std::string& name : fepipe::registered_step_types()) {
          const fepipe::StepType t = registered(name);
          py::dict d = traits_dict(t.traits);
          d["name"] = name;
          d["spec"] = t.from_params != nullptr && t.params != nullptr;
          out.append(std::move(d));
        }
        return out;
      },
      "Every registered class: name, traits, and whether it has spec hooks.");

  using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

  // Module-local: a user's module binds the same C++ classes (its own copy
  // of them, hidden symbols); each module's Python types stay its own.
  py::class_<StepHandle>(m, "Step", py::module_local())
      .def_static(
          "from_params",
          [](const std::string& type_name, const std::string& step_name, const std::string& options_json) {
            const fepipe::StepType t = registered(type_name);
            if (!t.from_params)
              throw fepipe::ParameterError(step_name, "",
                                           "class '" + type_name + "' was registered without spec hooks");
            return StepHandle(t.from_params(step_name, options_json));
          },
          py::arg("type_name"), py::arg("step_name"), py::arg("options_json"))
      .def_property_readonly("type_name",
                             [](StepHandle& h) {
                               return reading(h.mutex(), [&] { return std::string(h.get().type_name()); });
                             })
      .def_property_readonly("traits",
                             [](StepHandle& h) {
                               return traits_dict(reading(h.mutex(), [&] { return h.get().traits(); }));
                             })
      .def_property_readonly("generation", &StepHandle::generation)
      .def_property_readonly("in_pipeline", &StepHandle::in_pipeline)
      .def("params_json",
           [](StepHandle& h) {
             return reading(h.mutex(), [&] {
               const fepipe::StepType t = registered(std::string(h.get().type_name()));
               if (!t.params)
                 throw fepipe::ParameterError(std::string(h.get().type_name()), "", "registered without spec hooks");
               return t.params(h.get());
             });
           })
      // set_params: `fresh` is a new step of Python's own, locked by nobody else.
      .def("replace",
           [](StepHandle& h, StepHandle& fresh) {
             writing(h.mutex(), [&] {
               h.get() = fresh.get();
               h.schema_changed();
             });
             h.changed();
           })
      .def("clone", [](StepHandle& h) { return StepHandle(reading(h.mutex(), [&] { return h.get(); })); })
      .def("is_fitted", [](StepHandle& h) { return reading(h.mutex(), [&] { return h.get().is_fitted(); }); })
      .def("fit",
           [](StepHandle& h, std::size_t rows, const py::list& columns, const py::object& y) {
             FrameIn in = frame_from_python(rows, columns);
             if (y.is_none()) {
               writing(h.mutex(), [&] {
                 h.schema_changed();
                 h.get().fit(in.frame);
               });
             } else {
               const fepipe::Target t = target_from_python(y.cast<Array>());
               writing(h.mutex(), [&] {
                 h.schema_changed();
                 h.get().fit(in.frame, t);
               });
             }
             h.changed();
           })
      .def("transform",
           [](StepHandle& h, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return frame_to_python(reading(h.mutex(), [&] { return h.get().transform(std::move(in.frame)); }));
           })
      .def("predict",
           [](StepHandle& h, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return vector_to_python(reading(h.mutex(), [&] { return h.get().predict(in.frame); }));
           })
      .def("predict_proba",
           [](StepHandle& h, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return matrix_to_python(reading(h.mutex(), [&] { return h.get().predict_proba(in.frame); }));
           })
      .def("n_classes", [](StepHandle& h) { return reading(h.mutex(), [&] { return h.get().n_classes(); }); })
      .def("feature_names_out",
           [](StepHandle& h) { return reading(h.mutex(), [&] { return h.get().feature_names_out(); }); })
      .def("model_json", [](StepHandle& h) { return reading(h.mutex(), [&] { return step_model_json(h.get()); }); });

  py::class_<PipelineBox, std::shared_ptr<PipelineBox>>(m, "Pipeline", py::module_local())
      .def(py::init([](const std::vector<std::pair<std::string, StepHandle*>>& steps) {
             auto box = std::make_shared<PipelineBox>();
             box->pipeline = fepipe::DynamicPipeline(copy_steps(steps));
             return box;
           }),
           py::arg("steps"))
      .def_static(
          "load",
          [](const std::string& path) {
            auto box = std::make_shared<PipelineBox>();
            box->pipeline = writing(box->mutex, [&] { return fepipe::load_any_model(path); });
            return box;
          },
          py::arg("path"))
      .def_static("from_bytes",
                  [](const py::bytes& bytes) {
                    auto box = std::make_shared<PipelineBox>();
                    std::string data(bytes);
                    box->pipeline = writing(box->mutex, [&] { return fepipe::load_any_model_from_memory(data); });
                    return box;
                  })
      .def("step",
           [](const std::shared_ptr<PipelineBox>& box, std::size_t i) {
             reading(box->mutex, [&] { (void)box->pipeline.step(i); });  // fepipe::Error when out of range
             return StepHandle(box, i);
           })
      .def_property_readonly("names",
                             [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.step_names(); }); })
      .def_property_readonly("size", [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.size(); }); })
      .def_property_readonly("predicts",
                             [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.predicts(); }); })
      .def_property_readonly("classifies",
                             [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.classifies(); }); })
      .def_property_readonly("generation", [](PipelineBox& b) { return b.generation; })
      .def("is_fitted", [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.is_fitted(); }); })
      .def("input_names",
           [](PipelineBox& b) {
             return reading(b.mutex, [&] {
               std::vector<std::string> out;
               for (const auto& spec : b.pipeline.input_schema()) out.push_back(spec.name);
               return out;
             });
           })
      .def("feature_names_out",
           [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.feature_names_out(); }); })
      .def("n_classes", [](PipelineBox& b) { return reading(b.mutex, [&] { return b.pipeline.n_classes(); }); })
      .def("fit",
           [](PipelineBox& b, std::size_t rows, const py::list& columns, const py::object& y) {
             FrameIn in = frame_from_python(rows, columns);
             ++b.generation;  // even a failed fit may have refitted some steps
             if (y.is_none()) {
               writing(b.mutex, [&] {
                 ++b.schema_version;
                 b.pipeline.fit(in.frame);
               });
             } else {
               const fepipe::Target t = target_from_python(y.cast<Array>());
               writing(b.mutex, [&] {
                 ++b.schema_version;
                 b.pipeline.fit(in.frame, t);
               });
             }
           })
      .def("transform",
           [](PipelineBox& b, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return frame_to_python(reading(b.mutex, [&] { return b.pipeline.transform(std::move(in.frame)); }));
           })
      .def("estimator_input",
           [](PipelineBox& b, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return frame_to_python(reading(b.mutex, [&] { return b.pipeline.estimator_input(std::move(in.frame)); }));
           })
      // Steps [start, stop) of a fitted pipeline (a slice of it): from the
      // first step, the input columns the pipeline was fitted on, by name.
      .def("transform_range",
           [](PipelineBox& b, std::size_t rows, const py::list& columns, std::size_t start, std::size_t stop) {
             FrameIn in = frame_from_python(rows, columns);
             return frame_to_python(reading(b.mutex, [&] {
               const fepipe::DynamicPipeline& p = b.pipeline;
               fepipe::Frame out;
               if (start == 0) {
                 if (!p.is_fitted()) fepipe::detail::throw_not_fitted("Pipeline");
                 std::vector<std::string> names;
                 for (const auto& spec : p.input_schema()) names.push_back(spec.name);
                 out = in.frame.select(names);
               } else {
                 out = std::move(in.frame);
               }
               for (std::size_t i = start; i < stop; ++i) out = p.step(i).transform(std::move(out));
               return out;
             }));
           })
      .def("predict",
           [](PipelineBox& b, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return vector_to_python(reading(b.mutex, [&] { return b.pipeline.predict(std::move(in.frame)); }));
           })
      .def("predict_proba",
           [](PipelineBox& b, std::size_t rows, const py::list& columns) {
             FrameIn in = frame_from_python(rows, columns);
             return matrix_to_python(reading(b.mutex, [&] { return b.pipeline.predict_proba(std::move(in.frame)); }));
           })
      // One record (a dict {column: value}, a mapping, or a sequence in the
      // order of the input columns): the record path (see with_record).
      .def("predict_one",
           [](PipelineBox& b, py::handle record) -> py::object {
             return with_record(b, record, [&](std::span<const fepipe::Value> values) -> py::object {
               const double p = b.pipeline.predict_one(values);
               if (b.pipeline.classifies()) return py::int_(static_cast<long long>(p));
               return py::float_(p);
             });
           })
      .def("predict_proba_one",
           [](PipelineBox& b, py::handle record) {
             return with_record(b, record, [&](std::span<const fepipe::Value> values) {
               py::array_t<double> out(static_cast<py::ssize_t>(b.pipeline.n_classes()));
               b.pipeline.predict_proba_one(values, {out.mutable_data(), static_cast<std::size_t>(out.size())});
               return out;
             });
           })
      .def("save",
           [](PipelineBox& b, const std::string& path, const std::string& format) {
             const fepipe::ModelFormat f = format_named(format);
             reading(b.mutex, [&] { fepipe::save_model(b.pipeline, path, f); });
           })
      .def("to_bytes", [](PipelineBox& b, const std::string& format) {
        const fepipe::ModelFormat f = format_named(format);
        return py::bytes(reading(b.mutex, [&] {
          return fepipe::save_model_to_string(b.pipeline,
                                              f == fepipe::ModelFormat::automatic ? fepipe::ModelFormat::binary : f);
        }));
      });

#if defined(FEPIPE_PYTHON_EXTENSION)
  // A user's module: fepipe's Python layer gives it its classes (every
  // registered class, the user's included), load_model and the rest.
  py::module_::import("fepipe._api").attr("_init_extension")(m);
#endif
}
