// The misleading messages and silent results an adversarial run found
// (issue 10, item 8), each decided — an error that names the step, the
// column and the value, or a documented result — as listed in
// docs/bad-input-contract.md ("Pipelines and edge cases").

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/max_abs_scaler.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "fepipe/scale/robust_scaler.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "house_prices_pipeline.hpp"

namespace reliability_edge_cases_test {

using fepipe::Column;
using fepipe::Frame;

const std::pair<Frame, fepipe::Target>& house_data() {
  static const auto data = house_prices::load(std::string(FEPIPE_DATA_DIR) + "/houseprice.csv");
  return data;
}

const auto& house_pipeline() {
  static const auto pipe = [] {
    auto p = house_prices::make_pipeline();
    p.fit(house_data().first, house_data().second);
    return p;
  }();
  return pipe;
}

/// The first `n` rows of the House Prices features, with one cell changed.
Frame head_with(std::size_t n, const std::string& column, const Column& replacement) {
  Frame X = house_data().first.head(n);
  X.set(column, replacement);
  return X;
}

template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("a missing value in the elapsed-time reference is reported where it enters, not by the model") {
  const auto& pipe = house_pipeline();
  std::vector<double> yr(house_data().first.numeric("YrSold").begin(), house_data().first.numeric("YrSold").begin() + 3);
  yr[1] = std::numeric_limits<double>::quiet_NaN();
  const Frame X = head_with(3, "YrSold", Column::numeric(yr));
  CHECK(error_of<fepipe::DataError>([&] { (void)pipe.predict(X); }) ==
        "ElapsedTime: column 'YrSold': value nan at row 1 is missing (impute it first)");
  auto record = house_prices::record_of(X, 1);
  CHECK(error_of<fepipe::DataError>([&] { (void)pipe.predict_one(record); }) ==
        "ElapsedTime: column 'YrSold': value nan is missing (impute it first)");
}

TEST_CASE("a label outside the mapper's map is reported with the label, not as NaN by the model") {
  const auto& pipe = house_pipeline();
  const Frame X = head_with(2, "ExterQual", Column::categorical({0, 1}, {"TA", "Zz"}));
  CHECK(error_of<fepipe::UnseenCategoryError>([&] { (void)pipe.predict(X); }) ==
        "Mapper: column 'ExterQual': label 'Zz' is not in the mapping");
  auto record = house_prices::record_of(X, 1);
  CHECK(error_of<fepipe::UnseenCategoryError>([&] { (void)pipe.predict_one(record); }) ==
        "Mapper: column 'ExterQual': label 'Zz' is not in the mapping");
}

TEST_CASE("a pipeline fitted on one row predicts that row; other rows fail naming the step, column and value") {
  // Documented result: one row is a valid (if useless) training set, as in
  // scikit-learn; a category the row did not have is unseen afterwards.
  auto pipe = house_prices::make_pipeline();
  const Frame one = house_data().first.head(1);
  pipe.fit(one, house_data().second.head(1));
  CHECK(std::isfinite(pipe.predict(one)[0]));
  const std::string error = error_of<fepipe::Error>([&] { (void)pipe.predict(house_data().first.head(3)); });
  INFO(error);
  CHECK(error.find("column '") != std::string::npos);
  CHECK(error.find("row ") != std::string::npos);
}

TEST_CASE("an input far outside the training range extrapolates: finite, and the same on both paths") {
  // Documented result: linear models extrapolate (scikit-learn's numbers);
  // fepipe does not refuse finite inputs by their size.
  const auto& pipe = house_pipeline();
  Frame X = house_data().first.head(1);
  X.set("GarageArea", Column::numeric({1e308}));
  const double batch = pipe.predict(X)[0];
  const double one = pipe.predict_one(house_prices::record_of(X, 0));
  CHECK(std::isfinite(batch));
  CHECK(batch > 1e300);
  CHECK(batch == one);
}

TEST_CASE("a numeric imputer on a column without values learns NaN, as feature-engine; the model names the column") {
  // Documented result: feature-engine's numbers (its own tests pin NaN fill
  // numbers for all-missing and infinite columns), and the NaN is refused
  // where it cannot be used, with the column named.
  Frame X(3);
  X.add("a", Column::numeric({1.0, 2.0, 3.0}));
  X.add("b", Column::numeric({NAN, NAN, NAN}));
  fepipe::MeanMedianImputer imp;
  imp.fit(X);
  CHECK(std::isnan(imp.imputer_dict_.at("b")));
  fepipe::MeanMedianImputer loaded;
  fepipe::load_model_from_memory(fepipe::save_model_to_string(imp), loaded);
  CHECK(std::isnan(loaded.transform(X).numeric("b")[0]));
  fepipe::Pipeline pipe{fepipe::MeanMedianImputer(), fepipe::Lasso()};
  CHECK(error_of<fepipe::DataError>([&] { pipe.fit(X, fepipe::Target::Ones(3)); }).find("column 'b'") !=
        std::string::npos);
}

TEST_CASE("scalers keep scikit-learn's statistics for values near the double limit; the model names the column") {
  // Documented result: the scalers reproduce scikit-learn's numbers, whose
  // reference tests pin NaN variances for values near 1e300; the overflow
  // then surfaces as NaN or inf, which estimators refuse naming the column.
  Frame X(2);
  X.add("big", Column::numeric({1e308, -1e308}));
  fepipe::MinMaxScaler mm;
  mm.fit(X);
  CHECK(std::isinf(mm.data_range_[0]));
  fepipe::StandardScaler ss;
  ss.fit(X);
  CHECK_FALSE(std::isfinite(ss.var_[0]));
  fepipe::StandardScaler loaded;
  fepipe::load_model_from_memory(fepipe::save_model_to_string(ss), loaded);  // saves and loads as fitted
  // The variance is inf, which scikit-learn's constant-feature bound (also
  // inf) takes for a constant: the scale is 1 and the column passes unscaled.
  CHECK(loaded.scale_[0] == 1.0);
  CHECK(loaded.transform(X).numeric("big")[0] == 1e308);
  CHECK(loaded.transform(X).numeric("big")[1] == -1e308);
}

TEST_CASE("a scaler fitted on a column without values learns NaN, saves, and loads again (scikit-learn's result)") {
  Frame X(2);
  X.add("a", Column::numeric({1.0, 2.0}));
  X.add("b", Column::numeric({NAN, NAN}));
  fepipe::StandardScaler s;
  s.fit(X);
  CHECK(std::isnan(s.mean_[1]));
  fepipe::StandardScaler loaded;
  fepipe::load_model_from_memory(fepipe::save_model_to_string(s), loaded);
  CHECK(std::isnan(loaded.transform(X).numeric("b")[0]));
}

}  // namespace reliability_edge_cases_test
