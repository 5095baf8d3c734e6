#pragma once
/// @file
/// read_csv: CSV text → Frame, with pandas' defaults where they matter for
/// matching the reference (missing-value markers, number recognition).
///
/// Numbers. A field is a number when pandas' C parser reads it as one:
/// optional blanks (C isspace), an optional sign, digits with an optional
/// decimal point (`5.`, `.5`), an optional exponent with digits, blanks; or
/// `inf` / `infinity` in any case with an optional sign and no blanks. Not
/// numbers, as in pandas: hexadecimal (`0x10`, `0x1p3`), `nan` spellings that
/// are not missing-value markers (`NAN`, `+nan`, `nan(1)`), `1_000`, `1e`,
/// `.e5`. Its value is Python's `float()` of the text, which is what pandas
/// gives with `float_precision="round_trip"`: correctly rounded over the
/// whole range, subnormals included, however many digits the mantissa or the
/// exponent has; beyond DBL_MAX it is ±inf and below half the smallest
/// subnormal ±0. (pandas' default parser is not correctly rounded, and two
/// range checks of pandas' make it read some well-formed numbers as text,
/// which fepipe does not copy: a result of +HUGE_VAL, so `1e999` is text but
/// `-1e999` is -inf in round_trip mode, and 20 or more integer digits
/// without a minus sign, beyond its 64-bit integer parser.)
/// tools/reference/csv_numbers.py writes pandas' and Python's readings of
/// every edge case the tests use, with these differences noted.
///
/// How: detail::csv_parse_number applies these text rules and reads the
/// number with detail::parse_decimal (core/detail/parse_number.hpp), the
/// library's one number parser, which says how it rounds correctly with and
/// without floating-point from_chars.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/parse_number.hpp"
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
  /// Read only these columns, in this order (all if empty); each must be in
  /// the header, and listed once.
  std::vector<std::string> usecols{};
};

namespace detail {

/// What pandas' tokenizer skips around a number: C `isspace` in the "C" locale.
constexpr bool csv_blank(char c) noexcept {
  return c == ' ' || static_cast<unsigned char>(c - '\t') <= '\r' - '\t';  // \t \n \v \f \r
}

/// pandas' spellings of infinity: the whole field (no blanks), any case,
/// optional sign.
inline bool csv_parse_infinity(std::string_view s, double& out) noexcept {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  return parse_infinity_word(s, negative, true, out);
}

/// Reads a CSV field as a number, as described in the file comment: pandas'
/// syntax, Python's value. False (and `out` unspecified) when the field is
/// not a number. Does not allocate.
inline bool csv_parse_number(std::string_view field, double& out) noexcept {
  const char* p = field.data();
  const char* end = p + field.size();
  while (p != end && csv_blank(*p)) ++p;
  while (end != p && csv_blank(end[-1])) --end;
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) {
    negative = *p == '-';
    ++p;
  }
  return parse_decimal(p, end, negative, out) || csv_parse_infinity(field, out);
}

/// FNV-1a, inlined: labels are short, and std::hash's out-of-line byte hash
/// was the largest cost of reading a categorical column.
struct ShortTextHash {
  std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

/// The missing-value markers of a read: exact membership, answered for
/// most fields by one table lookup on (length, first byte) before any
/// comparison — a hash of every field was a fifth of read_csv's time.
class CsvNaMarkers {
 public:
  explicit CsvNaMarkers(const CsvOptions& options) {
    if (options.keep_default_na)
      for (const auto& s : pandas_default_na_values()) add(s);
    for (const auto& s : options.na_values) add(s);
  }
  bool contains(std::string_view field) const noexcept {
    if (field.empty()) return empty_;
    if (field.size() >= max_length) return std::find(long_.begin(), long_.end(), field) != long_.end();
    const auto& candidates = by_length_[field.size()];
    if (!(first_[field.size()][static_cast<unsigned char>(field[0]) / 64] &
          (std::uint64_t{1} << (static_cast<unsigned char>(field[0]) % 64))))
      return false;
    return std::find(candidates.begin(), candidates.end(), field) != candidates.end();
  }

 private:
  static constexpr std::size_t max_length = 16;
  void add(std::string_view s) {
    if (s.empty()) {
      empty_ = true;
    } else if (s.size() >= max_length) {
      long_.emplace_back(s);
    } else {
      const auto c = static_cast<unsigned char>(s[0]);
      first_[s.size()][c / 64] |= std::uint64_t{1} << (c % 64);
      by_length_[s.size()].emplace_back(s);
    }
  }
  bool empty_ = false;
  std::uint64_t first_[max_length][4] = {};
  std::vector<std::string> by_length_[max_length];
  std::vector<std::string> long_;  // rare: a linear search
};

/// RFC 4180 splitter: fields separated by `delim`, records by LF, CRLF or
/// CR, quoted fields may hold delimiters, line breaks and doubled quotes.
/// Fields are views into the text; the few that differ from it (a doubled
/// quote, text after a closing quote) into strings the scanner keeps, so
/// every view stays valid as long as the text and the scanner.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, char delim, char quote) : text_(text), delim_(delim), quote_(quote) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 byte order mark
  }
  /// Reads the next non-blank record into `fields`; false at the end. Every
  /// field's view has a non-null data(), an empty one included.
  bool next(std::vector<std::string_view>& fields) {
    while (pos_ < text_.size()) {
      ++line_;
      fields.clear();
      bool blank = true;
      for (;;) {
        std::string_view field;
        const bool quoted = pos_ < text_.size() && text_[pos_] == quote_;
        if (quoted) {
          blank = false;
          field = quoted_field();
        }
        // Unquoted part (or text after a closing quote, kept as pandas does).
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
        const std::string_view rest = text_.substr(start, pos_ - start);
        if (!rest.empty()) blank = false;
        if (!quoted) {
          field = rest;
        } else if (!rest.empty()) {
          std::string& joined = owned_.emplace_back(field);
          joined.append(rest);
          field = joined;
        }
        fields.push_back(field);
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
  /// The content of the quoted field at pos_, which moves past its closing quote.
  std::string_view quoted_field() {
    const std::size_t opened = line_;  // line_ counts the field's own line breaks below
    const std::size_t start = ++pos_;
    std::string* unescaped = nullptr;  // only once a doubled quote is met
    for (;;) {
      if (pos_ >= text_.size())
        throw_data("read_csv", "", "line " + std::to_string(opened) + ": a quoted field opened here is not closed");
      const char c = text_[pos_++];
      if (c == quote_) {
        if (pos_ < text_.size() && text_[pos_] == quote_) {
          if (!unescaped) unescaped = &owned_.emplace_back(text_.substr(start, pos_ - 1 - start));
          unescaped->push_back(quote_);
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      if (unescaped) unescaped->push_back(c);
    }
    if (unescaped) return *unescaped;
    return text_.substr(start, pos_ - 1 - start);
  }

  std::string_view text_;
  char delim_, quote_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::deque<std::string> owned_;  // a deque: its strings never move, so views into them stay valid
};

}  // namespace detail

/// Reads CSV text with a header row into a Frame.
///
/// A column is numeric when every non-missing field is a number (see the
/// file comment), otherwise categorical (labels = the field text, dictionary
/// in order of first appearance); `options.kinds` overrides that per column.
/// Missing markers follow pandas (see CsvOptions). Short rows are padded with
/// missing values; a row with too many fields is a DataError naming its line.
/// Every error names read_csv, and the column and line where there is one.
/// Linear in the size of the text, however many columns it has.
inline Frame read_csv_string(std::string_view text, const CsvOptions& options = {}) {
  constexpr std::string_view step = "read_csv";
  detail::CsvScanner scan(text, options.delimiter, options.quote);
  std::vector<std::string_view> fields;
  if (!scan.next(fields)) detail::throw_data(step, "", "no header row");
  std::vector<std::string> header(fields.begin(), fields.end());
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i].empty()) header[i] = "Unnamed: " + std::to_string(i);
  if (auto d = detail::first_duplicate(header)) detail::throw_schema(step, *d, "appears twice in the header");
  const std::size_t p = header.size();
  const detail::NamePositions header_positions(header, [](const std::string& h) -> std::string_view { return h; });

  // Kind overrides by header position.
  std::vector<std::optional<Kind>> forced(p);
  for (const auto& [name, kind] : options.kinds) {
    const auto i = header_positions.find(name);
    if (!i) detail::throw_schema(step, name, "has a kind override but is not in the header");
    forced[*i] = kind;
  }
  // Header positions of the columns read, in output order; the others are
  // only split, never stored or converted.
  std::vector<std::size_t> order;
  if (options.usecols.empty()) {
    order.resize(p);
    for (std::size_t i = 0; i < p; ++i) order[i] = i;
  } else {
    if (auto d = detail::first_duplicate(options.usecols)) detail::throw_schema(step, *d, "appears twice in usecols");
    order.reserve(options.usecols.size());
    for (const auto& name : options.usecols) {
      const auto i = header_positions.find(name);
      if (!i) detail::throw_schema(step, name, "is in usecols but not in the header");
      order.push_back(*i);
    }
  }

  const detail::CsvNaMarkers na(options);

  // A column whose kind is forced is converted as it is read: numbers
  // parsed, labels coded, in the one pass over the text. The others keep
  // their fields as views (see CsvScanner; a missing value is a view
  // without data) until the whole column is seen and its kind known.
  // Vectors are reserved for one row per line break, so they are not
  // regrown (and copied) as they fill.
  const std::size_t m = order.size();
  const auto line_breaks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  struct Read {
    std::optional<Kind> kind;
    std::vector<std::string_view> cells;  // kind not forced
    std::vector<double> values;           // forced numeric
    std::vector<std::int32_t> codes;      // forced categorical
    std::vector<std::string> labels;
    std::unordered_map<std::string_view, std::int32_t, detail::ShortTextHash> index;
    std::optional<std::size_t> first_bad_row;  // forced numeric: the first field that is not a number
    std::string_view first_bad;
  };
  std::vector<Read> read(m);
  for (std::size_t k = 0; k < m; ++k) {
    Read& col = read[k];
    col.kind = forced[order[k]];
    if (!col.kind)
      col.cells.reserve(line_breaks);
    else if (*col.kind == Kind::numeric)
      col.values.resize(line_breaks);  // written by row index, cut to the row count at the end
    else
      col.codes.resize(line_breaks);
  }
  auto code_of = [](Read& col, std::string_view label) {
    auto [it, inserted] = col.index.try_emplace(label, static_cast<std::int32_t>(col.labels.size()));
    if (inserted) col.labels.emplace_back(label);
    return it->second;
  };
  std::vector<std::size_t> lines;  // line of each row, for messages
  lines.reserve(line_breaks);
  while (scan.next(fields)) {
    if (fields.size() > p)
      detail::throw_data(step, "",
                         "line " + std::to_string(scan.line()) + " has " + std::to_string(fields.size()) +
                             " fields, the header has " + std::to_string(p));
    const std::size_t r = lines.size();
    lines.push_back(scan.line());
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t c = order[k];
      std::string_view field;
      if (c < fields.size() && !na.contains(fields[c])) field = fields[c];
      Read& col = read[k];
      if (!col.kind) {
        col.cells.push_back(field);
      } else if (*col.kind == Kind::numeric) {
        double v = std::numeric_limits<double>::quiet_NaN();
        if (field.data() != nullptr && !detail::csv_parse_number(field, v)) {
          v = std::numeric_limits<double>::quiet_NaN();
          if (!col.first_bad_row) {
            col.first_bad_row = r;
            col.first_bad = field;
          }
        }
        if (r >= col.values.size()) col.values.resize(2 * r + 1);  // CR-only line ends: more rows than '\n's
        col.values[r] = v;
      } else {
        if (r >= col.codes.size()) col.codes.resize(2 * r + 1);
        col.codes[r] = field.data() == nullptr ? Column::missing_code : code_of(col, field);
      }
    }
  }

  // The errors of the text's structure come first (above), then the first
  // column, in read order, holding a non-number where it must be numeric.
  for (std::size_t k = 0; k < m; ++k)
    if (read[k].first_bad_row) {
      const std::size_t r = *read[k].first_bad_row;
      detail::throw_data(step, header[order[k]],
                         "line " + std::to_string(lines[r]) + " (row " + std::to_string(r) +
                             "): " + detail::quote_label(read[k].first_bad) +
                             " is not a number (the column is read as numeric)");
    }

  const std::size_t n = lines.size();
  Frame frame(n);
  for (std::size_t k = 0; k < m; ++k) {
    const std::string& name = header[order[k]];
    Read& col = read[k];
    if (col.kind == Kind::numeric) {
      col.values.resize(n);
      frame.add(name, Column::numeric(std::move(col.values)));
      continue;
    }
    if (col.kind == Kind::categorical) {
      col.codes.resize(n);
      frame.add(name, Column::categorical(std::move(col.codes), std::move(col.labels)));
      col.index = {};
      continue;
    }
    // Inferred: numeric when every present field is a number.
    const std::vector<std::string_view>& column = col.cells;
    bool numeric = true;
    std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < n && numeric; ++r)
      if (column[r].data() != nullptr && !detail::csv_parse_number(column[r], values[r])) numeric = false;
    if (numeric) {
      frame.add(name, Column::numeric(std::move(values)));
    } else {
      std::vector<std::int32_t> codes(n, Column::missing_code);
      for (std::size_t r = 0; r < n; ++r)
        if (column[r].data() != nullptr) codes[r] = code_of(col, column[r]);
      frame.add(name, Column::categorical(std::move(codes), std::move(col.labels)));
    }
    std::vector<std::string_view>().swap(col.cells);  // this column's views are no longer needed
    col.index = {};
  }
  return frame;
}

/// Reads a CSV file (see read_csv_string).
inline Frame read_csv(const std::filesystem::path& path, const CsvOptions& options = {}) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("read_csv", "", "cannot open '" + path.string() + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error("read_csv", "", "cannot read '" + path.string() + "'");
  return read_csv_string(ss.str(), options);
}

FEPIPE_NAMESPACE_END
