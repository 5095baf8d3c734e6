#pragma once
/// @file
/// Number → text the way Python prints it. Labels derived from numbers
/// (one-hot column names, interval labels) must match the reference's text,
/// and error messages quote values the way users see them in pandas.

#include <algorithm>
#include <array>
#include <charconv>  // to_chars/from_chars: shortest round trip, locale-independent
#include <cmath>
#include <cstdio>  // snprintf: fallback without floating-point to_chars
#include <cstdlib>
#include <limits>
#include <system_error>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/utf8.hpp"
#include "fepipe/core/detail/parse_number.hpp"  // parse_double: text → number, for the includers of this file

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Python's `repr(float)` formatted into a buffer the caller owns (no
/// allocation): shortest digits that round-trip, fixed notation when the
/// decimal exponent is in [-4, 16), scientific otherwise, a trailing ".0" on
/// integral values ("2.0", "1e-05", "1e+16", "inf", "-0.0").
class PythonFloatRepr {
 public:
  /// The text of x ("nan" for NaN); valid until the next call.
  std::string_view format(double x) noexcept {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    // Shortest round-trip digits and the decimal exponent, from to_chars'
    // scientific form "[-]d[.ddd]e±XX"; then laid out as Python does: fixed
    // for exponents in [-4, 16), scientific otherwise.
    std::array<char, 32> sci{};
#if defined(__cpp_lib_to_chars)
    const auto res = std::to_chars(sci.data(), sci.data() + sci.size(), x, std::chars_format::scientific);
#else
    // libc++ without floating-point to_chars (Emscripten, older NDKs): the
    // shortest %e precision that reads back to x is the same digit string.
    struct {
      char* ptr;
    } res{sci.data()};
    for (int prec = 0; prec <= 16; ++prec) {
      const int len = std::snprintf(sci.data(), sci.size(), "%.*e", prec, x);
      res.ptr = sci.data() + len;
      if (std::strtod(sci.data(), nullptr) == x) break;
    }
#endif
    const char* p = sci.data();
    std::size_t n = 0;
    if (*p == '-') {
      out_[n++] = '-';
      ++p;
    }
    std::array<char, 20> digits{};
    std::size_t nd = 0;
    for (; *p != 'e'; ++p)
      if (*p != '.') digits[nd++] = *p;
    int exp10 = 0;
    std::from_chars(p + (p[1] == '+' ? 2 : 1), res.ptr, exp10);
    auto put = [&](char c) { out_[n++] = c; };
    auto put_digits = [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i) put(digits[i]);
    };
    if (exp10 >= -4 && exp10 < 16) {
      if (exp10 < 0) {
        put('0');
        put('.');
        for (int i = 0; i < -exp10 - 1; ++i) put('0');
        put_digits(0, nd);
      } else if (static_cast<std::size_t>(exp10) + 1 >= nd) {
        put_digits(0, nd);
        for (std::size_t i = nd; i < static_cast<std::size_t>(exp10) + 1; ++i) put('0');
        put('.');
        put('0');
      } else {
        put_digits(0, static_cast<std::size_t>(exp10) + 1);
        put('.');
        put_digits(static_cast<std::size_t>(exp10) + 1, nd);
      }
    } else {
      put(digits[0]);
      if (nd > 1) {
        put('.');
        put_digits(1, nd);
      }
      put('e');
      put(exp10 < 0 ? '-' : '+');
      const int a = exp10 < 0 ? -exp10 : exp10;
      if (a >= 100) put(static_cast<char>('0' + a / 100));
      put(static_cast<char>('0' + (a / 10) % 10));
      put(static_cast<char>('0' + a % 10));
    }
    return {out_.data(), n};
  }

 private:
  std::array<char, 32> out_{};  // longest: "-2.2250738585072014e-308" (24)
};

/// Python's `repr(float)` as a string.
inline std::string python_float_repr(double x) { return std::string(PythonFloatRepr().format(x)); }

/// Quotes a label for an error message: control bytes and bytes that are
/// not UTF-8 are written as \xNN, so a message is always valid UTF-8 text
/// (a log line, a Python exception) whatever the data held; long labels are
/// cut so a hostile input cannot make a message arbitrarily large.
inline std::string quote_label(std::string_view label) {
  constexpr std::size_t max_len = 80;
  std::string out = "'";
  const std::size_t end = label.size() > max_len ? max_len : label.size();
  for (std::size_t i = 0; i < end;) {
    const auto b = static_cast<unsigned char>(label[i]);
    const std::size_t n = utf8_sequence_length(label, i);
    if (n == 0 || b < 0x20 || b == 0x7F) {
      constexpr char hex[] = "0123456789ABCDEF";
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 15];
      ++i;
    } else {
      out.append(label.substr(i, n));  // a sequence may end past max_len: kept whole
      i += n;
    }
  }
  if (label.size() > max_len) out += "...";
  out += "'";
  return out;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
