// The record path of every variable transformer makes no heap allocation
// once warm. This is the one TU of test_transform that replaces operator new
// (support/alloc_counter.hpp).

#include <doctest/doctest.h>

#include <vector>

#include "fepipe/transform/arcsin_transformer.hpp"
#include "fepipe/transform/box_cox_transformer.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace transform_record_allocation_test {

using namespace fepipe;

namespace {

template <class Step>
void check_allocation_free(const Step& step, const Frame& X) {
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

TEST_CASE("transformers: transform_row allocates nothing") {
  const Frame X = fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "1stFlrSF"});
  LogCpTransformer log_cp;
  check_allocation_free(log_cp.fit(X), X);
  ReciprocalTransformer reciprocal;
  check_allocation_free(reciprocal.fit(X), X);
  PowerTransformer power({.exp = 0.25});
  check_allocation_free(power.fit(X), X);
  BoxCoxTransformer box_cox;
  check_allocation_free(box_cox.fit(X), X);
  YeoJohnsonTransformer yeo_johnson;
  check_allocation_free(yeo_johnson.fit(X), X);
  const Frame P = fepipe_test::read_input_frame("arcsin_transformer_proportions");
  ArcsinTransformer arcsin;
  check_allocation_free(arcsin.fit(P), P);
}

}  // namespace transform_record_allocation_test
