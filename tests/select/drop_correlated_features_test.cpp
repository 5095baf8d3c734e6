#include "fepipe/select/drop_correlated_features.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/selector_checks.hpp"

namespace select_drop_correlated_features_test {

using namespace fepipe;
using fepipe_test::check_error;

namespace {
Frame edge() { return fepipe_test::read_input_frame("drop_correlated_features_edge"); }
Frame titanic() { return fepipe_test::read_input_frame("drop_constant_features_titanic"); }

/// Fits with `options` on X and compares everything `select/<ref>__*` holds:
/// each pairwise correlation, the drops in discovery order, the groups and
/// the kept → claimed dictionary.
DropCorrelatedFeatures check_reference(DropCorrelatedFeatures::Options options, const std::string& ref,
                                       const Frame& X) {
  INFO("case " << ref);
  const std::string base = "select/drop_correlated_features_" + ref;
  std::vector<std::string> sorted =
      options.variables.automatic() ? fepipe_test::numeric_columns(X) : options.variables.names();
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::span<const double>> columns;
  for (const auto& v : sorted) columns.push_back(X.numeric(v));
  const auto r = detail::correlation_upper(columns, options.method);
  const auto expected = fepipe_test::read_attribute(base + "__correlation.csv");
  REQUIRE(expected.size() == sorted.size() * (sorted.size() - 1) / 2);
  std::size_t row = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i)
    for (std::size_t j = i + 1; j < sorted.size(); ++j, ++row) {
      INFO(sorted[i] << " ~ " << sorted[j]);
      CHECK(expected[row].variable == sorted[i]);
      CHECK(expected[row].key == sorted[j]);
      FEPIPE_CHECK_CLOSE(r[i * sorted.size() + j], expected[row].value, 1e-12);
    }

  DropCorrelatedFeatures s(std::move(options));
  s.fit(X);
  fepipe_test::check_selection(s, "drop_correlated_features_" + ref, X);
  const auto groups = fepipe_test::reference_groups(base + "__correlated_feature_sets.csv");
  CHECK(s.correlated_feature_sets_ == groups);
  REQUIRE(s.correlated_feature_dict_.size() == groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    CHECK(s.correlated_feature_dict_[g].first == groups[g].front());
    CHECK(s.correlated_feature_dict_[g].second == std::vector<std::string>(groups[g].begin() + 1, groups[g].end()));
  }
  return s;
}
}  // namespace

TEST_CASE("DropCorrelatedFeatures: Pearson, Spearman and Kendall on House Prices and Titanic") {
  const Frame house = fepipe_test::load_houseprice();
  const auto vars = fepipe_test::numeric_columns(house, "Id");
  check_reference({.variables = vars, .threshold = 0.8}, "house_pearson", house);
  check_reference({.variables = vars, .method = CorrelationMethod::spearman, .threshold = 0.75}, "house_spearman",
                  house);
  check_reference({.variables = vars, .method = CorrelationMethod::kendall, .threshold = 0.6}, "house_kendall", house);
  const std::vector<std::string> tvars = {"age", "fare", "sibsp", "parch", "pclass", "survived"};
  check_reference({.variables = tvars, .threshold = 0.3}, "titanic_pearson", titanic());
  check_reference({.variables = tvars, .method = CorrelationMethod::kendall, .threshold = 0.3}, "titanic_kendall",
                  titanic());
}

TEST_CASE("DropCorrelatedFeatures sorts names, skips non-finite rows, and needs |r| > threshold") {
  // Frame order is not name order; NaN and ±inf leave their pairs; a
  // constant column has no correlation; ties for the rank methods.
  for (auto [method, name] :
       {std::pair{CorrelationMethod::pearson, "pearson"}, std::pair{CorrelationMethod::spearman, "spearman"},
        std::pair{CorrelationMethod::kendall, "kendall"}})
    check_reference({.method = method, .threshold = 0.7}, std::string("edge_") + name, edge());
  // |r(zeta, exact)| is exactly 1, which does not exceed 1.
  const auto s = check_reference({.threshold = 1.0}, "edge_threshold1", edge());
  CHECK(s.features_to_drop_.empty());
  // The column order of the input does not change what is learned.
  Frame reordered = edge().select({"noise", "exact", "beta", "zeta", "mid", "constant", "alpha"});
  DropCorrelatedFeatures a({.threshold = 0.7}), b({.threshold = 0.7});
  a.fit(edge());
  b.fit(reordered);
  CHECK(a.features_to_drop_ == b.features_to_drop_);
  CHECK(a.correlated_feature_sets_ == b.correlated_feature_sets_);
}

TEST_CASE("DropCorrelatedFeatures errors name the step, the column and the value") {
  check_error<ParameterError>([] { DropCorrelatedFeatures({.threshold = 1.2}); }, "DropCorrelatedFeatures", "", "1.2");
  check_error<ParameterError>([] { DropCorrelatedFeatures({.threshold = NAN}); }, "DropCorrelatedFeatures", "");
  check_error<DataError>([] { DropCorrelatedFeatures({.missing_values = MissingValues::raise}).fit(edge()); },
                         "DropCorrelatedFeatures", "alpha", "value nan at row 3");
  Frame finite = edge().select({"zeta", "exact"});
  finite.column(0).mutable_values()[7] = INFINITY;
  check_error<DataError>([&] { DropCorrelatedFeatures({.missing_values = MissingValues::raise}).fit(finite); },
                         "DropCorrelatedFeatures", "zeta", "value inf at row 7");
  check_error<SchemaError>([] { DropCorrelatedFeatures({.variables = {"zeta"}}).fit(edge()); },
                           "DropCorrelatedFeatures", "zeta", "at least 2");
  check_error<SchemaError>(
      [] {
        DropCorrelatedFeatures({.variables = {"zeta", "sex"}}).fit(titanic());
      },
      "DropCorrelatedFeatures", "zeta");
  check_error<SchemaError>(
      [] {
        DropCorrelatedFeatures({.variables = {"age", "sex"}}).fit(titanic());
      },
      "DropCorrelatedFeatures", "sex", "categorical");
  check_error<NotFittedError>([] { (void)DropCorrelatedFeatures().transform(edge()); }, "DropCorrelatedFeatures", "");
}

TEST_CASE("DropCorrelatedFeatures: one record at a time, without allocating") {
  DropCorrelatedFeatures s({.method = CorrelationMethod::spearman, .threshold = 0.7});
  s.fit(edge());
  fepipe_test::check_record_path(s, edge());
}

TEST_CASE("DropCorrelatedFeatures in a pipeline with a Lasso") {
  const Frame house = fepipe_test::load_houseprice();
  const Frame X = house.select({"GrLivArea", "TotRmsAbvGrd", "GarageCars", "GarageArea", "OverallQual", "LotArea"});
  fepipe_test::check_in_lasso_pipeline(DropCorrelatedFeatures({.threshold = 0.8}), X,
                                       fepipe_test::log_target_of(house, "SalePrice"));
}

TEST_CASE("DropCorrelatedFeatures model files: round trip, hostile content, version-1 fixtures") {
  DropCorrelatedFeatures s({.method = CorrelationMethod::kendall, .threshold = 0.7});
  s.fit(edge());
  fepipe_test::check_transform_roundtrip(s, edge());
  fepipe_test::check_edit_rejected(s, "\"features_to_drop_\": [\n   \"beta\"", "\"features_to_drop_\": [\n   \"mid\"");
  fepipe_test::check_edit_rejected(s, "\"method\": \"kendall\"", "\"method\": \"cosine\"");
  fepipe_test::check_edit_rejected(s, "\"correlated_feature_dict_\": [\n   [\n    \"alpha\"",
                                   "\"correlated_feature_dict_\": [\n   [\n    \"zeta\"");
  fepipe_test::check_truncated_binary(s);
  const auto names = fepipe_test::read_list("select/drop_correlated_features_edge_kendall__feature_names_out.csv");
  fepipe_test::check_model_fixtures("drop_correlated_features", s, edge(), edge().select(names), 0.0);
}

}  // namespace select_drop_correlated_features_test
