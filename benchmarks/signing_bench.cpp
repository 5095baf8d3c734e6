// Signed model files (fepipe/io/signing.hpp): the cost of verifying a
// signature, of signing, and of loading with and without verification.
// The model is a MeanMedianImputer fitted on a wide frame, sized so that
// its file is about 100 KB (JSON and binary each); the same bytes are used
// by every benchmark of a format. Wall-clock time (UseRealTime).
//
//   signing_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Verification of n bytes = BLAKE2b-512 of the bytes (libsodium's AVX2 code:
// about 3 cycles per byte, 150 µs for 100 KB at 2.1 GHz) + one Ed25519
// verification (about 110,000 cycles, 50 µs at 2.1 GHz). The check is
// hashing-bound for large files and never cheaper than the Ed25519 step.

#include <benchmark/benchmark.h>

#include <string>

#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/io/signing.hpp"

using namespace fepipe;

namespace {

/// A fitted imputer whose file in `format` has at least `bytes` bytes.
MeanMedianImputer model_of_size(std::size_t bytes, ModelFormat format) {
  int columns = 64;
  for (;;) {
    Frame f(2);
    for (int j = 0; j < columns; ++j)
      f.add("column_" + std::to_string(j), Column::numeric({0.25 * j, 1.5 * j + 0.125}));
    MeanMedianImputer m;
    m.fit(f);
    const std::size_t size = save_model_to_string(m, format).size();
    if (size >= bytes) return m;
    columns = static_cast<int>(static_cast<double>(columns) * static_cast<double>(bytes) / static_cast<double>(size)) + 1;
  }
}

struct Files {
  std::string unsigned_bytes, signed_bytes;
};

const SigningKey& key() {
  static const SigningKey k = SigningKey::from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  return k;
}
const TrustedKeys& trusted() {
  static const TrustedKeys t{key().public_key()};
  return t;
}

const Files& files(ModelFormat format) {
  static const Files json = [] {
    const std::string u = save_model_to_string(model_of_size(100 * 1024, ModelFormat::json), ModelFormat::json);
    return Files{u, sign_model_bytes(u, key())};
  }();
  static const Files bin = [] {
    const std::string u = save_model_to_string(model_of_size(100 * 1024, ModelFormat::binary), ModelFormat::binary);
    return Files{u, sign_model_bytes(u, key())};
  }();
  return format == ModelFormat::json ? json : bin;
}

ModelFormat format_of(const benchmark::State& state) {
  return state.range(0) == 0 ? ModelFormat::json : ModelFormat::binary;
}

void label(benchmark::State& state, const std::string& bytes) {
  state.SetLabel(std::string(state.range(0) == 0 ? "json " : "binary ") + std::to_string(bytes.size()) + " bytes");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes.size()));
}

/// verify_model_bytes: trailer, trusted key, BLAKE2b of the body, Ed25519.
void BM_verify(benchmark::State& state) {
  const Files& f = files(format_of(state));
  for (auto _ : state) benchmark::DoNotOptimize(verify_model_bytes(f.signed_bytes, trusted()));
  label(state, f.signed_bytes);
}
BENCHMARK(BM_verify)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// sign_model_bytes: BLAKE2b of the body, Ed25519 signature, trailer, copy.
void BM_sign(benchmark::State& state) {
  const Files& f = files(format_of(state));
  for (auto _ : state) benchmark::DoNotOptimize(sign_model_bytes(f.unsigned_bytes, key()));
  label(state, f.unsigned_bytes);
}
BENCHMARK(BM_sign)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// The plain loader on the unsigned file: the baseline.
void BM_load_unsigned(benchmark::State& state) {
  const Files& f = files(format_of(state));
  for (auto _ : state) {
    MeanMedianImputer m;
    load_model_from_memory(f.unsigned_bytes, m);
    benchmark::DoNotOptimize(m);
  }
  label(state, f.unsigned_bytes);
}
BENCHMARK(BM_load_unsigned)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// The plain loader on the signed file: strips the trailer, does not verify.
void BM_load_signed_unverified(benchmark::State& state) {
  const Files& f = files(format_of(state));
  for (auto _ : state) {
    MeanMedianImputer m;
    load_model_from_memory(f.signed_bytes, m);
    benchmark::DoNotOptimize(m);
  }
  label(state, f.signed_bytes);
}
BENCHMARK(BM_load_signed_unverified)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// The verifying loader: signature check, then the same parse.
void BM_load_signed_verified(benchmark::State& state) {
  const Files& f = files(format_of(state));
  for (auto _ : state) {
    MeanMedianImputer m;
    load_model_from_memory(f.signed_bytes, m, trusted());
    benchmark::DoNotOptimize(m);
  }
  label(state, f.signed_bytes);
}
BENCHMARK(BM_load_signed_verified)->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
