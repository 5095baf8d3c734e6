// fepipe drift end to end: the report equals the library's DriftMonitor on
// the same rows (text and JSON, any chunk size), --fail-on's exit code 5 on
// a shifted file and not on held-out rows of the training distribution, and
// clear errors for a model without a baseline and for a bad row.

#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "fepipe/cli/cli.hpp"  // first: spec hooks for the registry
#include "cli/cli_support.hpp"

namespace cli_drift_test {

using cli_support::Dir;
using cli_support::fepipe_run;
using cli_support::Result;
using cli_support::slurp;
using cli_support::write;

const std::string kSpec = R"({"steps": [
  ["missing", {"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["BsmtQual"]}],
  ["mean", {"class": "MeanMedianImputer", "imputation_method": "mean", "variables": ["LotFrontage"]}],
  ["ordinal", {"class": "OrdinalEncoder", "encoding_method": "arbitrary", "unseen": "encode",
               "variables": ["Neighborhood", "BsmtQual"]}],
  ["lasso", {"class": "Lasso", "alpha": 0.001, "random_state": 0}]]})";
const std::vector<std::string> kColumns = {"LotFrontage", "GrLivArea", "OverallQual", "Neighborhood", "BsmtQual"};

/// The House Prices columns of kColumns plus the target, rows [begin, end),
/// with GrLivArea multiplied by `scale` and every 'NAmes' renamed `rename`.
std::string house_rows(std::size_t begin, std::size_t end, double scale = 1.0, const std::string& rename = "NAmes") {
  const fepipe::Frame all = fepipe::read_csv(FEPIPE_DATA_DIR "/houseprice.csv");
  std::string csv = "LotFrontage,GrLivArea,OverallQual,Neighborhood,BsmtQual,SalePrice\n";
  auto num = [](double v) {
    if (std::isnan(v)) return std::string();
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
  };
  auto label = [&](const std::string& column, std::size_t r) {
    const fepipe::Column& c = all[column];
    if (c.is_missing(r)) return std::string();
    const std::string l(c.label(c.codes()[r]));
    return l == "NAmes" ? rename : l;
  };
  for (std::size_t r = begin; r < end; ++r)
    csv += num(all.numeric("LotFrontage")[r]) + "," + num(all.numeric("GrLivArea")[r] * scale) + "," +
           num(all.numeric("OverallQual")[r]) + "," + label("Neighborhood", r) + "," + label("BsmtQual", r) + "," +
           num(all.numeric("SalePrice")[r]) + "\n";
  return csv;
}

TEST_CASE("fepipe drift: the library's report, exit code 5 on a shifted file only") {
  Dir dir("fepipe_cli_drift");
  write(dir / "spec.json", kSpec);
  write(dir / "train.csv", house_rows(0, 1000));
  write(dir / "held_out.csv", house_rows(1000, 1460));
  write(dir / "shifted.csv", house_rows(1000, 1460, 1.6, "NewTown"));
  Result r = fepipe_run({"fit", dir / "spec.json", dir / "train.csv", "--target", "SalePrice", "--log-target", "-o",
                         dir / "model.fpm"});
  REQUIRE_MESSAGE(r.code == 0, r.err);

  const auto model = fepipe::load_any_model(dir / "model.fpm");
  REQUIRE(model.drift_baseline() != nullptr);
  for (const char* file : {"held_out.csv", "shifted.csv"}) {
    CAPTURE(file);
    fepipe::DriftMonitor monitor(*model.drift_baseline());
    monitor.observe(fepipe::read_csv(dir / file, fepipe::cli::detail::schema_csv_options(model.input_schema())));
    const fepipe::DriftReport expected = monitor.report();
    for (const char* chunk : {"7", "10000"}) {
      r = fepipe_run({"drift", dir / "model.fpm", dir / file, "--json", "--chunk-rows", chunk});
      REQUIRE_MESSAGE(r.code == 0, r.err);
      CHECK(r.out == expected.to_json());
      CHECK(r.err.find("460 rows compared") != std::string::npos);
    }
    r = fepipe_run({"drift", dir / "model.fpm", dir / file, "-o", dir / "report.txt"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(slurp(dir / "report.txt") == expected.to_text());
  }

  // Held-out rows of the same data: nothing at alert level. The shifted file:
  // GrLivArea and Neighborhood at alert, and only they.
  r = fepipe_run({"drift", dir / "model.fpm", dir / "held_out.csv", "--fail-on", "alert"});
  CHECK_MESSAGE(r.code == 0, r.out);
  r = fepipe_run({"drift", dir / "model.fpm", dir / "shifted.csv", "--fail-on", "alert", "--json"});
  CHECK(r.code == 5);
  {
    fepipe::DriftMonitor monitor(*model.drift_baseline());
    monitor.observe(fepipe::read_csv(dir / "shifted.csv", fepipe::cli::detail::schema_csv_options(model.input_schema())));
    CHECK(monitor.report().columns_at(fepipe::DriftLevel::alert) == std::vector<std::string>{"GrLivArea", "Neighborhood"});
  }
  CHECK(r.out.find("NewTown") != std::string::npos);  // a new category, by name
  CHECK(fepipe_run({"drift", dir / "model.fpm", dir / "shifted.csv", "--fail-on", "never"}).code == 0);

  // Options from DriftOptions' table: a PSI alert threshold no column reaches.
  r = fepipe_run({"drift", dir / "model.fpm", dir / "shifted.csv", "--fail-on", "alert", "--psi-alert", "1000",
                  "--psi-warn", "999"});
  CHECK_MESSAGE(r.code == 0, r.out);
  r = fepipe_run({"drift", dir / "model.fpm", dir / "shifted.csv", "--psi-alert", "-1"});
  CHECK(r.code == 1);
  CHECK(r.err.find("psi_alert") != std::string::npos);
  r = fepipe_run({"drift", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("--min-records") != std::string::npos);
  CHECK(r.out.find("5 drift at the --fail-on level") != std::string::npos);

  // A bad row: its line; a model file without a baseline: said so.
  write(dir / "bad.csv", "LotFrontage,GrLivArea,OverallQual,Neighborhood,BsmtQual\n65,1710,7,CollgCr,Gd\n65,big,7,CollgCr,Gd\n");
  r = fepipe_run({"drift", dir / "model.fpm", dir / "bad.csv"});
  CHECK(r.code == 1);
  CHECK(r.err.find(dir / "bad.csv" + ": line 3: ") != std::string::npos);
  CHECK(r.err.find("GrLivArea") != std::string::npos);
  REQUIRE(fepipe_run({"convert", dir / "model.fpm", dir / "model.json"}).code == 0);
  write(dir / "old.json", cli_support::as_version_1(slurp(dir / "model.json")));
  REQUIRE(fepipe_run({"load", dir / "old.json"}).code == 0);  // still a valid model
  r = fepipe_run({"drift", dir / "old.json", dir / "held_out.csv"});
  CHECK(r.code == 1);
  CHECK(r.err.find("no drift baseline") != std::string::npos);
}

}  // namespace cli_drift_test
