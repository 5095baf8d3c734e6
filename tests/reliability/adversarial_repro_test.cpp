// The model files of an independent adversarial run (issue 10): House Prices
// and Titanic model files written by the examples, each changed in one
// place. They live in tests/fuzz/regression/model_json/adversarial-*, where
// the fuzz regression replay runs them through the fuzz entry point too
// (under ASan/UBSan in the sanitizer build); here each must be refused with
// the message that names what is wrong, and the unchanged file must load.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "fepipe/io/model_file.hpp"
#include "house_prices_pipeline.hpp"
#include "support/alloc_counter.hpp"
#include "titanic_pipeline.hpp"

namespace reliability_adversarial_repro_test {

namespace fs = std::filesystem;

/// The model file inside a model_json reproducer ("<type>\n" + file).
std::string model_file(const std::string& name) {
  const fs::path path =
      fs::path(FEPIPE_TEST_DATA_DIR).parent_path() / "fuzz" / "regression" / "model_json" / ("adversarial-" + name);
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "missing " << path.string());
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return bytes.substr(bytes.find('\n') + 1);
}

using HousePrices = decltype(house_prices::make_pipeline());
using TitanicLogit = decltype(titanic::make_logit_pipeline());

template <class Model>
std::string load_error(const std::string& bytes) {
  Model m;
  try {
    fepipe::load_model_from_memory(bytes, m);
  } catch (const fepipe::ModelFormatError& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST_CASE("a repeated feature name in a model's schema is refused (it made predict read a moved-from column)") {
  CHECK(load_error<HousePrices>(model_file("hp-lasso-duplicate-feature-name")) ==
        "model file: the schema names the column 'Foundation' twice");
  CHECK(load_error<TitanicLogit>(model_file("tl-logreg-duplicate-feature-name")).find("twice") != std::string::npos);
}

TEST_CASE("the example steps check their columns' kinds and repeats when loading") {
  CHECK(load_error<HousePrices>(model_file("hp-mapper-duplicate-variable")).find("Mapper: column '") !=
        std::string::npos);
  CHECK(load_error<HousePrices>(model_file("hp-mapper-duplicate-variable")).find("is listed twice") !=
        std::string::npos);
  CHECK(load_error<HousePrices>(model_file("hp-mapper-numeric-variable")).find("is numeric, the step needs categorical") !=
        std::string::npos);
  const std::string extract = load_error<TitanicLogit>(model_file("tl-extractletter-numeric-variable"));
  INFO(extract);
  CHECK(extract.find("ExtractLetter: column '") != std::string::npos);
  CHECK(extract.find("is numeric, the step needs categorical") != std::string::npos);
}

TEST_CASE("a learned number out of the double range is refused, naming the class and member") {
  CHECK(load_error<HousePrices>(model_file("hp-semantic-coef-1e400")) ==
        "model file: Lasso: member 'coef_' holds inf, but it is always finite in a valid model");
}

TEST_CASE("an array of minimal JSON values cannot make loading allocate beyond 8x the file") {
  const std::string bytes = model_file("allocbound-hp");
  std::string error;
  std::size_t largest = 0;
  {
    fepipe_test::CountAllocations guard;
    error = load_error<HousePrices>(bytes);
    largest = guard.largest();
  }
  CHECK(error != "(loaded)");
  MESSAGE("largest allocation " << largest << " bytes for a file of " << bytes.size() << " ("
                                << static_cast<double>(largest) / static_cast<double>(bytes.size()) << "x)");
  CHECK(largest <= 8 * bytes.size() + 4096);
}

}  // namespace reliability_adversarial_repro_test
