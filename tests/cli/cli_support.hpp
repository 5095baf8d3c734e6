#pragma once
// Shared by the cli family's tests: the tool run in-process with string
// streams, a scratch directory, and file helpers.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <unistd.h>

#include "fepipe/cli/cli.hpp"

namespace cli_support {

namespace fs = std::filesystem;

/// What one run of the tool gave: exit code, stdout, stderr.
struct Result {
  int code;
  std::string out, err;
};

/// `fepipe <args...>` through fepipe::cli::run.
inline Result fepipe_run(std::vector<std::string> args) {
  args.insert(args.begin(), "fepipe");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = fepipe::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
inline void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

/// A directory of its own under the temporary directory, removed at the end.
struct Dir {
  fs::path path;
  explicit Dir(const std::string& prefix)
      : path(fs::temp_directory_path() / (prefix + "_" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~Dir() { fs::remove_all(path); }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

/// The JSON model file as a pipeline file of version 1 (before baselines):
/// the pipeline's version set to 1 and its "drift_baseline" object removed.
inline std::string as_version_1(std::string json) {
  const std::size_t model = json.find("\"model\": {");
  REQUIRE(model != std::string::npos);
  const std::size_t version = json.find("\"version\": 2", model);
  REQUIRE(version != std::string::npos);
  json.replace(version, 12, "\"version\": 1");
  const std::size_t begin = json.find("\"drift_baseline\": {");
  REQUIRE(begin != std::string::npos);
  std::size_t i = json.find('{', begin);
  int depth = 0;
  bool in_string = false;
  for (; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      break;
    }
  }
  REQUIRE(i < json.size());
  std::size_t end = json.find_first_not_of(" \n", i + 1);
  if (json[end] == ',') ++end;
  json.erase(begin, end - begin);
  return json;
}

}  // namespace cli_support
