#include <doctest/doctest.h>

#include <string>

#include "fepipe/model_selection/shuffle_split.hpp"
#include "model_selection/split_reference.hpp"

namespace model_selection_shuffle_split_test {

using namespace fepipe;
using fepipe_test::error_message;

/// test_size / train_size of a case: a fraction, a number of rows, or unset.
SplitSize size_of(const fepipe_test::SplitCase& c, const std::string& part) {
  if (c.has(part + "_size")) return SplitSize::fraction_of(c.number(part + "_size"));
  if (c.has(part + "_rows")) return SplitSize::rows_of(c.count(part + "_rows"));
  return {};
}

TEST_CASE("ShuffleSplit gives scikit-learn's permutations for fractions, row counts and defaults") {
  for (const auto& c : fepipe_test::split_cases("ShuffleSplit")) {
    const ShuffleSplit ss({.n_splits = c.count("n_splits"),
                           .test_size = size_of(c, "test"),
                           .train_size = size_of(c, "train"),
                           .random_state = c.seed()});
    CHECK(ss.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, ss.split(c.count("n_samples")));
  }
}

TEST_CASE("StratifiedShuffleSplit gives scikit-learn's splits, ties in the class counts included") {
  for (const auto& c : fepipe_test::split_cases("StratifiedShuffleSplit")) {
    const StratifiedShuffleSplit sss({.n_splits = c.count("n_splits"),
                                      .test_size = size_of(c, "test"),
                                      .train_size = size_of(c, "train"),
                                      .random_state = c.seed()});
    CHECK(sss.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, sss.split(fepipe_test::split_input(c)));
  }
}

TEST_CASE("shuffle splitters refuse sizes scikit-learn refuses, naming the class and the size") {
  auto message = [](auto f) { return error_message(f); };
  CHECK_THROWS_AS(ShuffleSplit({.n_splits = 0}), ParameterError);
  CHECK(message([] { ShuffleSplit({.n_splits = 0}); }).find("n_splits") != std::string::npos);
  auto split = [](SplitSize test, SplitSize train, std::size_t n) {
    return ShuffleSplit({.n_splits = 2, .test_size = test, .train_size = train, .random_state = 0u}).split(n);
  };
  CHECK_THROWS_AS(split(SplitSize::fraction_of(0.0), {}, 10), ParameterError);
  CHECK_THROWS_AS(split(SplitSize::fraction_of(1.0), {}, 10), ParameterError);
  CHECK_THROWS_AS(split(SplitSize::rows_of(10), {}, 10), ParameterError);
  CHECK_THROWS_AS(split(SplitSize::rows_of(0), {}, 10), ParameterError);
  CHECK(message([&] { split(SplitSize::rows_of(10), {}, 10); }).find("test_size=10") != std::string::npos);
  CHECK_THROWS_AS(split({}, SplitSize::fraction_of(1.5), 10), ParameterError);
  CHECK(message([&] { split({}, SplitSize::fraction_of(1.5), 10); }).find("train_size=1.5") != std::string::npos);
  CHECK_THROWS_AS(split(SplitSize::fraction_of(0.6), SplitSize::fraction_of(0.5), 10), ParameterError);
  CHECK(message([&] { split(SplitSize::fraction_of(0.6), SplitSize::fraction_of(0.5), 10); }).find("sum") !=
        std::string::npos);
  CHECK_THROWS_AS(split(SplitSize::rows_of(6), SplitSize::rows_of(5), 10), ParameterError);
  // ceil(0.95 · 10) = 10 test rows leave no train row.
  CHECK_THROWS_AS(split(SplitSize::fraction_of(0.95), {}, 10), ParameterError);
  CHECK(message([&] { split(SplitSize::fraction_of(0.95), {}, 10); }).find("ShuffleSplit") != std::string::npos);

  Eigen::VectorXd y(10);
  y << 0, 0, 0, 0, 1, 1, 1, 1, 1, 2;
  const StratifiedShuffleSplit sss({.n_splits = 2, .test_size = SplitSize::fraction_of(0.3), .random_state = 0u});
  CHECK_THROWS_AS(sss.split(y), DataError);  // class 2 has one member
  CHECK(message([&] { sss.split(y); }).find("least populated class") != std::string::npos);
  y[9] = 1;
  const StratifiedShuffleSplit tiny_test({.n_splits = 2, .test_size = SplitSize::rows_of(1), .random_state = 0u});
  CHECK_THROWS_AS(tiny_test.split(y), ParameterError);
  CHECK(message([&] { tiny_test.split(y); }).find("test_size = 1") != std::string::npos);
  const StratifiedShuffleSplit tiny_train({.n_splits = 2, .train_size = SplitSize::rows_of(1), .random_state = 0u});
  CHECK_THROWS_AS(tiny_train.split(y), ParameterError);
  CHECK(message([&] { tiny_train.split(y); }).find("train_size = 1") != std::string::npos);
  y[3] = std::nan("");
  CHECK_THROWS_AS(sss.split(y), DataError);
  CHECK_THROWS_AS(StratifiedShuffleSplit({.n_splits = 0}), ParameterError);
}

}  // namespace model_selection_shuffle_split_test
