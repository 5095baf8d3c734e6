// Model files: formats, envelope checks, and hostile input.

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <chrono>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <signal.h>     // kill: a dead writer's pid
#include <sys/stat.h>   // mkfifo
#include <sys/wait.h>   // waitpid
#include <unistd.h>     // getpid: a per-process temporary folder; fork

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "support/alloc_counter.hpp"
#include "support/roundtrip.hpp"

namespace io_model_file_test {

using namespace fepipe;
namespace fs = std::filesystem;

namespace {

Frame small_frame() {
  Frame f;
  f.add("a", Column::numeric({1.0, std::nan(""), 3.0, 10.0, 4.0}));
  f.add("b", Column::numeric({0.5, 2.0, 2.0, 5.0, -1.0}));
  return f;
}
Target small_target() {
  Target y(5);
  y << 1.0, 2.0, 3.0, 4.0, 2.5;
  return y;
}

MeanMedianImputer fitted_imputer() {
  MeanMedianImputer imp;
  imp.fit(small_frame());
  return imp;
}

auto fitted_pipeline() {
  Pipeline p(MeanMedianImputer(), MinMaxScaler(), Lasso({.alpha = 0.01}));
  p.fit(small_frame(), small_target());
  return p;
}

/// A stand-in that writes a MeanMedianImputer envelope whose first vector
/// length is `claimed` — a valid, correctly checksummed, hostile file.
struct HostileImputer {
  static constexpr std::string_view type_name = "MeanMedianImputer";
  static constexpr std::uint32_t serial_version = 1;
  std::uint64_t claimed = 0;
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    MeanMedianImputer::Options options;
    ar(make_nvp("options", options), make_nvp("feature_names_in_columns", claimed));
  }
};

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("fepipe_model_file_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("model files start with the envelope and keep loading what they saved") {
  const auto imp = fitted_imputer();
  const std::string json = save_model_to_string(imp, ModelFormat::json);
  CHECK(json.find("\"format\": \"fepipe-model\"") != std::string::npos);
  CHECK(json.find("\"steps\"") != std::string::npos);
  CHECK(json.find("\"MeanMedianImputer\"") != std::string::npos);
  fepipe_test::check_transform_roundtrip(imp, small_frame());
}

TEST_CASE("saving is deterministic: the same model gives the same bytes") {
  CHECK(save_model_to_string(fitted_pipeline(), ModelFormat::binary) ==
        save_model_to_string(fitted_pipeline(), ModelFormat::binary));
  CHECK(save_model_to_string(fitted_pipeline(), ModelFormat::json) ==
        save_model_to_string(fitted_pipeline(), ModelFormat::json));
}

TEST_CASE("binary files are little-endian whatever the host") {
  const std::string bin = save_model_to_string(fitted_imputer(), ModelFormat::binary);
  REQUIRE(bin.size() > 9);
  CHECK(bin[0] == 1);  // cereal's portable-binary flag: little-endian data
}

TEST_CASE("loading into another pipeline type names the first differing step") {
  const auto p = fitted_pipeline();
  const std::string bytes = save_model_to_string(p, ModelFormat::binary);
  Pipeline<MeanMedianImputer, Lasso> other;
  CHECK_THROWS_WITH_AS(load_model_from_memory(bytes, other), doctest::Contains("step 1 is 'MinMaxScaler'"),
                       ModelFormatError);
  MeanMedianImputer single;
  CHECK_THROWS_AS(load_model_from_memory(bytes, single), ModelFormatError);
  Pipeline<MeanMedianImputer, MinMaxScaler, MinMaxScaler, Lasso> longer;
  CHECK_THROWS_AS(load_model_from_memory(save_model_to_string(p, ModelFormat::json), longer), ModelFormatError);
}

TEST_CASE("truncated files are rejected") {
  for (auto format : {ModelFormat::binary, ModelFormat::json}) {
    const std::string bytes = save_model_to_string(fitted_pipeline(), format);
    // A JSON file ends with "}\n": dropping only the newline leaves it whole.
    const std::size_t last = format == ModelFormat::json ? bytes.size() - 2 : bytes.size() - 1;
    for (std::size_t keep : {std::size_t{0}, std::size_t{1}, std::size_t{10}, bytes.size() / 2, last}) {
      INFO("format " << static_cast<int>(format) << " keep " << keep);
      decltype(fitted_pipeline()) p;
      CHECK_THROWS_AS(load_model_from_memory(std::string_view(bytes).substr(0, keep), p), ModelFormatError);
      CHECK_FALSE(p.is_fitted());  // left unchanged
    }
  }
}

TEST_CASE("corrupted files are rejected") {
  SUBCASE("any flipped byte of a binary file") {
    const std::string bytes = save_model_to_string(fitted_pipeline(), ModelFormat::binary);
    for (std::size_t i = 0; i < bytes.size(); i += 7) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(bad[i] ^ 0x20);
      decltype(fitted_pipeline()) p;
      CHECK_THROWS_AS(load_model_from_memory(bad, p), ModelFormatError);
    }
  }
  SUBCASE("JSON with broken syntax, wrong types or a wrong format name") {
    const std::string json = save_model_to_string(fitted_imputer(), ModelFormat::json);
    MeanMedianImputer imp;
    std::string broken = json;
    broken.replace(broken.find(':'), 1, ",");
    CHECK_THROWS_AS(load_model_from_memory(broken, imp), ModelFormatError);
    std::string wrong_type = json;
    wrong_type.replace(wrong_type.find("\"median\""), 8, "12345");
    CHECK_THROWS_AS(load_model_from_memory(wrong_type, imp), ModelFormatError);
    std::string wrong_enum = json;
    wrong_enum.replace(wrong_enum.find("\"median\""), 8, "\"modal\"");
    CHECK_THROWS_WITH_AS(load_model_from_memory(wrong_enum, imp), doctest::Contains("modal"), ModelFormatError);
    std::string wrong_format = json;
    wrong_format.replace(wrong_format.find("fepipe-model"), 12, "other-format");
    CHECK_THROWS_WITH_AS(load_model_from_memory(wrong_format, imp), doctest::Contains("not a fepipe model"),
                         ModelFormatError);
    std::string unknown_column = json;
    unknown_column.replace(unknown_column.find("\"variables_\": [\n   \"a\""), 23, "\"variables_\": [\n   \"z\"");
    CHECK_THROWS_AS(load_model_from_memory(unknown_column, imp), ModelFormatError);
  }
  SUBCASE("a newer format or class version") {
    const std::string json = save_model_to_string(fitted_imputer(), ModelFormat::json);
    MeanMedianImputer imp;
    std::string newer_format = json;
    newer_format.replace(newer_format.find("\"format_version\": 1"), 19, "\"format_version\": 9");
    CHECK_THROWS_WITH_AS(load_model_from_memory(newer_format, imp), doctest::Contains("format version 9"),
                         ModelFormatError);
    std::string newer_class = json;
    newer_class.replace(newer_class.find("\"version\": 1"), 12, "\"version\": 7");
    CHECK_THROWS_WITH_AS(load_model_from_memory(newer_class, imp), doctest::Contains("version 7"), ModelFormatError);
  }
  SUBCASE("garbage and empty input") {
    MeanMedianImputer imp;
    CHECK_THROWS_AS(load_model_from_memory("", imp), ModelFormatError);
    CHECK_THROWS_AS(load_model_from_memory("   \n", imp), ModelFormatError);
    CHECK_THROWS_AS(load_model_from_memory("not a model at all", imp), ModelFormatError);
    CHECK_THROWS_AS(load_model_from_memory("{}", imp), ModelFormatError);
    CHECK_THROWS_AS(load_model_from_memory("[1, 2, 3]", imp), ModelFormatError);
  }
}

TEST_CASE("an oversized length prefix is rejected before anything is allocated") {
  for (std::uint64_t claimed : {std::uint64_t{1} << 20, std::uint64_t{100000000}, std::uint64_t{1} << 62,
                                ~std::uint64_t{0}}) {
    HostileImputer hostile{claimed};
    const std::string bytes = save_model_to_string(hostile, ModelFormat::binary);  // valid checksum
    REQUIRE(bytes.size() < 200);
    MeanMedianImputer imp;
    std::size_t largest = 0;
    {
      fepipe_test::CountAllocations guard;
      CHECK_THROWS_WITH_AS(load_model_from_memory(bytes, imp), doctest::Contains("bytes remain"), ModelFormatError);
      largest = guard.largest();
    }
    INFO("claimed " << claimed << ", largest allocation " << largest);
    CHECK(largest < 64 * 1024);
  }
}

TEST_CASE("deeply nested JSON is rejected without recursing") {
  MeanMedianImputer imp;
  const std::string bomb = "{\"format\":" + std::string(1000000, '[');
  CHECK_THROWS_WITH_AS(load_model_from_memory(bomb, imp), doctest::Contains("nesting"), ModelFormatError);
}

TEST_CASE("JSON numbers load as their correctly rounded value, whatever rapidjson would make of their text") {
  // Found by fuzzing: rapidjson 1.1's full-precision parser takes clz(0) on
  // a zero significand ("0e-299", "0.000…0"), reads some subnormals as
  // garbage and indexes past its table of powers of ten on others
  // ("0.0000000000000000000131e-327" crashed it). The loader rewrites every
  // such number as the shortest text of its value first.
  const std::string json = save_model_to_string(fitted_imputer(), ModelFormat::json);
  const std::size_t at = json.find("\"a\",\n    ", json.find("\"imputer_dict_\""));
  REQUIRE(at != std::string::npos);
  const std::size_t value = at + std::string("\"a\",\n    ").size();
  const std::size_t value_end = json.find_first_of(",\n]", value);
  auto load_with = [&](const std::string& text) {
    std::string edited = json;
    edited.replace(value, value_end - value, text);
    MeanMedianImputer loaded;
    load_model_from_memory(edited, loaded);
    return loaded.imputer_dict_.at("a");
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const auto& [text, expected] : std::vector<std::pair<std::string, double>>{
           {"0e-299", 0.0},
           {"-0.00E+5", -0.0},
           {"0E0", 0.0},
           {"0e400", 0.0},
           {"0.0000000000000000000000000", 0.0},
           {"-0.00000000000000000000000000000", -0.0},
           {"0.0000000000000000000131e-327", 0.0},
           {"1e-400", 0.0},
           {"-1e-400", -0.0},
           {"1e400", inf},
           {"-1e400", -inf},
           {"1e-299", 1e-299},
           {"2.5e1", 25.0},
           {"0.1000000000000000055511151231257827", 0.1},
           {"123456789012345678901234567890", 1.2345678901234568e29},
           {"-9223372036854775809", -9223372036854775808.0},
           {"18446744073709551616", 18446744073709551616.0},
           {"184467440737095516157", 184467440737095516157.0},
           {"7", 7.0}}) {
    INFO(text);
    const double got = load_with(text);
    CHECK(got == expected);
    CHECK(std::signbit(got) == std::signbit(expected));
  }
  // Subnormals, however many digits they are written with.
  for (const std::string text : {"0.0000000000000000000131e-300", "4.9406564584124654e-324", "2.4703282292062328e-324",
                                 "0.000000000000000000000000000000000000000000000000000000000000000000000001e-251",
                                 "2.2250738585072011e-308"}) {
    INFO(text);
    CHECK(load_with(text) == std::strtod(text.c_str(), nullptr));
  }
  // Long texts within max_json_number_chars, read exactly: the bits of
  // Python's float() of each (/usr/bin/python3, struct.pack('<d', ...)).
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::uint64_t>>{
           {[] {
              std::string t;
              for (int i = 0; i < 10; ++i) t += "1234567890";
              return t + "e-5";
            }(),
            0x5377ac9bf2084be8},
           {"-" + std::string(100, '9') + "e-5", 0xd3a7f85de8ad5c4f},
           {"0." + std::string(120, '0') + "1", 0x26d086c219697e2c},
           {"-0." + std::string(120, '0') + "17", 0xa6dc1849f800234b}}) {
    INFO(text);
    CHECK(std::bit_cast<std::uint64_t>(load_with(text)) == expected);
  }
  CHECK_THROWS_WITH_AS(load_with("0." + std::string(323, '0') + "1"), doctest::Contains("JSON number of 326 characters"),
                       ModelFormatError);
  // A label that looks like such a number is a string: left alone.
  Frame f;
  f.add("0e-299", Column::numeric({1.0, std::nan(""), 3.0}));
  MeanMedianImputer named;
  named.fit(f);
  MeanMedianImputer loaded;
  load_model_from_memory(save_model_to_string(named, ModelFormat::json), loaded);
  CHECK(loaded.variables_ == std::vector<std::string>{"0e-299"});
}

TEST_CASE("malformed JSON numbers are rejected, also where a rewrite would make them well-formed") {
  const std::string json = save_model_to_string(fitted_imputer(), ModelFormat::json);
  const std::size_t value = json.find("\"version\": ") + std::string("\"version\": ").size();
  for (const std::string text : {"1.", "-", "01", "1e", "1.2.3", "--1", ".5", "0.0000000000000000000131e-327.5",
                                 "-0e-2991e300", "1e-400e5", "0.00000000000000000000000-1"}) {
    INFO(text);
    std::string edited = json;
    edited.replace(value, json.find_first_of(",\n", value) - value, text);
    MeanMedianImputer loaded;
    CHECK_THROWS_AS(load_model_from_memory(edited, loaded), ModelFormatError);
  }
}

TEST_CASE("files larger than the limit are refused") {
  MeanMedianImputer imp;
  const std::string bytes = save_model_to_string(fitted_imputer(), ModelFormat::json);
  CHECK_THROWS_AS(load_model_from_memory(bytes, imp, {.max_file_bytes = 16}), ModelFormatError);
}

TEST_CASE("save_model writes atomically and picks the format from the extension") {
  const fs::path dir = temp_dir();
  const auto p = fitted_pipeline();
  save_model(p, dir / "model.json");
  save_model(p, dir / "model.fpm");
  {
    std::ifstream in(dir / "model.json");
    CHECK(in.get() == '{');
  }
  auto a = load_model<decltype(p)>(dir / "model.json");
  auto b = load_model<decltype(p)>(dir / "model.fpm");
  fepipe_test::require_identical(a.predict(small_frame()), p.predict(small_frame()));
  fepipe_test::require_identical(b.predict(small_frame()), p.predict(small_frame()));
  // Overwriting replaces the file; no temporary files are left behind.
  save_model(p, dir / "model.fpm");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 2);
  CHECK_THROWS_WITH_AS(save_model(p, dir / "no" / "such" / "dir" / "m.fpm"), doctest::Contains("cannot write"), Error);
  CHECK_THROWS_WITH_AS(load_model<decltype(p)>(dir / "missing.fpm"), doctest::Contains("cannot open"), Error);
  fs::remove_all(dir);
}

TEST_CASE("unfitted models round-trip too") {
  decltype(fitted_pipeline()) p;
  auto [a, b] = fepipe_test::roundtrip_both(p);
  CHECK_FALSE(a.is_fitted());
  CHECK_FALSE(b.is_fitted());
}

TEST_CASE("NaN is stored canonically: JSON and binary copies agree") {
  auto imp = fitted_imputer();
  imp.imputer_dict_.insert_or_assign("a", -std::numeric_limits<double>::quiet_NaN());
  MeanMedianImputer from_json, from_bin;
  load_model_from_memory(save_model_to_string(imp, ModelFormat::json), from_json);
  load_model_from_memory(save_model_to_string(imp, ModelFormat::binary), from_bin);
  const double a = from_json.imputer_dict_.at("a"), b = from_bin.imputer_dict_.at("a");
  CHECK(std::isnan(a));
  CHECK(std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b));
  CHECK_FALSE(std::signbit(b));
}

TEST_CASE("loading a directory or another non-file says so, naming the path") {
  const fs::path dir = fs::temp_directory_path() / ("fepipe_model_file_test_" + std::to_string(::getpid()) + "_not_a_file");
  fs::remove_all(dir);
  fs::create_directories(dir);
  using P = decltype(fitted_pipeline());
  CHECK_THROWS_WITH_AS(load_model<P>(dir), doctest::Contains(("cannot open model file '" + dir.string() + "': it is a directory").c_str()),
                       Error);
  // Not a ModelFormatError (nothing was read), and no absurd byte count.
  try {
    (void)load_model<P>(dir);
  } catch (const ModelFormatError&) {
    FAIL("a directory is not a malformed model file");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("bytes") == std::string::npos);
  }
  CHECK_THROWS_WITH_AS(load_model<P>(dir / "missing.fpm"),
                       doctest::Contains(("cannot open model file '" + (dir / "missing.fpm").string() + "': no such file").c_str()),
                       Error);
  // A FIFO would block the open until a writer came: refused before opening.
  const fs::path fifo = dir / "pipe.fpm";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(load_model<P>(fifo), doctest::Contains(("'" + fifo.string() + "': not a regular file").c_str()), Error);
  // A symbolic link to a model file is followed.
  save_model(fitted_pipeline(), dir / "real.fpm");
  fs::create_symlink(dir / "real.fpm", dir / "link.fpm");
  CHECK(load_model<P>(dir / "link.fpm").is_fitted());
  fs::create_directory_symlink(dir, dir / "dirlink");
  CHECK_THROWS_WITH_AS(load_model<P>(dir / "dirlink"), doctest::Contains("it is a directory"), Error);
  fs::remove_all(dir);
}

TEST_CASE("a save removes the stale temporaries of killed saves to the same target, never a live writer's") {
  const fs::path dir = fs::temp_directory_path() / ("fepipe_model_file_test_" + std::to_string(::getpid()) + "_stale");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto now = fs::file_time_type::clock::now();
  using std::chrono::hours;
  using std::chrono::minutes;
  // A pid that certainly exited: a child that has been reaped.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  REQUIRE(::waitpid(child, nullptr, 0) == child);
  REQUIRE(::kill(child, 0) != 0);
  const std::string dead = std::to_string(child), self = std::to_string(::getpid());
  const std::string rnd = "0123456789abcdef";
  auto make = [&](const std::string& name, fs::file_time_type modified) {
    std::ofstream(dir / name) << "partial";
    fs::last_write_time(dir / name, modified);
  };
  // Removed: a dead writer's, older than the grace age; anyone's, older than a day.
  make("model.fpm.tmp-" + dead + "-" + rnd, now - minutes(30));
  make("model.fpm.tmp-999999999-" + rnd, now - hours(2));  // beyond any pid_max
  make("model.fpm.tmp-" + self + "-fedcba9876543210", now - hours(25));
  make("model.fpm.tmp-1-" + rnd, now - hours(48));
  make("model.fpm.tmp-1234567890123456789", now - hours(25));  // name of older fepipe versions
  // Kept: live writers (this process — another thread may be saving — and
  // pid 1), a dead writer's that is recent (a writer in another pid
  // namespace or on another host looks dead), an old name not yet a day old.
  const std::vector<std::string> kept{"model.fpm.tmp-" + self + "-" + rnd, "model.fpm.tmp-1-fedcba9876543210",
                                      "model.fpm.tmp-" + dead + "-aaaaaaaaaaaaaaaa", "model.fpm.tmp-98765432109876"};
  make(kept[0], now - hours(3));
  make(kept[1], now - hours(23));
  make(kept[2], now - std::chrono::seconds(30));
  make(kept[3], now - hours(3));
  // Not this target's temporaries, or not regular files: never touched.
  const std::vector<std::string> others{"other.fpm.tmp-" + dead + "-" + rnd, "model.fpm.tmp-x.tmp-" + dead + "-" + rnd,
                                        "model.fpm.tmp-" + dead + "-" + rnd + "0", "model.fpm.tmp-",
                                        "model.fpm.tmp-" + dead + "-0123456789ABCDEF", "model.fpm"};
  for (const auto& name : others)
    if (name != "model.fpm") make(name, now - hours(48));
  fs::create_directory(dir / ("model.fpm.tmp-" + dead + "-bbbbbbbbbbbbbbbb"));
  fs::last_write_time(dir / ("model.fpm.tmp-" + dead + "-bbbbbbbbbbbbbbbb"), now - hours(48));
  fs::create_symlink(dir / "other.fpm.tmp-" / "nowhere", dir / ("model.fpm.tmp-" + dead + "-cccccccccccccccc"));

  const auto p = fitted_pipeline();
  save_model(p, dir / "model.fpm");

  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  std::vector<std::string> expected = kept;
  for (const auto& name : others) expected.push_back(name);
  expected.push_back("model.fpm.tmp-" + dead + "-bbbbbbbbbbbbbbbb");
  expected.push_back("model.fpm.tmp-" + dead + "-cccccccccccccccc");
  std::sort(left.begin(), left.end());
  std::sort(expected.begin(), expected.end());
  CHECK(left == expected);
  fepipe_test::require_identical(load_model<decltype(p)>(dir / "model.fpm").predict(small_frame()),
                                 p.predict(small_frame()));
  fs::remove_all(dir);
}

}  // namespace io_model_file_test
