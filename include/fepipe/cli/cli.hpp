#pragma once
/// @file
/// The `fepipe` command-line tool: fit a pipeline spec on a CSV file,
/// predict CSV files of any size with a model file, inspect, convert,
/// validate, and sign model files. `apps/cli/main.cpp` registers the
/// built-in classes and calls `run`; a program with steps of its own
/// registers them too and calls the same `run` (examples/course_cli.cpp).
///
/// Needs CLI11 and libsodium (fepipe/io/signing.hpp). Steps are built from
/// the spec through the registry's spec hooks: include this header (it
/// includes fepipe/runtime/spec.hpp) before fepipe/runtime/builtins.hpp.
///
/// Exit codes: 0 success, 1 data or validation error, 2 usage error, 3 model
/// file refused (malformed, hostile, unsigned or untrusted when a key is
/// required), 4 I/O error (a file that cannot be read or written).

#include <algorithm>
#include <cstring>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "fepipe/runtime/pipeline_spec.hpp"  // spec.hpp before the registry
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/drift/drift.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/io/signing.hpp"
#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/regression.hpp"
#include "fepipe/runtime/dynamic_pipeline.hpp"
#include "fepipe/cli/common.hpp"
#include "fepipe/cli/search_command.hpp"

namespace fepipe::cli {

/// The tool's exit codes.
enum ExitCode : int { ok = 0, data_error = 1, usage_error = 2, model_refused = 3, io_error = 4, drift_found = 5 };

inline constexpr std::string_view exit_codes_help =
    "Exit codes: 0 success, 1 data or validation error, 2 usage error, 3 model file refused, 4 I/O error,\n"
    "5 drift at the --fail-on level (fepipe drift).";

namespace detail {

/// Appends the shortest text that reads back to the same double (`nan`
/// for NaN), with no temporary string: predictions are written this way.
inline void append_number(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "nan";
    return;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, r.ptr);
}

/// Shortest text that reads back to the same double.
inline std::string number(double x) {
  std::string s;
  append_number(s, x);
  return s;
}

inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// Splits CSV text from a stream into records (quote-aware: a newline
/// inside quotes belongs to the field), with the line each record starts
/// on; reads in blocks, so memory is one record plus the block.
class RecordReader {
 public:
  explicit RecordReader(std::istream& in, char quote = '"') : in_(in), quote_(quote) {}

  /// The next non-blank record (without its line end); false at the end.
  bool next(std::string& record, std::size_t& line) {
    record.clear();
    return append_next(record, line);
  }

  /// Appends the next non-blank record (without its line end) to `text`;
  /// false at the end (text unchanged). Whole lines are found with memchr
  /// and copied at once: a record costs a few calls, not one per byte.
  bool append_next(std::string& text, std::size_t& line) {
    const std::size_t start = text.size();
    for (;;) {
      bool in_quotes = false, any = false;
      line = next_line_;
      for (;;) {
        if (pos_ == len_ && !refill()) break;
        any = true;
        const char* from = buf_ + pos_;
        const void* nl = std::memchr(from, '\n', len_ - pos_);
        const std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - from) : len_ - pos_;
        // An odd number of quotes in this piece flips the state: a line
        // break inside quotes belongs to the field.
        if (std::memchr(from, quote_, n) && (std::count(from, from + n, quote_) % 2) != 0) in_quotes = !in_quotes;
        text.append(from, n);
        pos_ += n;
        if (!nl) continue;  // the block ended inside the line
        ++pos_;
        ++next_line_;
        if (!in_quotes) break;
        text += '\n';
      }
      if (!any) {
        text.resize(start);
        return false;
      }
      if (text.size() > start && text.back() == '\r') text.pop_back();
      // A line of only spaces and tabs is blank, as read_csv (and pandas)
      // skip it: it is no record, so it is not counted as one either.
      if (text.find_first_not_of(" \t", start) != std::string::npos) return true;
      text.resize(start);
    }
  }

 private:
  bool refill() {
    in_.read(buf_, sizeof buf_);
    len_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    if (in_.bad()) throw IoError("read error");
    return len_ > 0;
  }
  std::istream& in_;
  char quote_;
  char buf_[1 << 16];
  std::size_t pos_ = 0, len_ = 0;
  std::size_t next_line_ = 1;
};

/// The input-schema kinds, for reading a chunk the way the model was fitted.
inline CsvOptions schema_csv_options(const Schema& schema) {
  CsvOptions o;
  for (const auto& c : schema) {
    o.kinds.insert_or_assign(c.name, c.kind);
    o.usecols.push_back(c.name);
  }
  return o;
}

/// A read_csv message about a one-row chunk, without the chunk's own line.
inline std::string without_chunk_line(std::string what) {
  constexpr std::string_view chunk_line = "line 2 (row 0): ";
  const auto at = what.find(chunk_line);
  if (at != std::string::npos) what.erase(at, chunk_line.size());
  return what;
}

inline TrustedKeys trusted_keys(const std::vector<std::string>& files) {
  TrustedKeys keys;
  for (const auto& f : files) {
    require_file(f);
    keys.add_file(f);
  }
  return keys;
}

inline DynamicPipeline load(const std::string& path, const std::vector<std::string>& trusted) {
  require_file(path);
  if (trusted.empty()) return load_any_model(path);
  return load_model<DynamicPipeline>(path, trusted_keys(trusted));
}

struct Timer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string seconds() const {
    const std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", d.count());
    return buf;
  }
};

// --- commands ----------------------------------------------------------------

struct FitArgs {
  std::string spec, output;
  TrainingDataArgs train;
  double test_size = 0.0;
  unsigned random_state = 0;
  bool has_random_state = false;
};

inline int fit(const FitArgs& a, std::ostream& out, std::ostream& err) {
  Timer total;
  const std::string spec = read_text_file(a.spec);
  DynamicPipeline pipeline = pipeline_from_spec(spec);
  Timer t;
  const TrainingData data = load_training_data(a.train, "fit");
  err << "fepipe fit: read " << data.X.rows() << " rows x " << data.file_columns << " columns in " << t.seconds()
      << "\n";
  const Frame& X = data.X;
  const Target& y = data.y;

  if (a.test_size > 0) {
    SplitOptions so{.test_size = a.test_size};
    if (a.has_random_state) so.random_state = a.random_state;
    const auto split = train_test_split(X, y, so);
    t = {};
    pipeline.fit(split.X_train, split.y_train);
    err << "fepipe fit: fitted " << pipeline.size() << " steps on " << split.X_train.rows() << " rows in "
        << t.seconds() << "\n";
    if (pipeline.classifies()) {
      const Eigen::VectorXd pred = pipeline.predict(split.X_test);
      out << "accuracy " << number(accuracy_score(split.y_test, pred)) << "\n";
      if (pipeline.n_classes() == 2) {
        const Eigen::MatrixXd proba = pipeline.predict_proba(split.X_test);
        out << "roc_auc " << number(roc_auc_score(split.y_test, proba.col(1))) << "\n";
      }
    } else if (pipeline.predicts()) {
      const Eigen::VectorXd pred = pipeline.predict(split.X_test);
      out << "r2 " << number(r2_score(split.y_test, pred)) << "\n";
      out << "rmse " << number(root_mean_squared_error(split.y_test, pred)) << "\n";
    }
  } else {
    t = {};
    pipeline.fit(X, y);
    err << "fepipe fit: fitted " << pipeline.size() << " steps on " << X.rows() << " rows in " << t.seconds() << "\n";
  }
  write_file(a.output, save_model_to_string(pipeline, ::fepipe::detail::format_for_path(a.output)));
  err << "fepipe fit: wrote " << a.output << " (" << total.seconds() << " in all)\n";
  return ok;
}

/// A data file opened for reading in chunks with a model's input kinds
/// (predict, drift): its header row read. IoError when it cannot be opened,
/// DataError (naming `command`) when it is empty.
struct DataFile {
  std::ifstream in;
  RecordReader reader{in};
  std::string header;
  CsvOptions csv;

  DataFile(const std::string& path, const Schema& schema, const CsvArgs& args, const char* command) {
    require_file(path);
    in.open(path, std::ios::binary);
    if (!in) throw IoError("cannot open '" + path + "'");
    csv = schema_csv_options(schema);
    args.apply_to(csv);
    std::size_t line = 0;
    if (!reader.next(header, line)) throw DataError(command, "", path + " is empty: no header row");
  }
  DataFile(const DataFile&) = delete;
  DataFile& operator=(const DataFile&) = delete;
};

/// Reads the records after `header` in chunks of `chunk_rows` and calls
/// `use(Frame)` with each chunk read by `csv` (predict, drift). When a chunk
/// fails — reading it or using it — its rows are retried one by one, and
/// `bad("line N: <error>")` is called for each row that fails: it throws to
/// stop, or returns to skip the row. Returns the number of rows used.
template <class Use, class Bad>
std::size_t for_each_chunk(RecordReader& reader, const std::string& header, const CsvOptions& csv,
                           std::size_t chunk_rows, Use&& use, Bad&& bad) {
  std::size_t done = 0, line = 0;
  // A chunk is CSV text: the header, then its records, appended in place
  // (one buffer reused for every chunk; `starts` says where each record
  // begins, `lines` on which line of the file).
  std::string text = header;
  std::vector<std::size_t> starts, lines;
  auto one_chunk = [&]() {
    if (starts.empty()) return;
    try {
      use(read_csv_string(text, csv));
      done += starts.size();
    } catch (const ::fepipe::Error&) {
      // Row by row, to find (and skip) the bad ones.
      for (std::size_t i = 0; i < starts.size(); ++i) {
        const std::size_t end = i + 1 < starts.size() ? starts[i + 1] - 1 : text.size();
        try {
          use(read_csv_string(header + "\n" + text.substr(starts[i], end - starts[i]), csv));
          ++done;
        } catch (const ::fepipe::Error& e) {
          bad("line " + std::to_string(lines[i]) + ": " + without_chunk_line(e.what()));
        }
      }
    }
    text.resize(header.size());
    starts.clear();
    lines.clear();
  };
  for (;;) {
    text += '\n';
    const std::size_t start = text.size();
    if (!reader.append_next(text, line)) {
      text.pop_back();
      break;
    }
    starts.push_back(start);
    lines.push_back(line);
    if (starts.size() >= chunk_rows) one_chunk();
  }
  one_chunk();
  return done;
}

struct PredictArgs {
  std::string model, data, output;
  bool proba = false;
  std::size_t chunk_rows = 10000;
  std::string on_error = "fail";
  std::vector<std::string> trusted;
  CsvArgs csv;
};

inline int predict(const PredictArgs& a, std::ostream& out, std::ostream& err) {
  const DynamicPipeline model = load(a.model, a.trusted);
  if (!model.predicts()) throw DataError("predict", "", "the model's last step does not predict");
  if (a.proba && !model.classifies()) throw DataError("predict", "", "--proba: the model is not a classifier");
  const bool skip = a.on_error == "skip";
  DataFile data(a.data, model.input_schema(), a.csv, "predict");
  std::ofstream file;
  std::ostream* os = &out;
  if (!a.output.empty()) {
    file.open(a.output, std::ios::binary | std::ios::trunc);
    if (!file) throw IoError("cannot write '" + a.output + "'");
    os = &file;
  }
  const std::size_t k = a.proba ? model.n_classes() : 1;
  if (a.proba) {
    for (std::size_t j = 0; j < k; ++j) *os << (j ? "," : "") << "proba_" << j;
    *os << "\n";
  } else {
    *os << "prediction\n";
  }
  std::size_t skipped = 0;
  std::string outbuf;
  auto emit = [&](Frame X) {  // by value: the chunk's frame is moved into the pipeline, not copied
    outbuf.clear();
    if (a.proba) {
      const Eigen::MatrixXd p = model.predict_proba(std::move(X));
      for (Eigen::Index r = 0; r < p.rows(); ++r) {
        for (Eigen::Index j = 0; j < p.cols(); ++j) {
          if (j) outbuf += ',';
          append_number(outbuf, p(r, j));
        }
        outbuf += '\n';
      }
    } else {
      const Eigen::VectorXd p = model.predict(std::move(X));
      for (Eigen::Index r = 0; r < p.size(); ++r) {
        append_number(outbuf, p[r]);
        outbuf += '\n';
      }
    }
    *os << outbuf;
  };
  const std::size_t done = for_each_chunk(data.reader, data.header, data.csv, a.chunk_rows, emit, [&](const std::string& what) {
    const std::string where = a.data + ": " + what;
    if (!skip) {
      os->flush();
      throw DataError(where);
    }
    ++skipped;
    if (skipped <= 20) err << "fepipe predict: skipped " << where << "\n";
  });
  os->flush();
  if (!*os) throw IoError("cannot write the predictions");
  err << "fepipe predict: " << done << " rows predicted";
  if (skipped) err << ", " << skipped << " skipped";
  err << "\n";
  return ok;
}

struct DriftArgs {
  std::string model, data, output;
  bool json = false;
  std::string fail_on = "never";
  std::size_t chunk_rows = 10000;
  std::vector<std::string> trusted;
  CsvArgs csv;
  DriftOptions options;
};

/// `fepipe drift MODEL DATA.csv`: the data's drift from the model's training
/// distribution (docs/drift.md), as a table or JSON; exit code 5 when a
/// column reaches the --fail-on level.
inline int drift(const DriftArgs& a, std::ostream& out, std::ostream& err) {
  const DynamicPipeline model = load(a.model, a.trusted);
  const DriftBaseline* baseline = model.drift_baseline();
  if (!baseline)
    throw DataError("drift", "", a.model + " has no drift baseline: it was written before fepipe recorded one, or "
                                 "without training data (an export); fit it again with fepipe to monitor drift");
  a.options.validate();
  DriftMonitor monitor(*baseline, a.options);
  DataFile data(a.data, model.input_schema(), a.csv, "drift");
  const std::size_t done = for_each_chunk(
      data.reader, data.header, data.csv, a.chunk_rows, [&](const Frame& X) { monitor.observe(X); },
      [&](const std::string& what) { throw DataError(a.data + ": " + what); });
  const DriftReport report = monitor.report();
  const std::string text = a.json ? report.to_json() : report.to_text();
  if (a.output.empty()) {
    out << text;
  } else {
    write_file(a.output, text);
  }
  err << "fepipe drift: " << done << " rows compared with the training data of " << a.model << "\n";
  const DriftLevel worst = report.level();
  const bool fail = (a.fail_on == "alert" && worst == DriftLevel::alert) ||
                    (a.fail_on == "warn" && (worst == DriftLevel::warn || worst == DriftLevel::alert));
  return fail ? drift_found : ok;
}

inline std::string kind_name(Kind k) { return std::string(to_string(k)); }

inline int inspect(const std::string& path, bool json, const std::vector<std::string>& trusted, std::ostream& out) {
  const DynamicPipeline model = load(path, trusted);
  const std::string bytes = read_text_file(path);
  const auto trailer = ::fepipe::detail::inspect_signature_trailer(bytes);
  const bool is_signed = trailer.trailer.has_value() && trailer.defect.empty();
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  const std::string format = first != std::string::npos && bytes[first] == '{' ? "json" : "binary";
  std::string signer;
  if (is_signed) signer = ::fepipe::detail::to_lower_hex(trailer.trailer->key.data(), trailer.trailer->key.size());
  using ::fepipe::detail::json_quote;
  auto params = [&](std::size_t i) -> std::optional<std::string> {
    const auto t = find_step_type(model.step(i).type_name());
    if (!t || !t->params) return std::nullopt;
    return t->params(model.step(i));
  };
  if (json) {
    std::string o = "{\"file\": " + json_quote(path) + ", \"bytes\": " + std::to_string(bytes.size()) +
                    ", \"format\": " + json_quote(format) + ", \"signed\": " + (is_signed ? "true" : "false");
    if (is_signed) o += ", \"signed_by\": " + json_quote(signer);
    o += ", \"steps\": [";
    for (std::size_t i = 0; i < model.size(); ++i) {
      const auto p = params(i);
      o += std::string(i ? ", " : "") + "{\"name\": " + json_quote(model.step_name(i)) +
           ", \"class\": " + json_quote(model.step(i).type_name()) + ", \"options\": " + (p ? *p : "null") + "}";
    }
    o += "], \"input_schema\": [";
    bool firstc = true;
    for (const auto& c : model.input_schema()) {
      o += std::string(firstc ? "" : ", ") + "{\"name\": " + json_quote(c.name) + ", \"kind\": " +
           json_quote(kind_name(c.kind)) + ", \"categories\": [";
      for (std::size_t j = 0; j < c.categories.size(); ++j) o += (j ? ", " : "") + json_quote(c.categories[j]);
      o += "]}";
      firstc = false;
    }
    o += "], \"feature_names_out\": [";
    const auto& names = model.feature_names_out();
    for (std::size_t j = 0; j < names.size(); ++j) o += (j ? ", " : "") + json_quote(names[j]);
    o += "]}\n";
    out << o;
    return ok;
  }
  out << "file: " << path << "\nbytes: " << bytes.size() << "\nformat: " << format
      << "\nsigned: " << (is_signed ? "yes, by " + signer : std::string("no")) << "\n";
  out << "steps (" << model.size() << "):\n";
  for (std::size_t i = 0; i < model.size(); ++i) {
    const auto p = params(i);
    out << "  " << i << " " << model.step_name(i) << " (" << model.step(i).type_name() << ")"
        << (p ? " " + *p : std::string(" [no spec hooks]")) << "\n";
  }
  out << "input schema (" << model.input_schema().size() << " columns):\n";
  for (const auto& c : model.input_schema()) {
    out << "  " << c.name << " " << kind_name(c.kind);
    if (!c.categories.empty()) out << " (" << c.categories.size() << " categories)";
    out << "\n";
  }
  out << "feature_names_out (" << model.feature_names_out().size() << "):";
  for (const auto& n : model.feature_names_out()) out << " " << n;
  out << "\n";
  return ok;
}

inline int convert(const std::string& in, const std::string& outp, const std::string& format, std::ostream& err) {
  const DynamicPipeline model = load(in, {});
  ModelFormat f = ::fepipe::detail::format_for_path(outp);
  if (format == "json") f = ModelFormat::json;
  if (format == "binary") f = ModelFormat::binary;
  const std::string bytes = read_text_file(in);
  if (::fepipe::detail::inspect_signature_trailer(bytes).trailer)
    err << "fepipe convert: " << in << " is signed; the converted file is not (sign it again)\n";
  write_file(outp, save_model_to_string(model, f));
  err << "fepipe convert: wrote " << outp << " (" << (f == ModelFormat::json ? "json" : "binary") << ")\n";
  return ok;
}

inline int validate(const std::string& model_path, const std::string& data, const CsvArgs& csv_args, std::ostream& out) {
  const DynamicPipeline model = load(model_path, {});
  const Schema& schema = model.input_schema();
  require_file(data);
  std::ifstream in(data, std::ios::binary);
  if (!in) throw IoError("cannot open '" + data + "'");
  RecordReader reader(in);
  std::string header, record;
  std::size_t line = 0;
  if (!reader.next(header, line)) throw DataError("validate", "", data + " is empty: no header row");
  CsvOptions csv;
  csv_args.apply_to(csv);
  const Frame head = read_csv_string(header, {.skipinitialspace = csv.skipinitialspace});
  std::size_t problems = 0;
  std::vector<const ColumnSpec*> present;
  for (const auto& c : schema) {
    if (!head.find(c.name)) {
      out << "missing column: " << c.name << " (" << kind_name(c.kind) << ")\n";
      ++problems;
      continue;
    }
    present.push_back(&c);
    csv.kinds.insert_or_assign(c.name, Kind::categorical);  // the text as is; numbers checked below
    csv.usecols.push_back(c.name);
  }
  struct Found {
    std::size_t count = 0, first_line = 0;
  };
  std::vector<std::map<std::string, Found>> bad(present.size());  // non-numbers, or unseen labels
  std::size_t rows_read = 0;
  std::vector<std::string> rows;
  std::vector<std::size_t> lines;
  auto chunk = [&] {
    if (rows.empty()) return;
    std::string text = header;
    for (const auto& r : rows) (text += '\n') += r;
    Frame f;
    try {
      f = read_csv_string(text, csv);
    } catch (const ::fepipe::Error&) {
      for (std::size_t i = 0; i < rows.size(); ++i) try {
          (void)read_csv_string(header + "\n" + rows[i], csv);
        } catch (const ::fepipe::Error& e) {
          throw DataError(data + ": line " + std::to_string(lines[i]) + ": " + without_chunk_line(e.what()));
        }
      throw;
    }
    for (std::size_t k = 0; k < present.size(); ++k) {
      const ColumnSpec& c = *present[k];
      const Column& col = f[c.name];
      std::vector<char> ok_label(col.labels().size(), 1);
      for (std::size_t j = 0; j < col.labels().size(); ++j) {
        const std::string& label = col.labels()[j];
        if (c.kind == Kind::numeric) {
          double v = 0;
          ok_label[j] = ::fepipe::detail::csv_parse_number(label, v);
        } else if (!c.categories.empty()) {
          ok_label[j] = std::find(c.categories.begin(), c.categories.end(), label) != c.categories.end();
        }
      }
      for (std::size_t r = 0; r < col.codes().size(); ++r) {
        const auto code = col.codes()[r];
        if (code < 0 || ok_label[static_cast<std::size_t>(code)]) continue;
        Found& fnd = bad[k][col.labels()[static_cast<std::size_t>(code)]];
        if (fnd.count++ == 0) fnd.first_line = lines[r];
      }
    }
    rows_read += rows.size();
    rows.clear();
    lines.clear();
  };
  while (reader.next(record, line)) {
    rows.push_back(record);
    lines.push_back(line);
    if (rows.size() >= 10000) chunk();
  }
  chunk();
  for (std::size_t k = 0; k < present.size(); ++k) {
    const ColumnSpec& c = *present[k];
    for (const auto& [label, fnd] : bad[k]) {
      ++problems;
      if (c.kind == Kind::numeric)
        out << "wrong kind: column " << c.name << " is numeric, but " << ::fepipe::detail::quote_label(label)
            << " is not a number (" << fnd.count << " rows, first at line " << fnd.first_line << ")\n";
      else
        out << "unseen category: column " << c.name << ": " << ::fepipe::detail::quote_label(label) << " ("
            << fnd.count << " rows, first at line " << fnd.first_line << ")\n";
    }
  }
  out << data << ": " << rows_read << " rows, " << problems << (problems == 1 ? " problem" : " problems") << "\n";
  return problems ? data_error : ok;
}

inline int keygen(const std::string& prefix, std::ostream& out) {
  const SigningKey key = SigningKey::generate();
  try {
    key.save(prefix + ".key");
    key.public_key().save(prefix + ".pub");
  } catch (const ::fepipe::ParameterError&) {
    throw;
  } catch (const ::fepipe::Error& e) {
    throw IoError(e.what());
  }
  out << "secret key: " << prefix << ".key (keep it private)\npublic key: " << prefix << ".pub\nkey id: " << key.id()
      << "\n";
  return ok;
}

inline int sign(const std::string& model, const std::string& key_file, const std::string& output, std::ostream& out) {
  require_file(key_file);
  const SigningKey key = SigningKey::load(key_file);
  const std::string bytes = read_text_file(model);
  (void)load_any_model_from_memory(bytes);  // only a model that loads is signed
  const std::string signed_bytes = sign_model_bytes(strip_model_signature(bytes), key);
  write_file(output.empty() ? model : output, signed_bytes);
  out << "signed " << (output.empty() ? model : output) << " with key " << key.id() << "\n";
  return ok;
}

inline int verify(const std::string& model, const std::vector<std::string>& trusted, std::ostream& out) {
  require_file(model);
  const PublicKey by = verify_model_file(model, trusted_keys(trusted));
  out << model << ": signature OK, signed by " << by.id() << "\n";
  return ok;
}

}  // namespace detail

/// Runs the tool: `argv[0]` is the program name. Output on `out`, progress
/// and errors on `err`; returns the exit code (see ExitCode).
inline int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"fepipe: fit, apply, inspect and sign fepipe pipeline models.\n"
               "(`fepipe serve --help`: the model server, in builds with cpp-httplib; docs/serving.md)\n" +
                   std::string(exit_codes_help),
               "fepipe"};
  app.require_subcommand(1);
  app.footer(std::string(exit_codes_help));

  detail::FitArgs fa;
  auto* fit = app.add_subcommand("fit", "Fit a pipeline spec (JSON) on a CSV file and save the model");
  fit->add_option("spec", fa.spec, "Pipeline spec: {\"steps\": [[name, {\"class\": ..., options}], ...]}")->required();
  fa.train.add_to(fit);
  fit->add_option("-o,--output", fa.output, "Model file to write (.json: JSON, otherwise binary)")->required();
  fit->add_option("--test-size", fa.test_size, "Hold out this fraction and print its metrics on stdout")
      ->check(CLI::Range(0.0, 1.0));
  auto* rs = fit->add_option("--random-state", fa.random_state, "Seed of the split (default: unseeded)");
  fit->footer(std::string(exit_codes_help));

  detail::PredictArgs pa;
  auto* pred = app.add_subcommand("predict", "Predict a CSV file of any size, chunk by chunk");
  pred->add_option("model", pa.model, "Model file")->required();
  pred->add_option("data", pa.data, "Data (CSV with a header row)")->required();
  pred->add_option("-o,--output", pa.output, "Output CSV (default: stdout)");
  pred->add_flag("--proba", pa.proba, "Class probabilities (classifiers)");
  pred->add_option("--chunk-rows", pa.chunk_rows, "Rows per chunk (default 10000)")->check(CLI::PositiveNumber);
  pred->add_option("--on-error", pa.on_error, "A bad row: fail (exit 1) or skip it (count on stderr)")
      ->check(CLI::IsMember({"fail", "skip"}));
  pred->add_option("--trusted-key", pa.trusted, "Require a signature by one of these public key files");
  pa.csv.add_to(pred, "More strings read as missing (comma-separated), as at fit");
  pred->footer(std::string(exit_codes_help));

  std::string model, output, format, data, key;
  bool json = false;
  std::vector<std::string> trusted;
  detail::CsvArgs val_csv;
  auto* load_cmd = app.add_subcommand("load", "Check that a model file loads (and is signed, with --trusted-key)");
  load_cmd->add_option("model", model, "Model file")->required();
  load_cmd->add_option("--trusted-key", trusted, "Require a signature by one of these public key files");
  auto* insp = app.add_subcommand("inspect", "Show a model's steps, options, input schema and file facts");
  insp->add_option("model", model, "Model file")->required();
  insp->add_flag("--json", json, "As JSON");
  insp->add_option("--trusted-key", trusted, "Require a signature by one of these public key files");
  auto* conv = app.add_subcommand("convert", "Rewrite a model file as JSON or binary");
  conv->add_option("input", model, "Model file")->required();
  conv->add_option("output", output, "File to write")->required();
  conv->add_option("--format", format, "json or binary (default: from the extension, .json = JSON)")
      ->check(CLI::IsMember({"json", "binary"}));
  auto* val = app.add_subcommand("validate", "Check a CSV file against a model's input schema (no prediction)");
  val->add_option("model", model, "Model file")->required();
  val->add_option("data", data, "Data (CSV with a header row)")->required();
  val_csv.add_to(val, "More strings read as missing (comma-separated), as at fit");
  auto* kg = app.add_subcommand("keygen", "Make a key pair: PREFIX.key (secret) and PREFIX.pub");
  kg->add_option("prefix", output, "Path prefix of the key files")->required();
  auto* sg = app.add_subcommand("sign", "Sign a model file");
  sg->add_option("model", model, "Model file")->required();
  sg->add_option("--key", key, "Secret key file")->required();
  sg->add_option("-o,--output", output, "Signed file (default: replace the model file)");
  auto* vf = app.add_subcommand("verify", "Check a model file's signature");
  vf->add_option("model", model, "Model file")->required();
  vf->add_option("--trusted-key", trusted, "Trusted public key files")->required();
  detail::DriftArgs da;
  auto* dr = app.add_subcommand("drift", "Compare a CSV file with the model's training data, column by column (PSI, KS, chi-square)");
  dr->add_option("model", da.model, "Model file fitted by fepipe (a pipeline file of version 2 or later holds the training distribution)")->required();
  dr->add_option("data", da.data, "Data (CSV with a header row)")->required();
  dr->add_flag("--json", da.json, "As JSON (the server's /drift shape)");
  dr->add_option("-o,--output", da.output, "Write the report to this file (default: stdout)");
  dr->add_option("--fail-on", da.fail_on, "Exit with code 5 when a column reaches this level")
      ->check(CLI::IsMember({"never", "warn", "alert"}));
  dr->add_option("--chunk-rows", da.chunk_rows, "Rows per chunk (default 10000)")->check(CLI::PositiveNumber);
  dr->add_option("--trusted-key", da.trusted, "Require a signature by one of these public key files");
  da.csv.add_to(dr, "More strings read as missing (comma-separated), as at fit");
  // Every DriftOptions field, from its declaration table: --psi-warn, --min-records...
  da.options.visit([&](std::string_view name, auto& field, std::string_view doc) {
    std::string flag = "--" + std::string(name);
    std::replace(flag.begin(), flag.end(), '_', '-');
    dr->add_option(flag, field, std::string(doc))->capture_default_str();
  });
  SearchArgs sa;
  auto* search_cmd = add_search_command(app, sa);
  for (auto* sub : {load_cmd, insp, conv, val, kg, sg, vf, dr, search_cmd}) sub->footer(std::string(exit_codes_help));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help(app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name());
    return ok;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return ok;
  } catch (const CLI::ParseError& e) {
    err << "fepipe: " << e.what() << "\n(run with --help for usage)\n";
    return usage_error;
  }
  fa.has_random_state = rs->count() > 0;

  try {
    if (*fit) return detail::fit(fa, out, err);
    if (*pred) return detail::predict(pa, out, err);
    if (*load_cmd) {
      const DynamicPipeline m = detail::load(model, trusted);
      out << model << ": loads, " << m.size() << " steps\n";
      return ok;
    }
    if (*insp) return detail::inspect(model, json, trusted, out);
    if (*conv) return detail::convert(model, output, format, err);
    if (*val) return detail::validate(model, data, val_csv, out);
    if (*kg) return detail::keygen(output, out);
    if (*sg) return detail::sign(model, key, output, out);
    if (*vf) return detail::verify(model, trusted, out);
    if (*dr) return detail::drift(da, out, err);
    if (*search_cmd) return run_search(sa, out, err);
  } catch (const IoError& e) {
    err << "fepipe: " << e.what() << "\n";
    return io_error;
  } catch (const ModelFormatError& e) {
    err << "fepipe: model file refused: " << e.what() << "\n";
    return model_refused;
  } catch (const Error& e) {
    err << "fepipe: " << e.what() << "\n";
    return data_error;
  } catch (const std::exception& e) {
    err << "fepipe: " << e.what() << "\n";
    return data_error;
  }
  return usage_error;
}

}  // namespace fepipe::cli
