// DriftMonitor's contract: the record path and the frame path count the
// same, bad records throw naming the column and value with nothing counted,
// new categories are tracked in bounded memory, reset starts a new window,
// many threads count exactly, and observe never allocates.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "fepipe/drift/drift.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace drift_monitor_test {

using namespace fepipe;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// A numeric column 0..99 (a NaN every tenth row) and a categorical one
/// over "a", "b", "c" (missing every seventh row).
Frame training() {
  std::vector<double> x;
  std::vector<std::string> labels;
  const char* abc[] = {"a", "b", "c"};
  for (int i = 0; i < 200; ++i) {
    x.push_back(i % 10 == 9 ? nan : static_cast<double>(i % 100));
    labels.push_back(i % 7 == 6 ? "" : abc[i % 3]);
  }
  Frame f;
  f.add("x", Column::numeric(x));
  f.add("color", Column::from_labels(labels, {""}));
  return f;
}

const DriftBaseline& baseline() {
  static const DriftBaseline b = DriftBaseline::fit(training());
  return b;
}

std::vector<std::vector<Value>> some_records() {
  std::vector<std::vector<Value>> out;
  const char* labels[] = {"a", "b", "c", "new1", "new2"};
  for (int i = 0; i < 500; ++i) {
    const double x = i % 13 == 0 ? nan : (i % 17 == 0 ? inf : static_cast<double>((i * 7) % 130) - 10.0);
    const Value label = i % 11 == 0 ? Value::missing() : Value(labels[i % 5]);
    out.push_back({x, label});
  }
  return out;
}

}  // namespace

TEST_CASE("DriftMonitor: records and the same rows as a frame give the same report") {
  const Frame live = training().take_rows(std::vector<std::size_t>{3, 9, 10, 11, 50, 77, 120, 199, 6, 13});
  DriftMonitor by_record(baseline(), {.min_records = 0}), by_frame(baseline(), {.min_records = 0});
  for (std::size_t r = 0; r < live.rows(); ++r) by_record.observe(fepipe_test::record_of(live, r));
  by_frame.observe(live);
  CHECK(by_record.records() == live.rows());
  CHECK(by_record.report().to_json() == by_frame.report().to_json());
}

TEST_CASE("DriftMonitor: ±inf count in the end bins, NaN (also a NaN number in a categorical column) is missing") {
  DriftMonitor m(baseline(), {.min_records = 0});
  m.observe(std::vector<Value>{-inf, "a"});
  m.observe(std::vector<Value>{inf, nan});
  m.observe(std::vector<Value>{nan, Value::missing()});
  m.observe(std::vector<Value>{Value::missing(), "b"});
  const DriftReport r = m.report();
  const auto& b = baseline().columns[0];
  std::vector<std::uint64_t> train = b.bin_counts, live(drift_numeric_bins + 1, 0);
  train.push_back(b.missing);
  live.front() = 1;                  // -inf
  live[drift_numeric_bins - 1] = 1;  // +inf
  live.back() = 2;                   // NaN, missing
  CHECK(r.columns[0].missing == 2);
  CHECK(r.columns[0].psi == drift::psi(train, live));
  CHECK(r.columns[1].missing == 2);
  CHECK(r.columns[1].missing_share_live == 0.5);
}

TEST_CASE("DriftMonitor: a bad record throws naming the column and value, and nothing of it is counted") {
  DriftMonitor m(baseline(), {.min_records = 0});
  auto message = [&](std::vector<Value> rec) {
    try {
      m.observe(rec);
    } catch (const SchemaError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message({1.0}) == "DriftMonitor: a record of 1 values for 2 input columns");
  CHECK(message({1.0, "a", 2.0}) == "DriftMonitor: a record of 3 values for 2 input columns");
  CHECK(message({"oops", "a"}) == "DriftMonitor: column 'x': expected a number, got the label 'oops'");
  CHECK(message({1.0, 2.5}) == "DriftMonitor: column 'color': expected a label, got the number 2.5");
  CHECK(m.records() == 0);
  for (const auto& c : m.report().columns) CHECK(c.count == 0);

  Frame wrong_kind;
  wrong_kind.add("x", Column::numeric(std::vector<double>{1.0}));
  wrong_kind.add("color", Column::numeric(std::vector<double>{1.0}));
  CHECK_THROWS_WITH_AS(m.observe(wrong_kind), "DriftMonitor: column 'color': is numeric, the baseline's column is categorical",
                       SchemaError);
  Frame missing;
  missing.add("color", Column::from_labels(std::vector<std::string>{"a"}));
  CHECK_THROWS_WITH_AS(m.observe(missing), "DriftMonitor: column 'x': is missing from the frame", SchemaError);
  CHECK(m.records() == 0);
}

TEST_CASE("DriftMonitor: numeric cells binned as (e(k-1), e(k)] in every column of a pair and an odd one") {
  // The record path bins numeric columns two at a time (and an odd last one
  // alone): every value at, between and beyond the edges, ±inf, NaN and
  // missing lands where DriftColumnBaseline::bin_of puts it, in each lane,
  // and in a column whose baseline has no edges (every value missing at fit).
  std::vector<double> a, b, c, none;
  for (int i = 0; i < 300; ++i) {
    a.push_back(static_cast<double>(i % 50));
    b.push_back(static_cast<double>(i % 7) * 0.5 - 1.0);
    c.push_back(i % 3 == 0 ? nan : static_cast<double>(i));
    none.push_back(nan);
  }
  Frame f;
  f.add("a", Column::numeric(a));
  f.add("label", Column::from_labels(std::vector<std::string>(300, "a")));
  f.add("b", Column::numeric(b));
  f.add("c", Column::numeric(c));
  f.add("none", Column::numeric(none));
  const DriftBaseline base = DriftBaseline::fit(f);
  REQUIRE(base.columns[4].edges.empty());
  std::vector<double> probes = {-inf, inf, nan, -1e300, 1e300, 0.0};
  for (const std::size_t col : {std::size_t{0}, std::size_t{2}, std::size_t{3}})
    for (double e : base.columns[col].edges) probes.insert(probes.end(), {e, std::nextafter(e, -inf), std::nextafter(e, inf)});
  DriftMonitor m(base, {.min_records = 0});
  std::vector<std::vector<std::uint64_t>> expected(5, std::vector<std::uint64_t>(drift_numeric_bins + 1, 0));
  for (std::size_t i = 0; i < probes.size(); ++i) {
    std::vector<Value> rec = {probes[i], "a", probes[(i + 1) % probes.size()], probes[(i + 2) % probes.size()],
                              probes[(i + 3) % probes.size()]};
    if (i % 5 == 4) rec[2] = Value::missing();
    m.observe(rec);
    for (const std::size_t col : {std::size_t{0}, std::size_t{2}, std::size_t{3}, std::size_t{4}}) {
      const double x = rec[col].is_number() ? rec[col].number() : nan;
      ++expected[col][std::isnan(x) ? drift_numeric_bins : base.columns[col].edges.empty() ? 0 : base.columns[col].bin_of(x)];
    }
  }
  const DriftReport r = m.report();
  for (const std::size_t col : {std::size_t{0}, std::size_t{2}, std::size_t{3}, std::size_t{4}}) {
    INFO("column " << base.columns[col].name);
    std::vector<std::uint64_t> train = base.columns[col].bin_counts;
    train.resize(drift_numeric_bins, 0);
    train.push_back(base.columns[col].missing);
    CHECK(r.columns[col].missing == expected[col].back());
    CHECK(r.columns[col].psi == drift::psi(train, expected[col]));
    if (!base.columns[col].edges.empty())
      CHECK(r.columns[col].ks == drift::ks_from_bins(std::span(train).first(drift_numeric_bins),
                                                     std::span(expected[col]).first(drift_numeric_bins)));
  }
  // The same records as a frame (the frame path bins one column at a time).
  DriftMonitor by_frame(base, {.min_records = 0});
  std::vector<std::vector<Value>> records;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    records.push_back({probes[i], "a", probes[(i + 1) % probes.size()], probes[(i + 2) % probes.size()],
                       probes[(i + 3) % probes.size()]});
    if (i % 5 == 4) records.back()[2] = Value::missing();
  }
  Frame live;
  for (std::size_t col = 0; col < 5; ++col) {
    if (col == 1) {
      live.add("label", Column::from_labels(std::vector<std::string>(probes.size(), "a")));
      continue;
    }
    std::vector<double> v;
    for (const auto& rec : records) v.push_back(rec[col].is_number() ? rec[col].number() : nan);
    live.add(base.columns[col].name, Column::numeric(v));
  }
  by_frame.observe(live);
  CHECK(by_frame.report().to_json() == r.to_json());
}

TEST_CASE("DriftMonitor: with several bad cells the first in record order is named, whatever the kinds' order") {
  // The record path counts numeric columns before categorical ones; the
  // error still names the record's first bad cell, and nothing is counted.
  Frame f;
  f.add("color", training().column(1));
  f.add("x", training().column(0));
  f.add("shade", training().column(1));
  DriftMonitor m(DriftBaseline::fit(f), {.min_records = 0});
  m.observe(std::vector<Value>{"a", 3.0, "b"});
  const std::string before = m.report().to_json();
  CHECK_THROWS_WITH_AS(m.observe(std::vector<Value>{2.5, "oops", "c"}),
                       "DriftMonitor: column 'color': expected a label, got the number 2.5", SchemaError);
  CHECK_THROWS_WITH_AS(m.observe(std::vector<Value>{"new", "oops", 7.0}),
                       "DriftMonitor: column 'x': expected a number, got the label 'oops'", SchemaError);
  CHECK_THROWS_WITH_AS(m.observe(std::vector<Value>{"a", 1.0, -3.0}),
                       "DriftMonitor: column 'shade': expected a label, got the number -3.0", SchemaError);
  CHECK(m.records() == 1);
  CHECK(m.report().to_json() == before);  // no count and no new category left behind
  m.observe(std::vector<Value>{"new", nan, Value::missing()});
  const DriftReport r = m.report();
  CHECK(r.records == 2);
  CHECK(r.columns[0].new_categories_total == 1);
  CHECK(r.columns[1].missing == 1);
  CHECK(r.columns[2].missing == 1);
}

TEST_CASE("DriftMonitor: new categories in a bounded top-k (space-saving), exact total, labels cut on UTF-8") {
  DriftMonitor m(baseline(), {.min_records = 0, .max_new_categories = 2, .max_label_bytes = 4});
  auto observe = [&](std::string_view label, int times) {
    for (int i = 0; i < times; ++i) m.observe(std::vector<Value>{1.0, label});
  };
  observe("xxxxxx", 5);   // kept as "xxxx"
  observe("yy", 3);
  observe("abc\xC3\xA9", 1);  // "abcé": the cut falls inside é, so "abc"
  const ColumnDrift c = m.report().columns[1];
  CHECK(c.new_categories_total == 9);
  REQUIRE(c.new_categories.size() == 2);
  CHECK(c.new_categories[0].label == "xxxx");
  CHECK(c.new_categories[0].count == 5);
  CHECK(c.new_categories[0].overestimate == 0);
  // "yy" (3) was the least counted: "abc" took its place with count 3 + 1,
  // of which at most 3 are an overestimate.
  CHECK(c.new_categories[1].label == "abc");
  CHECK(c.new_categories[1].count == 4);
  CHECK(c.new_categories[1].overestimate == 3);
}

TEST_CASE("DriftMonitor: a baseline that lumped categories into 'other' counts unknown labels there, not as new") {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < drift_max_categories + 5; ++i) labels.push_back("id" + std::to_string(i));
  Frame f;
  f.add("id", Column::from_labels(labels));
  const DriftBaseline b = DriftBaseline::fit(f);
  REQUIRE(b.columns[0].other_count == 5);
  DriftMonitor m(b, {.min_records = 0});
  m.observe(std::vector<Value>{"id1"});
  m.observe(std::vector<Value>{"never seen"});
  const ColumnDrift c = m.report().columns[0];
  CHECK(c.new_categories_total == 0);
  CHECK(c.new_categories.empty());
  std::vector<std::uint64_t> train(b.columns[0].category_counts), live(train.size(), 0);
  train.insert(train.end(), {5, 0, 0});
  live.insert(live.end(), {1, 0, 0});
  live[1] = 1;  // "id1" is the second category (counts tie: first appearance)
  CHECK(c.psi == drift::psi(train, live));
}

TEST_CASE("DriftMonitor: reset starts a new window, also while other threads observe") {
  DriftMonitor m(baseline(), {.min_records = 0});
  for (const auto& rec : some_records()) m.observe(rec);
  CHECK(m.records() == 500);
  CHECK(m.report().columns[1].new_categories_total > 0);
  m.reset();
  CHECK(m.records() == 0);
  DriftReport r = m.report();
  CHECK(r.columns[1].new_categories.empty());
  for (const auto& c : r.columns) CHECK(c.count == 0);
  m.observe(std::vector<Value>{1.0, "new1"});
  r = m.report();
  CHECK(r.records == 1);
  CHECK(r.columns[1].new_categories_total == 1);
  CHECK(r.columns[1].new_categories.size() == 1);

  // Observers and resets at once: every count stays consistent (≤ what was sent).
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      for (int k = 0; k < 20; ++k)
        for (const auto& rec : some_records()) m.observe(rec);
    });
  for (int k = 0; k < 50; ++k) {
    m.reset();
    CHECK(m.records() <= 3 * 20 * 500);
  }
  for (auto& t : threads) t.join();
  m.reset();
  m.observe(std::vector<Value>{1.0, "a"});
  CHECK(m.records() == 1);
}

TEST_CASE("DriftMonitor: many threads at once count exactly what one thread counts (own shards and the shared one)") {
  const auto records = some_records();
  DriftMonitor serial(baseline(), {.min_records = 0});
  constexpr int threads = 6, rounds = 40;
  for (int t = 0; t < threads * rounds; ++t)
    for (const auto& rec : records) serial.observe(rec);
  const std::string expected = serial.report().to_json();
  for (std::size_t shards : {std::size_t{16}, std::size_t{2}}) {  // 2: most threads share the overflow shard
    INFO("shards " << shards);
    DriftMonitor m(baseline(), {.min_records = 0, .shards = shards});
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        for (int k = 0; k < rounds; ++k)
          for (const auto& rec : records) m.observe(rec);
      });
    for (auto& t : pool) t.join();
    CHECK(m.records() == static_cast<std::uint64_t>(threads * rounds) * records.size());
    CHECK(m.report().to_json() == expected);
  }
}

TEST_CASE("DriftMonitor: observe makes no heap allocation (known, new and missing labels, numbers, ±inf)") {
  DriftMonitor m(baseline(), {.min_records = 0});
  const auto records = some_records();
  m.observe(records[0]);  // takes this thread's slot
  std::size_t allocations = 0;
  {
    fepipe_test::CountAllocations guard;
    for (int k = 0; k < 3; ++k)
      for (const auto& rec : records) m.observe(rec);
    allocations = guard.count();
  }
  CHECK(allocations == 0);
  CHECK(m.records() == 3 * records.size() + 1);
}

TEST_CASE("DriftMonitor: levels wait for min_records; a PSI level needs a significant chi-square test") {
  DriftMonitor m(baseline(), {.min_records = 50});
  m.observe(std::vector<Value>{500.0, "new1"});
  DriftReport r = m.report();
  CHECK(r.level() == DriftLevel::insufficient_data);
  for (const auto& c : r.columns) CHECK(c.level == DriftLevel::insufficient_data);
  for (int i = 0; i < 60; ++i) m.observe(std::vector<Value>{500.0, "new1"});
  r = m.report();
  CHECK(r.columns[0].level == DriftLevel::alert);
  CHECK(r.columns[1].level == DriftLevel::alert);
  CHECK(r.level() == DriftLevel::alert);
  CHECK(r.columns_at(DriftLevel::alert) == std::vector<std::string>{"x", "color"});

  // A large PSI on few records that the test does not find significant is ok.
  DriftMonitor few(baseline(), {.min_records = 1});
  few.observe(std::vector<Value>{1.0, "a"});
  const ColumnDrift c = few.report().columns[0];
  CHECK(c.psi >= 0.25);
  CHECK(c.chi2_p >= 0.001);
  CHECK(c.level == DriftLevel::ok);
  DriftMonitor ungated(baseline(), {.significance = 1.0, .min_records = 1});
  ungated.observe(std::vector<Value>{1.0, "a"});
  CHECK(ungated.report().columns[0].level == DriftLevel::alert);
}

TEST_CASE("DriftOptions: every option is validated, named in the error, and visited by name") {
  auto error = [](DriftOptions o) {
    try {
      DriftMonitor m(baseline(), o);
    } catch (const ParameterError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error({.psi_warn = 0.0}).find("psi_warn = 0.0 is invalid") != std::string::npos);
  CHECK(error({.psi_alert = nan}).find("psi_alert = nan is invalid") != std::string::npos);
  CHECK(error({.psi_warn = 0.3, .psi_alert = 0.2}) ==
        "DriftMonitor: psi_warn = 0.3 is above psi_alert = 0.2");
  CHECK(error({.significance = 0.0}).find("significance = 0.0 is invalid") != std::string::npos);
  CHECK(error({.max_new_categories = 5000}).find("max_new_categories = 5000 is invalid") != std::string::npos);
  CHECK(error({.max_label_bytes = 0}).find("max_label_bytes = 0 is invalid") != std::string::npos);
  CHECK(error({.shards = 0}).find("shards = 0 is invalid") != std::string::npos);
  CHECK(error({.shards = 257}).find("shards = 257 is invalid") != std::string::npos);
  CHECK(error({}) == "no error");
  DriftOptions o;
  std::vector<std::string> names;
  o.visit([&](std::string_view name, auto& value, std::string_view doc) {
    names.emplace_back(name);
    CHECK(!doc.empty());
    if (name == "psi_alert") value = static_cast<std::remove_reference_t<decltype(value)>>(0.5);
  });
  CHECK(names == std::vector<std::string>{"psi_warn", "psi_alert", "significance", "min_records",
                                          "max_new_categories", "max_label_bytes", "shards"});
  CHECK(o.psi_alert == 0.5);
}

TEST_CASE("DriftMonitor: a baseline whose sizes disagree is refused naming the column") {
  DriftBaseline b = baseline();
  b.columns[0].edges.pop_back();
  CHECK_THROWS_WITH_AS(DriftMonitor{b}, "DriftMonitor: baseline of column 'x': 10 edges and 12 bins", ParameterError);
  b = baseline();
  b.columns[1].category_counts.pop_back();
  CHECK_THROWS_AS(DriftMonitor{b}, ParameterError);
}

}  // namespace drift_monitor_test
