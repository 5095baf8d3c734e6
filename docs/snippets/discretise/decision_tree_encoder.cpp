#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/encode/decision_tree_encoder.hpp>

TEST_CASE("docs: DecisionTreeEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("city", Column::from_labels(std::vector<std::string>{"Ames", "Boone", "Clive", "Ames", "Boone", "Clive",
                                                             "Ames", "Boone", "Clive"}));
  Target y(9);
  y << 100, 210, 205, 102, 200, 212, 98, 205, 208;  // Ames is cheap, Boone and Clive alike

  DecisionTreeEncoder enc({.param_grid = {.max_depth = {1}}, .unseen = UnseenPolicy::encode, .fill_value = -1.0});
  enc.fit(X, &y);
  // codes 0, 1, 2 by first appearance; the tree splits Ames from the others:
  // enc.encoder_dict_.at("city") -> {Ames: 100, Boone: 206.66..., Clive: 206.66...}

  Frame unseen;
  unseen.add("city", Column::from_labels(std::vector<std::string>{"Dallas"}));
  // enc.transform(unseen).numeric("city") -> {-1}
  // [/doc]
  const auto& d = enc.encoder_dict_.at("city");
  CHECK(d.at("Ames") == 100.0);
  CHECK(d.at("Boone") == doctest::Approx(1240.0 / 6.0));
  CHECK(d.at("Clive") == d.at("Boone"));
  CHECK(enc.transform(unseen).numeric("city")[0] == -1.0);
}
