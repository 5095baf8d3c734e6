// Replays the signed_model fuzz target's reproducers
// (tests/fuzz/regression/signed_model/) and its seeds through the same entry
// point the fuzzer calls (tests/fuzz/signed_entry_point.hpp); the other
// targets are replayed by test_reliability, which does not link libsodium.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

#include "fuzz/signed_entry_point.hpp"

namespace signing_fuzz_regression_test {

namespace fs = std::filesystem;

void replay(const std::string& bytes) {
  const std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  try {
    fepipe_fuzz::signed_model(input);
  } catch (const std::exception& e) {
    FAIL_CHECK(std::string(typeid(e).name()) << ": " << std::string(e.what()));
  }
}

TEST_CASE("every signed_model reproducer and seed replays cleanly") {
  const fs::path dir = fs::path(FEPIPE_TEST_DATA_DIR).parent_path() / "fuzz" / "regression" / "signed_model";
  REQUIRE(fs::is_directory(dir));
  int replayed = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (!f.is_regular_file() || f.path().filename().string().front() == '.') continue;
    INFO(f.path().filename().string());
    std::ifstream in(f.path(), std::ios::binary);
    replay(std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
    ++replayed;
  }
  int seeds = fepipe_fuzz::write_signed_seeds([&](const std::string& name, const std::string& bytes) {
    INFO(name);
    replay(bytes);
    // A seed with one byte flipped anywhere in the trailer or body is refused
    // or loads cleanly, never anything else.
    for (std::size_t at = 1; at < bytes.size(); at += 97) {
      std::string flipped = bytes;
      flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
      replay(flipped);
    }
  });
  CHECK(seeds == 6);
  MESSAGE(replayed << " reproducers and " << seeds << " seeds replayed");
}

}  // namespace signing_fuzz_regression_test
