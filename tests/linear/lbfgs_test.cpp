// The L-BFGS-B port (fepipe/linear/detail/lbfgs.hpp) against scipy 1.10's
// L-BFGS-B on classic functions: every iterate, the number of iterations and
// evaluations, the stopping reason. References: tools/reference/linear_logistic.py
// (the functions below mirror its Python ones operation for operation).

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "fepipe/linear/detail/lbfgs.hpp"
#include "support/reference.hpp"

namespace linear_lbfgs_test {

namespace {

using fepipe::detail::LbfgsOptions;
using fepipe::detail::LbfgsResult;
using fepipe::detail::LbfgsStatus;

double rosenbrock(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  double f = 0.0;
  g.setZero();
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i + 1] - x[i] * x[i];
    const double b = 1.0 - x[i];
    f = f + (100.0 * a * a + b * b);
    g[i] = g[i] + (-400.0 * x[i] * a - 2.0 * b);
    g[i + 1] = g[i + 1] + 200.0 * a;
  }
  return f;
}

// f = Σ (i+1)·x_i², first gradient component of the wrong sign once x_0 < 0.5.
double trap(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  double f = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double c = static_cast<double>(i) + 1.0;
    f = f + c * x[i] * x[i];
    g[i] = 2.0 * c * x[i];
  }
  if (x[0] < 0.5) g[0] = -g[0];
  return f;
}

constexpr Eigen::Index quad_n = 8;
double quad_a(Eigen::Index i, Eigen::Index j) {
  return 1.0 / (1.0 + static_cast<double>(std::abs(i - j))) + (i == j ? static_cast<double>(i) + 1.0 : 0.0);
}
double quadratic(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  double f = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    double ax = 0.0;
    for (Eigen::Index j = 0; j < x.size(); ++j) ax = ax + quad_a(i, j) * x[j];
    const double b = static_cast<double>(i) - 3.0;
    f = f + x[i] * (0.5 * ax - b);
    g[i] = ax - b;
  }
  return f;
}

struct Reference {
  std::vector<Eigen::VectorXd> iterates;
  int nit = 0, nfev = 0, status = -1;
  double fun = 0.0;
  Eigen::VectorXd x;
};

Reference load(const std::string& name, Eigen::Index n) {
  Reference ref;
  const fepipe::Frame it = fepipe_test::read_reference_frame("linear/logit_lbfgs_" + name + "__iterates.csv");
  REQUIRE(it.cols() == static_cast<std::size_t>(n));
  for (std::size_t r = 0; r < it.rows(); ++r) {
    Eigen::VectorXd v(n);
    for (Eigen::Index j = 0; j < n; ++j) v[j] = it.column(static_cast<std::size_t>(j)).values()[r];
    ref.iterates.push_back(v);
  }
  ref.x.resize(n);
  for (const auto& row : fepipe_test::read_attribute("linear/logit_lbfgs_" + name + "__result.csv")) {
    if (row.variable == "nit") ref.nit = static_cast<int>(row.value);
    if (row.variable == "nfev") ref.nfev = static_cast<int>(row.value);
    if (row.variable == "status") ref.status = static_cast<int>(row.value);
    if (row.variable == "fun") ref.fun = row.value;
    if (row.variable.size() > 1 && row.variable[0] == 'x') ref.x[std::stoi(row.variable.substr(1))] = row.value;
  }
  return ref;
}

// scipy's status: 0 converged, 1 iteration/evaluation limit, 2 abnormal stop.
int scipy_status(LbfgsStatus s) {
  switch (s) {
    case LbfgsStatus::gradient_converged:
    case LbfgsStatus::reduction_converged: return 0;
    case LbfgsStatus::max_iter:
    case LbfgsStatus::max_fun: return 1;
    case LbfgsStatus::line_search_failed: return 2;
  }
  return -1;
}

double max_rel_diff(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  double m = 0.0;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    m = std::max(m, std::fabs(a[i] - b[i]) / std::max(std::fabs(b[i]), 1e-300));
  return m;
}

// Runs the port and compares it with scipy's run, iterate by iterate. The
// arithmetic is the same, so agreement is to the last bit on IEEE hosts; the
// 1e-13 allowance only absorbs a platform whose sqrt/division rounding differs.
template <class F>
LbfgsResult check_against_scipy(const std::string& name, F&& f, Eigen::VectorXd x, const LbfgsOptions& opt) {
  const Reference ref = load(name, x.size());
  std::vector<Eigen::VectorXd> iterates;
  const LbfgsResult res =
      fepipe::detail::lbfgs_minimize(f, x, opt, [&](const Eigen::VectorXd& xk) { iterates.push_back(xk); });
  INFO("case " << name << ": " << fepipe::detail::lbfgs_message(res.status));
  CHECK(res.n_iter == ref.nit);
  CHECK(res.n_fev == ref.nfev);
  CHECK(scipy_status(res.status) == ref.status);
  REQUIRE(iterates.size() == ref.iterates.size());
  double worst = 0.0;
  for (std::size_t k = 0; k < iterates.size(); ++k) worst = std::max(worst, max_rel_diff(iterates[k], ref.iterates[k]));
  MESSAGE(name << ": " << res.n_iter << " iterations, max relative iterate difference vs scipy " << worst);
  CHECK(worst <= 1e-13);
  CHECK(max_rel_diff(x, ref.x) <= 1e-13);
  FEPIPE_CHECK_CLOSE(res.f, ref.fun, 1e-13);
  return res;
}

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x[i++] = d;
  return x;
}

}  // namespace

TEST_CASE("lbfgs: 2-D Rosenbrock from (-1.2, 1) follows scipy and reaches (1, 1)") {
  const auto res = check_against_scipy("rosen2", rosenbrock, vec({-1.2, 1.0}), {});
  CHECK(res.status == LbfgsStatus::reduction_converged);
}

TEST_CASE("lbfgs: 5-D Rosenbrock, default memory and a 3-pair memory (ring buffer wraps)") {
  check_against_scipy("rosen5", rosenbrock, vec({1.3, 0.7, 0.8, 1.9, 1.2}), {});
  LbfgsOptions opt;
  opt.memory = 3;
  opt.gtol = 1e-9;
  opt.ftol = 1e-15;
  check_against_scipy("rosen5_m3", rosenbrock, vec({1.3, 0.7, 0.8, 1.9, 1.2}), opt);
}

TEST_CASE("lbfgs: 8-D Rosenbrock to a projected gradient of 1e-10") {
  LbfgsOptions opt;
  opt.gtol = 1e-10;
  opt.ftol = 0.0;
  opt.max_iter = 500;
  Eigen::VectorXd x0(8);
  for (Eigen::Index i = 0; i < 8; ++i) x0[i] = i % 2 == 0 ? -1.2 : 1.0;
  const auto res = check_against_scipy("rosen8_tight", rosenbrock, x0, opt);
  CHECK(res.status == LbfgsStatus::gradient_converged);
  Eigen::VectorXd x = x0;
  fepipe::detail::lbfgs_minimize(rosenbrock, x, opt);
  for (Eigen::Index i = 0; i < 8; ++i) CHECK(std::fabs(x[i] - 1.0) < 1e-9);
}

TEST_CASE("lbfgs: a convex quadratic converges to A⁻¹b") {
  LbfgsOptions opt;
  opt.gtol = 1e-12;
  opt.ftol = 0.0;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(quad_n);
  check_against_scipy("quad8", quadratic, x, opt);
  fepipe::detail::lbfgs_minimize(quadratic, x, opt);
  // The optimum, independently: solve A x = b.
  Eigen::MatrixXd A(quad_n, quad_n);
  Eigen::VectorXd b(quad_n);
  for (Eigen::Index i = 0; i < quad_n; ++i) {
    b[i] = static_cast<double>(i) - 3.0;
    for (Eigen::Index j = 0; j < quad_n; ++j) A(i, j) = quad_a(i, j);
  }
  const Eigen::VectorXd solution = A.llt().solve(b);
  // It stops when f no longer decreases (ftol = 0): |x − x*| ~ sqrt(eps·|f|/λ).
  for (Eigen::Index i = 0; i < quad_n; ++i) CHECK(std::fabs(x[i] - solution[i]) < 1e-8);
  std::size_t k = 0;
  for (const auto& row : fepipe_test::read_attribute("linear/logit_lbfgs_quad8__solution.csv"))
    CHECK(std::fabs(solution[static_cast<Eigen::Index>(k++)] - row.value) < 1e-12);
}

TEST_CASE("lbfgs: iteration and evaluation limits stop where scipy stops") {
  LbfgsOptions opt;
  opt.max_iter = 10;
  auto res = check_against_scipy("rosen2_maxiter", rosenbrock, vec({-1.2, 1.0}), opt);
  CHECK(res.status == LbfgsStatus::max_iter);
  CHECK_FALSE(res.converged());
  LbfgsOptions opt2;
  opt2.max_fun = 10;
  res = check_against_scipy("rosen5_maxfun", rosenbrock, vec({1.3, 0.7, 0.8, 1.9, 1.2}), opt2);
  CHECK(res.status == LbfgsStatus::max_fun);
}

TEST_CASE("lbfgs: failed line searches reset the memory, then stop abnormally at the last good point") {
  const auto res = check_against_scipy("trap3", trap, vec({3.0, 2.0, -1.0}), {});
  CHECK(res.status == LbfgsStatus::line_search_failed);
  CHECK_FALSE(res.converged());
}

TEST_CASE("lbfgs: a starting point that is already optimal needs no iteration") {
  Eigen::VectorXd x = Eigen::VectorXd::Ones(4);
  const auto res = fepipe::detail::lbfgs_minimize(rosenbrock, x, {});
  CHECK(res.n_iter == 0);
  CHECK(res.n_fev == 1);
  CHECK(res.status == LbfgsStatus::gradient_converged);
  CHECK(res.f == 0.0);
  CHECK(x == Eigen::VectorXd::Ones(4));
}

}  // namespace linear_lbfgs_test
