#pragma once
/// @file
/// Text → double, the one number parser of the library: read_csv's fields
/// (io/csv.hpp keeps pandas' text rules and calls parse_decimal for the
/// number), the numbers of JSON model files (io/detail/json_prescan.hpp),
/// labels and fill values (parse_double) and the reference files of the
/// tests.
///
/// Value. Correctly rounded (Python's `float()` of the text) over the whole
/// range, subnormals included, however many digits the mantissa or the
/// exponent has; beyond DBL_MAX (from DBL_MAX + half an ulp) it is ±inf and
/// at or below half the smallest subnormal ±0. Which way an out-of-range
/// number went is decided by its decimal exponent (that of its first
/// non-zero digit), never by the text: a `-` after the `e` says nothing about
/// 1000...0e-5.
///
/// How. Where the standard library has std::from_chars for double, as
/// `__cpp_lib_to_chars` says (libstdc++ 12+, MSVC), the value is from_chars
/// of the text: correctly rounded for any number of digits, and fast; for a
/// text starting with a digit or a point its syntax is parse_decimal's. It
/// reports out-of-range results without a value: then the scan below finds
/// the decimal exponent, which says overflow or underflow. Elsewhere (libc++
/// 14 of the clang CI build, Emscripten) the scan checks the syntax and
/// settles out-of-range exponents; up to 16 significant digits with a small
/// exponent make one exact double multiplication or division (Clinger's fast
/// path: most numbers of data files); the rest goes to strtod as a canonical
/// `<digits>e<exponent>` of at most 769 digits: any longer tail becomes one
/// non-zero sticky digit, which keeps the rounding since every halfway point
/// between two doubles has at most 767 significant digits. glibc's, musl's
/// and Apple's strtod are correctly rounded, and the canonical text has no
/// decimal point, so the locale's LC_NUMERIC cannot change its reading. That
/// path is compiled everywhere (parse_decimal_portable), so the tests check
/// it on every platform.
/// fast_float was not chosen: picking it by `__has_include` would make the
/// same inline function differ with each consumer's include path, for a
/// dependency fepipe's package does not declare.

#include <array>
#include <cerrno>
#include <cfloat>    // FLT_EVAL_METHOD: the exact fast path needs plain double arithmetic
#include <charconv>  // from_chars (double) where the library has it; to_chars (the exponent)
#include <cstddef>
#include <cstdint>
#include <cstdlib>  // strtod: the conversion where from_chars for double is missing
#include <limits>
#include <string_view>
#include <system_error>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

constexpr bool ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// A decimal number's parts as written: [int_first, int_last) the integer
/// digits, [frac_first, frac_last) the fraction digits, `exponent` the one
/// written after the e (0 if none; saturated far beyond the double range).
struct DecimalDigits {
  const char* int_first = nullptr;
  const char* int_last = nullptr;
  const char* frac_first = nullptr;
  const char* frac_last = nullptr;
  std::int64_t exponent = 0;

  /// Reads [p, end) as `digits[.digits][(e|E)[+|-]digits]` with at least one
  /// mantissa digit; false if it is not exactly that.
  bool scan(const char* p, const char* end) noexcept {
    int_first = p;
    while (p != end && ascii_digit(*p)) ++p;
    int_last = frac_first = frac_last = p;
    if (p != end && *p == '.') {
      frac_first = ++p;
      while (p != end && ascii_digit(*p)) ++p;
      frac_last = p;
    }
    if (int_first == int_last && frac_first == frac_last) return false;
    // The written exponent saturates far beyond the double range (and beyond
    // any text's digit count, which shifts it below), so it cannot overflow.
    constexpr std::int64_t exponent_cap = std::int64_t{1} << 50;
    exponent = 0;
    if (p != end && (*p == 'e' || *p == 'E')) {
      ++p;
      bool exponent_negative = false;
      if (p != end && (*p == '+' || *p == '-')) {
        exponent_negative = *p == '-';
        ++p;
      }
      if (p == end || !ascii_digit(*p)) return false;
      for (; p != end && ascii_digit(*p); ++p)
        if (exponent < exponent_cap) exponent = exponent * 10 + (*p - '0');
      if (exponent_negative) exponent = -exponent;
    }
    return p == end;
  }

  /// Where the significant digits start: `first` is the first non-zero digit
  /// and the value is 0.d1d2d3... × 10^`sci`, so that 10^(sci-1) ≤ |value| <
  /// 10^sci. False when every digit is zero.
  bool locate(const char*& first, std::int64_t& sci) const noexcept {
    first = int_first;
    while (first != int_last && *first == '0') ++first;
    if (first != int_last) {
      sci = static_cast<std::int64_t>(int_last - first) + exponent;
      return true;
    }
    first = frac_first;
    while (first != frac_last && *first == '0') ++first;
    sci = exponent - static_cast<std::int64_t>(first - frac_first);
    return first != frac_last;
  }
};

/// Significant digits kept before the sticky digit (see the file comment):
/// an exact halfway point between two doubles has at most 767.
inline constexpr std::size_t decimal_kept_digits = 768;

/// The magnitude of a scanned number whose first non-zero digit is `first`
/// and decimal exponent `sci` (within 1e-324..1e310), without from_chars:
/// Clinger's fast path, else strtod of the canonical text (file comment).
/// strtod's result is right on overflow (HUGE_VAL) and underflow too; its
/// ERANGE report is dropped, with errno restored for the caller.
inline double decimal_magnitude_strtod(const DecimalDigits& d, const char* first, std::int64_t sci) noexcept {
  const bool in_int = first < d.int_last;
  const std::size_t significant = in_int ? static_cast<std::size_t>(d.int_last - first) +
                                               static_cast<std::size_t>(d.frac_last - d.frac_first)
                                         : static_cast<std::size_t>(d.frac_last - first);
#if FLT_EVAL_METHOD == 0 && !defined(__FAST_MATH__)
  // Up to 16 significant digits may make an integer m ≤ 2^53; when it and
  // the power of ten are exact doubles, one IEEE multiplication or division
  // rounds the exact value once.
  if (significant <= 16) {
    std::uint64_t m = 0;
    auto add = [&m](const char* from, const char* to) {
      for (; from != to; ++from) m = m * 10 + static_cast<std::uint64_t>(*from - '0');
    };
    if (in_int) {
      add(first, d.int_last);
      add(d.frac_first, d.frac_last);
    } else {
      add(first, d.frac_last);
    }
    static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    constexpr std::uint64_t exact = std::uint64_t{1} << 53;
    std::int64_t exp10 = sci - static_cast<std::int64_t>(significant);  // value = m × 10^exp10
    if (m <= exact && exp10 >= -22 && exp10 < 0) return static_cast<double>(m) / pow10[-exp10];
    if (m <= exact && exp10 >= 0 && exp10 <= 22 + 15) {
      for (; exp10 > 22 && m <= exact; --exp10) m *= 10;  // 12e30 = 12000000e25 = ...
      if (m <= exact) return static_cast<double>(m) * pow10[exp10];
    }
  }
#endif
  // Significant digits without the point, trailing zeros dropped; past
  // decimal_kept_digits only whether a non-zero digit follows (the sticky digit).
  std::array<char, decimal_kept_digits + 32> buf;
  std::size_t n = 0;
  bool sticky = false;
  auto take = [&](const char* from, const char* to) {
    for (; from != to; ++from) {
      if (n < decimal_kept_digits)
        buf[n++] = *from;
      else if (*from != '0')
        sticky = true;
    }
  };
  if (in_int) {
    take(first, d.int_last);
    take(d.frac_first, d.frac_last);
  } else {
    take(first, d.frac_last);
  }
  if (!sticky)
    while (buf[n - 1] == '0') --n;  // stops at d1 ≠ 0
  std::int64_t exp10 = sci - static_cast<std::int64_t>(n);  // value = digits × 10^exp10
  if (sticky) {
    buf[n++] = '1';
    --exp10;
  }
  char* p = buf.data() + n;
  *p++ = 'e';
  p = std::to_chars(p, p + 24, exp10).ptr;
  *p = '\0';
  const int saved_errno = errno;
  const double v = std::strtod(buf.data(), nullptr);
  errno = saved_errno;
  return v;
}

/// parse_decimal's scan and out-of-range branch; `use_from_chars` says
/// whether from_chars has settled in-range values already.
template <bool use_from_chars>
bool parse_decimal_scan(const char* p, const char* end, bool negative, double& out) noexcept {
  DecimalDigits d;
  if (!d.scan(p, end)) return false;
  const double sign = negative ? -1.0 : 1.0;
  constexpr double inf = std::numeric_limits<double>::infinity();
  const char* first = nullptr;
  std::int64_t sci = 0;
  if (!d.locate(first, sci)) {
    out = sign * 0.0;  // every digit is zero, whatever the exponent
    return true;
  }
  if (sci > 310) {  // ≥ 1e310
    out = sign * inf;
    return true;
  }
  if (sci < -323) {  // < 1e-324, below half the smallest subnormal (2.47e-324)
    out = sign * 0.0;
    return true;
  }
#if defined(__cpp_lib_to_chars)
  if constexpr (use_from_chars) {
    // Here from_chars found the text out of range (within 1e-324..1e310, as
    // DBL_MAX + half an ulp or half the smallest subnormal are) and left the
    // value alone: the decimal exponent says which way it went.
    double v = 0.0;
    const auto res = std::from_chars(p, end, v);
    if (res.ec == std::errc::result_out_of_range)
      v = sci > 0 ? inf : 0.0;
    else if (res.ec != std::errc() || res.ptr != end)
      return false;  // not reached: the syntaxes are the same
    out = sign * v;
    return true;
  }
#endif
  out = sign * decimal_magnitude_strtod(d, first, sci);
  return true;
}

/// The commonest numbers of data files, `digits[.digits]` with at most 15
/// digits and no exponent, read exactly without from_chars: the digits make
/// an integer m < 10^15 < 2^53 and the fraction f ≤ 15 digits a power 10^f
/// ≤ 10^22, both exact doubles, so m / 10^f is one correctly rounded IEEE
/// division (Clinger's fast path, as in decimal_magnitude_strtod). False,
/// with `out` untouched, for any other text (the general reading decides).
/// A quarter of `fepipe predict`'s time went to from_chars on such fields.
inline bool parse_short_decimal(const char* first, const char* last, bool negative, double& out) noexcept {
#if FLT_EVAL_METHOD == 0 && !defined(__FAST_MATH__)
  if (last - first > 16) return false;
  std::uint64_t m = 0;
  const char* point = nullptr;
  for (const char* p = first; p != last; ++p) {
    const auto digit = static_cast<unsigned>(static_cast<unsigned char>(*p) - '0');
    if (digit < 10)
      m = m * 10 + digit;
    else if (*p == '.' && point == nullptr)
      point = p;
    else
      return false;
  }
  const auto digits = (last - first) - (point != nullptr);
  if (digits == 0 || digits > 15) return false;
  static constexpr double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  double v = static_cast<double>(m);
  if (point != nullptr) v /= pow10[last - point - 1];
  out = negative ? -v : v;
  return true;
#else
  (void)first, (void)last, (void)negative, (void)out;
  return false;
#endif
}

/// Reads [first, last) as `digits[.digits][(e|E)[+|-]digits]` (at least one
/// mantissa digit: `5.`, `.5`, `5e-3`; no sign, blanks, hexadecimal or
/// words: the callers' text rules are theirs), negated if `negative`.
/// False (and `out` unspecified) if the text is not exactly that. Does not
/// allocate.
inline bool parse_decimal(const char* first, const char* last, bool negative, double& out) noexcept {
#if defined(__cpp_lib_to_chars)
  // from_chars' syntax for a text starting with a digit or a point is the
  // one above (no hexadecimal in chars_format::general), so a text it reads
  // whole is a number. The rest (out of range, or not a number) takes the scan.
  if (parse_short_decimal(first, last, negative, out)) return true;
  if (first != last && (ascii_digit(*first) || *first == '.')) {
    double v = 0.0;
    const auto res = std::from_chars(first, last, v);
    if (res.ec == std::errc() && res.ptr == last) {
      out = negative ? -v : v;
      return true;
    }
  }
  return parse_decimal_scan<true>(first, last, negative, out);
#else
  return parse_decimal_scan<false>(first, last, negative, out);
#endif
}

/// parse_decimal without from_chars, on every platform: what builds
/// without floating-point from_chars run; the tests compare the two.
inline bool parse_decimal_portable(const char* first, const char* last, bool negative, double& out) noexcept {
  return parse_decimal_scan<false>(first, last, negative, out);
}

/// Which texts parse_double takes as numbers. Each adds to the one before.
enum class NumberText : std::uint8_t {
  /// `[-]` decimal (parse_decimal): JSON's numbers, whose stricter grammar
  /// (no `.5`, no leading zeros) the JSON reader checks before.
  json,
  /// Also `nan`, `inf` and `-inf`, as Python's repr(float) writes them: the
  /// reference files of the tests.
  repr,
  /// Also blanks (' ', '\t') around, a leading `+`, and C's words after the
  /// sign, in any case: `inf`, `infinity`, `nan`, `nan(chars)` (letters,
  /// digits, '_'). Labels and fill values as users write them
  /// (CategoricalImputer's numeric fill, the encoders' label order and
  /// number categories): the syntax parse_double has always had (from_chars'
  /// after the blanks and a `+`), now on every platform (strtod, where
  /// from_chars was missing, also took hexadecimal).
  label,
};

/// Whether `word` (lower-case letters) is `text`, in any case if `any_case`.
inline bool is_number_word(std::string_view text, std::string_view word, bool any_case) noexcept {
  if (text.size() != word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((any_case ? static_cast<char>(text[i] | 0x20) : text[i]) != word[i]) return false;
  return true;
}

/// Infinity's words after the sign: `inf`, and with `any_case` also
/// `infinity`, in any case (C's and pandas' spellings).
inline bool parse_infinity_word(std::string_view s, bool negative, bool any_case, double& out) noexcept {
  if (!is_number_word(s, "inf", any_case) && !(any_case && is_number_word(s, "infinity", true))) return false;
  out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  return true;
}

/// The words of parse_double after the sign: infinity's, and NaN's (`nan`;
/// with `any_case` also `nan(chars)` in any case and a `-`).
inline bool parse_number_word(std::string_view s, bool negative, bool any_case, double& out) noexcept {
  if (parse_infinity_word(s, negative, any_case, out)) return true;
  if (!any_case && negative) return false;  // repr writes no "-nan"
  bool nan = is_number_word(s, "nan", any_case);
  if (!nan && any_case && s.size() >= 5 && is_number_word(s.substr(0, 3), "nan", true) && s[3] == '(' &&
      s.back() == ')') {
    nan = true;
    for (char c : s.substr(4, s.size() - 5))
      if (!(ascii_digit(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) nan = false;
  }
  if (!nan) return false;
  out = negative ? -std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::quiet_NaN();
  return true;
}

/// Parses a whole text as a double, correctly rounded, with the syntax of
/// `syntax` (NumberText); false (and `out` unspecified) if the text is not
/// such a number. The default is that of labels and fill values.
inline bool parse_double(std::string_view s, double& out, NumberText syntax = NumberText::label) noexcept {
  const bool label = syntax == NumberText::label;
  if (label) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  }
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || (label && s.front() == '+'))) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (parse_decimal(s.data(), s.data() + s.size(), negative, out)) return true;
  return syntax != NumberText::json && parse_number_word(s, negative, label, out);
}

}  // namespace detail
FEPIPE_NAMESPACE_END
