// The record path of the issue-3 imputers makes no heap allocation once
// warm: numbers are written as numbers, drawn labels as views into the
// training pool the fitted step owns (allocations counted by
// support/alloc_counter.hpp).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fepipe/impute/drop_missing_data.hpp"
#include "fepipe/impute/end_tail_imputer.hpp"
#include "fepipe/impute/random_sample_imputer.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace impute_record_allocation_test {

using namespace fepipe;

namespace {

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select(
      {"LotFrontage", "MasVnrArea", "GarageYrBlt", "LotArea", "OverallQual", "Alley", "FireplaceQu", "BsmtQual"});
  return X;
}

/// transform_row on the rows equals transform, then the same rows again
/// cost no allocation.
template <class Step>
void check_allocation_free(const Step& step, const Frame& X) {
  fepipe_test::check_rows_match_transform(step, X);
  std::vector<std::vector<Value>> records;
  for (std::size_t r = 0; r < X.rows(); ++r) records.push_back(fepipe_test::record_of(X, r));
  std::vector<Value> buffer(X.cols());
  std::size_t allocations = 0;
  {
    fepipe_test::CountAllocations guard;
    for (const auto& rec : records) {
      std::copy(rec.begin(), rec.end(), buffer.begin());
      Row row(buffer, rec.size());
      step.transform_row(row);
    }
    allocations = guard.count();
  }
  CHECK(allocations == 0);
}

}  // namespace

TEST_CASE("EndTailImputer: records without heap allocation") {
  EndTailImputer imp({.imputation_method = EndTailImputation::iqr});
  imp.fit(house());
  check_allocation_free(imp, house().head(200));
}

TEST_CASE("RandomSampleImputer: records without heap allocation (numbers and labels, both seeds)") {
  RandomSampleImputer observation(
      {.seed = SampleSeed::observation, .seed_variables = {"LotArea", "OverallQual"}});
  observation.fit(house());
  check_allocation_free(observation, house().head(200));
  RandomSampleImputer general({.random_state = 3u});
  general.fit(house());
  // seed = general: a record is a one-row frame, so compare row by row.
  for (std::size_t r = 0; r < 50; ++r) check_allocation_free(general, house().take_rows(std::vector<std::size_t>{r}));
}

TEST_CASE("DropMissingData: complete records pass without heap allocation") {
  DropMissingData drop({.variables = {"LotFrontage", "MasVnrArea", "GarageYrBlt"}});
  drop.fit(house());
  check_allocation_free(drop, drop.transform(house()).head(200));
}

}  // namespace impute_record_allocation_test
