// The reliability catalogue (catalogue_transformers.cpp and
// catalogue_models.cpp) covers every class fepipe ships.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "reliability/any_model.hpp"

namespace reliability_catalogue_transformers_test {

using namespace fepipe_rel;

TEST_CASE("the reliability catalogue covers every class of the umbrella header") {
  // Every family header included by fepipe.hpp declares its class's
  // type_name; each must have at least one catalogue entry, so a class added
  // later is covered by the property tests, the bad-input contract and the
  // fuzz targets — or this test names it.
  namespace fs = std::filesystem;
  const fs::path include = fs::path(FEPIPE_TEST_DATA_DIR).parent_path().parent_path() / "include";
  std::ifstream umbrella(include / "fepipe" / "fepipe.hpp");
  REQUIRE(umbrella);
  const std::set<std::string> families = {"impute", "encode", "discretise", "transform", "outlier",
                                          "scale",  "select", "create",     "linear",    "tree"};
  // Plain string scanning: std::regex trips GCC 12's -Wmaybe-uninitialized
  // in the sanitizer build.
  const std::string include_mark = "#include \"fepipe/", type_mark = "static constexpr std::string_view type_name = \"";
  std::set<std::string> covered;
  for (const auto& e : catalogue()) covered.insert(e.type_name);
  // The umbrella includes one header per family (fepipe/<family>.hpp), which
  // includes the family's class headers (fepipe/<family>/<class>.hpp).
  auto included = [&](std::istream& in) {
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line))
      if (line.rfind(include_mark, 0) == 0)
        out.push_back(line.substr(include_mark.size(), line.rfind('"') - include_mark.size()));
    return out;
  };
  int classes = 0;
  for (const std::string& family_header : included(umbrella)) {  // <family>.hpp
    const std::string family = family_header.substr(0, family_header.find('.'));
    if (!families.count(family) || family_header != family + ".hpp") continue;
    std::ifstream list(include / "fepipe" / family_header);
    REQUIRE(list);
    for (const std::string& rel : included(list)) {  // <family>/<class>.hpp
      if (rel.substr(0, rel.find('/')) != family) continue;
      std::ifstream header(include / "fepipe" / rel);
      std::stringstream text;
      text << header.rdbuf();
      const std::string s = text.str();
      for (std::size_t at = s.find(type_mark); at != std::string::npos; at = s.find(type_mark, at + 1)) {
        const std::size_t begin = at + type_mark.size();
        const std::string type = s.substr(begin, s.find('"', begin) - begin);
        ++classes;
        INFO("class " << type << " in " << rel);
        CHECK(covered.count(type) == 1);
      }
    }
  }
  CHECK(classes >= 49);  // the 49 classes of the first release; more may come
}

}  // namespace reliability_catalogue_transformers_test
