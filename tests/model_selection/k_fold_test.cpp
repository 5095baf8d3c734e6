#include <doctest/doctest.h>

#include <string>

#include "fepipe/model_selection/k_fold.hpp"
#include "model_selection/split_reference.hpp"

namespace model_selection_k_fold_test {

using namespace fepipe;
using fepipe_test::error_message;

TEST_CASE("KFold gives scikit-learn's folds, shuffled or not") {
  for (const auto& c : fepipe_test::split_cases("KFold")) {
    const KFold kf({.n_splits = c.count("n_splits"), .shuffle = c.shuffle(), .random_state = c.seed()});
    CHECK(kf.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, kf.split(c.count("n_samples")));
  }
}

TEST_CASE("StratifiedKFold gives scikit-learn's folds for uneven and unsorted classes") {
  for (const auto& c : fepipe_test::split_cases("StratifiedKFold")) {
    const StratifiedKFold skf({.n_splits = c.count("n_splits"), .shuffle = c.shuffle(), .random_state = c.seed()});
    CHECK(skf.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, skf.split(fepipe_test::split_input(c)));
  }
}

TEST_CASE("RepeatedKFold draws every repetition from one generator, as scikit-learn") {
  for (const auto& c : fepipe_test::split_cases("RepeatedKFold")) {
    const RepeatedKFold rkf(
        {.n_splits = c.count("n_splits"), .n_repeats = c.count("n_repeats"), .random_state = c.seed()});
    CHECK(rkf.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, rkf.split(c.count("n_samples")));
  }
}

TEST_CASE("GroupKFold places groups of unequal and tied sizes as scikit-learn") {
  for (const auto& c : fepipe_test::split_cases("GroupKFold")) {
    const GroupKFold gkf({.n_splits = c.count("n_splits")});
    CHECK(gkf.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, gkf.split(fepipe_test::split_input(c)));
  }
}

TEST_CASE("numpy_argsort orders ties as numpy's quicksort and heapsort") {
  const auto read = [](const char* part) {
    std::vector<std::int64_t> out;
    for (const auto& row : fepipe_test::read_attribute(std::string("model_selection/argsort__") + part + ".csv"))
      out.push_back(static_cast<std::int64_t>(row.value));
    return out;
  };
  const std::vector<std::int64_t> values = read("input");
  const std::vector<std::int64_t> quick = read("quicksort"), heap = read("heapsort");
  const auto as_int = [](const std::vector<std::size_t>& v) { return std::vector<std::int64_t>(v.begin(), v.end()); };
  CHECK(as_int(detail::numpy_argsort(values)) == quick);
  CHECK(as_int(detail::numpy_argsort(values, -1)) == heap);
  for (std::size_t n : {0u, 1u, 2u, 16u, 17u, 18u}) {
    const std::vector<std::int64_t> head(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
    const auto idx = detail::numpy_argsort(head);
    REQUIRE(idx.size() == n);
    for (std::size_t i = 1; i < n; ++i) CHECK(head[idx[i - 1]] <= head[idx[i]]);
  }
}

TEST_CASE("k-fold splitters refuse bad options and data, naming the class and parameter") {
  CHECK_THROWS_AS(KFold({.n_splits = 1}), ParameterError);
  CHECK(error_message([] { KFold({.n_splits = 1}); }).find("n_splits") != std::string::npos);
  CHECK(error_message([] { KFold({.n_splits = 1}); }).find("KFold") != std::string::npos);
  CHECK_THROWS_AS(KFold({.n_splits = 3, .shuffle = false, .random_state = 1u}), ParameterError);
  CHECK(error_message([] { KFold({.n_splits = 3, .random_state = 1u}); }).find("random_state") != std::string::npos);
  CHECK_THROWS_AS(KFold({.n_splits = 5}).split(4), ParameterError);
  CHECK(error_message([] { KFold({.n_splits = 5}).split(4); }).find("n_samples=4") != std::string::npos);

  CHECK_THROWS_AS(StratifiedKFold({.n_splits = 0}), ParameterError);
  CHECK_THROWS_AS(StratifiedKFold({.n_splits = 2, .random_state = 3u}), ParameterError);
  Eigen::VectorXd few(6);
  few << 0, 0, 1, 1, 2, 2;
  // Every class smaller than n_splits (scikit-learn only warns when some are).
  CHECK_THROWS_AS(StratifiedKFold({.n_splits = 3}).split(few), ParameterError);
  CHECK(error_message([&] { StratifiedKFold({.n_splits = 3}).split(few); }).find("n_splits=3") != std::string::npos);
  Eigen::VectorXd continuous(4);
  continuous << 0.5, 1, 0, 1;
  CHECK_THROWS_AS(StratifiedKFold({.n_splits = 2}).split(continuous), DataError);
  CHECK(error_message([&] { StratifiedKFold({.n_splits = 2}).split(continuous); }).find("StratifiedKFold") !=
        std::string::npos);
  Eigen::VectorXd with_nan(4);
  with_nan << 0, 1, std::nan(""), 1;
  CHECK_THROWS_AS(StratifiedKFold({.n_splits = 2}).split(with_nan), DataError);
  CHECK_THROWS_AS(StratifiedKFold({.n_splits = 7}).split(few), ParameterError);
  CHECK(error_message([&] { StratifiedKFold({.n_splits = 7}).split(few); }).find("n_samples=6") != std::string::npos);

  CHECK_THROWS_AS(RepeatedKFold({.n_splits = 1}), ParameterError);
  CHECK_THROWS_AS(RepeatedKFold({.n_splits = 2, .n_repeats = 0}), ParameterError);
  CHECK(error_message([] { RepeatedKFold({.n_splits = 2, .n_repeats = 0}); }).find("n_repeats") != std::string::npos);
  CHECK_THROWS_AS(RepeatedKFold({.n_splits = 4, .random_state = 0u}).split(3), ParameterError);

  CHECK_THROWS_AS(GroupKFold({.n_splits = 1}), ParameterError);
  Eigen::VectorXd groups(5);
  groups << 1, 1, 2, 2, 2;
  CHECK_THROWS_AS(GroupKFold({.n_splits = 3}).split(groups), ParameterError);
  CHECK(error_message([&] { GroupKFold({.n_splits = 3}).split(groups); }).find("number of groups: 2") !=
        std::string::npos);
  groups[0] = std::nan("");
  CHECK_THROWS_AS(GroupKFold({.n_splits = 2}).split(groups), DataError);
  CHECK(error_message([&] { GroupKFold({.n_splits = 2}).split(groups); }).find("groups") != std::string::npos);
}

}  // namespace model_selection_k_fold_test
