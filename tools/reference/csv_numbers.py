"""Edge cases of read_csv's number recognition and rounding.

Writes tests/data/reference/io/csv_numbers.csv, one row per field text:
  case               what the row tests
  text               the field, exactly as read_csv receives it
  number             1 when fepipe reads it as a number, 0 when as text
  bits               the expected double's IEEE bits (16 hex digits), empty for text
  python             repr(float(text)), or "error"
  pandas_default     pandas 1.5.3's reading (dtype:repr) with its default parser
  pandas_round_trip  the same with float_precision="round_trip"
  note               why fepipe differs from pandas, where it does

fepipe's rule (include/fepipe/io/csv.hpp): a field is a number when pandas'
C parser accepts its syntax (PANDAS_NUMBER / PANDAS_INFINITY below: blanks,
sign, digits with an optional point, an optional exponent; or an infinity
word), and its value is Python's float() of it, i.e. correctly rounded,
overflow to +-inf, underflow to +-0. That is pandas' round_trip reading
wherever pandas accepts the number; the script checks that every field
pandas reads as a number (in either mode) matches the syntax rule, and that
the fields where round_trip pandas reads text are only the ones listed in
RANGE_ARTEFACTS (pandas' range checks), so the reference cannot silently
disagree with pandas. Each field is read by pandas as the first row of a
one-column file whose second row is 2.5 (so integer inference does not
apply), with keep_default_na=False (so "nan" spellings are text, as they are
in fepipe with the same options).

Run with /usr/bin/python3 (pandas 1.5.3), from anywhere.
"""
import csv
import io
import re
import struct
import sys
from fractions import Fraction

import pandas as pd

from common import out_path

PANDAS_NUMBER = re.compile(r"[ \t\n\v\f\r]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\v\f\r]*")
PANDAS_INFINITY = re.compile(r"[+-]?(inf|infinity)", re.IGNORECASE)


def exact_decimal(fraction):
    """The exact decimal text of a dyadic rational (every double, and every
    halfway point between two doubles, is one)."""
    num, den = fraction.numerator, fraction.denominator
    k = 0
    while den % 2 == 0:
        den //= 2
        k += 1
    assert den == 1, "not dyadic"
    # num / 2^k = num * 5^k / 10^k
    digits = str(num * 5**k)
    if k == 0:
        return digits
    digits = digits.rjust(k + 1, "0")
    return digits[:-k] + "." + digits[-k:]


DBL_MAX = Fraction(2**1024 - 2**971)
OVERFLOW_HALFWAY = Fraction(2**1024 - 2**970)  # DBL_MAX + half an ulp: ties to even, which is inf
MIN_SUBNORMAL = Fraction(1, 2**1074)
UNDERFLOW_HALFWAY = Fraction(1, 2**1075)  # half the smallest subnormal: ties to even, which is 0
ONE_HALFWAY = 1 + Fraction(1, 2**53)  # between 1 and the next double: ties to even, which is 1

CASES = [
    # the two reproducers of issue 10 item 4
    ("repro: 400 zeros after the point, then 1 (1e-401)", "0." + "0" * 400 + "1"),
    ("repro: 1 and 400 zeros, e-5 (1e395)", "1" + "0" * 400 + "e-5"),
    # largest double and overflow
    ("DBL_MAX", "1.7976931348623157e308"),
    ("rounds down to DBL_MAX", "1.7976931348623158e308"),
    ("just above DBL_MAX: inf", "1.7976931348623159e308"),
    ("DBL_MAX exactly, 309 digits", exact_decimal(DBL_MAX)),
    ("halfway above DBL_MAX: ties to inf", exact_decimal(OVERFLOW_HALFWAY)),
    ("just below the halfway above DBL_MAX", exact_decimal(OVERFLOW_HALFWAY - 1)),
    ("1e309", "1e309"),
    ("-1e309", "-1e309"),
    ("1.5e308", "1.5e308"),
    # smallest normal and subnormals
    ("smallest normal", "2.2250738585072014e-308"),
    ("largest subnormal region", "2.2250738585072011e-308"),
    ("smallest subnormal", "4.9406564584124654e-324"),
    ("smallest subnormal, short", "5e-324"),
    ("smallest subnormal exactly", exact_decimal(MIN_SUBNORMAL)),
    ("a subnormal", "1.23456789e-310"),
    ("halfway to the smallest subnormal: ties to 0", exact_decimal(UNDERFLOW_HALFWAY)),
    ("just above that halfway: smallest subnormal", exact_decimal(UNDERFLOW_HALFWAY) + "0" * 30 + "1"),
    ("just below that halfway: 0", exact_decimal(UNDERFLOW_HALFWAY - Fraction(1, 2**1200))),
    ("above half the smallest subnormal", "2.4703282292062328e-324"),
    ("below half the smallest subnormal", "2.4703282292062327e-324"),
    ("rounds to 0", "1e-324"),
    ("rounds to -0", "-1e-400"),
    # long mantissas
    ("400 zeros after the point, then 1, e405", "0." + "0" * 400 + "1e405"),
    ("1 and 400 zeros, e-400", "1" + "0" * 400 + "e-400"),
    ("400-digit mantissa", "1234567890" * 40 + "e-380"),
    ("400 nines", "9" * 400),
    ("halfway between 1 and its successor: ties to 1", exact_decimal(ONE_HALFWAY)),
    ("that halfway, 800 zeros, then 1: rounds up", exact_decimal(ONE_HALFWAY) + "0" * 800 + "1"),
    ("that halfway, 800 zeros", exact_decimal(ONE_HALFWAY) + "0" * 800),
    ("0.1 with 1000 more digits of zeros", "0.1" + "0" * 1000),
    # long exponents
    ("1e-99999", "1e-99999"),
    ("1e99999", "1e99999"),
    ("-1e99999", "-1e99999"),
    ("-1e-99999", "-1e-99999"),
    ("0e99999", "0e99999"),
    ("exponent with 30 leading zeros", "1e0000000000000000000000000000001"),
    ("exponent 2^32", "1e4294967296"),
    ("exponent -2^32", "1e-4294967296"),
    ("exponent beyond 64 bits", "1e18446744073709551617"),
    ("negative exponent beyond 64 bits", "1e-18446744073709551617"),
    ("huge exponent, tiny mantissa", "0." + "0" * 500 + "1e501"),
    # forms
    ("leading +", "+1.5"),
    ("no integer digits", ".5"),
    ("no fraction digits", "5."),
    ("-.5", "-.5"),
    ("+.5", "+.5"),
    ("point then exponent", "1.e5"),
    ("exponent with sign and zeros", "1E-0005"),
    ("zeros", "000.000"),
    ("-0", "-0"),
    ("-0.0", "-0.0"),
    ("-0e5", "-0e5"),
    ("blanks around", " -1.5e3 "),
    ("tabs and +", "\t+.5\t"),
    ("vertical tab", "\v7"),
    ("form feed", "7\f"),
    ("carriage return and newline (quoted)", "\r7\n"),
    # exact fast path and its edges
    ("2^53 + 1: ties to even", "9007199254740993"),
    ("2^53 + 1 and a bit: up", "9007199254740993.0000000001"),
    ("1e22", "1e22"),
    ("1e23", "1e23"),
    ("12e30", "12e30"),
    ("9007199254740992e22", "9007199254740992e22"),
    ("30 digits", "123456789012345678901234567890"),
    ("0.1", "0.1"),
    ("17-digit repr", "0.30000000000000004"),
    ("17-digit repr", "0.39157245632065774"),
    ("repr of a tiny value", "1.0000000000000001e-307"),
    # infinities
    ("inf", "inf"),
    ("-inf", "-inf"),
    ("+inf", "+inf"),
    ("Inf", "Inf"),
    ("INF", "INF"),
    ("infinity", "infinity"),
    ("Infinity", "Infinity"),
    ("-Infinity", "-Infinity"),
    ("+INFINITY", "+INFINITY"),
    ("mixed case", "iNfInItY"),
    ("inf with a blank before", " inf"),
    ("inf with a blank after", "inf "),
    ("truncated infinity", "infinit"),
    # not numbers
    ("nan", "nan"),
    ("NaN", "NaN"),
    ("NAN", "NAN"),
    ("-nan", "-nan"),
    ("+nan", "+nan"),
    ("nan with payload", "nan(1)"),
    ("hex integer", "0x10"),
    ("hex float", "0x1p3"),
    ("underscore", "1_000"),
    ("exponent without digits", "1e"),
    ("exponent sign without digits", "1e+"),
    ("point and exponent only", ".e5"),
    ("point", "."),
    ("plus", "+"),
    ("minus", "-"),
    ("sign then blank", "- 1"),
    ("two numbers", "1 2"),
    ("blank in exponent", "1e 5"),
    ("two points", "1.2.3"),
    ("two signs", "--1"),
    ("+-", "+-1"),
    ("two exponent signs", "1e+-5"),
    ("Fortran exponent", "1d5"),
    ("MSVC infinity", "1.#INF"),
    ("no-break space", "\u00a07"),
]

# Fields pandas' round_trip reader keeps as text although they are well-formed
# decimal numbers, from two range checks of its parser: a result equal to
# +HUGE_VAL is an error (so +overflow is text while -overflow is -inf), and so
# is a non-negative field whose integer digits exceed 2^64 (its unsigned
# integer overflow check: 20 or more integer digits, whatever the fraction or
# exponent; "-" + 25 digits is a number). fepipe reads them as Python does.
RANGE_ARTEFACTS = {
    "repro: 1 and 400 zeros, e-5 (1e395)",
    "DBL_MAX exactly, 309 digits",
    "just above DBL_MAX: inf",
    "halfway above DBL_MAX: ties to inf",
    "just below the halfway above DBL_MAX",
    "1e309",
    "1e99999",
    "exponent 2^32",
    "exponent beyond 64 bits",
    "1 and 400 zeros, e-400",
    "400-digit mantissa",
    "400 nines",
    "30 digits",
}


def pandas_reading(text, **kw):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([["x"], [text], ["2.5"]])
    df = pd.read_csv(io.StringIO(buf.getvalue()), keep_default_na=False, na_values=[""], **kw)
    col = df["x"]
    return str(col.dtype), col.iloc[0]


def bits(x):
    return struct.pack(">d", x).hex()


def same(a, b):
    return bits(a) == bits(b)


def main():
    rows = []
    unexpected = []
    for case, text in CASES:
        number = bool(PANDAS_NUMBER.fullmatch(text) or PANDAS_INFINITY.fullmatch(text))
        try:
            py = float(text)
        except ValueError:
            py = None
        expected = py if number else None
        if number:
            assert py is not None, case
        readings = {}
        notes = []
        for mode, kw in (("default", {}), ("round_trip", {"float_precision": "round_trip"})):
            dtype, value = pandas_reading(text, **kw)
            readings[mode] = f"float64:{value!r}" if dtype == "float64" else "text"
            if dtype == "float64":
                if not number:
                    sys.exit(f"{case!r}: pandas ({mode}) reads {text!r} as a number, the syntax rule does not")
                if not same(value, expected):
                    if mode == "round_trip":
                        sys.exit(f"{case!r}: pandas round_trip gives {value!r}, Python {expected!r}")
                    notes.append(f"pandas' default parser gives {value!r} (not correctly rounded)")
            else:
                assert dtype == "object", dtype
                if number and mode == "round_trip" and case not in RANGE_ARTEFACTS:
                    unexpected.append(f"{case!r}: pandas round_trip reads it as text; add it to RANGE_ARTEFACTS?")
                if number and mode == "default" and case not in RANGE_ARTEFACTS:
                    notes.append("pandas' default parser reads text (its range check)")
        if number and case in RANGE_ARTEFACTS and readings["round_trip"] != "text":
            unexpected.append(f"{case!r}: listed in RANGE_ARTEFACTS but pandas round_trip reads a number")
        if number and case in RANGE_ARTEFACTS:
            notes.append("pandas reads text (its range check); Python's float() gives " + repr(expected))
        rows.append([case, text, "1" if number else "0", bits(expected) if number else "",
                     repr(py) if py is not None else "error", readings["default"], readings["round_trip"],
                     "; ".join(notes)])

    if unexpected:
        sys.exit("\n".join(unexpected))
    path = out_path("io", "csv_numbers.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
        w.writerow(["case", "text", "number", "bits", "python", "pandas_default", "pandas_round_trip", "note"])
        w.writerows(rows)
    print(f"wrote {path}: {len(rows)} fields")


if __name__ == "__main__":
    main()
