// Pipeline mechanics with user-written steps: the contract a custom step
// meets, the single-record fallback for steps without transform_row,
// row-filtering steps, step access and model files.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "support/roundtrip.hpp"

namespace core_pipeline_test {

using namespace fepipe;

namespace {

/// A user step with only the required members (no transform_row): doubles a
/// column. Pipelines with it still predict single records, through a
/// one-row Frame.
class Doubler {
 public:
  static constexpr std::string_view type_name = "Doubler";
  static constexpr std::uint32_t serial_version = 1;
  Doubler() = default;
  explicit Doubler(std::string column) : column_(std::move(column)) {}
  Doubler& fit(const Frame&, const Target* = nullptr) {
    fitted_ = true;
    return *this;
  }
  Frame transform(Frame X) const {
    for (double& v : X[column_].mutable_values()) v *= 2;
    return X;
  }
  bool is_fitted() const { return fitted_; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(column_), FEPIPE_NVP(fitted_));
  }

 private:
  std::string column_;
  bool fitted_ = false;
};

/// A user row filter: drops rows whose column is negative, keeping y aligned.
class DropNegative {
 public:
  static constexpr std::string_view type_name = "DropNegative";
  static constexpr std::uint32_t serial_version = 1;
  DropNegative() = default;
  explicit DropNegative(std::string column) : column_(std::move(column)) {}
  DropNegative& fit(const Frame&, const Target* = nullptr) { return *this; }
  Frame transform(Frame X) const { return X.take_rows(keep(X)); }
  std::pair<Frame, Target> transform_xy(Frame X, Target y) const {
    const auto rows = keep(X);
    Target out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) out[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(rows[i])];
    return {X.take_rows(rows), std::move(out)};
  }
  bool is_fitted() const { return true; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(column_));
  }

 private:
  std::vector<std::size_t> keep(const Frame& X) const {
    std::vector<std::size_t> rows;
    auto v = X.numeric(column_);
    for (std::size_t r = 0; r < v.size(); ++r)
      if (!(v[r] < 0)) rows.push_back(r);
    return rows;
  }
  std::string column_;
};

static_assert(Transformer<Doubler>);
static_assert(!RowTransformer<Doubler>);
static_assert(RowFilter<DropNegative>);
static_assert(Estimator<Lasso>);
static_assert(!Transformer<Lasso>);
static_assert(!Estimator<MeanMedianImputer>);

Frame frame() {
  Frame f;
  f.add("a", Column::numeric({1.0, NAN, 3.0, 4.0, -5.0, 6.0}));
  f.add("b", Column::numeric({2.0, 1.0, 0.0, 1.0, 3.0, 2.0}));
  return f;
}
Target target() {
  Target y(6);
  y << 1.0, 1.5, 3.2, 4.1, -4.0, 6.3;
  return y;
}

}  // namespace

TEST_CASE("a custom step works like a built-in one, single records included") {
  Pipeline p(MeanMedianImputer(), Doubler("b"), Lasso({.alpha = 0.01}));
  static_assert(!decltype(p)::row_path);
  p.fit(frame(), target());
  const Eigen::VectorXd batch = p.predict(frame());
  CHECK(fepipe_test::same_bits(p.predict_one({3.0, 0.0}), batch[2]));
  CHECK(fepipe_test::same_bits(p.predict_one({Value::missing(), 1.0}), batch[1]));
  auto [json, bin] = fepipe_test::roundtrip_both(p);
  fepipe_test::require_identical(json.predict(frame()), batch);
  fepipe_test::require_identical(bin.predict(frame()), batch);
}

TEST_CASE("row filters drop rows during fit and keep the target aligned") {
  Pipeline p(DropNegative("a"), MeanMedianImputer(), Lasso({.alpha = 0.001}));
  p.fit(frame(), target());
  // The negative row was dropped before the Lasso saw it: refitting the Lasso
  // by hand on the filtered data gives the same coefficients.
  Frame kept = frame().take_rows(std::vector<std::size_t>{0, 1, 2, 3, 5});
  Target y(5);
  y << 1.0, 1.5, 3.2, 4.1, 6.3;
  MeanMedianImputer imp;
  Lasso lasso({.alpha = 0.001});
  lasso.fit(imp.fit(kept).transform(kept), y);
  CHECK(p.step<2>().coef_ == lasso.coef_);
}

TEST_CASE("step access, input schema and output names") {
  Pipeline p(MeanMedianImputer({.imputation_method = ImputationMethod::mean}), StandardScaler(), Lasso());
  p.fit(frame(), target());
  CHECK(p.step<0>().imputer_dict_.at("a") == doctest::Approx(1.8));
  CHECK(&p.step<StandardScaler>() == &p.step<1>());
  CHECK(p.input_schema().size() == 2);
  CHECK(p.input_schema()[1].name == "b");
  CHECK(p.feature_names_out() == std::vector<std::string>{"a", "b"});
  CHECK(decltype(p)::step_type_names() == std::vector<std::string>{"MeanMedianImputer", "StandardScaler", "Lasso"});
  CHECK(decltype(p)::row_path);
}

TEST_CASE("a pipeline of transformers is a transformer") {
  using Inner = Pipeline<MeanMedianImputer, StandardScaler>;
  static_assert(Transformer<Inner>);
  Inner inner{MeanMedianImputer{}, StandardScaler{}};
  inner.fit(frame());
  const Frame out = inner.transform(frame());
  CHECK(std::fabs(out.numeric("b")[0] - (2.0 - 1.5) / std::sqrt(5.5 / 6.0)) < 1e-12);
  Pipeline outer(inner, Lasso({.alpha = 0.01}));
  outer.fit(frame(), target());
  auto [json, bin] = fepipe_test::roundtrip_both(outer);
  fepipe_test::require_identical(bin.predict(frame()), outer.predict(frame()));
}

TEST_CASE("fit errors: empty frames and misaligned targets") {
  Pipeline p{MeanMedianImputer{}, Lasso{}};
  CHECK_THROWS_AS(p.fit(Frame(), target()), DataError);
  CHECK_THROWS_AS(p.fit(frame().take_rows(std::vector<std::size_t>{}), Target()), DataError);
  CHECK_THROWS_WITH_AS(p.fit(frame(), Target(2)), doctest::Contains("target"), SchemaError);
  CHECK_FALSE(p.is_fitted());
  CHECK_THROWS_AS(p.predict_one({1.0, 2.0}), NotFittedError);
}

}  // namespace core_pipeline_test
