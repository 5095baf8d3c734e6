#pragma once
// Precompiled for every test file (see tests/CMakeLists.txt): the
// third-party and standard headers that nearly all of them parse. fepipe's
// own headers are deliberately left out, so a fepipe header that forgets an
// include still fails to compile in the tests.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cereal/archives/json.hpp>
#include <cereal/archives/portable_binary.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>
