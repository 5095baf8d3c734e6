#pragma once
// The capping cases of tools/reference/catalogue_discretise_transform_outlier.py
// (capping_cases()), shared by the Winsorizer and OutlierTrimmer tests: the
// same data, variables and options give the same caps to both.

#include <optional>
#include <string>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/outlier/detail/capping.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

struct CappingCase {
  std::string name;
  bool titanic;
  std::vector<std::string> variables;
  fepipe::CappingMethod method;
  fepipe::Tail tail;
  std::optional<double> fold;  // unset = 'auto'
  fepipe::MissingValues missing = fepipe::MissingValues::raise;
};

inline const std::vector<CappingCase>& capping_cases() {
  using fepipe::CappingMethod;
  using fepipe::MissingValues;
  using fepipe::Tail;
  static const std::vector<std::string> house{"LotArea", "GrLivArea", "TotalBsmtSF", "SalePrice"};
  static const std::vector<std::string> house_nan{"LotFrontage", "MasVnrArea", "GarageYrBlt"};
  static const std::vector<std::string> titanic{"age", "fare"};
  static const std::vector<CappingCase> cases{
      {"house_gaussian_right", false, house, CappingMethod::gaussian, Tail::right, {}},
      {"house_iqr_both", false, house, CappingMethod::iqr, Tail::both, {}},
      {"house_quantiles_both_0.1", false, house, CappingMethod::quantiles, Tail::both, 0.1},
      {"house_mad_left", false, house, CappingMethod::mad, Tail::left, {}},
      {"house_gaussian_both_2", false, house, CappingMethod::gaussian, Tail::both, 2.0},
      {"house_quantiles_left", false, house, CappingMethod::quantiles, Tail::left, {}},
      {"house_nan_iqr_both", false, house_nan, CappingMethod::iqr, Tail::both, {}, MissingValues::ignore},
      {"titanic_gaussian_both", true, titanic, CappingMethod::gaussian, Tail::both, {}, MissingValues::ignore},
      {"titanic_mad_right", true, titanic, CappingMethod::mad, Tail::right, {}, MissingValues::ignore},
  };
  return cases;
}

inline const fepipe::Frame& house_frame() {
  static const fepipe::Frame X = load_houseprice();
  return X;
}

/// Titanic's numeric columns as the course reads them ("?" is missing).
inline fepipe::Frame titanic_frame(std::vector<std::string> columns) {
  return fepipe::read_csv(data_path("titanic.csv"), {.na_values = {"?"}, .usecols = std::move(columns)});
}

/// The case's variables only (as the reference fitted them).
inline fepipe::Frame case_frame(const CappingCase& c) {
  return c.titanic ? titanic_frame(c.variables) : house_frame().select(c.variables);
}

/// Options of Winsorizer or OutlierTrimmer for the case.
template <class Options>
Options case_options(const CappingCase& c) {
  Options o;
  o.capping_method = c.method;
  o.tail = c.tail;
  o.fold = c.fold;
  o.missing_values = c.missing;
  return o;
}

}  // namespace fepipe_test
