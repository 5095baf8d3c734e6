// A Pipeline whose middle step is not a Transformer must not compile, and the
// diagnostic must say why. Built twice by CTest: as is (must compile) and
// with FEPIPE_SHOULD_FAIL (must fail with the expected message).
// expect: every step except the last must model fepipe::Transformer

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/linear/lasso.hpp"

int main() {
#ifdef FEPIPE_SHOULD_FAIL
  fepipe::Pipeline p{fepipe::MeanMedianImputer{}, fepipe::Lasso{}, fepipe::Lasso{}};  // Lasso in the middle
#else
  fepipe::Pipeline p{fepipe::MeanMedianImputer{}, fepipe::Lasso{}};
#endif
  return p.is_fitted() ? 1 : 0;
}
