// DynamicStep over every built-in class: it forwards, it never changes a
// result. For one fitted instance of each class of the reliability
// catalogue, the erased step gives the same outputs (batch and record),
// writes the same model-file bytes, reads them back, and fits to the same
// state; operations a class does not offer are fepipe errors naming it.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fepipe/runtime/registry.hpp"
#include "fepipe/runtime/step.hpp"
#include "reliability/checks.hpp"
#include "reliability/frames.hpp"
#include "runtime/runtime_support.hpp"

namespace runtime_step_test {

using fepipe_rel::Outcome;
using runtime_support::archive_bytes;
using runtime_support::read_archive;

namespace {

/// Predictions (and probabilities) as a Frame, so that outcomes compare
/// with the reliability checks' helpers.
fepipe::Frame prediction_frame(const Eigen::VectorXd& p, const std::optional<Eigen::MatrixXd>& proba) {
  fepipe::Frame out(static_cast<std::size_t>(p.size()));
  out.add("predict", fepipe::Column::numeric({p.data(), p.data() + p.size()}));
  if (proba)
    for (Eigen::Index k = 0; k < proba->cols(); ++k) {
      std::vector<double> col(static_cast<std::size_t>(proba->rows()));
      for (Eigen::Index r = 0; r < proba->rows(); ++r) col[static_cast<std::size_t>(r)] = (*proba)(r, k);
      out.add("proba_" + std::to_string(k), fepipe::Column::numeric(std::move(col)));
    }
  return out;
}

/// What a step of class T makes of X (transform, or predictions).
template <class T, class S>
Outcome batch(const S& s, const fepipe::Frame& X) {
  return fepipe_rel::attempt([&] {
    if constexpr (fepipe::Transformer<T>) {
      return s.transform(X);
    } else {
      std::optional<Eigen::MatrixXd> proba;
      if constexpr (fepipe::Classifier<T>) proba = s.predict_proba(X);
      return prediction_frame(s.predict(X), proba);
    }
  });
}

/// The record path of a step of class T on one record, as a one-row Frame
/// of numbers and labels ("" for missing, so that outcomes compare).
template <class T, class S>
Outcome record(const S& s, std::span<const fepipe::Value> rec, std::size_t capacity) {
  return fepipe_rel::attempt([&] {
    std::vector<double> cells;
    fepipe::Frame out(1);
    auto add_cell = [&](const fepipe::Value& v) {
      const std::string name = "c" + std::to_string(out.cols());
      if (v.is_label())
        out.add(name, fepipe::Column::categorical({0}, {std::string(v.label())}));
      else
        out.add(name, fepipe::Column::numeric({v.is_number() ? v.number() : std::numeric_limits<double>::quiet_NaN()}));
    };
    if constexpr (fepipe::RowTransformer<T>) {
      std::vector<fepipe::Value> buffer(capacity);
      std::copy(rec.begin(), rec.end(), buffer.begin());
      fepipe::Row row(buffer, rec.size());
      s.transform_row(row);
      for (const auto& v : row.cells()) add_cell(v);
    } else if constexpr (fepipe::RowEstimator<T>) {
      add_cell(s.predict_row(rec));
      if constexpr (fepipe::RowClassifier<T>) {
        std::vector<double> p(s.n_classes());
        s.predict_proba_row(rec, p);
        for (double x : p) add_cell(x);
      }
    }
    return out;
  });
}

void same(const Outcome& a, const Outcome& b, const std::string& what) {
  CHECK_NOTHROW(fepipe_rel::require_same(a, b, what));
}

template <class T>
void check_traits(const fepipe::DynamicStep& d) {
  const fepipe::StepTraits& t = d.traits();
  CHECK(t.transformer == fepipe::Transformer<T>);
  CHECK(t.estimator == fepipe::Estimator<T>);
  CHECK(t.classifier == fepipe::Classifier<T>);
  CHECK(t.row_filter == fepipe::RowFilter<T>);
  CHECK(t.row_transformer == fepipe::RowTransformer<T>);
  CHECK(t.row_estimator == fepipe::RowEstimator<T>);
  CHECK(t.row_classifier == fepipe::RowClassifier<T>);
}

/// Model-file bytes of the step under one key, in both formats, written
/// through `write(ar)`.
template <class F>
std::pair<std::string, std::string> both_formats(F&& write) {
  return {archive_bytes<cereal::JSONOutputArchive>(write), archive_bytes<cereal::PortableBinaryOutputArchive>(write)};
}

/// A fitted concrete step and the same step behind DynamicStep agree.
template <class T>
void check_fitted_step(const T& concrete, const fepipe::Frame& X) {
  const fepipe::DynamicStep d(concrete);
  CHECK(d.type_name() == T::type_name);
  CHECK(d.serial_version() == T::serial_version);
  CHECK(d.holds<T>());
  CHECK(d.is_fitted() == static_cast<bool>(concrete.is_fitted()));
  check_traits<T>(d);
  if constexpr (fepipe::StepTraits::of<T>().feature_names) CHECK(d.feature_names_out() == concrete.feature_names_out());

  // Model-file bytes: the same, and they load back into a registry-made step.
  const auto expected = both_formats([&](auto& ar) { ar.named("step", concrete); });
  CHECK(both_formats([&](auto& ar) { d.save(ar, "step"); }) == expected);
  fepipe::DynamicStep from_json = fepipe::make_step(T::type_name);
  fepipe::DynamicStep from_binary = fepipe::make_step(T::type_name);
  read_archive<cereal::JSONInputArchive>(expected.first, [&](auto& ar) { from_json.load(ar, "step"); });
  read_archive<cereal::PortableBinaryInputArchive>(expected.second, [&](auto& ar) { from_binary.load(ar, "step"); });
  CHECK(both_formats([&](auto& ar) { from_json.save(ar, "step"); }) == expected);
  CHECK(both_formats([&](auto& ar) { from_binary.save(ar, "step"); }) == expected);

  // Outputs: batch and record paths, errors included.
  const std::string name(T::type_name);
  same(batch<T>(d, X), batch<T>(concrete, X), name + " batch");
  same(batch<T>(from_binary, X), batch<T>(concrete, X), name + " batch after loading");
  if constexpr (fepipe::RowTransformer<T> || fepipe::RowEstimator<T>) {
    std::size_t capacity = X.cols() + 1;
    if constexpr (fepipe::StepTraits::of<T>().feature_names) capacity += concrete.feature_names_out().size();
    for (std::size_t r = 0; r < X.rows(); ++r) {
      const auto rec = fepipe_rel::record_of(X, r);
      same(record<T>(d, rec, capacity), record<T>(concrete, rec, capacity), name + " record " + std::to_string(r));
    }
  }
}

/// `step` with a fixed random_state where its options leave it unset:
/// without one, a tree draws a fresh seed per fit (as scikit-learn does),
/// and two fits could not be compared.
template <class T>
T seeded(const T& step) {
  if constexpr (requires(std::remove_cvref_t<decltype(step.options())> o) {
                  T(o);
                  o.random_state = 0u;
                }) {
    auto options = step.options();
    if (options.random_state) return step;
    options.random_state = 0u;
    try {
      return T(options);
    } catch (const fepipe::ParameterError&) {
      return step;  // a class that takes no random_state with these options
    }
  } else {
    return step;
  }
}

/// An unfitted concrete step and its DynamicStep fit to the same state.
template <class T>
void check_fit(const T& unseeded, const fepipe_rel::Entry& e) {
  const T prototype = seeded(unseeded);
  fepipe_rel::Rng rng(2024);
  for (int attempt = 0; attempt < 5; ++attempt) {
    const fepipe_rel::Case c = fepipe_rel::make_case(rng, e);
    const fepipe::Target* y = e.target == fepipe_rel::TargetKind::none ? nullptr : &c.y;
    T concrete = prototype, again = prototype;
    fepipe::DynamicStep d(prototype);
    std::string concrete_error, erased_error;
    try {
      if constexpr (fepipe::Transformer<T>) {
        concrete.fit(c.fit, y);
        again.fit(c.fit, y);
      } else {
        concrete.fit(c.fit, *y);
        again.fit(c.fit, *y);
      }
    } catch (const fepipe::Error& err) {
      concrete_error = fepipe_rel::error_kind(err);
    }
    try {
      if (y)
        d.fit(c.fit, *y);
      else
        d.fit(c.fit);
    } catch (const fepipe::Error& err) {
      erased_error = fepipe_rel::error_kind(err);
    }
    INFO(e.label << ", " << c.description);
    CHECK(erased_error == concrete_error);
    if (!concrete_error.empty()) continue;
    const auto expected = both_formats([&](auto& ar) { ar.named("step", concrete); });
    // Only a class that fits reproducibly can be compared.
    if (both_formats([&](auto& ar) { ar.named("step", again); }) != expected) continue;
    CHECK(both_formats([&](auto& ar) { d.save(ar, "step"); }) == expected);
  }
}

}  // namespace

TEST_CASE("DynamicStep agrees with every built-in class it wraps") {
  int checked = 0;
  for (const auto& e : fepipe_rel::catalogue()) {
    if (!e.dataset.empty()) continue;  // the course pipelines are no steps
    INFO(e.label);
    const auto fitted = fepipe_rel::fitted_small(e);
    REQUIRE(fitted);
    const fepipe::Frame X = fepipe_rel::frame_for_schema(fitted->input_schema(), 4);
    const bool found = runtime_support::with_builtin(*fitted, [&](const auto& concrete) {
      check_fitted_step(concrete, X);
      ++checked;
    });
    CHECK(found);
    const auto unfitted = e.make();
    runtime_support::with_builtin(*unfitted, [&](const auto& prototype) { check_fit(prototype, e); });
  }
  CHECK(checked >= 49);
}

TEST_CASE("a copy of a DynamicStep is a deep copy; typed<T>() reaches the object") {
  fepipe::DynamicStep a(fepipe::MeanMedianImputer({.imputation_method = fepipe::ImputationMethod::mean}));
  fepipe::Frame X(3);
  X.add("x", fepipe::Column::numeric({1.0, 2.0, std::nan("")}));
  a.fit(X);
  fepipe::DynamicStep b = a;
  CHECK(&a.typed<fepipe::MeanMedianImputer>() != &b.typed<fepipe::MeanMedianImputer>());
  CHECK(b.typed<fepipe::MeanMedianImputer>().imputer_dict_.at("x") == 1.5);
  b.typed<fepipe::MeanMedianImputer>().imputer_dict_.at("x") = 7.0;
  CHECK(a.typed<fepipe::MeanMedianImputer>().imputer_dict_.at("x") == 1.5);
  CHECK(b.transform(X).numeric("x")[2] == 7.0);
  const fepipe::DynamicStep c = b.clone();
  CHECK(c.transform(X).numeric("x")[2] == 7.0);
  fepipe::DynamicStep moved = std::move(b);
  CHECK(moved.has_value());
  CHECK(moved.typed<fepipe::MeanMedianImputer>().is_fitted());
}

TEST_CASE("operations a class does not offer are errors naming it") {
  const fepipe::DynamicStep lasso(fepipe::Lasso{});
  const fepipe::DynamicStep imputer(fepipe::MeanMedianImputer{});
  const fepipe::DynamicStep plain(runtime_support::PassThrough<"StepTestPlain">{});
  fepipe::Frame X(1);
  X.add("x", fepipe::Column::numeric({1.0}));
  std::vector<fepipe::Value> cells(2, fepipe::Value(1.0));
  fepipe::Row row(cells, 1);
  std::vector<double> out(2);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const fepipe::Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK(message([&] { (void)lasso.transform(X); }) == "Lasso: is an estimator: it has no transform");
  CHECK(message([&] { lasso.transform_row(row); }) ==
        "Lasso: has no transform_row: it cannot transform a single record");
  CHECK(message([&] { (void)lasso.predict_proba(X); }) == "Lasso: is not a classifier: it has no predict_proba");
  CHECK(message([&] { (void)lasso.n_classes(); }) == "Lasso: is not a classifier: it has no n_classes");
  CHECK(message([&] { lasso.predict_proba_row(cells, out); }) ==
        "Lasso: has no predict_proba_row: it cannot predict a single record's probabilities");
  CHECK(message([&] { (void)lasso.feature_names_out(); }) == "Lasso: has no feature_names_out");
  CHECK(message([&] { fepipe::DynamicStep(lasso).fit(X); }) == "Lasso: is an estimator: fit needs a target");
  CHECK(message([&] { (void)imputer.predict(X); }) == "MeanMedianImputer: is not an estimator: it has no predict");
  CHECK(message([&] { (void)imputer.predict_row(cells); }) ==
        "MeanMedianImputer: has no predict_row: it cannot predict a single record");
  CHECK(message([&] { plain.transform_row(row); }) ==
        "StepTestPlain: has no transform_row: it cannot transform a single record");
  CHECK(message([&] { (void)imputer.typed<fepipe::Lasso>(); }) ==
        "DynamicStep: the step is 'MeanMedianImputer', not 'Lasso'");
  CHECK_FALSE(imputer.holds<fepipe::Lasso>());
  const fepipe::DynamicStep empty;
  CHECK_FALSE(empty.has_value());
  CHECK(message([&] { (void)empty.type_name(); }) == "DynamicStep: the step is empty");
  CHECK(message([&] { (void)empty.typed<fepipe::Lasso>(); }) == "DynamicStep: the step is empty, not 'Lasso'");
  // A transformer that is not a row filter passes the target through.
  auto [X2, y2] = fepipe::DynamicStep(imputer).fit(X).transform_xy(X, fepipe::Target::Constant(1, 3.0));
  CHECK(X2.rows() == 1);
  CHECK(y2[0] == 3.0);
}

}  // namespace runtime_step_test
