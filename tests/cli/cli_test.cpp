// fepipe::cli::run end to end with string streams: fit, predict (against
// the library), inspect, convert round trip, validate, bad rows, signing,
// exit codes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "fepipe/cli/cli.hpp"  // first: spec hooks for the registry
#include "cli/cli_support.hpp"
#include "house_prices_pipeline.hpp"

namespace cli_cli_test {

namespace fs = std::filesystem;

using cli_support::Dir;
using cli_support::fepipe_run;
using cli_support::Result;
using cli_support::slurp;
using cli_support::write;

const std::string kSpec = R"({"steps": [
  ["fireplace", {"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["FireplaceQu"]}],
  ["frequent", {"class": "CategoricalImputer", "imputation_method": "frequent", "variables": ["BsmtQual"]}],
  ["mean", {"class": "MeanMedianImputer", "imputation_method": "mean", "variables": ["LotFrontage"]}],
  ["log", {"class": "LogTransformer", "variables": ["GrLivArea"]}],
  ["ordinal", {"class": "OrdinalEncoder", "encoding_method": "ordered", "variables": ["Neighborhood", "BsmtQual", "FireplaceQu"]}],
  ["scale", {"class": "MinMaxScaler"}],
  ["lasso", {"class": "Lasso", "alpha": 0.001, "random_state": 0}]]})";
const std::string kFeatures = "LotFrontage,GrLivArea,OverallQual,Neighborhood,BsmtQual,FireplaceQu";


TEST_CASE("fepipe: fit, predict, inspect, convert, validate, sign") {
  Dir dir("fepipe_cli_test");
  const std::string data = FEPIPE_DATA_DIR "/houseprice.csv";
  write(dir / "spec.json", kSpec);

  // fit, with a split: metrics on stdout.
  Result r = fepipe_run({"fit", dir / "spec.json", data, "--target", "SalePrice", "--log-target", "--features",
                         kFeatures, "-o", dir / "model.json", "--test-size", "0.1", "--random-state", "0"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.rfind("r2 0.", 0) == 0);
  CHECK(r.out.find("\nrmse 0.") != std::string::npos);

  // fit on everything, then predict: the library's predictions, exactly.
  r = fepipe_run({"fit", dir / "spec.json", data, "--target", "SalePrice", "--log-target", "--features", kFeatures,
                  "-o", dir / "model.json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto model = fepipe::load_any_model(dir / "model.json");
  const fepipe::Frame X = fepipe::read_csv(data).select(model.input_schema().names());
  const Eigen::VectorXd expected = model.predict(X);
  for (const char* chunk : {"7", "100000"}) {
    r = fepipe_run({"predict", dir / "model.json", data, "--chunk-rows", chunk, "-o", dir / "pred.csv"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    std::istringstream lines(slurp(dir / "pred.csv"));
    std::string line;
    std::getline(lines, line);
    CHECK(line == "prediction");
    Eigen::Index i = 0;
    bool same = true;
    while (std::getline(lines, line)) same = same && i < expected.size() && std::stod(line) == expected[i++];
    CHECK(same);
    CHECK(i == expected.size());
  }

  // inspect --json
  r = fepipe_run({"inspect", dir / "model.json", "--json"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find(R"("format": "json", "signed": false, "steps": [{"name": "categoricalimputer-1", "class": "CategoricalImputer", "options": {"imputation_method": "missing")") != std::string::npos);
  CHECK(r.out.find(R"({"name": "Neighborhood", "kind": "categorical", "categories": [)") != std::string::npos);
  CHECK(r.out.find(R"("feature_names_out": ["LotFrontage", )") != std::string::npos);
  r = fepipe_run({"inspect", dir / "model.json"});
  CHECK(r.code == 0);
  CHECK(r.out.find("lasso (Lasso) {\"alpha\": 0.001") != std::string::npos);

  // convert: JSON -> binary -> JSON gives the same bytes back.
  REQUIRE(fepipe_run({"convert", dir / "model.json", dir / "model.fpm"}).code == 0);
  REQUIRE(fepipe_run({"convert", dir / "model.fpm", dir / "back.txt", "--format", "json"}).code == 0);
  CHECK(slurp(dir / "back.txt") == slurp(dir / "model.json"));
  CHECK(slurp(dir / "model.fpm") != slurp(dir / "model.json"));

  // validate: a good file, then missing column, wrong kind, unseen category.
  const std::string good = "LotFrontage,GrLivArea,OverallQual,Neighborhood,BsmtQual,FireplaceQu\n"
                           "65,1710,7,CollgCr,Gd,\n";
  write(dir / "good.csv", good);
  r = fepipe_run({"validate", dir / "model.json", dir / "good.csv"});
  CHECK_MESSAGE(r.code == 0, r.out);
  write(dir / "bad.csv",
        "GrLivArea,OverallQual,Neighborhood,BsmtQual,FireplaceQu\n1710,seven,Atlantis,Gd,\n1,2,Atlantis,Gd,TA\n");
  r = fepipe_run({"validate", dir / "model.json", dir / "bad.csv"});
  CHECK(r.code == 1);
  CHECK(r.out ==
        "missing column: LotFrontage (numeric)\n"
        "wrong kind: column OverallQual is numeric, but 'seven' is not a number (1 rows, first at line 2)\n"
        "unseen category: column Neighborhood: 'Atlantis' (2 rows, first at line 2)\n" +
            (dir / "bad.csv") + ": 2 rows, 3 problems\n");

  // predict with a bad row: its line number; fail → 1, skip → 0 and a count.
  write(dir / "rows.csv", good + "65,\"17\n10\",7,CollgCr,Gd,\n" + "70,1500,5,CollgCr,TA,Gd\n");
  r = fepipe_run({"predict", dir / "model.json", dir / "rows.csv"});
  CHECK(r.code == 1);
  CHECK(r.err.find(dir / "rows.csv" + ": line 3: read_csv: column 'GrLivArea': ") !=
        std::string::npos);
  r = fepipe_run({"predict", dir / "model.json", dir / "rows.csv", "--on-error=skip"});
  CHECK(r.code == 0);
  CHECK(r.err.find("2 rows predicted, 1 skipped") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 3);

  // Signing: keygen, sign, verify with the right and a wrong key; predict requiring a key.
  REQUIRE(fepipe_run({"keygen", dir / "a"}).code == 0);
  REQUIRE(fepipe_run({"keygen", dir / "b"}).code == 0);
  r = fepipe_run({"sign", dir / "model.fpm", "--key", dir / "a.key", "-o", dir / "signed.fpm"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(fepipe_run({"verify", dir / "signed.fpm", "--trusted-key", dir / "a.pub"}).code == 0);
  r = fepipe_run({"verify", dir / "signed.fpm", "--trusted-key", dir / "b.pub"});
  CHECK(r.code == 3);
  CHECK(r.err.rfind("fepipe: model file refused: ", 0) == 0);
  CHECK(fepipe_run({"verify", dir / "model.fpm", "--trusted-key", dir / "a.pub"}).code == 3);
  CHECK(fepipe_run({"predict", dir / "signed.fpm", dir / "good.csv", "--trusted-key", dir / "a.pub"}).code == 0);
  CHECK(fepipe_run({"predict", dir / "model.fpm", dir / "good.csv", "--trusted-key", dir / "a.pub"}).code == 3);
  CHECK(fepipe_run({"load", dir / "signed.fpm", "--trusted-key", dir / "b.pub"}).code == 3);
  r = fepipe_run({"inspect", dir / "signed.fpm"});
  CHECK(r.out.find("signed: yes, by ") != std::string::npos);

  // Exit codes: usage 2, I/O 4, model refused 3, bad spec 1.
  CHECK(fepipe_run({}).code == 2);
  CHECK(fepipe_run({"predict", dir / "model.json"}).code == 2);
  CHECK(fepipe_run({"predict", dir / "model.json", good, "--on-error=maybe"}).code == 2);
  r = fepipe_run({"inspect", dir / "nothing.json"});
  CHECK(r.code == 4);
  write(dir / "junk.json", "{\"not\": \"a model\"}");
  CHECK(fepipe_run({"inspect", dir / "junk.json"}).code == 3);
  write(dir / "badspec.json", R"({"steps": [["m", {"class": "Lassoo"}]]})");
  r = fepipe_run({"fit", dir / "badspec.json", data, "--target", "SalePrice", "-o", dir / "x.json"});
  CHECK(r.code == 1);
  CHECK(r.err.find("step 'm': unknown class 'Lassoo'") != std::string::npos);

  // --help, per command, documents the exit codes.
  r = fepipe_run({"predict", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("--on-error") != std::string::npos);
  CHECK(r.out.find("3 model file refused") != std::string::npos);
}

}  // namespace cli_cli_test


namespace cli_cli_test {

TEST_CASE("fepipe fit/predict/validate read ', '-separated files with --skipinitialspace, as pandas") {
  // A census-income style file: ", " separators, "?" for missing, a blank
  // line of spaces (skipped, as pandas does, and not counted as a row).
  Dir dir("fepipe_cli_census");
  std::string csv = "age, workclass, hours, income\n";
  for (int i = 0; i < 60; ++i) {
    csv += std::to_string(20 + i) + ", " + (i % 7 == 0 ? "?" : i % 2 ? "Private" : "State-gov") + ", " +
           std::to_string(30 + i % 15) + ", " + std::to_string(1000 + 37 * i + (i % 2) * 500) + "\n";
    if (i == 30) csv += "   \n";
  }
  write(dir / "census.csv", csv);
  write(dir / "spec.json", R"({"steps": [
    ["impute", {"class": "CategoricalImputer", "imputation_method": "missing"}],
    ["encode", {"class": "OneHotEncoder"}],
    ["model", {"class": "Lasso", "alpha": 0.01}]]})");
  Result r = fepipe_run({"fit", dir / "spec.json", dir / "census.csv", "--target", "income", "--skipinitialspace",
                         "--na-values", "?", "-o", dir / "model.json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto model = fepipe::load_any_model(dir / "model.json");
  CHECK(model.input_schema().names() == std::vector<std::string>{"age", "workclass", "hours"});
  // The imputer saw '?' as missing: its fill label is learned, and the
  // encoder knows the three categories, 'Missing' included.
  CHECK(model.input_schema()[1].kind == fepipe::Kind::categorical);

  r = fepipe_run({"predict", dir / "model.json", dir / "census.csv", "--skipinitialspace", "--na-values", "?"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 61);  // the header and 60 rows: the blank line is no row
  const fepipe::Frame X =
      fepipe::read_csv(dir / "census.csv", {.skipinitialspace = true, .na_values = {"?"}}).select(model.input_schema().names());
  const Eigen::VectorXd expected = model.predict(X);
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  Eigen::Index i = 0;
  bool same = true;
  while (std::getline(lines, line)) same = same && i < expected.size() && std::stod(line) == expected[i++];
  CHECK(same);
  CHECK(i == 60);

  r = fepipe_run({"validate", dir / "model.json", dir / "census.csv", "--skipinitialspace", "--na-values", "?"});
  CHECK_MESSAGE(r.code == 0, r.out);
  // Without the option the names keep their space: the model's columns are missing.
  r = fepipe_run({"validate", dir / "model.json", dir / "census.csv"});
  CHECK(r.code == 1);
  CHECK(r.out.find("missing column: workclass") != std::string::npos);
}

}  // namespace cli_cli_test
