#include <doctest/doctest.h>

#include <fepipe/encode/rare_label_encoder.hpp>

TEST_CASE("docs: RareLabelEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("MSZoning", Column::from_labels(std::vector<std::string>{"RL", "RL", "RM", "RL", "FV", "RM", "RL", "RL",
                                                                  "RM", "RL"}));

  RareLabelEncoder encoder({.tol = 0.2, .n_categories = 1});
  encoder.fit(X);
  // encoder.encoder_dict_.at("MSZoning") -> {"RL", "RM"}   (shares 0.6 and 0.3 >= tol; FV has 0.1)

  Frame Xt = encoder.transform(X);
  // MSZoning -> {"RL", "RL", "RM", "RL", "Rare", "RM", "RL", "RL", "RM", "RL"}
  // [/doc]
  CHECK(encoder.encoder_dict_.at("MSZoning") == std::vector<std::string>{"RL", "RM"});
  const Column& c = Xt["MSZoning"];
  CHECK(c.label(c.codes()[4]) == "Rare");
  CHECK(c.label(c.codes()[2]) == "RM");
}
