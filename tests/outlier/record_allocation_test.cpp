// The record path of every outlier step makes no heap allocation once warm
// (Winsorizer indicators are appended into the caller's record buffer).
// This is the one TU of test_outlier that replaces operator new
// (support/alloc_counter.hpp).

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "fepipe/outlier/arbitrary_outlier_capper.hpp"
#include "fepipe/outlier/outlier_trimmer.hpp"
#include "fepipe/outlier/winsorizer.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace outlier_record_allocation_test {

using namespace fepipe;

namespace {

template <class Step>
void check_allocation_free(const Step& step, const Frame& X) {
  fepipe_test::check_rows_match_transform(step, X.head(64));
  std::vector<std::vector<Value>> records;
  for (std::size_t r = 0; r < std::min<std::size_t>(64, X.rows()); ++r) records.push_back(fepipe_test::record_of(X, r));
  std::vector<Value> buffer(2 * X.cols() + X.cols());  // room for two indicators per variable
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

TEST_CASE("outlier steps: transform_row allocates nothing") {
  const Frame X = fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "SalePrice"});
  Winsorizer w({.capping_method = CappingMethod::iqr, .tail = Tail::both, .add_indicators = true});
  check_allocation_free(w.fit(X), X);
  ArbitraryOutlierCapper cap({.max_capping_dict = {{"LotArea", 20000.0}}, .min_capping_dict = {{"GrLivArea", 800.0}}});
  check_allocation_free(cap.fit(X), X);
  OutlierTrimmer t({.tail = Tail::both});
  t.fit(X);
  check_allocation_free(t, t.transform(X));  // records that pass through
}

}  // namespace outlier_record_allocation_test
