// The built-in registry (runtime/builtins.hpp) holds every class the
// library ships, no more and no fewer, and each entry builds an unfitted
// step of its class.

// The family is one translation unit (a unity build): runtime/spec.hpp
// must be seen before the registry so that registrations carry its hooks
// (see runtime/registry.hpp). This file comes first.
#include "fepipe/runtime/spec.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "fepipe/runtime/registry.hpp"
// The catalogue (one fitted instance of every class): fepipe_test_catalogue,
// linked in (runtime.cmake).
#include "reliability/any_model.hpp"
#include "runtime/runtime_support.hpp"
#include "support/builtins.hpp"  // registered by support/builtins.cpp, linked in

namespace runtime_builtins_test {

namespace {

/// type_name of every class in the public headers of the step families
/// (include/fepipe/<family>/*.hpp, not detail/).
std::set<std::string> classes_in_headers() {
  namespace fs = std::filesystem;
  const fs::path include = fs::path(FEPIPE_TEST_DATA_DIR).parent_path().parent_path() / "include" / "fepipe";
  const std::string mark = "static constexpr std::string_view type_name = \"";
  std::set<std::string> out;
  for (const char* family :
       {"impute", "encode", "discretise", "transform", "outlier", "scale", "select", "create", "linear", "tree"}) {
    for (const auto& f : fs::directory_iterator(include / family)) {
      if (f.path().extension() != ".hpp") continue;
      std::ifstream in(f.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      for (std::size_t at = s.find(mark); at != std::string::npos; at = s.find(mark, at + 1)) {
        const std::size_t begin = at + mark.size();
        out.insert(s.substr(begin, s.find('"', begin) - begin));
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the built-in list is exactly the classes of the public headers") {
  const std::set<std::string> headers = classes_in_headers();
  CHECK(headers.size() >= 49);
  std::set<std::string> listed;
  for (std::string_view name : fepipe::builtin_step_types) {
    INFO(name);
    CHECK(listed.insert(std::string(name)).second);  // listed once
    CHECK(headers.count(std::string(name)) == 1);
  }
  for (const auto& name : headers) {
    INFO("class " << name << " of a public header is not in runtime/builtin_list.hpp");
    CHECK(listed.count(name) == 1);
  }
}

TEST_CASE("including builtins.hpp registers every built-in class") {
  const std::vector<std::string> registered = fepipe::registered_step_types();
  CHECK(std::is_sorted(registered.begin(), registered.end()));
  for (std::string_view name : fepipe::builtin_step_types) {
    INFO(name);
    const auto t = fepipe::find_step_type(name);
    REQUIRE(t.has_value());
    CHECK(t->type_name == name);
    CHECK(t->serial_version >= 1);
    CHECK(static_cast<bool>(t->make));
    CHECK((t->traits.transformer || t->traits.estimator));
    const fepipe::DynamicStep step = fepipe::make_step(name);
    CHECK(step.type_name() == name);
    CHECK(step.serial_version() == t->serial_version);
    CHECK_FALSE(step.is_fitted());
    CHECK(std::binary_search(registered.begin(), registered.end(), std::string(name)));
  }
  // Calling it again is a no-op.
  fepipe_test::register_builtin_steps();
  CHECK(fepipe::registered_step_types() == registered);
}

TEST_CASE("every class of the reliability catalogue is registered") {
  int classes = 0;
  for (const auto& e : fepipe_rel::catalogue()) {
    if (!e.dataset.empty()) continue;  // the course pipelines
    INFO(e.label);
    CHECK(fepipe::find_step_type(e.type_name).has_value());
    ++classes;
  }
  CHECK(classes >= 49);
}

TEST_CASE("the registry knows which built-ins predict, classify and filter rows") {
  auto traits = [](std::string_view name) { return fepipe::find_step_type(name).value().traits; };
  for (const char* name : {"Lasso", "DecisionTreeRegressor", "GradientBoostingRegressor", "HistGradientBoostingRegressor"}) {
    INFO(name);
    CHECK(traits(name).estimator);
    CHECK(traits(name).row_estimator);
    CHECK_FALSE(traits(name).classifier);
    CHECK_FALSE(traits(name).transformer);
  }
  for (const char* name : {"LogisticRegression", "DecisionTreeClassifier", "GradientBoostingClassifier",
                           "HistGradientBoostingClassifier"}) {
    INFO(name);
    CHECK(traits(name).classifier);
    CHECK(traits(name).row_classifier);
  }
  CHECK(traits("DropMissingData").row_filter);
  CHECK(traits("OutlierTrimmer").row_filter);
  CHECK_FALSE(traits("MeanMedianImputer").row_filter);
  CHECK(traits("OneHotEncoder").row_transformer);
  CHECK(traits("OneHotEncoder").feature_names);
  CHECK_FALSE(traits("OneHotEncoder").estimator);
}

}  // namespace runtime_builtins_test
