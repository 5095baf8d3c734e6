#include <doctest/doctest.h>

#include <fepipe/encode/mean_encoder.hpp>

TEST_CASE("docs: MeanEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("cabin", Column::from_labels(std::vector<std::string>{"A", "A", "B", "C", "C", "C"}));
  Target y(6);
  y << 1, 3, 5, 4, 6, 8;  // prior (mean of y) = 4.5

  MeanEncoder plain;  // smoothing 0: the category's mean target
  plain.fit(X, &y);
  // plain.encoder_dict_.at("cabin") -> {A: 2, B: 5, C: 6}

  // lambda = n / (n + smoothing) blends small categories towards the prior.
  MeanEncoder smoothed({.unseen = UnseenPolicy::encode, .smoothing = 1.0});
  smoothed.fit(X, &y);
  // smoothed.encoder_dict_.at("cabin") -> {A: 2.8333, B: 4.75, C: 5.625};  unseen -> 4.5

  MeanEncoder automatic({.smoothing_method = MeanSmoothing::automatic});  // feature-engine's 'auto'
  // [/doc]
  const auto& p = plain.encoder_dict_.at("cabin");
  CHECK(p.at("A") == 2.0);
  CHECK(p.at("B") == 5.0);
  CHECK(p.at("C") == 6.0);
  const auto& s = smoothed.encoder_dict_.at("cabin");
  CHECK(s.at("A") == doctest::Approx(17.0 / 6.0));
  CHECK(s.at("B") == 4.75);
  CHECK(s.at("C") == 5.625);
  CHECK(smoothed.prior_ == 4.5);
  CHECK(automatic.fit(X, &y).encoder_dict_.at("cabin").size() == 3);
}
