#pragma once
/// @file
/// Hyper-parameter candidates as scikit-learn 1.2.1 enumerates them.
///
/// A candidate (`ParamSet`) maps option names, addressed as
/// "<step name>__<option keyword>" (scikit-learn's convention), to values
/// given as JSON texts (`0.01`, `"median"`, `true`, `[1, 2]`), keys in the
/// order of scikit-learn's `params` dict (it shows in cv_results_'s params
/// and the order of its param_<name> keys).
///
/// `ParameterGrid` is sklearn.model_selection.ParameterGrid: for each grid
/// (a JSON object, or an array of objects), the keys sorted, then
/// itertools.product of the value lists (the last key varies fastest); the
/// grids one after the other. `operator[]` gives the same values as
/// iteration, keys in reverse sorted order, as scikit-learn's `__getitem__`
/// (which ParameterSampler uses) builds its dict.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/spec_json.hpp"

FEPIPE_NAMESPACE_BEGIN

/// One candidate: name → JSON value text, in scikit-learn's dict order.
using ParamSet = std::vector<std::pair<std::string, std::string>>;

/// `{"a": 1, "b": "x"}`: a candidate as one JSON object (the `params`
/// column of cv_results_csv, what the CLI prints).
inline std::string params_json(const ParamSet& params) {
  std::string out = "{";
  for (std::size_t i = 0; i < params.size(); ++i)
    out += (i ? ", " : "") + detail::json_quote(params[i].first) + ": " + params[i].second;
  return out + "}";
}

/// The value of `name` in a candidate, or nullptr.
inline const std::string* find_param(const ParamSet& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

namespace detail {

/// A JSON value's canonical text (as json_dump writes it), so that equal
/// values compare equal as strings.
inline std::string canonical_json(std::string_view text, std::string_view where) {
  try {
    return json_dump(parse_spec_json(text));
  } catch (const ParameterError& e) {
    throw_parameter(where, std::string("not a JSON value: ") + e.what());
  }
}

/// One grid: (name, candidate values) pairs, sorted by name.
using GridAxes = std::vector<std::pair<std::string, std::vector<std::string>>>;

inline void sort_axes(GridAxes& axes, std::string_view where) {
  std::sort(axes.begin(), axes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < axes.size(); ++i) {
    if (i && axes[i].first == axes[i - 1].first)
      throw_parameter(where, "parameter '" + axes[i].first + "' is given twice");
    if (axes[i].second.empty())
      throw_parameter(where, "Parameter grid for parameter '" + axes[i].first +
                                 "' need to be a non-empty sequence, got: []");
  }
}

/// The grids of a JSON document: an object (one grid) or an array of
/// objects; each value a non-empty array (a bare value is refused, as
/// scikit-learn refuses a non-sequence).
inline std::vector<GridAxes> grids_from_json(std::string_view text, std::string_view where) {
  using K = JsonValue::Kind;
  JsonValue root;
  try {
    root = parse_spec_json(text);
  } catch (const ParameterError& e) {
    throw_parameter(where, std::string("the grid is not JSON: ") + e.what());
  }
  std::vector<const JsonValue*> objects;
  if (root.kind == K::object)
    objects.push_back(&root);
  else if (root.kind == K::array)
    for (const JsonValue& g : root.items) objects.push_back(&g);
  else
    throw_parameter(where, "a grid must be a JSON object or an array of objects, got " + json_brief(root));
  std::vector<GridAxes> grids;
  for (const JsonValue* g : objects) {
    if (g->kind != K::object) throw_parameter(where, "a grid must be a JSON object, got " + json_brief(*g));
    GridAxes axes;
    for (std::size_t k = 0; k < g->keys.size(); ++k) {
      const JsonValue& v = g->items[k];
      if (v.kind != K::array)
        throw_parameter(where, "Parameter grid for parameter '" + g->keys[k] +
                                   "' needs to be a list or a numpy array, but got " + json_brief(v));
      std::vector<std::string> values;
      for (const JsonValue& x : v.items) values.push_back(json_dump(x));
      axes.emplace_back(g->keys[k], std::move(values));
    }
    sort_axes(axes, where);
    grids.push_back(std::move(axes));
  }
  return grids;
}

}  // namespace detail

/// scikit-learn's ParameterGrid.
class ParameterGrid {
 public:
  static constexpr std::string_view type_name = "ParameterGrid";

  /// From JSON: `{"lasso__alpha": [0.001, 0.01], "scaler__with_mean": [true, false]}`
  /// or an array of such objects.
  explicit ParameterGrid(std::string_view json) : grids_(detail::grids_from_json(json, type_name)) {}
  /// From (name, JSON value texts) axes, one vector per grid.
  explicit ParameterGrid(std::vector<detail::GridAxes> grids) : grids_(std::move(grids)) {
    for (auto& g : grids_) {
      for (auto& [name, values] : g)
        for (auto& v : values) v = detail::canonical_json(v, type_name);
      detail::sort_axes(g, type_name);
    }
  }

  /// Number of candidates.
  std::size_t size() const noexcept {
    std::size_t total = 0;
    for (const auto& g : grids_) total += grid_size(g);
    return total;
  }
  /// Candidate `i` in iteration order, keys in reverse sorted order
  /// (scikit-learn's `__getitem__`).
  ParamSet operator[](std::size_t i) const {
    ParamSet p = at(i);
    std::reverse(p.begin(), p.end());
    return p;
  }
  /// Every candidate, in iteration order, keys sorted (scikit-learn's `__iter__`).
  std::vector<ParamSet> candidates() const {
    std::vector<ParamSet> out;
    const std::size_t n = size();
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(at(i));
    return out;
  }
  const std::vector<detail::GridAxes>& grids() const noexcept { return grids_; }

 private:
  ParamSet at(std::size_t i) const {
    for (const auto& g : grids_) {
      const std::size_t n = grid_size(g);
      if (i >= n) {
        i -= n;
        continue;
      }
      // Mixed radix, the last key fastest (itertools.product).
      ParamSet out(g.size());
      for (std::size_t k = g.size(); k-- > 0;) {
        const std::size_t m = g[k].second.size();
        out[k] = {g[k].first, g[k].second[i % m]};
        i /= m;
      }
      return out;
    }
    detail::throw_parameter(type_name, "ParameterGrid index out of range");
  }
  static std::size_t grid_size(const detail::GridAxes& g) {
    std::size_t n = 1;  // an empty grid is one empty candidate
    for (const auto& axis : g) n *= axis.second.size();
    return n;
  }
  std::vector<detail::GridAxes> grids_;
};

FEPIPE_NAMESPACE_END
