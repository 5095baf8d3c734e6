#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/encode/woe_encoder.hpp>

TEST_CASE("docs: WoEEncoder") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("sex", Column::from_labels(std::vector<std::string>{"female", "female", "female", "male", "male", "male"}));
  Target survived(6);
  survived << 1, 1, 0, 0, 0, 1;

  WoEEncoder encoder;
  encoder.fit(X, &survived);
  // female: 2 of the 3 survivors, 1 of the 3 others -> ln((2/3) / (1/3)) = ln 2
  // encoder.encoder_dict_.at("sex") -> {female: 0.693, male: -0.693}
  // [/doc]
  CHECK(encoder.encoder_dict_.at("sex").at("female") == doctest::Approx(std::log(2.0)));
  CHECK(encoder.encoder_dict_.at("sex").at("male") == doctest::Approx(-std::log(2.0)));
}
