// The record path of every discretiser makes no heap allocation once warm:
// bin numbers are written as numbers, labels as views into strings the
// fitted step owns. This is the one TU of test_discretise that replaces
// operator new (support/alloc_counter.hpp).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fepipe/discretise/arbitrary_discretiser.hpp"
#include "fepipe/discretise/decision_tree_discretiser.hpp"
#include "fepipe/discretise/equal_frequency_discretiser.hpp"
#include "fepipe/discretise/equal_width_discretiser.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace discretise_record_allocation_test {

using namespace fepipe;

namespace {

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "OverallQual", "SalePrice"});
  return X;
}

/// transform_row over the first rows equals transform, then the same rows
/// again cost no allocation.
template <class Step>
void check_allocation_free(const Step& step) {
  const Frame& X = house();
  fepipe_test::check_rows_match_transform(step, X.head(64));
  std::vector<std::vector<Value>> records;
  for (std::size_t r = 0; r < std::min<std::size_t>(64, X.rows()); ++r) records.push_back(fepipe_test::record_of(X, r));
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

TEST_CASE("discretisers: transform_row allocates nothing, for numbers and labels") {
  for (bool object : {false, true})
    for (bool boundaries : {false, true}) {
      CAPTURE(object);
      CAPTURE(boundaries);
      EqualFrequencyDiscretiser ef({.q = 5, .return_object = object, .return_boundaries = boundaries});
      check_allocation_free(ef.fit(house()));
      EqualWidthDiscretiser ew({.bins = 4, .return_object = object, .return_boundaries = boundaries});
      check_allocation_free(ew.fit(house()));
      ArbitraryDiscretiser ad({.binning_dict = {{"GrLivArea", {500, 1000, 1500, 2500, 4000}}},
                               .return_object = object,
                               .return_boundaries = boundaries});
      check_allocation_free(ad.fit(house()));
    }
}

TEST_CASE("tree-based steps: transform_row allocates nothing") {
  const auto price = house().numeric("SalePrice");
  const Target y = Eigen::Map<const Eigen::VectorXd>(price.data(), static_cast<Eigen::Index>(price.size()));
  for (auto output : {TreeBinOutput::prediction, TreeBinOutput::bin_number, TreeBinOutput::boundaries}) {
    DecisionTreeDiscretiser d({.variables = {"LotArea", "GrLivArea"}, .bin_output = output, .precision = 2});
    d.fit(house(), &y);
    check_allocation_free(d);
  }
}

}  // namespace discretise_record_allocation_test
