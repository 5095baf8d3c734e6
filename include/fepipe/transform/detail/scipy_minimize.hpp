#pragma once
/// @file
/// scipy's scalar minimisers, iteration for iteration: `optimize.bracket`,
/// `optimize.brent` and `optimize.fminbound`. The Box-Cox and Yeo-Johnson
/// lambdas are only as precise as scipy's stopping tolerance (~1.5e-8), so
/// matching scipy to 1e-9 needs the same path, not just the same optimum.

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

struct Bracket {
  double xa, xb, xc, fa, fb, fc;
};

/// `scipy.optimize.bracket(f, xa, xb)` (grow_limit 110, maxiter 1000).
/// Throws std::runtime_error after too many iterations, as scipy does.
template <class F>
Bracket scipy_bracket(F&& f, double xa, double xb) {
  constexpr double gold = 1.618034, very_small = 1e-21, grow_limit = 110.0;
  constexpr int max_iter = 1000;
  double fa = f(xa), fb = f(xb);
  if (fa < fb) {
    std::swap(xa, xb);
    std::swap(fa, fb);
  }
  double xc = xb + gold * (xb - xa);
  double fc = f(xc);
  int iter = 0;
  while (fc < fb) {
    const double tmp1 = (xb - xa) * (fb - fc);
    const double tmp2 = (xb - xc) * (fb - fa);
    const double val = tmp2 - tmp1;
    const double denom = std::fabs(val) < very_small ? 2.0 * very_small : 2.0 * val;
    double w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
    const double wlim = xb + grow_limit * (xc - xb);
    if (iter > max_iter) throw std::runtime_error("bracket: too many iterations");
    ++iter;
    double fw;
    if ((w - xc) * (xb - w) > 0.0) {
      fw = f(w);
      if (fw < fc) return {xb, w, xc, fb, fw, fc};
      if (fw > fb) return {xa, xb, w, fa, fb, fw};
      w = xc + gold * (xc - xb);
      fw = f(w);
    } else if ((w - wlim) * (wlim - xc) >= 0.0) {
      w = wlim;
      fw = f(w);
    } else if ((w - wlim) * (xc - w) > 0.0) {
      fw = f(w);
      if (fw < fc) {
        xb = xc;
        xc = w;
        w = xc + gold * (xc - xb);
        fb = fc;
        fc = fw;
        fw = f(w);
      }
    } else {
      w = xc + gold * (xc - xb);
      fw = f(w);
    }
    xa = xb;
    xb = xc;
    xc = w;
    fa = fb;
    fb = fc;
    fc = fw;
  }
  return {xa, xb, xc, fa, fb, fc};
}

/// `scipy.optimize.brent(f, brack=(xa, xb))`, tol 1.48e-8, maxiter 500.
template <class F>
double scipy_brent(F&& f, double bracket_a, double bracket_b, double tol = 1.48e-8, int max_iter = 500) {
  constexpr double mintol = 1.0e-11, cg = 0.3819660;
  const Bracket br = scipy_bracket(f, bracket_a, bracket_b);
  double x = br.xb, w = br.xb, v = br.xb;
  double fx = br.fb, fw = br.fb, fv = br.fb;
  double a = br.xa < br.xc ? br.xa : br.xc;
  double b = br.xa < br.xc ? br.xc : br.xa;
  double deltax = 0.0, rat = 0.0;
  for (int iter = 0; iter < max_iter; ++iter) {
    const double tol1 = tol * std::fabs(x) + mintol;
    const double tol2 = 2.0 * tol1;
    const double xmid = 0.5 * (a + b);
    if (std::fabs(x - xmid) < (tol2 - 0.5 * (b - a))) break;
    if (std::fabs(deltax) <= tol1) {
      deltax = x >= xmid ? a - x : b - x;
      rat = cg * deltax;
    } else {
      const double t1 = (x - w) * (fx - fv);
      double t2 = (x - v) * (fx - fw);
      double p = (x - v) * t2 - (x - w) * t1;
      t2 = 2.0 * (t2 - t1);
      if (t2 > 0.0) p = -p;
      t2 = std::fabs(t2);
      const double dx_temp = deltax;
      deltax = rat;
      if (p > t2 * (a - x) && p < t2 * (b - x) && std::fabs(p) < std::fabs(0.5 * t2 * dx_temp)) {
        rat = p * 1.0 / t2;
        const double u = x + rat;
        if ((u - a) < tol2 || (b - u) < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
      } else {
        deltax = x >= xmid ? a - x : b - x;
        rat = cg * deltax;
      }
    }
    const double u = std::fabs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
    const double fu = f(u);
    if (fu > fx) {
      if (u < x)
        a = u;
      else
        b = u;
      if (fu <= fw || w == x) {
        v = w;
        w = u;
        fv = fw;
        fw = fu;
      } else if (fu <= fv || v == x || v == w) {
        v = u;
        fv = fu;
      }
    } else {
      if (u >= x)
        a = x;
      else
        b = x;
      v = w;
      w = x;
      x = u;
      fv = fw;
      fw = fx;
      fx = fu;
    }
  }
  return x;
}

/// `scipy.optimize.fminbound(f, lo, hi, xtol)` (bounded Brent, maxfun 500).
template <class F>
double scipy_fminbound(F&& f, double lo, double hi, double xatol = 1.48e-8, int max_fun = 500) {
  const double sqrt_eps = std::sqrt(2.2e-16);
  const double golden_mean = 0.5 * (3.0 - std::sqrt(5.0));
  double a = lo, b = hi;
  double fulc = a + golden_mean * (b - a);
  double nfc = fulc, xf = fulc;
  double rat = 0.0, e = 0.0;
  double x = xf;
  double fx = f(x);
  int num = 1;
  double ffulc = fx, fnfc = fx;
  double xm = 0.5 * (a + b);
  double tol1 = sqrt_eps * std::fabs(xf) + xatol / 3.0;
  double tol2 = 2.0 * tol1;
  auto sign_or_one = [](double d) { return d > 0 ? 1.0 : d < 0 ? -1.0 : 1.0; };
  while (std::fabs(xf - xm) > (tol2 - 0.5 * (b - a))) {
    bool golden = true;
    if (std::fabs(e) > tol1) {
      golden = false;
      double r = (xf - nfc) * (fx - ffulc);
      double q = (xf - fulc) * (fx - fnfc);
      double p = (xf - fulc) * q - (xf - nfc) * r;
      q = 2.0 * (q - r);
      if (q > 0.0) p = -p;
      q = std::fabs(q);
      r = e;
      e = rat;
      if (std::fabs(p) < std::fabs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        rat = (p + 0.0) / q;
        x = xf + rat;
        if ((x - a) < tol2 || (b - x) < tol2) rat = tol1 * sign_or_one(xm - xf);
      } else {
        golden = true;
      }
    }
    if (golden) {
      e = xf >= xm ? a - xf : b - xf;
      rat = golden_mean * e;
    }
    x = xf + sign_or_one(rat) * std::max(std::fabs(rat), tol1);
    const double fu = f(x);
    ++num;
    if (fu <= fx) {
      if (x >= xf)
        a = xf;
      else
        b = xf;
      fulc = nfc;
      ffulc = fnfc;
      nfc = xf;
      fnfc = fx;
      xf = x;
      fx = fu;
    } else {
      if (x < xf)
        a = x;
      else
        b = x;
      if (fu <= fnfc || nfc == xf) {
        fulc = nfc;
        ffulc = fnfc;
        nfc = x;
        fnfc = fu;
      } else if (fu <= ffulc || fulc == xf || fulc == nfc) {
        fulc = x;
        ffulc = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = sqrt_eps * std::fabs(xf) + xatol / 3.0;
    tol2 = 2.0 * tol1;
    if (num >= max_fun) break;
  }
  return xf;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
