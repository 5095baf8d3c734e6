// The first half of the reliability catalogue (imputation, encoding,
// discretisation, transformation, outliers) and the test that the catalogue
// covers every class fepipe ships.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "reliability/catalogue_transformers.hpp"

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
  const std::regex include_re(R"re(#include "fepipe/([a-z]+)/([a-z_]+)\.hpp")re");
  const std::regex type_name_re(R"re(static constexpr std::string_view type_name = "([A-Za-z]+)")re");
  std::set<std::string> covered;
  for (const auto& e : catalogue()) covered.insert(e.type_name);
  std::string line;
  int classes = 0;
  while (std::getline(umbrella, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, include_re) || !families.count(m[1].str())) continue;
    std::ifstream header(include / "fepipe" / m[1].str() / (m[2].str() + ".hpp"));
    std::stringstream text;
    text << header.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), type_name_re), end; it != end; ++it) {
      ++classes;
      INFO("class " << (*it)[1].str() << " in " << m[1].str() << "/" << m[2].str() << ".hpp");
      CHECK(covered.count((*it)[1].str()) == 1);
    }
  }
  CHECK(classes >= 49);  // the 49 classes of the first release; more may come
}
