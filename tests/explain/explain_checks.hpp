#pragma once
// Checks shared by the explain tests: additivity against the model's own
// raw prediction, and Shapley values by brute force (every feature subset,
// the path-dependent conditional expectation written out independently of
// the TreeSHAP under test).

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "fepipe/explain/contributions.hpp"

namespace explain_test {

using namespace fepipe;

/// contributions (rows × K(F+1), the explainer's layout) add up, per row
/// and output, to raw (rows × K) within rel·max(1, |raw|). Returns the
/// worst relative difference.
inline double check_additive(const Eigen::MatrixXd& contributions, const Eigen::MatrixXd& raw, std::size_t F,
                             double rel = 1e-9) {
  const auto K = static_cast<std::size_t>(raw.cols());
  REQUIRE(contributions.rows() == raw.rows());
  REQUIRE(static_cast<std::size_t>(contributions.cols()) == K * (F + 1));
  double worst = 0.0;
  std::size_t bad = 0;
  for (Eigen::Index r = 0; r < raw.rows(); ++r)
    for (std::size_t k = 0; k < K; ++k) {
      double sum = 0.0;
      for (std::size_t j = 0; j <= F; ++j) sum += contributions(r, static_cast<Eigen::Index>(k * (F + 1) + j));
      const double expected = raw(r, static_cast<Eigen::Index>(k));
      REQUIRE(std::isfinite(sum));
      const double d = std::fabs(sum - expected) / std::max(1.0, std::fabs(expected));
      worst = std::max(worst, d);
      if (d > rel && bad++ < 5) {
        INFO("row " << r << " output " << k << ": contributions sum to " << sum << ", the model predicts "
                    << expected);
        CHECK(false);
      }
    }
  CHECK(bad == 0);
  return worst;
}

/// Node i of f routes x left (the Forest's rules, restated).
inline bool route_left(const detail::Forest& f, std::size_t i, double x) {
  const bool missing_left = (f.flags[i] & detail::Forest::missing_left_flag) != 0;
  if (std::isnan(x)) return missing_left;
  if (f.flags[i] & detail::Forest::categorical_flag) {
    if (x < 0.0 || x != std::floor(x) || x >= 32.0 * f.bitset_words[i]) return missing_left;
    const auto c = static_cast<std::uint32_t>(x);
    return ((f.cat_bits[f.bitset_offset[i] + c / 32] >> (c % 32)) & 1u) != 0;
  }
  if (f.float32_inputs) x = static_cast<double>(static_cast<float>(x));
  return x <= f.threshold[i];
}

/// E[f_node(x) | x_S]: features in S follow x, the others split by cover
/// (a node without cover splits evenly).
inline double conditional_expectation(const detail::Forest& f, std::size_t node, const double* x, std::uint32_t S) {
  if (f.feature[node] < 0) return f.value[node];
  const auto l = static_cast<std::size_t>(f.left[node]);
  const auto feat = static_cast<std::uint32_t>(f.feature[node]);
  if (S & (1u << feat)) return conditional_expectation(f, route_left(f, node, x[feat]) ? l : l + 1, x, S);
  const double c = f.cover[node];
  const double wl = c > 0.0 ? f.cover[l] / c : 0.5, wr = c > 0.0 ? f.cover[l + 1] / c : 0.5;
  return wl * conditional_expectation(f, l, x, S) + wr * conditional_expectation(f, l + 1, x, S);
}

/// Exact Shapley values of v(S) = Σ_trees E[f_t | x_S] + base, per output
/// (layout of ModelExplainer: K blocks of F contributions then the base).
inline std::vector<double> brute_force_shap(const detail::Forest& f, const double* x, std::span<const double> raw_base) {
  const auto F = static_cast<std::size_t>(f.n_features);
  const auto K = static_cast<std::size_t>(f.n_outputs);
  REQUIRE(F <= 10);
  const std::uint32_t full = (1u << F) - 1;
  // v[k][S]
  std::vector<std::vector<double>> v(K, std::vector<double>(full + 1, 0.0));
  for (std::uint32_t S = 0; S <= full; ++S)
    for (std::size_t t = 0; t < f.n_trees(); ++t)
      v[static_cast<std::size_t>(f.tree_output[t])][S] +=
          conditional_expectation(f, static_cast<std::size_t>(f.tree_root[t]), x, S);
  std::vector<double> factorial(F + 1, 1.0);
  for (std::size_t i = 1; i <= F; ++i) factorial[i] = factorial[i - 1] * static_cast<double>(i);
  std::vector<double> out(K * (F + 1), 0.0);
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t i = 0; i < F; ++i)
      for (std::uint32_t S = 0; S <= full; ++S) {
        if (S & (1u << i)) continue;
        const auto s = static_cast<std::size_t>(std::popcount(S));
        const double w = factorial[s] * factorial[F - s - 1] / factorial[F];
        out[k * (F + 1) + i] += w * (v[k][S | (1u << i)] - v[k][S]);
      }
    out[k * (F + 1) + F] = v[k][0] + raw_base[k];
  }
  return out;
}

/// Row r of a frame as Values (numbers, labels or missing).
inline std::vector<Value> row_of(const Frame& X, std::size_t r) {
  std::vector<Value> row;
  for (std::size_t j = 0; j < X.cols(); ++j) {
    const Column& c = X.column(j);
    if (c.is_numeric()) {
      row.emplace_back(c.values()[r]);
    } else {
      const std::int32_t code = c.codes()[r];
      row.push_back(code < 0 ? Value::missing() : Value(c.labels()[static_cast<std::size_t>(code)]));
    }
  }
  return row;
}

}  // namespace explain_test
