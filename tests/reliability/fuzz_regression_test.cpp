// Replays every input the fuzzers ever found to crash, leak, time out or
// break a property (tests/fuzz/regression/<target>/), through the same entry
// points the fuzzers call (tests/fuzz/entry_points.hpp). Each file stays
// here after its defect is fixed, so the defect cannot come back unnoticed;
// the sanitizer build replays them under ASan/UBSan as the fuzzers did.

#include <doctest/doctest.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

#include "fuzz/entry_points.hpp"

namespace reliability_fuzz_regression_test {

namespace fs = std::filesystem;

TEST_CASE("every fuzz reproducer replays cleanly") {
  const fs::path root = fs::path(FEPIPE_TEST_DATA_DIR).parent_path() / "fuzz" / "regression";
  REQUIRE(fs::is_directory(root));
  int replayed = 0;
  for (const auto& [name, entry_point] : fepipe_fuzz::targets()) {
    const fs::path dir = root / name;
    REQUIRE_MESSAGE(fs::is_directory(dir), "missing " << dir.string());
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(dir))
      if (f.is_regular_file() && f.path().filename().string().front() != '.') files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      INFO(name << " reproducer " << file.filename().string());
      std::ifstream in(file, std::ios::binary);
      const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      try {
        entry_point(bytes);
      } catch (const std::exception& e) {
        FAIL_CHECK(std::string(typeid(e).name()) << ": " << std::string(e.what()));
      }
      ++replayed;
    }
  }
  MESSAGE(replayed << " reproducers replayed");
}

}  // namespace reliability_fuzz_regression_test
