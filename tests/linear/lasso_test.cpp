#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "fepipe/linear/lasso.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"

namespace linear_lasso_test {

using namespace fepipe;

namespace {
std::pair<Frame, Target> synthetic() {
  Frame f = fepipe_test::read_input_frame("lasso_synthetic");
  Column y = f.pop("y");
  Target t(static_cast<Eigen::Index>(y.size()));
  for (std::size_t i = 0; i < y.size(); ++i) t[static_cast<Eigen::Index>(i)] = y.values()[i];
  return {std::move(f), t};
}
}  // namespace

TEST_CASE("Lasso matches scikit-learn 1.2: coef_, intercept_, n_iter_, dual_gap_, predictions") {
  const auto [X, y] = synthetic();
  struct Case {
    double alpha;
    bool intercept, positive;
    Selection selection;
    const char* name;
  };
  for (const Case& c : {Case{0.1, true, false, Selection::cyclic, "a0.1_i1_p0_cyclic"},
                        Case{0.01, true, false, Selection::cyclic, "a0.01_i1_p0_cyclic"},
                        Case{0.5, false, false, Selection::cyclic, "a0.5_i0_p0_cyclic"},
                        Case{0.05, true, true, Selection::cyclic, "a0.05_i1_p1_cyclic"},
                        Case{0.05, true, false, Selection::random, "a0.05_i1_p0_random"},
                        Case{10.0, true, false, Selection::cyclic, "a10.0_i1_p0_cyclic"}}) {
    INFO(c.name);
    Lasso m({.alpha = c.alpha, .fit_intercept = c.intercept, .positive = c.positive, .selection = c.selection,
             .random_state = 0u});
    m.fit(X, y);
    const std::string base = std::string("linear/lasso_synthetic_") + c.name;
    const auto coef = fepipe_test::read_attribute(base + "__coef.csv");
    REQUIRE(static_cast<std::size_t>(m.coef_.size()) == coef.size());
    for (std::size_t j = 0; j < coef.size(); ++j)
      CHECK(fepipe_test::close(m.coef_[static_cast<Eigen::Index>(j)], coef[j].value, 1e-9, 1e-14));
    FEPIPE_CHECK_CLOSE(m.intercept_, fepipe_test::read_attribute(base + "__intercept.csv")[0].value, 1e-9);
    CHECK(m.n_iter_ == static_cast<int>(fepipe_test::read_attribute(base + "__n_iter.csv")[0].value));
    CHECK(fepipe_test::close(m.dual_gap_, fepipe_test::read_attribute(base + "__dual_gap.csv")[0].value, 1e-6, 1e-15));
    const Frame pred = fepipe_test::read_reference_frame(base + "__predict.csv");
    const Eigen::VectorXd p = m.predict(X);
    for (std::size_t i = 0; i < pred.rows(); ++i)
      CHECK(fepipe_test::close(p[static_cast<Eigen::Index>(i)], pred.numeric("prediction")[i], 1e-9, 1e-12));
    CHECK(m.converged_);
  }
}

TEST_CASE("Lasso: the Frame, matrix and record paths agree bit for bit; round trips") {
  const auto [X, y] = synthetic();
  Lasso m({.alpha = 0.05});
  m.fit(X, y);
  Eigen::MatrixXd M(static_cast<Eigen::Index>(X.rows()), static_cast<Eigen::Index>(X.cols()));
  for (std::size_t c = 0; c < X.cols(); ++c)
    for (std::size_t r = 0; r < X.rows(); ++r) M(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = X.column(c).values()[r];
  Lasso from_matrix({.alpha = 0.05});
  from_matrix.fit(M, y);
  CHECK(from_matrix.coef_ == m.coef_);
  const Eigen::VectorXd batch = m.predict(X);
  fepipe_test::require_identical(m.predict(M), batch);
  for (std::size_t r = 0; r < X.rows(); r += 17) {
    std::vector<Value> rec;
    for (std::size_t c = 0; c < X.cols(); ++c) rec.emplace_back(X.column(c).values()[r]);
    CHECK(fepipe_test::same_bits(m.predict_row(rec), batch[static_cast<Eigen::Index>(r)]));
  }
  auto [json, bin] = fepipe_test::roundtrip_both(m);
  fepipe_test::require_identical(json.predict(X), batch);
  fepipe_test::require_identical(bin.predict(X), batch);
}

TEST_CASE("Lasso errors") {
  const auto [X, y] = synthetic();
  CHECK_THROWS_AS(Lasso({.alpha = -1.0}), ParameterError);
  CHECK_THROWS_AS(Lasso({.max_iter = 0}), ParameterError);
  Frame with_nan = X;
  with_nan["x0"].mutable_values()[3] = NAN;
  CHECK_THROWS_WITH_AS(Lasso().fit(with_nan, y), doctest::Contains("Lasso: column 'x0'"), DataError);
  Frame with_text = X;
  with_text.set("x1", Column::from_labels(std::vector<std::string>(X.rows(), "t")));
  CHECK_THROWS_WITH_AS(Lasso().fit(with_text, y), doctest::Contains("'x1'"), SchemaError);
  CHECK_THROWS_AS(Lasso().fit(X, Target(3)), SchemaError);
  Lasso m;
  CHECK_THROWS_AS(m.predict(X), NotFittedError);
  m.fit(X, y);
  CHECK_THROWS_WITH_AS(m.predict(with_nan), doctest::Contains("'x0'"), DataError);
  std::vector<Value> rec(X.cols(), Value(1.0));
  rec[2] = Value(INFINITY);
  CHECK_THROWS_WITH_AS(m.predict_row(rec), doctest::Contains("'x2'"), DataError);
  rec.pop_back();
  CHECK_THROWS_AS(m.predict_row(rec), SchemaError);
}

}  // namespace linear_lasso_test
