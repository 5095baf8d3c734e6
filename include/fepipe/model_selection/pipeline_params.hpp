#pragma once
/// @file
/// scikit-learn's set_params for a compile-time Pipeline, so the searches
/// (model_selection/search.hpp) tune one without a hand-written setter:
///
/// @code
///   GridSearchCV<decltype(pipe)> search(with_pipeline_params(pipe),
///       ParameterGrid(R"({"Lasso__alpha": [0.001, 0.01], "12__tol": [0.01, 0.05]})"));
/// @endcode
///
/// A parameter is "<step>__<option>": the step by its index in the
/// pipeline or by its class's type_name (when one step has that class),
/// the option by its spec keyword (docs/spec-options.md; the names
/// scikit-learn and feature-engine use), the value as JSON. The step is
/// rebuilt from its current options with that one changed, through the
/// same code a runtime spec uses (runtime/spec.hpp), so the class's own
/// checks refuse a bad value with a ParameterError naming the step.
///
/// Like runtime/, an optional part (it needs the spec machinery): not in
/// the umbrella header.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/model_selection/search.hpp"
#include "fepipe/runtime/spec.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// A step whose options the spec can read and write (runtime/registry.hpp's
/// condition for the spec hooks).
template <class Step>
concept SettableStep = requires(const Step& step, typename Step::Options options) {
  { step.options() } -> std::convertible_to<typename Step::Options>;
  Step(std::move(options));
};

/// `step` rebuilt with option `option` set to the JSON `value`.
template <class Step>
void set_step_option(Step& step, std::size_t index, const std::string& param, const std::string& option,
                     const std::string& value) {
  const std::string label = std::to_string(index);
  const std::string where = "set_params: step " + label + " (" + std::string(Step::type_name) + ")";
  if constexpr (!SettableStep<Step>) {
    (void)step;
    (void)option;
    (void)value;
    throw_parameter(where, "parameter '" + param + "': the class has no options to set");
  } else {
    JsonValue params = parse_spec_json(step_params_json(step));
    JsonValue v;
    try {
      v = parse_spec_json(value);
    } catch (const ParameterError& e) {
      throw_parameter(where, "parameter '" + param + "': not a JSON value: " + e.what());
    }
    std::string valid;
    for (std::size_t k = 0; k < params.keys.size(); ++k) {
      if (params.keys[k] == option) {
        params.items[k] = std::move(v);
        step = step_from_params<Step>(label, json_dump(params));
        return;
      }
      valid += (valid.empty() ? "" : ", ") + params.keys[k];
    }
    throw_parameter(where, "parameter '" + param + "': no option '" + option + "'; options: " + valid);
  }
}

}  // namespace detail

/// Sets one "<step>__<option>" parameter (value: JSON) of `pipe`, which
/// must not be fitted yet (a search's candidates never are). ParameterError
/// for an unknown or ambiguous step, an unknown option or a value the
/// class refuses.
template <class... Steps>
void set_pipeline_param(Pipeline<Steps...>& pipe, const std::string& param, const std::string& value) {
  constexpr std::size_t n = sizeof...(Steps);
  const std::size_t cut = param.find("__");
  std::string steps;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((steps += (I ? ", " : "") + std::to_string(I) + " " + std::string(Steps::type_name)), ...);
  }(std::index_sequence_for<Steps...>{});
  if (cut == std::string::npos || cut == 0)
    detail::throw_parameter("set_params", "parameter '" + param +
                                              "' must be '<step index or class>__<option>'; steps: " + steps);
  const std::string key = param.substr(0, cut), option = param.substr(cut + 2);
  // The step: by index, else by class (one step of that class only).
  std::vector<std::size_t> matches;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((key == std::to_string(I) || key == Steps::type_name ? matches.push_back(I) : void()), ...);
  }(std::index_sequence_for<Steps...>{});
  if (matches.empty())
    detail::throw_parameter("set_params", "parameter '" + param + "': no step '" + key + "'; steps: " + steps);
  if (matches.size() > 1) {
    std::string which;
    for (std::size_t i : matches) which += (which.empty() ? "" : ", ") + std::to_string(i);
    detail::throw_parameter("set_params", "parameter '" + param + "': steps " + which + " are " + key +
                                              "; name one by its index ('<index>__" + option + "')");
  }
  if (pipe.is_fitted()) detail::throw_parameter("set_params", "the pipeline is fitted; set options before fit");
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((I == matches[0] ? detail::set_step_option(pipe.template step<I>(), I, param, option, value) : void()), ...);
  }(std::make_index_sequence<n>{});
}

/// A ModelFactory for the searches: copies `prototype` (unfitted) and sets
/// each candidate's parameters with set_pipeline_param.
template <class... Steps>
ModelFactory<Pipeline<Steps...>> with_pipeline_params(Pipeline<Steps...> prototype) {
  return with_params(std::move(prototype), [](Pipeline<Steps...>& p, const std::string& name,
                                              const std::string& value) { set_pipeline_param(p, name, value); });
}

FEPIPE_NAMESPACE_END
