#pragma once
// Shared by the serve family's tests: the course models fitted once per
// process by the CLI (as tests/cli does), their data as JSON records, and
// helpers to call the service and read its answers.

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "fepipe/serve/server.hpp"  // first: spec hooks for the registry
#include "cli/cli_support.hpp"
#include "house_prices_pipeline.hpp"
#include "titanic_pipeline.hpp"

namespace serve_support {

namespace fs = std::filesystem;
using fepipe::detail::JsonValue;

inline std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) (s += s.empty() ? "" : ",") += n;
  return s;
}

inline const std::string kSmallSpec = R"({"steps": [
  ["imp", {"class": "MeanMedianImputer", "imputation_method": "mean", "variables": ["LotFrontage"]}],
  ["cat", {"class": "CategoricalImputer", "imputation_method": "missing", "variables": ["Neighborhood"]}],
  ["ord", {"class": "OrdinalEncoder", "encoding_method": "arbitrary", "variables": ["Neighborhood"]}],
  ["lasso", {"class": "Lasso", "alpha": ALPHA}]]})";
inline const std::string kSmallFeatures = "LotFrontage,GrLivArea,Neighborhood";

/// The course models and two small House Prices models of built-in classes,
/// fitted once per process (cli_support::fepipe_run, the course specs of examples/).
struct Models {
  cli_support::Dir dir{"fepipe_serve_test"};
  std::string house, titanic_gbm, small_a, small_b;
  Models() {
    Models& r = *this;
    const std::string examples = FEPIPE_DATA_DIR "/../examples";
    auto fit = [&](std::vector<std::string> args) {
      const cli_support::Result res = cli_support::fepipe_run(std::move(args));
      REQUIRE_MESSAGE(res.code == 0, res.err);
    };
    r.house = r.dir / "house.fpm";
    fit({"fit", examples + "/house_prices_spec.json", FEPIPE_DATA_DIR "/houseprice.csv", "--target", "SalePrice",
         "--log-target", "--categorical", "MSSubClass", "--features", joined(house_prices::kFeatures), "-o", r.house});
    r.titanic_gbm = r.dir / "titanic_gbm.fpm";
    fit({"fit", examples + "/titanic_gbm_spec.json", FEPIPE_DATA_DIR "/titanic.csv", "--target", "survived",
         "--na-values", "?", "-o", r.titanic_gbm});
    for (auto [path, alpha] : {std::pair{&r.small_a, "0.001"}, std::pair{&r.small_b, "0.5"}}) {
      std::string spec = kSmallSpec;
      spec.replace(spec.find("ALPHA"), 5, alpha);
      cli_support::write(r.dir / "small.json", spec);
      *path = r.dir / (std::string("small_") + alpha + ".fpm");
      fit({"fit", r.dir / "small.json", FEPIPE_DATA_DIR "/houseprice.csv", "--target", "SalePrice", "--log-target",
           "--features", kSmallFeatures, "-o", *path});
    }
  }
};

inline const Models& models() {
  static const Models m;
  return m;
}

/// `data` read with the model's input-schema kinds (as `fepipe predict`).
inline fepipe::Frame model_frame(const fepipe::DynamicPipeline& model, const std::string& data,
                                 std::vector<std::string> na_values = {}) {
  fepipe::CsvOptions o = fepipe::cli::detail::schema_csv_options(model.input_schema());
  o.na_values = std::move(na_values);
  return fepipe::read_csv(data, o);
}

/// Row `r` of `X` as a JSON record {column: value} (numbers in their
/// shortest round-trip text, labels as strings, missing as null).
inline std::string json_record(const fepipe::Frame& X, std::size_t r) {
  std::string o = "{";
  const auto names = X.schema().names();
  for (std::size_t j = 0; j < names.size(); ++j) {
    const fepipe::Column& c = X[names[j]];
    o += (j ? ", " : "") + fepipe::detail::json_quote(names[j]) + ": ";
    if (c.is_numeric()) {
      const double x = X.numeric(names[j])[r];
      if (std::isnan(x))
        o += "null";
      else
        fepipe::cli::detail::append_number(o, x);
    } else {
      const auto code = c.codes()[r];
      o += code < 0 ? "null" : fepipe::detail::json_quote(c.labels()[static_cast<std::size_t>(code)]);
    }
  }
  return o + "}";
}

inline std::string instances(const fepipe::Frame& X, std::size_t from, std::size_t count) {
  std::string o = "{\"instances\": [";
  for (std::size_t r = from; r < from + count; ++r) o += (r > from ? ", " : "") + json_record(X, r);
  return o + "]}";
}

inline JsonValue parse(const std::string& body) { return fepipe::detail::parse_spec_json(body); }

inline const JsonValue& member(const JsonValue& o, std::string_view key) {
  for (std::size_t i = 0; i < o.keys.size(); ++i)
    if (o.keys[i] == key) return o.items[i];
  FAIL("no key '" << key << "' in " << fepipe::detail::json_dump(o));
  return o;
}

inline double number(const JsonValue& v) {
  double x = 0;
  REQUIRE(v.to_double(x));
  return x;
}

/// Bit-for-bit equality (NaN equals NaN).
inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

inline fepipe::serve::Reply post(fepipe::serve::Service& s, const std::string& path, const std::string& body,
                                 std::string_view key = {}) {
  return s.handle({"POST", path, body, key});
}
inline fepipe::serve::Reply get(fepipe::serve::Service& s, const std::string& path) {
  return s.handle({"GET", path, {}, {}});
}

/// Replaces `to` with a copy of `from` atomically (a rename, as deployments do).
inline void replace_file(const std::string& from, const std::string& to) {
  const std::string tmp = to + ".tmp";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing);
  fs::rename(tmp, to);
}

}  // namespace serve_support
