#include "fepipe/discretise/arbitrary_discretiser.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "discretise/discretiser_case.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"

namespace discretise_arbitrary_discretiser_test {

using namespace fepipe;

namespace {

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}

constexpr double inf = std::numeric_limits<double>::infinity();

Dict<std::vector<double>> house_bins() {
  return {{"LotArea", {0, 5000, 10000, 20000, 1e6}}, {"GrLivArea", {500, 1000, 1500, 2500, 4000}}};
}

}  // namespace

TEST_CASE("ArbitraryDiscretiser matches feature-engine on House Prices, values outside the edges missing") {
  using fepipe_test::check_discretiser_case;
  SUBCASE("bin numbers") {
    check_discretiser_case(ArbitraryDiscretiser({.binning_dict = house_bins()}), house(),
                           "arbitrary_discretiser_house_codes");
  }
  SUBCASE("bin numbers as labels") {
    check_discretiser_case(ArbitraryDiscretiser({.binning_dict = house_bins(), .return_object = true}), house(),
                           "arbitrary_discretiser_house_object");
  }
  SUBCASE("interval labels") {
    check_discretiser_case(ArbitraryDiscretiser({.binning_dict = house_bins(), .return_boundaries = true}), house(),
                           "arbitrary_discretiser_house_boundaries");
  }
  SUBCASE("interval labels, precision 5") {
    check_discretiser_case(
        ArbitraryDiscretiser({.binning_dict = house_bins(), .return_boundaries = true, .precision = 5}), house(),
        "arbitrary_discretiser_house_boundaries_p5");
  }
  ArbitraryDiscretiser d({.binning_dict = house_bins()});
  d.fit(house());
  CHECK(d.variables_ == std::vector<std::string>{"LotArea", "GrLivArea"});
  // GrLivArea 334 is below the first edge 500.
  const Frame out = d.transform(house());
  std::size_t missing = 0;
  for (double v : out.numeric("GrLivArea")) missing += std::isnan(v);
  CHECK(missing > 0);
}

TEST_CASE("ArbitraryDiscretiser with infinite edges and labels that need more digits") {
  const Frame X = fepipe_test::read_input_frame("arbitrary_discretiser_small");
  const Dict<std::vector<double>> bins{{"neg", {-inf, -1.0, 0.0, 1.0, inf}},
                                       {"tiny", {1e-05, 1.5e-05, 3e-05, 1e-04}},
                                       {"big", {1e9, 1e9 + 1.0, 1e9 + 1.5, 1e9 + 10.0}}};
  fepipe_test::check_discretiser_case(ArbitraryDiscretiser({.binning_dict = bins, .return_boundaries = true}), X,
                                      "arbitrary_discretiser_small");
}

TEST_CASE("ArbitraryDiscretiser errors = raise names the column, value and row") {
  CHECK(!fepipe_test::reference_error("discretise/arbitrary_discretiser_house_raise__raises.csv").empty());
  ArbitraryDiscretiser d({.binning_dict = house_bins(), .errors = OutsideBins::raise});
  d.fit(house());
  const std::string msg = fepipe_test::error_message<DataError>([&] { (void)d.transform(house()); });
  CHECK(msg.find("ArbitraryDiscretiser: column 'GrLivArea': value ") == 0);
  CHECK(msg.find("outside the bin edges") != std::string::npos);
  Frame one;
  one.add("LotArea", Column::numeric({100.0}));
  one.add("GrLivArea", Column::numeric({5000.0}));
  ArbitraryDiscretiser small({.binning_dict = house_bins(), .return_boundaries = true, .errors = OutsideBins::raise});
  small.fit(Frame(one).select({"LotArea", "GrLivArea"}));
  std::vector<Value> cells{100.0, 5000.0};
  Row row(cells, 2);
  CHECK_THROWS_WITH_AS(small.transform_row(row), doctest::Contains("value 5000.0 is outside"), DataError);
}

TEST_CASE("ArbitraryDiscretiser validates the edges at construction") {
  CHECK_THROWS_WITH_AS(ArbitraryDiscretiser(ArbitraryDiscretiser::Options{}),
                       doctest::Contains("binning_dict is required"), ParameterError);
  CHECK_THROWS_WITH_AS(ArbitraryDiscretiser({.binning_dict = {{"a", {1.0, 1.0, 2.0}}}}),
                       doctest::Contains("column 'a': binning_dict: edges must increase strictly"), ParameterError);
  CHECK_THROWS_WITH_AS(ArbitraryDiscretiser({.binning_dict = {{"a", {1.0}}}}), doctest::Contains("at least two"),
                       ParameterError);
  CHECK_THROWS_WITH_AS(ArbitraryDiscretiser({.binning_dict = {{"a", {0.0, std::nan("")}}}}), doctest::Contains("NaN"),
                       ParameterError);
  CHECK_THROWS_AS(ArbitraryDiscretiser({.binning_dict = {{"a", {3.0, 2.0}}}}), ParameterError);
  CHECK_THROWS_AS(ArbitraryDiscretiser({.binning_dict = house_bins(), .precision = 0}), ParameterError);
  // A key that is not a numeric column.
  CHECK_THROWS_WITH_AS(ArbitraryDiscretiser({.binning_dict = {{"Street", {0.0, 1.0}}}}).fit(house()),
                       doctest::Contains("column 'Street'"), SchemaError);
  CHECK_THROWS_AS(ArbitraryDiscretiser({.binning_dict = {{"Nope", {0.0, 1.0}}}}).fit(house()), SchemaError);
}

TEST_CASE("ArbitraryDiscretiser labels feed a categorical encoder in a Pipeline") {
  const Frame X = house().select({"GrLivArea", "LotArea"});
  const Target y =
      Eigen::Map<const Eigen::VectorXd>(house().numeric("SalePrice").data(), static_cast<Eigen::Index>(X.rows()));
  Pipeline pipe(
      ArbitraryDiscretiser({.binning_dict = {{"GrLivArea", {0, 1000, 1500, 2500, 1e5}}}, .return_boundaries = true}),
      OrdinalEncoder({.encoding_method = OrdinalEncoding::arbitrary, .variables = {"GrLivArea"}}));
  pipe.fit(X, y);
  const Frame out = pipe.transform(X);
  CHECK(out.column(0).is_numeric());
  // First appearance order: row 0 (1710 sq ft) is in (1500, 2500] → code 0.
  CHECK(out.numeric("GrLivArea")[0] == 0.0);
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace discretise_arbitrary_discretiser_test
