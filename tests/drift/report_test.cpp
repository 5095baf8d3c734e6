// DriftReport's renderings: JSON that parses, with stable field names, null
// for undefined statistics and labels escaped (bytes that are not UTF-8
// replaced); Prometheus text with label values escaped per the exposition
// format; a text table.

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "fepipe/drift/drift.hpp"
#include "fepipe/io/detail/spec_json.hpp"

namespace drift_report_test {

using namespace fepipe;

namespace {

DriftReport sample() {
  DriftReport r;
  r.records = 250;
  r.min_records = 100;
  r.psi_warn = 0.1;
  r.psi_alert = 0.25;
  r.significance = 0.001;
  ColumnDrift num;
  num.name = "Gr\"Liv\\Area\n";
  num.kind = Kind::numeric;
  num.count = 250;
  num.missing = 5;
  num.missing_share_train = 0.01;
  num.missing_share_live = 0.02;
  num.missing_share_change = 0.01;
  num.psi = 0.3;
  num.ks = 0.125;
  num.chi2 = 40.5;
  num.chi2_dof = 12;
  num.chi2_p = 5.5e-5;
  num.level = DriftLevel::alert;
  ColumnDrift cat;
  cat.name = "Neighborhood";
  cat.kind = Kind::categorical;
  cat.count = 250;
  cat.psi = 0.05;
  cat.chi2 = 3.0;
  cat.chi2_dof = 4;
  cat.chi2_p = 0.55;
  cat.new_categories = {{"bad\xFFlabel", 7, 0}, {"quo\"te", 2, 1}};
  cat.new_categories_total = 9;
  cat.level = DriftLevel::ok;
  r.columns = {num, cat};
  return r;
}

const detail::JsonValue& member(const detail::JsonValue& v, std::string_view key) {
  for (std::size_t i = 0; i < v.keys.size(); ++i)
    if (v.keys[i] == key) return v.items[i];
  FAIL("no key " << key);
  return v;
}

}  // namespace

TEST_CASE("DriftReport::to_json: parses, stable names, null for NaN, labels escaped and valid UTF-8") {
  const std::string json = sample().to_json();
  const detail::JsonValue v = detail::parse_spec_json(json);
  CHECK(v.keys == std::vector<std::string>{"records", "min_records", "psi_warn", "psi_alert", "significance", "level",
                                           "columns"});
  CHECK(member(v, "records").text == "250");
  CHECK(member(v, "level").text == "alert");
  const auto& cols = member(v, "columns").items;
  REQUIRE(cols.size() == 2);
  CHECK(cols[0].keys == std::vector<std::string>{"name", "kind", "count", "missing", "missing_share_train",
                                                 "missing_share_live", "missing_share_change", "psi", "ks", "chi2",
                                                 "chi2_dof", "chi2_p", "new_categories", "new_categories_total",
                                                 "level"});
  CHECK(member(cols[0], "name").text == "Gr\"Liv\\Area\n");
  CHECK(member(cols[0], "chi2_p").text == "5.5e-05");
  CHECK(member(cols[1], "ks").kind == detail::JsonValue::Kind::null);
  CHECK(member(cols[1], "missing_share_change").kind == detail::JsonValue::Kind::null);
  const auto& fresh = member(cols[1], "new_categories").items;
  REQUIRE(fresh.size() == 2);
  CHECK(member(fresh[0], "label").text == "bad\xEF\xBF\xBDlabel");
  CHECK(member(fresh[1], "label").text == "quo\"te");
  CHECK(member(fresh[1], "overestimate").text == "1");
}

TEST_CASE("DriftReport::to_prometheus: gauges per column, the records counter, label values escaped") {
  const std::string text = sample().to_prometheus("house \"prices\"", "b");
  CHECK(text.find("# TYPE fepipe_drift_records_total counter\n"
                  "fepipe_drift_records_total{model=\"house \\\"prices\\\"\",variant=\"b\"} 250\n") !=
        std::string::npos);
  CHECK(text.find("fepipe_drift_psi{model=\"house \\\"prices\\\"\",variant=\"b\",column=\"Gr\\\"Liv\\\\Area\\n\"} 0.3\n") !=
        std::string::npos);
  CHECK(text.find("fepipe_drift_ks{model=\"house \\\"prices\\\"\",variant=\"b\",column=\"Gr\\\"Liv\\\\Area\\n\"} 0.125\n") !=
        std::string::npos);
  CHECK(text.find("fepipe_drift_ks{model=\"house \\\"prices\\\"\",variant=\"b\",column=\"Neighborhood\"}") ==
        std::string::npos);  // ks: numeric columns only
  CHECK(text.find("fepipe_drift_missing_share_change{model=\"house \\\"prices\\\"\",variant=\"b\",column=\"Neighborhood\"} NaN\n") !=
        std::string::npos);
  CHECK(text.find("fepipe_drift_new_categories_total{model=\"house \\\"prices\\\"\",variant=\"b\",column=\"Neighborhood\"} 9\n") !=
        std::string::npos);
  CHECK(text.find("fepipe_drift_level{model=\"house \\\"prices\\\"\",variant=\"b\",column=\"Neighborhood\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("# TYPE fepipe_drift_chi2_p gauge\n") != std::string::npos);
  // Every line is a comment or `name{labels} value`.
  std::size_t lines = 0;
  for (std::size_t at = 0; at < text.size(); ++lines) {
    const std::size_t end = text.find('\n', at);
    REQUIRE(end != std::string::npos);
    const std::string line = text.substr(at, end - at);
    CHECK((line.rfind("# ", 0) == 0 || (line.find("{") != std::string::npos && line.find("} ") != std::string::npos)));
    at = end + 1;
  }
  CHECK(lines == 3 + 6 * 2 + 5 * 2 + 1);  // records; 6 families × (HELP, TYPE); 2 columns each, ks 1
}

TEST_CASE("DriftReport::to_text: a line per column, undefined statistics as '-', then the new categories") {
  const std::string text = sample().to_text();
  CHECK(text.find("records: 250 (verdicts from 100)   level: alert") == 0);
  CHECK(text.find("Neighborhood  categorical  ok                   0.0500         -") != std::string::npos);
  CHECK(text.find("new categories of Neighborhood: 'bad\\xFFlabel' (7) 'quo\"te' (2)") != std::string::npos);
}

}  // namespace drift_report_test
