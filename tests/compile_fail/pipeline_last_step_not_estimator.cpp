// The last step must be a Transformer or an Estimator.
// expect: the last step must model fepipe::Transformer or fepipe::Estimator

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"

struct NotAStep {
  int value = 0;
};

int main() {
#ifdef FEPIPE_SHOULD_FAIL
  fepipe::Pipeline p{fepipe::MeanMedianImputer{}, NotAStep{}};
#else
  fepipe::Pipeline p{fepipe::MeanMedianImputer{}};
#endif
  return p.is_fitted() ? 1 : 0;
}
