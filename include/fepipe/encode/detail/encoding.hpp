#pragma once
/// @file
/// What feature-engine's categorical encoders share: variable resolution,
/// the `missing_values` rule, the `unseen` policy, label frequency counts,
/// label ordering, and the label → number lookup used by both the batch and
/// the record path.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/label_index.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What an encoder does with a category it did not see at fit (and, when
/// missing values are allowed, with a missing value).
enum class UnseenPolicy : std::uint8_t {
  ignore,  ///< the encoded value is NaN
  raise,   ///< UnseenCategoryError naming the column and the label
  encode,  ///< a fixed number (each encoder documents which)
};
constexpr std::array<std::string_view, 3> enum_names(UnseenPolicy) { return {"ignore", "raise", "encode"}; }

namespace detail {

struct CategoricalFit {
  Schema schema;
  std::vector<std::string> variables;
  std::vector<std::size_t> positions;
};

/// DataError naming the first variable and row with a missing value;
/// `advice` says what the user can do about it.
inline void reject_missing(const Frame& X, std::span<const std::size_t> positions, std::string_view step,
                           std::string_view advice = "impute it first, or set missing_values = ignore") {
  for (std::size_t pos : positions) {
    const Column& col = X.column(pos);
    for (std::size_t r = 0; r < col.size(); ++r)
      if (col.is_missing(r))
        throw_data(step, X.name(pos), "missing value at row " + std::to_string(r) + " (" + std::string(advice) + ")");
  }
}

/// What the encoders without a missing_values option (OneHot, WoE) tell the
/// user about a missing value.
inline constexpr std::string_view impute_first = "this encoder does not accept missing values: impute them first";

/// The encoder's variables: categorical columns, or with `ignore_format`
/// any column (automatic selection then takes every column, as
/// feature-engine's find_all_variables does).
inline CategoricalFit fit_categorical_variables(const Frame& X, const Variables& vars, bool return_empty,
                                                MissingValues missing, std::string_view step,
                                                bool ignore_format = false) {
  CategoricalFit out;
  out.schema = fit_schema(X, step);
  out.variables = resolve_variables(X, vars, step,
                                    {.type = ignore_format ? VariableType::any : VariableType::categorical,
                                     .ignore_format = ignore_format,
                                     .return_empty = return_empty});
  out.positions = positions_in(out.schema, out.variables, step);
  if (missing == MissingValues::raise) reject_missing(X, out.positions, step);
  return out;
}

/// After loading: the kind a variable must have (categorical, or anything
/// with ignore_format) for restore_positions.
inline std::optional<Kind> encoder_kind(bool ignore_format) {
  return ignore_format ? std::nullopt : std::optional<Kind>(Kind::categorical);
}

// --- numbers as categories (ignore_format) ---------------------------------

/// A number's category label: Python's repr (2.0 → "2.0", 1e-05 → "1e-05"),
/// the text feature-engine shows for a float category, formatted into a
/// buffer the caller owns so the record path does not allocate. -0.0 is
/// the category "0.0" (pandas groups the two zeros together).
class NumberLabel {
 public:
  /// The label of x (x must not be NaN); valid until the next call.
  std::string_view format(double x) noexcept { return repr_.format(x == 0.0 ? 0.0 : x); }

 private:
  PythonFloatRepr repr_;
};

/// A numeric column seen as categories: codes in order of first
/// appearance, labels = NumberLabel text, NaN = missing.
inline Column numeric_as_categories(const Column& col) {
  std::unordered_map<double, std::int32_t> index;  // 0.0 == -0.0 and they hash alike
  std::vector<std::int32_t> codes(col.size(), Column::missing_code);
  std::vector<std::string> labels;
  NumberLabel text;
  auto values = col.values();
  for (std::size_t r = 0; r < values.size(); ++r) {
    const double x = values[r];
    if (std::isnan(x)) continue;
    auto [it, inserted] = index.try_emplace(x, static_cast<std::int32_t>(labels.size()));
    if (inserted) labels.emplace_back(text.format(x));
    codes[r] = it->second;
  }
  return Column::categorical(std::move(codes), std::move(labels));
}

/// Calls `f(const Column&)` with a categorical column as it is, or with a
/// numeric one seen as categories (ignore_format).
template <class F>
decltype(auto) with_categories(const Column& col, F&& f) {
  if (col.is_categorical()) return f(col);
  const Column view = numeric_as_categories(col);
  return f(view);
}

/// A record's cell as a category: the label of a categorical column, or a
/// number's label in a numeric one (formatted into `buf`); nullopt when
/// missing. SchemaError for a cell of the wrong type.
inline std::optional<std::string_view> cell_category(const Value& v, Kind kind, NumberLabel& buf,
                                                     std::string_view step, std::string_view column) {
  if (kind == Kind::categorical) return cell_label(v, step, column);
  const double x = cell_number(v, step, column);
  if (std::isnan(x)) return std::nullopt;
  return buf.format(x);
}

/// A record's label for an encoder, enforcing missing_values = raise.
inline std::optional<std::string_view> encoder_cell_label(const Value& v, MissingValues missing,
                                                          std::string_view step, std::string_view column) {
  auto label = cell_label(v, step, column);
  if (!label && missing == MissingValues::raise)
    throw_data(step, column, "missing value (impute it first, or set missing_values = ignore)");
  return label;
}

/// As above for a column of either kind (ignore_format).
inline std::optional<std::string_view> encoder_cell_label(const Value& v, Kind kind, NumberLabel& buf,
                                                          MissingValues missing, std::string_view step,
                                                          std::string_view column) {
  auto label = cell_category(v, kind, buf, step, column);
  if (!label && missing == MissingValues::raise)
    throw_data(step, column, "missing value (impute it first, or set missing_values = ignore)");
  return label;
}

// --- the target ------------------------------------------------------------

/// The target of a supervised encoder: one finite value per row.
inline void check_target(const Target* y, std::size_t rows, std::string_view step, std::string_view why) {
  if (!y) throw_parameter(step, std::string(why) + " needs the target y");
  if (static_cast<std::size_t>(y->size()) != rows)
    throw_schema(step, "", "target has " + std::to_string(y->size()) + " values for " + std::to_string(rows) +
                               " rows");
  for (Eigen::Index i = 0; i < y->size(); ++i)
    if (!std::isfinite((*y)[i]))
      throw_data(step, "", "target " + value_at_row((*y)[i], static_cast<std::size_t>(i)) + " is not finite");
}

/// Target sum and row count per category code, as pandas' groupby computes
/// them: the sums Kahan-compensated (so equal means compare equal as they
/// do in pandas), rows with a missing category left out.
struct TargetGroups {
  std::vector<double> sum;
  std::vector<std::size_t> count;

  double mean(std::size_t c) const { return sum[c] / static_cast<double>(count[c]); }
};

inline TargetGroups group_target(const Column& col, const Target& y) {
  const std::size_t k = col.labels().size();
  TargetGroups g{std::vector<double>(k, 0.0), std::vector<std::size_t>(k, 0)};
  std::vector<double> comp(k, 0.0);
  auto codes = col.codes();
  for (std::size_t r = 0; r < codes.size(); ++r) {
    if (codes[r] < 0) continue;
    const auto c = static_cast<std::size_t>(codes[r]);
    const double v = y[static_cast<Eigen::Index>(r)] - comp[c];
    const double t = g.sum[c] + v;
    comp[c] = t - g.sum[c] - v;
    g.sum[c] = t;
    ++g.count[c];
  }
  return g;
}

/// Population variance (ddof 0) of the target per category code, by
/// Welford's update as pandas' groupby var computes it.
inline std::vector<double> group_target_variance(const Column& col, const Target& y) {
  const std::size_t k = col.labels().size();
  std::vector<double> mean(k, 0.0), m2(k, 0.0);
  std::vector<std::size_t> n(k, 0);
  auto codes = col.codes();
  for (std::size_t r = 0; r < codes.size(); ++r) {
    if (codes[r] < 0) continue;
    const auto c = static_cast<std::size_t>(codes[r]);
    const double v = y[static_cast<Eigen::Index>(r)];
    ++n[c];
    const double old = mean[c];
    mean[c] += (v - old) / static_cast<double>(n[c]);
    m2[c] += (v - mean[c]) * (v - old);
  }
  for (std::size_t c = 0; c < k; ++c) m2[c] = n[c] > 0 ? m2[c] / static_cast<double>(n[c]) : nan_v;
  return m2;
}

/// Reads an encoder's Options from a serial-version-1 file, written before
/// the encoders had `ignore_format`: `Options::serialize_v1` lists that
/// layout's fields (ignore_format keeps its default, false).
template <class Options>
struct OptionsV1 {
  Options& options;
  template <class Archive>
  void serialize(Archive& ar) {
    options.serialize_v1(ar);
  }
};

/// Used categories with their row counts, in order of first appearance.
struct LabelCounts {
  std::vector<std::string> labels;
  std::vector<std::size_t> counts;
  std::size_t non_missing = 0;
  bool has_missing = false;
};

inline LabelCounts count_labels(const Column& col) {
  LabelCounts out;
  std::vector<std::int32_t> slot(col.labels().size(), -1);
  for (std::int32_t c : col.codes()) {
    if (c < 0) {
      out.has_missing = true;
      continue;
    }
    ++out.non_missing;
    auto& s = slot[static_cast<std::size_t>(c)];
    if (s < 0) {
      s = static_cast<std::int32_t>(out.labels.size());
      out.labels.emplace_back(col.label(c));
      out.counts.push_back(0);
    }
    ++out.counts[static_cast<std::size_t>(s)];
  }
  return out;
}

/// Indices of `counts` by descending count, ties in first-appearance order
/// (pandas value_counts guarantees this only for small cardinalities; a
/// stable sort makes it the rule).
inline std::vector<std::size_t> by_descending_count(const std::vector<std::size_t>& counts) {
  std::vector<std::size_t> order(counts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  return order;
}

/// Label order used where the reference sorts category values: numbers
/// (labels that parse as numbers, e.g. MSSubClass codes) numerically and
/// before text, text lexicographically.
inline bool label_less(std::string_view a, std::string_view b) {
  double x, y;
  const bool na = parse_double(a, x), nb = parse_double(b, y);
  if (na && nb) {
    if (x != y) return x < y;
    return a < b;
  }
  if (na != nb) return na;
  return a < b;
}

/// Per-variable label → number tables applying the unseen policy: the
/// shared transform of OrdinalEncoder, CountFrequencyEncoder, MeanEncoder,
/// WoEEncoder and DecisionTreeEncoder.
class LabelNumberMaps {
 public:
  LabelNumberMaps() = default;
  explicit LabelNumberMaps(const Dict<Dict<double>>& encoder_dict) {
    for (const auto& [var, mapping] : encoder_dict) {
      index_.emplace_back(mapping.keys());
      std::vector<double> values;
      values.reserve(mapping.size());
      for (const auto& kv : mapping) values.push_back(kv.second);
      values_.push_back(std::move(values));
    }
  }

  struct Policy {
    MissingValues missing = MissingValues::raise;
    UnseenPolicy unseen = UnseenPolicy::ignore;
    double fill = std::numeric_limits<double>::quiet_NaN();  // for unseen = encode
    /// What a missing value's DataError (missing = raise) advises.
    std::string_view missing_advice = "impute it first, or set missing_values = ignore";
  };

  /// The encoding of variable k's label (nullopt = missing).
  double encode(std::size_t k, std::optional<std::string_view> label, const Policy& policy, std::string_view step,
                std::string_view column) const {
    if (label) {
      const std::int32_t i = index_[k].find(*label);
      if (i >= 0) return values_[k][static_cast<std::size_t>(i)];
    } else if (policy.missing == MissingValues::raise) {
      throw_data(step, column, "missing value (" + std::string(policy.missing_advice) + ")");
    }
    switch (policy.unseen) {
      case UnseenPolicy::ignore:
        // The step that refuses this NaN later names its origin (core/detail/missing_origin.hpp).
        if (label)
          note_missing_origin(step, column, *label,
                              "unseen = encode gives them a number instead, unseen = raise stops at them");
        return std::numeric_limits<double>::quiet_NaN();
      case UnseenPolicy::encode: return policy.fill;
      case UnseenPolicy::raise:
        if (!label)
          throw UnseenCategoryError(std::string(step), std::string(column),
                                    "a missing value cannot be encoded (unseen = raise)");
        throw_unseen(step, column, *label);
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  /// Batch path. A numeric column (ignore_format) is encoded through its
  /// numbers' labels, once per distinct number.
  void apply(Frame& X, std::span<const std::size_t> positions, std::span<const std::string> variables,
             const Policy& policy, std::string_view step) const {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      Column& col = X.column(positions[k]);
      col = with_categories(col, [&](const Column& categories) {
        return encode_labels(categories, [&](std::optional<std::string_view> label) {
          return encode(k, label, policy, step, variables[k]);
        });
      });
    }
  }

  /// Record path for categorical variables.
  void apply_row(Row& row, std::span<const std::size_t> positions, std::span<const std::string> variables,
                 const Policy& policy, std::string_view step) const {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      Value& cell = row[positions[k]];
      cell = Value(encode(k, cell_label(cell, step, variables[k]), policy, step, variables[k]));
    }
  }

  /// Record path for variables of either kind (`fitted` gives each kind);
  /// numbers are formatted on the stack, nothing is allocated.
  void apply_row(Row& row, std::span<const std::size_t> positions, std::span<const std::string> variables,
                 const Schema& fitted, const Policy& policy, std::string_view step) const {
    NumberLabel buf;
    for (std::size_t k = 0; k < positions.size(); ++k) {
      Value& cell = row[positions[k]];
      const auto label = cell_category(cell, fitted[positions[k]].kind, buf, step, variables[k]);
      cell = Value(encode(k, label, policy, step, variables[k]));
    }
  }

  std::size_t size() const noexcept { return index_.size(); }

 private:
  std::vector<LabelIndex> index_;
  std::vector<std::vector<double>> values_;
};

/// Inverts label → number encodings: aligns X to the transform's output
/// schema (the encoded variables numeric) and maps each number back to the
/// category encoded as it — the last one where several share it, as
/// feature-engine's dict inversion does; other numbers become missing. A variable
/// that was numeric at fit (ignore_format) gets its numbers back.
inline void inverse_encode(Frame& X, const Schema& fitted, std::span<const std::size_t> positions,
                           const Dict<Dict<double>>& encoder_dict, std::string_view step) {
  std::vector<ColumnSpec> specs(fitted.begin(), fitted.end());
  for (std::size_t pos : positions) specs[pos].kind = Kind::numeric;
  align_to_schema(X, Schema(std::move(specs)), step);
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const Dict<double>& mapping = encoder_dict[k].second;
    // feature-engine inverts the mapping as a dict ({v: k for k, v in
    // mapping.items()}): where categories share a number, the last wins.
    std::unordered_map<double, std::int32_t> category_of;
    for (std::size_t i = 0; i < mapping.size(); ++i)
      if (!std::isnan(mapping[i].second)) category_of.insert_or_assign(mapping[i].second, static_cast<std::int32_t>(i));
    auto values = X.column(positions[k]).values();
    std::vector<std::int32_t> codes(values.size(), Column::missing_code);
    for (std::size_t r = 0; r < values.size(); ++r)
      if (auto it = category_of.find(values[r]); it != category_of.end()) codes[r] = it->second;
    if (fitted[positions[k]].kind == Kind::numeric) {
      std::vector<double> numbers(codes.size(), nan_v);
      for (std::size_t r = 0; r < codes.size(); ++r)
        if (codes[r] >= 0) parse_double(mapping[static_cast<std::size_t>(codes[r])].first, numbers[r]);
      X.column(positions[k]) = Column::numeric(std::move(numbers));
    } else {
      X.column(positions[k]) = Column::categorical(std::move(codes), mapping.keys());
    }
  }
}

/// After loading: encoder_dict_ keys must be the variables, values finite
/// unless NaN is a legitimate encoding.
inline void check_encoder_dict(const Dict<Dict<double>>& dict, std::span<const std::string> variables,
                               std::string_view step) {
  check_dict_keys(dict, variables, step, "encoder_dict_");
}

/// After loading: every encoding must satisfy `ok` (finite, ≥ 0...), as
/// fit makes it.
template <class Ok>
void check_encodings(const Dict<Dict<double>>& dict, std::string_view step, Ok&& ok) {
  for (const auto& [var, mapping] : dict)
    for (const auto& [label, value] : mapping)
      if (!ok(value))
        throw_model_format(std::string(step) + ": encoder_dict_['" + var + "'][" + quote_label(label) + "] = " +
                           python_float_repr(value) + " is not a value fit produces");
}

/// After loading: a variable that was numeric at fit (ignore_format) can
/// only have number labels as categories; anything else was not written by
/// fit and is rejected (keys of `dict` in variable order).
template <class Categories>
void check_number_categories(const Dict<Categories>& dict, const Schema& fitted,
                             std::span<const std::size_t> positions, std::string_view step) {
  auto label_of = [](const auto& entry) -> std::string_view {
    if constexpr (requires { entry.first; })
      return entry.first;
    else
      return entry;
  };
  for (std::size_t k = 0; k < positions.size(); ++k) {
    if (fitted[positions[k]].kind != Kind::numeric) continue;
    for (const auto& entry : dict[k].second) {
      double x;
      NumberLabel buf;
      const std::string_view label = label_of(entry);
      if (!parse_double(label, x) || std::isnan(x) || buf.format(x) != label)
        throw_model_format(std::string(step) + ": variable '" + dict[k].first + "' is numeric but has the category " +
                           quote_label(label) + ", which is not a number's label");
    }
  }
}

/// Codes of the categories the rows use, in the order the reference's
/// groupby gives its keys: ascending label (numbers numerically, then text).
inline std::vector<std::size_t> used_codes_by_label(const Column& col) {
  const auto used = used_codes(col);
  std::vector<std::size_t> out;
  for (std::size_t c = 0; c < used.size(); ++c)
    if (used[c]) out.push_back(c);
  std::sort(out.begin(), out.end(),
            [&](std::size_t a, std::size_t b) { return label_less(col.labels()[a], col.labels()[b]); });
  return out;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
