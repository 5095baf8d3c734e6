// The course's House Prices pipeline against scikit-learn 1.2.1 +
// feature-engine 1.6.2 (tools/reference/foundation.py), and the guarantees
// an application relies on: identical predictions after a reload, single
// records without heap allocation, and clear errors on bad records.

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "fepipe/core/train_test_split.hpp"
#include "fepipe/metrics/regression.hpp"
#include "house_prices_pipeline.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"

namespace pipelines_house_prices_test {

using namespace fepipe;

namespace {

struct Fitted {
  TrainTestSplit split;
  decltype(house_prices::make_pipeline()) pipeline;
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

std::vector<double> reference_column(const std::string& file) {
  const Frame f = fepipe_test::read_reference_frame(file);
  auto v = f.numeric("prediction");
  return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("House Prices: predictions match scikit-learn + feature-engine on the course split") {
  const auto& f = fitted();
  const Eigen::VectorXd test = f.pipeline.predict(f.split.X_test);
  const Eigen::VectorXd train = f.pipeline.predict(f.split.X_train);
  const auto ref_test = reference_column("pipelines/house_prices__predict_test.csv");
  const auto ref_train = reference_column("pipelines/house_prices__predict_train.csv");
  REQUIRE(static_cast<std::size_t>(test.size()) == ref_test.size());
  REQUIRE(static_cast<std::size_t>(train.size()) == ref_train.size());
  double worst = 0;
  for (std::size_t i = 0; i < ref_test.size(); ++i)
    worst = std::max(worst, std::fabs(test[static_cast<Eigen::Index>(i)] - ref_test[i]));
  for (std::size_t i = 0; i < ref_train.size(); ++i)
    worst = std::max(worst, std::fabs(train[static_cast<Eigen::Index>(i)] - ref_train[i]));
  INFO("max |diff| on log price: " << worst);
  CHECK(worst <= 1e-6);
  CHECK(r2_score(f.split.y_test, test) == doctest::Approx(0.8853884660456113).epsilon(1e-9));
}

TEST_CASE("House Prices: the same split rows as scikit-learn") {
  const auto rows = fepipe_test::read_attribute("pipelines/house_prices__test_index.csv");
  const auto idx = train_test_split_indices(1460, {.test_size = 0.1, .random_state = 0u});
  REQUIRE(rows.size() == idx.test.size());
  for (std::size_t i = 0; i < rows.size(); ++i) CHECK(static_cast<std::size_t>(rows[i].value) == idx.test[i]);
}

TEST_CASE("House Prices: Lasso coefficients and the fitted encoders match the reference") {
  const auto& lasso = fitted().pipeline.step<15>();
  const auto coef = fepipe_test::read_attribute("pipelines/house_prices__lasso_coef.csv");
  REQUIRE(static_cast<std::size_t>(lasso.coef_.size()) == coef.size());
  for (std::size_t j = 0; j < coef.size(); ++j)
    CHECK(fepipe_test::close(lasso.coef_[static_cast<Eigen::Index>(j)], coef[j].value, 1e-7, 1e-12));
  CHECK(lasso.n_iter_ == static_cast<int>(fepipe_test::read_attribute("pipelines/house_prices__lasso_n_iter.csv")[0].value));
  FEPIPE_CHECK_CLOSE(lasso.intercept_,
                     fepipe_test::read_attribute("pipelines/house_prices__lasso_intercept.csv")[0].value, 1e-9);

  const auto& ordinal = fitted().pipeline.step<13>();
  for (const auto& row : fepipe_test::read_attribute("pipelines/house_prices__ordinal_encoder_dict.csv")) {
    INFO(row.variable << " " << row.key);
    CHECK(ordinal.encoder_dict_.at(row.variable).at(row.key) == row.value);
  }
  const auto& rare = fitted().pipeline.step<12>();
  for (const auto& row : fepipe_test::read_attribute("pipelines/house_prices__rare_label_dict.csv")) {
    const auto& kept = rare.encoder_dict_.at(row.variable);
    CHECK(kept.at(static_cast<std::size_t>(std::stod(row.key))) == row.text);
  }
}

TEST_CASE("House Prices: the transformed matrix reaching the scaler matches feature-engine") {
  const auto& p = fitted().pipeline;
  // Run the first 14 steps by hand, as pipe[:-2].transform does.
  Frame X = p.step<0>().transform(fitted().split.X_test);
  X = p.step<1>().transform(std::move(X));
  X = p.step<2>().transform(std::move(X));
  X = p.step<3>().transform(std::move(X));
  X = p.step<4>().transform(std::move(X));
  X = p.step<5>().transform(std::move(X));
  X = p.step<6>().transform(std::move(X));
  X = p.step<7>().transform(std::move(X));
  X = p.step<8>().transform(std::move(X));
  X = p.step<9>().transform(std::move(X));
  X = p.step<10>().transform(std::move(X));
  X = p.step<11>().transform(std::move(X));
  X = p.step<12>().transform(std::move(X));
  X = p.step<13>().transform(std::move(X));
  const Frame expected = fepipe_test::read_reference_frame("pipelines/house_prices__transformed_test.csv");
  fepipe_test::check_frame_close(X, expected, 1e-12);
  CHECK(p.feature_names_out() == expected.names());
}

TEST_CASE("House Prices: estimator_input is pipe[:-1].transform, with predict's input selection") {
  const auto& p = fitted().pipeline;
  const Frame& X = fitted().split.X_test;
  const Frame features = p.estimator_input(X);
  CHECK(features.names() == p.feature_names_out());
  // The Lasso on that matrix predicts what the pipeline predicts.
  fepipe_test::require_identical(p.step<15>().predict(features), p.predict(X));
  // As predict: the input columns are picked by name from a wider frame,
  // in any order.
  Frame wider;
  wider.add("Unused", Column::numeric(std::vector<double>(X.rows(), 1.0)));
  for (std::size_t c = X.cols(); c-- > 0;) wider.add(X.name(c), X.column(c));
  fepipe_test::require_identical(p.estimator_input(wider), features);
  Frame missing = X;
  missing.drop({"GrLivArea"});
  CHECK_THROWS_WITH_AS((void)p.estimator_input(std::move(missing)), doctest::Contains("GrLivArea"), SchemaError);
}

TEST_CASE("House Prices: a reloaded model predicts bit-identically (JSON and binary)") {
  const auto& f = fitted();
  const Eigen::VectorXd expected = f.pipeline.predict(f.split.X_test);
  auto [from_json, from_bin] = fepipe_test::roundtrip_both(f.pipeline);
  fepipe_test::require_identical(from_json.predict(f.split.X_test), expected);
  fepipe_test::require_identical(from_bin.predict(f.split.X_test), expected);
  CHECK(from_bin.input_schema() == f.pipeline.input_schema());
}

TEST_CASE("House Prices: predict_one equals predict, for positional and named records") {
  const auto& f = fitted();
  const Eigen::VectorXd batch = f.pipeline.predict(f.split.X_test);
  for (std::size_t r = 0; r < f.split.X_test.rows(); ++r) {
    const auto record = house_prices::record_of(f.split.X_test, r);
    CHECK(fepipe_test::same_bits(f.pipeline.predict_one(record), batch[static_cast<Eigen::Index>(r)]));
  }
  const auto record = house_prices::record_of(f.split.X_test, 3);
  std::vector<std::pair<std::string_view, Value>> named;
  // Reverse order on purpose: names, not positions, decide.
  for (std::size_t c = record.size(); c-- > 0;) named.emplace_back(f.split.X_test.name(c), record[c]);
  CHECK(fepipe_test::same_bits(f.pipeline.predict_one(named), batch[3]));
}

TEST_CASE("House Prices: predict_one makes no heap allocation after warm-up") {
  const auto& f = fitted();
  const auto record = house_prices::record_of(f.split.X_test, 5);
  Workspace ws;
  double first = f.pipeline.predict_one(record, ws);  // warm-up sizes the workspace
  double again = f.pipeline.predict_one(record);      // and the thread's own workspace
  std::size_t allocations = 0;
  {
    fepipe_test::CountAllocations guard;
    for (int i = 0; i < 100; ++i) {
      again = f.pipeline.predict_one(record, ws);
      again = f.pipeline.predict_one(record);
    }
    allocations = guard.count();
  }
  CHECK(allocations == 0);
  CHECK(first == again);
}

TEST_CASE("House Prices: bad records give fepipe errors naming the column") {
  const auto& p = fitted().pipeline;
  auto record = house_prices::record_of(fitted().split.X_test, 0);
  const std::size_t lot = *p.input_schema().find("LotFrontage");
  const std::size_t zoning = *p.input_schema().find("MSZoning");
  const std::size_t area = *p.input_schema().find("GrLivArea");

  SUBCASE("wrong width") {
    std::vector<Value> shorter(record.begin(), record.end() - 1);
    CHECK_THROWS_AS(p.predict_one(shorter), SchemaError);
  }
  SUBCASE("a label where a number is expected") {
    record[lot] = Value("sixty");
    CHECK_THROWS_WITH_AS(p.predict_one(record), doctest::Contains("LotFrontage"), SchemaError);
  }
  SUBCASE("a number where a label is expected") {
    record[zoning] = Value(3.0);
    CHECK_THROWS_WITH_AS(p.predict_one(record), doctest::Contains("MSZoning"), SchemaError);
  }
  SUBCASE("a missing LotFrontage is imputed (the documented result)") {
    record[lot] = Value::missing();
    CHECK(std::isfinite(p.predict_one(record)));
  }
  SUBCASE("a non-positive area cannot be logged") {
    record[area] = Value(-5.0);
    CHECK_THROWS_WITH_AS(p.predict_one(record), doctest::Contains("GrLivArea"), DataError);
  }
  SUBCASE("NaN where the pipeline has no imputer") {
    record[area] = Value(std::nan(""));
    CHECK_THROWS_WITH_AS(p.predict_one(record), doctest::Contains("GrLivArea"), DataError);
  }
  SUBCASE("a missing category in a variable that does not allow it") {
    record[zoning] = Value::missing();
    CHECK_THROWS_WITH_AS(p.predict_one(record), doctest::Contains("MSZoning"), DataError);
  }
  SUBCASE("an unseen category becomes Rare, then its ordinal code (the documented result)") {
    record[zoning] = Value("NEVER-SEEN");
    CHECK(std::isfinite(p.predict_one(record)));
  }
  SUBCASE("named records: unknown, duplicated and missing names") {
    std::vector<std::pair<std::string_view, Value>> named;
    for (std::size_t c = 0; c < record.size(); ++c) named.emplace_back(p.input_schema()[c].name, record[c]);
    auto unknown = named;
    unknown[0].first = "NoSuchColumn";
    CHECK_THROWS_WITH_AS(p.predict_one(unknown), doctest::Contains("NoSuchColumn"), SchemaError);
    auto twice = named;
    twice[1].first = twice[0].first;
    CHECK_THROWS_AS(p.predict_one(twice), SchemaError);
    auto fewer = named;
    fewer.pop_back();
    CHECK_THROWS_WITH_AS(p.predict_one(fewer), doctest::Contains(std::string(named.back().first).c_str()),
                         SchemaError);
  }
}

TEST_CASE("House Prices: bad frames at predict") {
  const auto& f = fitted();
  SUBCASE("missing column") {
    Frame X = f.split.X_test;
    X.pop("GrLivArea");
    CHECK_THROWS_WITH_AS(f.pipeline.predict(X), doctest::Contains("GrLivArea"), SchemaError);
  }
  SUBCASE("wrong kind") {
    Frame X = f.split.X_test;
    X.set("LotFrontage", Column::from_labels(std::vector<std::string>(X.rows(), "x")));
    CHECK_THROWS_WITH_AS(f.pipeline.predict(X), doctest::Contains("LotFrontage"), SchemaError);
  }
  SUBCASE("extra columns and another column order are fine") {
    Frame X = f.split.X_test;
    Column c = X.pop("MSSubClass");
    X.add("MSSubClass", std::move(c));
    X.add("Unrelated", Column::numeric(std::vector<double>(X.rows(), 1.0)));
    fepipe_test::require_identical(f.pipeline.predict(X), f.pipeline.predict(f.split.X_test));
  }
  SUBCASE("one row") {
    const std::vector<std::size_t> rows{7};
    const Eigen::VectorXd one = f.pipeline.predict(f.split.X_test.take_rows(rows));
    REQUIRE(one.size() == 1);
    CHECK(fepipe_test::same_bits(one[0], f.pipeline.predict(f.split.X_test)[7]));
  }
  SUBCASE("empty frame: no rows in, no predictions out") {
    const Frame empty = f.split.X_test.take_rows(std::vector<std::size_t>{});
    CHECK(f.pipeline.predict(empty).size() == 0);
  }
  SUBCASE("not fitted") {
    const auto unfitted = house_prices::make_pipeline();
    CHECK_THROWS_AS(unfitted.predict(f.split.X_test), NotFittedError);
  }
}

}  // namespace pipelines_house_prices_test
