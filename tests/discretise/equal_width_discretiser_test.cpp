#include "fepipe/discretise/equal_width_discretiser.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "discretise/discretiser_case.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace discretise_equal_width_discretiser_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_vars{"LotArea",   "GrLivArea",  "TotalBsmtSF", "OverallQual",
                                          "YearBuilt", "WoodDeckSF", "BsmtUnfSF",   "SalePrice"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}

constexpr double inf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("EqualWidthDiscretiser matches feature-engine on House Prices") {
  using fepipe_test::check_discretiser_case;
  SUBCASE("10 bins, bin numbers") {
    check_discretiser_case(EqualWidthDiscretiser({.bins = 10, .variables = house_vars}), house(),
                           "equal_width_discretiser_house_b10");
  }
  SUBCASE("7 bins, interval labels with precision 2") {
    check_discretiser_case(
        EqualWidthDiscretiser({.bins = 7, .variables = house_vars, .return_boundaries = true, .precision = 2}), house(),
        "equal_width_discretiser_house_b7_boundaries_p2");
  }
  SUBCASE("5 bins, bin numbers as labels") {
    check_discretiser_case(EqualWidthDiscretiser({.bins = 5, .variables = house_vars, .return_object = true}), house(),
                           "equal_width_discretiser_house_b5_object");
  }
}

TEST_CASE("EqualWidthDiscretiser on discrete Titanic columns") {
  const Frame X =
      read_csv(fepipe_test::data_path("titanic.csv"), {.na_values = {"?"}, .usecols = {"pclass", "sibsp", "parch"}});
  fepipe_test::check_discretiser_case(EqualWidthDiscretiser({.bins = 5}), X, "equal_width_discretiser_titanic_b5");
}

TEST_CASE("EqualWidthDiscretiser interval labels gain digits until they are distinct") {
  const Frame X = fepipe_test::read_input_frame("equal_width_discretiser_small");
  fepipe_test::check_discretiser_case(EqualWidthDiscretiser({.bins = 4, .return_boundaries = true, .precision = 3}), X,
                                      "equal_width_discretiser_small_b4_p3");
  fepipe_test::check_discretiser_case(EqualWidthDiscretiser({.bins = 6, .return_boundaries = true, .precision = 1}), X,
                                      "equal_width_discretiser_small_b6_p1");
}

TEST_CASE("EqualWidthDiscretiser widens a constant column (single row) by 0.1 %") {
  const Frame X = fepipe_test::read_input_frame("equal_width_discretiser_single_row");
  fepipe_test::check_discretiser_case(EqualWidthDiscretiser({.bins = 3, .return_boundaries = true}), X,
                                      "equal_width_discretiser_single_row");
  EqualWidthDiscretiser d({.bins = 3});
  d.fit(X);
  // zero widens by ±0.001: interior edges at -0.001/3 and +0.001/3.
  const auto& e = d.binner_dict_.at("zero");
  REQUIRE(e.size() == 4);
  CHECK(e.front() == -inf);
  CHECK(e[1] < 0.0);
  CHECK(e[2] > 0.0);
  CHECK(d.transform(X).numeric("zero")[0] == 1.0);
}

TEST_CASE("EqualWidthDiscretiser rejects a constant column too close to zero to widen, where feature-engine learns [inf]") {
  // Found by fuzzing: the learned single edge could not be saved and loaded.
  const Frame X = fepipe_test::read_input_frame("equal_width_discretiser_subnormal_constant");
  const auto reference =
      fepipe_test::read_list_dict("discretise/equal_width_discretiser_subnormal_constant__binner_dict.csv");
  CHECK(reference.at("tiny") == std::vector<double>{inf});
  EqualWidthDiscretiser d;
  const std::string msg = fepipe_test::error_message<DataError>([&] { d.fit(X); });
  CHECK(msg.find("EqualWidthDiscretiser") != std::string::npos);
  CHECK(msg.find("'tiny'") != std::string::npos);
  CHECK(msg.find("1e-321") != std::string::npos);
  CHECK_FALSE(d.is_fitted());
  // The smallest constant that still widens into edges fits, saves and loads.
  Frame wide;
  wide.add("tiny", Column::numeric({1e-320, 1e-320}));
  d.fit(wide);
  CHECK(d.binner_dict_.at("tiny").size() >= 2);
  EqualWidthDiscretiser loaded;
  load_model_from_memory(save_model_to_string(d, ModelFormat::binary), loaded);
  CHECK(loaded.binner_dict_ == d.binner_dict_);
}

TEST_CASE("EqualWidthDiscretiser rejects NaN and infinities, as feature-engine") {
  CHECK(!fepipe_test::reference_error("discretise/equal_width_discretiser_nan_fit__raises.csv").empty());
  CHECK(!fepipe_test::reference_error("discretise/equal_width_discretiser_inf_fit__raises.csv").empty());
  Frame X = fepipe_test::read_input_frame("equal_width_discretiser_small");
  X["ties"].mutable_values()[0] = -inf;
  CHECK_THROWS_WITH_AS(EqualWidthDiscretiser().fit(X), doctest::Contains("column 'ties': value -inf at row 0"),
                       DataError);
  X["ties"].mutable_values()[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(EqualWidthDiscretiser().fit(X), doctest::Contains("EqualWidthDiscretiser"), DataError);
}

TEST_CASE("EqualWidthDiscretiser option errors") {
  CHECK_THROWS_WITH_AS(EqualWidthDiscretiser({.bins = 0}), doctest::Contains("EqualWidthDiscretiser: bins must"),
                       ParameterError);
  CHECK_THROWS_AS(EqualWidthDiscretiser({.precision = -1}), ParameterError);
  Frame X;
  X.add("s", Column::from_labels(std::vector<std::string>{"x", "y"}));
  CHECK_THROWS_WITH_AS(EqualWidthDiscretiser().fit(X), doctest::Contains("no numeric variables"), SchemaError);
  CHECK_THROWS_WITH_AS(EqualWidthDiscretiser({.variables = {"missing"}}).fit(X), doctest::Contains("missing"),
                       SchemaError);
}

TEST_CASE("EqualWidthDiscretiser in a Pipeline ending in Lasso predicts single records as batches") {
  const Frame X = house().select({"GrLivArea", "OverallQual"});
  const Target y =
      Eigen::Map<const Eigen::VectorXd>(house().numeric("SalePrice").data(), static_cast<Eigen::Index>(X.rows()));
  Pipeline pipe(EqualWidthDiscretiser({.bins = 6}), Lasso({.alpha = 10.0}));
  pipe.fit(X, y);
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < 50; ++r) {
    const auto rec = fepipe_test::record_of(X, r);
    CHECK(fepipe_test::same_bits(pipe.predict_one(rec), batch[static_cast<Eigen::Index>(r)]));
  }
}

}  // namespace discretise_equal_width_discretiser_test
