// ignore_format: numeric variables encoded as categories, each number being
// the category named by Python's repr of it. The label formatter against
// core's python_float_repr, and OrdinalEncoder / RareLabelEncoder with
// ignore_format against feature-engine 1.6.2
// (tools/reference/catalogue_impute_encode.py).

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "fepipe/core/detail/format.hpp"
#include "fepipe/encode/detail/encoding.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "support/learned_checks.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace encode_ignore_format_test {

using namespace fepipe;

namespace {

const Frame& house() {
  static const Frame X = fepipe_test::read_input_frame("ordinal_encoder_ignore_format_house");
  return X;
}
const Target& log_price() {
  static const Target y =
      fepipe_test::target_of(fepipe_test::read_input_frame("mean_encoder_house_target"), "y");
  return y;
}

}  // namespace

TEST_CASE("A number's category label is Python's repr, written without allocating") {
  detail::NumberLabel buf;
  std::vector<double> values{0.0,     1.0,     -1.0,   2.5,    0.1,      1e-05,   0.0001,  1e16,   1e15,
                             123456789012345678.0, 1.5e300, -2.2250738585072014e-308, 5e-324, 9.999999999999999e15,
                             std::numeric_limits<double>::max(), 100.0, 0.30000000000000004, 1e22, 12345.678};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const double x = std::bit_cast<double>(rng());
    if (std::isfinite(x)) values.push_back(x);
    values.push_back(static_cast<double>(static_cast<std::int64_t>(rng() % 2000001) - 1000000) / 8.0);
  }
  for (double x : values) {
    INFO(detail::python_float_repr(x));
    CHECK(buf.format(x) == detail::python_float_repr(x));
  }
  CHECK(buf.format(-0.0) == "0.0");  // one category for both zeros, as pandas groups them
  CHECK(buf.format(HUGE_VAL) == "inf");
  CHECK(buf.format(-HUGE_VAL) == "-inf");
}

TEST_CASE("OrdinalEncoder with ignore_format matches feature-engine (numbers sorted numerically)") {
  for (auto [method, name] : {std::pair{OrdinalEncoding::ordered, "ordered"}, std::pair{OrdinalEncoding::arbitrary, "arbitrary"}}) {
    const std::string ref = "encode/ordinal_encoder_ignore_format_house_" + std::string(name);
    INFO(ref);
    OrdinalEncoder enc({.encoding_method = method, .ignore_format = true});
    enc.fit(house(), &log_price());
    CHECK(enc.variables_ == house().names());  // automatic with ignore_format: every column
    fepipe_test::check_nested_dict(enc.encoder_dict_, ref + "__encoder_dict.csv", 0.0);
    const Frame expected = fepipe_test::read_reference_frame(ref + "__transform.csv");
    fepipe_test::check_frame_close(enc.transform(house().head(expected.rows())), expected, 0.0);
    fepipe_test::check_rows_match_transform(enc, house().head(100));
    fepipe_test::check_transform_roundtrip(enc, house());
    // Codes back to the numbers (and labels) they stand for.
    fepipe_test::require_identical(enc.inverse_transform(enc.transform(house())), house());
  }
  // Without ignore_format a numeric variable is refused.
  CHECK_THROWS_WITH_AS(OrdinalEncoder({.encoding_method = OrdinalEncoding::arbitrary, .variables = {"OverallQual"}})
                           .fit(house()),
                       doctest::Contains("OrdinalEncoder: column 'OverallQual'"), SchemaError);
}

TEST_CASE("RareLabelEncoder with ignore_format matches feature-engine (numbers come out as labels)") {
  const Dict<Kind> as_labels{{"OverallQual", Kind::categorical},
                             {"OverallCond", Kind::categorical},
                             {"MSZoning", Kind::categorical},
                             {"MoSold", Kind::categorical}};
  for (const auto& [tol, n, name] : {std::tuple{0.05, 1, "0.05_1"}, std::tuple{0.1, 3, "0.1_3"}}) {
    const std::string ref = "encode/rare_label_encoder_ignore_format_house_" + std::string(name);
    INFO(ref);
    RareLabelEncoder enc({.tol = tol, .n_categories = n, .ignore_format = true});
    enc.fit(house());
    fepipe_test::check_list_dict(enc.encoder_dict_, ref + "__encoder_dict.csv");
    const Frame expected = fepipe_test::read_reference_frame(ref + "__transform.csv", as_labels);
    const Frame out = enc.transform(house().head(expected.rows()));
    CHECK(out["OverallQual"].is_categorical());
    fepipe_test::check_frame_close(out, expected, 0.0);
    fepipe_test::check_rows_match_transform(enc, house().head(100));
    fepipe_test::check_transform_roundtrip(enc, house());
  }
}

TEST_CASE("ignore_format: missing numbers follow missing_values; hostile number categories are refused") {
  Frame X;
  X.add("n", Column::numeric({1.0, NAN, 2.0, 1.0, -0.0, 0.0}));
  OrdinalEncoder raise_on_nan({.encoding_method = OrdinalEncoding::arbitrary, .ignore_format = true});
  CHECK_THROWS_WITH_AS(raise_on_nan.fit(X), doctest::Contains("OrdinalEncoder: column 'n'"), DataError);
  OrdinalEncoder enc({.encoding_method = OrdinalEncoding::arbitrary,
                      .missing_values = MissingValues::ignore,
                      .unseen = UnseenPolicy::encode,
                      .ignore_format = true});
  enc.fit(X);
  CHECK(enc.encoder_dict_.at("n").keys() == std::vector<std::string>{"1.0", "2.0", "0.0"});
  const Frame out = enc.transform(X);
  CHECK(out.numeric("n")[1] == -1.0);                  // missing → encoded as unseen
  CHECK(out.numeric("n")[4] == out.numeric("n")[5]);   // -0.0 and 0.0: one category
  fepipe_test::check_rows_match_transform(enc, X);
  RareLabelEncoder rare({.tol = 0.3, .n_categories = 1, .missing_values = MissingValues::ignore, .ignore_format = true});
  rare.fit(X);
  const Frame grouped = rare.transform(X);
  CHECK(grouped["n"].is_missing(1));
  fepipe_test::check_rows_match_transform(rare, X);

  // A numeric variable's category must be a number's label.
  const std::string json = save_model_to_string(enc);
  fepipe_test::check_rejected<OrdinalEncoder>(fepipe_test::replaced(json, "\"2.0\"", "\"two\""));
  fepipe_test::check_rejected<OrdinalEncoder>(fepipe_test::replaced(json, "\"2.0\"", "\"2.00\""));
  const std::string rare_json = save_model_to_string(rare);
  fepipe_test::check_rejected<RareLabelEncoder>(fepipe_test::replaced(rare_json, "\"1.0\"", "\"Rare\""));
}

}  // namespace encode_ignore_format_test
