#pragma once
/// @file
/// Machinery every step shares, so that the conventions (column order,
/// kinds, error messages, row handling) live in one place: fitting records
/// the input schema, transforming aligns a frame to it, and the per-value
/// kernels below serve both the batch (Frame) and single-record (Row) paths
/// so the two can never disagree.

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// The schema a step is fitted on; DataError on a frame without rows or
/// columns (there is nothing to learn from).
inline Schema fit_schema(const Frame& X, std::string_view step) {
  if (X.cols() == 0) throw_data(step, "", "the frame has no columns");
  if (X.rows() == 0) throw_data(step, "", "the frame has no rows");
  return X.schema();
}

/// Brings X into the fitted column order and checks the kinds.
/// SchemaError naming the first missing, unexpected or re-typed column.
/// Each column of X (already in fitted order) has its fitted kind.
inline void check_fitted_kinds(const Frame& X, const Schema& fitted, std::string_view step) {
  for (std::size_t i = 0; i < fitted.size(); ++i)
    if (X.column(i).kind() != fitted[i].kind)
      throw_schema(step, fitted[i].name,
                   "is " + std::string(to_string(X.column(i).kind())) + ", it was " +
                       std::string(to_string(fitted[i].kind)) + " at fit");
}

inline void align_to_schema(Frame& X, const Schema& fitted, std::string_view step) {
  if (fitted.empty()) throw_not_fitted(step);
  bool same = X.cols() == fitted.size();
  for (std::size_t i = 0; same && i < fitted.size(); ++i) same = X.name(i) == fitted[i].name;
  if (!same) {
    std::vector<std::size_t> order;
    order.reserve(fitted.size());
    for (const auto& spec : fitted) {
      auto i = X.find(spec.name);
      if (!i) throw_schema(step, spec.name, "is missing (the step was fitted on it)");
      order.push_back(*i);
    }
    if (X.cols() != fitted.size())
      for (std::size_t i = 0; i < X.cols(); ++i)
        if (!fitted.find(X.name(i)))
          throw_schema(step, X.name(i), "was not present at fit (the step expects exactly its fitted columns)");
    X.permute(order);
  }
  check_fitted_kinds(X, fitted, step);
}

/// X itself when its columns already are the fitted ones in fitted order
/// (kinds checked as align_to_schema checks them), otherwise an aligned copy
/// made in `storage`: what a read-only consumer (an estimator's predict)
/// needs, without copying a frame that is already aligned.
inline const Frame& aligned_to_schema(const Frame& X, const Schema& fitted, std::string_view step,
                                      std::optional<Frame>& storage) {
  if (fitted.empty()) throw_not_fitted(step);
  bool same = X.cols() == fitted.size();
  for (std::size_t i = 0; same && i < fitted.size(); ++i) same = X.name(i) == fitted[i].name;
  if (same) {
    check_fitted_kinds(X, fitted, step);
    return X;
  }
  align_to_schema(storage.emplace(X), fitted, step);
  return *storage;
}

/// Positions of `names` in the fitted schema. Only a corrupted model can
/// name a column that is not there, or one column twice (two positions
/// would then write one cell), hence ModelFormatError.
inline std::vector<std::size_t> positions_in(const Schema& fitted, std::span<const std::string> names,
                                             std::string_view step) {
  if (auto d = first_duplicate(names))
    throw_model_format(std::string(step) + ": variable '" + std::string(*d) + "' is listed twice");
  std::vector<std::size_t> out;
  out.reserve(names.size());
  const NamePositions lookup(fitted, [](const auto& field) -> const std::string& { return field.name; });
  for (const auto& n : names) {
    auto i = lookup.find(n);
    if (!i) throw_model_format(std::string(step) + ": variable '" + n + "' is not among the fitted input columns");
    out.push_back(*i);
  }
  return out;
}

/// A record must have exactly the fitted width.
inline void check_row_width(const Row& row, const Schema& fitted, std::string_view step) {
  if (fitted.empty()) throw_not_fitted(step);
  if (row.width() != fitted.size())
    throw_schema(step, "",
                 "record has " + std::to_string(row.width()) + " values, the step was fitted on " +
                     std::to_string(fitted.size()) + " columns");
}

/// A numeric cell's value (missing → NaN); SchemaError for a label.
inline double cell_number(const Value& v, std::string_view step, std::string_view column) {
  if (v.is_number()) return v.number();
  if (v.is_missing()) return std::numeric_limits<double>::quiet_NaN();
  throw_schema(step, column, "expected a number, got the label " + quote_label(v.label()));
}

/// A categorical cell's label (nullopt when missing); SchemaError for a
/// number other than NaN.
inline std::optional<std::string_view> cell_label(const Value& v, std::string_view step, std::string_view column) {
  if (v.is_label()) return v.label();
  if (v.is_missing() || std::isnan(v.number())) return std::nullopt;
  throw_schema(step, column, "expected a label, got the number " + python_float_repr(v.number()));
}

/// Which dictionary codes the rows of a categorical column use.
inline std::vector<bool> used_codes(const Column& col) {
  std::vector<bool> used(col.labels().size(), false);
  for (std::int32_t c : col.codes())
    if (c >= 0) used[static_cast<std::size_t>(c)] = true;
  return used;
}

inline bool has_missing(const Column& col) {
  if (col.is_numeric()) {
    for (double v : col.values())
      if (std::isnan(v)) return true;
    return false;
  }
  for (std::int32_t c : col.codes())
    if (c < 0) return true;
  return false;
}

/// First row whose numeric value fails `ok`, if any.
template <class Pred>
std::optional<std::size_t> first_row_failing(std::span<const double> x, Pred ok) {
  for (std::size_t r = 0; r < x.size(); ++r)
    if (!ok(x[r])) return r;
  return std::nullopt;
}

/// Converts a categorical column into numbers: `encode(label)` is called
/// once per distinct label the rows use (never for dictionary entries no row
/// uses) and `encode(nullopt)` once if some row is missing.
template <class Encode>
Column encode_labels(const Column& col, Encode&& encode) {
  const auto used = used_codes(col);
  std::vector<double> by_code(col.labels().size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t c = 0; c < by_code.size(); ++c)
    if (used[c]) by_code[c] = encode(std::optional<std::string_view>(col.labels()[c]));
  double for_missing = std::numeric_limits<double>::quiet_NaN();
  if (has_missing(col)) for_missing = encode(std::optional<std::string_view>());
  std::vector<double> out(col.size());
  auto codes = col.codes();
  for (std::size_t r = 0; r < out.size(); ++r)
    out[r] = codes[r] < 0 ? for_missing : by_code[static_cast<std::size_t>(codes[r])];
  return Column::numeric(std::move(out));
}

/// Rewrites a categorical column's labels: `relabel(label or nullopt)`
/// returns the new label, or nullopt for missing. Called once per distinct
/// used label (and once for missing if present); the result's dictionary
/// holds only labels that rows use, in order of first appearance.
template <class Relabel>
void relabel_column(Column& col, Relabel&& relabel) {
  const auto used = used_codes(col);
  std::vector<std::optional<std::string>> by_code(col.labels().size());
  for (std::size_t c = 0; c < by_code.size(); ++c)
    if (used[c]) {
      auto r = relabel(std::optional<std::string_view>(col.labels()[c]));
      if (r) by_code[c] = std::string(*r);
    }
  std::optional<std::string> for_missing;
  if (has_missing(col))
    if (auto r = relabel(std::optional<std::string_view>())) for_missing = std::string(*r);
  std::vector<std::string> labels;
  std::vector<std::int32_t> new_code_of_old(by_code.size(), Column::missing_code);
  std::int32_t missing_new = Column::missing_code;
  std::unordered_map<std::string, std::int32_t> index;
  auto intern = [&](const std::string& s) {
    auto [it, inserted] = index.try_emplace(s, static_cast<std::int32_t>(labels.size()));
    if (inserted) labels.push_back(s);
    return it->second;
  };
  std::vector<std::int32_t> codes(col.size());
  auto old = col.codes();
  std::vector<char> interned(by_code.size(), 0);
  bool missing_interned = false;
  for (std::size_t r = 0; r < codes.size(); ++r) {
    const std::int32_t c = old[r];
    if (c < 0) {
      if (!missing_interned) {
        missing_new = for_missing ? intern(*for_missing) : Column::missing_code;
        missing_interned = true;
      }
      codes[r] = missing_new;
    } else {
      const auto uc = static_cast<std::size_t>(c);
      if (!interned[uc]) {
        new_code_of_old[uc] = by_code[uc] ? intern(*by_code[uc]) : Column::missing_code;
        interned[uc] = 1;
      }
      codes[r] = new_code_of_old[uc];
    }
  }
  col.assign_categorical(std::move(codes), std::move(labels));
}

}  // namespace detail
FEPIPE_NAMESPACE_END

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// After loading: positions of `variables` in the fitted schema, checking
/// that each has the kind the step works on (`expected`, or any if nullopt).
inline std::vector<std::size_t> restore_positions(const Schema& fitted, std::span<const std::string> variables,
                                                  std::string_view step, std::optional<Kind> expected) {
  auto pos = positions_in(fitted, variables, step);
  if (expected)
    for (std::size_t k = 0; k < pos.size(); ++k)
      if (fitted[pos[k]].kind != *expected)
        throw_model_format(std::string(step) + ": variable '" + variables[k] + "' is recorded as " +
                           std::string(to_string(fitted[pos[k]].kind)) + ", the step needs " +
                           std::string(to_string(*expected)));
  return pos;
}

/// After loading: a learned dict must have exactly the variables as keys,
/// in order.
template <class DictT>
void check_dict_keys(const DictT& dict, std::span<const std::string> variables, std::string_view step,
                     std::string_view dict_name) {
  bool ok = dict.size() == variables.size();
  for (std::size_t i = 0; ok && i < variables.size(); ++i) ok = dict[i].first == variables[i];
  if (!ok) throw_model_format(std::string(step) + ": " + std::string(dict_name) + " does not match variables_");
}

}  // namespace detail
FEPIPE_NAMESPACE_END

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// DataError naming the first variable and row holding NaN or ±inf: the
/// feature-engine rule for numerical transformers (discretisers, the
/// transformation family), applied at fit and at transform.
inline void require_finite(const Frame& X, std::span<const std::size_t> positions, std::string_view step) {
  for (std::size_t pos : positions) {
    auto v = X.column(pos).values();
    if (auto r = first_row_failing(v, [](double x) { return std::isfinite(x); }))
      throw_data(step, X.name(pos), value_at_row(v[*r], *r) + ": NaN and infinite values are not allowed here");
  }
}

/// Applies `f(k, x) -> double` to every value of the numeric columns
/// positions[k] (batch path).
template <class F>
void map_numeric(Frame& X, std::span<const std::size_t> positions, F&& f) {
  for (std::size_t k = 0; k < positions.size(); ++k)
    for (double& x : X.column(positions[k]).mutable_values()) x = f(k, x);
}

/// The record path of map_numeric; names[k] is used in error messages.
template <class F>
void map_numeric_row(Row& row, std::span<const std::size_t> positions, std::span<const std::string> names,
                     std::string_view step, F&& f) {
  for (std::size_t k = 0; k < positions.size(); ++k) {
    Value& cell = row[positions[k]];
    cell = Value(f(k, cell_number(cell, step, names[k])));
  }
}

}  // namespace detail
FEPIPE_NAMESPACE_END

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// The first value with `!ok(x)` in the numeric columns at `positions`
/// raises a DataError naming the column and row, with `why(x)` as reason.
template <class Ok, class Why>
void check_numeric(const Frame& X, std::span<const std::size_t> positions, std::string_view step, Ok&& ok,
                   Why&& why) {
  for (std::size_t pos : positions) {
    auto v = X.column(pos).values();
    if (auto r = first_row_failing(v, ok)) throw_data(step, X.name(pos), value_at_row(v[*r], *r) + " " + why(v[*r]));
  }
}

/// check_numeric, then map_numeric.
template <class Ok, class Why, class F>
void map_numeric_checked(Frame& X, std::span<const std::size_t> positions, std::string_view step, Ok&& ok,
                         Why&& why, F&& f) {
  check_numeric(X, positions, step, ok, why);
  map_numeric(X, positions, f);
}

template <class Ok, class Why, class F>
void map_numeric_row_checked(Row& row, std::span<const std::size_t> positions, std::span<const std::string> names,
                             std::string_view step, Ok&& ok, Why&& why, F&& f) {
  for (std::size_t k = 0; k < positions.size(); ++k) {
    Value& cell = row[positions[k]];
    const double x = cell_number(cell, step, names[k]);
    if (!ok(x)) [[unlikely]]
      throw_data(step, names[k], "value " + python_float_repr(x) + " " + why(x));
    cell = Value(f(k, x));
  }
}

}  // namespace detail
FEPIPE_NAMESPACE_END
