#pragma once
/// @file
/// One histogram-gradient-boosting tree, grown as scikit-learn 1.2's
/// `TreeGrower` grows it (leaf-wise, best gain first, same tie-breaking, same
/// floating-point sums in the same order), so that fitted trees match the
/// reference's:
/// - histograms hold, per feature and bin, Σgradient and Σhessian in double
///   (the gradients are float32) and a row count; with constant hessians
///   only the gradients and counts are summed;
/// - a node's histogram is built for the smaller child only, the larger
///   child's is the parent's minus the smaller's;
/// - split finding scans numeric bins left to right (missing values right)
///   and, when the feature had missing values in training, right to left
///   (missing values left); categorical features sort their well-supported
///   categories by Σg/(Σh + 10) and scan from both ends to the middle;
/// - the priority queue is Python's heapq (same sift order), because nodes
///   of equal gain are otherwise split in a different order.
///
/// Speed (cpp-anchors §4.1): uint8 codes column-major, gradients gathered in
/// partition order once per node, four features per pass over the rows (the
/// row indices and gradients are read once for four histograms and the
/// four accumulation chains overlap), a stable partition that keeps every
/// node's rows in ascending order (monotonic access into the columns).
/// Parallel work is split by feature (histograms, split finding) or by rows
/// into disjoint outputs (gathers, partitions), never inside a sum.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/tree/detail/binning.hpp"
#include "fepipe/tree/detail/hist_threads.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

struct HistGrowerParams {
  std::optional<int> max_leaf_nodes{};
  std::optional<int> max_depth{};
  int min_samples_leaf = 20;
  double l2_regularization = 0.0;
  double min_hessian_to_split = 1e-3;
  double min_gain_to_split = 0.0;
  int n_bins = 256;  // max_bins + 1; the last bin holds missing values
};

struct HistFeatureInfo {
  std::uint32_t n_bins_non_missing = 0;
  bool has_missing = false;
  bool is_categorical = false;
};

/// Bitset over the 256 possible bins of a categorical split.
using HistBinBitset = std::array<std::uint32_t, 8>;

inline bool in_bin_bitset(const HistBinBitset& b, unsigned v) noexcept { return (b[v / 32] >> (v % 32)) & 1u; }
inline void set_bin_bitset(HistBinBitset& b, unsigned v) noexcept { b[v / 32] |= 1u << (v % 32); }

struct HistEntry {
  double sum_gradients = 0.0;
  double sum_hessians = 0.0;
  std::uint32_t count = 0;
};

struct HistSplit {
  double gain = -1.0;
  std::int32_t feature = 0;
  std::uint32_t bin = 0;
  bool missing_left = false;
  bool is_categorical = false;
  double sum_gradient_left = 0, sum_gradient_right = 0;
  double sum_hessian_left = 0, sum_hessian_right = 0;
  std::uint32_t n_left = 0, n_right = 0;
  double value_left = 0, value_right = 0;
  HistBinBitset cat_bitset{};
};

struct HistNode {
  int depth = 0;
  std::uint32_t start = 0, stop = 0;  // the node's rows: partition[start, stop)
  double sum_gradients = 0.0, sum_hessians = 0.0, value = 0.0;
  bool has_split = false;
  bool is_leaf = false;
  HistSplit split;
  int left = -1, right = -1;
  int hist = -1;  // histogram slot while the node may still be split

  std::uint32_t n_samples() const noexcept { return stop - start; }
};

class HistGrower {
 public:
  HistGrower(const BinnedMatrix& X, std::vector<HistFeatureInfo> info, HistGrowerParams params, HistThreadPool& pool)
      : X_(X), info_(std::move(info)), p_(params), pool_(pool) {
    const std::size_t n = X_.n_rows;
    partition_.resize(n);
    buffer_.resize(n);
    ordered_g_.resize(n);
    split_infos_.resize(X_.n_features);
    stride_ = static_cast<std::size_t>(p_.n_bins);
    // Feature groups of up to four share one pass over a node's rows.
    for (std::size_t f = 0; f < X_.n_features; f += group_size) groups_.push_back(f);
  }

  /// Grows one tree from float32 gradients (and hessians; nullptr when
  /// constant) and returns its nodes (root first). Leaf values are already
  /// multiplied by `shrinkage`.
  const std::vector<HistNode>& grow(const float* gradients, const float* hessians, double shrinkage) {
    g_ = gradients;
    h_ = hessians;
    constant_hessian_ = hessians == nullptr;
    if (!constant_hessian_) ordered_h_.resize(X_.n_rows);  // only non-constant hessians are gathered
    nodes_.clear();
    leaves_.clear();
    heap_.clear();
    free_slots_.clear();
    for (std::size_t s = 0; s < slots_.size(); ++s) free_slots_.push_back(static_cast<int>(s));
    std::iota(partition_.begin(), partition_.end(), 0u);
    init_root();
    while (!heap_.empty()) split_next();
    for (int leaf : leaves_) nodes_[static_cast<std::size_t>(leaf)].value *= shrinkage;
    return nodes_;
  }

  const std::vector<HistNode>& nodes() const noexcept { return nodes_; }
  std::vector<HistNode>& nodes() noexcept { return nodes_; }
  /// Finalized leaves, in the order the reference finalizes them.
  const std::vector<int>& leaves() const noexcept { return leaves_; }
  /// Row indices grouped by node: a leaf's rows are partition()[start, stop).
  std::span<const std::uint32_t> partition() const noexcept { return partition_; }

 private:
  static constexpr std::size_t group_size = 4;

  // ---- root and growth loop ------------------------------------------------

  void init_root() {
    const std::size_t n = X_.n_rows;
    // Sequential double sums of the float32 values, as the reference's
    // sum_parallel with one thread (it is the same for any thread count here).
    double sg = 0.0;
    for (std::size_t i = 0; i < n; ++i) sg += static_cast<double>(g_[i]);
    double sh;
    if (constant_hessian_) {
      // hessians[0] * n_samples: a float32 product in the reference.
      sh = static_cast<double>(1.0f * static_cast<float>(n));
    } else {
      sh = 0.0;
      for (std::size_t i = 0; i < n; ++i) sh += static_cast<double>(h_[i]);
    }
    HistNode root;
    root.start = 0;
    root.stop = static_cast<std::uint32_t>(n);
    root.sum_gradients = sg;
    root.sum_hessians = sh;
    root.value = 0.0;  // the root's value is 0 (its loss term is 0 too)
    nodes_.push_back(root);
    if (n < 2 * static_cast<std::size_t>(p_.min_samples_leaf) || sh < p_.min_hessian_to_split) {
      finalize_leaf(0);
      return;
    }
    nodes_[0].hist = acquire_slot();
    build_histograms(0);
    compute_best_split_and_push(0);
  }

  void compute_best_split_and_push(int id) {
    HistNode& node = nodes_[static_cast<std::size_t>(id)];
    node.split = find_node_split(node);
    node.has_split = true;
    if (node.split.gain <= 0) {
      finalize_leaf(id);
    } else {
      heap_push(id);
    }
  }

  void split_next() {
    const int id = heap_pop();
    split_indices(id);
    HistNode node = nodes_[static_cast<std::size_t>(id)];  // copy: push_back below may reallocate
    const int depth = node.depth + 1;
    const std::size_t n_leaf_nodes = leaves_.size() + heap_.size() + 2;

    HistNode l, r;
    l.depth = r.depth = depth;
    l.start = node.start;
    l.stop = node.start + node.split.n_left;
    r.start = l.stop;
    r.stop = node.stop;
    l.sum_gradients = node.split.sum_gradient_left;
    l.sum_hessians = node.split.sum_hessian_left;
    l.value = node.split.value_left;
    r.sum_gradients = node.split.sum_gradient_right;
    r.sum_hessians = node.split.sum_hessian_right;
    r.value = node.split.value_right;
    const int lid = static_cast<int>(nodes_.size());
    const int rid = lid + 1;
    nodes_.push_back(l);
    nodes_.push_back(r);
    HistNode& parent = nodes_[static_cast<std::size_t>(id)];
    parent.left = lid;
    parent.right = rid;
    if (!info_[static_cast<std::size_t>(parent.split.feature)].has_missing)
      parent.split.missing_left = l.n_samples() > r.n_samples();

    const int parent_hist = parent.hist;
    parent.hist = -1;

    if (p_.max_leaf_nodes && n_leaf_nodes == static_cast<std::size_t>(*p_.max_leaf_nodes)) {
      finalize_leaf(lid);
      finalize_leaf(rid);
      // Finalize the queued nodes from the end of the heap list, as the
      // reference's list.pop() does.
      while (!heap_.empty()) {
        const int q = heap_.back();
        heap_.pop_back();
        finalize_leaf(q);
      }
      release_slot(parent_hist);
      return;
    }
    if (p_.max_depth && depth == *p_.max_depth) {
      finalize_leaf(lid);
      finalize_leaf(rid);
      release_slot(parent_hist);
      return;
    }
    const auto two_msl = 2 * static_cast<std::uint32_t>(p_.min_samples_leaf);
    if (nodes_[static_cast<std::size_t>(lid)].n_samples() < two_msl) finalize_leaf(lid);
    if (nodes_[static_cast<std::size_t>(rid)].n_samples() < two_msl) finalize_leaf(rid);

    const bool split_left = !nodes_[static_cast<std::size_t>(lid)].is_leaf;
    const bool split_right = !nodes_[static_cast<std::size_t>(rid)].is_leaf;
    if (split_left || split_right) {
      const bool left_smaller = nodes_[static_cast<std::size_t>(lid)].n_samples() < nodes_[static_cast<std::size_t>(rid)].n_samples();
      const int small = left_smaller ? lid : rid;
      const int large = left_smaller ? rid : lid;
      nodes_[static_cast<std::size_t>(small)].hist = acquire_slot();
      build_histograms(small);
      // The parent's histogram becomes the larger child's by subtraction.
      nodes_[static_cast<std::size_t>(large)].hist = parent_hist;
      subtract_histograms(parent_hist, nodes_[static_cast<std::size_t>(small)].hist);
      if (split_left) compute_best_split_and_push(lid);
      if (split_right) compute_best_split_and_push(rid);
      for (int c : {lid, rid}) {
        HistNode& child = nodes_[static_cast<std::size_t>(c)];
        if (child.is_leaf) {
          release_slot(child.hist);
          child.hist = -1;
        }
      }
    } else {
      release_slot(parent_hist);
    }
  }

  void finalize_leaf(int id) {
    HistNode& node = nodes_[static_cast<std::size_t>(id)];
    node.is_leaf = true;
    if (node.hist >= 0) {
      release_slot(node.hist);
      node.hist = -1;
    }
    leaves_.push_back(id);
  }

  // ---- Python heapq on node ids: "a < b" is "a's gain > b's gain" ----------

  bool heap_less(int a, int b) const noexcept {
    return nodes_[static_cast<std::size_t>(a)].split.gain > nodes_[static_cast<std::size_t>(b)].split.gain;
  }
  void sift_down(std::size_t startpos, std::size_t pos) {
    const int item = heap_[pos];
    while (pos > startpos) {
      const std::size_t parentpos = (pos - 1) >> 1;
      const int parent = heap_[parentpos];
      if (heap_less(item, parent)) {
        heap_[pos] = parent;
        pos = parentpos;
        continue;
      }
      break;
    }
    heap_[pos] = item;
  }
  void sift_up(std::size_t pos) {
    const std::size_t endpos = heap_.size(), startpos = pos;
    const int item = heap_[pos];
    std::size_t childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const std::size_t rightpos = childpos + 1;
      if (rightpos < endpos && !heap_less(heap_[childpos], heap_[rightpos])) childpos = rightpos;
      heap_[pos] = heap_[childpos];
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    heap_[pos] = item;
    sift_down(startpos, pos);
  }
  void heap_push(int id) {
    heap_.push_back(id);
    sift_down(0, heap_.size() - 1);
  }
  int heap_pop() {
    const int last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return last;
    const int top = heap_[0];
    heap_[0] = last;
    sift_up(0);
    return top;
  }

  // ---- histograms -----------------------------------------------------------

  int acquire_slot() {
    if (free_slots_.empty()) {
      slots_.emplace_back(X_.n_features * stride_);
      return static_cast<int>(slots_.size() - 1);
    }
    const int s = free_slots_.back();
    free_slots_.pop_back();
    return s;
  }
  void release_slot(int s) {
    if (s >= 0) free_slots_.push_back(s);
  }
  HistEntry* hist(int slot, std::size_t f) noexcept { return slots_[static_cast<std::size_t>(slot)].data() + f * stride_; }

  void build_histograms(int id) {
    const HistNode& node = nodes_[static_cast<std::size_t>(id)];
    const std::size_t n = node.n_samples();
    const bool root = n == X_.n_rows;
    const std::uint32_t* idx = partition_.data() + node.start;
    if (!root) {
      // Gradients in partition order, once for all features.
      const std::size_t chunk = 1 << 16;
      pool_.parallel_for((n + chunk - 1) / chunk, [&](std::size_t c) {
        const std::size_t b = c * chunk, e = std::min(n, b + chunk);
        for (std::size_t i = b; i < e; ++i) ordered_g_[i] = g_[idx[i]];
        if (!constant_hessian_)
          for (std::size_t i = b; i < e; ++i) ordered_h_[i] = h_[idx[i]];
      });
    }
    const float* og = root ? g_ : ordered_g_.data();
    const float* oh = root ? h_ : ordered_h_.data();
    const int slot = node.hist;
    pool_.parallel_for(groups_.size(), [&](std::size_t gi) {
      const std::size_t f0 = groups_[gi];
      const std::size_t nf = std::min(group_size, X_.n_features - f0);
      const std::uint8_t* cols[group_size];
      HistEntry* hs[group_size];
      for (std::size_t k = 0; k < nf; ++k) {
        cols[k] = X_.column(f0 + k);
        hs[k] = hist(slot, f0 + k);
        std::fill(hs[k], hs[k] + stride_, HistEntry{});
      }
      dispatch_build(nf, root, cols, hs, idx, og, oh, n);
    });
  }

  void dispatch_build(std::size_t nf, bool root, const std::uint8_t* const* cols, HistEntry* const* hs,
                      const std::uint32_t* idx, const float* og, const float* oh, std::size_t n) const noexcept {
    auto go = [&]<std::size_t NF>() {
      if (constant_hessian_) {
        if (root)
          build_kernel<NF, true, true>(cols, hs, idx, og, oh, n);
        else
          build_kernel<NF, true, false>(cols, hs, idx, og, oh, n);
      } else {
        if (root)
          build_kernel<NF, false, true>(cols, hs, idx, og, oh, n);
        else
          build_kernel<NF, false, false>(cols, hs, idx, og, oh, n);
      }
    };
    switch (nf) {
      case 1: go.template operator()<1>(); break;
      case 2: go.template operator()<2>(); break;
      case 3: go.template operator()<3>(); break;
      default: go.template operator()<4>(); break;
    }
  }

  // Each histogram bin receives its rows' gradients in row order: the same
  // sums, bit for bit, as the reference's per-feature loops.
  template <std::size_t NF, bool ConstantHessian, bool Root>
  static void build_kernel(const std::uint8_t* const* cols, HistEntry* const* hs, const std::uint32_t* idx,
                           const float* og, const float* oh, std::size_t n) noexcept {
    const std::uint8_t* c[NF];
    HistEntry* h[NF];
    for (std::size_t k = 0; k < NF; ++k) {
      c[k] = cols[k];
      h[k] = hs[k];
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = Root ? i : idx[i];
      const double g = static_cast<double>(og[i]);
      for (std::size_t k = 0; k < NF; ++k) {
        HistEntry& e = h[k][c[k][row]];
        e.sum_gradients += g;
        if constexpr (!ConstantHessian) e.sum_hessians += static_cast<double>(oh[i]);
        e.count += 1;
      }
    }
  }

  void subtract_histograms(int into, int small) {
    pool_.parallel_for(groups_.size(), [&](std::size_t gi) {
      const std::size_t f0 = groups_[gi];
      const std::size_t nf = std::min(group_size, X_.n_features - f0);
      for (std::size_t f = f0; f < f0 + nf; ++f) {
        HistEntry* a = hist(into, f);
        const HistEntry* b = hist(small, f);
        for (std::size_t bin = 0; bin < stride_; ++bin) {
          a[bin].sum_gradients = a[bin].sum_gradients - b[bin].sum_gradients;
          a[bin].sum_hessians = a[bin].sum_hessians - b[bin].sum_hessians;
          a[bin].count = a[bin].count - b[bin].count;
        }
      }
    });
  }

  // ---- split finding ----------------------------------------------------------

  double node_value(double sum_gradient, double sum_hessian) const noexcept {
    return -sum_gradient / (sum_hessian + p_.l2_regularization + 1e-15);
  }
  double split_gain(double gl, double hl, double gr, double hr, double loss_current) const noexcept {
    const double vl = node_value(gl, hl), vr = node_value(gr, hr);
    double gain = loss_current;
    gain -= gl * vl;
    gain -= gr * vr;
    return gain;
  }

  HistSplit find_node_split(const HistNode& node) {
    const int slot = node.hist;
    pool_.parallel_for(X_.n_features, [&](std::size_t f) {
      HistSplit& s = split_infos_[f];
      s = HistSplit{};
      s.feature = static_cast<std::int32_t>(f);
      s.gain = -1;
      s.is_categorical = info_[f].is_categorical;
      const HistEntry* hf = hist(slot, f);
      if (info_[f].is_categorical) {
        split_categorical(f, hf, node, s);
      } else {
        split_left_to_right(f, hf, node, s);
        if (info_[f].has_missing) split_right_to_left(f, hf, node, s);
      }
    });
    std::size_t best = 0;
    for (std::size_t f = 1; f < split_infos_.size(); ++f)
      if (split_infos_[f].gain > split_infos_[best].gain) best = f;
    return split_infos_[best];
  }

  void finish_split(HistSplit& s, const HistNode& node, double best_gl, double best_hl, std::uint32_t best_nl) const {
    s.sum_gradient_left = best_gl;
    s.sum_gradient_right = node.sum_gradients - best_gl;
    s.sum_hessian_left = best_hl;
    s.sum_hessian_right = node.sum_hessians - best_hl;
    s.n_left = best_nl;
    s.n_right = node.n_samples() - best_nl;
    s.value_left = node_value(s.sum_gradient_left, s.sum_hessian_left);
    s.value_right = node_value(s.sum_gradient_right, s.sum_hessian_right);
  }

  void split_left_to_right(std::size_t f, const HistEntry* hf, const HistNode& node, HistSplit& s) const {
    const std::uint32_t n = node.n_samples();
    const auto msl = static_cast<std::uint32_t>(p_.min_samples_leaf);
    // The last non-missing bin may go left only if missing values go right.
    const std::uint32_t end = info_[f].n_bins_non_missing - 1 + (info_[f].has_missing ? 1u : 0u);
    double gl = 0.0, hl = 0.0;
    std::uint32_t nl = 0;
    const double loss_current = node.sum_gradients * node.value;
    bool found = false;
    double best_gain = -1, best_gl = 0, best_hl = 0;
    std::uint32_t best_bin = 0, best_nl = 0;
    for (std::uint32_t b = 0; b < end; ++b) {
      nl += hf[b].count;
      const std::uint32_t nr = n - nl;
      hl += constant_hessian_ ? static_cast<double>(hf[b].count) : hf[b].sum_hessians;
      const double hr = node.sum_hessians - hl;
      gl += hf[b].sum_gradients;
      const double gr = node.sum_gradients - gl;
      if (nl < msl) continue;
      if (nr < msl) break;
      if (hl < p_.min_hessian_to_split) continue;
      if (hr < p_.min_hessian_to_split) break;
      const double gain = split_gain(gl, hl, gr, hr, loss_current);
      if (gain > best_gain && gain > p_.min_gain_to_split) {
        found = true;
        best_gain = gain;
        best_bin = b;
        best_gl = gl;
        best_hl = hl;
        best_nl = nl;
      }
    }
    if (!found) return;
    s.gain = best_gain;
    s.bin = best_bin;
    s.missing_left = false;
    finish_split(s, node, best_gl, best_hl, best_nl);
  }

  void split_right_to_left(std::size_t f, const HistEntry* hf, const HistNode& node, HistSplit& s) const {
    if (info_[f].n_bins_non_missing < 2) return;
    const std::uint32_t n = node.n_samples();
    const auto msl = static_cast<std::uint32_t>(p_.min_samples_leaf);
    double gr = 0.0, hr = 0.0;
    std::uint32_t nr = 0;
    const double loss_current = node.sum_gradients * node.value;
    bool found = false;
    double best_gain = s.gain, best_gl = 0, best_hl = 0;
    std::uint32_t best_bin = 0, best_nl = 0;
    for (std::uint32_t b = info_[f].n_bins_non_missing - 1; b-- > 0;) {
      nr += hf[b + 1].count;
      const std::uint32_t nl = n - nr;
      hr += constant_hessian_ ? static_cast<double>(hf[b + 1].count) : hf[b + 1].sum_hessians;
      const double hl = node.sum_hessians - hr;
      gr += hf[b + 1].sum_gradients;
      const double gl = node.sum_gradients - gr;
      if (nr < msl) continue;
      if (nl < msl) break;
      if (hr < p_.min_hessian_to_split) continue;
      if (hl < p_.min_hessian_to_split) break;
      const double gain = split_gain(gl, hl, gr, hr, loss_current);
      if (gain > best_gain && gain > p_.min_gain_to_split) {
        found = true;
        best_gain = gain;
        best_bin = b;
        best_gl = gl;
        best_hl = hl;
        best_nl = nl;
      }
    }
    if (!found) return;
    s.gain = best_gain;
    s.bin = best_bin;
    s.missing_left = true;
    finish_split(s, node, best_gl, best_hl, best_nl);
  }

  struct CatInfo {
    std::uint32_t bin;
    double value;
  };

  // glibc's qsort (a merge sort for small arrays) with the reference's
  // comparator, which answers "greater" for equal values: ties are ordered
  // exactly as the reference orders them.
  static void merge_sort(std::vector<CatInfo>& v, std::size_t b, std::size_t n, std::vector<CatInfo>& tmp) {
    if (n <= 1) return;
    std::size_t n1 = n / 2, n2 = n - n1;
    merge_sort(v, b, n1, tmp);
    merge_sort(v, b + n1, n2, tmp);
    std::size_t i1 = b, i2 = b + n1, out = 0;
    while (n1 > 0 && n2 > 0) {
      if (v[i1].value < v[i2].value) {
        tmp[out++] = v[i1++];
        --n1;
      } else {
        tmp[out++] = v[i2++];
        --n2;
      }
    }
    while (n1 > 0) {
      tmp[out++] = v[i1++];
      --n1;
    }
    for (std::size_t k = 0; k < out; ++k) v[b + k] = tmp[k];
  }

  void split_categorical(std::size_t f, const HistEntry* hf, const HistNode& node, HistSplit& s) const {
    const std::uint32_t n = node.n_samples();
    const auto msl = static_cast<std::uint32_t>(p_.min_samples_leaf);
    const std::uint32_t missing_bin = static_cast<std::uint32_t>(p_.n_bins - 1);
    constexpr double min_cat_support = 10.0;
    const double support_factor = static_cast<double>(n) / node.sum_hessians;
    std::vector<CatInfo> cats;
    cats.reserve(info_[f].n_bins_non_missing + 1);
    auto consider = [&](std::uint32_t b) {
      const double hb = constant_hessian_ ? static_cast<double>(hf[b].count) : hf[b].sum_hessians;
      if (hb * support_factor >= min_cat_support) cats.push_back({b, hf[b].sum_gradients / (hb + min_cat_support)});
    };
    for (std::uint32_t b = 0; b < info_[f].n_bins_non_missing; ++b) consider(b);
    if (info_[f].has_missing) consider(missing_bin);
    const std::size_t used = cats.size();
    if (used <= 1) return;
    std::vector<CatInfo> tmp(used);
    merge_sort(cats, 0, used, tmp);

    const double loss_current = node.sum_gradients * node.value;
    bool found = false;
    double best_gain = -1.0, best_gl = 0, best_hl = 0;
    std::uint32_t best_nl = 0;
    std::size_t best_thresh = 0;
    int best_direction = 0;
    for (int direction : {1, -1}) {
      const std::size_t middle = direction == 1 ? (used + 1) / 2 : (used + 1) / 2 - 1;
      double gl = 0.0, hl = 0.0;
      std::uint32_t nl = 0;
      for (std::size_t i = 0; i < middle; ++i) {
        const std::size_t sorted_idx = direction == 1 ? i : used - 1 - i;
        const std::uint32_t b = cats[sorted_idx].bin;
        nl += hf[b].count;
        const std::uint32_t nr = n - nl;
        hl += constant_hessian_ ? static_cast<double>(hf[b].count) : hf[b].sum_hessians;
        const double hr = node.sum_hessians - hl;
        gl += hf[b].sum_gradients;
        const double gr = node.sum_gradients - gl;
        if (nl < msl || hl < p_.min_hessian_to_split) continue;
        if (nr < msl || hr < p_.min_hessian_to_split) break;
        const double gain = split_gain(gl, hl, gr, hr, loss_current);
        if (gain > best_gain && gain > p_.min_gain_to_split) {
          found = true;
          best_gain = gain;
          best_thresh = sorted_idx;
          best_gl = gl;
          best_hl = hl;
          best_nl = nl;
          best_direction = direction;
        }
      }
    }
    if (!found) return;
    s.gain = best_gain;
    s.bin = 0;
    finish_split(s, node, best_gl, best_hl, best_nl);
    s.cat_bitset = {};
    if (best_direction == 1) {
      for (std::size_t i = 0; i <= best_thresh; ++i) set_bin_bitset(s.cat_bitset, cats[i].bin);
    } else {
      for (std::size_t i = used; i-- > best_thresh;) set_bin_bitset(s.cat_bitset, cats[i].bin);
    }
    if (info_[f].has_missing) s.missing_left = in_bin_bitset(s.cat_bitset, missing_bin);
  }

  // ---- partition ---------------------------------------------------------------

  bool goes_left(const HistSplit& s, std::uint8_t bin) const noexcept {
    if (s.is_categorical) return in_bin_bitset(s.cat_bitset, bin);
    return (s.missing_left & (bin == static_cast<std::uint32_t>(p_.n_bins - 1))) | (bin <= s.bin);
  }

  // Stable: both children keep their rows in the parent's (ascending) order.
  void split_indices(int id) {
    const HistNode& node = nodes_[static_cast<std::size_t>(id)];
    const HistSplit& s = node.split;
    const std::uint8_t* col = X_.column(static_cast<std::size_t>(s.feature));
    std::uint32_t* idx = partition_.data() + node.start;
    const std::size_t n = node.n_samples();
    const std::size_t n_chunks = pool_.size() > 1 && n >= (1u << 16) ? pool_.size() : 1;
    if (n_chunks == 1) {
      // Branch-free: every row is written to both sides and only the side
      // it belongs to advances (the direction is data-dependent and would
      // be mispredicted half the time). idx[nl] is safe to overwrite: nl <= i.
      std::size_t nl = 0, nr = 0;
      std::uint32_t* right = buffer_.data();
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t row = idx[i];
        const bool left = goes_left(s, col[row]);
        idx[nl] = row;
        right[nr] = row;
        nl += left;
        nr += !left;
      }
      std::memcpy(idx + nl, right, nr * sizeof(std::uint32_t));
      return;
    }
    // Chunks partition into disjoint parts of the buffers, then are
    // gathered back in chunk order: the same result as the sequential pass.
    std::vector<std::size_t> left_count(n_chunks), right_count(n_chunks);
    std::uint32_t* lbuf = buffer_.data() + node.start;
    std::vector<std::uint32_t> rbuf(n);
    const std::size_t per = (n + n_chunks - 1) / n_chunks;
    pool_.parallel_for(n_chunks, [&](std::size_t c) {
      const std::size_t b = std::min(n, c * per), e = std::min(n, b + per);
      std::size_t nl = 0, nr = 0;
      for (std::size_t i = b; i < e; ++i) {
        const std::uint32_t row = idx[i];
        if (goes_left(s, col[row]))
          lbuf[b + nl++] = row;
        else
          rbuf[b + nr++] = row;
      }
      left_count[c] = nl;
      right_count[c] = nr;
    });
    std::size_t pos = 0;
    for (std::size_t c = 0; c < n_chunks; ++c) {
      std::memcpy(idx + pos, lbuf + std::min(n, c * per), left_count[c] * sizeof(std::uint32_t));
      pos += left_count[c];
    }
    for (std::size_t c = 0; c < n_chunks; ++c) {
      std::memcpy(idx + pos, rbuf.data() + std::min(n, c * per), right_count[c] * sizeof(std::uint32_t));
      pos += right_count[c];
    }
  }

  const BinnedMatrix& X_;
  std::vector<HistFeatureInfo> info_;
  HistGrowerParams p_;
  HistThreadPool& pool_;
  std::size_t stride_ = 256;
  std::vector<std::size_t> groups_;

  const float* g_ = nullptr;
  const float* h_ = nullptr;
  bool constant_hessian_ = true;

  std::vector<std::uint32_t> partition_;
  std::vector<std::uint32_t> buffer_;
  std::vector<float> ordered_g_, ordered_h_;
  std::vector<std::vector<HistEntry>> slots_;
  std::vector<int> free_slots_;
  std::vector<HistSplit> split_infos_;

  std::vector<HistNode> nodes_;
  std::vector<int> leaves_;
  std::vector<int> heap_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
