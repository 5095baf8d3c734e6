#pragma once
// What every scikit-learn scaler test does against the reference files of
// tools/reference/catalogue_scale_create_select.py, in one place.

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "scale/step_test_support.hpp"

namespace fepipe_test {

/// The House Prices columns the scaler references use (several with NaN).
inline fepipe::Frame house_scaler_columns() {
  static const std::vector<std::string> cols = {"LotFrontage", "LotArea",  "MasVnrArea", "BsmtFinSF1", "GarageYrBlt",
                                                "GrLivArea",   "PoolArea", "MiscVal",    "YrSold",     "SalePrice"};
  return load_houseprice().select(cols);
}

/// A learned per-variable array, by its reference file name.
template <class S>
struct Learned {
  const char* name;
  std::function<std::vector<double>(const S&)> get;
};

template <class T>
std::vector<double> as_doubles(const std::vector<T>& v) {
  return std::vector<double>(v.begin(), v.end());
}

/// Fits `scaler` on X_fit, compares the learned arrays with
/// `scale/<ref>__<name>.csv` and, when the file exists, the transform of X
/// with `scale/<ref>__transform.csv`. Returns the fitted scaler.
template <class S>
S check_scaler_reference(S scaler, const std::string& ref, const fepipe::Frame& X_fit, const fepipe::Frame& X,
                         const std::vector<Learned<S>>& learned, double rel = 1e-12) {
  INFO("case " << ref);
  scaler.fit(X_fit);
  for (const auto& l : learned)
    check_learned(scaler.variables_, l.get(scaler), "scale/" + ref + "__" + l.name + ".csv", rel);
  if (std::filesystem::exists(reference_path("scale/" + ref + "__transform.csv")))
    check_columns_close(scaler.transform(X), read_reference_frame("scale/" + ref + "__transform.csv"), rel);
  return scaler;
}

/// The step inside a Pipeline ending in a Lasso: the pipeline predicts what
/// the step and a Lasso fitted by hand predict, single records agree with
/// the batch and do not allocate, and the saved pipeline predicts the same.
template <class Step>
void check_in_lasso_pipeline(const Step& step, const fepipe::Frame& X, const fepipe::Target& y) {
  fepipe::Pipeline pipe(step, fepipe::Lasso({.alpha = 0.01, .random_state = 0u}));
  pipe.fit(X, y);
  Step by_hand = step;
  by_hand.fit(X);
  fepipe::Lasso lasso({.alpha = 0.01, .random_state = 0u});
  lasso.fit(by_hand.transform(X), y);
  const Eigen::VectorXd expected = lasso.predict(by_hand.transform(X));
  const Eigen::VectorXd predicted = pipe.predict(X);
  REQUIRE(predicted.size() == expected.size());
  for (Eigen::Index i = 0; i < predicted.size(); ++i) CHECK(same_bits(predicted[i], expected[i]));
  CHECK(pipe.feature_names_out() == by_hand.feature_names_out());

  static_assert(decltype(pipe)::row_path, "every step supports single records");
  fepipe::Workspace ws;
  std::vector<fepipe::Value> record(X.cols());
  for (std::size_t r = 0; r < X.rows(); ++r) {
    fill_record(X, r, record);
    double one = 0.0;
    std::size_t allocated = 0;
    {
      CountAllocations counter;
      one = pipe.predict_one(record, ws);
      allocated = counter.count();
    }
    if (r > 0) CHECK(allocated == 0);
    CHECK(same_bits(one, predicted[static_cast<Eigen::Index>(r)]));
  }

  auto [from_json, from_bin] = roundtrip_both(pipe);
  const Eigen::VectorXd again = from_bin.predict(X);
  for (Eigen::Index i = 0; i < again.size(); ++i) CHECK(same_bits(again[i], predicted[i]));
}

}  // namespace fepipe_test
