#include <doctest/doctest.h>

#include <fepipe/encode/count_frequency_encoder.hpp>

TEST_CASE("docs: CountFrequencyEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("MSZoning", Column::from_labels(std::vector<std::string>{"RM", "RL", "RL", "FV", "RL", "RM"}));

  CountFrequencyEncoder counts;  // encoding_method = count
  counts.fit(X);
  // counts.encoder_dict_.at("MSZoning") -> {RL: 3, RM: 2, FV: 1}   (descending count)

  CountFrequencyEncoder frequency({.encoding_method = CountEncoding::frequency, .unseen = UnseenPolicy::encode});
  Frame Xt = frequency.fit(X).transform(X);
  // Xt.numeric("MSZoning") -> {0.333, 0.5, 0.5, 0.167, 0.5, 0.333};  an unseen zone -> 0
  // [/doc]
  CHECK(counts.encoder_dict_.at("MSZoning").keys() == std::vector<std::string>{"RL", "RM", "FV"});
  CHECK(counts.encoder_dict_.at("MSZoning").at("RL") == 3.0);
  CHECK(Xt.numeric("MSZoning")[1] == 0.5);
  CHECK(Xt.numeric("MSZoning")[0] == 2.0 / 6.0);
  Frame unseen;
  unseen.add("MSZoning", Column::from_labels(std::vector<std::string>{"C (all)"}));
  CHECK(frequency.transform(unseen).numeric("MSZoning")[0] == 0.0);
}
