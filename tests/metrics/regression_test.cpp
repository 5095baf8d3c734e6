#include <doctest/doctest.h>

#include <functional>
#include <limits>
#include <string>

#include "fepipe/metrics/regression.hpp"
#include "metrics/metric_reference.hpp"

namespace metrics_regression_test {

using namespace fepipe;
using fepipe_test::error_message;
using V = Eigen::VectorXd;
using Metric = double (*)(const V&, const V&);

const std::pair<const char*, Metric> regression_metrics[] = {
    {"mean_squared_error", &mean_squared_error},
    {"r2_score", &r2_score},
    {"mean_absolute_error", &mean_absolute_error},
    {"mean_absolute_percentage_error", &mean_absolute_percentage_error},
    {"median_absolute_error", &median_absolute_error},
    {"explained_variance_score", &explained_variance_score},
    {"max_error", &max_error},
};

TEST_CASE("regression metrics equal scikit-learn's on random, tied, zero, perfect and constant data") {
  for (const char* name : {"regression_random", "regression_ties_zeros", "regression_perfect",
                           "regression_constant_target", "regression_constant_shift"}) {
    const auto s = fepipe_test::read_metric_set(name);
    INFO("data set " << std::string(name));
    for (const auto& [metric, f] : regression_metrics) {
      INFO("metric " << std::string(metric));
      REQUIRE(s.values.count(metric) == 1);
      FEPIPE_CHECK_CLOSE(f(s.at("y_true"), s.at("y_pred")), s.values.at(metric), fepipe_test::metric_rel);
    }
  }
}

TEST_CASE("regression metrics refuse unequal, empty and non-finite input, naming the metric and the value") {
  V t(3), p(3), bad(2);
  t << 1, 2, 3;
  p << 1.5, 2, 2;
  bad << 1, 2;
  for (const auto& [name, f] : regression_metrics) {
    INFO(std::string(name));
    CHECK_THROWS_AS(f(t, bad), SchemaError);
    CHECK(error_message([&, f = f] { f(t, bad); }).find(name) != std::string::npos);
    CHECK_THROWS_AS(f(V(), V()), SchemaError);
    V nan = p;
    nan[1] = std::nan("");
    CHECK_THROWS_AS(f(t, nan), DataError);
    CHECK(error_message([&, f = f] { f(t, nan); }).find("y_pred must be finite: value nan at row 1") !=
          std::string::npos);
    V inf = t;
    inf[2] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(f(inf, p), DataError);
    CHECK(error_message([&, f = f] { f(inf, p); }).find(name) != std::string::npos);
  }
}

}  // namespace metrics_regression_test
