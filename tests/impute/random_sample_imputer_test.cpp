// RandomSampleImputer draws exactly what feature-engine 1.6.2 draws
// (pandas' sample → numpy's legacy RandomState), for general and
// per-observation seeds, on House Prices, Titanic and hand-made data
// (tools/reference/catalogue_impute_encode.py); and keeps its contract:
// values come from the training data, the same inputs and seeds give the
// same outputs.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/random_sample_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_random_sample_imputer_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_vars{"LotFrontage", "MasVnrArea", "GarageYrBlt", "Alley",
                                          "FireplaceQu", "BsmtQual",   "Electrical"};

const Frame& house() {
  static const Frame X = [] {
    Frame f = fepipe_test::load_houseprice();
    f.drop({"Id", "SalePrice"});
    return f;
  }();
  return X;
}
std::vector<std::size_t> range(std::size_t from, std::size_t to) {
  std::vector<std::size_t> r;
  for (std::size_t i = from; i < to; ++i) r.push_back(i);
  return r;
}
const Frame& house_train() {
  static const Frame X = house().take_rows(range(0, 1000));
  return X;
}
const Frame& house_test() {
  static const Frame X = house().take_rows(range(1000, house().rows()));
  return X;
}

Frame small() { return fepipe_test::read_input_frame("random_sample_imputer_small", {{"one", Kind::numeric}}); }
Frame titanic() { return fepipe_test::read_input_frame("random_sample_imputer_titanic"); }

/// Every value of `out` where `in` was missing is one of the training values.
void check_drawn_from_training(const Frame& in, const Frame& out, const Frame& train,
                               const std::vector<std::string>& vars) {
  for (const auto& v : vars) {
    INFO(v);
    const Column &a = in[v], &b = out[v], &t = train[v];
    for (std::size_t r = 0; r < a.size(); ++r) {
      if (!a.is_missing(r)) continue;
      REQUIRE_FALSE(b.is_missing(r));
      bool found = false;
      for (std::size_t s = 0; s < t.size() && !found; ++s)
        found = !t.is_missing(s) && (a.is_numeric() ? t.values()[s] == b.values()[r]
                                                    : t.label(t.codes()[s]) == b.label(b.codes()[r]));
      CHECK(found);
    }
  }
}

/// With seed = general, one record is a one-row frame: transform_row on row
/// r equals transform of that row alone.
void check_rows_as_one_row_frames(const RandomSampleImputer& imp, const Frame& X) {
  for (std::size_t r = 0; r < X.rows(); ++r) {
    CAPTURE(r);
    fepipe_test::check_rows_match_transform(imp, X.take_rows(std::vector<std::size_t>{r}));
  }
}

}  // namespace

TEST_CASE("RandomSampleImputer general seed: House Prices draws equal feature-engine's") {
  for (std::uint32_t seed : {0u, 42u}) {
    INFO("seed " << seed);
    RandomSampleImputer imp({.variables = house_vars, .random_state = seed});
    imp.fit(house_train());
    CHECK(imp.variables_ == house_vars);
    const Frame out = imp.transform(house_test());
    fepipe_test::check_frame_close(
        out.select(house_vars),
        fepipe_test::read_reference_frame("impute/random_sample_imputer_house_general_" + std::to_string(seed) +
                                          "__transform.csv"),
        0.0);
    check_drawn_from_training(house_test(), out, house_train(), house_vars);
    fepipe_test::require_identical(imp.transform(house_test()), out);  // same seed, same draws
    CHECK(imp.feature_names_out() == house().names());
  }
}

TEST_CASE("RandomSampleImputer observation seed: House Prices draws equal feature-engine's, per row") {
  for (auto [how, name] : {std::pair{SeedingMethod::add, "add"}, std::pair{SeedingMethod::multiply, "multiply"}}) {
    INFO(name);
    RandomSampleImputer imp({.variables = house_vars,
                             .seed = SampleSeed::observation,
                             .seed_variables = {"LotArea", "OverallQual"},
                             .seeding_method = how});
    imp.fit(house_train());
    const Frame out = imp.transform(house_test());
    fepipe_test::check_frame_close(
        out.select(house_vars),
        fepipe_test::read_reference_frame("impute/random_sample_imputer_house_observation_" + std::string(name) +
                                          "__transform.csv"),
        0.0);
    // Per-row seeds: a record gets what its row gets in the batch.
    fepipe_test::check_rows_match_transform(imp, house_test().head(200));
  }
}

TEST_CASE("RandomSampleImputer on Titanic: a seed variable imputed earlier seeds with its imputed value") {
  const Frame X = titanic();
  const std::vector<std::string> vars{"age", "fare", "cabin", "embarked"};
  RandomSampleImputer general({.variables = vars, .random_state = 0u});
  general.fit(X);
  fepipe_test::check_frame_close(
      general.transform(X), fepipe_test::read_reference_frame("impute/random_sample_imputer_titanic_general_0__transform.csv"),
      0.0);
  RandomSampleImputer observation({.variables = vars, .seed = SampleSeed::observation, .seed_variables = {"fare", "pclass"}});
  observation.fit(X);
  fepipe_test::check_frame_close(
      observation.transform(X),
      fepipe_test::read_reference_frame("impute/random_sample_imputer_titanic_observation_add__transform.csv"), 0.0);
  fepipe_test::check_rows_match_transform(observation, X);
  fepipe_test::check_transform_roundtrip(observation, X);
  fepipe_test::check_hostile_files(observation);
}

TEST_CASE("RandomSampleImputer on hand-made data: ±inf values, a one-value pool, seeds rounded half to even") {
  const Frame X = small();
  for (std::uint32_t seed : {0u, 1u, 4294967295u}) {
    INFO("seed " << seed);
    RandomSampleImputer imp({.random_state = seed});
    imp.fit(X);
    CHECK(imp.variables_ == X.names());  // automatic: every column
    fepipe_test::check_frame_close(
        imp.transform(X),
        fepipe_test::read_reference_frame("impute/random_sample_imputer_small_general_" + std::to_string(seed) +
                                          "__transform.csv"),
        0.0);
    check_rows_as_one_row_frames(imp, X);
    fepipe_test::check_transform_roundtrip(imp, X);
  }
  for (auto [how, name] : {std::pair{SeedingMethod::add, "add"}, std::pair{SeedingMethod::multiply, "multiply"}}) {
    INFO(name);
    RandomSampleImputer imp(
        {.variables = {"x", "one", "c"}, .seed = SampleSeed::observation, .seed_variables = {"s"}, .seeding_method = how});
    imp.fit(X);
    fepipe_test::check_frame_close(
        imp.transform(X),
        fepipe_test::read_reference_frame("impute/random_sample_imputer_small_observation_" + std::string(name) +
                                          "__transform.csv"),
        0.0);
    fepipe_test::check_rows_match_transform(imp, X);
  }
}

TEST_CASE("RandomSampleImputer without random_state still draws training values") {
  RandomSampleImputer imp({.variables = house_vars});
  imp.fit(house_train());
  const Frame out = imp.transform(house_test());
  check_drawn_from_training(house_test(), out, house_train(), house_vars);
  std::vector<Value> cells = fepipe_test::record_of(house_test(), 0);
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (house_test().name(i) == "LotFrontage") cells[i] = Value::missing();
  Row row(cells, cells.size());
  imp.transform_row(row);
  const double filled = row[*house().find("LotFrontage")].number();
  bool found = false;
  for (double v : house_train().numeric("LotFrontage")) found = found || v == filled;
  CHECK(found);
}

TEST_CASE("RandomSampleImputer in a Pipeline: predict_one equals predict (per-observation seeds)") {
  const std::vector<std::string> cols{"LotFrontage", "MasVnrArea", "LotArea", "OverallQual", "GrLivArea"};
  const Frame X = house().select(cols);
  const Target y = fepipe_test::target_of(fepipe_test::load_houseprice(), "SalePrice");
  Pipeline pipe{RandomSampleImputer({.variables = {"LotFrontage", "MasVnrArea"},
                                     .seed = SampleSeed::observation,
                                     .seed_variables = {"LotArea", "OverallQual"}}),
                Lasso({.alpha = 1.0})};
  pipe.fit(X, y);
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < 300; ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X, r)), batch[static_cast<Eigen::Index>(r)]));
  auto [from_json, from_bin] = fepipe_test::roundtrip_both(pipe);
  fepipe_test::require_identical(from_bin.predict(X), batch);
}

TEST_CASE("RandomSampleImputer errors name the step and the column") {
  CHECK_THROWS_WITH_AS(RandomSampleImputer({.seed = SampleSeed::observation}), doctest::Contains("RandomSampleImputer"),
                       ParameterError);
  CHECK_THROWS_AS(RandomSampleImputer({.random_state = 1u, .seed = SampleSeed::observation, .seed_variables = {"s"}}),
                  ParameterError);
  CHECK_THROWS_AS(RandomSampleImputer({.seed_variables = {"s"}}), ParameterError);
  CHECK_THROWS_AS(RandomSampleImputer({.seed = SampleSeed::observation, .seed_variables = {"s", "s"}}), ParameterError);

  const Frame X = small();
  CHECK_THROWS_WITH_AS(
      RandomSampleImputer({.seed = SampleSeed::observation, .seed_variables = {"c"}}).fit(X),
      doctest::Contains("RandomSampleImputer: column 'c'"), SchemaError);
  CHECK_THROWS_WITH_AS(
      RandomSampleImputer({.seed = SampleSeed::observation, .seed_variables = {"nope"}}).fit(X),
      doctest::Contains("'nope'"), SchemaError);

  // A negative seed is outside numpy's range.
  Frame neg = X;
  neg.set("s", Column::numeric({-3.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0}));
  RandomSampleImputer obs({.variables = {"x"}, .seed = SampleSeed::observation, .seed_variables = {"s"}});
  obs.fit(X);
  CHECK_THROWS_WITH_AS(obs.transform(neg), doctest::Contains("RandomSampleImputer: column 'x'"), DataError);
  CHECK_THROWS_WITH_AS(obs.transform(neg), doctest::Contains("row 0"), DataError);
  std::vector<Value> cells = fepipe_test::record_of(neg, 0);
  Row row(cells, cells.size());
  CHECK_THROWS_WITH_AS(obs.transform_row(row), doctest::Contains("'x'"), DataError);

  // A column without any training value cannot fill a missing value.
  Frame none;
  none.add("z", Column::numeric({NAN, NAN}));
  RandomSampleImputer empty_pool({.random_state = 0u});
  empty_pool.fit(none);
  CHECK_THROWS_WITH_AS(empty_pool.transform(none), doctest::Contains("RandomSampleImputer: column 'z'"), DataError);

  RandomSampleImputer imp({.random_state = 0u});
  imp.fit(X);
  std::vector<Value> bad = fepipe_test::record_of(X, 0);
  bad[0] = Value("text");
  Row bad_row(bad, bad.size());
  CHECK_THROWS_WITH_AS(imp.transform_row(bad_row), doctest::Contains("column 'x'"), SchemaError);
  CHECK_THROWS_AS(RandomSampleImputer().transform(X), NotFittedError);
}

}  // namespace impute_random_sample_imputer_test
