#pragma once
// The fuzz targets' entry points, shared by the libFuzzer driver
// (fuzz_main.cpp) and the regression replay of the ordinary test suite
// (tests/reliability/fuzz_regression_test.cpp), so that a reproducer kept in
// tests/fuzz/regression/<target>/ is replayed through exactly the code that
// found it.
//
// Each entry point accepts any bytes. An expected failure is a fepipe::Error
// and is swallowed; a broken property throws fepipe_rel::Defect; any other
// exception, crash or sanitizer report is a defect as well.
//
// Input layouts (what the seeds in tests/fuzz/corpus/ follow):
//   model_json    "<type>\n" then a model file: loaded as is. <type> is a
//                 catalogue type name (a class's type_name, or a course
//                 pipeline's label), so reproducers survive catalogue edits.
//   model_binary  "<type>\n", one flag byte, then a model file; flag bit 0
//                 set = overwrite the last 8 bytes with the right checksum,
//                 so mutations reach the decoder instead of stopping at the
//                 checksum test.
//   csv           one options byte, then CSV text; the parsed frame is also
//                 fitted by two catalogue classes chosen by a second byte,
//                 with every property of checks.hpp.
//   predict_one   one byte choosing a course pipeline, then one tagged value
//                 per input column (see decode_record).

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"
#include "reliability/any_model.hpp"
#include "reliability/checks.hpp"
#include "reliability/frames.hpp"

namespace fepipe_fuzz {

using fepipe_rel::AnyModel;
using fepipe_rel::Defect;

inline std::string_view as_text(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// The first catalogue entry of each loadable type, by type name.
inline const fepipe_rel::Entry* loadable(std::string_view type) {
  for (const auto& e : fepipe_rel::catalogue())
    if (e.type_name == type) return &e;
  return nullptr;
}

/// Splits "<type>\n<rest>"; nullopt when the type is unknown.
inline std::optional<std::pair<const fepipe_rel::Entry*, std::string_view>> split_type(std::string_view in) {
  const std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  const fepipe_rel::Entry* e = loadable(in.substr(0, nl));
  if (!e) return std::nullopt;
  return std::pair{e, in.substr(nl + 1)};
}

/// Loads `file` into the entry's type; a model that loads is then used.
inline void load_and_use(const fepipe_rel::Entry& e, std::string_view file) {
  static thread_local std::map<std::string, std::unique_ptr<AnyModel>> prototypes;
  auto& proto = prototypes[e.label];
  if (!proto) proto = e.make();
  std::unique_ptr<AnyModel> m;
  try {
    m = proto->load(file);
  } catch (const fepipe::ModelFormatError&) {
    return;  // the one error a file may cause
  }
  // A loaded model is usable: whatever the file held, using the model raises
  // fepipe errors only, and saving it again reproduces a loadable file.
  try {
    fepipe_rel::exercise_loaded(*m);
  } catch (const fepipe::Error&) {
  }
  const std::string again = m->save(fepipe::ModelFormat::binary);
  try {
    (void)m->load(again);
  } catch (const fepipe::ModelFormatError& x) {
    throw Defect(std::string(e.label) + ": a loaded model saves to a file it cannot load: " + x.what());
  }
}

inline void model_json(std::span<const std::uint8_t> bytes) {
  const auto parts = split_type(as_text(bytes));
  if (!parts) return;
  load_and_use(*parts->first, parts->second);
}

inline void model_binary(std::span<const std::uint8_t> bytes) {
  const auto parts = split_type(as_text(bytes));
  if (!parts || parts->second.empty()) return;
  const bool fix_checksum = (static_cast<unsigned char>(parts->second[0]) & 1u) != 0;
  std::string file(parts->second.substr(1));
  if (fix_checksum && file.size() > fepipe::detail::checksum_bytes) {
    const std::size_t body = file.size() - fepipe::detail::checksum_bytes;
    const std::uint64_t sum = fepipe::detail::fnv1a64(std::string_view(file).substr(0, body));
    for (std::size_t i = 0; i < fepipe::detail::checksum_bytes; ++i)
      file[body + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  }
  load_and_use(*parts->first, file);
}

/// Light catalogue entries the csv target fits on what it parsed.
inline const std::vector<std::string>& csv_followers() {
  static const std::vector<std::string> v = {"MeanMedianImputer", "CategoricalImputer(frequent)",
                                             "OrdinalEncoder(arbitrary,encode)", "OneHotEncoder",
                                             "AddMissingIndicator", "EqualWidthDiscretiser",
                                             "MinMaxScaler", "DropConstantFeatures",
                                             "CountFrequencyEncoder(frequency,raise)", "Winsorizer"};
  return v;
}

inline void csv(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return;
  const unsigned opt = bytes[0], follow = bytes[1];
  static constexpr char delimiters[] = {',', ';', '\t', '|'};
  fepipe::CsvOptions o;
  o.delimiter = delimiters[opt & 3u];
  o.keep_default_na = (opt & 4u) != 0;
  if (opt & 8u) o.na_values = {"?"};
  if (opt & 16u) o.kinds = {{"a", (opt & 32u) ? fepipe::Kind::numeric : fepipe::Kind::categorical}};
  if (opt & 64u) o.usecols = {"a"};
  const std::string_view text = as_text(bytes.subspan(2));
  fepipe::Frame f;
  try {
    f = fepipe::read_csv_string(text, o);
  } catch (const fepipe::Error&) {
    return;
  }
  for (std::size_t c = 0; c < f.cols(); ++c)
    if (f.column(c).size() != f.rows()) throw Defect("read_csv: a column's length differs from the frame's");
  if (f.rows() == 0 || f.cols() == 0) return;
  // What was parsed is a frame like any other: fit two classes on it.
  const auto& names = csv_followers();
  for (std::size_t k : {follow % names.size(), (follow / names.size()) % names.size()}) {
    const auto& e = fepipe_rel::entry(names[k]);
    auto m = e.make();
    try {
      m->fit(f, nullptr);
    } catch (const fepipe::Error&) {
      continue;
    }
    fepipe_rel::check_fitted(*m, f, e.row_wise, 4);
  }
}

/// The course pipelines predict_one fuzzes, fitted once on their data.
inline const std::vector<std::string>& predict_one_pipelines() {
  static const std::vector<std::string> v = {"HousePricesPipeline", "TitanicGbmPipeline", "TitanicLogitPipeline"};
  return v;
}

inline const AnyModel& fitted_pipeline(const std::string& label) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<AnyModel>> fitted;
  std::lock_guard lock(mu);
  auto& m = fitted[label];
  if (!m) {
    const auto& e = fepipe_rel::entry(label);
    const auto& [X, y] = fepipe_rel::course_data(e.dataset);
    m = e.make();
    m->fit(X, &y);
  }
  return *m;
}

/// Reads bytes from the front of a span; zeros once it is exhausted.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> b) : b_(b) {}
  bool empty() const noexcept { return pos_ >= b_.size(); }
  std::uint8_t byte() noexcept { return pos_ < b_.size() ? b_[pos_++] : 0; }
  std::string_view bytes(std::size_t n) noexcept {
    n = std::min(n, b_.size() - std::min(pos_, b_.size()));
    std::string_view s(reinterpret_cast<const char*>(b_.data()) + std::min(pos_, b_.size()), n);
    pos_ += n;
    return s;
  }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

/// One value per input column, each a tag byte and its payload:
///   0 any double (8 raw bytes: NaN payloads, denormals, infinities)
///   1 an extreme value (±1e308, ±inf, denormals, -0.0, NaN), by index
///   2 missing
///   3 a label of arbitrary bytes (length byte, then the bytes)
///   4 a category seen at fit, by index
///   5 a small integer (byte − 128)
///   6 the column's value in a row of the course data (row = 2 bytes)
///   7 NaN as a number (a missing label for categorical columns)
/// Once the input is exhausted, values come from row 0 of the data.
inline std::vector<fepipe::Value> decode_record(Reader& in, const fepipe::Schema& schema, const fepipe::Frame& data) {
  std::vector<fepipe::Value> rec;
  rec.reserve(schema.size());
  auto from_data = [&](std::size_t j, std::size_t row) -> fepipe::Value {
    const fepipe::Column& col = data[schema[j].name];
    row %= data.rows();
    if (col.is_numeric()) return col.values()[row];
    return col.codes()[row] < 0 ? fepipe::Value::missing() : fepipe::Value(col.label(col.codes()[row]));
  };
  for (std::size_t j = 0; j < schema.size(); ++j) {
    if (in.empty()) {
      rec.push_back(from_data(j, 0));
      continue;
    }
    switch (in.byte() % 8) {
      case 0: {
        std::uint64_t bits = 0;
        const auto raw = in.bytes(8);
        std::memcpy(&bits, raw.data(), raw.size());
        rec.emplace_back(std::bit_cast<double>(bits));
        break;
      }
      case 1:
        rec.emplace_back(fepipe_rel::extreme_values()[in.byte() % fepipe_rel::extreme_values().size()]);
        break;
      case 2:
        rec.push_back(fepipe::Value::missing());
        break;
      case 3:
        rec.emplace_back(in.bytes(in.byte() % 64));
        break;
      case 4: {
        const auto& cats = schema[j].categories;
        rec.push_back(cats.empty() ? fepipe::Value("x") : fepipe::Value(cats[in.byte() % cats.size()]));
        break;
      }
      case 5:
        rec.emplace_back(static_cast<double>(in.byte()) - 128.0);
        break;
      case 6: {
        const std::size_t row = in.byte() * 256u + in.byte();
        rec.push_back(from_data(j, row));
        break;
      }
      default:
        rec.emplace_back(std::numeric_limits<double>::quiet_NaN());
        break;
    }
  }
  return rec;
}

/// The record as a one-row frame, when every value fits its column's kind
/// (a label in a numeric column, or a number in a categorical one, cannot
/// be put in a Frame: the record path must reject it with a SchemaError).
inline std::optional<fepipe::Frame> record_frame(std::span<const fepipe::Value> rec, const fepipe::Schema& schema) {
  fepipe::Frame f(1);
  for (std::size_t j = 0; j < schema.size(); ++j) {
    const fepipe::Value& v = rec[j];
    if (schema[j].kind == fepipe::Kind::numeric) {
      if (v.is_label()) return std::nullopt;
      f.add(schema[j].name, fepipe::Column::numeric({v.is_number() ? v.number() : std::numeric_limits<double>::quiet_NaN()}));
    } else {
      if (v.is_number() && !std::isnan(v.number())) return std::nullopt;
      if (v.is_label())
        f.add(schema[j].name, fepipe::Column::categorical({0}, {std::string(v.label())}));
      else
        f.add(schema[j].name, fepipe::Column::categorical({fepipe::Column::missing_code}, {}));
    }
  }
  return f;
}

inline void predict_one(std::span<const std::uint8_t> bytes) {
  Reader in(bytes);
  const auto& names = predict_one_pipelines();
  const std::string& label = names[in.byte() % names.size()];
  const AnyModel& m = fitted_pipeline(label);
  const fepipe::Schema schema = m.input_schema();
  const auto rec = decode_record(in, schema, fepipe_rel::course_data(fepipe_rel::entry(label).dataset).first);

  // Positional record path.
  std::vector<fepipe_rel::Cell> cells;
  std::string error;
  try {
    cells = m.apply_row(rec);
  } catch (const fepipe::Error& e) {
    error = fepipe_rel::error_kind(e);
  }
  // Named record, columns in reverse order: the same answer.
  std::vector<std::pair<std::string_view, fepipe::Value>> named;
  for (std::size_t j = schema.size(); j-- > 0;) named.emplace_back(schema[j].name, rec[j]);
  try {
    const double p = m.apply_named(named);
    if (!error.empty()) throw Defect(label + ": the named record predicts, the positional one throws " + error);
    if (!fepipe_rel::same_number(p, cells.at(0).number))
      throw Defect(label + ": named and positional records predict differently");
  } catch (const fepipe::Error& e) {
    if (fepipe_rel::error_kind(e) != error)
      throw Defect(label + ": the named record throws " + fepipe_rel::error_kind(e) + ", the positional one " +
                   (error.empty() ? "returns" : error));
  }
  // The batch path on the same record as a one-row frame: the same answer.
  if (auto f = record_frame(rec, schema)) {
    fepipe_rel::check_row_path(m, *f, 0);
  } else if (error != "SchemaError") {
    throw Defect(label + ": a value of the wrong kind gives " + (error.empty() ? "a prediction" : error) +
                 " instead of a SchemaError");
  }
}

/// Every target by name, for the driver and the regression replay.
using EntryPoint = void (*)(std::span<const std::uint8_t>);
inline const std::vector<std::pair<std::string, EntryPoint>>& targets() {
  static const std::vector<std::pair<std::string, EntryPoint>> t = {
      {"model_json", &model_json}, {"model_binary", &model_binary}, {"csv", &csv}, {"predict_one", &predict_one}};
  return t;
}

}  // namespace fepipe_fuzz
