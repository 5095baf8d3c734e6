#pragma once
// Seed corpora, written by the fuzz binary itself (FEPIPE_FUZZ_SEEDS=<dir>),
// so that the seeds always match the current model-file layout and no
// second program has to be compiled in CI:
//   model_json / model_binary  every catalogue type, fitted on a synthetic
//       frame (course pipelines: on a slice of their data), saved in that
//       format; each type unfitted; the released model files of
//       tests/data/model_files/.
//   csv          the head of every CSV file in data/ and tests/data/inputs/,
//                with several option bytes, plus hand-made edge cases.
//   predict_one  records of real rows and of seen categories.

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include "fuzz/entry_points.hpp"
#include "reliability/frames.hpp"

namespace fepipe_fuzz {

inline void write_seed(const std::filesystem::path& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write seed " + (dir / name).string());
}

inline std::string file_head(const std::filesystem::path& p, std::size_t max_bytes) {
  std::ifstream in(p, std::ios::binary);
  std::string s(max_bytes, '\0');
  in.read(s.data(), static_cast<std::streamsize>(max_bytes));
  s.resize(static_cast<std::size_t>(in.gcount()));
  // Cut after the last complete line.
  if (const auto nl = s.rfind('\n'); nl != std::string::npos) s.resize(nl + 1);
  return s;
}

/// Writes the seeds of `target` into `dir`; returns how many.
inline int write_seeds(const std::string& target, const std::filesystem::path& dir) {
  int n = 0;
  if (target == "model_json" || target == "model_binary") {
    const bool json = target == "model_json";
    std::set<std::string> done;
    for (const auto& e : fepipe_rel::catalogue()) {
      if (!done.insert(e.type_name).second) continue;
      const std::string prefix = e.type_name + "\n" + (json ? "" : "\x01");
      const auto format = json ? fepipe::ModelFormat::json : fepipe::ModelFormat::binary;
      write_seed(dir, e.type_name + "-unfitted", prefix + e.make()->save(format));
      ++n;
      if (auto m = fepipe_rel::fitted_small(e)) {
        write_seed(dir, e.type_name + "-fitted", prefix + m->save(format));
        ++n;
      }
    }
    // The released model files the family tests keep (every format version).
    namespace fs = std::filesystem;
    auto squash = [](const std::string& s) {
      std::string out;
      for (char c : s)
        if (c != '_') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      return out;
    };
    for (const auto& f : fs::directory_iterator(fs::path(FEPIPE_TEST_DATA_DIR) / "model_files")) {
      if (f.path().extension() != (json ? ".json" : ".fpm")) continue;
      const std::string stem = f.path().stem().string();
      for (const auto& type : done)
        if (squash(type) == squash(stem.substr(0, stem.rfind("_v")))) {
          std::ifstream in(f.path(), std::ios::binary);
          const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
          // Binary fixtures carry a valid checksum: flag 0 keeps it.
          write_seed(dir, "fixture-" + stem, type + "\n" + (json ? "" : std::string(1, '\0')) + bytes);
          ++n;
        }
    }
  } else if (target == "csv") {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const auto& d : {fs::path(FEPIPE_DATA_DIR), fs::path(FEPIPE_TEST_DATA_DIR) / "inputs"})
      for (const auto& f : fs::directory_iterator(d))
        if (f.path().extension() == ".csv") files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const std::string head = file_head(f, 2048);
      // Options: comma, pandas' NA markers, "?" missing; and with "a" forced.
      for (int opt : {0x0C, 0x00, 0x1C}) {
        write_seed(dir, f.stem().string() + "-" + std::to_string(opt),
                   std::string{static_cast<char>(opt), static_cast<char>(n % 100)} + head);
        ++n;
      }
    }
    const std::vector<std::string> edge = {
        "a,b\n1,2\n3,4\n",
        "\xEF\xBB\xBF" "a,b\r\n1,x\r\n,y\r\nNA,\r\n",
        "a,b,c\n\"q,1\",\"multi\nline\",\"\"\"\"\n2,,\n",
        "a;b\n1e308;-inf\nnan;1e-320\n",
        "a,a\n1,2\n",
        ",\n,\n,\n",
        "a\n\"unterminated\n",
        "a,b\n1,2,3\n",
    };
    for (std::size_t i = 0; i < edge.size(); ++i) {
      const char opt = static_cast<char>(i == 3 ? 0x05 : 0x04);
      write_seed(dir, "edge-" + std::to_string(i), std::string{opt, static_cast<char>(i * 11)} + edge[i]);
      ++n;
    }
  } else if (target == "predict_one") {
    const auto& names = predict_one_pipelines();
    for (std::size_t p = 0; p < names.size(); ++p) {
      const auto& e = fepipe_rel::entry(names[p]);
      const std::size_t cols = fepipe_rel::course_data(e.dataset).first.cols();
      for (std::size_t row : {0u, 7u, 123u, 999u}) {
        std::string s{static_cast<char>(p)};
        for (std::size_t j = 0; j < cols; ++j) s += std::string{6, static_cast<char>(row >> 8), static_cast<char>(row & 0xFF)};
        write_seed(dir, names[p] + "-row" + std::to_string(row), s);
        ++n;
      }
      std::string cats{static_cast<char>(p)};
      for (std::size_t j = 0; j < cols; ++j) cats += std::string{4, static_cast<char>(j)};
      write_seed(dir, names[p] + "-categories", cats);
      ++n;
    }
  } else {
    throw std::runtime_error("no seeds for target " + target);
  }
  return n;
}

}  // namespace fepipe_fuzz
