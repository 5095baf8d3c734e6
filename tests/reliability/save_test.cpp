// Saving is atomic (issue 6, scope 5): save_model writes a temporary file in
// the target's folder, flushes it to disk and renames it over the target, so
// a reader — or a process that crashes mid-save — sees the old file or the
// new one, never a mixture. Tested by killing (SIGKILL) a child process that
// saves in a loop, at many moments, and by paths that cannot be written.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>     // kill, SIGKILL
#include <sys/wait.h>   // waitpid
#include <unistd.h>     // fork, getpid, _exit

#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/io/model_file.hpp"

namespace reliability_save_test {

using namespace fepipe;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("fepipe_save_test_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A model whose file takes a while to write: one imputed value per column
/// of a wide frame. `shift` makes two models of the same size but
/// different bytes.
MeanMedianImputer wide_model(double shift) {
  Frame f(2);
  for (int j = 0; j < 20000; ++j)
    f.add("column_" + std::to_string(j), Column::numeric({shift + j, shift + 2.0 * j}));
  MeanMedianImputer m;
  m.fit(f);
  return m;
}

}  // namespace

TEST_CASE("a process killed while saving leaves the old model or the new one, never a partial file") {
  const fs::path dir = fresh_dir("kill");
  const fs::path target = dir / "model.fpm";
  const MeanMedianImputer a = wide_model(0.0), b = wide_model(0.5);
  const std::string bytes_a = save_model_to_string(a, ModelFormat::binary);
  const std::string bytes_b = save_model_to_string(b, ModelFormat::binary);
  REQUIRE(bytes_a.size() > 200000);
  REQUIRE(bytes_a != bytes_b);

  int absent = 0, complete = 0;
  for (int round = 0; round < 24; ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      // The child saves A and B alternately until it is killed. It never
      // returns into doctest; _exit skips the parent's atexit handlers.
      for (;;) {
        try {
          save_model(a, target);
          save_model(b, target);
        } catch (...) {
          ::_exit(3);
        }
      }
    }
    // Kill it at a different moment each round: before its first save
    // completes, and at many points of later ones. In the second half of
    // the rounds the kill comes only once a first save has landed, however
    // slow the disk's fsync on a loaded machine (bounded by 20 s).
    if (round >= 12)
      for (int wait = 0; wait < 20000 && !fs::exists(target); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::microseconds(200 + 1700 * (round % 12)));
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));  // it was still saving, not failing
    CHECK(WTERMSIG(status) == SIGKILL);
    if (!fs::exists(target)) {
      ++absent;
      continue;
    }
    const std::string got = read_all(target);
    INFO("round " << round << ": " << got.size() << " bytes");
    CHECK((got == bytes_a || got == bytes_b));
    // And it loads.
    MeanMedianImputer loaded;
    CHECK_NOTHROW(load_model_from_memory(got, loaded));
    ++complete;
  }
  MESSAGE("killed 24 saving processes: target absent " << absent << " times, complete " << complete << " times");
  CHECK(complete > 0);
  fs::remove_all(dir);
}

TEST_CASE("saving over a model replaces it whole and leaves no temporary file") {
  const fs::path dir = fresh_dir("replace");
  const fs::path target = dir / "model.fpm";
  save_model(wide_model(0.0), target);
  const MeanMedianImputer b = wide_model(1.0);
  save_model(b, target);
  CHECK(read_all(target) == save_model_to_string(b, ModelFormat::binary));
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir)) files.push_back(f.path());
  CHECK(files.size() == 1);
  fs::remove_all(dir);
}

TEST_CASE("an unwritable path gives a clear error and leaves nothing behind") {
  const fs::path dir = fresh_dir("unwritable");
  const MeanMedianImputer m = wide_model(0.0);
  std::ofstream(dir / "a_file") << "x";
  // Cases that fail for root too (CI may run as root, for which permission
  // bits do not stop a write).
  SUBCASE("a missing folder") {
    CHECK_THROWS_WITH_AS(save_model(m, dir / "no" / "such" / "m.fpm"),
                         doctest::Contains("cannot write model file"), Error);
  }
  SUBCASE("a folder that is a file") {
    CHECK_THROWS_WITH_AS(save_model(m, dir / "a_file" / "m.fpm"), doctest::Contains("Not a directory"), Error);
  }
  SUBCASE("a target that is a folder") {
    fs::create_directories(dir / "taken");
    CHECK_THROWS_WITH_AS(save_model(m, dir / "taken"), doctest::Contains("cannot write model file"), Error);
    CHECK(fs::is_directory(dir / "taken"));
  }
  // Whatever failed, only the file put there by the test remains.
  std::vector<std::string> left;
  for (const auto& f : fs::directory_iterator(dir)) left.push_back(f.path().filename().string());
  std::sort(left.begin(), left.end());
  CHECK((left == std::vector<std::string>{"a_file"} || left == std::vector<std::string>{"a_file", "taken"}));
  fs::remove_all(dir);
}

}  // namespace reliability_save_test
