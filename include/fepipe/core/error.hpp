#pragma once
/// @file
/// The error hierarchy. Every failure fepipe reports derives from
/// fepipe::Error and names the step, the column and the value involved, so a
/// message read in a server log is enough to find the problem.

#include <stdexcept>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/missing_origin.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Base of all fepipe errors. `step()` and `column()` are empty when they do
/// not apply (e.g. a file that is not a model file).
class Error : public std::runtime_error {
 public:
  Error(std::string step, std::string column, const std::string& message)
      : std::runtime_error(compose(step, column, message)), step_(std::move(step)), column_(std::move(column)) {}
  explicit Error(const std::string& message) : std::runtime_error(message) {}

  const std::string& step() const noexcept { return step_; }
  const std::string& column() const noexcept { return column_; }

 private:
  static std::string compose(const std::string& step, const std::string& column, const std::string& message) {
    std::string out;
    if (!step.empty()) out += step + ": ";
    if (!column.empty()) out += "column '" + column + "': ";
    return out + message;
  }
  std::string step_;
  std::string column_;
};

/// transform/predict called before fit (or on a default-constructed model).
class NotFittedError : public Error {
  using Error::Error;
};
/// A column is missing, has the wrong kind, or the frame's shape is wrong.
class SchemaError : public Error {
  using Error::Error;
};
/// An option value is invalid (checked at construction or fit).
class ParameterError : public Error {
  using Error::Error;
};
/// A value is not allowed: NaN where none may be, a non-positive value for a
/// log, a label outside 0..k-1, an empty frame...
class DataError : public Error {
  using Error::Error;
};
/// An encoder met a category it did not see at fit and its policy is `raise`.
class UnseenCategoryError : public Error {
  using Error::Error;
};
/// A model file is truncated, corrupted, hostile, of a newer format, or holds
/// a different pipeline than the one it is loaded into.
class ModelFormatError : public Error {
  using Error::Error;
};

namespace detail {

// Out-of-line, cold throw helpers keep string formatting off hot loops.
[[noreturn]] FEPIPE_COLD inline void throw_not_fitted(std::string_view step) {
  throw NotFittedError(std::string(step), "", "not fitted: call fit() or load a fitted model first");
}
[[noreturn]] FEPIPE_COLD inline void throw_schema(std::string_view step, std::string_view column,
                                                  const std::string& what) {
  throw SchemaError(std::string(step), std::string(column), what);
}
[[noreturn]] FEPIPE_COLD inline void throw_parameter(std::string_view step, const std::string& what) {
  throw ParameterError(std::string(step), "", what);
}
/// A DataError; one about a NaN that an earlier encoder made from an
/// unseen category says so (core/detail/missing_origin.hpp).
[[noreturn]] FEPIPE_COLD inline void throw_data(std::string_view step, std::string_view column,
                                                const std::string& what) {
  throw DataError(std::string(step), std::string(column), what + missing_origin_note(column, what));
}
[[noreturn]] FEPIPE_COLD inline void throw_unseen(std::string_view step, std::string_view column,
                                                  std::string_view label) {
  throw UnseenCategoryError(std::string(step), std::string(column),
                            "category " + quote_label(label) + " was not seen at fit (unseen = raise)");
}
[[noreturn]] FEPIPE_COLD inline void throw_model_format(const std::string& what) {
  throw ModelFormatError("model file: " + what);
}

/// "value -3.0 at row 17" — the value as Python prints it, the row 0-based.
inline std::string value_at_row(double value, std::size_t row) {
  return "value " + python_float_repr(value) + " at row " + std::to_string(row);
}

}  // namespace detail
FEPIPE_NAMESPACE_END
