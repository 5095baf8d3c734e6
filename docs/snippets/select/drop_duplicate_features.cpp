#include <doctest/doctest.h>

#include <fepipe/select/drop_duplicate_features.hpp>

TEST_CASE("docs: DropDuplicateFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotArea", Column::numeric({8450.0, 9600.0, NAN}));
  X.add("GrLivArea", Column::numeric({1710.0, 1262.0, 1786.0}));
  X.add("LotArea_copy", Column::numeric({8450.0, 9600.0, NAN}));  // NaN equals NaN

  DropDuplicateFeatures dedup;
  dedup.fit(X);
  // dedup.duplicated_feature_sets_ -> {{"LotArea", "LotArea_copy"}}
  // dedup.features_to_drop_        -> {"LotArea_copy"}   (the first of a group stays)
  // [/doc]
  CHECK(dedup.duplicated_feature_sets_ == std::vector<std::vector<std::string>>{{"LotArea", "LotArea_copy"}});
  CHECK(dedup.features_to_drop_ == std::vector<std::string>{"LotArea_copy"});
}
