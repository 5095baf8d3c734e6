// The model server's logic in-process (fepipe::serve::Service::handle):
// predictions equal to load_any_model's bit for bit on the course models,
// metadata, health, metrics, errors (400, 404, 405, 413), reload by request
// and by file replacement, refused replacements, A/B split and sticky
// routing; and over real loopback sockets: keep-alive requests, httplib's
// 413, and a graceful stop that answers the request in flight.

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fepipe/serve/server.hpp"  // first: spec hooks for the registry
#include "serve/serve_support.hpp"

FEPIPE_REGISTER_STEP(house_prices::ElapsedTime);
FEPIPE_REGISTER_STEP(house_prices::Mapper);
FEPIPE_REGISTER_STEP(titanic::TitanicFeatures);
FEPIPE_REGISTER_STEP(titanic::ExtractLetter);

namespace serve_serve_test {

using namespace serve_support;
using fepipe::serve::Limits;
using fepipe::serve::Registry;
using fepipe::serve::Reply;
using fepipe::serve::Service;
using fepipe::serve::VariantConfig;

const std::string kHouseData = FEPIPE_DATA_DIR "/houseprice.csv";
const std::string kTitanicData = FEPIPE_DATA_DIR "/titanic.csv";

/// Waits (up to 5 s) for `done`; false if it never held.
template <class F>
bool eventually(F done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

/// The predictions of a reply, as doubles.
std::vector<double> predictions(const Reply& r) {
  REQUIRE_MESSAGE(r.status == 200, r.body);
  std::vector<double> out;
  const JsonValue doc = parse(r.body);
  for (const auto& v : member(doc, "predictions").items) out.push_back(number(v));
  return out;
}

std::string error_of(const Reply& r) { return member(parse(r.body), "error").text; }

TEST_CASE("serve: House Prices predictions, one record and batches, equal load_any_model's bit for bit") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"house", "course", m.house, 1.0}}, {}, log);
  Service service(registry);
  const auto model = fepipe::load_any_model(m.house);
  const fepipe::Frame X = model_frame(model, kHouseData);
  const Eigen::VectorXd expected = model.predict(X);
  const auto rows = static_cast<std::size_t>(X.rows());
  REQUIRE(rows == 1460);

  for (std::size_t r = 0; r < rows; ++r) {  // every record alone: predict_one
    const auto p = predictions(post(service, "/v1/models/house:predict", instances(X, r, 1)));
    REQUIRE(p.size() == 1);
    REQUIRE_MESSAGE(same_bits(p[0], expected[static_cast<Eigen::Index>(r)]), "row " << r);
  }
  for (std::size_t from = 0; from < rows; from += 500) {  // batches: predict on a frame
    const std::size_t n = std::min<std::size_t>(500, rows - from);
    const auto p = predictions(post(service, "/v1/models/house:predict", instances(X, from, n)));
    REQUIRE(p.size() == n);
    for (std::size_t i = 0; i < n; ++i)
      REQUIRE_MESSAGE(same_bits(p[i], expected[static_cast<Eigen::Index>(from + i)]), "row " << from + i);
  }
  // A record as a list in input-schema order, and MSSubClass (categorical)
  // given as a JSON number: what the CSV reader reads from the same text.
  std::string list = "{\"instances\": [[";
  const JsonValue rec = parse(json_record(X, 7));
  for (std::size_t j = 0; j < rec.items.size(); ++j) {
    list += j ? ", " : "";
    if (rec.keys[j] == "MSSubClass")
      list += rec.items[j].text;  // the label's digits, unquoted
    else
      list += fepipe::detail::json_dump(rec.items[j]);
  }
  list += "]]}";
  const auto p = predictions(post(service, "/v1/models/house:predict", list));
  CHECK(same_bits(p.at(0), expected[7]));
  // The reply names what answered it.
  const JsonValue reply = parse(post(service, "/v1/models/house:predict", instances(X, 0, 1)).body);
  CHECK(member(reply, "model").text == "house");
  CHECK(member(reply, "variant").text == "course");
  CHECK(member(reply, "model_version").text == "1");
}

TEST_CASE("serve: Titanic GBM predictions and probabilities equal load_any_model's bit for bit") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"titanic", "gbm", m.titanic_gbm, 1.0}}, {}, log);
  Service service(registry);
  const auto model = fepipe::load_any_model(m.titanic_gbm);
  const fepipe::Frame X = model_frame(model, kTitanicData, {"?"});
  const Eigen::VectorXd expected = model.predict(X);
  const Eigen::MatrixXd proba = model.predict_proba(X);
  const auto rows = static_cast<std::size_t>(X.rows());
  auto check = [&](const Reply& r, std::size_t from) {
    const JsonValue doc = parse(r.body);
    const auto& pred = member(doc, "predictions").items;
    const auto& probs = member(doc, "probabilities").items;
    REQUIRE(pred.size() == probs.size());
    for (std::size_t i = 0; i < pred.size(); ++i) {
      const auto row = static_cast<Eigen::Index>(from + i);
      REQUIRE(same_bits(number(pred[i]), expected[row]));
      REQUIRE(probs[i].items.size() == 2);
      REQUIRE(same_bits(number(probs[i].items[0]), proba(row, 0)));
      REQUIRE(same_bits(number(probs[i].items[1]), proba(row, 1)));
    }
  };
  for (std::size_t r = 0; r < rows; r += 3) check(post(service, "/v1/models/titanic:predict", instances(X, r, 1)), r);
  check(post(service, "/v1/models/titanic:predict", instances(X, 0, 1000)), 0);
  check(post(service, "/v1/models/titanic:predict", instances(X, 1000, rows - 1000)), 1000);
}

TEST_CASE("serve: metadata, health, model list, metrics, drift") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"house", "course", m.house, 1.0}, {"small", "a", m.small_a, 1.0}}, {}, log);
  Service service(registry);
  const auto model = fepipe::load_any_model(m.house);

  Reply r = get(service, "/v1/models/house");
  REQUIRE(r.status == 200);
  const JsonValue meta = parse(r.body);
  CHECK(member(meta, "name").text == "house");
  const JsonValue& v = member(meta, "variants").items.at(0);
  CHECK(member(v, "variant").text == "course");
  CHECK(member(v, "version").text == "1");
  CHECK(member(v, "hash").text == fepipe::serve::detail::blake2b_hex(cli_support::slurp(m.house)));
  CHECK(member(v, "hash").text.size() == std::string("blake2b-256:").size() + 64);
  CHECK(number(member(v, "bytes")) == static_cast<double>(fs::file_size(m.house)));
  CHECK(number(member(v, "loaded_at")) > 1.7e9);
  CHECK(member(v, "classifier").boolean == false);
  const auto& schema = member(v, "input_schema").items;
  REQUIRE(schema.size() == model.input_schema().size());
  for (std::size_t i = 0; i < schema.size(); ++i) {
    CHECK(member(schema[i], "name").text == model.input_schema()[i].name);
    CHECK(member(schema[i], "kind").text == std::string(fepipe::to_string(model.input_schema()[i].kind)));
  }
  const auto& steps = member(v, "steps").items;
  REQUIRE(steps.size() == model.size());
  CHECK(member(steps.back(), "class").text == "Lasso");

  r = get(service, "/healthz");
  CHECK(r.status == 200);
  CHECK(member(parse(r.body), "status").text == "ok");
  r = get(service, "/v1/models");
  CHECK(r.body == "{\"models\": [\"house\", \"small\"]}\n");

  const fepipe::Frame X = model_frame(model, kHouseData);
  for (int i = 0; i < 3; ++i) REQUIRE(post(service, "/v1/models/house:predict", instances(X, 0, 2)).status == 200);
  REQUIRE(post(service, "/v1/models/house:predict", R"({"instances": [{"GrLivArea": 1}]})").status == 400);
  REQUIRE(post(service, "/v1/models/house:predict", "{").status == 400);
  r = get(service, "/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
  const std::string& t = r.body;
  const std::string lab = "{model=\"house\",variant=\"course\"";
  CHECK(t.find("# TYPE fepipe_serve_requests_total counter\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_requests_total" + lab + "} 4\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_request_errors_total" + lab + "} 1\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_records_total" + lab + "} 6\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_rejected_requests_total{model=\"house\"} 1\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_requests_total{model=\"small\",variant=\"a\"} 0\n") != std::string::npos);
  CHECK(t.find("# TYPE fepipe_serve_request_duration_seconds histogram\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_request_duration_seconds_bucket" + lab + ",le=\"+Inf\"} 4\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_request_duration_seconds_count" + lab + "} 4\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_model_version" + lab + "} 1\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_reloads_total" + lab + "} 0\n") != std::string::npos);
  CHECK(t.find("fepipe_serve_reload_failures_total" + lab + "} 0\n") != std::string::npos);
  // Every sample line is "name{labels} value" with a number value.
  std::istringstream lines(t);
  std::string line;
  std::size_t samples = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("# ", 0) == 0) continue;
    const auto space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    double x = 0;
    const std::string value = line.substr(space + 1);
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), x);
    REQUIRE_MESSAGE((ec == std::errc() && ptr == value.data() + value.size()), line);
    ++samples;
  }
  CHECK(samples > 40);

  // Drift: every record predicted (6 in batches, 1 alone; not the bad
  // one) counted against the training distribution in the file, as the
  // library's DriftMonitor counts the same records.
  REQUIRE(post(service, "/v1/models/house:predict", instances(X, 2, 1)).status == 200);
  fepipe::DriftMonitor expected(*model.drift_baseline());
  for (int i = 0; i < 3; ++i) expected.observe(X.head(2));
  expected.observe(X.take_rows(std::vector<std::size_t>{2}));
  r = get(service, "/v1/models/house/drift");
  REQUIRE(r.status == 200);
  CHECK(r.body == "{\"model\": \"house\", \"variants\": [{\"variant\": \"course\", \"model_version\": 1, \"drift\": " +
                      expected.report().to_json() + "}]}\n");
  CHECK(member(member(parse(r.body), "variants").items.at(0), "drift").kind == JsonValue::Kind::object);
  CHECK(post(service, "/v1/models/house/drift", "").status == 405);
  // /metrics: the drift families once each, with every variant's samples.
  const std::string t2 = get(service, "/metrics").body;
  CHECK(t2.find("fepipe_drift_records_total" + lab + "} 7\n") != std::string::npos);
  CHECK(t2.find("fepipe_drift_records_total{model=\"small\",variant=\"a\"} 0\n") != std::string::npos);
  CHECK(t2.find("fepipe_drift_psi" + lab + ",column=\"GrLivArea\"} ") != std::string::npos);
  for (const char* family : {"fepipe_drift_records_total", "fepipe_drift_psi", "fepipe_drift_ks", "fepipe_drift_chi2_p",
                             "fepipe_drift_missing_share_change", "fepipe_drift_new_categories_total", "fepipe_drift_level"}) {
    const std::string type = std::string("# TYPE ") + family + " ";
    const auto first = t2.find(type);
    CHECK_MESSAGE(first != std::string::npos, family);
    CHECK_MESSAGE(t2.find(type, first + 1) == std::string::npos, family);
  }
}

TEST_CASE("serve: a model file without a drift baseline serves, and its /drift is 404") {
  const Models& m = models();
  cli_support::Dir dir("fepipe_serve_nobaseline");
  REQUIRE(cli_support::fepipe_run({"convert", m.small_a, dir / "small.json"}).code == 0);
  cli_support::write(dir / "old.json", cli_support::as_version_1(cli_support::slurp(dir / "small.json")));
  std::ostringstream log;
  Registry registry({{"small", "old", dir / "old.json", 1.0}}, {}, log);
  Service service(registry);
  const auto model = fepipe::load_any_model(dir / "old.json");
  CHECK(model.drift_baseline() == nullptr);
  const fepipe::Frame X = model_frame(model, kHouseData);
  CHECK(post(service, "/v1/models/small:predict", instances(X, 0, 3)).status == 200);
  const Reply r = get(service, "/v1/models/small/drift");
  CHECK(r.status == 404);
  CHECK(error_of(r).find("no drift baseline") != std::string::npos);
  CHECK(get(service, "/metrics").body.find("fepipe_drift_") == std::string::npos);
}

TEST_CASE("serve: a bad request gets 400 (or 404/405) with the fepipe message, never a crash") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"house", "course", m.house, 1.0}}, {}, log);
  Service service(registry);
  const auto model = fepipe::load_any_model(m.house);
  const fepipe::Frame X = model_frame(model, kHouseData);
  const std::string good = json_record(X, 0);
  auto record_with = [&](const std::string& column, const std::string& value) {  // record 0, one value replaced
    JsonValue rec = parse(good);
    for (std::size_t j = 0; j < rec.keys.size(); ++j)
      if (rec.keys[j] == column) rec.items[j] = parse(value);
    return fepipe::detail::json_dump(rec);
  };
  auto with = [&](const std::string& column, const std::string& value) {
    return "{\"instances\": [" + record_with(column, value) + "]}";
  };
  auto bad = [&](const std::string& body, std::vector<std::string> words, int status = 400) {
    const Reply r = post(service, "/v1/models/house:predict", body);
    CHECK_MESSAGE(r.status == status, body.substr(0, 100) << " -> " << r.body);
    const std::string e = error_of(r);
    for (const auto& w : words) CHECK_MESSAGE(e.find(w) != std::string::npos, e << " lacks " << w);
  };
  bad("{", {"invalid JSON at offset 1"});
  bad("", {"invalid JSON"});
  bad("[1, 2]", {"expected an object"});
  bad("{\"instances\": 3}", {"\"instances\": [record, ...]"});
  bad("{\"instances\": []}", {"empty"});
  bad("{\"records\": []}", {"unknown key \"records\""});
  bad("{\"instances\": [3]}", {"instance 0", "a record is an object"});
  bad("{\"instances\": [[1, 2]]}", {"instance 0", "needs 37 values"});
  bad(with("GrLivArea", "\"big\""), {"instance 0", "Pipeline", "GrLivArea", "'big'"});
  bad(with("GrLivArea", "true"), {"instance 0", "GrLivArea", "true"});
  bad(with("GrLivArea", "[1]"), {"instance 0", "GrLivArea", "[1]"});
  bad(with("Neighborhood", "{\"a\": 1}"), {"instance 0", "Neighborhood"});
  bad(with("GrLivArea", "1e999"), {"GrLivArea", "out of the double range"});
  bad(R"({"instances": [{"GrLivArea": 1710}]})", {"instance 0", "is missing from the record"});
  bad("{\"instances\": [" + good.substr(0, good.size() - 1) + ", \"Colour\": \"red\"}]}",
      {"instance 0", "Colour", "not an input column"});
  // In a batch: the bad record's index.
  bad("{\"instances\": [" + good + ", " + good + ", " + record_with("YrSold", "\"2008x\"") + "]}",
      {"instance 2", "YrSold", "'2008x'"});
  bad("{\"instances\": [" + good + ", " + record_with("GrLivArea", "false") + "]}", {"instance 1", "GrLivArea"});
  bad("{\"instances\": [" + good + "], \"instances\": []}", {"given twice"});
  bad(std::string(200, '[') + std::string(200, ']'), {"nesting deeper than"});
  bad("{\"instances\": [{\"GrLivArea\": \"\xff\"}]}", {"invalid UTF-8"});
  bad("{\"instances\": [" + good + "], \"request_key\": 5}", {"request_key"});

  CHECK(post(service, "/v1/models/nope:predict", "{}").status == 404);
  CHECK(error_of(post(service, "/v1/models/nope:predict", "{}")).find("models served: house") != std::string::npos);
  CHECK(get(service, "/v1/models/house:predict").status == 405);
  CHECK(post(service, "/healthz", "").status == 405);
  CHECK(get(service, "/nowhere").status == 404);
  CHECK(get(service, "/v1/models/house/unknown").status == 404);
  // The server still answers after all of that.
  CHECK(post(service, "/v1/models/house:predict", "{\"instances\": [" + good + "]}").status == 200);
}

TEST_CASE("serve: request size and batch size limits give 413") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"house", "course", m.house, 1.0}}, {}, log);
  Service service(registry, Limits{.max_request_bytes = 4096, .max_batch = 3});
  const auto model = fepipe::load_any_model(m.house);
  const fepipe::Frame X = model_frame(model, kHouseData);
  CHECK(post(service, "/v1/models/house:predict", instances(X, 0, 3)).status == 200);
  Reply r = post(service, "/v1/models/house:predict", instances(X, 0, 4));
  CHECK(r.status == 413);
  CHECK(error_of(r).find("batch limit of 3") != std::string::npos);
  r = post(service, "/v1/models/house:predict", "{\"instances\": [\"" + std::string(5000, 'x') + "\"]}");
  CHECK(r.status == 413);
  CHECK(error_of(r).find("above the limit of 4096") != std::string::npos);
}

TEST_CASE("serve: the JSON tree of a request is bounded: depth and values, refused before it is built") {
  const Models& m = models();
  std::ostringstream log;
  // The small model: 3 input columns; 2 records at most, so at most
  // 3 + 2 * (1 + 3) = 11 values (body, instances, request_key, records, cells).
  Registry registry({{"small", "a", m.small_a, 1.0}}, {}, log);
  Service service(registry, Limits{.max_request_bytes = std::size_t{1} << 20, .max_batch = 2});
  CHECK(fepipe::serve::detail::max_request_values(2, 3) == 11);
  const auto model = fepipe::load_any_model(m.small_a);
  const fepipe::Frame X = model_frame(model, kHouseData);
  const std::string path = "/v1/models/small:predict";
  auto zeros = [](std::size_t n) {
    std::string s = "[0";
    for (std::size_t i = 1; i < n; ++i) s += ",0";
    return s + "]";
  };

  SUBCASE("exactly at the limit: accepted") {
    const std::string full = "{\"instances\": [" + json_record(X, 0) + ", " + json_record(X, 1) +
                             "], \"request_key\": \"user-1\"}";
    const Reply r = post(service, path, full);
    CHECK_MESSAGE(r.status == 200, r.body);
    // Strings holding the structural characters count for nothing.
    const Reply s = post(service, path, "{\"instances\": [{\"LotFrontage\": null, \"GrLivArea\": 1500, "
                                        "\"Neighborhood\": \"NAmes\"}], \"request_key\": \"a,b[{,\\\"]}[[,,{{\"}");
    CHECK_MESSAGE(s.status == 200, s.body);
    // 11 values that the record check refuses, with its own message: 400, not 413.
    const Reply z = post(service, path, "{\"instances\": [" + zeros(8) + "]}");
    CHECK(z.status == 400);
    CHECK(error_of(z).find("needs 3 values") != std::string::npos);
  }
  SUBCASE("one value more: 413 before parsing") {
    Reply r = post(service, path, "{\"instances\": [" + zeros(9) + "]}");
    CHECK(r.status == 413);
    CHECK(error_of(r).find("more than 11 JSON values") != std::string::npos);
    CHECK(error_of(r).find("batch limit of 2 records of 3 input columns") != std::string::npos);
    // Half a million tiny values under the byte limit: refused the same way.
    r = post(service, path, "{\"instances\": [" + zeros(500000) + "]}");
    CHECK(r.status == 413);
    CHECK(error_of(r).find("JSON values") != std::string::npos);
    // Many records of a few values each are refused as values too, before
    // they are counted as records.
    std::string many = "{\"instances\": [";
    for (int i = 0; i < 20; ++i) many += i ? ", 0" : "0";
    r = post(service, path, many + "]}");
    CHECK(r.status == 413);
    // Invalid JSON of many commas: refused without being parsed.
    r = post(service, path, std::string(1000, ','));
    CHECK(r.status == 413);
  }
  SUBCASE("deep nesting: 400 at the fifth level") {
    // Four levels: a value given as a list is refused by the record check, naming its column.
    Reply r = post(service, path, R"({"instances": [{"LotFrontage": [1], "GrLivArea": 1500, "Neighborhood": "x"}]})");
    CHECK(r.status == 400);
    CHECK(error_of(r).find("LotFrontage") != std::string::npos);
    r = post(service, path, R"({"instances": [{"LotFrontage": [[1]], "GrLivArea": 1500, "Neighborhood": "x"}]})");
    CHECK(r.status == 400);
    CHECK(error_of(r).find("nesting deeper than 4 levels") != std::string::npos);
    r = post(service, path, std::string(100000, '[') + std::string(100000, ']'));
    CHECK(r.status == 400);
    CHECK(error_of(r).find("nesting deeper than 4 levels") != std::string::npos);
    // An unclosed deep prefix too (the scan stops at the fifth level).
    r = post(service, path, "{\"instances\": " + std::string(100000, '{'));
    CHECK(r.status == 400);
    CHECK(error_of(r).find("nesting deeper than 4 levels") != std::string::npos);
  }
  // Counted as rejected before routing; the server still answers.
  CHECK(post(service, path, instances(X, 0, 2)).status == 200);
}

TEST_CASE("serve: reload on request and on file replacement; refused files leave the old model serving") {
  const Models& m = models();
  cli_support::Dir dir("fepipe_serve_reload");
  const std::string served = dir / "small.fpm";
  replace_file(m.small_a, served);
  const auto a = fepipe::load_any_model(m.small_a), b = fepipe::load_any_model(m.small_b);
  const fepipe::Frame X = model_frame(a, kHouseData);
  const Eigen::VectorXd pa = a.predict(X), pb = b.predict(X);
  REQUIRE(!same_bits(pa[0], pb[0]));
  const std::string body = instances(X, 0, 1);

  std::ostringstream log;
  Registry registry({{"small", "s", served, 1.0}}, {}, log);
  Service service(registry);
  fepipe::serve::Variant& variant = *registry.find_model("small")->variants[0];
  auto now = [&] { return predictions(post(service, "/v1/models/small:predict", body)).at(0); };
  CHECK(same_bits(now(), pa[0]));

  SUBCASE("on request") {
    replace_file(m.small_b, served);
    const Reply r = post(service, "/v1/models/small/reload", "");
    CHECK(r.status == 200);
    CHECK(r.body == "{\"reloaded\": [{\"variant\": \"s\", \"version\": 2}], \"failed\": []}\n");
    CHECK(same_bits(now(), pb[0]));
    CHECK(variant.reloads.load() == 1);
    // A corrupt file: refused (422 with the loader's message), B keeps serving.
    cli_support::write(served, "{\"fepipe\": \"not a model\"");
    const Reply bad = post(service, "/v1/models/small/reload", "");
    CHECK(bad.status == 422);
    CHECK(bad.body.find("model file refused") != std::string::npos);
    CHECK(same_bits(now(), pb[0]));
    CHECK(variant.reload_failures.load() == 1);
    CHECK(variant.current()->version == 2);
    CHECK(log.str().find("failed, version 2 keeps serving") != std::string::npos);
    // A file that disappeared: the same.
    fs::remove(served);
    CHECK(post(service, "/v1/models/small/reload", "").status == 422);
    CHECK(same_bits(now(), pb[0]));
  }
  SUBCASE("by file replacement, watched") {
    registry.start_watching(std::chrono::milliseconds(20));
    replace_file(m.small_b, served);
    REQUIRE(eventually([&] { return variant.current()->version == 2; }));
    CHECK(same_bits(now(), pb[0]));
    CHECK(log.str().find("reloaded model 'small' variant 's'") != std::string::npos);
    // A corrupt replacement is refused once (not retried every poll), the
    // old model keeps serving, the failure is counted and logged.
    std::string bytes = cli_support::slurp(m.small_a);
    bytes.resize(bytes.size() / 2);
    cli_support::write(dir / "half.fpm", bytes);
    fs::rename(dir / "half.fpm", served);
    REQUIRE(eventually([&] { return variant.reload_failures.load() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(variant.reload_failures.load() == 1);
    CHECK(variant.current()->version == 2);
    CHECK(same_bits(now(), pb[0]));
    // A good file again: served.
    replace_file(m.small_a, served);
    REQUIRE(eventually([&] { return variant.current()->version == 3; }));
    CHECK(same_bits(now(), pa[0]));
    registry.stop_watching();
    CHECK(variant.reloads.load() == 2);
  }
}

TEST_CASE("serve: with trusted keys, an unsigned or foreign replacement is refused") {
  const Models& m = models();
  cli_support::Dir dir("fepipe_serve_signed");
  using cli_support::fepipe_run;
  REQUIRE(fepipe_run({"keygen", dir / "k1"}).code == 0);
  REQUIRE(fepipe_run({"keygen", dir / "k2"}).code == 0);
  const std::string served = dir / "m.fpm";
  REQUIRE(fepipe_run({"sign", m.small_a, "--key", dir / "k1.key", "-o", dir / "signed_a.fpm"}).code == 0);
  replace_file(dir / "signed_a.fpm", served);
  REQUIRE(fepipe_run({"sign", m.small_b, "--key", dir / "k2.key", "-o", dir / "foreign.fpm"}).code == 0);
  std::ostringstream log;
  fepipe::TrustedKeys keys;
  keys.add_file(dir / "k1.pub");
  Registry registry({{"m", "v", served, 1.0}}, keys, log);
  Service service(registry);
  fepipe::serve::Variant& variant = *registry.find_model("m")->variants[0];
  CHECK(variant.current()->signed_by.size() == 64);
  replace_file(m.small_b, served);  // unsigned
  Reply r = post(service, "/v1/models/m/reload", "");
  CHECK(r.status == 422);
  CHECK(r.body.find("not signed") != std::string::npos);
  replace_file(dir / "foreign.fpm", served);
  r = post(service, "/v1/models/m/reload", "");
  CHECK(r.status == 422);
  CHECK(r.body.find("not a trusted key") != std::string::npos);
  CHECK(variant.current()->version == 1);
  CHECK(variant.current()->hash == fepipe::serve::detail::blake2b_hex(cli_support::slurp(dir / "signed_a.fpm")));
  CHECK(variant.reload_failures.load() == 2);
}

TEST_CASE("serve: A/B split within 3 % of the weights over 10,000 requests; sticky routing by key") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"small", "a", m.small_a, 70}, {"small", "b", m.small_b, 30}}, {}, log);
  Service service(registry);
  const auto a = fepipe::load_any_model(m.small_a), b = fepipe::load_any_model(m.small_b);
  const fepipe::Frame X = model_frame(a, kHouseData);
  const std::string body = instances(X, 3, 1);
  const double pa = a.predict(X)[3], pb = b.predict(X)[3];
  std::map<std::string, int> count;
  for (int i = 0; i < 10000; ++i) {
    const Reply r = post(service, "/v1/models/small:predict", body);
    const JsonValue doc = parse(r.body);
    const std::string variant = member(doc, "variant").text;
    ++count[variant];
    // Each variant answers with its own model.
    REQUIRE(same_bits(number(member(doc, "predictions").items.at(0)), variant == "a" ? pa : pb));
  }
  CHECK(count.size() == 2);
  CHECK(std::abs(count["a"] / 10000.0 - 0.70) <= 0.03);
  CHECK(std::abs(count["b"] / 10000.0 - 0.30) <= 0.03);
  // Per-variant metrics.
  const std::string metrics = get(service, "/metrics").body;
  CHECK(metrics.find("fepipe_serve_requests_total{model=\"small\",variant=\"a\"} " + std::to_string(count["a"]) +
                     "\n") != std::string::npos);
  CHECK(metrics.find("fepipe_serve_requests_total{model=\"small\",variant=\"b\"} " + std::to_string(count["b"]) +
                     "\n") != std::string::npos);

  // Sticky: a key always gets the same variant, by header or by field; keys
  // spread over the variants in proportion to the weights.
  std::map<std::string, int> by_key;
  for (int k = 0; k < 2000; ++k) {
    const std::string key = "user-" + std::to_string(k);
    const std::string first = member(parse(post(service, "/v1/models/small:predict", body, key).body), "variant").text;
    for (int again = 0; again < 2; ++again)
      REQUIRE(member(parse(post(service, "/v1/models/small:predict", body, key).body), "variant").text == first);
    const std::string field = "{\"request_key\": \"" + key + "\", " + body.substr(1);
    REQUIRE(member(parse(post(service, "/v1/models/small:predict", field).body), "variant").text == first);
    ++by_key[first];
  }
  CHECK(std::abs(by_key["a"] / 2000.0 - 0.70) <= 0.05);
}

/// A raw loopback client: connect, send, read until the server closes.
struct RawClient {
  int fd = -1;
  explicit RawClient(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawClient() { ::close(fd); }
  void send(const std::string& s) { REQUIRE(::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size())); }
  std::string read_all() {
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
};

TEST_CASE("serve: over loopback HTTP: keep-alive requests, httplib's 413, graceful stop answers the request in flight") {
  const Models& m = models();
  std::ostringstream log;
  Registry registry({{"house", "course", m.house, 1.0}}, {}, log);
  Service service(registry, Limits{.max_request_bytes = 64 * 1024, .max_batch = 100});
  fepipe::serve::HttpServer server(service, {.host = "127.0.0.1", .port = 0, .threads = 4});
  const int port = server.bind();
  REQUIRE(port > 0);
  std::thread serving([&] { server.serve(); });
  REQUIRE(eventually([&] { return server.running(); }));
  const auto model = fepipe::load_any_model(m.house);
  const fepipe::Frame X = model_frame(model, kHouseData);
  const Eigen::VectorXd expected = model.predict(X);

  {
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    for (std::size_t r = 0; r < 20; ++r) {
      const auto res = client.Post("/v1/models/house:predict", instances(X, r, 1), "application/json");
      REQUIRE(res);
      REQUIRE(res->status == 200);
      CHECK(same_bits(number(member(parse(res->body), "predictions").items.at(0)), expected[static_cast<Eigen::Index>(r)]));
    }
    auto res = client.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    res = client.Post("/v1/models/house:predict", "{\"instances\": [{\"GrLivArea\": \"big\"}]}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    res = client.Put("/v1/models/house:predict", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 405);
    // Above the request limit: refused by httplib before the body is read.
    res = client.Post("/v1/models/house:predict", std::string(100 * 1024, ' '), "application/json");
    REQUIRE(res);
    CHECK(res->status == 413);
  }

  // A request whose body is half sent when stop() is called is still answered.
  const std::string body = instances(X, 5, 1);
  RawClient raw(port);
  raw.send("POST /v1/models/house:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is reading the body
  server.stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  raw.send(body.substr(10));
  const std::string answer = raw.read_all();
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  const auto json_at = answer.find("\r\n\r\n");
  REQUIRE(json_at != std::string::npos);
  CHECK(same_bits(number(member(parse(answer.substr(json_at + 4)), "predictions").items.at(0)), expected[5]));
  serving.join();
  CHECK(!server.running());
}

TEST_CASE("serve: fepipe serve's start-up errors and exit codes") {
  const Models& m = models();
  cli_support::Dir dir("fepipe_serve_run");
  auto run = [](std::vector<std::string> args) {
    args.insert(args.begin(), {"fepipe", "serve"});
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    const int code = fepipe::serve::run(static_cast<int>(argv.size()), argv.data(), out, err);
    return cli_support::Result{code, out.str(), err.str()};
  };
  cli_support::Result r = run({});
  CHECK(r.code == 2);
  CHECK(r.err.find("no model to serve") != std::string::npos);
  r = run({"--model", "house"});
  CHECK(r.code == 2);
  CHECK(r.err.find("NAME=PATH") != std::string::npos);
  r = run({"--model", "house=" + (dir / "none.fpm")});
  CHECK(r.code == 4);
  r = run({"--model", "house=" + m.house + ":0"});
  CHECK(r.code == 2);
  CHECK(r.err.find("weight must be > 0") != std::string::npos);
  cli_support::write(dir / "bad.fpm", "garbage");
  r = run({"--model", "house=" + (dir / "bad.fpm")});
  CHECK(r.code == 3);
  CHECK(r.err.find("model file refused") != std::string::npos);
  REQUIRE(cli_support::fepipe_run({"keygen", dir / "k"}).code == 0);
  r = run({"--model", "house=" + m.house, "--trusted-key", dir / "k.pub"});
  CHECK(r.code == 3);
  CHECK(r.err.find("not signed") != std::string::npos);
  r = run({"--port", "99999", "--model", "house=" + m.house});
  CHECK(r.code == 2);
  r = run({"--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("--trusted-key") != std::string::npos);
  // An A/B config file: names, relative paths, weights; a bad one is a usage error.
  fs::copy_file(m.small_a, dir / "a.fpm");
  cli_support::write(dir / "ab.json", R"({"models": [{"name": "small", "variants": [
      {"name": "a", "path": "a.fpm", "weight": 90}, {"name": "b", "path": ")" + m.small_b + R"(", "weight": 10}]}]})");
  const auto configs = fepipe::serve::detail::parse_config(dir / "ab.json");
  REQUIRE(configs.size() == 2);
  CHECK(configs[0].path == dir / "a.fpm");
  CHECK(configs[0].weight == 90);
  CHECK(configs[1].variant == "b");
  cli_support::write(dir / "bad.json", R"({"models": [{"name": "small"}]})");
  r = run({"--config", dir / "bad.json"});
  CHECK(r.code == 2);
  CHECK(r.err.find("variants") != std::string::npos);
  const auto flag = fepipe::serve::detail::parse_model_flag("house=/m/v2.fpm:25");
  CHECK(flag.model == "house");
  CHECK(flag.path == "/m/v2.fpm");
  CHECK(flag.variant == "v2");
  CHECK(flag.weight == 25);
}

}  // namespace serve_serve_test
