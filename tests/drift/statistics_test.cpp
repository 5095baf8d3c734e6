// The drift statistics against numpy / scipy on the same data
// (tools/reference/drift.py): the baseline DriftBaseline::fit records, PSI,
// KS at the edges (and how it relates to scipy's ks_2samp), chi2_contingency
// and the missing-share change, through the pure functions and through a
// DriftMonitor that observed the live data.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "drift/drift_cases.hpp"
#include "fepipe/drift/drift.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace drift_statistics_test {

using namespace fepipe;
using drift_cases::counts;
using drift_cases::list;
using drift_cases::scalar;

namespace {

/// A monitor over one column that observed the case's live data.
DriftReport observed(const DriftBaseline& b, const Frame& live) {
  DriftMonitor m(b, {.min_records = 0});
  m.observe(live);
  return m.report();
}

}  // namespace

TEST_CASE("DriftBaseline::fit: numeric quantiles, mean, std and bin counts equal numpy's") {
  for (const auto& c : drift_cases::numeric_cases) {
    INFO("case " << c);
    const auto e = drift_cases::expected(c);
    const DriftBaseline b = DriftBaseline::fit(drift_cases::frame(c, "train"));
    REQUIRE(b.columns.size() == 1);
    const auto& col = b.columns[0];
    CHECK(col.count == static_cast<std::uint64_t>(scalar(e, "count")));
    CHECK(col.missing == static_cast<std::uint64_t>(scalar(e, "missing")));
    FEPIPE_CHECK_CLOSE(col.min, scalar(e, "min"), 0.0);
    FEPIPE_CHECK_CLOSE(col.max, scalar(e, "max"), 0.0);
    FEPIPE_CHECK_CLOSE(col.mean, scalar(e, "mean"), 1e-12);
    FEPIPE_CHECK_CLOSE(col.stddev, scalar(e, "stddev"), 1e-12);
    const auto edges = list(e, "edges");
    REQUIRE(col.edges.size() == edges.size());
    for (std::size_t k = 0; k < edges.size(); ++k) FEPIPE_CHECK_CLOSE(col.edges[k], edges[k], 1e-12);
    CHECK(col.bin_counts == counts(e, "bin_counts"));
  }
}

TEST_CASE("DriftBaseline::fit: categories by count, then first appearance, as the reference counts them") {
  for (const auto& c : drift_cases::categorical_cases) {
    INFO("case " << c);
    const auto e = drift_cases::expected(c);
    const DriftBaseline b = DriftBaseline::fit(drift_cases::frame(c, "train"));
    const auto& col = b.columns[0];
    CHECK(col.missing == static_cast<std::uint64_t>(scalar(e, "missing")));
    const auto& cats = e.at("categories");
    REQUIRE(col.categories.size() == cats.size());
    for (std::size_t k = 0; k < cats.size(); ++k) CHECK(col.categories[k] == cats.at(std::to_string(k)).text);
    CHECK(col.category_counts == counts(e, "category_counts"));
    CHECK(col.other_count == static_cast<std::uint64_t>(scalar(e, "other_count")));
  }
}

TEST_CASE("drift statistics on the reference bins equal numpy / scipy (1e-9; KS 1e-12)") {
  auto all = drift_cases::numeric_cases;
  all.insert(all.end(), drift_cases::categorical_cases.begin(), drift_cases::categorical_cases.end());
  for (const auto& c : all) {
    INFO("case " << c);
    const auto e = drift_cases::expected(c);
    const DriftBaseline b = DriftBaseline::fit(drift_cases::frame(c, "train"));
    const auto& base = b.columns[0];
    // The training row laid out as the monitor's bins.
    std::vector<std::uint64_t> train;
    if (base.kind == Kind::numeric) {
      train = base.bin_counts;
    } else {
      train = base.category_counts;
      train.push_back(base.other_count);
      train.push_back(0);
    }
    train.push_back(base.missing);
    const auto live = counts(e, "live_bins");
    REQUIRE(live.size() == train.size());
    FEPIPE_CHECK_CLOSE(drift::psi(train, live), scalar(e, "psi"), 1e-9);
    const auto chi = drift::chi2_contingency(train, live);
    FEPIPE_CHECK_CLOSE(chi.statistic, scalar(e, "chi2"), 1e-9);
    CHECK(chi.dof == static_cast<std::size_t>(scalar(e, "chi2_dof")));
    FEPIPE_CHECK_CLOSE(chi.p_value, scalar(e, "chi2_p"), 1e-9);
    if (base.kind == Kind::numeric) {
      const auto n = drift_numeric_bins;
      const double ks = drift::ks_from_bins(std::span(train).first(n), std::span(live).first(n));
      FEPIPE_CHECK_CLOSE(ks, scalar(e, "ks"), 1e-12);
      // A supremum over the edges only: below scipy's D by at most a bin's share.
      const double d = scalar(e, "ks_scipy");
      CHECK(ks <= d);
      CHECK(d <= ks + scalar(e, "max_bin_share"));
    }
  }
}

TEST_CASE("DriftMonitor: the report of the live data equals numpy / scipy, record by record or as a frame") {
  auto all = drift_cases::numeric_cases;
  all.insert(all.end(), drift_cases::categorical_cases.begin(), drift_cases::categorical_cases.end());
  for (const auto& c : all) {
    INFO("case " << c);
    const auto e = drift_cases::expected(c);
    const DriftBaseline b = DriftBaseline::fit(drift_cases::frame(c, "train"));
    const Frame live = drift_cases::frame(c, "live");
    DriftMonitor by_record(b, {.min_records = 0});
    for (std::size_t r = 0; r < live.rows(); ++r) by_record.observe(fepipe_test::record_of(live, r));
    for (const DriftReport& rep : {observed(b, live), by_record.report()}) {
      REQUIRE(rep.columns.size() == 1);
      const ColumnDrift& d = rep.columns[0];
      CHECK(rep.records == live.rows());
      CHECK(d.count == live.rows());
      FEPIPE_CHECK_CLOSE(d.psi, scalar(e, "psi"), 1e-9);
      FEPIPE_CHECK_CLOSE(d.chi2, scalar(e, "chi2"), 1e-9);
      CHECK(d.chi2_dof == static_cast<std::size_t>(scalar(e, "chi2_dof")));
      FEPIPE_CHECK_CLOSE(d.chi2_p, scalar(e, "chi2_p"), 1e-9);
      FEPIPE_CHECK_CLOSE(d.missing_share_change, scalar(e, "missing_share_change"), 1e-12);
      if (d.kind == Kind::numeric) {
        FEPIPE_CHECK_CLOSE(d.ks, scalar(e, "ks"), 1e-12);
      } else {
        CHECK(std::isnan(d.ks));
        CHECK(d.new_categories_total == static_cast<std::uint64_t>(scalar(e, "new_total")));
        const auto& fresh = e.count("new_categories") ? e.at("new_categories")
                                                      : std::map<std::string, fepipe_test::AttributeRow>{};
        REQUIRE(d.new_categories.size() == fresh.size());
        for (const auto& n : d.new_categories) {
          INFO("new category " << n.label);
          REQUIRE(fresh.count(n.label) == 1);
          CHECK(n.count == static_cast<std::uint64_t>(fresh.at(n.label).value));
          CHECK(n.overestimate == 0);
        }
      }
    }
  }
}

TEST_CASE("psi: shares floored at 1e-4, so an empty bin weighs as 0.01 % and a bin empty on both sides as nothing") {
  // train shares (0.5, 0.5, 0), live (1, 0, 0): terms with e or a floored.
  const std::vector<std::uint64_t> train = {5, 5, 0}, live = {4, 0, 0};
  const double expected = (1.0 - 0.5) * std::log(1.0 / 0.5) + (1e-4 - 0.5) * std::log(1e-4 / 0.5);
  CHECK(drift::psi(train, live) == doctest::Approx(expected).epsilon(1e-15));
  CHECK(drift::psi(train, train) == 0.0);
  CHECK(std::isnan(drift::psi(train, std::vector<std::uint64_t>{0, 0, 0})));
  CHECK_THROWS_AS(drift::psi(train, std::vector<std::uint64_t>{1, 2}), ParameterError);
}

TEST_CASE("chi2_contingency: one non-empty bin is dof 0 (statistic 0, p 1); an empty row is undefined") {
  const std::vector<std::uint64_t> one = {7, 0, 0}, other = {3, 0, 0};
  const auto r = drift::chi2_contingency(one, other);
  CHECK(r.dof == 0);
  CHECK(r.statistic == 0.0);
  CHECK(r.p_value == 1.0);
  CHECK(std::isnan(drift::chi2_contingency(one, std::vector<std::uint64_t>{0, 0, 0}).p_value));
}

TEST_CASE("igamc: edges of the domain, and Q(1, x) = exp(-x), Q(1/2, x) = erfc(sqrt(x)) in both branches") {
  CHECK(drift::igamc(2.0, 0.0) == 1.0);
  CHECK(drift::igamc(2.0, std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(std::isnan(drift::igamc(0.0, 1.0)));
  CHECK(std::isnan(drift::igamc(1.0, -1.0)));
  for (double x : {0.01, 0.3, 0.99, 1.5, 7.0, 40.0, 300.0}) {
    INFO("x = " << x);
    FEPIPE_CHECK_CLOSE(drift::igamc(1.0, x), std::exp(-x), 1e-13);
    FEPIPE_CHECK_CLOSE(drift::igamc(0.5, x), std::erfc(std::sqrt(x)), 1e-13);
  }
  CHECK(drift::igamc(0.5, 800.0) == 0.0);  // below the smallest double: 0, as scipy
  CHECK(drift::chi2_sf(-1.0, 3.0) == 1.0);
}

TEST_CASE("missing_share_change: live share minus training share, NaN without rows") {
  CHECK(drift::missing_share_change(10, 100, 30, 60) == doctest::Approx(0.5 - 0.1).epsilon(1e-15));
  CHECK(std::isnan(drift::missing_share_change(0, 0, 1, 2)));
}

}  // namespace drift_statistics_test
