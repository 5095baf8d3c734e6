// Loading work grows with the file, not with its square: a model file with n
// columns or dictionary entries loads in O(n log n) (core/detail/
// name_lookup.hpp). Name lookups that scan a list per name (duplicate-key
// checks, resolving variables to schema positions) made a wide model — and
// so a hostile file — take quadratic time: minutes for a few megabytes.
// Fitting still looks names up linearly (Frame, Dict: fastest at the usual
// widths), so the frame here stays at a width fit handles in well under a
// second; the load below was the quadratic part.

#include <doctest/doctest.h>

#include <string>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/io/model_file.hpp"

namespace reliability_load_work_test {

using namespace fepipe;

namespace {

Frame wide_frame(int columns) {
  Frame f(2);
  for (int j = 0; j < columns; ++j) {
    std::string name = "c";  // not "c" + to_string(): GCC 12 -O3 warns falsely on it
    name += std::to_string(j);
    f.add(name, Column::numeric({1.0 * j, std::nan("")}));
  }
  return f;
}

}  // namespace

TEST_CASE("a model with 20,000 columns saves and loads, and round-trips exactly") {
  const Frame X = wide_frame(20000);
  MeanMedianImputer m;
  m.fit(X);
  const std::string bin = save_model_to_string(m, ModelFormat::binary);
  MeanMedianImputer loaded;
  load_model_from_memory(bin, loaded);
  CHECK(loaded.imputer_dict_.size() == 20000);
  CHECK(save_model_to_string(loaded, ModelFormat::binary) == bin);
}

TEST_CASE("a dictionary with a repeated key is still rejected, wherever the repeat is") {
  MeanMedianImputer m;
  m.fit(wide_frame(50));
  const std::string json = save_model_to_string(m, ModelFormat::json);
  // Rename the last dictionary key to the first one's name.
  std::string hostile = json;
  const std::size_t at = hostile.rfind("\"c49\"");
  REQUIRE(at != std::string::npos);
  hostile.replace(at, 5, "\"c0\"");
  MeanMedianImputer loaded;
  CHECK_THROWS_WITH_AS(load_model_from_memory(hostile, loaded), doctest::Contains("duplicate key 'c0'"),
                       ModelFormatError);
}

}  // namespace reliability_load_work_test
