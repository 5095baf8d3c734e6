// #17 friction 5: a NaN made by an encoder from an unseen category, refused
// by a later step, is reported with its origin: the encoder, the category
// and the option that changes it (feature-engine warns "NaN values were
// introduced in the feature(s)" at the encoder).

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "support/alloc_counter.hpp"

namespace pipelines_missing_origin_test {

using namespace fepipe;

namespace {

Frame training() {
  return read_csv_string("city,size\nParis,1\nLyon,2\nParis,3\nNice,4\nLyon,5\nNice,6\n");
}
Target target() { return Target{{1.0, 2.0, 1.5, 3.0, 2.5, 3.5}}; }
auto fitted() {
  Pipeline p(OrdinalEncoder({.encoding_method = OrdinalEncoding::arbitrary, .variables = {"city"}}),
             DecisionTreeRegressor({.max_depth = 2}));
  p.fit(training(), target());
  return p;
}
std::string message_of(auto&& call) {
  try {
    call();
  } catch (const DataError& e) {
    return e.what();
  }
  return "no DataError";
}

}  // namespace

TEST_CASE("a NaN made from an unseen category names the encoder, the category and the option") {
  const auto p = fitted();
  const Frame unseen = read_csv_string("city,size\nParis,1\nMarseille,2\n");
  const std::string batch = message_of([&] { (void)p.predict(unseen); });
  INFO(batch);
  CHECK(batch.find("DecisionTreeRegressor: column 'city': value nan at row 1 is missing") == 0);
  CHECK(batch.find("made missing by OrdinalEncoder: category 'Marseille' was not seen at fit, and unseen = ignore "
                   "encodes such categories as NaN; unseen = encode gives them a number instead") != std::string::npos);

  // The record path says the same, and noting it allocates nothing.
  const std::string one = message_of([&] { (void)p.predict_one({Value("Marseille"), Value(2.0)}); });
  CHECK(one.find("category 'Marseille' was not seen at fit") != std::string::npos);
}

TEST_CASE("noting an unseen category allocates nothing: a model that takes NaN predicts one record allocation-free") {
  // HistGradientBoosting routes missing values, so the unseen category's
  // NaN is a prediction, not an error.
  Pipeline p(OrdinalEncoder({.encoding_method = OrdinalEncoding::arbitrary, .variables = {"city"}}),
             HistGradientBoostingRegressor({.max_iter = 3, .min_samples_leaf = 1}));
  p.fit(training(), target());
  const std::vector<Value> record{Value("Marseille"), Value(2.0)};
  (void)p.predict_one(record);  // sizes the thread's workspace
  std::size_t allocations = 1;
  double y = 0;
  {
    fepipe_test::CountAllocations guard;
    y = p.predict_one(record);
    allocations = guard.count();
  }
  CHECK(std::isfinite(y));
  CHECK(allocations == 0);
}

TEST_CASE("the note belongs to its call: a NaN the data already held gets none") {
  const auto p = fitted();
  (void)message_of([&] { (void)p.predict(read_csv_string("city,size\nMarseille,2\n")); });  // leaves a note
  // Then a missing city in the data itself: the tree's own message only.
  const std::string raw = message_of([&] { (void)p.predict(read_csv_string("city,size\nParis,1\n,2\n")); });
  INFO(raw);
  CHECK(raw.find("missing value") != std::string::npos);
  CHECK(raw.find("made missing by") == std::string::npos);
  // The note goes to an error about its own column only: with an unseen
  // city and a missing size, whichever the tree reports first.
  const std::string both = message_of([&] { (void)p.predict(read_csv_string("city,size\nMarseille,\n")); });
  INFO(both);
  const bool about_city = both.find("column 'city'") != std::string::npos;
  const bool noted = both.find("made missing by") != std::string::npos;
  CHECK(about_city == noted);
}

}  // namespace pipelines_missing_origin_test
