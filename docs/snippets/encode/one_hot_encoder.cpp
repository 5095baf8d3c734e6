#include <doctest/doctest.h>

#include <fepipe/encode/one_hot_encoder.hpp>

TEST_CASE("docs: OneHotEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("sex", Column::from_labels(std::vector<std::string>{"male", "female", "female", "male"}));
  X.add("embarked", Column::from_labels(std::vector<std::string>{"S", "C", "S", "Q"}));
  X.add("fare", Column::numeric({7.25, 71.28, 7.92, 8.05}));

  OneHotEncoder encoder({.drop_last = true});
  encoder.fit(X);
  // encoder.encoder_dict_.at("embarked") -> {"S", "C"}   (first appearance, last one dropped)
  // encoder.variables_binary_            -> {"sex"}

  Frame Xt = encoder.transform(X);
  // Xt.names()             -> {"fare", "sex_male", "embarked_S", "embarked_C"}
  // Xt.numeric("embarked_C") -> {0, 1, 0, 0}

  Frame unseen;
  unseen.add("sex", Column::from_labels(std::vector<std::string>{"female"}));
  unseen.add("embarked", Column::from_labels(std::vector<std::string>{"X"}));
  unseen.add("fare", Column::numeric({10.0}));
  // encoder.transform(unseen): embarked_S = embarked_C = 0   (an unseen category)
  // [/doc]
  CHECK(encoder.encoder_dict_.at("embarked") == std::vector<std::string>{"S", "C"});
  CHECK(encoder.variables_binary_ == std::vector<std::string>{"sex"});
  CHECK(Xt.names() == std::vector<std::string>{"fare", "sex_male", "embarked_S", "embarked_C"});
  CHECK(Xt.numeric("embarked_C")[1] == 1.0);
  CHECK(Xt.numeric("embarked_C")[0] == 0.0);
  const Frame u = encoder.transform(unseen);
  CHECK(u.numeric("embarked_S")[0] == 0.0);
  CHECK(u.numeric("embarked_C")[0] == 0.0);
}
