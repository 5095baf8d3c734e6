#pragma once
/// @file
/// SpecSearchSpace: searching the options of a runtime pipeline given as a
/// spec document (runtime/pipeline_spec.hpp). A candidate's parameter
/// "<step name>__<option keyword>" (keywords as in docs/spec-options.md)
/// is written into that step's options object of the spec, and the
/// pipeline is rebuilt from the edited document, so every option a spec
/// knows is searchable and validated by the class's own checks.
///
/// Like runtime/, this is an optional part: it needs the spec machinery and
/// a registry with the classes (runtime/builtins.hpp), so it is not in the
/// umbrella header; include it after the registry's classes are available.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/model_selection/param_grid.hpp"
#include "fepipe/runtime/pipeline_spec.hpp"

FEPIPE_NAMESPACE_BEGIN

/// The searchable options of a pipeline spec, and the factory that builds
/// a candidate's pipeline.
class SpecSearchSpace {
 public:
  static constexpr std::string_view type_name = "search";

  /// Parses and builds the spec once (its errors are pipeline_from_spec's)
  /// and records every step's option keywords (get_params of the built
  /// pipeline: defaults included).
  explicit SpecSearchSpace(std::string spec_json) : spec_(std::move(spec_json)) {
    const DynamicPipeline p = pipeline_from_spec(spec_);
    root_ = detail::parse_spec_json(spec_);
    const detail::JsonValue full = detail::parse_spec_json(pipeline_to_spec(p));
    const detail::JsonValue& steps = full.items[0];
    for (std::size_t i = 0; i < steps.items.size(); ++i) {
      Step s;
      s.name = steps.items[i].items[0].text;
      const detail::JsonValue& opts = steps.items[i].items[1];
      for (std::size_t k = 0; k < opts.keys.size(); ++k)
        if (opts.keys[k] == "class")
          s.type = opts.items[k].text;
        else
          s.options.push_back(opts.keys[k]);
      steps_.push_back(std::move(s));
    }
  }

  /// "<step>__<option>" names; ParameterError for an unknown step (listing
  /// the steps) or option (listing the step's options).
  void check_name(const std::string& param) const { (void)locate(param); }

  /// The spec with the candidate's values written in.
  std::string spec_with(const ParamSet& params) const {
    detail::JsonValue root = root_;
    detail::JsonValue& steps = steps_of(root);
    for (const auto& [name, value] : params) {
      const auto [step, option] = locate(name);
      detail::JsonValue v;
      try {
        v = detail::parse_spec_json(value);
      } catch (const ParameterError& e) {
        detail::throw_parameter(type_name, "parameter '" + name + "': not a JSON value: " + e.what());
      }
      detail::JsonValue& opts = steps.items[step].items[1];
      bool set = false;
      for (std::size_t k = 0; k < opts.keys.size(); ++k)
        if (opts.keys[k] == option) {
          opts.items[k] = v;
          set = true;
        }
      if (!set) opts.add(option, std::move(v));
    }
    return detail::json_dump(root);
  }

  /// The unfitted pipeline of a candidate (the class's ParameterError,
  /// naming the step, for a value it refuses).
  DynamicPipeline build(const ParamSet& params) const { return pipeline_from_spec(spec_with(params)); }

  /// A ModelFactory<DynamicPipeline> for the searches (search.hpp); it
  /// shares nothing mutable, so threads may call it at once.
  auto factory() const {
    return [space = *this](const ParamSet& params) { return space.build(params); };
  }

  const std::string& spec() const noexcept { return spec_; }
  /// Every searchable parameter name, "<step>__<option>", in spec order.
  std::vector<std::string> parameter_names() const {
    std::vector<std::string> out;
    for (const auto& s : steps_)
      for (const auto& o : s.options) out.push_back(s.name + "__" + o);
    return out;
  }

 private:
  struct Step {
    std::string name, type;
    std::vector<std::string> options;
  };

  static detail::JsonValue& steps_of(detail::JsonValue& root) {
    for (std::size_t i = 0; i < root.keys.size(); ++i)
      if (root.keys[i] == "steps") return root.items[i];
    detail::throw_parameter(type_name, "the spec has no steps");
  }

  /// (step index, option keyword) of "<step>__<option>" (the step name is
  /// what precedes the first "__", as scikit-learn's set_params splits).
  std::pair<std::size_t, std::string> locate(const std::string& param) const {
    const std::size_t cut = param.find("__");
    std::string names;
    for (const auto& s : steps_) names += (names.empty() ? "" : ", ") + s.name;
    if (cut == std::string::npos)
      detail::throw_parameter(type_name, "parameter '" + param +
                                             "' must be '<step name>__<option>'; steps: " + names);
    const std::string step = param.substr(0, cut), option = param.substr(cut + 2);
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      if (steps_[i].name != step) continue;
      for (const auto& o : steps_[i].options)
        if (o == option) return {i, option};
      std::string valid;
      for (const auto& o : steps_[i].options) valid += (valid.empty() ? "" : ", ") + o;
      detail::throw_parameter(type_name, "parameter '" + param + "': step '" + step + "' (" + steps_[i].type +
                                             ") has no option '" + option + "'; valid options: " + valid);
    }
    detail::throw_parameter(type_name, "parameter '" + param + "': no step is named '" + step + "'; steps: " + names);
  }

  std::string spec_;
  detail::JsonValue root_;
  std::vector<Step> steps_;
};

FEPIPE_NAMESPACE_END
