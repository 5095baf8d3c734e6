#pragma once
// The synthetic regression / classification data of tools/reference/tree_gb.py
// (tests/data/inputs/tree_synthetic.csv): six features f0..f5 and the targets
// y_reg, y_bin (0/1) and y_multi (0..2).

#include <string>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

inline const fepipe::Frame& synthetic_frame() {
  static const fepipe::Frame frame = read_input_frame("tree_synthetic");
  return frame;
}

inline fepipe::Frame synthetic_features() { return synthetic_frame().select({"f0", "f1", "f2", "f3", "f4", "f5"}); }

}  // namespace fepipe_test
