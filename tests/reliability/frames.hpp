#pragma once
// Random frames for the property tests: a hand-written generator with a
// fixed seed (SplitMix64 and our own mapping to doubles, so every platform
// and standard library draws the same frames; std::*_distribution is
// implementation-defined).
//
// A case is a frame to fit on, a target, and a second frame with the same
// columns to apply the fitted model to. Both mix the hard inputs the issue
// lists: random missing patterns, constant and all-missing columns, a single
// row, extreme values (±1e308, ±inf, denormals, -0.0), labels unseen at fit
// (including empty, spaces, commas, non-ASCII and NUL bytes).

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "reliability/any_model.hpp"

namespace fepipe_rel {

/// SplitMix64: tiny, fast, and the same sequence everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1), 53 bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n).
  std::size_t below(std::size_t n) noexcept { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(double p) noexcept { return uniform() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) noexcept {
    return v[below(v.size())];
  }

 private:
  std::uint64_t state_;
};

/// The values that break naive code.
inline const std::vector<double>& extreme_values() {
  static const std::vector<double> v = {1e308,
                                        -1e308,
                                        std::numeric_limits<double>::max(),
                                        std::numeric_limits<double>::lowest(),
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::denorm_min(),
                                        -std::numeric_limits<double>::denorm_min(),
                                        1e-310,
                                        -0.0,
                                        0.0,
                                        std::numeric_limits<double>::quiet_NaN()};
  return v;
}

/// Labels seen at fit, and labels the fitted models never saw.
inline const std::vector<std::string>& fit_labels() {
  static const std::vector<std::string> v = {"a", "b", "c", "d", "e", "Rare", "Missing", "", " ", "a,b", "\xC3\xBC",
                                             std::string("n\0ul", 4)};
  return v;
}
inline const std::vector<std::string>& unseen_labels() {
  static const std::vector<std::string> v = {"zz-unseen", std::string("nul\0byte", 8), "\"quoted\"", "1.5",
                                             std::string(300, 'L')};
  return v;
}

/// How hostile a generated frame is.
struct Stress {
  bool extremes = false;       // some numeric cells hold extreme_values()
  bool unseen = false;         // some labels were not seen at fit
  double missing_rate = 0.0;   // per-column rate is drawn up to this
};

struct Case {
  fepipe::Frame fit;
  fepipe::Target y;
  fepipe::Frame apply;
  std::string description;
};

namespace detail {

/// One numeric column of `n` values. `domain`: 0 any sign, 1 positive,
/// 2 inside [0, 1] (what log/Box-Cox and arcsin accept).
inline std::vector<double> numeric_values(Rng& rng, std::size_t n, int shape, int domain, const Stress& s,
                                          double missing_rate) {
  std::vector<double> v(n);
  const double scale = std::pow(10.0, static_cast<double>(rng.below(7)) - 3.0);
  const double shift = (rng.uniform() - 0.5) * 4 * scale;
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0;
    switch (shape) {
      case 0:  // bell-ish: sum of uniforms
        x = (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * scale + shift;
        break;
      case 1:  // few distinct values (ties everywhere)
        x = static_cast<double>(rng.below(4)) * scale;
        break;
      case 2:  // constant
        x = scale;
        break;
      default:  // skewed
        x = std::exp(rng.uniform() * 6.0) * scale;
        break;
    }
    if (domain == 1) x = std::fabs(x) + 0.25 * scale;
    if (domain == 2) x = rng.uniform();
    v[i] = x;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (rng.chance(missing_rate)) v[i] = std::numeric_limits<double>::quiet_NaN();
    if (s.extremes && rng.chance(0.15)) v[i] = rng.pick(extreme_values());
  }
  return v;
}

inline fepipe::Column categorical_values(Rng& rng, std::size_t n, int shape, const Stress& s, double missing_rate) {
  std::vector<std::int32_t> codes(n);
  std::vector<std::string> labels;
  auto code_of = [&](const std::string& label) {
    auto it = std::find(labels.begin(), labels.end(), label);
    if (it != labels.end()) return static_cast<std::int32_t>(it - labels.begin());
    labels.push_back(label);
    return static_cast<std::int32_t>(labels.size() - 1);
  };
  const auto& pool = fit_labels();
  const std::size_t width = 2 + rng.below(pool.size() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t k = shape == 2 ? 0 : rng.below(width);
    if (shape == 1) k = std::min(k, rng.below(width));  // skewed towards the first labels
    codes[i] = code_of(pool[k]);
    if (rng.chance(missing_rate)) codes[i] = fepipe::Column::missing_code;
    if (s.unseen && rng.chance(0.2)) codes[i] = code_of(rng.pick(unseen_labels()));
  }
  // A few labels that no row uses, as row selection leaves behind.
  if (rng.chance(0.2)) labels.push_back("unused-label");
  return fepipe::Column::categorical(std::move(codes), std::move(labels));
}

}  // namespace detail

/// A synthetic case for a catalogue entry: numeric n1, n2 (and maybe n3),
/// categorical c1 (and maybe c2) unless the entry is numeric-only.
inline Case synthetic_case(Rng& rng, const Entry& e, int domain) {
  Case c;
  const double r = rng.uniform();
  const std::size_t n_fit = r < 0.08 ? 1 : r < 0.2 ? 2 + rng.below(4) : 8 + rng.below(50);
  const std::size_t n_apply = rng.chance(0.1) ? 1 : 1 + rng.below(30);
  // Many classes reject NaN or infinities at fit by design (feature-engine's
  // rule); fitting frames are clean more often than not, so that the
  // properties of fitted models get checked.
  Stress fit_stress{.extremes = rng.chance(0.1), .unseen = false, .missing_rate = rng.chance(0.7) ? 0.0 : 0.4};
  Stress apply_stress{.extremes = rng.chance(0.3), .unseen = rng.chance(0.5), .missing_rate = rng.chance(0.5) ? 0.0 : 0.4};
  const std::size_t n_numeric = 2 + rng.below(2);
  const std::size_t n_categorical = e.numeric_only ? 0 : 1 + rng.below(2);
  c.fit = fepipe::Frame(n_fit);
  c.apply = fepipe::Frame(n_apply);
  std::string shapes;
  for (std::size_t j = 0; j < n_numeric; ++j) {
    // Shapes: 0 bell-ish 40%, 1 ties 25%, 2 constant 10%, 3 skewed 25%.
    const double u = rng.uniform();
    const int shape = u < 0.4 ? 0 : u < 0.65 ? 1 : u < 0.75 ? 2 : 3;
    const bool all_missing = rng.chance(0.04);
    const double mr = all_missing ? 1.0 : fit_stress.missing_rate * rng.uniform();
    std::string name = "n";  // not "n" + to_string(): GCC 12 -O3 warns falsely on it
    name += std::to_string(j + 1);
    c.fit.add(name, fepipe::Column::numeric(detail::numeric_values(rng, n_fit, shape, domain, fit_stress, mr)));
    c.apply.add(name, fepipe::Column::numeric(detail::numeric_values(rng, n_apply, shape, domain, apply_stress,
                                                                       apply_stress.missing_rate * rng.uniform())));
    shapes += name + ":" + std::to_string(shape) + (all_missing ? "/all-missing " : " ");
  }
  for (std::size_t j = 0; j < n_categorical; ++j) {
    // Shapes: 0 uniform 45%, 1 skewed 45%, 2 constant 10%.
    const double u = rng.uniform();
    const int shape = u < 0.45 ? 0 : u < 0.9 ? 1 : 2;
    const bool all_missing = rng.chance(0.04);
    const double mr = all_missing ? 1.0 : fit_stress.missing_rate * rng.uniform();
    std::string name = "c";
    name += std::to_string(j + 1);
    c.fit.add(name, detail::categorical_values(rng, n_fit, shape, fit_stress, mr));
    c.apply.add(name, detail::categorical_values(rng, n_apply, shape, apply_stress,
                                                 apply_stress.missing_rate * rng.uniform()));
    shapes += name + ":" + std::to_string(shape) + (all_missing ? "/all-missing " : " ");
  }
  c.y.resize(static_cast<Eigen::Index>(n_fit));
  for (std::size_t i = 0; i < n_fit; ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    if (e.target == TargetKind::binary)
      c.y[ii] = i < 2 ? static_cast<double>(i) : static_cast<double>(rng.below(2));
    else
      c.y[ii] = 3.0 * static_cast<double>(i % 5) + rng.uniform();
  }
  c.description = "rows " + std::to_string(n_fit) + "/" + std::to_string(n_apply) + ", columns " + shapes +
                  (fit_stress.extremes ? ", extremes at fit" : "") + (apply_stress.extremes ? ", extremes" : "") +
                  (apply_stress.unseen ? ", unseen labels" : "");
  return c;
}

/// Rows drawn from the course data, then damaged: missing cells, unseen
/// labels, extreme numbers.
inline fepipe::Frame damaged_sample(Rng& rng, const fepipe::Frame& data, std::size_t n, const Stress& s,
                                    std::vector<std::size_t>* rows_out = nullptr) {
  std::vector<std::size_t> rows(n);
  for (auto& r : rows) r = rng.below(data.rows());
  if (rows_out) *rows_out = rows;
  fepipe::Frame out = data.take_rows(rows);
  for (std::size_t j = 0; j < out.cols(); ++j) {
    fepipe::Column& col = out.column(j);
    if (col.is_numeric()) {
      auto v = col.mutable_values();
      for (double& x : v) {
        if (rng.chance(s.missing_rate)) x = std::numeric_limits<double>::quiet_NaN();
        if (s.extremes && rng.chance(0.03)) x = rng.pick(extreme_values());
      }
    } else {
      auto codes = col.mutable_codes();
      for (auto& code : codes) {
        if (rng.chance(s.missing_rate)) code = fepipe::Column::missing_code;
        if (s.unseen && rng.chance(0.03)) code = col.intern_label(rng.pick(unseen_labels()));
      }
    }
  }
  return out;
}

/// A case for a course pipeline: a clean bootstrap sample to fit on (the
/// pipelines' own steps reject some damage at fit by design) and a damaged
/// sample to predict.
inline Case course_case(Rng& rng, const Entry& e) {
  const auto& [X, y] = course_data(e.dataset);
  Case c;
  std::vector<std::size_t> rows;
  c.fit = damaged_sample(rng, X, 200 + rng.below(300), Stress{}, &rows);
  c.y.resize(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    c.y[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(rows[i])];
  Stress s{.extremes = rng.chance(0.5), .unseen = rng.chance(0.5), .missing_rate = rng.chance(0.5) ? 0.0 : 0.1};
  c.apply = damaged_sample(rng, X, 1 + rng.below(40), s);
  c.description = e.dataset + " sample of " + std::to_string(c.fit.rows()) + " rows, applied to " +
                  std::to_string(c.apply.rows()) + (s.extremes ? ", extremes" : "") + (s.unseen ? ", unseen labels" : "") +
                  (s.missing_rate > 0 ? ", missing cells" : "");
  return c;
}

/// The value domain an entry's numeric inputs are usually drawn from, so
/// that fits succeed often enough to test what follows them (extremes still
/// leave the domain now and then).
inline int domain_of(const Entry& e) {
  const std::string& t = e.type_name;
  if (t == "LogTransformer" || t == "BoxCoxTransformer" || t == "ReciprocalTransformer" || t == "PowerTransformer")
    return 1;
  if (t == "ArcsinTransformer") return 2;
  return 0;
}

inline Case make_case(Rng& rng, const Entry& e) {
  if (!e.dataset.empty()) return course_case(rng, e);
  return synthetic_case(rng, e, rng.chance(0.8) ? domain_of(e) : 0);
}

/// The entry fitted on a small frame that both formats can save (nullptr if
/// no attempt fits): small model files for seeds and hostile-file tests.
inline std::unique_ptr<AnyModel> fitted_small(const Entry& e) {
  if (!e.dataset.empty()) {
    const auto& [X, y] = course_data(e.dataset);
    std::vector<std::size_t> rows(120);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = (i * 37) % X.rows();
    const fepipe::Frame Xs = X.take_rows(rows);
    fepipe::Target ys(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) ys[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(rows[i])];
    auto m = e.make();
    m->fit(Xs, &ys);
    return m;
  }
  Rng rng(12345);
  for (int attempt = 0; attempt < 50; ++attempt) {
    const Case c = make_case(rng, e);
    if (c.fit.rows() > 40) continue;  // small files mutate faster
    auto m = e.make();
    try {
      m->fit(c.fit, e.target == TargetKind::none ? nullptr : &c.y);
      (void)m->save(fepipe::ModelFormat::json);  // no NUL-byte label: both formats can hold it
      return m;
    } catch (const fepipe::Error&) {
    }
  }
  return nullptr;
}

}  // namespace fepipe_rel
