#pragma once
/// @file
/// What feature-engine's categorical encoders share: variable resolution,
/// the `missing_values` rule, the `unseen` policy, label frequency counts,
/// label ordering, and the label → number lookup used by both the batch and
/// the record path.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/label_index.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
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

/// Whether missing values are allowed in an encoder's variables.
enum class MissingValues : std::uint8_t {
  raise,   ///< DataError at fit and at transform
  ignore,  ///< skipped when learning; at transform treated like an unseen category
};
constexpr std::array<std::string_view, 2> enum_names(MissingValues) { return {"raise", "ignore"}; }

namespace detail {

struct CategoricalFit {
  Schema schema;
  std::vector<std::string> variables;
  std::vector<std::size_t> positions;
};

/// DataError naming the first variable and row with a missing value.
inline void reject_missing(const Frame& X, std::span<const std::size_t> positions, std::string_view step) {
  for (std::size_t pos : positions) {
    const Column& col = X.column(pos);
    for (std::size_t r = 0; r < col.size(); ++r)
      if (col.is_missing(r))
        throw_data(step, X.name(pos),
                   "missing value at row " + std::to_string(r) +
                       " (impute it first, or set missing_values = ignore)");
  }
}

inline CategoricalFit fit_categorical_variables(const Frame& X, const Variables& vars, bool return_empty,
                                                MissingValues missing, std::string_view step) {
  CategoricalFit out;
  out.schema = fit_schema(X, step);
  out.variables = resolve_variables(X, vars, step, {.type = VariableType::categorical, .return_empty = return_empty});
  out.positions = positions_in(out.schema, out.variables, step);
  if (missing == MissingValues::raise) reject_missing(X, out.positions, step);
  return out;
}

/// A record's label for an encoder, enforcing missing_values = raise.
inline std::optional<std::string_view> encoder_cell_label(const Value& v, MissingValues missing,
                                                          std::string_view step, std::string_view column) {
  auto label = cell_label(v, step, column);
  if (!label && missing == MissingValues::raise)
    throw_data(step, column, "missing value (impute it first, or set missing_values = ignore)");
  return label;
}

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
  };

  /// The encoding of variable k's label (nullopt = missing).
  double encode(std::size_t k, std::optional<std::string_view> label, const Policy& policy, std::string_view step,
                std::string_view column) const {
    if (label) {
      const std::int32_t i = index_[k].find(*label);
      if (i >= 0) return values_[k][static_cast<std::size_t>(i)];
    } else if (policy.missing == MissingValues::raise) {
      throw_data(step, column, "missing value (impute it first, or set missing_values = ignore)");
    }
    switch (policy.unseen) {
      case UnseenPolicy::ignore: return std::numeric_limits<double>::quiet_NaN();
      case UnseenPolicy::encode: return policy.fill;
      case UnseenPolicy::raise:
        if (!label)
          throw UnseenCategoryError(std::string(step), std::string(column),
                                    "a missing value cannot be encoded (unseen = raise)");
        throw_unseen(step, column, *label);
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  void apply(Frame& X, std::span<const std::size_t> positions, std::span<const std::string> variables,
             const Policy& policy, std::string_view step) const {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      Column& col = X.column(positions[k]);
      col = encode_labels(col, [&](std::optional<std::string_view> label) {
        return encode(k, label, policy, step, variables[k]);
      });
    }
  }

  void apply_row(Row& row, std::span<const std::size_t> positions, std::span<const std::string> variables,
                 const Policy& policy, std::string_view step) const {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      Value& cell = row[positions[k]];
      cell = Value(encode(k, cell_label(cell, step, variables[k]), policy, step, variables[k]));
    }
  }

  std::size_t size() const noexcept { return index_.size(); }

 private:
  std::vector<LabelIndex> index_;
  std::vector<std::vector<double>> values_;
};

/// Inverts label → number encodings: aligns X to the transform's output
/// schema (the encoded variables numeric) and maps each number back to the
/// first category encoded as it; other numbers become missing.
inline void inverse_encode(Frame& X, const Schema& fitted, std::span<const std::size_t> positions,
                           const Dict<Dict<double>>& encoder_dict, std::string_view step) {
  std::vector<ColumnSpec> specs(fitted.begin(), fitted.end());
  for (std::size_t pos : positions) specs[pos].kind = Kind::numeric;
  align_to_schema(X, Schema(std::move(specs)), step);
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const Dict<double>& mapping = encoder_dict[k].second;
    auto values = X.column(positions[k]).values();
    std::vector<std::int32_t> codes(values.size(), Column::missing_code);
    for (std::size_t r = 0; r < values.size(); ++r)
      for (std::size_t i = 0; i < mapping.size(); ++i)
        if (mapping[i].second == values[r]) {
          codes[r] = static_cast<std::int32_t>(i);
          break;
        }
    X.column(positions[k]) = Column::categorical(std::move(codes), mapping.keys());
  }
}

/// After loading: encoder_dict_ keys must be the variables, values finite
/// unless NaN is a legitimate encoding.
inline void check_encoder_dict(const Dict<Dict<double>>& dict, std::span<const std::string> variables,
                               std::string_view step) {
  check_dict_keys(dict, variables, step, "encoder_dict_");
}

}  // namespace detail
FEPIPE_NAMESPACE_END
