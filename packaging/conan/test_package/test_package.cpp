// Conan's test_package: fits a small pipeline on an xtensor array, saves it
// as a portable binary model, loads it back and predicts one record. It
// includes the umbrella header, so every header compiles against the Eigen,
// xtensor and cereal versions Conan resolved. CI builds this same program
// against fepipe's CMake install (tools/ci/stages/20-package.sh).

#include <cmath>
#include <cstdio>
#include <string>

#include <fepipe/core/xtensor_interop.hpp>
#include <fepipe/fepipe.hpp>

int main() {
  // y = 1 + 2 a - b, column-major so the Frame borrows the array's memory.
  xt::xtensor<double, 2, xt::layout_type::column_major> x = {
      {0.0, 1.0}, {1.0, 0.0}, {2.0, 2.0}, {3.0, 1.0}, {4.0, 3.0}, {5.0, 0.0}};
  const fepipe::Frame X = fepipe::from_xtensor(x, {"a", "b"});
  fepipe::Target y(6);
  for (Eigen::Index i = 0; i < 6; ++i)
    y[i] = 1.0 + 2.0 * x(static_cast<std::size_t>(i), 0) - x(static_cast<std::size_t>(i), 1);

  fepipe::Pipeline pipeline(fepipe::MinMaxScaler(), fepipe::Lasso({.alpha = 1e-4}));
  pipeline.fit(X, y);
  const std::string bytes = fepipe::save_model_to_string(pipeline, fepipe::ModelFormat::binary);

  decltype(pipeline) loaded;
  fepipe::load_model_from_memory(bytes, loaded);
  const double expected = pipeline.predict_one({2.5, 1.5});
  const double got = loaded.predict_one({2.5, 1.5});
  std::printf("fepipe %s: predicted %.6f for a=2.5, b=1.5 (exact 4.5) from a %zu-byte model\n", FEPIPE_VERSION_STRING,
              got, bytes.size());
  return got == expected && std::abs(got - 4.5) < 1e-2 ? 0 : 1;
}
