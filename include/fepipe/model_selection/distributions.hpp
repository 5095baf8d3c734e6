#pragma once
/// @file
/// Distributions for randomized search and scikit-learn 1.2.1's
/// ParameterSampler, drawing from numpy's legacy RandomState in
/// scikit-learn's order, so that the same seed gives the same candidates:
///
/// - every parameter a list (`choices`): the grid of the lists, sampled
///   without replacement by `sklearn.utils.random.sample_without_replacement`
///   (a permutation when 1% < n_iter/grid size < 99%, else tracking
///   selection below 20%, reservoir sampling above);
/// - otherwise, per candidate and per parameter in sorted order: `choices`
///   draw `v[rng.randint(len(v))]`; `uniform(loc, scale)` is
///   `scipy.stats.uniform(loc, scale).rvs(random_state=rng)`, i.e.
///   `rng.uniform() * scale + loc`; `loguniform(a, b)` is scipy's
///   `a * pow(b / a, rng.uniform())`; `randint(low, high)` is
///   `rng.randint(low, high)`. All four are bit-identical to scikit-learn's
///   draws for the same seed (libm's pow, as numpy's baseline kernels).
/// Other scipy distributions are not reproduced.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/model_selection/param_grid.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What a randomized-search parameter is drawn from.
struct Distribution {
  enum class Kind : std::uint8_t { choices, uniform, loguniform, randint };
  Kind kind = Kind::choices;
  std::vector<std::string> values{};  ///< choices: JSON value texts
  double a = 0.0, b = 1.0;            ///< uniform: loc, scale; loguniform: a, b
  std::int64_t low = 0, high = 1;     ///< randint: [low, high)

  static Distribution choices(std::vector<std::string> json_values) {
    Distribution d;
    d.kind = Kind::choices;
    for (auto& v : json_values) d.values.push_back(detail::canonical_json(v, "Distribution"));
    if (d.values.empty()) detail::throw_parameter("Distribution", "choices need at least one value");
    return d;
  }
  /// scipy.stats.uniform(loc, scale): [loc, loc + scale].
  static Distribution uniform(double loc, double scale) {
    if (!std::isfinite(loc) || !(scale > 0.0) || !std::isfinite(scale))
      detail::throw_parameter("Distribution", "uniform needs a finite loc and a finite scale > 0");
    Distribution d;
    d.kind = Kind::uniform;
    d.a = loc;
    d.b = scale;
    return d;
  }
  /// scipy.stats.loguniform(a, b): 0 < a < b.
  static Distribution loguniform(double a, double b) {
    if (!(a > 0.0) || !(b > a) || !std::isfinite(b))
      detail::throw_parameter("Distribution", "loguniform needs 0 < a < b, finite");
    Distribution d;
    d.kind = Kind::loguniform;
    d.a = a;
    d.b = b;
    return d;
  }
  /// scipy.stats.randint(low, high): integers in [low, high).
  static Distribution randint(std::int64_t low, std::int64_t high) {
    if (!(high > low) || static_cast<std::uint64_t>(high - low - 1) > 0xffffffffULL)
      detail::throw_parameter("Distribution", "randint needs low < high and a range below 2^32");
    Distribution d;
    d.kind = Kind::randint;
    d.low = low;
    d.high = high;
    return d;
  }

  /// One draw, as a JSON value text.
  std::string draw(detail::NumpyRandomState& rng) const {
    switch (kind) {
      case Kind::choices:
        return values[static_cast<std::size_t>(detail::numpy_randint(rng, 0, static_cast<std::int64_t>(values.size())))];
      case Kind::uniform: return detail::python_float_repr(rng.random_sample() * b + a);
      case Kind::loguniform: return detail::python_float_repr(a * std::pow(b * 1.0 / a, rng.random_sample()));
      case Kind::randint: return std::to_string(detail::numpy_randint(rng, low, high));
    }
    return {};
  }
};

namespace detail {

using DistributionAxes = std::vector<std::pair<std::string, Distribution>>;

/// A distribution from JSON: an array (choices) or an object with one key,
/// `{"uniform": [loc, scale]}`, `{"loguniform": [a, b]}`, `{"randint": [low, high]}`.
inline Distribution distribution_from_json(const JsonValue& v, const std::string& name, std::string_view where) {
  using K = JsonValue::Kind;
  if (v.kind == K::array) {
    std::vector<std::string> values;
    for (const JsonValue& x : v.items) values.push_back(json_dump(x));
    if (values.empty())
      throw_parameter(where, "parameter '" + name + "': a list of choices must not be empty");
    return Distribution::choices(std::move(values));
  }
  auto bad = [&]() -> Distribution {
    throw_parameter(where, "parameter '" + name +
                               "': expected a list of choices or {\"uniform\": [loc, scale]}, "
                               "{\"loguniform\": [a, b]}, {\"randint\": [low, high]}; got " +
                               json_brief(v));
  };
  if (v.kind != K::object || v.keys.size() != 1 || v.items[0].kind != K::array || v.items[0].items.size() != 2)
    return bad();
  double p[2];
  for (int i = 0; i < 2; ++i)
    if (!v.items[0].items[static_cast<std::size_t>(i)].is_number() ||
        !v.items[0].items[static_cast<std::size_t>(i)].to_double(p[i]))
      return bad();
  const std::string& kind = v.keys[0];
  if (kind == "uniform") return Distribution::uniform(p[0], p[1]);
  if (kind == "loguniform") return Distribution::loguniform(p[0], p[1]);
  if (kind == "randint") {
    if (p[0] != std::floor(p[0]) || p[1] != std::floor(p[1]) || std::fabs(p[0]) > 9e15 || std::fabs(p[1]) > 9e15)
      return bad();
    return Distribution::randint(static_cast<std::int64_t>(p[0]), static_cast<std::int64_t>(p[1]));
  }
  return bad();
}

inline std::vector<DistributionAxes> distributions_from_json(std::string_view text, std::string_view where) {
  using K = JsonValue::Kind;
  JsonValue root;
  try {
    root = parse_spec_json(text);
  } catch (const ParameterError& e) {
    throw_parameter(where, std::string("the distributions are not JSON: ") + e.what());
  }
  std::vector<const JsonValue*> objects;
  if (root.kind == K::object)
    objects.push_back(&root);
  else if (root.kind == K::array && !root.items.empty())
    for (const JsonValue& g : root.items) objects.push_back(&g);
  else
    throw_parameter(where, "distributions must be a JSON object or a non-empty array of objects, got " +
                               json_brief(root));
  std::vector<DistributionAxes> out;
  for (const JsonValue* g : objects) {
    if (g->kind != K::object) throw_parameter(where, "distributions must be a JSON object, got " + json_brief(*g));
    DistributionAxes axes;
    for (std::size_t k = 0; k < g->keys.size(); ++k)
      axes.emplace_back(g->keys[k], distribution_from_json(g->items[k], g->keys[k], where));
    out.push_back(std::move(axes));
  }
  return out;
}

/// The generator scikit-learn's check_random_state(seed) makes; a fresh
/// seed for nullopt.
inline NumpyRandomState search_random_state(std::optional<std::uint32_t> seed) {
  return NumpyRandomState(seed ? *seed : std::random_device{}());
}

}  // namespace detail

/// `sklearn.utils.random.sample_without_replacement(n_population,
/// n_samples, method="auto", random_state=rng)`, drawing from `rng`.
inline std::vector<std::size_t> sample_without_replacement(std::size_t n_population, std::size_t n_samples,
                                                           detail::NumpyRandomState& rng) {
  if (n_samples > n_population)
    detail::throw_parameter("sample_without_replacement", "n_population should be greater or equal than n_samples, got "
                                                          "n_samples > n_population (" +
                                                              std::to_string(n_samples) + " > " +
                                                              std::to_string(n_population) + ")");
  const double ratio =
      n_population != 0 ? static_cast<double>(n_samples) / static_cast<double>(n_population) : 1.0;
  std::vector<std::size_t> out;
  if (ratio > 0.01 && ratio < 0.99) {
    std::vector<std::size_t> p = rng.permutation(n_population);
    out.assign(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n_samples));
  } else if (ratio < 0.2) {  // tracking selection
    std::set<std::size_t> selected;
    for (std::size_t i = 0; i < n_samples; ++i) {
      std::size_t j;
      do {
        j = static_cast<std::size_t>(detail::numpy_randint(rng, 0, static_cast<std::int64_t>(n_population)));
      } while (selected.count(j));
      selected.insert(j);
      out.push_back(j);
    }
  } else {  // reservoir sampling
    out.resize(n_samples);
    for (std::size_t i = 0; i < n_samples; ++i) out[i] = i;
    for (std::size_t i = n_samples; i < n_population; ++i) {
      const auto j = static_cast<std::size_t>(detail::numpy_randint(rng, 0, static_cast<std::int64_t>(i + 1)));
      if (j < n_samples) out[j] = i;
    }
  }
  return out;
}

/// scikit-learn's ParameterSampler(param_distributions, n_iter, random_state).
class ParameterSampler {
 public:
  static constexpr std::string_view type_name = "ParameterSampler";

  /// From JSON (see detail::distribution_from_json): an object or an array
  /// of objects (each candidate first picks one of them, as scikit-learn).
  ParameterSampler(std::string_view json, std::size_t n_iter, std::optional<std::uint32_t> random_state)
      : ParameterSampler(detail::distributions_from_json(json, type_name), n_iter, random_state) {}
  ParameterSampler(std::vector<detail::DistributionAxes> dists, std::size_t n_iter,
                   std::optional<std::uint32_t> random_state)
      : dists_(std::move(dists)), n_iter_(n_iter), random_state_(random_state) {
    if (dists_.empty()) detail::throw_parameter(type_name, "no distributions");
    for (auto& g : dists_)
      std::sort(g.begin(), g.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  }

  /// True when every parameter is a list of choices (sampling from the grid
  /// without replacement).
  bool all_lists() const noexcept {
    for (const auto& g : dists_)
      for (const auto& [name, d] : g)
        if (d.kind != Distribution::Kind::choices) return false;
    return true;
  }

  /// The candidates, in scikit-learn's order. With only lists and a grid
  /// smaller than n_iter, the whole grid (scikit-learn warns and does the same).
  std::vector<ParamSet> candidates() const {
    auto rng = detail::search_random_state(random_state_);
    std::vector<ParamSet> out;
    if (all_lists()) {
      std::vector<detail::GridAxes> grids;
      for (const auto& g : dists_) {
        detail::GridAxes axes;
        for (const auto& [name, d] : g) axes.emplace_back(name, d.values);
        grids.push_back(std::move(axes));
      }
      const ParameterGrid grid(std::move(grids));
      const std::size_t n = std::min(n_iter_, grid.size());
      for (std::size_t i : sample_without_replacement(grid.size(), n, rng)) out.push_back(grid[i]);
      return out;
    }
    for (std::size_t it = 0; it < n_iter_; ++it) {
      // rng.choice(list of dicts): randint(0, len), no draw for one dict.
      const auto& g = dists_[static_cast<std::size_t>(
          detail::numpy_randint(rng, 0, static_cast<std::int64_t>(dists_.size())))];
      ParamSet p;
      for (const auto& [name, d] : g) p.emplace_back(name, d.draw(rng));
      out.push_back(std::move(p));
    }
    return out;
  }
  std::size_t n_iter() const noexcept { return n_iter_; }

 private:
  std::vector<detail::DistributionAxes> dists_;
  std::size_t n_iter_;
  std::optional<std::uint32_t> random_state_;
};

FEPIPE_NAMESPACE_END
