// DropMissingData against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py): checked variables, kept
// rows and return_na_data with and without thresholds; and as a RowFilter,
// the Pipeline keeps the target aligned with the rows that survive.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/impute/drop_missing_data.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_drop_missing_data_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_numeric{"LotFrontage", "MasVnrArea", "GarageYrBlt"};
const std::vector<std::string> house_mixed{"LotFrontage", "MasVnrArea", "GarageYrBlt",
                                           "BsmtQual",    "FireplaceQu", "Alley"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}
Frame small() { return fepipe_test::read_input_frame("drop_missing_data_small", {{"b", Kind::categorical}}); }

std::vector<std::string> ids(const Frame& X) {
  std::vector<std::string> out;
  for (double v : X.numeric("Id")) out.push_back(std::to_string(static_cast<long>(v)));
  return out;
}
std::vector<std::string> reference_ids(const std::string& file) {
  std::vector<std::string> out;
  for (const auto& row : fepipe_test::read_attribute(file)) out.push_back(row.text);
  return out;
}

}  // namespace

TEST_CASE("DropMissingData matches feature-engine on House Prices, with and without threshold") {
  for (const auto& [name, vars] : {std::pair{"num", house_numeric}, std::pair{"mixed", house_mixed}})
    for (const auto& [threshold, tname] : std::vector<std::pair<std::optional<double>, std::string>>{
             {std::nullopt, "None"}, {0.5, "0.5"}, {0.8, "0.8"}, {1.0, "1"}}) {
      const std::string ref = "impute/drop_missing_data_house_" + std::string(name) + "_" + tname;
      INFO(ref);
      DropMissingData drop({.threshold = threshold, .variables = vars});
      drop.fit(house());
      CHECK(drop.variables_ == fepipe_test::read_list(ref + "__variables.csv"));
      const Frame kept = drop.transform(house());
      CHECK(ids(kept) == reference_ids(ref + "__kept_id.csv"));
      CHECK(ids(drop.return_na_data(house())) == reference_ids(ref + "__na_id.csv"));
      CHECK(drop.feature_names_out() == house().names());
    }
}

TEST_CASE("DropMissingData with automatic variables keeps those with missing values at fit (Titanic)") {
  const Frame X = fepipe_test::read_input_frame("drop_missing_data_titanic");
  DropMissingData drop;
  drop.fit(X);
  CHECK(drop.variables_ == fepipe_test::read_list("impute/drop_missing_data_titanic__variables.csv"));
  fepipe_test::check_frame_close(drop.transform(X),
                                 fepipe_test::read_reference_frame("impute/drop_missing_data_titanic__transform.csv"),
                                 0.0);
  fepipe_test::check_transform_roundtrip(drop, X);
  fepipe_test::check_hostile_files(drop);
}

TEST_CASE("DropMissingData on hand-made data: missing_only, thresholds 0.25 to 1, return_na_data") {
  const Frame X = small();
  for (bool missing_only : {true, false})
    for (const auto& [threshold, tname] : std::vector<std::pair<std::optional<double>, std::string>>{
             {std::nullopt, "None"}, {0.25, "0.25"}, {0.5, "0.5"}, {0.75, "0.75"}, {1.0, "1"}}) {
      const std::string ref =
          "impute/drop_missing_data_small_" + std::string(missing_only ? "True" : "False") + "_" + tname;
      INFO(ref);
      DropMissingData drop({.missing_only = missing_only, .threshold = threshold});
      drop.fit(X);
      CHECK(drop.variables_ == fepipe_test::read_list(ref + "__variables.csv"));
      const Dict<Kind> kinds{{"a", Kind::numeric}, {"b", Kind::categorical}, {"c", Kind::numeric},
                             {"full", Kind::numeric}};
      fepipe_test::check_frame_close(drop.transform(X), fepipe_test::read_reference_frame(ref + "__transform.csv", kinds),
                                     0.0);
      fepipe_test::check_frame_close(drop.return_na_data(X),
                                     fepipe_test::read_reference_frame(ref + "__na_data.csv", kinds), 0.0);
    }
}

TEST_CASE("DropMissingData as a RowFilter: the Pipeline drops the target rows with the frame's") {
  const std::vector<std::string> cols{"LotFrontage", "MasVnrArea", "GarageYrBlt", "Neighborhood"};
  const Frame X = house().select(cols);
  Target y = fepipe_test::target_of(house(), "SalePrice");
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = std::log(y[i]);

  Pipeline pipe{DropMissingData({.variables = house_numeric}), MeanEncoder(), Lasso({.alpha = 0.001})};
  pipe.fit(X, y);

  // The same steps by hand on the complete rows and their targets.
  DropMissingData drop({.variables = house_numeric});
  drop.fit(X);
  auto [X_kept, y_kept] = drop.transform_xy(X, y);
  REQUIRE(X_kept.rows() < X.rows());
  REQUIRE(static_cast<std::size_t>(y_kept.size()) == X_kept.rows());
  MeanEncoder enc;
  enc.fit(X_kept, &y_kept);
  CHECK(pipe.step<1>().encoder_dict_ == enc.encoder_dict_);
  CHECK(pipe.step<1>().prior_ == enc.prior_);
  Lasso lasso({.alpha = 0.001});
  lasso.fit(enc.transform(X_kept), y_kept);
  fepipe_test::require_identical(Eigen::MatrixXd(pipe.step<2>().coef_), Eigen::MatrixXd(lasso.coef_));

  // predict drops incomplete rows; predict_one passes complete records and
  // names the column that would have dropped an incomplete one.
  const Eigen::VectorXd batch = pipe.predict(X_kept);
  CHECK(pipe.predict(X).size() == batch.size());
  for (std::size_t r = 0; r < 100; ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X_kept, r)),
                                 batch[static_cast<Eigen::Index>(r)]));
  auto record = fepipe_test::record_of(X_kept, 0);
  record[1] = Value::missing();
  CHECK_THROWS_WITH_AS(pipe.predict_one(record), doctest::Contains("DropMissingData: column 'MasVnrArea'"), DataError);
}

TEST_CASE("DropMissingData transform_row passes complete records and rejects those it would drop") {
  const Frame X = small();
  DropMissingData any({.missing_only = false});
  any.fit(X);
  // Row 0 has no missing value (inf is a value): it passes unchanged.
  fepipe_test::check_rows_match_transform(any, X.take_rows(std::vector<std::size_t>{0, 4}));
  auto record = fepipe_test::record_of(X, 1);
  Row row(record, record.size());
  CHECK_THROWS_WITH_AS(any.transform_row(row), doctest::Contains("DropMissingData: column 'a'"), DataError);
  // With threshold 0.5 a record with one of four values missing is kept.
  DropMissingData half({.threshold = 0.5});
  half.fit(X);
  auto rec1 = fepipe_test::record_of(X, 1);
  Row row1(rec1, rec1.size());
  CHECK_NOTHROW(half.transform_row(row1));
  auto rec5 = fepipe_test::record_of(X, 5);
  Row row5(rec5, rec5.size());
  CHECK_THROWS_WITH_AS(half.transform_row(row5), doctest::Contains("column 'a'"), DataError);
}

TEST_CASE("DropMissingData errors name the step and the column") {
  for (double t : {0.0, -0.5, 1.5, std::nan("")})
    CHECK_THROWS_WITH_AS(DropMissingData({.threshold = t}), doctest::Contains("DropMissingData: threshold"),
                         ParameterError);
  const Frame X = small();
  CHECK_THROWS_WITH_AS(DropMissingData({.variables = {"zz"}}).fit(X), doctest::Contains("'zz'"), SchemaError);
  DropMissingData drop;
  drop.fit(X);
  CHECK_THROWS_WITH_AS(drop.transform_xy(X, Target::Zero(3)), doctest::Contains("DropMissingData"), SchemaError);
  CHECK_THROWS_WITH_AS(drop.transform(X.select({"a", "b"})), doctest::Contains("'c'"), SchemaError);
  CHECK_THROWS_AS(DropMissingData().transform(X), NotFittedError);
  // Nothing missing at fit: nothing is checked, every row passes.
  DropMissingData none;
  none.fit(X.select({"full"}));
  CHECK(none.variables_.empty());
  CHECK(none.transform(X.select({"full"})).rows() == X.rows());
  CHECK(none.return_na_data(X.select({"full"})).rows() == 0);
}

}  // namespace impute_drop_missing_data_test
