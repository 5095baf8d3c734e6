// The record path of the encoders makes no heap allocation once warm:
// labels are looked up without building strings, numbers of numeric
// variables (ignore_format) are formatted into a stack buffer, one-hot
// dummies are appended into the record's own buffer (allocations counted by
// support/alloc_counter.hpp).

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/detail/stats.hpp"
#include "fepipe/encode/count_frequency_encoder.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/encode/woe_encoder.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace encode_record_allocation_test {

using namespace fepipe;

namespace {

// Categorical columns and integer-valued numeric ones (ignore_format).
const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice().select(
      {"MSZoning", "Neighborhood", "CentralAir", "OverallQual", "MoSold", "LotArea"});
  return X;
}
// Price above the median.
const Target& binary_target() {
  static const Target y = [] {
    const Frame raw = fepipe_test::load_houseprice();  // owns the values the span views
    const auto price = raw.numeric("SalePrice");
    const double median = detail::nan_median(price);
    Target t(static_cast<Eigen::Index>(price.size()));
    for (std::size_t i = 0; i < price.size(); ++i) t[static_cast<Eigen::Index>(i)] = price[i] > median ? 1.0 : 0.0;
    return t;
  }();
  return y;
}
const std::vector<std::string> encoded{"MSZoning", "Neighborhood", "CentralAir", "OverallQual", "MoSold"};

/// transform_row equals transform on the first rows, then the same rows
/// again cost no allocation.
template <class Step>
void check_allocation_free(const Step& step) {
  const Frame X = house().head(300);
  fepipe_test::check_rows_match_transform(step, X);
  std::vector<std::vector<Value>> records;
  for (std::size_t r = 0; r < X.rows(); ++r) records.push_back(fepipe_test::record_of(X, r));
  std::vector<Value> buffer(2 * X.cols() + 200);  // room for one-hot dummies
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

TEST_CASE("OneHotEncoder: records without heap allocation (labels and numbers)") {
  OneHotEncoder enc({.variables = encoded, .ignore_format = true});
  enc.fit(house());
  check_allocation_free(enc);
}

TEST_CASE("CountFrequencyEncoder: records without heap allocation") {
  CountFrequencyEncoder enc({.encoding_method = CountEncoding::frequency, .variables = encoded, .ignore_format = true});
  enc.fit(house());
  check_allocation_free(enc);
}

TEST_CASE("MeanEncoder: records without heap allocation") {
  MeanEncoder enc({.variables = encoded, .ignore_format = true, .smoothing_method = MeanSmoothing::automatic});
  enc.fit(house(), &binary_target());
  check_allocation_free(enc);
}

TEST_CASE("WoEEncoder: records without heap allocation") {
  WoEEncoder enc({.variables = encoded, .ignore_format = true, .fill_value = 0.001});
  enc.fit(house(), &binary_target());
  check_allocation_free(enc);
}

TEST_CASE("OrdinalEncoder and RareLabelEncoder with ignore_format: records without heap allocation") {
  OrdinalEncoder ordinal({.variables = encoded, .ignore_format = true});
  ordinal.fit(house(), &binary_target());
  check_allocation_free(ordinal);
  RareLabelEncoder rare({.tol = 0.05, .n_categories = 2, .variables = encoded, .ignore_format = true});
  rare.fit(house());
  check_allocation_free(rare);
}

}  // namespace encode_record_allocation_test
