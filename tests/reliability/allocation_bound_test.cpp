// Loading any file allocates at most a small constant times its size
// (issue 6, scope 2), tested on crafted files that claim huge sizes in every
// place a length is read.
//
// Where are the lengths? A model's JSON and binary files are written by the
// same serialize calls in the same order, so walking the JSON document and
// the binary bytes in lockstep finds the offset of every length field of
// the binary file — each array (vectors, dicts, optionals, pairs, matrix
// data, schemas, nested steps, forest node arrays) and each string — with
// no knowledge of any class. Every such field of every catalogue type is
// then set to huge values (with a valid checksum, so the decoder sees them)
// and the load must fail with a ModelFormatError whose largest allocation is
// bounded by the file size. Numbers that size things after loading (matrix
// dimensions, row capacities, feature and class counts) are set to huge
// values in the JSON files, and the loaded model, when it loads, is used
// under the same bound.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "reliability/any_model.hpp"
#include "reliability/checks.hpp"
#include "reliability/frames.hpp"
#include "support/alloc_counter.hpp"

namespace reliability_allocation_bound_test {

using namespace fepipe_rel;

namespace {

/// Largest single allocation allowed while loading a file of n bytes:
/// each element a file claims costs it at least a few bytes, and no element
/// type is more than a few times larger in memory than in the file.
std::size_t allocation_bound(std::size_t file_bytes) { return 8 * file_bytes + 4096; }

struct LengthField {
  std::size_t offset;  // of the u64 length in the binary file
  std::string path;    // JSON path, for messages
};

/// Lockstep walk of a model's JSON document and binary bytes.
class LengthFinder {
 public:
  explicit LengthFinder(std::string_view bin) : bin_(bin) {}

  void value(const rapidjson::Value& v, const std::string& path) {
    if (v.IsObject()) {
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
        value(it->value, path + "/" + std::string(it->name.GetString(), it->name.GetStringLength()));
    } else if (v.IsArray()) {
      fields_.push_back({pos_, path});
      expect_u64(v.Size(), path);
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) value(v[i], path + "[" + std::to_string(i) + "]");
    } else if (v.IsString()) {
      // A std::string is a u64 length and its bytes; an enum is stored by
      // name in JSON and as a u32 index in binary.
      const std::string_view s(v.GetString(), v.GetStringLength());
      if (read_u64(pos_) == s.size() && bin_.substr(pos_ + 8, s.size()) == s) {
        fields_.push_back({pos_, path});
        pos_ += 8 + s.size();
      } else {
        pos_ += 4;
      }
    } else if (v.IsBool()) {
      pos_ += 1;
    } else if (v.IsNumber()) {
      pos_ += 8;  // every integer is written as 64 bits, doubles too
    } else {
      FAIL("unexpected JSON value at " << path);
    }
    REQUIRE_MESSAGE(pos_ <= bin_.size(), "the walk ran past the binary file at " << path);
  }

  std::size_t position() const { return pos_; }
  const std::vector<LengthField>& fields() const { return fields_; }

 private:
  std::uint64_t read_u64(std::size_t at) const {
    std::uint64_t x = 0;
    if (at + 8 > bin_.size()) return ~std::uint64_t{0};
    for (int i = 7; i >= 0; --i) x = (x << 8) | static_cast<unsigned char>(bin_[at + static_cast<std::size_t>(i)]);
    return x;
  }
  void expect_u64(std::uint64_t n, const std::string& path) {
    REQUIRE_MESSAGE(read_u64(pos_) == n, "binary and JSON disagree at " << path);
    pos_ += 8;
  }

  std::string_view bin_;
  std::size_t pos_ = 1;  // cereal's portable-binary endianness byte comes first
  std::vector<LengthField> fields_;
};

std::uint64_t read_u64_at(std::string_view bytes, std::size_t at) {
  std::uint64_t x = 0;
  for (std::size_t i = 8; i-- > 0;) x = (x << 8) | static_cast<unsigned char>(bytes[at + i]);
  return x;
}

std::string with_checksum(std::string body_and_old_sum) {
  const std::size_t body = body_and_old_sum.size() - fepipe::detail::checksum_bytes;
  const std::uint64_t sum = fepipe::detail::fnv1a64(std::string_view(body_and_old_sum).substr(0, body));
  for (std::size_t i = 0; i < fepipe::detail::checksum_bytes; ++i)
    body_and_old_sum[body + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  return body_and_old_sum;
}

std::string with_u64(std::string bytes, std::size_t at, std::uint64_t x) {
  for (std::size_t i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>((x >> (8 * i)) & 0xFF);
  return with_checksum(std::move(bytes));
}

/// The largest single allocation made while loading `bytes` into the
/// model's type and, when that succeeds, using what loaded.
std::size_t largest_allocation_loading(const AnyModel& model, const std::string& bytes) {
  fepipe_test::CountAllocations guard;
  std::unique_ptr<AnyModel> loaded;
  try {
    loaded = model.load(bytes);
  } catch (const fepipe::ModelFormatError&) {
  }
  if (loaded) {
    try {
      exercise_loaded(*loaded);
    } catch (const fepipe::Error&) {
    }
  }
  return guard.largest();
}

/// One fitted and one unfitted model of every catalogue type.
std::vector<std::pair<std::string, std::unique_ptr<AnyModel>>> models_of_every_type() {
  std::vector<std::pair<std::string, std::unique_ptr<AnyModel>>> out;
  std::vector<std::string> seen;
  for (const auto& e : catalogue()) {
    if (std::find(seen.begin(), seen.end(), e.type_name) != seen.end()) continue;
    seen.push_back(e.type_name);
    out.emplace_back(e.type_name + " (unfitted)", e.make());
    auto m = fitted_small(e);
    REQUIRE_MESSAGE(m, e.label << " fits no small frame");
    out.emplace_back(e.type_name, std::move(m));
  }
  return out;
}

}  // namespace

TEST_CASE("every length field of every model file is checked before anything is allocated") {
  std::size_t fields_tested = 0;
  double worst_ratio = 0.0;
  for (const auto& [name, model] : models_of_every_type()) {
    INFO(name);
    const std::string json = model->save(fepipe::ModelFormat::json);
    const std::string bin = model->save(fepipe::ModelFormat::binary);
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseNanAndInfFlag>(json.data(), json.size());
    REQUIRE_FALSE(doc.HasParseError());
    LengthFinder finder(bin);
    finder.value(doc, "");
    // The walk consumed the whole body: every field was accounted for.
    REQUIRE(finder.position() + fepipe::detail::checksum_bytes == bin.size());
    REQUIRE(finder.fields().size() >= 4);  // at least the envelope's strings and step list
    for (const auto& field : finder.fields()) {
      const std::uint64_t remaining = bin.size() - fepipe::detail::checksum_bytes - field.offset - 8;
      // Claims just inside the bytes left (the largest a size check lets
      // through, where the element type's size in memory decides the
      // allocation), just beyond, and absurd.
      for (std::uint64_t claim : {remaining / 2, remaining, remaining + 1, std::uint64_t{1} << 31, std::uint64_t{1} << 62,
                                  ~std::uint64_t{0}}) {
        if (claim == read_u64_at(bin, field.offset)) continue;  // the true length
        INFO("length at " << field.path << " (offset " << field.offset << ") claims " << claim);
        const std::string hostile = with_u64(bin, field.offset, claim);
        std::size_t largest = 0;
        std::string error;
        {
          fepipe_test::CountAllocations guard;
          try {
            (void)model->load(hostile);
          } catch (const fepipe::ModelFormatError&) {
            error = "ModelFormatError";
          }
          largest = guard.largest();
        }
        CHECK(error == "ModelFormatError");
        CHECK(largest <= allocation_bound(hostile.size()));
        worst_ratio = std::max(worst_ratio, static_cast<double>(largest) / static_cast<double>(hostile.size()));
        ++fields_tested;
      }
    }
  }
  MESSAGE(fields_tested << " hostile length claims rejected within the allocation bound; largest allocation / file "
                           "size at most "
                        << worst_ratio);
}

TEST_CASE("numbers that size a loaded model are bounded by the file, when loading and when predicting") {
  // Integer members outside data arrays: matrix rows/cols, row_capacity,
  // n_features, n_outputs, class and iteration counts, versions...
  std::size_t numbers_tested = 0;
  for (const auto& [name, model] : models_of_every_type()) {
    if (!model->is_fitted()) continue;
    INFO(name);
    const std::string json = model->save(fepipe::ModelFormat::json);
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseNanAndInfFlag>(json.data(), json.size());
    REQUIRE_FALSE(doc.HasParseError());
    // Each named integer member, in document order.
    std::vector<rapidjson::Value*> numbers;
    auto collect = [&](auto&& self, rapidjson::Value& v) -> void {
      if (v.IsObject()) {
        for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
          if (it->value.IsUint64()) numbers.push_back(&it->value);
          self(self, it->value);
        }
      } else if (v.IsArray() && v.Size() <= 4) {
        // Short arrays hold options and pairs; long ones are data, whose
        // values the classes validate one by one.
        for (auto& x : v.GetArray()) self(self, x);
      }
    };
    collect(collect, doc);
    for (rapidjson::Value* number : numbers) {
      const std::uint64_t original = number->GetUint64();
      for (std::uint64_t claim : {std::uint64_t{1} << 40, std::uint64_t{4} * json.size() + 7}) {
        number->SetUint64(claim);
        rapidjson::StringBuffer out;
        rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                          rapidjson::kWriteNanAndInfFlag>
            writer(out);
        doc.Accept(writer);
        const std::string hostile(out.GetString(), out.GetSize());
        INFO("a number set to " << claim << " in " << hostile.substr(0, 200));
        CHECK(largest_allocation_loading(*model, hostile) <= allocation_bound(hostile.size()));
        ++numbers_tested;
      }
      number->SetUint64(original);
    }
  }
  MESSAGE(numbers_tested << " hostile numbers loaded and used within the allocation bound");
}

namespace {

/// Every array of a JSON document at a distinct place in its structure,
/// depth first: the place is the path of member names with array
/// positions left out, so of the arrays read by the same code (each node
/// list of a forest's trees, each pair of a dictionary) only the first is
/// kept. Filling the others would test the same reads again: under the
/// sanitizers they made this the suite's slowest test by far.
void collect_arrays(rapidjson::Value& v, std::vector<rapidjson::Value*>& out, std::set<std::string>& places,
                    const std::string& place = "") {
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
      collect_arrays(it->value, out, places, place + "/" + std::string(it->name.GetString(), it->name.GetStringLength()));
  } else if (v.IsArray()) {
    if (places.insert(place).second) out.push_back(&v);
    for (auto& x : v.GetArray()) collect_arrays(x, out, places, place + "[]");
  }
}

template <class Writer>
std::string write_json(const rapidjson::Document& doc) {
  rapidjson::StringBuffer out;
  Writer writer(out);
  doc.Accept(writer);
  return {out.GetString(), out.GetSize()};
}
using CompactWriter = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                        rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>;
using IndentedWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                               rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>;

}  // namespace

TEST_CASE("JSON arrays filled with minimal values of every JSON type stay within the allocation bound") {
  // The JSON counterpart of the length-field test: a JSON file has no length
  // fields, but an array of n elements costs the file as little as 2n bytes
  // ("0,") while its elements may take 64 bytes each in memory (a schema's
  // columns). Every array (at each distinct place, see collect_arrays) of
  // every catalogue model is filled with 3000
  // copies of the smallest value of each JSON type, written compactly (one
  // value per 2-3 bytes: refused before parsing, see check_json_structure)
  // and indented as fepipe writes (parsed, then refused or loaded by the
  // classes' checks), and the largest allocation of the load and of using
  // what loaded is measured against 8x the file + 4 KiB.
  double worst_ratio = 0.0;
  std::string worst;
  std::size_t mutants = 0;
  for (const auto& [name, model] : models_of_every_type()) {
    INFO(name);
    const std::string json = model->save(fepipe::ModelFormat::json);
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseNanAndInfFlag>(json.data(), json.size());
    REQUIRE_FALSE(doc.HasParseError());
    std::vector<rapidjson::Value*> arrays;
    std::set<std::string> places;
    collect_arrays(doc, arrays, places);
    auto& alloc = doc.GetAllocator();
    for (std::size_t a = 0; a < arrays.size(); ++a) {
      // Arrays after `a` in document order may sit inside it: the original
      // elements are set aside (a swap keeps them where they are, so the
      // pointers to the arrays inside stay valid) and put back before the next.
      rapidjson::Value original(rapidjson::kArrayType);
      original.Swap(*arrays[a]);
      for (int type = 0; type < 5; ++type) {
        arrays[a]->SetArray();
        for (int i = 0; i < 3000; ++i) {
          rapidjson::Value v;
          switch (type) {
            case 0: v.SetInt(0); break;
            case 1: v.SetString("", alloc); break;
            case 2: v.SetArray(); break;
            case 3: v.SetObject(); break;
            default: v.SetBool(true); break;
          }
          arrays[a]->PushBack(v, alloc);
        }
        for (const std::string& hostile : {write_json<CompactWriter>(doc), write_json<IndentedWriter>(doc)}) {
          const std::size_t largest = largest_allocation_loading(*model, hostile);
          const double ratio = static_cast<double>(largest) / static_cast<double>(hostile.size());
          if (ratio > worst_ratio) {
            worst_ratio = ratio;
            worst = name + ", array " + std::to_string(a) + ", JSON type " + std::to_string(type);
          }
          CHECK_MESSAGE(largest <= allocation_bound(hostile.size()),
                        "array " << a << " filled with JSON type " << type << ": " << largest << " bytes for a file of "
                                 << hostile.size());
          ++mutants;
        }
      }
      arrays[a]->Swap(original);
    }
  }
  MESSAGE(mutants << " JSON files with filled arrays; largest allocation / file size at most " << worst_ratio << " ("
                  << worst << ")");
}

TEST_CASE("a JSON file with more than one value per 3 bytes is refused before rapidjson parses it") {
  // rapidjson's parse stack (16 bytes a value, grown by half) is allocated
  // with malloc, which the counter above does not see: the density check
  // is what bounds it.
  std::string dense = "{\"a\": [";
  for (int i = 0; i < 10000; ++i) dense += i ? ",0" : "0";
  dense += "]}";
  CHECK_THROWS_AS(fepipe::detail::check_json_structure(dense, 64), fepipe::ModelFormatError);
  std::string indented = "{\n \"a\": [";
  for (int i = 0; i < 10000; ++i) indented += i ? ",\n  0" : "\n  0";
  indented += "\n ]\n}";
  CHECK_NOTHROW(fepipe::detail::check_json_structure(indented, 64));
}

TEST_CASE("the bounds reject no honest file: every released model file fixture still loads") {
  // tests/data/model_files/<class in snake case>_v<N>.{json,fpm}: files of
  // every released format version, written by the family tests.
  namespace fs = std::filesystem;
  auto squash = [](std::string s) {
    std::string out;
    for (char c : s)
      if (c != '_') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
  };
  int loaded = 0;
  for (const auto& f : fs::directory_iterator(fs::path(FEPIPE_TEST_DATA_DIR) / "model_files")) {
    const std::string stem = f.path().stem().string();
    const std::string cls = squash(stem.substr(0, stem.rfind("_v")));
    const Entry* match = nullptr;
    for (const auto& e : catalogue())
      if (squash(e.type_name) == cls) match = &e;
    INFO(f.path().filename().string());
    REQUIRE_MESSAGE(match, "no catalogue type for this fixture");
    std::ifstream in(f.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CHECK_NOTHROW((void)match->make()->load(bytes));
    ++loaded;
  }
  CHECK(loaded >= 60);
}

}  // namespace reliability_allocation_bound_test
