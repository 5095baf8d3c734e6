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
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
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
#include "fepipe/core/detail/utf8.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/detail/name_lookup.hpp"

FEPIPE_NAMESPACE_BEGIN

/// pandas 1.5's default missing-value markers (`keep_default_na=True`).
inline std::vector<std::string> pandas_default_na_values() {
  return {"",     "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
          "1.#QNAN", "<NA>", "N/A",    "NA",  "NULL",    "NaN",      "n/a",  "nan",  "null"};
}

/// Options of read_csv (and of CsvScanner: the first six), named as
/// pandas.read_csv's where they do the same.
struct CsvOptions {
  /// pandas' `sep`.
  char delimiter = ',';
  /// pandas' `quotechar`.
  char quote = '"';
  /// Skip spaces after a delimiter and at the start of a line, as pandas'
  /// `skipinitialspace`: `a, b` reads as "a" and "b", so `, ?` is the marker
  /// "?". Spaces (' ') only, as pandas; spaces before a delimiter stay.
  bool skipinitialspace = false;
  /// pandas' `comment`: from this character (outside quotes) to the end of
  /// the line is ignored, and a line that starts with it is skipped
  /// entirely. '\0': none.
  char comment = '\0';
  /// Lines skipped at the start of the text, before the header (pandas'
  /// `skiprows` as a number). Messages still give line numbers in the file.
  std::size_t skiprows = 0;
  /// Read at most this many data rows (pandas' `nrows`); all if unset.
  std::optional<std::size_t> nrows{};
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

/// A field of up to 8 bytes as one integer (its bytes in memory order,
/// zero above): for those, which are most fields of data files, a missing
/// marker or a label is recognised by comparing integers, not bytes.
/// `limit` is the end of the buffer the field lies in: where 8 bytes can be
/// read from its start they are read at once and masked.
inline std::uint64_t csv_pack8(std::string_view field, const char* limit) noexcept {
  const std::size_t n = field.size() < 8 ? field.size() : 8;
  std::uint64_t v = 0;
  if (limit != nullptr && field.data() != nullptr && limit - field.data() >= 8) {
    std::memcpy(&v, field.data(), 8);
    if (n < 8) {
      const std::uint64_t keep = (std::uint64_t{1} << (8 * n)) - 1;  // the first n bytes in memory order
      v &= std::endian::native == std::endian::little ? keep : ~(~std::uint64_t{0} >> (8 * n));
    }
  } else if (n > 0) {
    std::memcpy(&v, field.data(), n);
  }
  return v;
}

/// A field as read_csv looks it up: its text and, when it has at most 8
/// bytes, those bytes as one integer (csv_pack8).
struct CsvKey {
  std::string_view text;
  std::uint64_t packed;
  bool short_text() const noexcept { return text.size() <= 8; }
  bool operator==(const CsvKey& o) const noexcept {
    if (text.size() != o.text.size()) return false;
    return short_text() ? packed == o.packed : std::memcmp(text.data(), o.text.data(), text.size()) == 0;
  }
  std::uint64_t hash() const noexcept {
    std::uint64_t h = packed ^ (text.size() * 0x9E3779B97F4A7C15ull);
    if (!short_text())  // FNV-1a over the rest
      for (std::size_t i = 8; i < text.size(); ++i) h = (h ^ static_cast<unsigned char>(text[i])) * 1099511628211ull;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
};

/// The dictionary of a categorical column being read: label → code, codes
/// in order of first appearance. Open addressing in a power-of-two table
/// over the labels' text (views into the text being read, copied into
/// labels() as they are met): one multiplication and, for labels of up to
/// 8 bytes, one integer comparison per field, where std::unordered_map's
/// byte hash, prime modulus and memcmp were a fifth of `fepipe predict`.
/// (Not core/detail/label_index.hpp's LabelIndex: that one is built once
/// from a fitted list and owns it; this one grows as the text is read.)
class CsvLabelCodes {
 public:
  /// The code of `key`; a text met for the first time gets the next code,
  /// or Column::missing_code if `missing(text)` (asked once per distinct
  /// text: the missing-value markers of a column read as categorical are
  /// remembered like its labels).
  template <class Missing>
  std::int32_t code(const CsvKey& key, Missing&& missing) {
    if (2 * (slots_used_ + 1) > slots_.size()) grow();
    std::size_t i = key.hash() & mask_;
    for (;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.code == empty) {
        s.key = key;
        ++slots_used_;
        if (missing(key)) {
          s.code = Column::missing_code;
        } else {
          s.code = static_cast<std::int32_t>(labels_.size());
          labels_.emplace_back(key.text);
        }
        return s.code;
      }
      if (s.key == key) return s.code;
    }
  }
  std::int32_t code(const CsvKey& key) {
    return code(key, [](const CsvKey&) { return false; });
  }
  std::vector<std::string>& labels() noexcept { return labels_; }

 private:
  static constexpr std::int32_t empty = std::numeric_limits<std::int32_t>::min();
  struct Slot {
    CsvKey key{};
    std::int32_t code = empty;
  };
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.code != empty) {
        std::size_t i = s.key.hash() & mask_;
        while (slots_[i].code != empty) i = (i + 1) & mask_;
        slots_[i] = s;
      }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0, slots_used_ = 0;
  std::vector<std::string> labels_;
};

/// The missing-value markers of a read: exact membership, answered for
/// most fields by one table lookup on (length, first byte) before any
/// comparison — a hash of every field was a fifth of read_csv's time — and
/// for markers of up to 8 bytes by integer comparisons (CsvKey).
class CsvNaMarkers {
 public:
  explicit CsvNaMarkers(const CsvOptions& options) {
    if (options.keep_default_na)
      for (const auto& s : pandas_default_na_values()) add(s);
    for (const auto& s : options.na_values) add(s);
  }
  bool contains(const CsvKey& field) const noexcept {
    const std::string_view text = field.text;
    if (text.empty()) return empty_;
    if (text.size() >= max_length) return std::find(long_.begin(), long_.end(), text) != long_.end();
    const auto c = static_cast<unsigned char>(text[0]);
    if (!(first_[text.size()][c / 64] & (std::uint64_t{1} << (c % 64)))) return false;
    if (field.short_text()) {
      const auto& candidates = packed_[text.size()];
      return std::find(candidates.begin(), candidates.end(), field.packed) != candidates.end();
    }
    const auto& candidates = by_length_[text.size()];
    return std::find(candidates.begin(), candidates.end(), text) != candidates.end();
  }
  bool contains(std::string_view field) const noexcept {
    return contains(CsvKey{field, csv_pack8(field, nullptr)});
  }
  /// Whether the empty field is a marker.
  bool empty_is_missing() const noexcept { return empty_; }
  /// Whether some marker reads as a number (e.g. na_values {"-999"}): only
  /// then must a field read as a number be checked against the markers.
  bool has_numbers() const noexcept { return numbers_; }

 private:
  static constexpr std::size_t max_length = 16;
  void add(std::string_view s) {
    double v = 0.0;
    if (csv_parse_number(s, v)) numbers_ = true;
    if (s.empty()) {
      empty_ = true;
    } else if (s.size() >= max_length) {
      long_.emplace_back(s);
    } else {
      const auto c = static_cast<unsigned char>(s[0]);
      first_[s.size()][c / 64] |= std::uint64_t{1} << (c % 64);
      if (s.size() <= 8)
        packed_[s.size()].push_back(csv_pack8(s, nullptr));
      else
        by_length_[s.size()].emplace_back(s);
    }
  }
  bool empty_ = false, numbers_ = false;
  std::uint64_t first_[max_length][4] = {};
  std::vector<std::uint64_t> packed_[9];            // markers of 1..8 bytes
  std::vector<std::string> by_length_[max_length];  // of 9..15 bytes
  std::vector<std::string> long_;                   // rare: a linear search
};

/// The text's encoding, as far as it can be told before reading: UTF-16 and
/// UTF-32 files (which start with their byte order mark) are refused with
/// what to do, rather than read as one column of garbled labels.
inline void check_csv_text(std::string_view text) {
  const auto starts = [&](std::string_view bom) { return text.substr(0, bom.size()) == bom; };
  const char* found = starts(std::string_view("\xFF\xFE\0\0", 4)) || starts(std::string_view("\0\0\xFE\xFF", 4))
                          ? "UTF-32"
                      : starts("\xFF\xFE") || starts("\xFE\xFF") ? "UTF-16"
                                                                     : nullptr;
  if (found)
    throw_data("read_csv", "",
               std::string("the text is ") + found +
                   " (it starts with that byte order mark); read_csv reads UTF-8: convert it first, e.g. "
                   "`iconv -f " + found + " -t UTF-8`");
}

/// A header name or label that is not UTF-8 (a Latin-1 or Windows-1252 file,
/// most often) is a DataError naming the column, the line and the byte.
inline void check_csv_utf8(std::string_view text, const std::string& column, std::string_view what, std::size_t line) {
  const auto bad = first_invalid_utf8(text);
  if (!bad) return;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
  throw_data("read_csv", column,
             "line " + std::to_string(line) + ": " + std::string(what) + " " + quote_label(text) +
                 " is not UTF-8 (byte " + byte + " at offset " + std::to_string(*bad) +
                 "); read_csv reads UTF-8 text: convert the file first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`");
}

}  // namespace detail

/// The records of CSV text, one at a time: what read_csv reads, for a host
/// that handles records itself (a service reading requests, a tool
/// streaming a file: read a chunk of whole records, scan, repeat).
///
/// RFC 4180: fields separated by `delimiter`, records by LF, CRLF or CR,
/// quoted fields may hold delimiters, line breaks and doubled quotes; text
/// after a closing quote is kept, as pandas does. Of CsvOptions it applies
/// delimiter, quote, skipinitialspace, comment and skiprows; a UTF-8 byte
/// order mark is skipped. Blank lines and lines of only spaces and tabs
/// are skipped, as pandas' `skip_empty_lines`.
///
/// Fields are views into the text; the few that differ from it (a doubled
/// quote, text after a closing quote) into strings the scanner keeps, so
/// every view stays valid as long as the text and the scanner. An unclosed
/// quote is a DataError naming read_csv and the line.
class CsvScanner {
 public:
  explicit CsvScanner(std::string_view text, const CsvOptions& options = {})
      : text_(text),
        delim_(options.delimiter),
        quote_(options.quote),
        // No comment character: the search for one looks for '\n' instead,
        // which it looks for anyway, so the fast path stays as it is.
        comment_(options.comment != '\0' ? options.comment : '\n'),
        skip_space_(options.skipinitialspace) {
    auto shown = [](char c) { return detail::quote_label(std::string_view(&c, 1)); };
    auto refuse = [](const std::string& what) { detail::throw_parameter("read_csv", what); };
    for (const char c : {delim_, quote_, options.comment})
      if (c == '\n' || c == '\r') refuse("the delimiter, quote and comment characters cannot be line breaks");
    if (delim_ == quote_) refuse("the delimiter and the quote are both " + shown(delim_));
    if (options.comment != '\0' && (options.comment == delim_ || options.comment == quote_))
      refuse("the comment character " + shown(options.comment) + " is also the delimiter or the quote");
    if (delim_ == '\0' || quote_ == '\0') refuse("the delimiter and the quote cannot be '\\0'");
    if (skip_space_ && delim_ == ' ') refuse("skipinitialspace with ' ' as the delimiter would merge empty fields");
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 byte order mark
    for (std::size_t k = 0; k < options.skiprows && pos_ < text_.size(); ++k) {
      pos_ = line_end(pos_);
      ++line_;
    }
  }
  /// Reads the next record into `fields`; false at the end. Every field's
  /// view has a non-null data(), an empty one included.
  bool next(std::vector<std::string_view>& fields) {
    while (pos_ < text_.size()) {
      ++line_;
      fields.clear();
      if (blank_line()) continue;
      record_line_ = line_;
      for (;;) {
        if (skip_space_)
          while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
        if (pos_ < text_.size() && text_[pos_] == quote_) {
          std::string_view field = quoted_field();
          // Text after the closing quote is kept, as pandas does.
          const std::size_t start = pos_;
          pos_ = field_end(pos_);
          if (pos_ != start) {
            std::string& joined = owned_.emplace_back(field);
            joined.append(text_.data() + start, pos_ - start);
            field = joined;
          }
          fields.push_back(field);
        } else {
          // Built in place: a view assembled on the stack and copied into
          // the vector was read back before its two halves were stored
          // (a store-forwarding stall, half of the scanner's time).
          const std::size_t start = pos_;
          pos_ = field_end(pos_);
          fields.emplace_back(text_.data() + start, pos_ - start);
        }
        if (pos_ < text_.size() && text_[pos_] == delim_) {
          ++pos_;
          continue;
        }
        // At a line break, or a comment (whose line ends the record too).
        pos_ = line_end(pos_);
        break;
      }
      return true;
    }
    return false;
  }
  /// The line (1-based, in the whole text) where the last record started.
  std::size_t line() const noexcept { return record_line_; }

 private:
  /// At the start of a record: whether the line is empty, only spaces and
  /// tabs (neither being the delimiter) or a comment; if so pos_ moves past it.
  bool blank_line() noexcept {
    std::size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t') && text_[i] != delim_) ++i;
    const bool comment = i == pos_ && i < text_.size() && text_[i] == comment_ && comment_ != '\n';
    if (!comment && i < text_.size() && text_[i] != '\n' && text_[i] != '\r') return false;
    pos_ = line_end(i);
    return true;
  }
  /// Past the line break that ends the line holding `i` (LF, CRLF or CR), or the end.
  std::size_t line_end(std::size_t i) const noexcept {
    while (i < text_.size() && text_[i] != '\n' && text_[i] != '\r') ++i;
    if (i < text_.size() && text_[i] == '\r') ++i;
    if (i < text_.size() && text_[i] == '\n') ++i;
    return i;
  }
  /// The first delimiter, comment character, '\n' or '\r' at or after `i`
  /// (or the end). Eight
  /// bytes at a time where they can be read (fields are short: one step
  /// finds most ends): a byte equal to c makes a zero byte in v ^ c·0x01..01,
  /// and (x - 0x01..01) & ~x & 0x80..80 marks the lowest zero byte of x
  /// exactly (borrows only mark bytes above it), so the lowest mark of the
  /// three is the first stop.
  std::size_t field_end(std::size_t i) const noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    if constexpr (std::endian::native == std::endian::little) {
      const std::uint64_t d = ones * static_cast<unsigned char>(delim_), m = ones * static_cast<unsigned char>(comment_);
      while (i + 8 <= text_.size()) {
        std::uint64_t v;
        std::memcpy(&v, text_.data() + i, 8);
        const std::uint64_t a = v ^ d, b = v ^ (ones * '\n'), c = v ^ (ones * '\r'), e = v ^ m;
        const std::uint64_t hit = (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c) | ((e - ones) & ~e)) & highs;
        if (hit) return i + static_cast<std::size_t>(std::countr_zero(hit)) / 8;
        i += 8;
      }
    }
    while (i < text_.size() && text_[i] != delim_ && text_[i] != '\n' && text_[i] != '\r' && text_[i] != comment_) ++i;
    return i;
  }

  /// The content of the quoted field at pos_, which moves past its closing quote.
  std::string_view quoted_field() {
    const std::size_t opened = line_;  // line_ counts the field's own line breaks below
    const std::size_t start = ++pos_;
    std::string* unescaped = nullptr;  // only once a doubled quote is met
    for (;;) {
      if (pos_ >= text_.size())
        detail::throw_data("read_csv", "", "line " + std::to_string(opened) + ": a quoted field opened here is not closed");
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
  char delim_, quote_, comment_;
  bool skip_space_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;  // of pos_ (a quoted field's line breaks count)
  std::size_t record_line_ = 0;
  std::deque<std::string> owned_;  // a deque: its strings never move, so views into them stay valid
};


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
  detail::check_csv_text(text);
  CsvScanner scan(text, options);
  std::vector<std::string_view> fields;
  if (!scan.next(fields)) detail::throw_data(step, "", "no header row");
  std::vector<std::string> header(fields.begin(), fields.end());
  for (const std::string& h : header) detail::check_csv_utf8(h, "", "the header", scan.line());
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
  // (memchr, not std::count: GCC compiles the count byte by byte.)
  std::size_t line_breaks = 1;
  for (const char *q = text.data(), *e = q + text.size();
       q != e && (q = static_cast<const char*>(std::memchr(q, '\n', static_cast<std::size_t>(e - q)))) != nullptr; ++q)
    ++line_breaks;
  struct Read {
    std::optional<Kind> kind;
    std::vector<detail::CsvKey> cells;  // kind not forced (a missing value: a view without data)
    std::vector<double> values;         // forced numeric
    std::vector<std::int32_t> codes;    // forced categorical
    detail::CsvLabelCodes labels;
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
  const char* const limit = text.data() + text.size();
  std::vector<std::size_t> lines;  // line of each row, for messages
  lines.reserve(line_breaks);
  while ((!options.nrows || lines.size() < *options.nrows) && scan.next(fields)) {
    if (fields.size() > p)
      detail::throw_data(step, "",
                         "line " + std::to_string(scan.line()) + " has " + std::to_string(fields.size()) +
                             " fields, the header has " + std::to_string(p));
    const std::size_t r = lines.size();
    lines.push_back(scan.line());
    // Forced kinds test a field against the missing markers only when it
    // is needed: a number is checked only if some marker is a number, a
    // label once, when the column's dictionary first meets it.
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t c = order[k];
      Read& col = read[k];
      if (!col.kind) {
        detail::CsvKey cell{};  // missing: a view without data
        if (c < fields.size() && !na.contains(fields[c])) cell = {fields[c], detail::csv_pack8(fields[c], limit)};
        col.cells.push_back(cell);
      } else if (*col.kind == Kind::numeric) {
        double v = std::numeric_limits<double>::quiet_NaN();
        if (c < fields.size()) {
          const std::string_view f = fields[c];
          if (f.empty() ? !na.empty_is_missing() : !detail::csv_parse_number(f, v)) {
            v = std::numeric_limits<double>::quiet_NaN();
            if (!na.contains(f) && !col.first_bad_row) {
              col.first_bad_row = r;
              col.first_bad = f;
            }
          } else if (na.has_numbers() && na.contains(f)) {
            v = std::numeric_limits<double>::quiet_NaN();
          }
        }
        if (r >= col.values.size()) col.values.resize(2 * r + 1);  // CR-only line ends: more rows than '\n's
        col.values[r] = v;
      } else {
        std::int32_t code = Column::missing_code;
        if (c < fields.size())
          code = col.labels.code({fields[c], detail::csv_pack8(fields[c], limit)},
                                 [&na](const detail::CsvKey& key) { return na.contains(key); });
        if (r >= col.codes.size()) col.codes.resize(2 * r + 1);
        col.codes[r] = code;
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
  // Labels are UTF-8 (what model files, specs and messages hold): each
  // distinct one is checked once, and the message names the line of its
  // first row.
  auto check_labels = [&](const std::string& name, const std::vector<std::string>& labels,
                          const std::vector<std::int32_t>& codes) {
    for (std::size_t code = 0; code < labels.size(); ++code)
      if (detail::first_invalid_utf8(labels[code])) {
        const auto r = static_cast<std::size_t>(
            std::find(codes.begin(), codes.end(), static_cast<std::int32_t>(code)) - codes.begin());
        detail::check_csv_utf8(labels[code], name, "the label", r < n ? lines[r] : 0);
      }
  };
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
      check_labels(name, col.labels.labels(), col.codes);
      frame.add(name, Column::categorical(std::move(col.codes), std::move(col.labels.labels())));
      col.labels = {};
      continue;
    }
    // Inferred: numeric when every present field is a number.
    const std::vector<detail::CsvKey>& column = col.cells;
    bool numeric = true;
    std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < n && numeric; ++r)
      if (column[r].text.data() != nullptr && !detail::csv_parse_number(column[r].text, values[r])) numeric = false;
    if (numeric) {
      frame.add(name, Column::numeric(std::move(values)));
    } else {
      std::vector<std::int32_t> codes(n, Column::missing_code);
      for (std::size_t r = 0; r < n; ++r)
        if (column[r].text.data() != nullptr) codes[r] = col.labels.code(column[r]);
      check_labels(name, col.labels.labels(), codes);
      frame.add(name, Column::categorical(std::move(codes), std::move(col.labels.labels())));
    }
    std::vector<detail::CsvKey>().swap(col.cells);  // this column's views are no longer needed
    col.labels = {};
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
