// The drift baseline a pipeline records at fit (core/drift_baseline.hpp):
// what it holds for the course's House Prices pipeline, that model files
// carry it (pipeline version 2) and version-1 files still load without it,
// and that a loaded baseline is re-validated like everything else in a file.

#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "fepipe/core/train_test_split.hpp"
#include "fepipe/io/model_file.hpp"
#include "house_prices_pipeline.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"

namespace pipelines_drift_baseline_test {

using namespace fepipe;

namespace {

using HousePrices = decltype(house_prices::make_pipeline());

struct Fitted {
  TrainTestSplit split;
  HousePrices pipeline;
};

const Fitted& fitted() {
  static const Fitted f = [] {
    auto [X, y] = house_prices::load(fepipe_test::data_path("houseprice.csv"));
    Fitted out{train_test_split(X, y, {.test_size = 0.1, .random_state = 0u}), house_prices::make_pipeline()};
    out.pipeline.fit(out.split.X_train, out.split.y_train);
    return out;
  }();
  return f;
}

const DriftColumnBaseline& column(const DriftBaseline& b, const std::string& name) {
  for (const auto& c : b.columns)
    if (c.name == name) return c;
  FAIL("no baseline column " << name);
  throw;  // unreachable
}

}  // namespace

TEST_CASE("drift baseline: recorded at fit for every input column, in input-schema order") {
  const auto& f = fitted();
  const DriftBaseline* b = f.pipeline.drift_baseline();
  REQUIRE(b != nullptr);
  const Schema& input = f.pipeline.input_schema();
  REQUIRE(b->columns.size() == input.size());
  const Frame& X = f.split.X_train;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto& c = b->columns[i];
    CHECK(c.name == input[i].name);
    CHECK(c.kind == input[i].kind);
    CHECK(c.count == X.rows());
    const Column& col = X[c.name];
    std::uint64_t missing = 0;
    for (std::size_t r = 0; r < X.rows(); ++r) missing += col.is_missing(r);
    CHECK(c.missing == missing);
  }
  // LotFrontage: the numeric column with missing values the course imputes.
  const auto& lot = column(*b, "LotFrontage");
  REQUIRE(lot.edges.size() == drift_quantile_levels.size());
  REQUIRE(lot.bin_counts.size() == drift_numeric_bins);
  std::vector<double> present;
  for (double v : X.numeric("LotFrontage"))
    if (!std::isnan(v)) present.push_back(v);
  std::sort(present.begin(), present.end());
  CHECK(lot.min == present.front());
  CHECK(lot.max == present.back());
  // Each bin holds exactly the values in (previous edge, edge].
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < drift_numeric_bins; ++k) {
    std::uint64_t n = 0;
    for (double v : present) n += lot.bin_of(v) == k;
    CHECK(lot.bin_counts[k] == n);
    total += lot.bin_counts[k];
  }
  CHECK(total == present.size());
  // Neighborhood: categories most frequent first, counts adding up.
  const auto& nb = column(*b, "Neighborhood");
  CHECK(nb.edges.empty());
  CHECK(std::is_sorted(nb.category_counts.rbegin(), nb.category_counts.rend()));
  std::uint64_t sum = nb.other_count;
  for (auto n : nb.category_counts) sum += n;
  CHECK(sum == nb.present());
  CHECK(nb.categories.size() == input[*input.find("Neighborhood")].categories.size());
}

TEST_CASE("drift baseline: saved and loaded with the model, JSON and binary") {
  const auto& f = fitted();
  for (auto format : {ModelFormat::json, ModelFormat::binary}) {
    const std::string bytes = save_model_to_string(f.pipeline, format);
    HousePrices loaded;
    load_model_from_memory(bytes, loaded);
    REQUIRE(loaded.drift_baseline() != nullptr);
    const auto& a = f.pipeline.drift_baseline()->columns;
    const auto& b = loaded.drift_baseline()->columns;
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].name == b[i].name);
      CHECK(a[i].edges == b[i].edges);
      CHECK(a[i].bin_counts == b[i].bin_counts);
      CHECK(a[i].categories == b[i].categories);
      CHECK(a[i].category_counts == b[i].category_counts);
      CHECK(fepipe_test::same_bits(a[i].mean, b[i].mean));
      CHECK(fepipe_test::same_bits(a[i].stddev, b[i].stddev));
    }
  }
}

TEST_CASE("drift baseline: a version-1 file (written before baselines) loads without one and predicts the same") {
  const auto& f = fitted();
  const Eigen::VectorXd expected = f.pipeline.predict(f.split.X_test);
  std::optional<Eigen::VectorXd> first;
  for (const char* ext : {".json", ".fpm"}) {
    const auto path = fepipe_test::test_data_path(std::string("model_files/house_prices_pipeline_v1") + ext);
    const HousePrices old = load_model<HousePrices>(path);
    CHECK(old.drift_baseline() == nullptr);
    const Eigen::VectorXd got = old.predict(f.split.X_test);
    REQUIRE(got.size() == expected.size());
    // The file was written by an earlier fit of the same pipeline: the
    // Lasso's solver has since changed its summation order (last bits of
    // the coefficients), so today's fit agrees to rounding, and the two
    // copies of the file agree bit for bit.
    for (Eigen::Index i = 0; i < got.size(); ++i)
      CHECK(std::fabs(got[i] - expected[i]) <= 1e-12 * std::fabs(expected[i]));
    if (first)
      for (Eigen::Index i = 0; i < got.size(); ++i) CHECK(fepipe_test::same_bits(got[i], (*first)[i]));
    else
      first = got;
  }
}

TEST_CASE("drift baseline: SkipDriftBaseline turns recording off on its thread while it lives") {
  const auto& f = fitted();
  HousePrices p = house_prices::make_pipeline();
  {
    const SkipDriftBaseline outer;
    {
      const SkipDriftBaseline inner;
    }
    CHECK(SkipDriftBaseline::skipped());  // the inner guard restored the outer state
    p.fit(f.split.X_train, f.split.y_train);
    CHECK(p.is_fitted());
    CHECK(p.drift_baseline() == nullptr);
  }
  CHECK_FALSE(SkipDriftBaseline::skipped());
  p.fit(f.split.X_train, f.split.y_train);
  REQUIRE(p.drift_baseline() != nullptr);
  const auto& a = p.drift_baseline()->columns;
  const auto& b = f.pipeline.drift_baseline()->columns;
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].edges == b[i].edges);
    CHECK(a[i].bin_counts == b[i].bin_counts);
    CHECK(a[i].category_counts == b[i].category_counts);
  }
}

TEST_CASE("drift baseline: a hostile baseline in a file is refused") {
  const auto& f = fitted();
  const std::string json = save_model_to_string(f.pipeline, ModelFormat::json);
  const std::size_t at = json.find("\"drift_baseline\"");
  REQUIRE(at != std::string::npos);
  // `json` with the first `from` after the baseline's start replaced by `to`.
  auto rejected = [&](const std::string& from, const std::string& to) {
    std::string edited = json;
    const std::size_t pos = edited.find(from, at);
    INFO("edit " << from << " -> " << to);
    REQUIRE(pos != std::string::npos);
    edited.replace(pos, from.size(), to);
    HousePrices loaded;
    CHECK_THROWS_AS(load_model_from_memory(edited, loaded), ModelFormatError);
  };
  const std::string lot = "\"name\": \"LotFrontage\",\n     \"kind\": \"numeric\",\n     \"count\": 1314,\n";
  REQUIRE(json.find(lot, at) != std::string::npos);
  // Names, kinds and order must be the input schema's.
  rejected("\"name\": \"LotFrontage\"", "\"name\": \"LotFrontagX\"");
  rejected("\"name\": \"MSZoning\"", "\"name\": \"MSSubClass\"");
  rejected("\"kind\": \"categorical\"", "\"kind\": \"numeric\"");
  // Counts that do not add up, a missing count above the row count.
  rejected(lot + "     \"missing\": 233", lot + "     \"missing\": 99999");
  rejected(lot + "     \"missing\": 233", lot + "     \"missing\": 234");
  rejected("\"bin_counts\": [\n      21,", "\"bin_counts\": [\n      22,");
  // Edges out of order, not finite, the wrong number of them.
  rejected("\"edges\": [\n      21.0,", "\"edges\": [\n      99.0,");
  rejected("\"edges\": [\n      21.0,", "\"edges\": [\n      -1e999,");
  rejected("\"edges\": [\n      21.0,", "\"edges\": [\n      20.0, 21.0,");
  rejected("\"mean\": 69.", "\"mean\": 1e999, \"x\": 69.");
  // A category twice, a category with count 0, a count that does not add up.
  rejected("\"categories\": [\n      \"20\",\n      \"60\",", "\"categories\": [\n      \"20\",\n      \"20\",");
  rejected("\"category_counts\": [\n      478,", "\"category_counts\": [\n      0,");
  rejected("\"category_counts\": [\n      478,", "\"category_counts\": [\n      479,");
  rejected("\"other_count\": 0", "\"other_count\": 1");
  // A column fewer.
  rejected("\"columns\": [\n    {", "\"columns\": [\n    {\"version\": 1, \"name\": \"extra\", \"kind\": \"numeric\", \"count\": 0, "
           "\"missing\": 0, \"min\": 0.0, \"max\": 0.0, \"mean\": 0.0, \"stddev\": 0.0, \"edges\": [], \"bin_counts\": [], "
           "\"categories\": [], \"category_counts\": [], \"other_count\": 0},\n    {");
}

TEST_CASE("drift baseline: an unfitted pipeline has none; a failed refit leaves none") {
  auto p = house_prices::make_pipeline();
  CHECK(p.drift_baseline() == nullptr);
  const auto& f = fitted();
  p.fit(f.split.X_train, f.split.y_train);
  CHECK(p.drift_baseline() != nullptr);
  Frame bad = f.split.X_train;
  bad.drop({"LotFrontage"});
  CHECK_THROWS(p.fit(bad, f.split.y_train));
  CHECK_FALSE(p.is_fitted());
  CHECK(p.drift_baseline() == nullptr);
}

}  // namespace pipelines_drift_baseline_test
