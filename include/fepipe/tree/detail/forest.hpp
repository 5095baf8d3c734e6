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
///
/// Speed. The public arrays are the model (what builders write and model
/// files store). `compile()` derives a packed copy for prediction: one
/// 16-byte record per node (threshold, value slot, left child with flags in
/// its top bits) and leaves turned into absorbing nodes (a leaf's step
/// returns the leaf), so that a row can take a fixed number of branch-free
/// steps per tree — the tree's height — instead of a data-dependent loop.
/// Batch prediction transposes blocks of rows into a small row-major buffer
/// holding every feature twice: as given, and with NaN replaced by -inf. A
/// node whose missing values go left reads the second copy (-inf <= any
/// threshold, and a true -inf goes left anyway), the others the first (NaN
/// <= t is false), so a numeric step is one load, one compare and one add
/// with the NaN rule folded in. Every tree is walked for a block of rows at
/// a time, eight walks in registers at once (independent chains of loads
/// hide their latency, as measured in cpp-anchors §4.2); single-record
/// prediction walks groups of trees in lockstep for the same reason,
/// without allocating. Leaf values are added in tree order for every row,
/// so the sums are the same bits whatever the path, the block size or the
/// thread count.
///
/// Contract for builders: after filling the arrays call `compile()` (loading
/// a model file does it). An uncompiled forest still predicts correctly,
/// more slowly (a batch compiles a temporary copy, a record walks the public
/// arrays). `add_node` drops the compiled copy; editing the arrays directly
/// after `compile()` requires calling it again.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/bit.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/serialize.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

class Forest {
 public:
  static constexpr std::uint8_t missing_left_flag = 1;
  static constexpr std::uint8_t categorical_flag = 2;

  static constexpr std::string_view type_name = "Forest";
  /// Version 2 adds `cover` (training weight per node, for TreeSHAP).
  static constexpr std::uint32_t serial_version = 2;

  /// Node arrays (all the same length).
  std::vector<std::int32_t> feature;   // -1 for a leaf
  std::vector<double> threshold;       // numeric split: x <= threshold goes left
  std::vector<std::int32_t> left;      // left child index (right = left + 1); -1 for a leaf
  std::vector<std::uint8_t> flags;     // missing_left_flag | categorical_flag
  std::vector<double> value;           // leaf value (internal nodes: node value, for inspection)
  std::vector<std::uint32_t> bitset_offset;  // categorical split: first word in cat_bits
  std::vector<std::uint32_t> bitset_words;   // categorical split: number of 32-bit words
  std::vector<std::uint32_t> cat_bits;
  /// Training weight that reached each node: scikit-learn's
  /// tree_.weighted_n_node_samples for CART trees (the in-bag weights for
  /// subsampled gradient boosting), the row count (`count`) for histogram
  /// gradient boosting. Path-dependent TreeSHAP (fepipe/explain/) weighs
  /// the unknown side of a split by it. Either empty (a version-1 file, or
  /// a forest built without covers: it predicts but cannot be explained) or
  /// one per node: finite, >= 0, each root > 0, each split's cover the sum
  /// of its children's (see validate_covers).
  std::vector<double> cover;

  /// Per tree: root node index and the output slot it adds to.
  std::vector<std::int32_t> tree_root;
  std::vector<std::int32_t> tree_output;

  std::int32_t n_features = 0;
  std::int32_t n_outputs = 1;
  bool float32_inputs = false;

  /// Largest node count the packed layout can address (30 bits of `left`).
  static constexpr std::size_t max_nodes = std::size_t{1} << 30;

  std::size_t n_trees() const noexcept { return tree_root.size(); }
  std::size_t n_nodes() const noexcept { return feature.size(); }

  /// Appends a node, returning its index.
  std::int32_t add_node(std::int32_t feat, double thr, std::uint8_t node_flags, double node_value) {
    compiled_ = {};
    feature.push_back(feat);
    threshold.push_back(thr);
    left.push_back(-1);
    flags.push_back(node_flags);
    value.push_back(node_value);
    bitset_offset.push_back(0);
    bitset_words.push_back(0);
    return static_cast<std::int32_t>(feature.size() - 1);
  }
  /// As above, recording the node's training weight (`cover`). A builder
  /// gives every node a cover or none.
  std::int32_t add_node(std::int32_t feat, double thr, std::uint8_t node_flags, double node_value, double node_cover) {
    cover.push_back(node_cover);
    return add_node(feat, thr, node_flags, node_value);
  }
  bool has_covers() const noexcept { return !cover.empty() && cover.size() == feature.size(); }

  /// Leaf index reached by one row (x[f] = feature f's value).
  std::int32_t leaf_of(std::int32_t root, const double* x) const noexcept {
    std::int32_t node = root;
    while (feature[static_cast<std::size_t>(node)] >= 0) {
      const auto n = static_cast<std::size_t>(node);
      node = left[n] + (goes_left(n, x[feature[n]]) ? 0 : 1);
    }
    return node;
  }

  /// Builds the packed prediction layout (validating first). Call after
  /// building or editing the arrays; loading a model file calls it.
  void compile() {
    validate();
    Compiled c;
    const std::size_t n = n_nodes();
    c.nodes.resize(n);
    c.value = value;
    c.cat_bits = cat_bits;
    // Heights bottom-up: children have larger indices than their parent, so
    // one backward pass suffices whatever the sharing between trees (a
    // hostile file cannot make this super-linear).
    std::vector<std::int32_t> height(n, 0);
    for (std::size_t i = n; i-- > 0;) {
      Packed& p = c.nodes[i];
      if (feature[i] < 0) {
        // Absorbing leaf: +inf threshold and missing-left send every value
        // (NaN included) "left", to the leaf itself.
        p.threshold = std::numeric_limits<double>::infinity();
        p.slot = 1;  // feature 0, NaN-as-(-inf) copy
        p.next = static_cast<std::uint32_t>(i) | packed_missing_left;
        continue;
      }
      const auto l = static_cast<std::size_t>(left[i]);
      height[i] = 1 + std::max(height[l], height[l + 1]);
      const bool missing_left = flags[i] & missing_left_flag;
      p.slot = 2 * static_cast<std::uint32_t>(feature[i]) + (missing_left ? 1u : 0u);
      p.next = static_cast<std::uint32_t>(l);
      if (missing_left) p.next |= packed_missing_left;
      if (flags[i] & categorical_flag) {
        p.slot = 2 * static_cast<std::uint32_t>(feature[i]);  // categorical tests see NaN as NaN
        p.next |= packed_categorical;
        p.threshold = detail::bit_cast<double>(static_cast<std::uint64_t>(bitset_offset[i]) |
                                            (static_cast<std::uint64_t>(bitset_words[i]) << 32));
        c.has_categorical = true;
      } else {
        p.threshold = threshold[i];
      }
    }
    c.height.resize(n_trees());
    for (std::size_t t = 0; t < n_trees(); ++t) c.height[t] = height[static_cast<std::size_t>(tree_root[t])];
    c.n_nodes = n;
    c.n_trees = n_trees();
    compiled_ = std::move(c);
  }

  /// True when the packed layout matches the arrays' sizes (see compile()).
  bool is_compiled() const noexcept {
    return compiled_.n_nodes == n_nodes() && compiled_.n_trees == n_trees() && compiled_.n_trees + compiled_.n_nodes > 0;
  }

  /// Height of tree t (longest root-to-leaf path), from the compiled layout.
  std::int32_t tree_height(std::size_t t) const { return compiled_.height.at(t); }

  /// Adds every tree's leaf value for one row into out[tree_output];
  /// allocation-free.
  void predict_raw_row(const double* x, double* out) const noexcept {
    if (!is_compiled()) {
      for (std::size_t t = 0; t < tree_root.size(); ++t)
        out[tree_output[t]] += value[static_cast<std::size_t>(leaf_of(tree_root[t], x))];
      return;
    }
    if (float32_inputs)
      row_kernel<true>(compiled_, x, out);
    else
      row_kernel<false>(compiled_, x, out);
  }

  /// Batch: columns[f] points at feature f's n_rows values; out is
  /// n_rows × n_outputs, row-major, accumulated into. `n_threads` > 1 splits
  /// the rows between threads (0 = all cores); the result is the same bits.
  void predict_raw(std::span<const double* const> columns, std::size_t n_rows, double* out,
                   unsigned n_threads = 1) const {
    if (columns.size() != static_cast<std::size_t>(n_features))
      throw Error("Forest", "",
                  "predict got " + std::to_string(columns.size()) + " feature columns, the forest has " +
                      std::to_string(n_features));
    if (n_rows == 0 || n_trees() == 0) return;
    if (is_compiled()) return predict_compiled(compiled_, columns, n_rows, out, n_threads);
    if (n_rows < 32) {
      // Too few rows to amortise packing a copy: walk the public arrays.
      std::vector<double> row(static_cast<std::size_t>(n_features));
      for (std::size_t r = 0; r < n_rows; ++r) {
        for (std::size_t f = 0; f < columns.size(); ++f) row[f] = columns[f][r];
        predict_raw_row(row.data(), out + r * static_cast<std::size_t>(n_outputs));
      }
      return;
    }
    Forest copy = *this;
    copy.compile();
    predict_compiled(copy.compiled_, columns, n_rows, out, n_threads);
  }

  /// Consistency of a loaded forest: every index in range, children after
  /// their parent (so every walk terminates) and inside their own tree (so a
  /// prediction walks each node at most once), bitsets inside cat_bits.
  void validate() const {
    const std::size_t n = feature.size();
    if (threshold.size() != n || left.size() != n || flags.size() != n || value.size() != n ||
        bitset_offset.size() != n || bitset_words.size() != n)
      throw_model_format("Forest: node arrays differ in length");
    if (n >= max_nodes) throw_model_format("Forest: too many nodes (" + std::to_string(n) + ")");
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
    // Each tree owns the nodes from its root up to the next tree's root, and
    // its children stay there. Trees sharing nodes (all rooted in one deep
    // chain, say) would make every prediction walk trees x depth nodes:
    // quadratic in the file's size. With this, a prediction walks at most
    // the forest's nodes.
    for (std::size_t t = 0; t < tree_root.size(); ++t) {
      const auto begin = static_cast<std::size_t>(tree_root[t]);
      const std::size_t end = t + 1 < tree_root.size() ? static_cast<std::size_t>(tree_root[t + 1]) : n;
      if (end <= begin) throw_model_format("Forest: tree " + std::to_string(t + 1) + " does not start after tree " + std::to_string(t));
      for (std::size_t i = begin; i < end; ++i)
        if (feature[i] >= 0 && static_cast<std::size_t>(left[i]) + 1 >= end)
          throw_model_format("Forest: node " + std::to_string(i) + " of tree " + std::to_string(t) +
                             " has a child outside its tree");
    }
  }

  /// The covers of a loaded forest (validate() first): none at all, or one
  /// per node, finite and >= 0, every root > 0, and every split's cover
  /// equal to the sum of its two children's (exactly for counts; within
  /// 1e-9 relative for weight sums, which scikit-learn adds per node in
  /// another order than per child). A hostile cover would otherwise turn
  /// explanations into NaN, inf or numbers that do not add up.
  void validate_covers() const {
    if (cover.empty()) return;
    const std::size_t n = feature.size();
    if (cover.size() != n)
      throw_model_format("Forest: cover has " + std::to_string(cover.size()) + " entries for " + std::to_string(n) +
                         " nodes");
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(cover[i]) || !(cover[i] >= 0.0))
        throw_model_format("Forest: node " + std::to_string(i) + " has cover " + std::to_string(cover[i]) +
                           " (must be a finite number >= 0)");
    for (std::size_t t = 0; t < tree_root.size(); ++t)
      if (!(cover[static_cast<std::size_t>(tree_root[t])] > 0.0))
        throw_model_format("Forest: tree " + std::to_string(t) + " has a root cover of 0");
    for (std::size_t i = 0; i < n; ++i) {
      if (feature[i] < 0) continue;
      const auto l = static_cast<std::size_t>(left[i]);
      const double sum = cover[l] + cover[l + 1];
      if (!(std::fabs(cover[i] - sum) <= 1e-9 * cover[i]))
        throw_model_format("Forest: node " + std::to_string(i) + " has cover " + std::to_string(cover[i]) +
                           " but its children's sum to " + std::to_string(sum));
    }
  }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    ar(FEPIPE_NVP(n_features), FEPIPE_NVP(n_outputs), FEPIPE_NVP(float32_inputs), FEPIPE_NVP(tree_root),
       FEPIPE_NVP(tree_output), FEPIPE_NVP(feature), FEPIPE_NVP_NONFINITE(threshold), FEPIPE_NVP(left), FEPIPE_NVP(flags),
       FEPIPE_NVP(value), FEPIPE_NVP(bitset_offset), FEPIPE_NVP(bitset_words), FEPIPE_NVP(cat_bits));
    // Version 1 files have no covers: they load and predict, and
    // explanations refuse them (fepipe/explain/ says the file predates
    // covers).
    if (version >= 2) ar(FEPIPE_NVP(cover));
    if constexpr (Archive::is_loading) {
      if (version < 2) cover.clear();
      compile();
      validate_covers();
    }
  }

 private:
  // Packed node: 16 bytes, four to a cache line. `slot` = 2·feature +
  // (NaN goes left): which copy of which feature the batch kernel reads.
  // `next` holds the left child in its low 30 bits and the two flags above
  // them. A categorical node keeps (bitset offset, words) in the
  // threshold's bits.
  struct Packed {
    double threshold = 0.0;
    std::uint32_t slot = 0;
    std::uint32_t next = 0;
  };
  static constexpr std::uint32_t packed_missing_left = 1u << 31;
  static constexpr std::uint32_t packed_categorical = 1u << 30;
  static constexpr std::uint32_t packed_index_mask = packed_categorical - 1;

  struct Compiled {
    std::vector<Packed> nodes;
    std::vector<double> value;
    std::vector<std::uint32_t> cat_bits;
    std::vector<std::int32_t> height;  // per tree
    bool has_categorical = false;
    std::size_t n_nodes = 0, n_trees = 0;
  };

  bool goes_left(std::size_t n, double x) const noexcept {
    if (std::isnan(x)) return flags[n] & missing_left_flag;
    if (flags[n] & categorical_flag) return category_goes_left(cat_bits.data(), bitset_offset[n], bitset_words[n], x,
                                                               flags[n] & missing_left_flag);
    if (float32_inputs) return static_cast<double>(static_cast<float>(x)) <= threshold[n];
    return x <= threshold[n];
  }

  static bool category_goes_left(const std::uint32_t* bits, std::uint32_t offset, std::uint32_t words, double x,
                                 bool missing_left) noexcept {
    // Non-integral, negative, NaN or out-of-bitset codes are not categories
    // the split knows: they follow the missing side.
    if (!(x >= 0.0) || x >= static_cast<double>(words) * 32.0 || x != std::floor(x)) return missing_left;
    const auto c = static_cast<std::uint32_t>(x);
    return (bits[offset + c / 32] >> (c % 32)) & 1u;
  }

  static std::uint32_t categorical_step(const Compiled& c, const Packed& p, double v) noexcept {
    const bool missing_left = (p.next & packed_missing_left) != 0;
    const auto bits = detail::bit_cast<std::uint64_t>(p.threshold);
    const bool go_left = std::isnan(v) ? missing_left
                                       : category_goes_left(c.cat_bits.data(), static_cast<std::uint32_t>(bits),
                                                            static_cast<std::uint32_t>(bits >> 32), v, missing_left);
    return (p.next & packed_index_mask) + (go_left ? 0u : 1u);
  }

  /// One step for the batch kernel: xrow holds each feature twice (as
  /// given, then with NaN as -inf), so the NaN rule is in the slot.
  template <bool HasCategorical>
  static std::uint32_t block_step(const Compiled& c, std::uint32_t n, const double* xrow) noexcept {
    const Packed& p = c.nodes[n];
    const double v = xrow[p.slot];
    if constexpr (HasCategorical)
      if (p.next & packed_categorical) [[unlikely]]
        return categorical_step(c, p, v);
    return (p.next & packed_index_mask) + (v <= p.threshold ? 0u : 1u);
  }

  /// One step for a record x (each feature once).
  template <bool HasCategorical, bool Float32>
  static std::uint32_t row_step(const Compiled& c, std::uint32_t n, const double* x) noexcept {
    const Packed& p = c.nodes[n];
    double v = x[p.slot >> 1];
    if constexpr (Float32) v = static_cast<double>(static_cast<float>(v));
    if constexpr (HasCategorical)
      if (p.next & packed_categorical) [[unlikely]]
        return categorical_step(c, p, v);
    // NaN compares false, so it goes left only through the slot's flag.
    const bool go_left = (v <= p.threshold) | ((v != v) & ((p.slot & 1u) != 0));
    return (p.next & packed_index_mask) + (go_left ? 0u : 1u);
  }

  // Single record: groups of trees walked in lockstep (independent chains
  // of dependent loads overlap), leaf values added in tree order.
  template <bool Float32>
  void row_kernel(const Compiled& c, const double* x, double* out) const noexcept {
    if (c.has_categorical)
      row_kernel_impl<true, Float32>(c, x, out);
    else
      row_kernel_impl<false, Float32>(c, x, out);
  }
  template <bool HasCategorical, bool Float32>
  void row_kernel_impl(const Compiled& c, const double* x, double* out) const noexcept {
    constexpr std::size_t group = 8;
    const std::size_t T = c.n_trees;
    for (std::size_t t0 = 0; t0 < T; t0 += group) {
      const std::size_t g = std::min(group, T - t0);
      std::uint32_t node[group];
      std::int32_t h = 0;
      for (std::size_t i = 0; i < g; ++i) {
        node[i] = static_cast<std::uint32_t>(tree_root[t0 + i]);
        h = std::max(h, c.height[t0 + i]);
      }
      if (g == group) {
        // Full group: a fixed trip count the compiler unrolls into registers.
        for (std::int32_t d = 0; d < h; ++d)
          for (std::size_t i = 0; i < group; ++i) node[i] = row_step<HasCategorical, Float32>(c, node[i], x);
      } else {
        for (std::int32_t d = 0; d < h; ++d)
          for (std::size_t i = 0; i < g; ++i) node[i] = row_step<HasCategorical, Float32>(c, node[i], x);
      }
      for (std::size_t i = 0; i < g; ++i) out[tree_output[t0 + i]] += c.value[node[i]];
    }
  }

  void predict_compiled(const Compiled& c, std::span<const double* const> columns, std::size_t n_rows, double* out,
                        unsigned n_threads) const {
    // Blocks of B rows; each block is transposed once into xb (B rows of
    // 2F doubles, kept within ~32 KB so it stays in L1/L2 while every tree
    // walks it).
    const std::size_t F = std::max<std::size_t>(columns.size(), 1);
    const std::size_t B = std::clamp<std::size_t>(32768 / (16 * F) / 8 * 8, 8, 64);
    const std::size_t n_blocks = (n_rows + B - 1) / B;
    if (n_threads == 0) n_threads = std::max(1u, std::thread::hardware_concurrency());
    n_threads = static_cast<unsigned>(std::min<std::size_t>(n_threads, std::max<std::size_t>(1, n_blocks / 4)));
    auto run = [&](std::size_t b_begin, std::size_t b_end) {
      std::vector<double> xb(B * 2 * F);
      for (std::size_t b = b_begin; b < b_end; ++b) {
        const std::size_t r0 = b * B, nb = std::min(B, n_rows - r0);
        if (float32_inputs)
          transpose<true>(columns, r0, nb, F, xb.data());
        else
          transpose<false>(columns, r0, nb, F, xb.data());
        if (c.has_categorical)
          block_kernel<true>(c, r0, nb, 2 * F, xb.data(), out);
        else
          block_kernel<false>(c, r0, nb, 2 * F, xb.data(), out);
      }
    };
    if (n_threads <= 1) return run(0, n_blocks);
    std::vector<std::thread> workers;
    const std::size_t per = (n_blocks + n_threads - 1) / n_threads;
    for (unsigned k = 1; k < n_threads; ++k) {
      const std::size_t b0 = std::min(n_blocks, k * per), b1 = std::min(n_blocks, b0 + per);
      if (b0 < b1) workers.emplace_back(run, b0, b1);
    }
    run(0, std::min(n_blocks, per));
    for (auto& w : workers) w.join();
  }

  template <bool Float32>
  static void transpose(std::span<const double* const> columns, std::size_t r0, std::size_t nb, std::size_t F,
                        double* xb) noexcept {
    const double neg_inf = -std::numeric_limits<double>::infinity();
    for (std::size_t f = 0; f < columns.size(); ++f) {
      const double* col = columns[f] + r0;
      for (std::size_t j = 0; j < nb; ++j) {
        double v = col[j];
        // Rounding once here saves it at every node.
        if constexpr (Float32) v = static_cast<double>(static_cast<float>(v));
        xb[j * 2 * F + 2 * f] = v;
        xb[j * 2 * F + 2 * f + 1] = v != v ? neg_inf : v;
      }
    }
  }

  template <bool HasCategorical>
  void block_kernel(const Compiled& c, std::size_t r0, std::size_t nb, std::size_t stride, const double* xb,
                    double* out) const noexcept {
    constexpr std::size_t lanes = 8;
    const auto K = static_cast<std::size_t>(n_outputs);
    for (std::size_t t = 0; t < c.n_trees; ++t) {
      const auto root = static_cast<std::uint32_t>(tree_root[t]);
      const std::int32_t h = c.height[t];
      double* o = out + r0 * K + static_cast<std::size_t>(tree_output[t]);
      std::size_t j0 = 0;
      for (; j0 + lanes <= nb; j0 += lanes) {
        // Eight walks held in registers: a fixed trip count the compiler
        // unrolls.
        std::uint32_t n[lanes];
        for (std::size_t i = 0; i < lanes; ++i) n[i] = root;
        const double* x0 = xb + j0 * stride;
        for (std::int32_t d = 0; d < h; ++d)
          for (std::size_t i = 0; i < lanes; ++i) n[i] = block_step<HasCategorical>(c, n[i], x0 + i * stride);
        for (std::size_t i = 0; i < lanes; ++i) o[(j0 + i) * K] += c.value[n[i]];
      }
      for (std::size_t j = j0; j < nb; ++j) {
        std::uint32_t n = root;
        for (std::int32_t d = 0; d < h; ++d) n = block_step<HasCategorical>(c, n, xb + j * stride);
        o[j * K] += c.value[n];
      }
    }
  }

  Compiled compiled_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
