// The bad-input contract (issue 6, scope 6): docs/bad-input-contract.md has
// one table, each class × each bad input → what happens. This test reads the
// table from the page and checks every cell against what the class does, so
// the page and the code cannot drift apart: a changed behaviour, a class
// missing from the table or a row for a class that no longer exists fails
// here. FEPIPE_PRINT_CONTRACT=1 prints the observed table (to regenerate
// the page after a deliberate change; review it before committing).
//
// Scenarios (the page's legend says the same): a class is fitted on a clean
// 12-row frame — numeric n1, n2 in (0, 1) and, unless it takes numeric input
// only, categorical c1 with three labels — then given a 2-row frame whose
// second row holds the bad input in n1 (or c1). The outcome is the fepipe
// exception raised, or how the returned second row looks.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "reliability/any_model.hpp"
#include "reliability/checks.hpp"

namespace reliability_bad_input_contract_test {

using namespace fepipe_rel;
using fepipe::Column;
using fepipe::Frame;

namespace {

const std::vector<std::string> columns = {"missing column", "wrong kind", "NaN", "±inf", "unseen label",
                                          "empty frame",    "one row",    "negative"};

Frame fit_frame(bool numeric_only) {
  Frame f(12);
  f.add("n1", Column::numeric({0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.2, 0.4, 0.6, 0.8}));
  f.add("n2", Column::numeric({0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.6, 0.4, 0.8, 0.35, 0.55, 0.15}));
  // Label counts 5, 4, 3: one most frequent label (no tie for the modal
  // imputer).
  if (!numeric_only)
    f.add("c1", Column::from_labels(std::vector<std::string>{"a", "a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c"}));
  return f;
}

fepipe::Target fit_target(TargetKind kind) {
  fepipe::Target y(12);
  if (kind == TargetKind::binary)
    y << 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1;  // both classes under every label (WoE needs it)
  else
    y << 1.5, 2.5, 0.5, 3.0, 2.0, 4.5, 1.0, 3.5, 2.5, 5.0, 0.0, 4.0;
  return y;
}

/// How a returned row looks: NaN or a missing label anywhere → "NaN",
/// else an infinite number → "inf", else "ok".
std::string look_of_row(const Frame& out, std::size_t r) {
  bool nan = false, inf = false;
  for (std::size_t c = 0; c < out.cols(); ++c) {
    const Column& col = out.column(c);
    if (col.is_numeric()) {
      nan = nan || std::isnan(col.values()[r]);
      inf = inf || std::isinf(col.values()[r]);
    } else {
      nan = nan || col.codes()[r] < 0;
    }
  }
  return nan ? "NaN" : inf ? "inf" : "ok";
}

/// The outcome of applying the fitted model to X, looking at row `bad`.
std::string outcome(const AnyModel& m, const Frame& X, std::size_t bad) {
  const Outcome o = attempt_apply(m, X);
  if (!o.frame) return o.error;
  if (o.frame->rows() < X.rows()) return "drops row";
  return look_of_row(*o.frame, bad);
}

/// The first two rows of F with `edit` applied to the second.
template <class Edit>
Frame bad_rows(const Frame& F, Edit edit) {
  Frame X = F.head(2);
  edit(X);
  return X;
}

std::map<std::string, std::string> observe(const Entry& e) {
  std::map<std::string, std::string> cell;
  const Frame F = fit_frame(e.numeric_only);
  const fepipe::Target y = fit_target(e.target);
  const fepipe::Target* yp = e.target == TargetKind::none ? nullptr : &y;
  auto m = e.make();
  m->fit(F, yp);  // the clean frame always fits
  REQUIRE_MESSAGE(outcome(*m, F, 1) == "ok", e.label << " does not transform its clean training frame cleanly");
  auto set_n1 = [](double x) {
    return [x](Frame& X) { X["n1"].mutable_values()[1] = x; };
  };

  cell["missing column"] = outcome(*m, bad_rows(F, [](Frame& X) { X.pop("n1"); }), 1);
  cell["wrong kind"] = outcome(*m, bad_rows(F, [](Frame& X) {
    X["n1"] = Column::from_labels(std::vector<std::string>{"0.15", "0.25"});
  }), 1);
  cell["NaN"] = outcome(*m, bad_rows(F, set_n1(std::numeric_limits<double>::quiet_NaN())), 1);
  const std::string plus = outcome(*m, bad_rows(F, set_n1(std::numeric_limits<double>::infinity())), 1);
  const std::string minus = outcome(*m, bad_rows(F, set_n1(-std::numeric_limits<double>::infinity())), 1);
  cell["±inf"] = plus == minus ? plus : "+inf: " + plus + ", -inf: " + minus;
  if (e.numeric_only) {
    // No categorical input at all: a categorical column is refused at fit.
    auto mixed = e.make();
    std::string fit_error;
    try {
      mixed->fit(fit_frame(false), yp);
    } catch (const fepipe::Error& x) {
      fit_error = error_kind(x);
    }
    cell["unseen label"] = fit_error == "SchemaError" ? "numeric only" : "categorical input " + (fit_error.empty() ? "accepted" : fit_error);
  } else {
    cell["unseen label"] = outcome(*m, bad_rows(F, [](Frame& X) {
      Column& c = X["c1"];
      c.mutable_codes()[1] = c.intern_label("zz-unseen");
    }), 1);
  }
  {
    auto empty = e.make();
    fepipe::Target y0(0);
    try {
      empty->fit(F.head(0), yp ? &y0 : nullptr);
      cell["empty frame"] = "fits";
    } catch (const fepipe::Error& x) {
      cell["empty frame"] = error_kind(x);
    }
  }
  {
    auto one = e.make();
    fepipe::Target y1 = y.head(1);
    try {
      one->fit(F.head(1), yp ? &y1 : nullptr);
      cell["one row"] = outcome(*one, F.head(1), 0);
    } catch (const fepipe::Error& x) {
      cell["one row"] = error_kind(x);
    }
  }
  cell["negative"] = outcome(*m, bad_rows(F, set_n1(-0.5)), 1);
  return cell;
}

std::string contract_path() {
  return (std::filesystem::path(FEPIPE_TEST_DATA_DIR).parent_path().parent_path() / "docs" / "bad-input-contract.md")
      .string();
}

std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  std::getline(ss, cell, '|');  // before the first bar
  while (std::getline(ss, cell, '|')) {
    const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
    cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
  }
  if (!cells.empty() && cells.back().empty()) cells.pop_back();
  return cells;
}

/// The table between the page's markers: entry label → column → cell.
std::map<std::string, std::map<std::string, std::string>> read_table() {
  std::ifstream in(contract_path());
  REQUIRE_MESSAGE(in, "cannot read " << contract_path());
  std::map<std::string, std::map<std::string, std::string>> table;
  std::string line;
  bool inside = false;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    if (line.find("<!-- contract-table -->") != std::string::npos) {
      inside = true;
      continue;
    }
    if (line.find("<!-- /contract-table -->") != std::string::npos) break;
    if (!inside || line.rfind("|", 0) != 0) continue;
    auto cells = split_row(line);
    if (header.empty()) {
      header = cells;
      REQUIRE(header.size() == columns.size() + 1);
      for (std::size_t i = 0; i < columns.size(); ++i) REQUIRE(header[i + 1] == columns[i]);
      continue;
    }
    if (cells.size() > 1 && cells[1].rfind("---", 0) == 0) continue;  // the separator row
    REQUIRE_MESSAGE(cells.size() == header.size(), "malformed row: " << line);
    std::string label = cells[0];
    if (label.size() > 2 && label.front() == '`' && label.back() == '`') label = label.substr(1, label.size() - 2);
    for (std::size_t i = 1; i < cells.size(); ++i) table[label][header[i]] = cells[i];
  }
  return table;
}

}  // namespace

TEST_CASE("docs/bad-input-contract.md states what every class does with every bad input") {
  const auto table = read_table();
  const bool print = std::getenv("FEPIPE_PRINT_CONTRACT") != nullptr;
  std::ostringstream printed;
  if (print) {
    printed << "| class |";
    for (const auto& c : columns) printed << " " << c << " |";
    printed << "\n| --- |";
    for (std::size_t i = 0; i < columns.size(); ++i) printed << " --- |";
    printed << "\n";
  }
  std::size_t rows = 0;
  for (const Entry& e : catalogue()) {
    if (!e.dataset.empty()) continue;  // the course pipelines are covered by the property tests
    ++rows;
    INFO(e.label);
    std::map<std::string, std::string> observed;
    try {
      observed = observe(e);
    } catch (const std::exception& x) {
      FAIL_CHECK("a scenario escaped with " << std::string(x.what()));
      continue;
    }
    if (print) {
      printed << "| `" << e.label << "` |";
      for (const auto& c : columns) printed << " " << observed[c] << " |";
      printed << "\n";
    }
    const auto row = table.find(e.label);
    CHECK_MESSAGE(row != table.end(), "no row for " << e.label << " in the contract");
    if (row == table.end()) continue;
    for (const auto& c : columns) {
      INFO("bad input: " << c);
      CHECK(row->second.at(c) == observed[c]);
    }
  }
  // No row for an entry that no longer exists.
  CHECK(table.size() == rows);
  if (print) std::cout << printed.str();
}

}  // namespace reliability_bad_input_contract_test
