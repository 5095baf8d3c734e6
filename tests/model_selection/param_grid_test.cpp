#include <doctest/doctest.h>

#include <string>

#include "fepipe/model_selection/param_grid.hpp"
#include "model_selection/search_reference.hpp"

namespace model_selection_param_grid_test {

using namespace fepipe;
using fepipe_test::error_message;

TEST_CASE("ParameterGrid enumerates scikit-learn's candidates in its order") {
  const auto cases = fepipe_test::rows_by_variable("grid__cases.csv");
  const auto params = fepipe_test::rows_by_variable("grid__params.csv");
  REQUIRE(cases.size() == 3);
  for (const auto& [name, rows] : cases) {
    INFO("case " << name);
    const ParameterGrid grid(rows.at(0).text);
    const auto& expected = params.at(name);
    REQUIRE(grid.size() == expected.size());
    const auto all = grid.candidates();
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(params_json(all[i]) == expected[i].text);
      // operator[] (scikit-learn's __getitem__): the same values, keys reversed.
      ParamSet reversed = grid[i];
      std::reverse(reversed.begin(), reversed.end());
      CHECK(reversed == all[i]);
    }
  }
}

TEST_CASE("ParameterGrid built from C++ axes sorts keys and canonicalises values") {
  const ParameterGrid grid(std::vector<detail::GridAxes>{{{"b__x", {"1", "2"}}, {"a__y", {"\"p\"", " true "}}}});
  REQUIRE(grid.size() == 4);
  CHECK(params_json(grid.candidates()[1]) == R"({"a__y": "p", "b__x": 2})");
  CHECK(params_json(grid.candidates()[3]) == R"({"a__y": true, "b__x": 2})");
  CHECK(*find_param(grid[0], "a__y") == "\"p\"");
  CHECK(find_param(grid[0], "c") == nullptr);
}

TEST_CASE("ParameterGrid refuses what scikit-learn refuses") {
  CHECK(error_message<ParameterError>([] { ParameterGrid g(R"({"a__x": []})"); })
            .find("need to be a non-empty sequence") != std::string::npos);
  CHECK(error_message<ParameterError>([] { ParameterGrid g(R"({"a__x": 3})"); }).find("'a__x'") != std::string::npos);
  CHECK(error_message<ParameterError>([] { ParameterGrid g("[1]"); }).find("JSON object") != std::string::npos);
  CHECK(error_message<ParameterError>([] { ParameterGrid g("{"); }).find("not JSON") != std::string::npos);
  CHECK_THROWS_AS((void)ParameterGrid(R"({"a": [1]})")[1], ParameterError);
}

}  // namespace model_selection_param_grid_test
