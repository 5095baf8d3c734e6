// Issue #13's acceptance on House Prices: a baseline fitted on the course's
// training split; the test split (146 records) is not flagged, the copy with
// GrLivArea × 1.3, LotFrontage + 20, OverallQual + 2 and Neighborhood's
// labels remapped (tools/reference/drift.py writes it) is flagged on exactly
// those four columns; every statistic equals numpy / scipy's.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "drift/drift_cases.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/drift/drift.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace drift_house_prices_test {

using namespace fepipe;

namespace {

// The course pipeline's input columns (examples/house_prices_pipeline.hpp).
const std::vector<std::string> features = {
    "MSSubClass",  "MSZoning",     "LotFrontage",  "LotShape",    "LandContour", "LotConfig",    "Neighborhood",
    "OverallQual", "OverallCond",  "YearRemodAdd", "RoofStyle",   "Exterior1st", "ExterQual",    "Foundation",
    "BsmtQual",    "BsmtExposure", "BsmtFinType1", "HeatingQC",   "CentralAir",  "1stFlrSF",     "2ndFlrSF",
    "GrLivArea",   "BsmtFullBath", "HalfBath",     "KitchenQual", "TotRmsAbvGrd", "Functional",  "Fireplaces",
    "FireplaceQu", "GarageFinish", "GarageCars",   "GarageArea",  "PavedDrive",  "WoodDeckSF",   "ScreenPorch",
    "SaleCondition", "YrSold"};

struct Split {
  Frame train, test, shifted;
  DriftBaseline baseline;
};

const Split& split() {
  static const Split s = [] {
    const Frame X = fepipe_test::load_houseprice().select(features);
    const auto idx = train_test_split_indices(X.rows(), {.test_size = 0.1, .random_state = 0u});
    Split out{X.take_rows(idx.train), X.take_rows(idx.test),
              fepipe_test::read_reference_frame("drift/house_shifted.csv", {{"MSSubClass", Kind::categorical}}), {}};
    out.baseline = DriftBaseline::fit(out.train);
    return out;
  }();
  return s;
}

DriftReport observe(const Frame& live) {
  DriftMonitor m(split().baseline);
  for (std::size_t r = 0; r < live.rows(); ++r) m.observe(fepipe_test::record_of(live, r));
  return m.report();
}

void check_against_reference(const DriftReport& r, const std::string& c) {
  const auto e = drift_cases::expected(c);
  REQUIRE(r.columns.size() == features.size());
  for (const ColumnDrift& d : r.columns) {
    INFO(c << " column " << d.name);
    const auto& x = e.at(d.name);
    FEPIPE_CHECK_CLOSE(d.psi, x.at("psi").value, 1e-9);
    FEPIPE_CHECK_CLOSE(d.chi2, x.at("chi2").value, 1e-9);
    CHECK(d.chi2_dof == static_cast<std::size_t>(x.at("chi2_dof").value));
    FEPIPE_CHECK_CLOSE(d.chi2_p, x.at("chi2_p").value, 1e-9);
    FEPIPE_CHECK_CLOSE(d.missing_share_change, x.at("missing_share_change").value, 1e-12);
    if (d.kind == Kind::numeric) FEPIPE_CHECK_CLOSE(d.ks, x.at("ks").value, 1e-12);
  }
}

}  // namespace

TEST_CASE("House Prices drift: the test split's statistics equal numpy / scipy's, and no column is flagged") {
  const DriftReport r = observe(split().test);
  INFO("test split against the training baseline:\n" << r.to_text());
  check_against_reference(r, "house_test");
  CHECK(r.records == 146);
  CHECK(r.level() == DriftLevel::ok);
  CHECK(r.columns_at(DriftLevel::ok).size() == features.size());
  // 146 records are few for PSI: its noise alone puts five columns above
  // 0.1 (the sparse bins of many-category columns), all with chi-square
  // p-values of 0.15 or more, which the significance rule keeps at ok.
  DriftMonitor ungated(split().baseline, {.significance = 1.0});
  ungated.observe(split().test);
  const DriftReport raw = ungated.report();
  CHECK(raw.columns_at(DriftLevel::alert).empty());
  CHECK(raw.columns_at(DriftLevel::warn) ==
        std::vector<std::string>{"MSSubClass", "MSZoning", "LotFrontage", "Neighborhood", "Exterior1st"});
  for (const auto& c : raw.columns)
    if (c.level == DriftLevel::warn) CHECK(c.chi2_p > 0.1);
}

TEST_CASE("House Prices drift: the shifted copy is flagged on the four shifted columns and only those") {
  const DriftReport r = observe(split().shifted);
  INFO("shifted copy against the training baseline:\n" << r.to_text());
  check_against_reference(r, "house_shifted");
  CHECK(r.level() == DriftLevel::alert);
  CHECK(r.columns_at(DriftLevel::alert) ==
        std::vector<std::string>{"LotFrontage", "Neighborhood", "OverallQual", "GrLivArea"});
  CHECK(r.columns_at(DriftLevel::warn).empty());
  // The remap uses existing labels only: the shift is in the shares.
  for (const auto& c : r.columns) CHECK(c.new_categories_total == 0);
}

TEST_CASE("House Prices drift: the frame path reports what the record path does") {
  DriftMonitor m(split().baseline);
  m.observe(split().test);
  CHECK(m.report().to_json() == observe(split().test).to_json());
  // The baseline is what a model file stores: it passes its own check.
  CHECK_NOTHROW(split().baseline.check(split().train.schema()));
}

TEST_CASE("House Prices drift: observe makes no heap allocation on the course's 37 columns, new labels included") {
  // The record path on the real layout (16 numeric columns in pairs, 21
  // categorical ones): the test split, the shifted copy and records with
  // labels never seen in training (the new-category tracker's path).
  DriftMonitor m(split().baseline, {.min_records = 0});
  std::vector<std::vector<Value>> records;
  for (const Frame* f : {&split().test, &split().shifted})
    for (std::size_t r = 0; r < f->rows(); ++r) records.push_back(fepipe_test::record_of(*f, r));
  const std::vector<std::string> unseen = {"NoSuchZone", "Atlantis",
                                           "a label of more than sixty-four bytes, cut on a UTF-8 boundary: \xC3\xA9\xC3\xA9"};
  const auto neighborhood = static_cast<std::size_t>(
      std::find(features.begin(), features.end(), "Neighborhood") - features.begin());
  const auto zoning = static_cast<std::size_t>(std::find(features.begin(), features.end(), "MSZoning") - features.begin());
  for (std::size_t k = 0; k < 30; ++k) {
    records.push_back(records[k]);
    records.back()[neighborhood] = unseen[k % unseen.size()];
    records.back()[zoning] = unseen[(k + 1) % unseen.size()];
  }
  m.observe(records[0]);  // takes this thread's slot
  std::size_t allocations = 0;
  {
    fepipe_test::CountAllocations guard;
    for (const auto& rec : records) m.observe(rec);
    allocations = guard.count();
  }
  CHECK(allocations == 0);
  const DriftReport r = m.report();
  CHECK(r.records == records.size() + 1);
  CHECK(r.columns[neighborhood].new_categories_total == 30);
  CHECK(r.columns[neighborhood].new_categories.size() == 3);
}

}  // namespace drift_house_prices_test
