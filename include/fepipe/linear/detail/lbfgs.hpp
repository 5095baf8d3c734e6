#pragma once
/// @file
/// Unconstrained limited-memory BFGS, reproducing scipy's L-BFGS-B
/// (`scipy.optimize.minimize(method="L-BFGS-B")` without bounds, scipy 1.10,
/// i.e. L-BFGS-B 3.0 by Zhu, Byrd, Lu, Nocedal and Morales) step for step.
///
/// scikit-learn's lbfgs solvers hand their objective to that routine, so an
/// estimator that wants scikit-learn's coefficients (not just "a" minimiser)
/// has to take the same iterates and stop at the same one. Every decision
/// below is the one L-BFGS-B takes when no variable has a bound:
/// - first iteration (and after a memory reset): the generalized Cauchy
///   point, which without bounds is x − g (B₀ = I), tried with step
///   1/‖d‖ on the very first iteration and step 1 afterwards;
/// - later iterations: the subspace Newton step computed from the compact
///   representation B = θI − W M Wᵀ (Byrd, Nocedal & Schnabel 1994), with
///   the 2col×2col middle matrix K factored as LELᵀ (formk) and solved by
///   triangular solves, exactly as `subsm` does;
/// - the Moré–Thuente line search `dcsrch`/`dcstep` with ftol=1e-3,
///   gtol=0.9, xtol=0.1, stpmin=0, stpmax=1e10 and at most `max_line_search`
///   evaluations; a failed search resets the memory (or stops if the memory
///   was already empty);
/// - the update (s, y) is skipped when sᵀy ≤ ε·(−gᵀs); θ = yᵀy/sᵀy;
/// - stopping: ‖g‖∞ ≤ gtol, (f_old − f)/max(|f_old|,|f|,1) ≤ ftol, or the
///   iteration/evaluation limits, tested in scipy's order (the iteration
///   limit is checked before the convergence tests of the same iterate).
/// Dot products and sums run sequentially in index order, as the reference
/// BLAS and gfortran compute them, and the Cholesky factorizations and
/// triangular solves follow reference LAPACK (see cholesky_upper), so with an
/// objective computed the same way as the reference the iterates agree with
/// scikit-learn/scipy on a reference-BLAS build to the last bit. Against
/// builds on other BLAS (OpenBLAS, MKL: different summation orders) the
/// agreement is to rounding.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include <Eigen/Core>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Options with scipy's names and defaults (`_minimize_lbfgsb`).
struct LbfgsOptions {
  int memory = 10;                        ///< maxcor: stored correction pairs (m)
  int max_iter = 15000;                   ///< maxiter
  int max_fun = 15000;                    ///< maxfun: objective evaluations
  int max_line_search = 20;               ///< maxls: evaluations per line search (scikit-learn keeps 20)
  double gtol = 1e-5;                     ///< stop when max |g_i| ≤ gtol
  double ftol = 2.2204460492503131e-09;   ///< stop on relative reduction ≤ ftol (= factr·eps)
};

/// Why the minimiser stopped (scipy's `message`, `status` in the comments).
enum class LbfgsStatus : std::uint8_t {
  gradient_converged,   ///< CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL (status 0)
  reduction_converged,  ///< CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH (status 0)
  max_iter,             ///< STOP: TOTAL NO. of ITERATIONS REACHED LIMIT (status 1)
  max_fun,              ///< STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT (status 1)
  line_search_failed,   ///< ABNORMAL_TERMINATION_IN_LNSRCH (status 2)
};

inline constexpr std::string_view lbfgs_message(LbfgsStatus s) noexcept {
  switch (s) {
    case LbfgsStatus::gradient_converged: return "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL";
    case LbfgsStatus::reduction_converged: return "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH";
    case LbfgsStatus::max_iter: return "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT";
    case LbfgsStatus::max_fun: return "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT";
    case LbfgsStatus::line_search_failed: return "ABNORMAL_TERMINATION_IN_LNSRCH";
  }
  return "";
}

struct LbfgsResult {
  double f = 0.0;    ///< objective at the returned x
  int n_iter = 0;    ///< completed iterations (scipy's nit)
  int n_fev = 0;     ///< objective evaluations (scipy's nfev)
  LbfgsStatus status = LbfgsStatus::max_iter;
  bool converged() const noexcept {
    return status == LbfgsStatus::gradient_converged || status == LbfgsStatus::reduction_converged;
  }
};

namespace lbfgs {

/// Sequential dot product (reference BLAS ddot: left-to-right sum).
inline double dot(const double* a, const double* b, Eigen::Index n) noexcept {
  double s = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

/// Cholesky factor R (A = RᵀR, upper triangle) of the n×n block of `a` at
/// (off, off), in reference LAPACK's dpotrf order: for the orders L-BFGS-B
/// uses (≤ 2m < 64, LAPACK's block size) dpotrf runs the recursive dpotrf2 —
/// factor the leading half, A12 ← A11⁻ᵀA12 (dtrsm), A22 ← A22 − A12ᵀA12
/// (dsyrk), factor A22. Returns 0, or the order of the first leading minor
/// that is not positive definite.
///
/// Why LAPACK and not the LINPACK dpofa/dtrsl of scipy's bundled lbfgsb.f:
/// the same algorithm rounds differently, and the reference environment
/// (Debian's scipy 1.10.1, which links Debian's L-BFGS-B 3.0 library built
/// on LAPACK) uses these; with them the iterates are bit-identical to it.
inline int cholesky_upper(Eigen::MatrixXd& a, Eigen::Index off, Eigen::Index n) noexcept {
  if (n == 0) return 0;
  if (n == 1) {
    double& v = a(off, off);
    if (v <= 0.0 || std::isnan(v)) return 1;
    v = std::sqrt(v);
    return 0;
  }
  const Eigen::Index n1 = n / 2, n2 = n - n1;
  if (int info = cholesky_upper(a, off, n1)) return info;
  for (Eigen::Index j = 0; j < n2; ++j) {  // dtrsm('L', 'U', 'T', 'N')
    double* b = &a(off, off + n1 + j);
    for (Eigen::Index i = 0; i < n1; ++i) {
      double temp = b[i];
      for (Eigen::Index k = 0; k < i; ++k) temp = temp - a(off + k, off + i) * b[k];
      b[i] = temp / a(off + i, off + i);
    }
  }
  for (Eigen::Index j = 0; j < n2; ++j)  // dsyrk('U', 'T', alpha = −1, beta = 1)
    for (Eigen::Index i = 0; i <= j; ++i) {
      const double temp = dot(&a(off, off + n1 + i), &a(off, off + n1 + j), n1);
      double& c = a(off + n1 + i, off + n1 + j);
      c = -1.0 * temp + 1.0 * c;
    }
  if (int info = cholesky_upper(a, off + n1, n2)) return info + static_cast<int>(n1);
  return 0;
}

/// Solves Tᵀx = b (`transposed`) or Tx = b for the upper triangular n×n
/// leading block T of `t`, overwriting b, in reference LAPACK's dtrtrs
/// (dtrsm) order. Returns 0, or the 1-based index of a zero diagonal element
/// (b untouched).
inline int solve_upper(const Eigen::MatrixXd& t, Eigen::Index n, double* b, bool transposed) noexcept {
  for (Eigen::Index i = 0; i < n; ++i)
    if (t(i, i) == 0.0) return static_cast<int>(i + 1);
  if (transposed) {
    for (Eigen::Index i = 0; i < n; ++i) {
      double temp = b[i];
      for (Eigen::Index k = 0; k < i; ++k) temp = temp - t(k, i) * b[k];
      b[i] = temp / t(i, i);
    }
  } else {
    for (Eigen::Index k = n - 1; k >= 0; --k) {
      if (b[k] == 0.0) continue;  // dtrsm skips zero entries
      b[k] = b[k] / t(k, k);
      for (Eigen::Index i = 0; i < k; ++i) b[i] = b[i] - b[k] * t(i, k);
    }
  }
  return 0;
}

/// The Moré–Thuente safeguarded step (MINPACK-2 dcstep).
inline void dcstep(double& stx, double& fx, double& dx, double& sty, double& fy, double& dy, double& stp, double fp,
                   double dp, bool& brackt, double stpmin, double stpmax) noexcept {
  const double sgnd = dp * (dx / std::fabs(dx));
  double stpf;
  if (fp > fx) {
    // A higher function value: the minimum is bracketed. Take the cubic
    // step if it is closer to stx than the quadratic step, else their mean.
    const double theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
    const double s = std::max({std::fabs(theta), std::fabs(dx), std::fabs(dp)});
    double gamma = s * std::sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const double p = (gamma - dx) + theta;
    const double q = ((gamma - dx) + gamma) + dp;
    const double r = p / q;
    const double stpc = stx + r * (stp - stx);
    const double stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx);
    if (std::fabs(stpc - stx) < std::fabs(stpq - stx))
      stpf = stpc;
    else
      stpf = stpc + (stpq - stpc) / 2.0;
    brackt = true;
  } else if (sgnd < 0.0) {
    // Lower value, derivatives of opposite sign: bracketed; take the step
    // (cubic or secant) farther from stp.
    const double theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
    const double s = std::max({std::fabs(theta), std::fabs(dx), std::fabs(dp)});
    double gamma = s * std::sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const double p = (gamma - dp) + theta;
    const double q = ((gamma - dp) + gamma) + dx;
    const double r = p / q;
    const double stpc = stp + r * (stx - stp);
    const double stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (std::fabs(stpc - stp) > std::fabs(stpq - stp))
      stpf = stpc;
    else
      stpf = stpq;
    brackt = true;
  } else if (std::fabs(dp) < std::fabs(dx)) {
    // Lower value, same-sign derivatives, |derivative| decreasing. The cubic
    // step is used only if the cubic tends to infinity in the direction of
    // the step or its minimum lies beyond stp; otherwise the secant step.
    const double theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
    const double s = std::max({std::fabs(theta), std::fabs(dx), std::fabs(dp)});
    double gamma = s * std::sqrt(std::max(0.0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const double p = (gamma - dp) + theta;
    const double q = (gamma + (dx - dp)) + gamma;
    const double r = p / q;
    double stpc;
    if (r < 0.0 && gamma != 0.0)
      stpc = stp + r * (stx - stp);
    else if (stp > stx)
      stpc = stpmax;
    else
      stpc = stpmin;
    const double stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = std::fabs(stpc - stp) < std::fabs(stpq - stp) ? stpc : stpq;
      if (stp > stx)
        stpf = std::min(stp + 0.66 * (sty - stp), stpf);
      else
        stpf = std::max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = std::fabs(stpc - stp) > std::fabs(stpq - stp) ? stpc : stpq;
      stpf = std::min(stpmax, stpf);
      stpf = std::max(stpmin, stpf);
    }
  } else {
    // Lower value, same-sign derivatives, |derivative| not decreasing.
    if (brackt) {
      const double theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp;
      const double s = std::max({std::fabs(theta), std::fabs(dy), std::fabs(dp)});
      double gamma = s * std::sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s));
      if (stp > sty) gamma = -gamma;
      const double p = (gamma - dp) + theta;
      const double q = ((gamma - dp) + gamma) + dy;
      const double r = p / q;
      stpf = stp + r * (sty - stp);
    } else if (stp > stx) {
      stpf = stpmax;
    } else {
      stpf = stpmin;
    }
  }
  // Update the interval that contains a minimizer.
  if (fp > fx) {
    sty = stp;
    fy = fp;
    dy = dp;
  } else {
    if (sgnd < 0.0) {
      sty = stx;
      fy = fx;
      dy = dx;
    }
    stx = stp;
    fx = fp;
    dx = dp;
  }
  stp = stpf;
}

/// MINPACK-2 dcsrch: a step satisfying the strong Wolfe conditions
/// f(stp) ≤ f(0) + ftol·stp·f'(0) and |f'(stp)| ≤ gtol·|f'(0)|.
class LineSearch {
 public:
  enum class Task : std::uint8_t { evaluate, converged, warning, error };

  LineSearch(double ftol, double gtol, double xtol, double stpmin, double stpmax) noexcept
      : ftol_(ftol), gtol_(gtol), xtol_(xtol), stpmin_(stpmin), stpmax_(stpmax) {}

  /// Starts a search from f(0) = f, f'(0) = g with the first trial `stp`.
  Task start(double f, double g, double stp) noexcept {
    if (stp < stpmin_ || stp > stpmax_ || g >= 0.0 || ftol_ < 0.0 || gtol_ < 0.0 || xtol_ < 0.0 || stpmin_ < 0.0 ||
        stpmax_ < stpmin_)
      return Task::error;
    brackt_ = false;
    stage_ = 1;
    finit_ = f;
    ginit_ = g;
    gtest_ = ftol_ * ginit_;
    width_ = stpmax_ - stpmin_;
    width1_ = width_ / 0.5;
    stx_ = 0.0;
    fx_ = finit_;
    gx_ = ginit_;
    sty_ = 0.0;
    fy_ = finit_;
    gy_ = ginit_;
    stmin_ = 0.0;
    stmax_ = stp + 4.0 * stp;
    return Task::evaluate;
  }

  /// Takes f(stp), f'(stp) and either accepts stp or moves it to the next trial.
  Task next(double f, double g, double& stp) noexcept {
    const double ftest = finit_ + stp * gtest_;
    if (stage_ == 1 && f <= ftest && g >= 0.0) stage_ = 2;

    Task task = Task::evaluate;
    if (brackt_ && (stp <= stmin_ || stp >= stmax_)) task = Task::warning;  // rounding errors prevent progress
    if (brackt_ && stmax_ - stmin_ <= xtol_ * stmax_) task = Task::warning;  // xtol test satisfied
    if (stp == stpmax_ && f <= ftest && g <= gtest_) task = Task::warning;   // stp = stpmax
    if (stp == stpmin_ && (f > ftest || g >= gtest_)) task = Task::warning;  // stp = stpmin
    if (f <= ftest && std::fabs(g) <= gtol_ * (-ginit_)) task = Task::converged;
    if (task != Task::evaluate) return task;

    if (stage_ == 1 && f <= fx_ && f > ftest) {
      // In the first stage, step with the modified function ψ(stp) =
      // f(stp) − f(0) − ftol·stp·f'(0) while it has not been shown ≤ 0.
      double fm = f - stp * gtest_;
      double fxm = fx_ - stx_ * gtest_;
      double fym = fy_ - sty_ * gtest_;
      double gm = g - gtest_;
      double gxm = gx_ - gtest_;
      double gym = gy_ - gtest_;
      dcstep(stx_, fxm, gxm, sty_, fym, gym, stp, fm, gm, brackt_, stmin_, stmax_);
      fx_ = fxm + stx_ * gtest_;
      fy_ = fym + sty_ * gtest_;
      gx_ = gxm + gtest_;
      gy_ = gym + gtest_;
    } else {
      dcstep(stx_, fx_, gx_, sty_, fy_, gy_, stp, f, g, brackt_, stmin_, stmax_);
    }

    // Bisect when the interval does not shrink fast enough.
    if (brackt_) {
      if (std::fabs(sty_ - stx_) >= 0.66 * width1_) stp = stx_ + 0.5 * (sty_ - stx_);
      width1_ = width_;
      width_ = std::fabs(sty_ - stx_);
    }
    if (brackt_) {
      stmin_ = std::min(stx_, sty_);
      stmax_ = std::max(stx_, sty_);
    } else {
      stmin_ = stp + 1.1 * (stp - stx_);
      stmax_ = stp + 4.0 * (stp - stx_);
    }
    stp = std::max(stp, stpmin_);
    stp = std::min(stp, stpmax_);
    // If no further progress is possible, let stp be the best point so far.
    if ((brackt_ && (stp <= stmin_ || stp >= stmax_)) || (brackt_ && stmax_ - stmin_ <= xtol_ * stmax_)) stp = stx_;
    return Task::evaluate;
  }

 private:
  double ftol_, gtol_, xtol_, stpmin_, stpmax_;
  bool brackt_ = false;
  int stage_ = 1;
  double finit_ = 0, ginit_ = 0, gtest_ = 0, width_ = 0, width1_ = 0;
  double stx_ = 0, fx_ = 0, gx_ = 0, sty_ = 0, fy_ = 0, gy_ = 0, stmin_ = 0, stmax_ = 0;
};

/// The limited-memory matrix in compact form (L-BFGS-B's ws, wy, sy, ss,
/// wt, wn, snd and their ring-buffer bookkeeping). Indices `head`, `itail`
/// and `pointr` are 1-based ring positions as in the Fortran, columns are
/// accessed at position − 1.
class CompactMemory {
 public:
  CompactMemory(Eigen::Index n, int m)
      : n_(n),
        m_(m),
        ws_(n, m),
        wy_(n, m),
        sy_(Eigen::MatrixXd::Zero(m, m)),
        ss_(Eigen::MatrixXd::Zero(m, m)),
        wt_(Eigen::MatrixXd::Zero(m, m)),
        wn_(Eigen::MatrixXd::Zero(2 * m, 2 * m)),
        wn1_(Eigen::MatrixXd::Zero(2 * m, 2 * m)),
        wv_(2 * m) {}

  int col() const noexcept { return col_; }
  bool updated() const noexcept { return updatd_; }

  /// Forgets every correction pair: B = I again.
  void reset() noexcept {
    col_ = 0;
    head_ = 1;
    theta_ = 1.0;
    iupdat_ = 0;
    updatd_ = false;
  }
  void mark_not_updated() noexcept { updatd_ = false; }

  /// matupd + formt: stores s (already scaled by stp) and y, updates S'Y,
  /// S'S and θ, and factors T = θS'S + LD⁻¹L'. False if T is not positive
  /// definite (the caller then resets the memory).
  bool update(const Eigen::VectorXd& s, const Eigen::VectorXd& y, double rr, double dr, double stp, double dtd) {
    updatd_ = true;
    ++iupdat_;
    if (iupdat_ <= m_) {
      col_ = iupdat_;
      itail_ = (head_ + iupdat_ - 2) % m_ + 1;
    } else {
      itail_ = itail_ % m_ + 1;
      head_ = head_ % m_ + 1;
    }
    ws_.col(itail_ - 1) = s;
    wy_.col(itail_ - 1) = y;
    theta_ = rr / dr;
    if (iupdat_ > m_) {
      // Drop the oldest pair: shift the upper triangle of SS and the lower
      // triangle of SY up and left by one.
      for (int j = 1; j <= col_ - 1; ++j) {
        for (int i = 0; i < j; ++i) SS(1 + i, j) = SS(2 + i, j + 1);
        for (int i = 0; i < col_ - j; ++i) SY(j + i, j) = SY(j + 1 + i, j + 1);
      }
    }
    int pointr = head_;
    for (int j = 1; j <= col_ - 1; ++j) {
      SY(col_, j) = dot(s.data(), &wy_(0, pointr - 1), n_);
      SS(j, col_) = dot(&ws_(0, pointr - 1), s.data(), n_);
      pointr = pointr % m_ + 1;
    }
    SS(col_, col_) = stp == 1.0 ? dtd : stp * stp * dtd;
    SY(col_, col_) = dr;
    return formt();
  }

  /// formk for the unconstrained case (every variable free, none entering
  /// or leaving the free set): the LELᵀ factorization of
  /// K = [−D − YᵀY/θ, −R'; −R, 0] (R: upper triangle of SᵀY) in wn.
  /// False if a Cholesky factorization fails (the caller resets).
  bool form_k() {
    const int m = m_, col = col_;
    // wn1 holds the lower triangle of [YᵀY, ·; R + L_a, SᵀAAᵀS]; with no
    // active variables L_a and SᵀAAᵀS vanish. Shift out the oldest pair...
    if (iupdat_ > m) {
      for (int jy = 1; jy <= m - 1; ++jy) {
        const int js = m + jy;
        for (int i = 0; i < m - jy; ++i) WN1(jy + i, jy) = WN1(jy + 1 + i, jy + 1);
        for (int i = 0; i < m - jy; ++i) WN1(js + i, js) = WN1(js + 1 + i, js + 1);
        for (int i = 0; i < m - 1; ++i) WN1(m + 1 + i, jy) = WN1(m + 2 + i, jy + 1);
      }
    }
    // ...and add the newest row of YᵀY (blocks (2,1), (2,2) get zeros) and
    // the newest column of R.
    {
      const int iy = col, is = m + col;
      int ipntr = head_ + col - 1;
      if (ipntr > m) ipntr -= m;
      int jpntr = head_;
      for (int jy = 1; jy <= col; ++jy) {
        const int js = m + jy;
        WN1(iy, jy) = dot(&wy_(0, ipntr - 1), &wy_(0, jpntr - 1), n_);
        WN1(is, js) = 0.0;
        WN1(is, jy) = 0.0;
        jpntr = jpntr % m + 1;
      }
      int jpntr2 = head_ + col - 1;
      if (jpntr2 > m) jpntr2 -= m;
      ipntr = head_;
      for (int i = 1; i <= col; ++i) {
        WN1(m + i, col) = dot(&ws_(0, ipntr - 1), &wy_(0, jpntr2 - 1), n_);
        ipntr = ipntr % m + 1;
      }
    }
    // Upper triangle of WN = [D + YᵀY/θ, −L_a' + R_z; ·, θ·SᵀAAᵀS].
    for (int iy = 1; iy <= col; ++iy) {
      const int is = col + iy, is1 = m + iy;
      for (int jy = 1; jy <= iy; ++jy) {
        const int js = col + jy, js1 = m + jy;
        WN(jy, iy) = WN1(iy, jy) / theta_;
        WN(js, is) = WN1(is1, js1) * theta_;
      }
      for (int jy = 1; jy <= iy - 1; ++jy) WN(jy, is) = -WN1(is1, jy);
      for (int jy = iy; jy <= col; ++jy) WN(jy, is) = WN1(is1, jy);
      WN(iy, iy) = WN(iy, iy) + SY(iy, iy);
    }
    // LLᵀ of the (1,1) block, L⁻¹(−L_a' + R_z) in the (1,2) block, then the
    // Cholesky factor of θSᵀAAᵀS + (L⁻¹(...))ᵀL⁻¹(...) in the (2,2) block.
    if (cholesky_upper(wn_, 0, col) != 0) return false;
    const int col2 = 2 * col;
    for (int js = col + 1; js <= col2; ++js) solve_upper(wn_, col, &WN(1, js), true);
    for (int is = col + 1; is <= col2; ++is)
      for (int js = is; js <= col2; ++js) WN(is, js) = WN(is, js) + dot(&WN(1, is), &WN(1, js), col);
    return cholesky_upper(wn_, col, col) == 0;
  }

  /// subsm for the unconstrained case: d ← −(B⁻¹)·(−d) via K, i.e. on entry
  /// d = −g, on exit the quasi-Newton direction. False if K is singular.
  bool newton_direction(Eigen::VectorXd& d) {
    const int m = m_, col = col_;
    int pointr = head_;
    for (int i = 1; i <= col; ++i) {
      const double temp1 = dot(&wy_(0, pointr - 1), d.data(), n_);
      const double temp2 = dot(&ws_(0, pointr - 1), d.data(), n_);
      wv_[i - 1] = temp1;
      wv_[col + i - 1] = theta_ * temp2;
      pointr = pointr % m + 1;
    }
    const int col2 = 2 * col;
    if (solve_upper(wn_, col2, wv_.data(), true) != 0) return false;
    for (int i = 0; i < col; ++i) wv_[i] = -wv_[i];
    if (solve_upper(wn_, col2, wv_.data(), false) != 0) return false;
    pointr = head_;
    for (int jy = 1; jy <= col; ++jy) {
      const double a = wv_[jy - 1], b = wv_[col + jy - 1];
      const double* y = &wy_(0, pointr - 1);
      const double* s = &ws_(0, pointr - 1);
      for (Eigen::Index i = 0; i < n_; ++i) d[i] = d[i] + y[i] * a / theta_ + s[i] * b;
      pointr = pointr % m + 1;
    }
    const double inv_theta = 1.0 / theta_;
    for (Eigen::Index i = 0; i < n_; ++i) d[i] = inv_theta * d[i];
    return true;
  }

 private:
  // 1-based accessors, so the loops read like the published algorithm.
  double& SY(int i, int j) { return sy_(i - 1, j - 1); }
  double& SS(int i, int j) { return ss_(i - 1, j - 1); }
  double& WT(int i, int j) { return wt_(i - 1, j - 1); }
  double& WN(int i, int j) { return wn_(i - 1, j - 1); }
  double& WN1(int i, int j) { return wn1_(i - 1, j - 1); }

  /// formt: upper half of T = θS'S + LD⁻¹L' and its Cholesky factor.
  bool formt() {
    for (int j = 1; j <= col_; ++j) WT(1, j) = theta_ * SS(1, j);
    for (int i = 2; i <= col_; ++i)
      for (int j = i; j <= col_; ++j) {
        double ddum = 0.0;
        for (int k = 1; k <= i - 1; ++k) ddum = ddum + SY(i, k) * SY(j, k) / SY(k, k);
        WT(i, j) = ddum + theta_ * SS(i, j);
      }
    return cholesky_upper(wt_, 0, col_) == 0;
  }

  Eigen::Index n_;
  int m_;
  Eigen::MatrixXd ws_, wy_, sy_, ss_, wt_, wn_, wn1_;
  Eigen::VectorXd wv_;
  int col_ = 0, head_ = 1, itail_ = 0, iupdat_ = 0;
  double theta_ = 1.0;
  bool updatd_ = false;
};

/// A non-owning reference to a callable with signature `Sig` (the referred
/// callable must outlive the call): the minimiser's body is compiled once,
/// not once per objective type.
template <class Sig>
class FunctionRef;
template <class R, class... A>
class FunctionRef<R(A...)> {
 public:
  template <class F>
  FunctionRef(F& f) noexcept  // NOLINT: implicit by design
      : obj_(static_cast<void*>(&f)), call_([](void* o, A... a) -> R { return (*static_cast<F*>(o))(a...); }) {}
  R operator()(A... a) const { return call_(obj_, a...); }

 private:
  void* obj_;
  R (*call_)(void*, A...);
};

using Objective = FunctionRef<double(const Eigen::VectorXd&, Eigen::VectorXd&)>;
using IterateCallback = FunctionRef<void(const Eigen::VectorXd&)>;

/// The minimiser (see lbfgs_minimize).
inline LbfgsResult minimize(Objective objective, Eigen::VectorXd& x, const LbfgsOptions& options,
                            IterateCallback on_iterate) {
  const Eigen::Index n = x.size();
  const int m = std::max(options.memory, 1);
  const double epsmch = std::numeric_limits<double>::epsilon();
  // scipy passes factr = ftol/eps and the Fortran tests against factr·epsmch.
  const double tol = (options.ftol / std::numeric_limits<double>::epsilon()) * epsmch;
  constexpr double stpmax = 1e10;

  LbfgsResult res;
  Eigen::VectorXd g = Eigen::VectorXd::Zero(n);
  double f = objective(x, g);
  res.n_fev = 1;

  // ‖g‖∞ as projgr computes it (a NaN component is returned as is).
  auto gradient_norm = [&]() {
    double s = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      if (std::isnan(g[i])) return g[i];
      s = std::max(s, std::fabs(g[i]));
    }
    return s;
  };
  auto finish = [&](LbfgsStatus status) {
    res.f = f;
    res.status = status;
    return res;
  };

  double sbgnrm = gradient_norm();
  if (sbgnrm <= options.gtol) return finish(LbfgsStatus::gradient_converged);

  CompactMemory memory(n, m);
  Eigen::VectorXd z(n), d(n), t(n), r(n);
  int iter = 0;  // the Fortran's iteration count (used for the first step length)

  for (;;) {
    // ---- search direction: z is the point the step of length 1 reaches.
    if (memory.col() == 0) {
      // Generalized Cauchy point with B = θI (θ = 1 whenever the memory is
      // empty) and no breakpoints: z = x + dtm·(−g), dtm = −f1/f2.
      if (sbgnrm <= 0.0) {
        z = x;
      } else {
        double f1 = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
          const double neggi = -g[i];
          d[i] = neggi;
          f1 = f1 - neggi * neggi;
        }
        const double f2 = -1.0 * f1;
        double dtm = -f1 / f2;
        if (dtm <= 0.0) dtm = 0.0;
        const double tsum = 0.0 + dtm;
        z = x;
        if (tsum != 0.0)
          for (Eigen::Index i = 0; i < n; ++i) z[i] = z[i] + tsum * d[i];
      }
    } else {
      // With no bounds the Cauchy point is x itself; the subspace step
      // minimises the quadratic model: z = x − B⁻¹g.
      if (memory.updated() && !memory.form_k()) {
        memory.reset();  // K not positive definite: restart from B = I
        continue;
      }
      r = -g;
      if (!memory.newton_direction(r)) {
        memory.reset();  // singular triangular system
        continue;
      }
      for (Eigen::Index i = 0; i < n; ++i) z[i] = x[i] + r[i];
    }
    for (Eigen::Index i = 0; i < n; ++i) d[i] = z[i] - x[i];

    // ---- line search along d (lnsrlb + dcsrch).
    const double dtd = dot(d.data(), d.data(), n);
    const double dnorm = std::sqrt(dtd);
    double stp = iter == 0 ? std::min(1.0 / dnorm, stpmax) : 1.0;
    t = x;
    r = g;
    const double fold = f;
    int ifun = 0, iback = 0;
    double gd = dot(g.data(), d.data(), n);
    const double gdold = gd;
    bool failed = gd >= 0.0;  // not a descent direction
    LineSearch search(1e-3, 0.9, 0.1, 0.0, stpmax);
    if (!failed) {
      auto task = search.start(f, gd, stp);
      while (task == LineSearch::Task::evaluate) {
        ++ifun;
        iback = ifun - 1;
        if (stp == 1.0) {
          x = z;
        } else {
          for (Eigen::Index i = 0; i < n; ++i) x[i] = stp * d[i] + t[i];
        }
        if (iback >= options.max_line_search) {
          failed = true;
          break;
        }
        f = objective(x, g);
        ++res.n_fev;
        gd = dot(g.data(), d.data(), n);
        task = search.next(f, gd, stp);
      }
      // dcsrch rejecting its input would have L-BFGS-B evaluate stale
      // trial points; that needs a NaN step, so treat it as a failure.
      if (task == LineSearch::Task::error) failed = true;
    }
    if (failed) {
      x = t;
      g = r;
      f = fold;
      if (memory.col() == 0) return finish(LbfgsStatus::line_search_failed);
      memory.reset();  // bad direction: refresh the memory and retry from x
      continue;
    }

    // ---- new iterate.
    ++iter;
    ++res.n_iter;
    sbgnrm = gradient_norm();
    on_iterate(x);
    // scipy's driver checks its limits before L-BFGS-B tests convergence.
    if (res.n_iter >= options.max_iter) return finish(LbfgsStatus::max_iter);
    if (res.n_fev > options.max_fun) return finish(LbfgsStatus::max_fun);
    if (sbgnrm <= options.gtol) return finish(LbfgsStatus::gradient_converged);
    const double ddum0 = std::max({std::fabs(fold), std::fabs(f), 1.0});
    if (fold - f <= tol * ddum0) return finish(LbfgsStatus::reduction_converged);

    // ---- update the memory with s = stp·d and y = g − g_old.
    for (Eigen::Index i = 0; i < n; ++i) r[i] = g[i] - r[i];
    const double rr = dot(r.data(), r.data(), n);
    double dr, ddum;
    if (stp == 1.0) {
      dr = gd - gdold;
      ddum = -gdold;
    } else {
      dr = (gd - gdold) * stp;
      for (Eigen::Index i = 0; i < n; ++i) d[i] = stp * d[i];
      ddum = -gdold * stp;
    }
    if (dr <= epsmch * ddum) {
      memory.mark_not_updated();  // curvature condition fails: skip the update
      continue;
    }
    if (!memory.update(d, r, rr, dr, stp, dtd)) memory.reset();
  }
}

}  // namespace lbfgs

/// Minimises `objective` from `x` (updated in place to the final iterate).
///
/// `objective(const Eigen::VectorXd& x, Eigen::VectorXd& grad) -> double`
/// returns f(x) and writes ∇f(x) into `grad` (already sized). `on_iterate(x)`
/// is called after every completed iteration, like scipy's `callback`.
template <class F, class Callback>
LbfgsResult lbfgs_minimize(F&& objective, Eigen::VectorXd& x, const LbfgsOptions& options, Callback&& on_iterate) {
  // Lambdas give FunctionRef an object to point at even when the caller
  // passes a plain function.
  auto f = [&](const Eigen::VectorXd& v, Eigen::VectorXd& g) -> double { return objective(v, g); };
  auto cb = [&](const Eigen::VectorXd& v) { on_iterate(v); };
  return lbfgs::minimize(f, x, options, cb);
}
template <class F>
LbfgsResult lbfgs_minimize(F&& objective, Eigen::VectorXd& x, const LbfgsOptions& options) {
  return lbfgs_minimize(objective, x, options, [](const Eigen::VectorXd&) {});
}

}  // namespace detail
FEPIPE_NAMESPACE_END
