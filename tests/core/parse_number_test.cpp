// detail::parse_decimal and parse_double: the library's one number parser.
// Expected values are the bits of Python's float() of each text
// (/usr/bin/python3, struct.pack('<d', float(text))).

#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/core/detail/parse_number.hpp"

namespace core_parse_number_test {

using namespace fepipe;

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

/// The exact decimal text of m × 2^exp2 (integers as "<digits>", fractions
/// as "0.<digits>"): halfway points between doubles, written in full.
std::string exact_decimal(std::uint64_t m, int exp2) {
  std::vector<int> digits;  // least significant first
  for (; m != 0; m /= 10) digits.push_back(static_cast<int>(m % 10));
  auto multiply = [&](int factor) {
    int carry = 0;
    for (int& d : digits) {
      const int v = d * factor + carry;
      d = v % 10;
      carry = v / 10;
    }
    for (; carry != 0; carry /= 10) digits.push_back(carry % 10);
  };
  for (int i = 0; i < (exp2 < 0 ? -exp2 : exp2); ++i) multiply(exp2 < 0 ? 5 : 2);  // m·2^-k = m·5^k / 10^k
  const std::size_t point = exp2 < 0 ? static_cast<std::size_t>(-exp2) : 0;  // digits after the point
  while (digits.size() <= point) digits.push_back(0);
  std::string out;
  for (std::size_t i = digits.size(); i-- > 0;) {
    out += static_cast<char>('0' + digits[i]);
    if (i == point && point != 0) out += '.';
  }
  return out;
}

/// Both implementations of parse_decimal (from_chars where the library has
/// it, and the portable one) on a text without sign, and parse_double.
void check_value(const std::string& text, std::uint64_t expected) {
  INFO(text.size() << " chars: " << (text.size() > 80 ? text.substr(0, 80) + "..." : text));
  double v = -1.0;
  REQUIRE(detail::parse_decimal(text.data(), text.data() + text.size(), false, v));
  CHECK(bits(v) == expected);
  v = -1.0;
  REQUIRE(detail::parse_decimal_portable(text.data(), text.data() + text.size(), false, v));
  CHECK(bits(v) == expected);
  v = 1.0;
  REQUIRE(detail::parse_decimal(text.data(), text.data() + text.size(), true, v));
  CHECK(bits(v) == (expected | 0x8000000000000000u));
  for (auto syntax : {detail::NumberText::json, detail::NumberText::repr, detail::NumberText::label}) {
    v = -1.0;
    REQUIRE(detail::parse_double(text, v, syntax));
    CHECK(bits(v) == expected);
    REQUIRE(detail::parse_double("-" + text, v, syntax));
    CHECK(bits(v) == (expected | 0x8000000000000000u));
  }
}

}  // namespace

TEST_CASE("parse_decimal: boundaries of the double range, correctly rounded") {
  const std::string half_above_max = exact_decimal((std::uint64_t{1} << 54) - 1, 970);  // DBL_MAX + half an ulp
  const std::string half_min = exact_decimal(1, -1075);                                   // half the smallest subnormal
  REQUIRE(half_above_max.size() == 309);
  REQUIRE(half_min.size() == 1077);
  const std::vector<std::pair<std::string, std::uint64_t>> cases = {
      {"1.7976931348623157e308", 0x7fefffffffffffff},  // DBL_MAX
      {"1.7976931348623158e308", 0x7fefffffffffffff},
      {"1.7976931348623159e308", 0x7ff0000000000000},  // the next above rounds to inf
      {half_above_max, 0x7ff0000000000000},           // halfway: to even, which is inf
      {half_above_max.substr(0, 40) + std::string(half_above_max.size() - 40, '0'), 0x7fefffffffffffff},
      {half_above_max + ".0000000000000000000000000000001", 0x7ff0000000000000},
      {"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330"
       "286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069"
       "855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
       0x7fefffffffffffff},  // one below the halfway point
      {"1e309", 0x7ff0000000000000},
      {"4.9406564584124654e-324", 0x0000000000000001},  // the smallest subnormal
      {"2.4703282292062327e-324", 0x0000000000000000},
      {"2.4703282292062328e-324", 0x0000000000000001},
      {half_min, 0x0000000000000000},  // halfway: to even, which is 0
      {half_min + "00000000000000000000000000001", 0x0000000000000001},
      {exact_decimal(3, -1075), 0x0000000000000002},  // halfway between subnormals, to even
      {exact_decimal(5, -1075), 0x0000000000000002},
      {exact_decimal((std::uint64_t{1} << 53) - 1, -1075), 0x0010000000000000},  // to DBL_MIN
      {"1e-324", 0x0000000000000000},
      {"3e-324", 0x0000000000000001},
      {"7.4109846876186982e-324", 0x0000000000000002},
      {"2.2250738585072011e-308", 0x000fffffffffffff},
      {"2.2250738585072014e-308", 0x0010000000000000},  // DBL_MIN
      {"8.98846567431158e307", 0x7fe0000000000000},
  };
  for (const auto& [text, expected] : cases) check_value(text, expected);
}

TEST_CASE("parse_decimal: halfway cases and long mantissas") {
  const std::string half_one = exact_decimal((std::uint64_t{1} << 53) + 1, -53);  // 1 + half an ulp
  const std::string half_odd = exact_decimal((std::uint64_t{1} << 53) + 3, -53);
  REQUIRE(half_one == "1.00000000000000011102230246251565404236316680908203125");
  const std::vector<std::pair<std::string, std::uint64_t>> cases = {
      {half_one, 0x3ff0000000000000},                                      // to even: down
      {half_one + std::string(1000, '0') + "1", 0x3ff0000000000001},       // a digit 1000 places on: up
      {half_odd, 0x3ff0000000000002},                                      // to even: up
      {half_odd + std::string(1000, '0'), 0x3ff0000000000002},
      {"9007199254740993", 0x4340000000000000},  // 2^53 + 1: halfway, to even
      {"9007199254740995", 0x4340000000000002},
      {"9999999999999999", 0x4341c37937e08000},  // 16 digits beyond 2^53
      {"0.1", 0x3fb999999999999a},
      {"1e23", 0x44b52d02c7e14af6},
      {"12e30", 0x4662eec2eb3869af},
      {"123456789012345678901234567890", 0x45f8ee90ff6c373e},
      {std::string(100, '7') + "e-5", 0x53a2a4bad16a643d},
      {"0." + std::string(120, '0') + "1", 0x26d086c219697e2c},
      {std::string(400, '0') + "1.5", 0x3ff8000000000000},
      {"5.", 0x4014000000000000},
      {".5", 0x3fe0000000000000},
      {"0", 0x0000000000000000},
      {"1E-2", 0x3f847ae147ae147b},
  };
  for (const auto& [text, expected] : cases) check_value(text, expected);
}

TEST_CASE("parse_decimal: out of range by the decimal exponent, never by the sign after the e") {
  const std::vector<std::pair<std::string, std::uint64_t>> cases = {
      {"1" + std::string(400, '0') + "e-5", 0x7ff0000000000000},      // 1e395
      {"0." + std::string(400, '0') + "1", 0x0000000000000000},       // 1e-401
      {"0." + std::string(400, '0') + "1e500", 0x547d42aea2879f2e},   // 1e99
      {"1" + std::string(400, '0') + "e-400", 0x3ff0000000000000},    // 1
      {"1" + std::string(400, '0') + "e-800", 0x0000000000000000},    // 1e-400
      {"1" + std::string(300, '0') + "e-632", 0x0000000000000000},    // 1e-332
      {"1e" + std::string(500, '0') + "5", 0x40f86a0000000000},       // long exponents, both signs
      {"1e-" + std::string(500, '0') + "5", 0x3ee4f8b588e368f1},
      {"1e+" + std::string(500, '9'), 0x7ff0000000000000},
      {"1e-" + std::string(500, '9'), 0x0000000000000000},
      {"0e" + std::string(500, '9'), 0x0000000000000000},
      {"0." + std::string(500, '0') + "e-" + std::string(500, '9'), 0x0000000000000000},
      {"0." + std::string(30, '0') + "1e" + std::string(30, '0') + "330", 0x7e031cfd3999f7b0},  // 1e299
  };
  for (const auto& [text, expected] : cases) check_value(text, expected);
}

TEST_CASE("parse_decimal agrees with its portable path on random doubles") {
  std::mt19937_64 rng(20240611);
  char buf[64];
  for (int i = 0; i < 20000; ++i) {
    const double x = std::bit_cast<double>(rng() & 0x7fffffffffffffffu);
    if (!std::isfinite(x)) continue;
    for (int precision : {-1, 25}) {
      const int n = precision < 0 ? static_cast<int>(std::to_chars(buf, buf + sizeof buf, x).ptr - buf)
                                  : std::snprintf(buf, sizeof buf, "%.*e", precision, x);
      double a = 0.0, b = 0.0;
      REQUIRE(detail::parse_decimal(buf, buf + n, false, a));
      REQUIRE(detail::parse_decimal_portable(buf, buf + n, false, b));
      INFO(std::string(buf, static_cast<std::size_t>(n)));
      REQUIRE(bits(a) == bits(b));
      if (precision < 0) REQUIRE(bits(a) == bits(x));  // shortest text reads back
    }
  }
}

TEST_CASE("parse_short_decimal: exact where it answers, and it answers for up to 15 digits without exponent") {
  // Every shape it takes: 1..15 digits, the point anywhere (or none),
  // leading and trailing zeros; it must give the general reading's bits.
  std::mt19937_64 rng(20261207);
  char buf[32];
  for (int i = 0; i < 200000; ++i) {
    const int digits = 1 + static_cast<int>(rng() % 15);
    const int point = static_cast<int>(rng() % static_cast<unsigned>(digits + 2)) - 1;  // -1: none
    int n = 0;
    for (int d = 0; d < digits; ++d) {
      if (d == point) buf[n++] = '.';
      buf[n++] = static_cast<char>('0' + (rng() % 4 == 0 ? 0 : rng() % 10));
    }
    if (point == digits) buf[n++] = '.';
    double fast = 0.0, general = 0.0;
    INFO(std::string(buf, static_cast<std::size_t>(n)));
    const bool negative = (i & 1) != 0;
    REQUIRE(detail::parse_short_decimal(buf, buf + n, negative, fast));
    REQUIRE(detail::parse_decimal_portable(buf, buf + n, negative, general));
    REQUIRE(bits(fast) == bits(general));
  }
  // What it leaves to the general reading.
  double v = 0.0;
  for (std::string_view s : {"", ".", "1.2.3", "1e5", "1234567890123456", "0.000000000000001", "+1", "-1", "1 ",
                             "inf", "1_0", "0x10"})
    CHECK_FALSE(detail::parse_short_decimal(s.data(), s.data() + s.size(), false, v));
  CHECK(detail::parse_short_decimal("123456789012345", "123456789012345" + 15, false, v));
  CHECK(v == 123456789012345.0);
}

TEST_CASE("parse_double: each NumberText's syntax") {
  using detail::NumberText;
  auto reads = [](std::string_view s, NumberText syntax) {
    double v = 0.0;
    return detail::parse_double(s, v, syntax);
  };
  auto value = [](std::string_view s, NumberText syntax) {
    double v = 0.0;
    REQUIRE(detail::parse_double(s, v, syntax));
    return v;
  };
  constexpr double inf = std::numeric_limits<double>::infinity();
  // Not numbers in any syntax.
  for (std::string_view s : {"", "-", "+", ".", "-.", "1e", "1e+", ".e5", "e5", "1.2.3", "--1", "+-1", "-+1", "1_000",
                             "0x10", "0x1p3", "1 2", "1,5", "infinit", "infinityx", "nanx", "nan(", "nan(a-b)", "Infinity1"})
    for (auto syntax : {NumberText::json, NumberText::repr, NumberText::label}) {
      INFO("'" << s << "' syntax " << static_cast<int>(syntax));
      CHECK_FALSE(reads(s, syntax));
    }
  // json: [-] decimal only.
  for (std::string_view s : {"nan", "inf", "-inf", " 1", "1 ", "+1", "Infinity"}) {
    INFO(s);
    CHECK_FALSE(reads(s, NumberText::json));
  }
  CHECK(value("-0", NumberText::json) == 0.0);
  CHECK(std::signbit(value("-0", NumberText::json)));
  // repr: also Python's nan, inf, -inf; nothing else.
  CHECK(std::isnan(value("nan", NumberText::repr)));
  CHECK(value("inf", NumberText::repr) == inf);
  CHECK(value("-inf", NumberText::repr) == -inf);
  for (std::string_view s : {"-nan", "+nan", "NaN", "Inf", "infinity", "+1", " 1", "1\t", "nan(1)"}) {
    INFO(s);
    CHECK_FALSE(reads(s, NumberText::repr));
  }
  // label: also blanks, '+', C's words in any case (what parse_double read before).
  CHECK(value(" +1.5\t", NumberText::label) == 1.5);
  CHECK(value("\t-2e3 ", NumberText::label) == -2000.0);
  CHECK(value("+.5", NumberText::label) == 0.5);
  CHECK(value("INFINITY", NumberText::label) == inf);
  CHECK(value("-Inf", NumberText::label) == -inf);
  CHECK(value("+infinity", NumberText::label) == inf);
  CHECK(std::isnan(value("NaN", NumberText::label)));
  CHECK(std::isnan(value("+nan", NumberText::label)));
  CHECK(std::signbit(value("-nan", NumberText::label)));
  CHECK(std::isnan(value("nan(abc_19)", NumberText::label)));
  CHECK(std::isnan(value("NAN()", NumberText::label)));
  for (std::string_view s : {"\n1", "1\r", "+ 1", "- 1", "in f"}) {
    INFO(s);
    CHECK_FALSE(reads(s, NumberText::label));
  }
  // The default is label's, whatever the length of the text.
  double v = 0.0;
  REQUIRE(detail::parse_double(" 0." + std::string(1000, '0') + "1e1001 ", v));
  CHECK(v == 1.0);
}

}  // namespace core_parse_number_test
