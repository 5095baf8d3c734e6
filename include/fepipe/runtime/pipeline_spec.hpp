#pragma once
/// @file
/// A whole runtime pipeline from one JSON document, and back:
///
/// @code
///   {"steps": [["imputer", {"class": "CategoricalImputer", "imputation_method": "missing",
///                           "variables": ["BsmtQual"]}],
///              ["lasso", {"class": "Lasso", "alpha": 0.001}]]}
/// @endcode
///
/// Each step is a [name, options] pair; the options object names the
/// registered class under "class" and gives the class's keywords (as the
/// reference's Python keyword arguments, see docs/spec-options.md). The
/// per-class work is the registry's spec hooks (runtime/spec.hpp, included
/// here before the registry so that the hooks exist); this file only reads
/// the document's frame and names the step in every error.
///
/// Every problem is a ParameterError: the document's shape, an unknown
/// class (the message lists the registered ones), a class registered
/// without spec hooks, and whatever the class's options refuse.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/runtime/spec.hpp"  // before the registry: fills its spec hooks
#include "fepipe/runtime/registry.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

[[noreturn]] FEPIPE_COLD inline void spec_fail(const std::string& what) { throw ParameterError("pipeline spec: " + what); }

inline std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

}  // namespace detail

/// Builds the (unfitted) pipeline a spec document describes. The classes
/// must be registered (runtime/builtins.hpp for the built-ins) with spec
/// hooks; the pipeline checks (only the last step may be an estimator,
/// unique names) apply as to any DynamicPipeline.
inline DynamicPipeline pipeline_from_spec(std::string_view spec_json) {
  using K = detail::JsonValue::Kind;
  detail::JsonValue root;
  try {
    root = detail::parse_spec_json(spec_json);
  } catch (const ParameterError& e) {
    detail::spec_fail(e.what());
  }
  if (root.kind != K::object) detail::spec_fail("the document must be a JSON object, got " + detail::json_brief(root));
  const detail::JsonValue* steps = nullptr;
  for (std::size_t i = 0; i < root.keys.size(); ++i) {
    if (root.keys[i] == "steps")
      steps = &root.items[i];
    else
      detail::spec_fail("unknown key " + detail::quote_label(root.keys[i]) + "; accepted: steps");
  }
  if (!steps) detail::spec_fail("the document has no \"steps\"");
  if (steps->kind != K::array || steps->items.empty())
    detail::spec_fail("\"steps\" must be a non-empty array of [name, options] pairs, got " +
                      detail::json_brief(*steps));

  std::vector<std::pair<std::string, DynamicStep>> built;
  built.reserve(steps->items.size());
  for (std::size_t i = 0; i < steps->items.size(); ++i) {
    const detail::JsonValue& pair = steps->items[i];
    if (pair.kind != K::array || pair.items.size() != 2 || pair.items[0].kind != K::string)
      detail::spec_fail("step " + std::to_string(i) + " must be a [name, options] pair, got " +
                        detail::json_brief(pair));
    const std::string& name = pair.items[0].text;
    const detail::JsonValue& options = pair.items[1];
    const std::string where = "step " + detail::quote_label(name);
    if (options.kind != K::object)
      detail::spec_fail(where + ": the options must be a JSON object, got " + detail::json_brief(options));
    const detail::JsonValue* cls = nullptr;
    for (std::size_t k = 0; k < options.keys.size(); ++k)
      if (options.keys[k] == "class") cls = &options.items[k];
    if (!cls) detail::spec_fail(where + ": the options have no \"class\"");
    if (cls->kind != K::string) detail::spec_fail(where + ": \"class\" must be a string, got " + detail::json_brief(*cls));
    const auto type = find_step_type(cls->text);
    if (!type)
      detail::spec_fail(where + ": unknown class " + detail::quote_label(cls->text) + "; registered classes: " +
                        detail::joined(registered_step_types()));
    if (!type->from_params)
      detail::spec_fail(where + ": class " + detail::quote_label(cls->text) +
                        " cannot be built from a spec: it was registered without spec hooks (it needs an Options "
                        "struct, options() and a constructor from Options, and fepipe/runtime/spec.hpp included "
                        "before registering it)");
    // from_params names the step itself: "step 'name' (Class): ...".
    built.emplace_back(name, type->from_params(name, detail::json_dump(options)));
  }
  return DynamicPipeline(std::move(built));
}

/// The spec document of a pipeline (its steps' names, classes and every
/// option, defaults included): pipeline_from_spec reads it back to the same
/// steps. ParameterError naming the step if a class has no spec hooks.
inline std::string pipeline_to_spec(const DynamicPipeline& pipeline) {
  std::string out = "{\"steps\": [";
  for (std::size_t i = 0; i < pipeline.size(); ++i) {
    const DynamicStep& step = pipeline.step(i);
    const std::string where = "step " + detail::quote_label(pipeline.step_name(i));
    const auto type = find_step_type(step.type_name());
    if (!type)
      detail::spec_fail(where + ": class " + detail::quote_label(step.type_name()) + " is not registered");
    if (!type->params)
      detail::spec_fail(where + ": class " + detail::quote_label(step.type_name()) +
                        " cannot be written as a spec: it was registered without spec hooks");
    detail::JsonValue options = detail::parse_spec_json(type->params(step));
    detail::JsonValue obj = detail::JsonValue::object();
    obj.add("class", detail::JsonValue::from_string(std::string(step.type_name())));
    for (std::size_t k = 0; k < options.keys.size(); ++k) obj.add(options.keys[k], std::move(options.items[k]));
    // Appended piece by piece: GCC 12 inlines "[" + std::string&& into a
    // memcpy it cannot bound and warns (-Wstringop-overflow, a false positive).
    if (i) out += ", ";
    out += '[';
    out += detail::json_quote(pipeline.step_name(i));
    out += ", ";
    out += detail::json_dump(obj);
    out += ']';
  }
  return out + "]}";
}

FEPIPE_NAMESPACE_END
