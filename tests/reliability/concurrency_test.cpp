// One fitted pipeline shared by 8 threads (issue 6, scope 3): the House
// Prices pipeline, the Titanic gradient-boosting pipeline and a histogram
// gradient-boosting pipeline (whose batch predict starts threads of its own)
// predicted from 8 threads at once — batch predict, predict_one on
// positional and on named records, probabilities — give bit for bit what one
// thread gives. tools/ci/stages/70-tsan.sh builds this file alone with
// ThreadSanitizer (tests/reliability/tsan/), which must report nothing.
//
// Self-contained on purpose (no catalogue): the TSan build compiles only
// this file.

#include <doctest/doctest.h>

#include <atomic>
#include <bit>
#include <cstdint>
#include <latch>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "house_prices_pipeline.hpp"
#include "titanic_pipeline.hpp"

namespace reliability_concurrency_test {

using fepipe::Frame;
using fepipe::Value;

namespace {

constexpr int n_threads = 8;

// Under ThreadSanitizer every access is instrumented (5-15x slower): fewer
// rows per thread, the same interleavings.
#if defined(__SANITIZE_THREAD__)
constexpr std::size_t max_rows = 120;
#else
constexpr std::size_t max_rows = 600;
#endif

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

/// Everything one thread computes from a fitted pipeline.
struct Results {
  std::vector<double> batch;       // predict(X)
  std::vector<double> positional;  // predict_one(record)
  std::vector<double> named;       // predict_one(name → value pairs)
  std::vector<double> proba;       // predict_proba_one, classifiers only
  bool operator==(const Results& o) const {
    auto eq = [](const std::vector<double>& a, const std::vector<double>& b) {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_bits(a[i], b[i])) return false;
      return true;
    };
    return eq(batch, o.batch) && eq(positional, o.positional) && eq(named, o.named) && eq(proba, o.proba);
  }
};

template <class P>
Results predict_all(const P& pipe, const Frame& X, std::size_t start) {
  Results r;
  const Eigen::VectorXd b = pipe.predict(X);
  r.batch.assign(b.data(), b.data() + b.size());
  const std::size_t n = X.rows();
  r.positional.resize(n);
  r.named.resize(n);
  const auto& schema = pipe.input_schema();
  fepipe::Workspace own;  // every other call uses the thread's own workspace
  for (std::size_t k = 0; k < n; ++k) {
    // Threads start at different rows, so they work on different records
    // at the same moment.
    const std::size_t i = (start + k) % n;
    const auto rec = house_prices::record_of(X, i);
    r.positional[i] = (k % 2 == 0) ? pipe.predict_one(rec) : pipe.predict_one(rec, own);
    std::vector<std::pair<std::string_view, Value>> named;
    for (std::size_t j = schema.size(); j-- > 0;) named.emplace_back(schema[j].name, rec[j]);
    r.named[i] = pipe.predict_one(named);
    if constexpr (P::classifies) {
      double p[2];
      pipe.predict_proba_one(rec, p);
      r.proba.push_back(p[0]);
      r.proba.push_back(p[1]);
    }
  }
  if constexpr (P::classifies) {
    // Order the probabilities by row, whatever the start.
    std::vector<double> by_row(r.proba.size());
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (start + k) % n;
      by_row[2 * i] = r.proba[2 * k];
      by_row[2 * i + 1] = r.proba[2 * k + 1];
    }
    r.proba = std::move(by_row);
  }
  return r;
}

template <class P>
void check_threads_agree(const P& pipe, const Frame& X) {
  const Results reference = predict_all(pipe, X, 0);
  // Batch and record paths agree with each other, too.
  for (std::size_t i = 0; i < X.rows(); ++i) {
    INFO("row " << i);
    REQUIRE(same_bits(reference.positional[i], reference.batch[i]));
    REQUIRE(same_bits(reference.named[i], reference.batch[i]));
  }
  std::vector<Results> results(n_threads);
  std::latch go(n_threads);
  std::vector<std::thread> threads;
  for (int t = 0; t < n_threads; ++t)
    threads.emplace_back([&, t] {
      go.arrive_and_wait();  // all eight start together
      results[static_cast<std::size_t>(t)] = predict_all(pipe, X, static_cast<std::size_t>(t) * X.rows() / n_threads);
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < n_threads; ++t) {
    INFO("thread " << t);
    CHECK(results[static_cast<std::size_t>(t)] == reference);
  }
}

/// The first rows of X with some numeric cells missing, so the threads also
/// share the trees' missing-value paths.
Frame sample(const Frame& X) {
  Frame s = X.head(std::min(max_rows, X.rows()));
  for (std::size_t j = 0; j < s.cols(); ++j) {
    fepipe::Column& c = s.column(j);
    if (c.is_numeric()) {
      auto v = c.mutable_values();
      for (std::size_t i = j % 7; i < v.size(); i += 41) v[i] = std::numeric_limits<double>::quiet_NaN();
    }
  }
  return s;
}

}  // namespace

TEST_CASE("8 threads predicting with one House Prices pipeline agree with one thread") {
  const auto [X, y] = house_prices::load(std::string(FEPIPE_DATA_DIR) + "/houseprice.csv");
  auto pipe = house_prices::make_pipeline();
  pipe.fit(X, y);
  const auto& shared = pipe;  // const, as a server would share it
  check_threads_agree(shared, X.head(std::min(max_rows, X.rows())));
}

TEST_CASE("8 threads predicting with one Titanic gradient-boosting pipeline agree with one thread") {
  const auto [X, y] = titanic::load(std::string(FEPIPE_DATA_DIR) + "/titanic.csv");
  auto pipe = titanic::make_gbm_pipeline();
  pipe.fit(X, y);
  const auto& shared = pipe;
  // Its trees reject missing values outside the imputed columns: clean rows.
  check_threads_agree(shared, X.head(std::min(max_rows, X.rows())));
}

TEST_CASE("8 threads predicting with one histogram gradient-boosting pipeline agree with one thread") {
  using namespace fepipe;
  const auto [X, y] = house_prices::load(std::string(FEPIPE_DATA_DIR) + "/houseprice.csv");
  // n_threads = 0: batch predict splits rows over threads of its own, inside
  // each of the 8 calling threads.
  Pipeline pipe(OrdinalEncoder({.encoding_method = OrdinalEncoding::arbitrary,
                                .missing_values = MissingValues::ignore,
                                .unseen = UnseenPolicy::encode}),
                HistGradientBoostingRegressor({.max_iter = 30, .random_state = 0u, .n_threads = 0}));
  pipe.fit(X, y);
  const auto& shared = pipe;
  check_threads_agree(shared, sample(X));
}

}  // namespace reliability_concurrency_test
