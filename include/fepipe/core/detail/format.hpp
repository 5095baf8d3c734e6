#pragma once
/// @file
/// Number → text the way Python prints it. Labels derived from numbers
/// (one-hot column names, interval labels) must match the reference's text,
/// and error messages quote values the way users see them in pandas.

#include <array>
#include <charconv>  // to_chars/from_chars: shortest round trip, locale-independent
#include <cmath>
#include <cstdlib>
#include <limits>
#include <system_error>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Python's `repr(float)`: shortest digits that round-trip, fixed notation
/// when the decimal exponent is in [-4, 16), scientific otherwise, and a
/// trailing ".0" on integral values ("2.0", "1e-05", "1e+16", "inf", "nan").
inline std::string python_float_repr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  std::array<char, 64> buf{};
  // Scientific shortest form gives the digit string and the exponent.
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::scientific);
  std::string_view sci(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
  std::string out;
  std::size_t pos = 0;
  if (sci[0] == '-') {
    out.push_back('-');
    pos = 1;
  }
  const std::size_t epos = sci.find('e');
  std::string digits;
  for (std::size_t i = pos; i < epos; ++i)
    if (sci[i] != '.') digits.push_back(sci[i]);
  const int exp10 = std::atoi(std::string(sci.substr(epos + 1)).c_str());
  const int ndigits = static_cast<int>(digits.size());
  if (exp10 >= -4 && exp10 < 16) {
    if (exp10 < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp10 - 1), '0');
      out += digits;
    } else if (exp10 + 1 >= ndigits) {
      out += digits;
      out.append(static_cast<std::size_t>(exp10 + 1 - ndigits), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(exp10 + 1));
      out += '.';
      out += digits.substr(static_cast<std::size_t>(exp10 + 1));
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (ndigits > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += 'e';
  out += exp10 < 0 ? '-' : '+';
  const int a = exp10 < 0 ? -exp10 : exp10;
  if (a < 10) out += '0';
  out += std::to_string(a);
  return out;
}

/// Quotes a label for an error message; long labels are cut so a hostile
/// input cannot make a message arbitrarily large.
inline std::string quote_label(std::string_view label) {
  constexpr std::size_t max_len = 80;
  std::string out = "'";
  if (label.size() > max_len) {
    out.append(label.substr(0, max_len));
    out += "...";
  } else {
    out.append(label);
  }
  out += "'";
  return out;
}

/// Parses a whole text field as a double, correctly rounded (surrounding blanks and a leading '+'
/// allowed, as pandas' parser does).
inline bool parse_double(std::string_view s, double& out) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return false;
  }
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  if (ec == std::errc::result_out_of_range) {
    // from_chars reports overflow/underflow as an error; pandas gives ±inf / 0.
    double sign = s.front() == '-' ? -1.0 : 1.0;
    const bool tiny = s.find_first_of("eE") != std::string_view::npos &&
                      s.find('-', s.find_first_of("eE")) != std::string_view::npos;
    out = tiny ? 0.0 * sign : sign * std::numeric_limits<double>::infinity();
    return true;
  }
  return ec == std::errc() && ptr == end;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
