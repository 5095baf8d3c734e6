#pragma once
/// @file
/// The per-class bridge between a run-time pipeline spec and the step
/// classes: a step's options given as a JSON object of the reference
/// class's keyword arguments,
///
/// @code
///   {"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["BsmtQual"]}
///   {"class": "Lasso", "alpha": 0.001, "random_state": 0}
/// @endcode
///
/// become the class's Options (`step_from_params`), and back
/// (`step_params_json`, scikit-learn's get_params). The registry
/// (runtime/registry.hpp) calls them per class; the docs page
/// docs/spec-options.md comes from `step_options_doc`.
///
/// Options are declared once: the keywords, their JSON forms and defaults
/// come from walking each Options struct's `serialize` (the list model
/// files use; FEPIPE_NVP names are the keywords), with the value forms of
/// runtime/detail/spec_codec.hpp. Where the reference class spells an
/// option differently, the class declares a `spec_keywords` table
/// (fepipe/core/spec_keyword.hpp) next to its Options.
///
/// Every problem is a ParameterError whose message starts with the step:
/// `step 'imputer' (CategoricalImputer): unknown option 'imputation';
/// accepted: imputation_method, fill_value, ...`. Unknown options, values of
/// the wrong JSON type, unknown enum values, numbers out of their type's
/// range, NaN (and ±Infinity outside lists and dicts), keys given twice and
/// invalid JSON are refused here; everything else the class's constructor
/// validates, as it does for C++ callers.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/runtime/detail/spec_codec.hpp"
#include "fepipe/core/spec_keyword.hpp"

/// The registry (runtime/registry.hpp) fills its per-class spec hooks when
/// this header is available.
#define FEPIPE_RUNTIME_SPEC_AVAILABLE 1

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// A class constructor's ParameterError, re-said for the step: the class's
/// own "Class: " prefix gives way to the spec's "step 'name' (Class): ".
[[noreturn]] inline void spec_rethrow(const SpecContext& ctx, const ParameterError& e) {
  std::string_view what = e.what();
  const std::string prefix = ctx.cls + ": ";
  if (what.substr(0, prefix.size()) == prefix) what.remove_prefix(prefix.size());
  ctx.fail(std::string(what));
}

template <class Step>
std::vector<SpecField> spec_step_fields(typename Step::Options& options) {
  return spec_fields<Step>(options);
}

}  // namespace detail

/// Builds a `Step` from a JSON object of its options (keyword → value; a
/// "class" key is skipped: the registry reads it). Options not given keep
/// their defaults. `step_name` is the step's name in the pipeline, for
/// messages. ParameterError on anything the options cannot be (see the
/// file comment), including what the class's constructor rejects.
template <class Step>
Step step_from_params(std::string_view step_name, std::string_view options_json_object) {
  using Options = typename Step::Options;
  const detail::SpecContext ctx{std::string(step_name), std::string(Step::type_name)};
  detail::JsonValue root;
  try {
    root = detail::parse_spec_json(options_json_object);
  } catch (const ParameterError& e) {
    ctx.fail(e.what());
  }
  if (root.kind != detail::JsonValue::Kind::object)
    ctx.fail("the options must be a JSON object, got " + detail::json_brief(root));
  Options options{};
  {
    std::vector<detail::SpecField> fields = detail::spec_step_fields<Step>(options);
    detail::spec_read_object(root, fields, ctx, nullptr);
  }
  try {
    return Step(std::move(options));
  } catch (const ParameterError& e) {
    detail::spec_rethrow(ctx, e);
  }
}

/// The step's options as a JSON object of keywords (scikit-learn's
/// get_params, without "class"): every keyword, defaults included, in the
/// order the class declares them; `step_from_params` reads it back to the
/// same options. ParameterError if the options hold a combination the
/// reference keywords cannot express (two fields sharing one keyword both
/// set, or a field with no keyword off its default).
template <class Step>
std::string step_params_json(const Step& step) {
  using Options = typename Step::Options;
  Options current = step.options(), defaults{};
  const std::vector<detail::SpecField> fields = detail::spec_step_fields<Step>(current);
  const std::vector<detail::SpecField> fresh = detail::spec_step_fields<Step>(defaults);
  return detail::json_dump(detail::spec_write_object(fields, fresh, Step::type_name));
}

/// One row per keyword (and per key of a nested option object, as
/// "parent.key"): its JSON forms, default and C++ field(s).
template <class Step>
std::vector<SpecOptionDoc> step_options() {
  using Options = typename Step::Options;
  Options a{}, b{};
  const std::vector<detail::SpecField> fields = detail::spec_step_fields<Step>(a);
  const std::vector<detail::SpecField> defaults = detail::spec_step_fields<Step>(b);
  return detail::spec_docs(fields, defaults, "", Step::type_name);
}

namespace detail {

/// Text for a cell of a GitHub-flavoured Markdown table: a code span
/// (backticks inside become a longer fence) with '|' escaped, which
/// tables need even inside code.
inline std::string spec_md_code(std::string_view text) {
  if (text.empty()) return "";
  std::string fence = "`";
  while (text.find(fence) != std::string_view::npos) fence += '`';
  std::string out = fence;
  if (text.front() == '`' || text.back() == '`') out += ' ';
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  if (text.front() == '`' || text.back() == '`') out += ' ';
  return out + fence;
}

}  // namespace detail

/// The Markdown section of docs/spec-options.md for `Step`: a heading and
/// a table of keyword, accepted JSON, default and (where it differs from
/// the keyword) the C++ field.
template <class Step>
std::string step_options_doc() {
  std::string out = "### " + std::string(Step::type_name) + "\n\n";
  const auto rows = step_options<Step>();
  if (rows.empty()) return out + "No options.\n";
  out += "| keyword | accepts | default | C++ field |\n| --- | --- | --- | --- |\n";
  for (const SpecOptionDoc& r : rows) {
    const std::string last = r.keyword.substr(r.keyword.rfind('.') + 1);
    std::string fields;
    if (r.fields.size() != 1 || r.fields.front() != last)
      for (const std::string& f : r.fields) fields += (fields.empty() ? "" : ", ") + detail::spec_md_code(f);
    out += "| " + detail::spec_md_code(r.keyword) + " | " + detail::spec_md_code(r.type) + " | " +
           detail::spec_md_code(r.default_value) + " | " + fields + " |\n";
  }
  return out;
}

FEPIPE_NAMESPACE_END
