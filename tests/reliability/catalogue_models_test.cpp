// The second half of the reliability catalogue (catalogue_models.cpp:
// scaling, selection, creation, linear and tree models, the course
// pipelines): the course pipelines fit.

#include <doctest/doctest.h>

#include "reliability/any_model.hpp"

namespace reliability_catalogue_models_test {

using namespace fepipe_rel;

TEST_CASE("the course pipelines fit on their data") {
  for (const auto& e : catalogue()) {
    if (e.dataset.empty()) continue;
    INFO(e.label);
    const auto& [X, y] = course_data(e.dataset);
    auto m = e.make();
    m->fit(X, &y);
    CHECK(m->is_fitted());
    CHECK(m->apply(X.head(5)).rows() == 5);
  }
}

}  // namespace reliability_catalogue_models_test
