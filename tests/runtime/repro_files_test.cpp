// The hostile House Prices and Titanic model files kept in
// /work/shared/repro (hp-*.json, tl-*.json, allocbound-*.json) through the
// runtime loader: each is refused with a ModelFormatError or loads and
// predicts with nothing but fepipe errors — and the runtime loader decides
// as the compile-time pipeline type does, predicting the same bits when both
// load. (Some are refused only once the classes' loaders are hardened;
// until then they load and must still fail cleanly when used.)

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "fepipe/core/train_test_split.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"
#include "reliability/checks.hpp"
#include "runtime/runtime_support.hpp"
#include "support/reference.hpp"

namespace runtime_repro_files_test {

namespace {

/// What a model does with a frame: its predictions' bits, or the error kind.
struct Use {
  std::string error;
  Eigen::VectorXd predictions;
  std::vector<double> records;
};

template <class M>
Use use(const M& m, const fepipe::Frame& X) {
  Use u;
  try {
    u.predictions = m.predict(X);
    for (std::size_t r = 0; r < X.rows(); ++r) {
      try {
        u.records.push_back(m.predict_one(fepipe_rel::record_of(X, r)));
      } catch (const fepipe::Error& e) {
        u.records.push_back(-1.0);  // marks an error on this record
        (void)e;
      }
    }
  } catch (const fepipe::Error& e) {
    u.error = fepipe_rel::error_kind(e);
  }
  return u;
}

bool same_use(const Use& a, const Use& b) {
  if (a.error != b.error || a.records.size() != b.records.size() || a.predictions.size() != b.predictions.size())
    return false;
  for (Eigen::Index i = 0; i < a.predictions.size(); ++i)
    if (!fepipe_rel::same_number(a.predictions[i], b.predictions[i])) return false;
  for (std::size_t i = 0; i < a.records.size(); ++i)
    if (!fepipe_rel::same_number(a.records[i], b.records[i])) return false;
  return true;
}

/// Loads `bytes` with the runtime loader and with compile-time type P; both
/// refuse, or both load and behave alike on X.
template <class P>
void check_repro(const std::string& bytes, const fepipe::Frame& X) {
  std::optional<fepipe::DynamicPipeline> runtime;
  std::optional<P> typed;
  std::string runtime_error, typed_error;
  try {
    runtime = fepipe::load_any_model_from_memory(bytes);
  } catch (const fepipe::ModelFormatError& e) {
    runtime_error = e.what();
  }
  try {
    P p;
    fepipe::load_model_from_memory(bytes, p);
    typed = std::move(p);
  } catch (const fepipe::ModelFormatError& e) {
    typed_error = e.what();
  }
  const std::string outcome = runtime ? std::string("loads") : "refused: " + runtime_error;
  MESSAGE(outcome);
  CHECK(runtime.has_value() == typed.has_value());
  if (!runtime_error.empty() && !typed_error.empty()) CHECK(runtime_error == typed_error);
  if (runtime && typed) CHECK(same_use(use(*runtime, X), use(*typed, X)));
}

}  // namespace

TEST_CASE("the shared repro model files: refused or used cleanly, as by the compile-time types") {
  namespace fs = std::filesystem;
  const fs::path dir = "/work/shared/repro";
  if (!fs::is_directory(dir)) {
    MESSAGE("no " << dir << ": nothing to replay");
    return;
  }
  const auto house = house_prices::load(fepipe_test::data_path("houseprice.csv"));
  const auto passengers = titanic::load(fepipe_test::data_path("titanic.csv"));
  const fepipe::Frame house_rows = house.first.head(40);
  const fepipe::Frame passenger_rows = passengers.first.head(40);
  int files = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    const std::string name = f.path().filename().string();
    if (f.path().extension() != ".json") continue;
    std::ifstream in(f.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    INFO(name);
    if (name.rfind("hp-", 0) == 0 || name.rfind("allocbound-hp", 0) == 0) {
      check_repro<decltype(house_prices::make_pipeline())>(bytes, house_rows);
    } else if (name.rfind("tl-", 0) == 0) {
      check_repro<decltype(titanic::make_logit_pipeline())>(bytes, passenger_rows);
    } else {
      continue;
    }
    ++files;
  }
  CHECK(files >= 1);
}

}  // namespace runtime_repro_files_test
