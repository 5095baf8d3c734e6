#pragma once
// The cross-validation and search reference cases
// (tools/reference/model_selection_search.py): the data sets, the specs of
// the pipelines whose scikit-learn twins the generator runs, and readers of
// its variable,key,value files.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "support/attribute_dicts.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

struct SearchData {
  fepipe::Frame X;
  fepipe::Target y;
};

/// "search_reg" (4 features, linear target) or "search_clf" (3 features, 0/1).
inline SearchData search_data(const std::string& name) {
  SearchData d;
  d.X = read_reference_frame("model_selection/" + name + "__X.csv");
  const fepipe::Frame yf = read_reference_frame("model_selection/" + name + "__y.csv");
  const auto v = yf["y"].values();
  d.y = fepipe::Target(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) d.y[static_cast<Eigen::Index>(i)] = v[i];
  return d;
}

/// StandardScaler + Lasso(alpha=0.05), the twin of the generator's reg_pipe.
inline const char* reg_spec =
    R"({"steps": [["scaler", {"class": "StandardScaler"}], ["lasso", {"class": "Lasso", "alpha": 0.05}]]})";
/// MinMaxScaler + LogisticRegression(), the twin of clf_pipe.
inline const char* clf_spec =
    R"({"steps": [["scaler", {"class": "MinMaxScaler"}], ["logreg", {"class": "LogisticRegression"}]]})";

/// The rows of a variable,key,value file grouped by variable, in file order.
inline std::map<std::string, std::vector<AttributeRow>> rows_by_variable(const std::string& rel) {
  std::map<std::string, std::vector<AttributeRow>> out;
  for (auto& r : read_attribute("model_selection/" + rel)) out[r.variable].push_back(r);
  return out;
}

/// The numbers of one variable, in key order as written.
inline std::vector<double> numbers_of(const std::vector<AttributeRow>& rows) {
  std::vector<double> out;
  for (const auto& r : rows) out.push_back(r.value);
  return out;
}

}  // namespace fepipe_test
