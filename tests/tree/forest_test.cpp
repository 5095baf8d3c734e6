// detail::Forest, the inference layout of every tree model: split semantics
// on hand-built forests, the compiled (packed) paths against a plain walk,
// and the validation that keeps a hostile model file from causing UB.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "fepipe/io/model_file.hpp"
#include "fepipe/tree/detail/forest.hpp"
#include "support/alloc_counter.hpp"
#include "support/roundtrip.hpp"

namespace tree_forest_test {

using fepipe::ModelFormatError;
using fepipe::detail::Forest;

namespace {

const double missing_value = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

// x0 <= 1 (NaN left) ? (x1 <= -2 (NaN right) ? 10 : 20) : 30
Forest numeric_forest() {
  Forest f;
  f.n_features = 2;
  const auto root = f.add_node(0, 1.0, Forest::missing_left_flag, 0.0);
  const auto l = f.add_node(1, -2.0, 0, 0.0);
  f.add_node(-1, 0.0, 0, 30.0);
  f.left[static_cast<std::size_t>(root)] = l;
  const auto ll = f.add_node(-1, 0.0, 0, 10.0);
  f.add_node(-1, 0.0, 0, 20.0);
  f.left[static_cast<std::size_t>(l)] = ll;
  f.tree_root.push_back(root);
  f.tree_output.push_back(0);
  return f;
}

// One categorical split on x0: codes {1, 3} go left (value 1), others right
// (value 2); codes the bitset does not know follow missing_left.
Forest categorical_forest(bool missing_left) {
  Forest f;
  f.n_features = 1;
  const auto root =
      f.add_node(0, 0.0, static_cast<std::uint8_t>(Forest::categorical_flag | (missing_left ? Forest::missing_left_flag : 0)),
                 0.0);
  const auto l = f.add_node(-1, 0.0, 0, 1.0);
  f.add_node(-1, 0.0, 0, 2.0);
  f.left[static_cast<std::size_t>(root)] = l;
  f.bitset_offset[static_cast<std::size_t>(root)] = 0;
  f.bitset_words[static_cast<std::size_t>(root)] = 1;
  f.cat_bits = {(1u << 1) | (1u << 3)};
  f.tree_root.push_back(root);
  f.tree_output.push_back(0);
  return f;
}

double predict_one(const Forest& f, std::vector<double> x) {
  double out = 0.0;
  f.predict_raw_row(x.data(), &out);
  return out;
}

// The sum of leaf_of's leaf values in tree order: the reference every fast
// path must reproduce bit for bit.
std::vector<double> reference_sums(const Forest& f, const std::vector<std::vector<double>>& cols, std::size_t n) {
  const auto K = static_cast<std::size_t>(f.n_outputs);
  std::vector<double> out(n * K, 0.5);
  std::vector<double> x(cols.size());
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < cols.size(); ++c) x[c] = cols[c][r];
    for (std::size_t t = 0; t < f.n_trees(); ++t)
      out[r * K + static_cast<std::size_t>(f.tree_output[t])] +=
          f.value[static_cast<std::size_t>(f.leaf_of(f.tree_root[t], x.data()))];
  }
  return out;
}

// A random forest of uneven trees (depth up to `max_depth`), numeric and
// categorical splits, random NaN directions.
Forest random_forest(std::mt19937& rng, std::int32_t n_features, std::int32_t n_outputs, std::size_t n_trees,
                     int max_depth, bool categorical) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Forest f;
  f.n_features = n_features;
  f.n_outputs = n_outputs;
  for (std::size_t t = 0; t < n_trees; ++t) {
    struct Pending {
      std::int32_t id;
      int depth;
    };
    auto make = [&](int depth) {
      const bool leaf = depth >= max_depth || (depth > 1 && u(rng) < -0.4);
      if (leaf) return f.add_node(-1, 0.0, 0, u(rng));
      const auto feat = static_cast<std::int32_t>(rng() % static_cast<std::uint32_t>(n_features));
      std::uint8_t flags = u(rng) < 0 ? Forest::missing_left_flag : 0;
      if (categorical && u(rng) < -0.5) {
        flags |= Forest::categorical_flag;
        const auto id = f.add_node(feat, 0.0, flags, u(rng));
        f.bitset_offset[static_cast<std::size_t>(id)] = static_cast<std::uint32_t>(f.cat_bits.size());
        f.bitset_words[static_cast<std::size_t>(id)] = 1;
        f.cat_bits.push_back(static_cast<std::uint32_t>(rng()));
        return id;
      }
      return f.add_node(feat, u(rng), flags, u(rng));
    };
    const auto root = make(0);
    f.tree_root.push_back(root);
    f.tree_output.push_back(static_cast<std::int32_t>(t % static_cast<std::size_t>(n_outputs)));
    std::vector<Pending> stack{{root, 0}};
    while (!stack.empty()) {
      const Pending p = stack.back();
      stack.pop_back();
      if (f.feature[static_cast<std::size_t>(p.id)] < 0) continue;
      const auto l = make(p.depth + 1);
      const auto r = make(p.depth + 1);
      REQUIRE(r == l + 1);
      f.left[static_cast<std::size_t>(p.id)] = l;
      stack.push_back({l, p.depth + 1});
      stack.push_back({r, p.depth + 1});
    }
  }
  return f;
}

// Columns with NaN, small integers (category codes) and ordinary values.
std::vector<std::vector<double>> random_columns(std::mt19937& rng, std::size_t n_features, std::size_t n) {
  std::uniform_real_distribution<double> u(-1.2, 1.2);
  std::vector<std::vector<double>> cols(n_features, std::vector<double>(n));
  for (auto& c : cols)
    for (auto& v : c) {
      const double kind = u(rng);
      v = kind < -1.0 ? missing_value : kind < -0.4 ? std::floor((kind + 1.2) * 60.0) : u(rng);
    }
  return cols;
}

void require_same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("index " << i << ": " << a[i] << " vs " << b[i]);
    REQUIRE(fepipe_test::same_bits(a[i], b[i]));
  }
}

}  // namespace

TEST_CASE("Forest numeric splits: x <= threshold goes left, NaN follows the node's flag") {
  Forest f = numeric_forest();
  for (bool compiled : {false, true}) {
    if (compiled) f.compile();
    CHECK(f.is_compiled() == compiled);
    CHECK(predict_one(f, {1.0, -2.0}) == 10.0);  // both thresholds inclusive
    CHECK(predict_one(f, {1.0, -1.9}) == 20.0);
    CHECK(predict_one(f, {1.0000001, -5.0}) == 30.0);
    CHECK(predict_one(f, {missing_value, -5.0}) == 10.0);  // root: NaN left
    CHECK(predict_one(f, {0.0, missing_value}) == 20.0);   // child: NaN right
    CHECK(predict_one(f, {-inf, -inf}) == 10.0);
    CHECK(predict_one(f, {inf, 0.0}) == 30.0);
  }
  CHECK(f.tree_height(0) == 2);
}

TEST_CASE("Forest categorical splits: bitset membership, unknown codes follow missing_left") {
  for (bool missing_left : {false, true}) {
    Forest f = categorical_forest(missing_left);
    const double other = missing_left ? 1.0 : 2.0;
    for (bool compiled : {false, true}) {
      if (compiled) f.compile();
      INFO("missing_left " << missing_left << " compiled " << compiled);
      CHECK(predict_one(f, {1.0}) == 1.0);
      CHECK(predict_one(f, {3.0}) == 1.0);
      CHECK(predict_one(f, {0.0}) == 2.0);  // known to the bitset, not in it
      CHECK(predict_one(f, {2.0}) == 2.0);
      CHECK(predict_one(f, {missing_value}) == other);
      CHECK(predict_one(f, {1.5}) == other);  // not a code
      CHECK(predict_one(f, {-1.0}) == other);
      CHECK(predict_one(f, {32.0}) == other);  // outside the one-word bitset
      CHECK(predict_one(f, {1e300}) == other);
    }
  }
}

TEST_CASE("Forest float32_inputs rounds values to float before comparing") {
  Forest f = numeric_forest();
  const double thr = static_cast<double>(static_cast<float>(0.1));
  f.threshold[0] = thr;
  const double x = 0.1000000015;  // above thr as a double, equal to it as a float
  REQUIRE(x > thr);
  REQUIRE(static_cast<double>(static_cast<float>(x)) == thr);
  CHECK(predict_one(f, {x, 5.0}) == 30.0);
  f.float32_inputs = true;
  CHECK(predict_one(f, {x, 5.0}) == 20.0);
  f.compile();
  CHECK(predict_one(f, {x, 5.0}) == 20.0);
  const std::vector<double> c0{x}, c1{5.0};
  const std::vector<const double*> cols{c0.data(), c1.data()};
  double out = 0.0;
  f.predict_raw(cols, 1, &out);
  CHECK(out == 20.0);
}

TEST_CASE("Forest fast paths reproduce a plain walk bit for bit") {
  std::mt19937 rng(12345);
  for (bool categorical : {false, true})
    for (std::int32_t outputs : {1, 3}) {
      INFO("categorical " << categorical << " outputs " << outputs);
      Forest f = random_forest(rng, 7, outputs, 37, 11, categorical);
      f.float32_inputs = categorical;  // cover the rounding path too
      const std::size_t n = 1000;
      const auto cols = random_columns(rng, 7, n);
      std::vector<const double*> ptrs;
      for (const auto& c : cols) ptrs.push_back(c.data());
      const auto expected = reference_sums(f, cols, n);
      auto batch = [&](std::size_t rows, unsigned threads) {
        std::vector<double> out(rows * static_cast<std::size_t>(outputs), 0.5);
        f.predict_raw(ptrs, rows, out.data(), threads);
        return out;
      };
      // Uncompiled: few rows walk the arrays, many rows compile a copy.
      REQUIRE_FALSE(f.is_compiled());
      require_same_bits(batch(n, 1), expected);
      auto few = batch(10, 1);
      require_same_bits(few, std::vector<double>(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(few.size())));
      f.compile();
      require_same_bits(batch(n, 1), expected);
      require_same_bits(batch(n, 3), expected);
      // Records: grouped lockstep walk.
      std::vector<double> x(7), out(static_cast<std::size_t>(outputs));
      for (std::size_t r = 0; r < n; r += 7) {
        for (std::size_t c = 0; c < 7; ++c) x[c] = cols[c][r];
        std::fill(out.begin(), out.end(), 0.5);
        f.predict_raw_row(x.data(), out.data());
        for (std::size_t k = 0; k < out.size(); ++k)
          REQUIRE(fepipe_test::same_bits(out[k], expected[r * out.size() + k]));
      }
    }
}

TEST_CASE("Forest records predict without allocating") {
  std::mt19937 rng(99);
  Forest f = random_forest(rng, 6, 3, 20, 9, true);
  f.compile();
  const auto cols = random_columns(rng, 6, 200);
  std::vector<double> x(6), out(3, 0.0);
  {
    fepipe_test::CountAllocations guard;
    for (std::size_t r = 0; r < 200; ++r) {
      for (std::size_t c = 0; c < 6; ++c) x[c] = cols[c][r];
      f.predict_raw_row(x.data(), out.data());
    }
    CHECK(guard.count() == 0);
  }
  CHECK(std::isfinite(out[0]));
}

TEST_CASE("Forest add_node drops the compiled layout; predictions stay right") {
  Forest f = numeric_forest();
  f.compile();
  REQUIRE(f.is_compiled());
  // A second tree: a single leaf worth 100.
  f.tree_root.push_back(f.add_node(-1, 0.0, 0, 100.0));
  f.tree_output.push_back(0);
  CHECK_FALSE(f.is_compiled());
  CHECK(predict_one(f, {0.0, 0.0}) == 120.0);
  f.compile();
  CHECK(predict_one(f, {0.0, 0.0}) == 120.0);
  CHECK(f.tree_height(1) == 0);
}

TEST_CASE("Forest predict_raw checks the number of feature columns") {
  Forest f = numeric_forest();
  f.compile();
  const std::vector<double> c0{1.0};
  const std::vector<const double*> one{c0.data()};
  double out = 0.0;
  CHECK_THROWS_AS(f.predict_raw(one, 1, &out), fepipe::Error);
}

TEST_CASE("Forest model file round trip predicts the same bits") {
  std::mt19937 rng(7);
  Forest f = random_forest(rng, 5, 2, 12, 8, true);
  f.compile();
  auto [from_json, from_bin] = fepipe_test::roundtrip_both(f);
  CHECK(from_json.is_compiled());
  CHECK(from_bin.is_compiled());
  const auto cols = random_columns(rng, 5, 300);
  std::vector<const double*> ptrs;
  for (const auto& c : cols) ptrs.push_back(c.data());
  std::vector<double> a(600, 0.0), b(600, 0.0), c(600, 0.0);
  f.predict_raw(ptrs, 300, a.data());
  from_json.predict_raw(ptrs, 300, b.data());
  from_bin.predict_raw(ptrs, 300, c.data());
  require_same_bits(a, b);
  require_same_bits(a, c);
}

TEST_CASE("Forest validation rejects hostile forests") {
  auto rejects = [](Forest f, const char* what) {
    CHECK_THROWS_WITH_AS(f.validate(), doctest::Contains(what), ModelFormatError);
    CHECK_THROWS_AS(f.compile(), ModelFormatError);
  };
  {
    Forest f = numeric_forest();
    f.left[0] = 0;  // a node that is its own child: an endless walk
    rejects(f, "invalid child index");
  }
  {
    Forest f = numeric_forest();
    f.left[1] = 4;  // right child 5 does not exist
    rejects(f, "invalid child index");
  }
  {
    Forest f = numeric_forest();
    f.feature[0] = 2;
    rejects(f, "missing feature");
  }
  {
    Forest f = categorical_forest(false);
    f.bitset_offset[0] = 1;
    rejects(f, "category bitset");
  }
  {
    Forest f = categorical_forest(false);
    f.bitset_words[0] = 0xFFFFFFFFu;
    rejects(f, "category bitset");
  }
  {
    Forest f = numeric_forest();
    f.tree_root[0] = 99;
    rejects(f, "invalid root");
  }
  {
    Forest f = numeric_forest();
    f.tree_output[0] = 1;
    rejects(f, "output slot");
  }
  {
    Forest f = numeric_forest();
    f.value.pop_back();
    rejects(f, "differ in length");
  }
  {
    Forest f = numeric_forest();
    f.n_outputs = 0;
    rejects(f, "output or feature count");
  }
  // Through a model file: a child index pointing back at the root.
  Forest f = numeric_forest();
  std::string json = fepipe::save_model_to_string(f, fepipe::ModelFormat::json);
  const std::string from = "\"left\": [\n";
  const auto pos = json.find(from);
  REQUIRE(pos != std::string::npos);
  const auto first_value = json.find_first_of("-0123456789", pos + from.size());
  json.replace(first_value, 1, "0");
  Forest loaded;
  CHECK_THROWS_AS(fepipe::load_model_from_memory(json, loaded), ModelFormatError);
}

}  // namespace tree_forest_test
