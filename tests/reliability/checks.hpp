#pragma once
// The reliability properties, written once for every catalogue entry and
// free of doctest, so that the property tests, the fuzz targets and the
// regression replay share them. A violated property throws Defect; an
// expected failure is a fepipe::Error; anything else escaping is a defect
// too (a std:: exception from fepipe's code, a crash, a sanitizer report).

#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/io/model_file.hpp"
#include "reliability/any_model.hpp"

namespace fepipe_rel {

/// The most derived fepipe error class of `e`, by name (the names the
/// bad-input contract uses).
inline std::string error_kind(const fepipe::Error& e) {
  if (dynamic_cast<const fepipe::SchemaError*>(&e)) return "SchemaError";
  if (dynamic_cast<const fepipe::DataError*>(&e)) return "DataError";
  if (dynamic_cast<const fepipe::UnseenCategoryError*>(&e)) return "UnseenCategoryError";
  if (dynamic_cast<const fepipe::ParameterError*>(&e)) return "ParameterError";
  if (dynamic_cast<const fepipe::NotFittedError*>(&e)) return "NotFittedError";
  if (dynamic_cast<const fepipe::ModelFormatError*>(&e)) return "ModelFormatError";
  return "Error";
}

/// Numbers agree when their bits do, or when both are NaN (a NaN's sign and
/// payload carry no meaning and differ between 0/0 and quiet_NaN()).
inline bool same_number(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) || (std::isnan(a) && std::isnan(b));
}

/// Row r of X as record cells (labels view X's dictionaries).
inline std::vector<fepipe::Value> record_of(const fepipe::Frame& X, std::size_t r) {
  std::vector<fepipe::Value> rec;
  rec.reserve(X.cols());
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const fepipe::Column& col = X.column(c);
    if (col.is_numeric())
      rec.emplace_back(col.values()[r]);
    else
      rec.push_back(col.codes()[r] < 0 ? fepipe::Value::missing() : fepipe::Value(col.label(col.codes()[r])));
  }
  return rec;
}

/// "" when a and b hold the same names, kinds, rows and values; otherwise
/// where they first differ.
inline std::string frame_difference(const fepipe::Frame& a, const fepipe::Frame& b) {
  if (a.names() != b.names()) return "column names differ";
  if (a.rows() != b.rows()) return "row counts differ (" + std::to_string(a.rows()) + " vs " + std::to_string(b.rows()) + ")";
  for (std::size_t c = 0; c < a.cols(); ++c) {
    const auto& ca = a.column(c);
    const auto& cb = b.column(c);
    if (ca.kind() != cb.kind()) return "column '" + a.name(c) + "' changes kind";
    for (std::size_t r = 0; r < a.rows(); ++r) {
      const std::string where = "column '" + a.name(c) + "' row " + std::to_string(r);
      if (ca.is_numeric()) {
        if (!same_number(ca.values()[r], cb.values()[r]))
          return where + ": " + fepipe::detail::python_float_repr(ca.values()[r]) + " vs " +
                 fepipe::detail::python_float_repr(cb.values()[r]);
      } else {
        const bool ma = ca.codes()[r] < 0, mb = cb.codes()[r] < 0;
        if (ma != mb) return where + ": missing in one only";
        if (!ma && ca.label(ca.codes()[r]) != cb.label(cb.codes()[r])) return where + ": labels differ";
      }
    }
  }
  return {};
}

/// The result of one call: an output frame, or the fepipe error it raised.
struct Outcome {
  std::optional<fepipe::Frame> frame;
  std::string error;  // error_kind, when frame is empty
  std::string message;
};

template <class F>
Outcome attempt(F&& f) {
  Outcome o;
  try {
    o.frame = f();
  } catch (const fepipe::Error& e) {
    o.error = error_kind(e);
    o.message = e.what();
  }
  return o;
}

inline Outcome attempt_apply(const AnyModel& m, const fepipe::Frame& X) {
  return attempt([&] { return m.apply(X); });
}

/// Two outcomes agree: the same output, or the same error class.
inline void require_same(const Outcome& a, const Outcome& b, const std::string& what) {
  if (a.frame.has_value() != b.frame.has_value())
    throw Defect(what + ": one call returns, the other throws " + (a.frame ? b.error + " (" + b.message + ")" : a.error + " (" + a.message + ")"));
  if (!a.frame) {
    if (a.error != b.error) throw Defect(what + ": " + a.error + " (" + a.message + ") vs " + b.error + " (" + b.message + ")");
    return;
  }
  if (auto d = frame_difference(*a.frame, *b.frame); !d.empty()) throw Defect(what + ": " + d);
}

/// The row path on row r of X agrees with apply() on the one-row frame: the
/// same cells, a DataError where the batch drops the row (row filters), or
/// the same error class.
inline void check_row_path(const AnyModel& m, const fepipe::Frame& X, std::size_t r) {
  const std::string what = std::string(m.type_name()) + ": record path vs batch on row " + std::to_string(r);
  const Outcome batch = attempt_apply(m, X.take_rows(std::vector<std::size_t>{r}));
  std::vector<Cell> cells;
  std::string row_error, row_message;
  try {
    cells = m.apply_row(record_of(X, r));
  } catch (const fepipe::Error& e) {
    row_error = error_kind(e);
    row_message = e.what();
  }
  if (!batch.frame) {
    if (row_error.empty()) throw Defect(what + ": the batch throws " + batch.error + " (" + batch.message + "), the record path returns");
    if (row_error != batch.error)
      throw Defect(what + ": " + row_error + " (" + row_message + ") vs " + batch.error + " (" + batch.message + ")");
    return;
  }
  const fepipe::Frame& out = *batch.frame;
  if (out.rows() == 0) {
    if (row_error != "DataError") throw Defect(what + ": the batch drops the row, the record path does not raise DataError");
    return;
  }
  if (!row_error.empty()) throw Defect(what + ": the record path throws " + row_error + " (" + row_message + "), the batch returns");
  if (cells.size() != out.cols())
    throw Defect(what + ": " + std::to_string(cells.size()) + " cells vs " + std::to_string(out.cols()) + " columns");
  for (std::size_t c = 0; c < out.cols(); ++c) {
    const fepipe::Column& col = out.column(c);
    const Cell& cell = cells[c];
    const std::string at = what + ", column '" + out.name(c) + "'";
    if (col.is_numeric()) {
      if (cell.type == fepipe::Value::Type::label) throw Defect(at + ": a label where the batch has a number");
      const double got = cell.type == fepipe::Value::Type::number ? cell.number : std::numeric_limits<double>::quiet_NaN();
      if (!same_number(got, col.values()[0]))
        throw Defect(at + ": " + fepipe::detail::python_float_repr(got) + " vs " +
                     fepipe::detail::python_float_repr(col.values()[0]));
    } else if (col.codes()[0] < 0) {
      // A missing label may come back as missing or as a NaN number.
      if (cell.type == fepipe::Value::Type::label || (cell.type == fepipe::Value::Type::number && !std::isnan(cell.number)))
        throw Defect(at + ": missing in the batch only");
    } else if (cell.type != fepipe::Value::Type::label || cell.label != col.label(col.codes()[0])) {
      throw Defect(at + ": labels differ");
    }
  }
}

/// Saving and loading in both formats keeps the model: the same bytes when
/// saved again, and the same outcome on X.
inline void check_roundtrip(const AnyModel& m, const fepipe::Frame& X, const Outcome& expected) {
  for (auto format : {fepipe::ModelFormat::json, fepipe::ModelFormat::binary}) {
    const std::string what = std::string(m.type_name()) + (format == fepipe::ModelFormat::json ? ": JSON" : ": binary");
    std::string bytes;
    try {
      bytes = m.save(format);
    } catch (const fepipe::Error& e) {
      // The one documented refusal: JSON cannot keep strings with NUL bytes
      // (the binary format, checked next, must keep them).
      if (format == fepipe::ModelFormat::json && std::string_view(e.what()).find("NUL byte") != std::string_view::npos)
        continue;
      throw Defect(what + ": saving a fitted model fails: " + e.what());
    }
    std::unique_ptr<AnyModel> copy;
    try {
      copy = m.load(bytes);
    } catch (const fepipe::Error& e) {
      throw Defect(what + " file of a fitted model does not load: " + e.what());
    }
    if (copy->save(format) != bytes) throw Defect(what + ": saving the loaded copy gives other bytes");
    require_same(attempt_apply(*copy, X), expected, what + " round trip");
  }
}

/// Every property of a fitted model on one frame. `row_wise` as in Entry.
/// `max_rows` bounds the rows checked one by one (the slow part).
inline void check_fitted(const AnyModel& m, const fepipe::Frame& X, bool row_wise, std::size_t max_rows = 12) {
  const std::string name(m.type_name());
  const Outcome out = attempt_apply(m, X);
  // Deterministic: a second call gives the same bits.
  require_same(attempt_apply(m, X), out, name + ": transform is not deterministic");
  if (out.frame) {
    // The schema of the output is what feature_names_out() says.
    if (out.frame->names() != m.output_names())
      throw Defect(name + ": the output's columns differ from feature_names_out()");
    if (out.frame->rows() > X.rows()) throw Defect(name + ": more rows out than in");
  }
  check_roundtrip(m, X, out);
  const std::size_t n = std::min(X.rows(), max_rows);
  if (row_wise && out.frame) {
    // Row order does not matter: transforming a permutation permutes the
    // output (checked for steps that keep every row).
    if (out.frame->rows() == X.rows() && X.rows() > 1) {
      std::vector<std::size_t> perm(X.rows());
      std::iota(perm.rbegin(), perm.rend(), std::size_t{0});
      require_same(attempt_apply(m, X.take_rows(perm)), Outcome{out.frame->take_rows(perm), {}, {}},
                   name + ": transform depends on row order");
    }
    // Rows are independent: transforming them one at a time and stacking
    // the results gives the whole output (row filters included).
    std::size_t next = 0;
    for (std::size_t r = 0; r < n; ++r) {
      const Outcome one = attempt_apply(m, X.take_rows(std::vector<std::size_t>{r}));
      if (!one.frame) throw Defect(name + ": row " + std::to_string(r) + " alone throws " + one.error + " (" + one.message + "), the whole frame does not");
      if (one.frame->rows() > 1) throw Defect(name + ": one row in, several out");
      if (one.frame->rows() == 1) {
        if (next >= out.frame->rows()) throw Defect(name + ": row " + std::to_string(r) + " kept alone, dropped in the frame");
        std::vector<std::size_t> pick{next++};
        if (auto d = frame_difference(*one.frame, out.frame->take_rows(pick)); !d.empty())
          throw Defect(name + ": row " + std::to_string(r) + " alone differs from the whole frame: " + d);
      }
    }
    if (n == X.rows() && next != out.frame->rows()) throw Defect(name + ": a row dropped alone is kept in the frame");
  }
  if (m.has_row_path())
    for (std::size_t r = 0; r < n; ++r) check_row_path(m, X, r);
}

/// A frame that matches a fitted schema: `rows` rows of ordinary values
/// (labels from the schema's recorded categories where there are some).
inline fepipe::Frame frame_for_schema(const fepipe::Schema& schema, std::size_t rows) {
  fepipe::Frame X(rows);
  for (std::size_t j = 0; j < schema.size(); ++j) {
    const auto& spec = schema[j];
    if (spec.kind == fepipe::Kind::numeric) {
      std::vector<double> v(rows);
      for (std::size_t r = 0; r < rows; ++r) v[r] = r == 2 ? std::numeric_limits<double>::quiet_NaN() : 1.0 + static_cast<double>(r + j);
      X.add(spec.name, fepipe::Column::numeric(std::move(v)));
    } else {
      std::vector<std::string> labels = spec.categories;
      if (labels.empty()) labels.push_back("a");
      std::vector<std::int32_t> codes(rows);
      for (std::size_t r = 0; r < rows; ++r)
        codes[r] = r == 2 ? fepipe::Column::missing_code : static_cast<std::int32_t>(r % labels.size());
      X.add(spec.name, fepipe::Column::categorical(std::move(codes), std::move(labels)));
    }
  }
  return X;
}

/// Uses a model that a (possibly hostile) file loaded into: apply and the
/// record path on a frame of its own schema. Only fepipe errors may come out.
inline void exercise_loaded(const AnyModel& m) {
  if (!m.is_fitted()) {
    const Outcome o = attempt_apply(m, frame_for_schema(m.input_schema(), 1));
    (void)o;
    return;
  }
  const fepipe::Schema schema = m.input_schema();
  // Frame::add rejects duplicate names; a hostile schema may have them.
  for (std::size_t i = 0; i < schema.size(); ++i)
    for (std::size_t j = i + 1; j < schema.size(); ++j)
      if (schema[i].name == schema[j].name) {
        const Outcome o = attempt_apply(m, fepipe::Frame(1));
        (void)o;
        return;
      }
  const fepipe::Frame X = frame_for_schema(schema, 3);
  const Outcome o = attempt_apply(m, X);
  (void)o;
  (void)m.output_names();
  if (m.has_row_path())
    for (std::size_t r = 0; r < X.rows(); ++r) {
      try {
        (void)m.apply_row(record_of(X, r));
      } catch (const fepipe::Error&) {
      }
    }
}

}  // namespace fepipe_rel
