// The step registry: user steps registered with the one-line API, lookups,
// idempotent and conflicting registrations, the advice given for a class
// nobody registered, and lookups from many threads while classes register.

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <typeinfo>
#include <vector>

#include "fepipe/runtime/registry.hpp"
#include "runtime/runtime_support.hpp"
#include "support/builtins.hpp"

namespace runtime_registry_test {

namespace {
using runtime_support::PassThrough;
using Step0 = PassThrough<"RegistryTestStep0">;
using Step1 = PassThrough<"RegistryTestStep1">;
using Step2 = PassThrough<"RegistryTestStep2">;
using Step3 = PassThrough<"RegistryTestStep3">;
using Impostor = PassThrough<"RegistryTestStep0", 1>;  // another class of that name
}  // namespace

// A class template specialisation, at namespace scope.
FEPIPE_REGISTER_STEP(PassThrough<"RegistryTestStep0">);

TEST_CASE("user steps registered with FEPIPE_REGISTER_STEP are found by name") {
  for (const char* name : {"ElapsedTime", "Mapper", "TitanicFeatures", "ExtractLetter", "RegistryTestStep0"}) {
    INFO(name);
    const auto t = fepipe::find_step_type(name);
    REQUIRE(t.has_value());
    CHECK(t->type_name == name);
    CHECK(t->traits.transformer);
    CHECK_FALSE(t->traits.estimator);
  }
  const auto mapper = fepipe::find_step_type("Mapper").value();
  CHECK(*mapper.type == typeid(house_prices::Mapper));
  CHECK(mapper.traits.row_transformer);
  CHECK_FALSE(mapper.traits.feature_names);
  CHECK_FALSE(fepipe::find_step_type("RegistryTestStep0")->traits.row_transformer);
  CHECK(fepipe::make_step("ExtractLetter").holds<titanic::ExtractLetter>());
}

TEST_CASE("registering a class again is harmless; another class of the same name is an error") {
  const auto before = fepipe::registered_step_types();
  fepipe::register_step<Step0>();
  fepipe::register_step<house_prices::Mapper>();
  CHECK(fepipe::registered_step_types() == before);
  try {
    fepipe::register_step<Impostor>();
    FAIL("registering a second class under one name must throw");
  } catch (const fepipe::Error& e) {
    const std::string what = e.what();
    CHECK(what.rfind("register_step: two different classes have the type_name 'RegistryTestStep0' (", 0) == 0);
    CHECK(what.find("a model file could not tell them apart") != std::string::npos);
  }
  CHECK(*fepipe::find_step_type("RegistryTestStep0")->type == typeid(Step0));
}

TEST_CASE("a class nobody registered: the error says how to register it") {
  CHECK_FALSE(fepipe::find_step_type("NoSuchStep").has_value());
  CHECK_FALSE(fepipe::find_step_type("").has_value());
  try {
    (void)fepipe::make_step("NoSuchStep");
    FAIL("make_step of an unregistered class must throw");
  } catch (const fepipe::Error& e) {
    CHECK(std::string(e.what()) ==
          "make_step: step type 'NoSuchStep' is not registered: register its class with "
          "fepipe::register_step<NoSuchStep>() or FEPIPE_REGISTER_STEP(NoSuchStep) (fepipe/runtime/registry.hpp) "
          "before loading; the built-in classes are registered by including fepipe/runtime/builtins.hpp");
  }
  // A name that is no C++ name is quoted but not pasted into code.
  try {
    (void)fepipe::make_step("not a <name>");
    FAIL("make_step of an unregistered class must throw");
  } catch (const fepipe::Error& e) {
    const std::string what = e.what();
    CHECK(what.find("'not a <name>' is not registered") != std::string::npos);
    CHECK(what.find("fepipe::register_step<T>() or FEPIPE_REGISTER_STEP(T)") != std::string::npos);
  }
}

TEST_CASE("the spec hooks: filled for classes with Options when runtime/spec.hpp came first, else empty") {
#if FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS
  for (std::string_view name : fepipe::builtin_step_types) {
    INFO(name);
    const auto t = fepipe::find_step_type(name).value();
    CHECK(static_cast<bool>(t.from_params));
    CHECK(static_cast<bool>(t.params));
  }
  const auto lasso = fepipe::find_step_type("Lasso").value();
  const fepipe::DynamicStep step = lasso.from_params("model", R"({"alpha": 0.25})");
  CHECK(step.typed<fepipe::Lasso>().options().alpha == 0.25);
  CHECK(lasso.params(step).find("\"alpha\": 0.25") != std::string::npos);
  // A user step with Options, options() and a constructor from Options
  // (the course's Mapper) has them too; one without an Options struct has none.
  const auto mapper = fepipe::find_step_type("Mapper").value();
  REQUIRE(static_cast<bool>(mapper.from_params));
  const fepipe::DynamicStep mapped =
      mapper.from_params("quality", R"({"variables": ["ExterQual"], "mapping": {"Po": 1, "Ex": 5}})");
  const std::string params = mapper.params(mapped);
  CHECK(params.find(R"("variables": ["ExterQual"])") != std::string::npos);
  CHECK(params.find(R"("mapping": {"Ex": 5)") != std::string::npos);
  CHECK(mapper.params(mapper.from_params("again", params)) == params);
  CHECK_THROWS_WITH_AS(mapper.from_params("quality", R"({"variables": ["ExterQual"]})"),
                       "step 'quality' (Mapper): mapping is empty", fepipe::ParameterError);
  CHECK_FALSE(static_cast<bool>(fepipe::find_step_type("RegistryTestStep0")->from_params));
  CHECK_FALSE(static_cast<bool>(fepipe::find_step_type("RegistryTestStep0")->params));
#else
  for (const auto& name : fepipe::registered_step_types()) {
    INFO(name);
    const auto t = fepipe::find_step_type(name).value();
    CHECK_FALSE(static_cast<bool>(t.from_params));
    CHECK_FALSE(static_cast<bool>(t.params));
  }
#endif
}

TEST_CASE("lookups from many threads while classes register") {
  std::atomic<bool> go{false};
  std::atomic<int> found{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 6; ++t)
    readers.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < 2000; ++i) {
        if (fepipe::find_step_type("Lasso") && fepipe::find_step_type("ElapsedTime")) found.fetch_add(1);
        (void)fepipe::find_step_type("RegistryTestStep3");
      }
    });
  go = true;
  fepipe::register_step<Step1>();
  fepipe::register_step<Step2>();
  fepipe::register_step<Step3>();
  fepipe_test::register_builtin_steps();
  for (auto& r : readers) r.join();
  CHECK(found.load() == 6 * 2000);
  CHECK(fepipe::find_step_type("RegistryTestStep3").has_value());
}

}  // namespace runtime_registry_test
