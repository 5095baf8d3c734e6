#include <doctest/doctest.h>

#include <string>

#include "fepipe/model_selection/time_series_split.hpp"
#include "model_selection/split_reference.hpp"

namespace model_selection_time_series_split_test {

using namespace fepipe;
using fepipe_test::error_message;

TEST_CASE("TimeSeriesSplit gives scikit-learn's windows with max_train_size, test_size and gap") {
  for (const auto& c : fepipe_test::split_cases("TimeSeriesSplit")) {
    const TimeSeriesSplit tss({.n_splits = c.count("n_splits"),
                               .max_train_size = c.opt_count("max_train_size"),
                               .test_size = c.opt_count("ts_test_size"),
                               .gap = c.has("gap") ? c.count("gap") : 0});
    CHECK(tss.get_n_splits() == c.count("n_splits_total"));
    fepipe_test::check_splits(c, tss.split(c.count("n_samples")));
  }
}

TEST_CASE("TimeSeriesSplit refuses too many splits for the rows, naming the class and the sizes") {
  CHECK_THROWS_AS(TimeSeriesSplit({.n_splits = 1}), ParameterError);
  CHECK(error_message([] { TimeSeriesSplit({.n_splits = 1}); }).find("n_splits") != std::string::npos);
  CHECK_THROWS_AS(TimeSeriesSplit({.n_splits = 3, .test_size = 0}), ParameterError);
  CHECK_THROWS_AS(TimeSeriesSplit({.n_splits = 5}).split(5), ParameterError);  // 6 folds > 5 rows
  CHECK(error_message([] { TimeSeriesSplit({.n_splits = 5}).split(5); }).find("folds=6") != std::string::npos);
  CHECK_THROWS_AS(TimeSeriesSplit({.n_splits = 3, .test_size = 3}).split(9), ParameterError);  // no train row
  CHECK_THROWS_AS(TimeSeriesSplit({.n_splits = 3, .gap = 4}).split(12), ParameterError);
  CHECK(error_message([] { TimeSeriesSplit({.n_splits = 3, .gap = 4}).split(12); }).find("gap=4") !=
        std::string::npos);
  CHECK(error_message([] { TimeSeriesSplit({.n_splits = 3, .gap = 4}).split(12); }).find("TimeSeriesSplit") !=
        std::string::npos);
}

}  // namespace model_selection_time_series_split_test
