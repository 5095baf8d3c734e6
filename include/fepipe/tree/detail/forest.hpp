#pragma once
/// @file
/// Forest: the inference layout shared by every tree model (decision trees,
/// gradient boosting, histogram gradient boosting). Trees are stored as one
/// struct of flat arrays; a tree's nodes are contiguous, the right child is
/// always left + 1 (so the step is `left + !go_left`), and a leaf has
/// feature -1. Predict adds each tree's leaf value to its output slot.
///
/// Split semantics cover all reference models:
/// - numeric: go left iff x <= threshold; with `float32_inputs` the value is
///   first rounded to float, as scikit-learn's GradientBoosting/DecisionTree
///   do (they split float32 features at double thresholds);
/// - missing (NaN): goes left iff the node's missing_left flag is set;
/// - categorical: go left iff the category code's bit is set in the node's
///   bitset (codes outside the bitset, or NaN, follow missing_left).

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/serialize.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

class Forest {
 public:
  static constexpr std::uint8_t missing_left_flag = 1;
  static constexpr std::uint8_t categorical_flag = 2;

  static constexpr std::string_view type_name = "Forest";
  static constexpr std::uint32_t serial_version = 1;

  /// Node arrays (all the same length).
  std::vector<std::int32_t> feature;   // -1 for a leaf
  std::vector<double> threshold;       // numeric split: x <= threshold goes left
  std::vector<std::int32_t> left;      // left child index (right = left + 1); -1 for a leaf
  std::vector<std::uint8_t> flags;     // missing_left_flag | categorical_flag
  std::vector<double> value;           // leaf value (internal nodes: node value, for inspection)
  std::vector<std::uint32_t> bitset_offset;  // categorical split: first word in cat_bits
  std::vector<std::uint32_t> bitset_words;   // categorical split: number of 32-bit words
  std::vector<std::uint32_t> cat_bits;

  /// Per tree: root node index and the output slot it adds to.
  std::vector<std::int32_t> tree_root;
  std::vector<std::int32_t> tree_output;

  std::int32_t n_features = 0;
  std::int32_t n_outputs = 1;
  bool float32_inputs = false;

  std::size_t n_trees() const noexcept { return tree_root.size(); }
  std::size_t n_nodes() const noexcept { return feature.size(); }

  /// Appends a node, returning its index.
  std::int32_t add_node(std::int32_t feat, double thr, std::uint8_t node_flags, double node_value) {
    feature.push_back(feat);
    threshold.push_back(thr);
    left.push_back(-1);
    flags.push_back(node_flags);
    value.push_back(node_value);
    bitset_offset.push_back(0);
    bitset_words.push_back(0);
    return static_cast<std::int32_t>(feature.size() - 1);
  }

  /// Leaf index reached by one row (x[f] = feature f's value).
  std::int32_t leaf_of(std::int32_t root, const double* x) const noexcept {
    std::int32_t node = root;
    while (feature[static_cast<std::size_t>(node)] >= 0) {
      const auto n = static_cast<std::size_t>(node);
      node = left[n] + (goes_left(n, x[feature[n]]) ? 0 : 1);
    }
    return node;
  }

  /// Adds every tree's leaf value for one row into out[tree_output].
  void predict_raw_row(const double* x, double* out) const noexcept {
    for (std::size_t t = 0; t < tree_root.size(); ++t)
      out[tree_output[t]] += value[static_cast<std::size_t>(leaf_of(tree_root[t], x))];
  }

  /// Batch: columns[f] points at feature f's n_rows values; out is
  /// n_rows × n_outputs, row-major, accumulated into.
  void predict_raw(std::span<const double* const> columns, std::size_t n_rows, double* out) const {
    constexpr std::size_t block = 64;
    std::vector<double> row(static_cast<std::size_t>(n_features));
    for (std::size_t r = 0; r < n_rows; ++r) {
      for (std::size_t f = 0; f < columns.size(); ++f) row[f] = columns[f][r];
      predict_raw_row(row.data(), out + r * static_cast<std::size_t>(n_outputs));
    }
    (void)block;
  }

  /// Consistency of a loaded forest: every index in range, children after
  /// their parent (so every walk terminates), bitsets inside cat_bits.
  void validate() const {
    const std::size_t n = feature.size();
    if (threshold.size() != n || left.size() != n || flags.size() != n || value.size() != n ||
        bitset_offset.size() != n || bitset_words.size() != n)
      throw_model_format("Forest: node arrays differ in length");
    if (tree_output.size() != tree_root.size()) throw_model_format("Forest: tree arrays differ in length");
    if (n_outputs < 1 || n_features < 0) throw_model_format("Forest: bad output or feature count");
    for (std::size_t i = 0; i < n; ++i) {
      if (feature[i] < 0) continue;
      if (feature[i] >= n_features) throw_model_format("Forest: node " + std::to_string(i) + " splits on a missing feature");
      if (left[i] <= static_cast<std::int32_t>(i) || static_cast<std::size_t>(left[i]) + 1 >= n)
        throw_model_format("Forest: node " + std::to_string(i) + " has an invalid child index");
      if ((flags[i] & categorical_flag) &&
          (static_cast<std::uint64_t>(bitset_offset[i]) + bitset_words[i] > cat_bits.size()))
        throw_model_format("Forest: node " + std::to_string(i) + " has an invalid category bitset");
    }
    for (std::size_t t = 0; t < tree_root.size(); ++t) {
      if (tree_root[t] < 0 || static_cast<std::size_t>(tree_root[t]) >= n)
        throw_model_format("Forest: tree " + std::to_string(t) + " has an invalid root");
      if (tree_output[t] < 0 || tree_output[t] >= n_outputs)
        throw_model_format("Forest: tree " + std::to_string(t) + " has an invalid output slot");
    }
  }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(FEPIPE_NVP(n_features), FEPIPE_NVP(n_outputs), FEPIPE_NVP(float32_inputs), FEPIPE_NVP(tree_root),
       FEPIPE_NVP(tree_output), FEPIPE_NVP(feature), FEPIPE_NVP(threshold), FEPIPE_NVP(left), FEPIPE_NVP(flags),
       FEPIPE_NVP(value), FEPIPE_NVP(bitset_offset), FEPIPE_NVP(bitset_words), FEPIPE_NVP(cat_bits));
    if constexpr (Archive::is_loading) validate();
  }

 private:
  bool goes_left(std::size_t n, double x) const noexcept {
    if (std::isnan(x)) return flags[n] & missing_left_flag;
    if (flags[n] & categorical_flag) {
      const double code = std::floor(x);
      const double words = static_cast<double>(bitset_words[n]);
      if (code < 0 || code != x || code >= words * 32) return flags[n] & missing_left_flag;
      const auto c = static_cast<std::uint32_t>(code);
      return (cat_bits[bitset_offset[n] + c / 32] >> (c % 32)) & 1u;
    }
    if (float32_inputs) return static_cast<double>(static_cast<float>(x)) <= threshold[n];
    return x <= threshold[n];
  }
};

}  // namespace detail
FEPIPE_NAMESPACE_END
