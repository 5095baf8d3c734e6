#pragma once
/// @file
/// The registry of step classes a runtime pipeline can build by name: a
/// model file names its steps by `type_name`, and `load_any_model` turns
/// each name into a DynamicStep through this registry.
///
/// Registering a class of yours (in any .cpp of the program, at namespace
/// scope):
/// @code
///   #include <fepipe/runtime/registry.hpp>
///   FEPIPE_REGISTER_STEP(my_app::ElapsedTime)
/// @endcode
/// or call `fepipe::register_step<my_app::ElapsedTime>()` before loading.
/// The built-in classes are registered by including
/// fepipe/runtime/builtins.hpp (or calling `register_builtin_steps()`).
///
/// Registration and lookup are thread-safe; registering a class twice is
/// harmless; two different classes with one type_name is an error.
///
/// Spec hooks. A registry entry has two more slots, `from_params` (build a
/// step from a JSON object of its options, keyword names as Python's) and
/// `params` (the step's options as a JSON object, get_params). They call
/// the two templates of `runtime/spec.hpp`,
/// @code
///   template <class Step> Step step_from_params(std::string_view step_name, std::string_view options_json_object);
///   template <class Step> std::string step_params_json(const Step&);
/// @endcode
/// and are filled when that header, which defines
/// `FEPIPE_RUNTIME_SPEC_AVAILABLE`, has been included before this one (so:
/// include fepipe/runtime/spec.hpp first in a file that registers classes
/// and wants their hooks), for every class that has what those templates
/// need (`Options`, `options()`, a constructor from Options); elsewhere the
/// slots stay null. `FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS` (0 or 1) records
/// which way this header was compiled.
/// An entry registered without hooks gains them when the class is registered
/// again with them; hooks are never removed.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/runtime/step.hpp"

#if defined(FEPIPE_RUNTIME_SPEC_AVAILABLE)
#define FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS 1
#else
#define FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS 0
#endif

FEPIPE_NAMESPACE_BEGIN

#if FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS
// Declared here so the hooks below can name them; runtime/spec.hpp defines them.
template <class Step>
Step step_from_params(std::string_view step_name, std::string_view options_json_object);
template <class Step>
std::string step_params_json(const Step& step);
#endif

/// One registered class.
struct StepType {
  std::string_view type_name;  ///< the class's type_name (static storage)
  std::uint32_t serial_version = 0;
  StepTraits traits;
  const std::type_info* type = nullptr;  ///< the C++ class, to tell two classes of one name apart
  /// A default-constructed (unfitted) step of the class: what a model file's
  /// content is loaded into.
  DynamicStep (*make)() = nullptr;
  /// runtime/spec.hpp hook: the step built from a JSON object of its options
  /// (`step_name` names it in error messages). Null without the spec header.
  DynamicStep (*from_params)(std::string_view step_name, std::string_view options_json_object) = nullptr;
  /// runtime/spec.hpp hook: the step's options as a JSON object (the
  /// step must hold this class). Null without the spec header.
  std::string (*params)(const DynamicStep& step) = nullptr;
};

namespace detail {

class StepRegistry {
 public:
  static StepRegistry& instance() {
    static StepRegistry registry;
    return registry;
  }

  void add(const StepType& t) {
    std::unique_lock lock(mutex_);
    auto [it, inserted] = types_.try_emplace(std::string(t.type_name), t);
    if (inserted) return;
    StepType& known = it->second;
    if (*known.type != *t.type)
      throw Error("register_step", "",
                  "two different classes have the type_name " + quote_label(t.type_name) + " (" + known.type->name() +
                      " and " + t.type->name() + "); a model file could not tell them apart");
    if (!known.from_params) known.from_params = t.from_params;
    if (!known.params) known.params = t.params;
  }

  std::optional<StepType> find(std::string_view type_name) const {
    std::shared_lock lock(mutex_);
    auto it = types_.find(type_name);
    if (it == types_.end()) return std::nullopt;
    return it->second;  // a copy: a later registration may fill its hooks
  }

  std::vector<std::string> names() const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    out.reserve(types_.size());
    for (const auto& [name, type] : types_) out.push_back(name);
    return out;
  }

 private:
  StepRegistry() = default;
  mutable std::shared_mutex mutex_;
  std::map<std::string, StepType, std::less<>> types_;
};

template <class Step>
DynamicStep make_default_step() {
  return DynamicStep(Step{});
}

#if FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS
// What the spec header's two templates need of a class (they are not
// constrained, so the registry checks): an Options struct, options() and a
// constructor from Options. User steps without them get no hooks.
template <class Step>
concept HasSpecHooks = requires(const Step& step, typename Step::Options options) {
  { step.options() } -> std::convertible_to<typename Step::Options>;
  Step(std::move(options));
};
template <class Step>
DynamicStep step_from_params_hook(std::string_view step_name, std::string_view options_json_object) {
  return DynamicStep(::fepipe::step_from_params<Step>(step_name, options_json_object));
}
template <class Step>
std::string step_params_hook(const DynamicStep& step) {
  return ::fepipe::step_params_json(step.typed<Step>());
}
#endif

/// "register it with ..." advice for a type name read from a file (shown
/// verbatim only when it is a plain C++ name).
inline std::string how_to_register(std::string_view type_name) {
  bool plain = !type_name.empty() && type_name.size() <= 128;
  for (char c : type_name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':'))
      plain = false;
  const std::string t = plain ? std::string(type_name) : std::string("T");
  return "register its class with fepipe::register_step<" + t + ">() or FEPIPE_REGISTER_STEP(" + t +
         ") (fepipe/runtime/registry.hpp) before loading; the built-in classes are registered by including "
         "fepipe/runtime/builtins.hpp";
}

}  // namespace detail

/// Registers class Step under its type_name (idempotent, thread-safe).
/// Throws fepipe::Error if another class has registered the same name.
/// `SpecHooks` fills the entry's spec hooks (see the file comment); leave
/// it at its default.
template <class Step, bool SpecHooks = FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS != 0>
void register_step() {
  static_assert(PipelineStep<Step>,
                "fepipe::register_step: Step must model fepipe::Transformer or fepipe::Estimator (core/concepts.hpp)");
  static_assert(Step::type_name != std::string_view("Pipeline"),
                "fepipe::register_step: a Pipeline cannot be a step of a runtime pipeline");
  StepType t;
  t.type_name = Step::type_name;
  t.serial_version = static_cast<std::uint32_t>(Step::serial_version);
  t.traits = StepTraits::of<Step>();
  t.type = &typeid(Step);
  t.make = &detail::make_default_step<Step>;
#if FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS
  if constexpr (SpecHooks && detail::HasSpecHooks<Step>) {
    t.from_params = &detail::step_from_params_hook<Step>;
    t.params = &detail::step_params_hook<Step>;
  }
#endif
  detail::StepRegistry::instance().add(t);
}

/// The registered class of that name, if any (a copy of its entry).
inline std::optional<StepType> find_step_type(std::string_view type_name) {
  return detail::StepRegistry::instance().find(type_name);
}

/// The type_name of every registered class, sorted.
inline std::vector<std::string> registered_step_types() { return detail::StepRegistry::instance().names(); }

/// A default-constructed step of the registered class `type_name`; throws
/// fepipe::Error naming the class and how to register it if none is.
inline DynamicStep make_step(std::string_view type_name) {
  const auto t = find_step_type(type_name);
  if (!t)
    throw Error("make_step", "",
                "step type " + detail::quote_label(type_name) + " is not registered: " +
                    detail::how_to_register(type_name));
  return t->make();
}

FEPIPE_NAMESPACE_END

#define FEPIPE_DETAIL_REGISTER_CAT2(a, b) a##b
#define FEPIPE_DETAIL_REGISTER_CAT(a, b) FEPIPE_DETAIL_REGISTER_CAT2(a, b)

/// Registers a step class at program start-up; use at namespace scope in a
/// .cpp that is linked into the program (an object file of a static library
/// that nothing else references is dropped by the linker, and its
/// registration with it: call fepipe::register_step<T>() from main then).
/// The argument may be a template specialisation with commas.
#define FEPIPE_REGISTER_STEP(...)                                                                  \
  [[maybe_unused]] static const bool FEPIPE_DETAIL_REGISTER_CAT(fepipe_registered_step_, __COUNTER__) = \
      (::fepipe::register_step<__VA_ARGS__>(), true)
