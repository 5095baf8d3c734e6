#pragma once
/// @file
/// read_csv: CSV text → Frame, with pandas' defaults where they matter for
/// matching the reference (missing-value markers, number recognition).

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN

/// pandas 1.5's default missing-value markers (`keep_default_na=True`).
inline std::vector<std::string> pandas_default_na_values() {
  return {"",     "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
          "1.#QNAN", "<NA>", "N/A",    "NA",  "NULL",    "NaN",      "n/a",  "nan",  "null"};
}

/// Options of read_csv.
struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  /// Extra strings read as missing, added to pandas' defaults (e.g. {"?"}).
  std::vector<std::string> na_values{};
  /// Use pandas' default markers too (as pandas' keep_default_na).
  bool keep_default_na = true;
  /// Per-column kind, overriding inference: a numeric-looking code column
  /// such as MSSubClass can be read as categorical (labels keep the file's
  /// text); a numeric override rejects any non-number with a DataError.
  Dict<Kind> kinds{};
  /// Read only these columns, in this order (all if empty).
  std::vector<std::string> usecols{};
};

namespace detail {

/// RFC 4180 splitter: fields separated by `delim`, records by LF or CRLF,
/// quoted fields may hold delimiters, line breaks and doubled quotes.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, char delim, char quote) : text_(text), delim_(delim), quote_(quote) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 byte order mark
  }
  /// Reads the next non-blank record into `fields`; false at the end.
  bool next(std::vector<std::string>& fields) {
    while (pos_ < text_.size()) {
      ++line_;
      fields.clear();
      bool blank = true;
      for (;;) {
        std::string field;
        bool quoted = false;
        if (pos_ < text_.size() && text_[pos_] == quote_) {
          quoted = true;
          blank = false;
          ++pos_;
          for (;;) {
            if (pos_ >= text_.size())
              throw_data("read_csv", "", "line " + std::to_string(line_) + ": a quoted field is not closed");
            const char c = text_[pos_++];
            if (c == quote_) {
              if (pos_ < text_.size() && text_[pos_] == quote_) {
                field.push_back(quote_);
                ++pos_;
              } else {
                break;
              }
            } else {
              if (c == '\n') ++line_;
              field.push_back(c);
            }
          }
        }
        // Unquoted part (or text after a closing quote, kept as pandas does).
        while (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r') {
          field.push_back(text_[pos_++]);
          blank = false;
        }
        (void)quoted;
        fields.push_back(std::move(field));
        if (pos_ < text_.size() && text_[pos_] == delim_) {
          ++pos_;
          blank = false;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        break;
      }
      if (!blank) return true;
    }
    return false;
  }
  std::size_t line() const noexcept { return line_; }

 private:
  std::string_view text_;
  char delim_, quote_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

}  // namespace detail

/// Reads CSV text with a header row into a Frame.
///
/// A column is numeric when every non-missing field parses as a number,
/// otherwise categorical (labels = the field text, dictionary in order of
/// first appearance); `options.kinds` overrides that per column. Missing
/// markers follow pandas (see CsvOptions). Short rows are padded with
/// missing values; a row with too many fields is a DataError naming its line.
inline Frame read_csv_string(std::string_view text, const CsvOptions& options = {}) {
  detail::CsvScanner scan(text, options.delimiter, options.quote);
  std::vector<std::string> header;
  if (!scan.next(header)) throw DataError("read_csv", "", "no header row");
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i].empty()) header[i] = "Unnamed: " + std::to_string(i);
  if (auto d = detail::first_duplicate(header)) detail::throw_schema("read_csv", *d, "appears twice in the header");
  for (const auto& [name, kind] : options.kinds) {
    bool found = false;
    for (const auto& h : header) found = found || h == name;
    if (!found) detail::throw_schema("read_csv", name, "has a kind override but is not in the header");
  }

  std::unordered_map<std::string, char> na;
  if (options.keep_default_na)
    for (auto& s : pandas_default_na_values()) na.emplace(std::move(s), 1);
  for (const auto& s : options.na_values) na.emplace(s, 1);

  const std::size_t p = header.size();
  std::vector<std::vector<std::string>> cells(p);
  std::vector<std::vector<char>> missing(p);
  std::vector<std::string> fields;
  while (scan.next(fields)) {
    if (fields.size() > p)
      throw DataError("read_csv", "",
                      "line " + std::to_string(scan.line()) + " has " + std::to_string(fields.size()) +
                          " fields, the header has " + std::to_string(p));
    for (std::size_t c = 0; c < p; ++c) {
      if (c < fields.size() && !na.count(fields[c])) {
        missing[c].push_back(0);
        cells[c].push_back(std::move(fields[c]));
      } else {
        missing[c].push_back(1);
        cells[c].emplace_back();
      }
    }
  }

  const std::size_t n = cells.empty() ? 0 : cells[0].size();
  Frame frame(n);
  for (std::size_t c = 0; c < p; ++c) {
    const auto override_it = options.kinds.find(header[c]);
    const bool forced = override_it != options.kinds.end();
    bool numeric = true;
    std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < n && numeric; ++r) {
      if (missing[c][r]) continue;
      if (!detail::parse_double(cells[c][r], values[r])) {
        numeric = false;
        if (forced && override_it->second == Kind::numeric)
          detail::throw_data("read_csv", header[c],
                             "row " + std::to_string(r) + ": " + detail::quote_label(cells[c][r]) +
                                 " is not a number (the column is read as numeric)");
      }
    }
    if (forced) numeric = override_it->second == Kind::numeric;
    if (numeric) {
      frame.add(header[c], Column::numeric(std::move(values)));
    } else {
      std::vector<std::int32_t> codes(n, Column::missing_code);
      std::vector<std::string> labels;
      std::unordered_map<std::string_view, std::int32_t> index;
      for (std::size_t r = 0; r < n; ++r) {
        if (missing[c][r]) continue;
        auto [it, inserted] = index.try_emplace(cells[c][r], static_cast<std::int32_t>(labels.size()));
        if (inserted) labels.push_back(cells[c][r]);
        codes[r] = it->second;
      }
      frame.add(header[c], Column::categorical(std::move(codes), std::move(labels)));
    }
  }
  if (!options.usecols.empty()) return frame.select(options.usecols);
  return frame;
}

/// Reads a CSV file (see read_csv_string).
inline Frame read_csv(const std::filesystem::path& path, const CsvOptions& options = {}) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("read_csv", "", "cannot open '" + path.string() + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return read_csv_string(ss.str(), options);
}

FEPIPE_NAMESPACE_END
