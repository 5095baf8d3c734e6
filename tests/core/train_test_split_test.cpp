#include <doctest/doctest.h>

#include <string>

#include "fepipe/core/train_test_split.hpp"
#include "support/reference.hpp"

namespace core_train_test_split_test {

using namespace fepipe;

TEST_CASE("train_test_split selects scikit-learn's rows for the same random_state") {
  struct Case {
    std::size_t n;
    double test_size;
    std::uint32_t seed;
  };
  for (const Case& c : {Case{1460, 0.1, 0}, Case{1309, 0.2, 0}, Case{10, 0.25, 42}, Case{1000, 0.33, 123},
                        Case{7, 0.5, 4294967295u}, Case{20000, 0.1, 7}}) {
    const std::string base = "core/split_n" + std::to_string(c.n) + "_seed" + std::to_string(c.seed);
    const auto train = fepipe_test::read_attribute(base + "__train.csv");
    const auto test = fepipe_test::read_attribute(base + "__test.csv");
    const auto idx = train_test_split_indices(c.n, {.test_size = c.test_size, .random_state = c.seed});
    INFO(base);
    REQUIRE(idx.train.size() == train.size());
    REQUIRE(idx.test.size() == test.size());
    for (std::size_t i = 0; i < train.size(); ++i) CHECK(idx.train[i] == static_cast<std::size_t>(train[i].value));
    for (std::size_t i = 0; i < test.size(); ++i) CHECK(idx.test[i] == static_cast<std::size_t>(test[i].value));
  }
}

TEST_CASE("train_test_split keeps X and y aligned; options are checked") {
  Frame X;
  X.add("v", Column::numeric({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  Target y(10);
  for (int i = 0; i < 10; ++i) y[i] = 100.0 + i;
  const auto s = train_test_split(X, y, {.test_size = 0.3, .random_state = 1u});
  CHECK(s.X_test.rows() == 3);
  for (std::size_t r = 0; r < s.X_train.rows(); ++r)
    CHECK(s.y_train[static_cast<Eigen::Index>(r)] == 100.0 + s.X_train.numeric("v")[r]);
  const auto ordered = train_test_split_indices(10, {.test_size = 0.3, .shuffle = false});
  CHECK(ordered.test == std::vector<std::size_t>{7, 8, 9});
  CHECK_THROWS_AS(train_test_split_indices(10, {.test_size = 0.0}), ParameterError);
  CHECK_THROWS_AS(train_test_split_indices(10, {.test_size = 1.5}), ParameterError);
  CHECK_THROWS_AS(train_test_split_indices(1, {.test_size = 0.5}), ParameterError);
  CHECK_THROWS_AS(train_test_split(X, Target(3), {}), SchemaError);
}

}  // namespace core_train_test_split_test
