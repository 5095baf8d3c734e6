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

TEST_CASE("numpy_argsort sorts past the insertion-sort cutoff and at it") {
  // The order of ties is checked against numpy by the GroupKFold case
  // gkf_ties_4 (30 groups of sizes 1-3: the partitioning path decides which
  // of the equal groups goes first); here, that the result is a sorting
  // permutation for sizes around numpy's cutoff of 16.
  for (int n : {0, 1, 2, 16, 17, 18, 40, 1000}) {
    std::vector<std::int64_t> v;
    for (int i = 0; i < n; ++i) v.push_back((i * 7919) % 13);
    const auto idx = detail::numpy_argsort(v);
    REQUIRE(idx.size() == v.size());
    for (std::size_t i = 1; i < idx.size(); ++i) CHECK(v[idx[i - 1]] <= v[idx[i]]);
    std::vector<bool> seen(v.size(), false);
    for (std::size_t i : idx) seen[i] = true;
    CHECK(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));
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
