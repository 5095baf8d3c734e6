#include <doctest/doctest.h>

#include <string>

#include "fepipe/model_selection/distributions.hpp"
#include "model_selection/search_reference.hpp"

namespace model_selection_distributions_test {

using namespace fepipe;
using fepipe_test::error_message;

TEST_CASE("ParameterSampler draws scikit-learn's candidates for the same seed") {
  const auto cases = fepipe_test::rows_by_variable("sampler__cases.csv");
  const auto params = fepipe_test::rows_by_variable("sampler__params.csv");
  REQUIRE(cases.size() == 7);
  for (const auto& [name, rows] : cases) {
    INFO("case " << name);
    std::string dists;
    std::size_t n_iter = 0;
    std::uint32_t seed = 0;
    for (const auto& r : rows) {
      if (r.key == "dists") dists = r.text;
      if (r.key == "n_iter") n_iter = static_cast<std::size_t>(r.value);
      if (r.key == "seed") seed = static_cast<std::uint32_t>(r.value);
    }
    const ParameterSampler sampler(dists, n_iter, seed);
    const auto got = sampler.candidates();
    const auto& expected = params.at(name);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(params_json(got[i]) == expected[i].text);
  }
}

TEST_CASE("sample_without_replacement covers its three methods without repeats") {
  for (std::size_t n : {1u, 5u, 50u, 99u, 100u}) {
    detail::NumpyRandomState rng(3);
    auto s = sample_without_replacement(100, n, rng);
    std::sort(s.begin(), s.end());
    CHECK(s.size() == n);
    CHECK(std::adjacent_find(s.begin(), s.end()) == s.end());
    CHECK((s.empty() || s.back() < 100));
  }
  detail::NumpyRandomState rng(0);
  CHECK_THROWS_AS(sample_without_replacement(3, 4, rng), ParameterError);
}

TEST_CASE("distributions refuse bad parameters, naming the parameter") {
  CHECK_THROWS_AS(Distribution::uniform(0, 0), ParameterError);
  CHECK_THROWS_AS(Distribution::loguniform(0, 1), ParameterError);
  CHECK_THROWS_AS(Distribution::loguniform(2, 1), ParameterError);
  CHECK_THROWS_AS(Distribution::randint(3, 3), ParameterError);
  CHECK_THROWS_AS(Distribution::choices({}), ParameterError);
  CHECK(error_message<ParameterError>([] { ParameterSampler s(R"({"a__x": {"normal": [0, 1]}})", 2, 0); })
            .find("'a__x'") != std::string::npos);
  CHECK(error_message<ParameterError>([] { ParameterSampler s(R"({"a__x": {"randint": [0.5, 3]}})", 2, 0); })
            .find("'a__x'") != std::string::npos);
  CHECK(error_message<ParameterError>([] { ParameterSampler s(R"({"a__x": []})", 2, 0); }).find("empty") !=
        std::string::npos);
  // Without a seed: n_iter candidates within the distribution's support.
  for (const auto& p : ParameterSampler(R"({"k": {"randint": [3, 5]}})", 20, std::nullopt).candidates())
    CHECK((p[0].second == "3" || p[0].second == "4"));
}

}  // namespace model_selection_distributions_test
