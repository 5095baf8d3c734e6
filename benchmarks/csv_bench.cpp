// read_csv throughput on generated text: a wide file (10k, 40k and 100k
// columns, 4 rows: the cost per column, which must stay linear in the column
// count), a long file (200,000 rows of 8 columns: rows/s and MB/s), and the
// number parser alone on the kinds of fields data files hold (short
// decimals, integers, 17-digit Python reprs, long or out-of-range numbers),
// next to detail::parse_double (core/detail/format.hpp) for comparison.
//
//   csv_bench --benchmark_filter=wide      # or long, or number
//
// Counters: items_per_second counts columns (wide), rows (long) or fields
// (number); bytes_per_second is the CSV text read.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fepipe/core/detail/format.hpp"
#include "fepipe/io/csv.hpp"

using namespace fepipe;

namespace {

/// A header of `cols` names and `rows` rows cycling through numbers, labels
/// and missing fields (a column is numeric or categorical by its index).
std::string wide_csv(std::size_t cols, std::size_t rows) {
  std::string text;
  for (std::size_t c = 0; c < cols; ++c) {
    if (c) text += ',';
    text += "feature_" + std::to_string(c);
  }
  text += '\n';
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      if (c) text += ',';
      if ((c + r) % 11 == 0) continue;  // missing
      if (c % 3 == 2)
        text += "cat_" + std::to_string((c * 7 + r) % 5);
      else
        text += std::to_string(static_cast<double>(c * 31 + r) / 8.0).substr(0, 6);
    }
    text += '\n';
  }
  return text;
}

/// 8 columns the way data files hold them: an id, an integer, a short
/// decimal, a 17-digit repr, a label, a float with missing values, a quoted
/// label holding a comma, a scientific number.
std::string long_csv(std::size_t rows) {
  std::mt19937_64 rng(20240611);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const char* labels[] = {"RL", "RM", "FV", "RH", "C (all)"};
  std::string text = "id,year,price,score,zone,frontage,note,rate\n";
  detail::PythonFloatRepr repr;
  for (std::size_t r = 0; r < rows; ++r) {
    const double u = unit(rng);
    text += std::to_string(r);
    text += ',' + std::to_string(1900 + static_cast<int>(u * 110));
    text += ',' + std::to_string(static_cast<int>(u * 5000)) + '.' + std::to_string(r % 100);
    text += ',';
    text += repr.format(unit(rng));
    text += ',';
    text += labels[r % 5];
    text += ',';
    if (r % 6 != 0) text += std::to_string(static_cast<int>(u * 300)) + ".0";
    text += r % 4 == 0 ? ",\"a, b\"" : ",plain";
    text += ',';
    text += repr.format(unit(rng) * 1e-7);
    text += '\n';
  }
  return text;
}

void BM_read_csv_wide(benchmark::State& state) {
  const auto cols = static_cast<std::size_t>(state.range(0));
  const std::string text = wide_csv(cols, 4);
  for (auto _ : state) {
    Frame f = read_csv_string(text);
    benchmark::DoNotOptimize(f);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cols));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_read_csv_wide)->Arg(10'000)->Arg(40'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_read_csv_long(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const std::string text = long_csv(rows);
  for (auto _ : state) {
    Frame f = read_csv_string(text);
    benchmark::DoNotOptimize(f);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_read_csv_long)->Arg(200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Fields of one kind, 4096 of them, and their total length.
std::vector<std::string> number_fields(int kind) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  detail::PythonFloatRepr repr;
  std::vector<std::string> out;
  for (int i = 0; i < 4096; ++i) {
    const double u = unit(rng);
    switch (kind) {
      case 0: out.push_back(std::to_string(static_cast<int>(u * 1e6))); break;                    // integers
      case 1: out.push_back(std::to_string(static_cast<int>(u * 1e4)) + "." + std::to_string(i % 97)); break;
      case 2: out.emplace_back(repr.format(u)); break;                                                // 17 digits
      case 3: out.emplace_back(repr.format(u * 1e-300)); break;                                       // tiny
      default: out.push_back("0." + std::string(40, '0') + std::to_string(i + 1) + "e40"); break;    // long
    }
  }
  return out;
}

template <bool csv_parser>
void BM_number(benchmark::State& state) {
  const auto fields = number_fields(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (const auto& f : fields) bytes += f.size();
  for (auto _ : state) {
    double sum = 0.0;
    for (const auto& f : fields) {
      double v = 0.0;
      if constexpr (csv_parser)
        detail::csv_parse_number(f, v);
      else
        detail::parse_double(f, v);
      sum += v;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(fields.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}
// Arg: 0 integers, 1 short decimals, 2 17-digit reprs, 3 tiny reprs, 4 long mantissas.
BENCHMARK(BM_number<true>)->Name("BM_number_csv_parse_number")->DenseRange(0, 4);
BENCHMARK(BM_number<false>)->Name("BM_number_format_parse_double")->DenseRange(0, 4);

}  // namespace

BENCHMARK_MAIN();
