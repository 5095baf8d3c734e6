#include "fepipe/transform/log_cp_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"
#include "transform/transform_case.hpp"

namespace transform_log_cp_transformer_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_vars{"LotArea", "GrLivArea", "WoodDeckSF", "BsmtFinSF1"};

Frame house() { return fepipe_test::load_houseprice().select(house_vars); }

void check_case(LogCpTransformer t, const Frame& X, const std::string& c) {
  t.fit(X);
  fepipe_test::check_dict_close(t.C_, fepipe_test::read_number_dict("transform/" + c + "__C.csv"), 0.0);
  fepipe_test::check_transformer_case(t, X, c, 1e-12);
}

}  // namespace

TEST_CASE("LogCpTransformer matches feature-engine 1.9 on House Prices") {
  const Frame X = house();
  SUBCASE("C learned: 0 for positive variables, |min| + 1 for the others") {
    check_case(LogCpTransformer(), X, "log_cp_transformer_house_auto");
    LogCpTransformer t;
    t.fit(X);
    CHECK(t.C_.at("LotArea") == 0.0);     // minimum 1300
    CHECK(t.C_.at("WoodDeckSF") == 1.0);  // minimum 0
  }
  SUBCASE("one C for every variable, base 10") {
    check_case(LogCpTransformer({.base = LogBase::ten, .C = 2.5, .variables = house_vars}), X,
               "log_cp_transformer_house_number_10");
  }
  SUBCASE("C per variable: the dict's keys are the variables") {
    check_case(LogCpTransformer({.C_dict = {{"WoodDeckSF", 1.0}, {"LotArea", 0.5}}}), X,
               "log_cp_transformer_house_dict");
    LogCpTransformer t({.C_dict = {{"WoodDeckSF", 1.0}, {"LotArea", 0.5}}});
    t.fit(X);
    CHECK(t.variables_ == std::vector<std::string>{"WoodDeckSF", "LotArea"});
  }
}

TEST_CASE("LogCpTransformer on negative values") {
  const Frame X = fepipe_test::read_input_frame("log_cp_transformer_small");
  check_case(LogCpTransformer(), X, "log_cp_transformer_small_auto");
}

TEST_CASE("LogCpTransformer: x + C must stay positive at transform, as feature-engine requires") {
  CHECK(!fepipe_test::reference_error("transform/log_cp_transformer_small_below_c__raises.csv").empty());
  const Frame X = fepipe_test::read_input_frame("log_cp_transformer_small");
  LogCpTransformer t;
  t.fit(X);
  Frame bad = X;
  bad["neg"].mutable_values()[2] = -7.0;  // C = 6.5 from the training minimum -5.5
  const std::string msg = fepipe_test::error_message<DataError>([&] { (void)t.transform(bad); });
  CHECK(msg.find("LogCpTransformer: column 'neg': value -7.0 at row 2 gives x + C = -0.5") == 0);
  std::vector<Value> cells = fepipe_test::record_of(bad, 2);
  Row row(cells, cells.size());
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("value -7.0 gives x + C = -0.5"), DataError);
  // A given C that does not shift every training value is refused at fit.
  CHECK_THROWS_WITH_AS(LogCpTransformer({.C = 1.0}).fit(X), doctest::Contains("column 'neg'"), DataError);
  Frame with_nan = X;
  with_nan["ties"].mutable_values()[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS(LogCpTransformer().fit(with_nan), doctest::Contains("column 'ties': value nan at row 0"),
                       DataError);
}

TEST_CASE("LogCpTransformer option errors") {
  CHECK_THROWS_WITH_AS(LogCpTransformer({.C = std::numeric_limits<double>::infinity()}),
                       doctest::Contains("C must be finite"), ParameterError);
  CHECK_THROWS_WITH_AS(LogCpTransformer({.C = 1.0, .C_dict = {{"a", 1.0}}}), doctest::Contains("either C or C_dict"),
                       ParameterError);
  CHECK_THROWS_WITH_AS(LogCpTransformer({.C_dict = {{"a", 1.0}}, .variables = {"a"}}),
                       doctest::Contains("leave variables unset"), ParameterError);
  CHECK_THROWS_WITH_AS(LogCpTransformer({.C_dict = {{"a", std::nan("")}}}), doctest::Contains("column 'a'"),
                       ParameterError);
  CHECK_THROWS_AS(LogCpTransformer({.C_dict = {{"Nope", 1.0}}}).fit(house()), SchemaError);
}

TEST_CASE("LogCpTransformer in a Pipeline after an imputer") {
  const Frame X = fepipe_test::load_houseprice().select({"LotFrontage", "MasVnrArea"});
  Pipeline pipe{MeanMedianImputer(), LogCpTransformer()};
  pipe.fit(X);
  const Frame out = pipe.transform(X);
  for (double v : out.numeric("MasVnrArea")) CHECK(std::isfinite(v));  // NaN imputed before the log
  CHECK(pipe.step<1>().C_.at("MasVnrArea") == 1.0);
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace transform_log_cp_transformer_test
