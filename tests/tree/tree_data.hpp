#pragma once
// Reference data of the tree tests (tools/reference/tree_gb.py): the
// datasets the generator fitted on, its outputs, and the comparisons that
// report the worst relative difference.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/io/csv.hpp"
#include "support/reference.hpp"

namespace tree_test {

using namespace fepipe;

struct Dataset {
  Frame X;
  Frame query;  // rows on and between split thresholds; no columns if none
  Target y;
  Eigen::VectorXd weight;
};

// The generator fills missing values with the column median (pandas'), as here.
inline Frame fill_median(const Frame& X) {
  Frame out(X.rows());
  for (std::size_t c = 0; c < X.cols(); ++c) {
    std::vector<double> v(X.column(c).values().begin(), X.column(c).values().end());
    const double m = detail::nan_median(v);
    for (double& x : v)
      if (std::isnan(x)) x = m;
    out.add(X.name(c), Column::numeric(std::move(v)));
  }
  return out;
}

inline Target column_vector(const Frame& f, const std::string& name) {
  auto v = f.numeric(name);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

inline Dataset make_dataset(const std::string& name) {
  Dataset d;
  if (name == "house") {
    const Frame hp = fepipe_test::load_houseprice();
    Frame X(hp.rows());
    for (std::size_t c = 0; c < hp.cols(); ++c)
      if (hp.column(c).is_numeric() && hp.name(c) != "Id" && hp.name(c) != "SalePrice")
        X.add(hp.name(c), hp.column(c));
    d.X = fill_median(X);
    d.y = column_vector(hp, "SalePrice");
  } else if (name == "titanic" || name == "titanic_multi") {
    const Frame t = read_csv(fepipe_test::data_path("titanic.csv"), {.na_values = {"?"}});
    const Frame X = fill_median(t.select({"pclass", "age", "sibsp", "parch", "fare"}));
    if (name == "titanic") {
      d.X = X;
      d.y = column_vector(t, "survived");
    } else {
      // The ticket class (0..2) from the other features.
      d.X = X.select({"age", "sibsp", "parch", "fare"});
      d.X.add("survived", t["survived"]);
      d.y = column_vector(X, "pclass").array() - 1.0;
    }
  } else {
    const Frame s = fepipe_test::read_input_frame("tree_synthetic");
    d.X = s.select({"f0", "f1", "f2", "f3", "f4", "f5"});
    d.query = fepipe_test::read_input_frame("tree_synthetic_query");
    d.y = column_vector(s, name == "syn_reg" ? "y_reg" : name == "syn_bin" ? "y_bin" : "y_multi");
    d.weight = column_vector(s, "weight");
  }
  return d;
}

inline const Dataset& dataset(const std::string& name) {
  static std::map<std::string, Dataset> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, make_dataset(name)).first;
  return it->second;
}

inline std::vector<double> reference_column(const std::string& file, const std::string& column) {
  const Frame f = fepipe_test::read_reference_frame("tree/" + file);
  auto v = f.numeric(column);
  return {v.begin(), v.end()};
}

inline std::vector<double> reference_values(const std::string& file) {
  std::vector<double> out;
  for (const auto& row : fepipe_test::read_attribute("tree/" + file)) out.push_back(row.value);
  return out;
}

inline double compare(std::span<const double> actual, std::span<const double> expected, double rel, const std::string& what) {
  INFO(what);
  REQUIRE(actual.size() == expected.size());
  double worst = 0.0;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double a = actual[i], e = expected[i];
    if (e != 0.0) worst = std::max(worst, std::fabs(a - e) / std::fabs(e));
    if (!(std::fabs(a - e) <= rel * std::fabs(e) + 1e-15) && bad++ < 5) {
      INFO("index " << i << " actual " << a << " expected " << e);
      CHECK(false);
    }
  }
  CHECK(bad == 0);
  return worst;
}

inline void report(const std::string& case_name, double worst) {
  // Opt-in, for the parity table: FEPIPE_PARITY_REPORT=1 ./test_tree
  if (std::getenv("FEPIPE_PARITY_REPORT")) std::printf("parity %-36s max rel diff %.3g\n", case_name.c_str(), worst);
}

inline std::vector<double> to_std(const Eigen::MatrixXd& m) {
  // Row-major, as the reference files list probabilities.
  std::vector<double> out;
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) out.push_back(m(r, c));
  return out;
}

/// The reference probabilities p0..p{k-1} of a file, row-major, and its labels.
inline std::pair<std::vector<double>, std::vector<double>> reference_proba(const std::string& file) {
  const Frame f = fepipe_test::read_reference_frame("tree/" + file);
  std::vector<std::span<const double>> columns;
  for (std::size_t k = 0;; ++k) {
    std::string name = "p";
    name += std::to_string(k);
    if (!f.contains(name)) break;
    columns.push_back(f.numeric(name));
  }
  std::vector<double> p;
  for (std::size_t r = 0; r < f.rows(); ++r)
    for (const auto& column : columns) p.push_back(column[r]);
  auto labels = f.numeric("label");
  return {p, {labels.begin(), labels.end()}};
}

/// Every row of X as a record of numbers.
inline std::vector<std::vector<Value>> records(const Frame& X) {
  std::vector<std::vector<Value>> out(X.rows());
  for (std::size_t r = 0; r < X.rows(); ++r)
    for (std::size_t c = 0; c < X.cols(); ++c) out[r].emplace_back(X.column(c).values()[r]);
  return out;
}

}  // namespace tree_test
