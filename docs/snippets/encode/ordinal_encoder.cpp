#include <doctest/doctest.h>

#include <fepipe/encode/ordinal_encoder.hpp>

TEST_CASE("docs: OrdinalEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("Neighborhood", Column::from_labels(std::vector<std::string>{"NAmes", "CollgCr", "NAmes", "OldTown",
                                                                      "CollgCr", "OldTown"}));
  Target y(6);
  y << 1, 5, 3, 9, 4, 10;  // mean per category: NAmes 2, CollgCr 4.5, OldTown 9.5

  OrdinalEncoder ordered;  // encoding_method = ordered: by ascending mean target
  ordered.fit(X, &y);
  // ordered.encoder_dict_.at("Neighborhood") -> {NAmes: 0, CollgCr: 1, OldTown: 2}

  OrdinalEncoder arbitrary({.encoding_method = OrdinalEncoding::arbitrary, .unseen = UnseenPolicy::encode});
  arbitrary.fit(X);
  // arbitrary.encoder_dict_.at("Neighborhood") -> {NAmes: 0, CollgCr: 1, OldTown: 2}   (first appearance)
  // an unseen neighborhood becomes -1
  // [/doc]
  const auto& d = ordered.encoder_dict_.at("Neighborhood");
  CHECK(d.at("NAmes") == 0.0);
  CHECK(d.at("CollgCr") == 1.0);
  CHECK(d.at("OldTown") == 2.0);
  CHECK(arbitrary.encoder_dict_.at("Neighborhood").keys() == std::vector<std::string>{"NAmes", "CollgCr", "OldTown"});
  Frame unseen;
  unseen.add("Neighborhood", Column::from_labels(std::vector<std::string>{"Somerst"}));
  CHECK(arbitrary.transform(unseen).numeric("Neighborhood")[0] == -1.0);
}
