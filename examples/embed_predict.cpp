// embed_predict: the smallest useful host application of a fitted pipeline.
//
//   embed_predict <model file> < records.csv > predictions.txt
//
// It loads a House Prices model (JSON or portable binary, as written by the
// house_prices example), then reads records as CSV lines on standard input:
// a header line naming the columns (any order; columns the model does not use
// are ignored), then one record per line. For every record it writes one line
// to standard output: the model's prediction (log SalePrice) printed with 17
// significant digits, so that two runs can be compared bit for bit. A record
// that cannot be predicted gives the line "NA" and a message on standard
// error, and the exit status is then 1.
//
// It includes what prediction needs and nothing else: the Pipeline, model
// loading, the record types and the model's step classes. Each record goes
// through Pipeline::predict_one with a reused Workspace, so after the first
// record no heap allocation happens per prediction.
//
// tools/size/embed_size.sh builds it as a phone or embedded build would
// (-Os, unused sections dropped, stripped) and reports its size; CI builds
// it for x86_64, WebAssembly and through each CMake consumption route
// (tests/package/).

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/io/csv.hpp"         // pandas_default_na_values: missing markers as at training
#include "fepipe/io/model_file.hpp"  // load_model

#include "house_prices_pipeline.hpp"  // the model's type: its steps, two of them written for this model

namespace {

using Model = decltype(house_prices::make_pipeline());

/// Splits one CSV line into `fields` (RFC 4180 quoting within the line:
/// "a,b" is one field, "" inside quotes is a quote). Reuses the strings'
/// storage from line to line.
void split_csv_line(std::string_view line, std::vector<std::string>& fields) {
  std::size_t n = 0;
  std::size_t pos = 0;
  for (;;) {
    if (fields.size() <= n) fields.emplace_back();
    std::string& field = fields[n++];
    field.clear();
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      while (pos < line.size()) {
        const char c = line[pos++];
        if (c != '"') {
          field.push_back(c);
        } else if (pos < line.size() && line[pos] == '"') {
          field.push_back('"');
          ++pos;
        } else {
          break;
        }
      }
    }
    const std::size_t comma = line.find(',', pos);
    field.append(line.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  fields.resize(n);
}

bool parse_number(std::string_view text, double& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
#if defined(__cpp_lib_to_chars)
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
#else
  // libc++ has no floating-point from_chars before LLVM 20. strtod reads the
  // same numbers in the "C" locale, which this program never leaves.
  const std::string copy(text);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <model file> < records.csv\n", argv[0]);
    return 2;
  }
  Model model;
  try {
    model = fepipe::load_model<Model>(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "embed_predict: %s\n", e.what());
    return 1;
  }
  const fepipe::Schema& schema = model.input_schema();

  std::ios::sync_with_stdio(false);
  std::string line;
  std::vector<std::string> fields;
  if (!std::getline(std::cin, line)) {
    std::fprintf(stderr, "embed_predict: no header line on standard input\n");
    return 1;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  split_csv_line(line, fields);

  // Where each input column of the model sits in a record.
  std::vector<std::size_t> field_of;
  for (const fepipe::ColumnSpec& spec : schema) {
    std::size_t i = 0;
    while (i < fields.size() && fields[i] != spec.name) ++i;
    if (i == fields.size()) {
      std::fprintf(stderr, "embed_predict: the header has no column '%s', which the model needs\n",
                   spec.name.c_str());
      return 1;
    }
    field_of.push_back(i);
  }

  std::unordered_set<std::string> missing_markers;
  for (std::string& marker : fepipe::pandas_default_na_values()) missing_markers.insert(std::move(marker));

  const std::string no_field;  // a short line: the absent fields count as empty (missing)
  std::vector<fepipe::Value> record(schema.size());
  fepipe::Workspace workspace;
  std::size_t line_number = 1;
  int status = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    split_csv_line(line, fields);
    try {
      for (std::size_t c = 0; c < schema.size(); ++c) {
        const std::string& text = field_of[c] < fields.size() ? fields[field_of[c]] : no_field;
        if (missing_markers.count(text) != 0) {
          record[c] = fepipe::Value::missing();
        } else if (schema[c].kind == fepipe::Kind::categorical) {
          record[c] = fepipe::Value(std::string_view(text));
        } else {
          double x = 0.0;
          if (!parse_number(text, x))
            throw fepipe::DataError("embed_predict", schema[c].name, "'" + text + "' is not a number");
          record[c] = fepipe::Value(x);
        }
      }
      std::printf("%.17g\n", model.predict_one(record, workspace));
    } catch (const fepipe::Error& e) {
      std::printf("NA\n");
      std::fprintf(stderr, "embed_predict: line %zu: %s\n", line_number, e.what());
      status = 1;
    }
  }
  return status;
}
