#pragma once
// What every scikit-learn scaler test does against the reference files of
// tools/reference/catalogue_scale_create_select.py, in one place.

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "support/step_test_support.hpp"

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

}  // namespace fepipe_test
