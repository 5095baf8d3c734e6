"""Reference outputs for discretisation, variable transformation and outliers.

Writes tests/data/reference/{discretise,transform,outlier}/ and the hand-made
inputs tests/data/inputs/<class>_*.csv, for:
- EqualFrequencyDiscretiser, EqualWidthDiscretiser, ArbitraryDiscretiser,
  DecisionTreeDiscretiser (binner_dict_, scores_dict_, transforms);
- LogCpTransformer, ReciprocalTransformer, PowerTransformer,
  BoxCoxTransformer, ArcsinTransformer (C_, lambda_dict_, transforms and
  inverse transforms), and the Yeo-Johnson lambda of both optimisers;
- Winsorizer, OutlierTrimmer, ArbitraryOutlierCapper (caps, fold_,
  transforms, the rows a trimmer keeps);
- DecisionTreeEncoder (encoder_dict_, transforms);
on House Prices, Titanic and small hand-made frames (ties, negative values,
tiny and huge magnitudes, a constant column, a single row). Inputs the
reference rejects (NaN, ±inf, zeros for a reciprocal, ...) are recorded as
`<case>__raises.csv` (the exception the reference raised), so the tests can
check that fepipe rejects the same inputs.

feature-engine 1.6.2 runs the reference; where it differs from 1.9.4 (the
behaviour fepipe follows) the case says so and feeds 1.6.2 the 1.9.4 choice:
- Winsorizer/OutlierTrimmer fold: 1.9.4 defaults to 'auto' and learns fold_
  (gaussian 3, iqr 1.5, mad 3.29, quantiles 0.05); 1.6.2 defaults to 3
  (0.05 for quantiles). The generator passes fold_ explicitly.
- LogCpTransformer C='auto': 1.9.4 uses C = 0 for variables whose minimum
  is positive, 1.6.2 |min| + 1 for all. The generator passes 1.9.4's C_ as a
  dict.
- PowerTransformer: 1.9.4 casts the variables to float first (1.6.2 keeps
  integer powers of integer columns integral); the inputs are cast here.
- DecisionTreeDiscretiser: 1.6.2 has only bin_output='prediction' without
  precision; the 1.9.4 outputs (precision rounding, 'bin_number',
  'boundaries') are derived from the same fitted GridSearchCV the way 1.9.4
  derives them.
- DecisionTreeEncoder: see decision_tree_encoder() below.

fepipe conventions applied to the reference outputs (documented in the
class docs): discretiser codes with return_object are the labels "0", "1",
... (pandas writes "0.0" when a column also holds NaN), and an out-of-range
value is missing with return_boundaries (pandas writes the text "nan").

Run: FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 \
     tools/reference/catalogue_discretise_transform_outlier.py
scipy 1.10.1, scikit-learn 1.2.1, pandas 1.5.3, numpy 1.24.2.
"""
import os
import sys

# numpy picks its exp/log/pow kernels by CPU: with AVX-512 it uses its own
# vectorised ones, which round differently from libm in the last bit. That
# moves the Box-Cox and Yeo-Johnson lambdas within the window where their
# likelihood is flat to rounding (by 3e-8 to 4e-5 relative here), so the
# lambdas written would depend on the machine. numpy's baseline kernels call
# libm, as numpy does on any CPU without AVX-512 and as fepipe does, which
# makes the reference lambdas reproducible to the last bit. Must be set
# before numpy is imported.
os.environ["NPY_DISABLE_CPU_FEATURES"] = (
    "SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2 AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
from scipy import optimize, stats  # noqa: E402

import common  # noqa: E402
from common import write_attribute, write_frame, write_input  # noqa: E402

fe = common.use_feature_engine()
from feature_engine.discretisation import (  # noqa: E402
    ArbitraryDiscretiser, DecisionTreeDiscretiser, EqualFrequencyDiscretiser, EqualWidthDiscretiser)
from feature_engine.encoding import DecisionTreeEncoder  # noqa: E402
from feature_engine.outliers import ArbitraryOutlierCapper, OutlierTrimmer, Winsorizer  # noqa: E402
from feature_engine.transformation import (  # noqa: E402
    ArcsinTransformer, BoxCoxTransformer, LogCpTransformer, PowerTransformer, ReciprocalTransformer,
    YeoJohnsonTransformer)

assert scipy.__version__.startswith("1.10"), scipy.__version__
assert not np.core._multiarray_umath.__cpu_features__["AVX512F"], "numpy still dispatches to AVX-512"

HOUSE_BINNED = ["LotArea", "GrLivArea", "TotalBsmtSF", "OverallQual", "YearBuilt", "WoodDeckSF", "BsmtUnfSF",
                "SalePrice"]
TITANIC_DISCRETE = ["pclass", "sibsp", "parch"]
HOUSE_CAPPED = ["LotArea", "GrLivArea", "TotalBsmtSF", "SalePrice"]
HOUSE_WITH_NAN = ["LotFrontage", "MasVnrArea", "GarageYrBlt"]
TITANIC_WITH_NAN = ["age", "fare"]


def house():
    return common.load_houseprice()


def titanic():
    return common.load_titanic()


def raises(family, case, fn):
    """Records the exception the reference raises for `fn()`; it must raise."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any reference rejection is what is recorded
        write_attribute(family, case, "raises", f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
        return
    sys.exit(f"{family}/{case}: the reference accepted the input, expected an exception")


def as_fepipe_labels(df, cols, object_codes):
    """fepipe's text for discretiser labels: integral codes ("3", not "3.0")
    and missing (not "nan") outside the edges."""
    out = df.copy()
    for c in cols:
        if object_codes:
            out[c] = [np.nan if pd.isna(v) else str(int(v)) for v in out[c]]
        else:
            out[c] = [np.nan if v == "nan" else v for v in out[c]]
    return out


# --- hand-made inputs -------------------------------------------------------------
def small_numeric():
    """Ties, negatives, zero, tiny and huge magnitudes (interval labels need
    more digits to stay distinct)."""
    return pd.DataFrame({
        "ties": [1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 10.0, 10.0, 1.0],
        "neg": [-5.5, -0.25, 0.0, 0.125, 3.75, 2.0, -1.0, 7.5, 9.0, -3.0, 1.5, 4.25],
        "tiny": [1e-05, 2e-05, 1.5e-05, 3e-05, 1e-05, 4e-05, 2.5e-05, 1.2e-05, 3.3e-05, 2.2e-05, 1.1e-05, 5e-05],
        "big": [1e9 + i * 0.37 for i in range(12)],
    })


def with_bad_value(df, col, row, value):
    bad = df.copy()
    bad.loc[row, col] = value
    return bad


# --- discretisation -----------------------------------------------------------------
def discretisers():
    df = house()
    X = df[HOUSE_BINNED]
    cases = [("house_q10", dict(q=10)), ("house_q5_boundaries", dict(q=5, return_boundaries=True)),
             ("house_q4_object", dict(q=4, return_object=True)),
             ("house_q8_boundaries_p1", dict(q=8, return_boundaries=True, precision=1))]
    for name, kw in cases:
        d = EqualFrequencyDiscretiser(variables=HOUSE_BINNED, **kw).fit(X)
        case = f"equal_frequency_discretiser_{name}"
        write_attribute("discretise", case, "binner_dict", d.binner_dict_)
        write_frame("discretise", case, as_fepipe_labels(d.transform(X), HOUSE_BINNED, kw.get("return_object")
                                                         and not kw.get("return_boundaries")))
    t = titanic()[TITANIC_DISCRETE]
    d = EqualFrequencyDiscretiser(q=10).fit(t)
    write_attribute("discretise", "equal_frequency_discretiser_titanic_q10", "binner_dict", d.binner_dict_)
    write_frame("discretise", "equal_frequency_discretiser_titanic_q10", d.transform(t))

    small = small_numeric()
    write_input("equal_frequency_discretiser_small", small)
    d = EqualFrequencyDiscretiser(q=4, return_boundaries=True).fit(small)
    write_attribute("discretise", "equal_frequency_discretiser_small_q4", "binner_dict", d.binner_dict_)
    write_frame("discretise", "equal_frequency_discretiser_small_q4", as_fepipe_labels(d.transform(small), list(small), False))
    # A constant column: feature-engine keeps the single deduplicated edge,
    # which becomes [inf] (fepipe raises at fit instead; recorded to show it).
    const = pd.DataFrame({"const": [5.0] * 6})
    write_input("equal_frequency_discretiser_constant", const)
    d = EqualFrequencyDiscretiser(q=3).fit(const)
    write_attribute("discretise", "equal_frequency_discretiser_constant", "binner_dict", d.binner_dict_)
    raises("discretise", "equal_frequency_discretiser_nan_fit",
           lambda: EqualFrequencyDiscretiser().fit(with_bad_value(small, "neg", 3, np.nan)))
    raises("discretise", "equal_frequency_discretiser_inf_transform",
           lambda: EqualFrequencyDiscretiser(q=3).fit(small).transform(with_bad_value(small, "big", 5, np.inf)))

    cases = [("house_b10", dict(bins=10)), ("house_b7_boundaries_p2", dict(bins=7, return_boundaries=True, precision=2)),
             ("house_b5_object", dict(bins=5, return_object=True))]
    for name, kw in cases:
        d = EqualWidthDiscretiser(variables=HOUSE_BINNED, **kw).fit(X)
        case = f"equal_width_discretiser_{name}"
        write_attribute("discretise", case, "binner_dict", d.binner_dict_)
        write_frame("discretise", case, as_fepipe_labels(d.transform(X), HOUSE_BINNED, kw.get("return_object")
                                                         and not kw.get("return_boundaries")))
    d = EqualWidthDiscretiser(bins=5).fit(t)
    write_attribute("discretise", "equal_width_discretiser_titanic_b5", "binner_dict", d.binner_dict_)
    write_frame("discretise", "equal_width_discretiser_titanic_b5", d.transform(t))
    write_input("equal_width_discretiser_small", small)
    for bins, p in [(4, 3), (6, 1)]:
        case = f"equal_width_discretiser_small_b{bins}_p{p}"
        d = EqualWidthDiscretiser(bins=bins, return_boundaries=True, precision=p).fit(small)
        write_attribute("discretise", case, "binner_dict", d.binner_dict_)
        write_frame("discretise", case, as_fepipe_labels(d.transform(small), list(small), False))
    # One row and a constant column: pandas widens min == max by 0.1 %.
    one = pd.DataFrame({"pos": [3.5], "zero": [0.0], "negative": [-2.0]})
    write_input("equal_width_discretiser_single_row", one)
    d = EqualWidthDiscretiser(bins=3, return_boundaries=True).fit(one)
    write_attribute("discretise", "equal_width_discretiser_single_row", "binner_dict", d.binner_dict_)
    write_frame("discretise", "equal_width_discretiser_single_row", as_fepipe_labels(d.transform(one), list(one), False))
    # A constant column too close to zero for the 0.1 % widening (it rounds
    # to nothing below about 2.5e-321): feature-engine keeps [inf] again
    # (fepipe raises at fit; found by fuzzing, recorded to show it).
    tiny = pd.DataFrame({"tiny": [1e-321] * 3})
    write_input("equal_width_discretiser_subnormal_constant", tiny)
    d = EqualWidthDiscretiser(bins=10).fit(tiny)
    write_attribute("discretise", "equal_width_discretiser_subnormal_constant", "binner_dict", d.binner_dict_)
    raises("discretise", "equal_width_discretiser_nan_fit",
           lambda: EqualWidthDiscretiser().fit(with_bad_value(small, "ties", 0, np.nan)))
    raises("discretise", "equal_width_discretiser_inf_fit",
           lambda: EqualWidthDiscretiser().fit(with_bad_value(small, "ties", 0, -np.inf)))

    binning = {"LotArea": [0, 5000, 10000, 20000, 1e6], "GrLivArea": [500, 1000, 1500, 2500, 4000]}
    cols = list(binning)
    for name, kw in [("codes", {}), ("object", dict(return_object=True)),
                     ("boundaries", dict(return_boundaries=True)), ("boundaries_p5", dict(return_boundaries=True,
                                                                                          precision=5))]:
        case = f"arbitrary_discretiser_house_{name}"
        d = ArbitraryDiscretiser(binning_dict=binning, **kw).fit(X)
        write_attribute("discretise", case, "binner_dict", d.binner_dict_)
        out = d.transform(X)  # warns: GrLivArea has values outside [500, 4000]
        write_frame("discretise", case, as_fepipe_labels(out[cols], cols, kw.get("return_object")))
    raises("discretise", "arbitrary_discretiser_house_raise",
           lambda: ArbitraryDiscretiser(binning_dict=binning, errors="raise").fit(X).transform(X))
    write_input("arbitrary_discretiser_small", small)
    binning = {"neg": [-np.inf, -1.0, 0.0, 1.0, np.inf], "tiny": [1e-05, 1.5e-05, 3e-05, 1e-04],
               "big": [1e9, 1e9 + 1.0, 1e9 + 1.5, 1e9 + 10.0]}
    d = ArbitraryDiscretiser(binning_dict=binning, return_boundaries=True).fit(small)
    write_attribute("discretise", "arbitrary_discretiser_small", "binner_dict", d.binner_dict_)
    write_frame("discretise", "arbitrary_discretiser_small",
                as_fepipe_labels(d.transform(small)[list(binning)], list(binning), False))


# --- transformation -------------------------------------------------------------------
def log_cp_auto_c(X, variables):
    """feature-engine 1.9.4's C='auto': 0 where the minimum is positive,
    |min| + 1 elsewhere (1.6.2 uses |min| + 1 everywhere)."""
    return {v: (0 if X[v].min() > 0 else abs(X[v].min()) + 1) for v in variables}


def transformers():
    df = house()
    small = small_numeric()

    cols = ["LotArea", "GrLivArea", "WoodDeckSF", "BsmtFinSF1"]
    X = df[cols].astype(float)
    for name, c, base in [("auto", None, "e"), ("number_10", 2.5, "10"),
                          ("dict", {"WoodDeckSF": 1.0, "LotArea": 0.5}, "e")]:
        case = f"log_cp_transformer_house_{name}"
        if c is None:
            c_ = log_cp_auto_c(X, cols)
            t = LogCpTransformer(C=c_, base=base).fit(X)
        elif isinstance(c, dict):
            c_ = c
            t = LogCpTransformer(C=c, base=base).fit(X)
        else:
            c_ = {v: c for v in cols}
            t = LogCpTransformer(variables=cols, C=c, base=base).fit(X)
        write_attribute("transform", case, "C", c_)
        out = t.transform(X)
        write_frame("transform", case, out[list(c_)])
        write_frame("transform", case, t.inverse_transform(out)[list(c_)], "inverse")
    write_input("log_cp_transformer_small", small)
    c_ = log_cp_auto_c(small, list(small))
    t = LogCpTransformer(C=c_).fit(small)
    write_attribute("transform", "log_cp_transformer_small_auto", "C", c_)
    write_frame("transform", "log_cp_transformer_small_auto", t.transform(small))
    raises("transform", "log_cp_transformer_small_below_c",
           lambda: t.transform(with_bad_value(small, "neg", 2, -7.0)))

    cols = ["LotArea", "GrLivArea", "1stFlrSF", "YearBuilt"]
    X = df[cols].astype(float)
    t = ReciprocalTransformer().fit(X)
    out = t.transform(X)
    write_frame("transform", "reciprocal_transformer_house", out)
    write_frame("transform", "reciprocal_transformer_house", t.inverse_transform(out), "inverse")
    nonzero = small.drop(columns=["neg"])
    write_input("reciprocal_transformer_small", small)
    t = ReciprocalTransformer(variables=list(nonzero)).fit(small)
    write_frame("transform", "reciprocal_transformer_small", t.transform(small)[list(nonzero)])
    raises("transform", "reciprocal_transformer_small_zero", lambda: ReciprocalTransformer().fit(small))

    cols = ["LotArea", "GrLivArea", "WoodDeckSF"]
    X = df[cols].astype(float)  # 1.9.4 casts to float before the power
    for exp in [0.5, 2, -1.5]:
        case = f"power_transformer_house_{exp}"
        t = PowerTransformer(exp=exp).fit(X)
        out = t.transform(X)
        write_frame("transform", case, out)
        if np.isinf(out.to_numpy()).any():
            # 0 ** -1.5 = inf is a valid output, but not a valid input back.
            raises("transform", f"{case}_inverse_inf", lambda: t.inverse_transform(out))
        else:
            write_frame("transform", case, t.inverse_transform(out), "inverse")
    write_input("power_transformer_small", small)
    t = PowerTransformer(exp=1 / 3).fit(small)  # negative values give NaN, no error
    write_frame("transform", "power_transformer_small_third", t.transform(small))

    cols = ["LotArea", "GrLivArea", "1stFlrSF", "SalePrice", "YearBuilt"]
    X = df[cols].astype(float)
    t = BoxCoxTransformer().fit(X)
    lambda_reference("box_cox_transformer_house", X, t.lambda_dict_, box_cox_llf)
    out = t.transform(X)
    write_frame("transform", "box_cox_transformer_house", out)
    write_frame("transform", "box_cox_transformer_house", t.inverse_transform(out), "inverse")
    # "big" (1e9 + small steps) has a likelihood flat to rounding over whole
    # units of lambda: only the same arithmetic finds scipy's lambda there.
    positive = small[["ties", "tiny", "big"]]
    write_input("box_cox_transformer_small", small)
    t = BoxCoxTransformer().fit(positive)
    lambda_reference("box_cox_transformer_small", positive, t.lambda_dict_, box_cox_llf)
    write_frame("transform", "box_cox_transformer_small", t.transform(positive))
    raises("transform", "box_cox_transformer_small_not_positive", lambda: BoxCoxTransformer().fit(small))
    raises("transform", "box_cox_transformer_constant",
           lambda: BoxCoxTransformer().fit(pd.DataFrame({"const": [2.0, 2.0, 2.0]})))

    rng = np.random.RandomState(7)
    props = pd.DataFrame({"p": np.round(rng.uniform(0, 1, 40), 6), "q": np.round(rng.beta(0.5, 3, 40), 6)})
    props.loc[0, "p"] = 0.0
    props.loc[1, "p"] = 1.0
    write_input("arcsin_transformer_proportions", props)
    t = ArcsinTransformer().fit(props)
    out = t.transform(props)
    write_frame("transform", "arcsin_transformer_proportions", out)
    write_frame("transform", "arcsin_transformer_proportions", t.inverse_transform(out), "inverse")
    raises("transform", "arcsin_transformer_above_one", lambda: ArcsinTransformer().fit(with_bad_value(props, "q", 3, 1.5)))


def yeo_johnson_bounded(x):
    """scipy >= 1.12's yeojohnson_normmax (fminbound on the bounds that keep
    the transform inside the float range), replicated with scipy 1.10's
    fminbound and yeojohnson_llf."""
    x = np.asarray(x, dtype=float)
    if np.all(x == 0):
        return 1.0

    def neg_llf(lmb):
        llf = stats.yeojohnson_llf(lmb, x)
        return np.inf if np.isinf(llf) else -float(llf)

    log1p_max_x = np.log1p(20 * np.max(np.abs(x)))
    log_eps = np.log(np.finfo(float).eps)
    log_tiny = (np.log(np.finfo(float).tiny) - log_eps) / 2
    log_max = (np.log(np.finfo(float).max) + log_eps) / 2
    lb, ub = log_tiny / log1p_max_x, log_max / log1p_max_x
    if np.all(x < 0):
        lb, ub = 2 - ub, 2 - lb
    elif np.any(x < 0):
        lb, ub = max(2 - ub, lb), min(2 - lb, ub)
    return optimize.fminbound(neg_llf, lb, ub, xtol=1.48e-08)


def box_cox_llf(lmb, x):
    return float(stats.boxcox_llf(lmb, x))


def yeo_johnson_llf(lmb, x):
    return float(stats.yeojohnson_llf(lmb, x))


def lambda_reference(case, X, lambdas, llf):
    """Writes the reference lambdas and the log-likelihood at fixed probe
    lambdas (the objective, checked to 1e-12 on its own)."""
    probes = {}
    for v, lam in lambdas.items():
        x = X[v].to_numpy(dtype=float)
        probes[v] = {repr(float(p)): llf(float(p), x) for p in [lam, lam - 0.5, lam + 0.5, -1.0, 0.0, 1.0, 2.0]}
    write_attribute("transform", case, "lambda_dict", {v: float(lam) for v, lam in lambdas.items()})
    write_attribute("transform", case, "llf_probes", probes)


def yeo_johnson():
    df = house()
    cols = ["LotArea", "GrLivArea", "WoodDeckSF", "SalePrice", "YearBuilt"]
    small = small_numeric()
    # Mixed signs ("neg"), all negative ("allneg"), tiny values, and "big",
    # whose likelihood is flat to rounding over whole units of lambda.
    small = small[["ties", "neg", "tiny", "big"]].assign(allneg=-small["tiny"] * 1e5 - 1.0)
    write_input("yeo_johnson_transformer_small", small)
    for name, X in [("house", df[cols].astype(float)), ("small", small)]:
        brent = {v: float(stats.yeojohnson_normmax(X[v].to_numpy())) for v in X.columns}
        bounded = {v: float(yeo_johnson_bounded(X[v].to_numpy())) for v in X.columns}
        lambda_reference(f"yeo_johnson_transformer_{name}_brent", X, brent, yeo_johnson_llf)
        lambda_reference(f"yeo_johnson_transformer_{name}_bounded", X, bounded, yeo_johnson_llf)
        t = YeoJohnsonTransformer().fit(X)  # scipy 1.10: Brent
        write_frame("transform", f"yeo_johnson_transformer_{name}_brent", t.transform(X))


# --- outliers --------------------------------------------------------------------------
AUTO_FOLD = {"gaussian": 3.0, "iqr": 1.5, "mad": 3.29, "quantiles": 0.05}  # feature-engine 1.9.4


def capping_cases():
    """(case, data, variables, options) shared by Winsorizer and OutlierTrimmer;
    fold=None means 1.9.4's 'auto'."""
    h = house()
    t = titanic()
    return [
        ("house_gaussian_right", h, HOUSE_CAPPED, dict(capping_method="gaussian", tail="right", fold=None)),
        ("house_iqr_both", h, HOUSE_CAPPED, dict(capping_method="iqr", tail="both", fold=None)),
        ("house_quantiles_both_0.1", h, HOUSE_CAPPED, dict(capping_method="quantiles", tail="both", fold=0.1)),
        ("house_mad_left", h, HOUSE_CAPPED, dict(capping_method="mad", tail="left", fold=None)),
        ("house_gaussian_both_2", h, HOUSE_CAPPED, dict(capping_method="gaussian", tail="both", fold=2)),
        ("house_quantiles_left", h, HOUSE_CAPPED, dict(capping_method="quantiles", tail="left", fold=None)),
        ("house_nan_iqr_both", h, HOUSE_WITH_NAN,
         dict(capping_method="iqr", tail="both", fold=None, missing_values="ignore")),
        ("titanic_gaussian_both", t, TITANIC_WITH_NAN,
         dict(capping_method="gaussian", tail="both", fold=None, missing_values="ignore")),
        ("titanic_mad_right", t, TITANIC_WITH_NAN,
         dict(capping_method="mad", tail="right", fold=None, missing_values="ignore")),
    ]


def with_fold(opts):
    """1.6.2 needs the numeric fold that 1.9.4's 'auto' would learn."""
    o = dict(opts)
    fold = AUTO_FOLD[o["capping_method"]] if o["fold"] is None else o["fold"]
    o["fold"] = fold
    return o, fold


def outliers():
    for name, data, variables, opts in capping_cases():
        o, fold = with_fold(opts)
        X = data[variables]
        for add_indicators in ([False, True] if name.startswith(("house_gaussian_both", "house_nan", "titanic_g",
                                                                 "house_quantiles_left")) else [False]):
            w = Winsorizer(variables=variables, add_indicators=add_indicators, **o).fit(X)
            case = f"winsorizer_{name}" + ("_indicators" if add_indicators else "")
            write_attribute("outlier", case, "right_tail_caps", w.right_tail_caps_)
            write_attribute("outlier", case, "left_tail_caps", w.left_tail_caps_)
            write_attribute("outlier", case, "fold", fold)
            write_frame("outlier", case, w.transform(X))
        tr = OutlierTrimmer(variables=variables, **o).fit(X)
        case = f"outlier_trimmer_{name}"
        write_attribute("outlier", case, "right_tail_caps", tr.right_tail_caps_)
        write_attribute("outlier", case, "left_tail_caps", tr.left_tail_caps_)
        out = tr.transform(X)
        write_attribute("outlier", case, "kept_rows", list(out.index))
        write_frame("outlier", case, out)

    small = pd.DataFrame({
        "x": [1.0, 2.0, 2.0, 3.0, np.nan, 4.0, 100.0, -50.0, 3.0, 2.5],
        "mostly_same": [7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 8.0, 9.0, 7.0, 7.0],
        "const": [5.0] * 10,
    })
    write_input("winsorizer_small", small)
    for method in ["gaussian", "iqr", "mad"]:
        o, _ = with_fold(dict(capping_method=method, tail="both", fold=None, missing_values="ignore"))
        w = Winsorizer(variables=["x"], **o).fit(small)
        write_attribute("outlier", f"winsorizer_small_{method}", "right_tail_caps", w.right_tail_caps_)
        write_attribute("outlier", f"winsorizer_small_{method}", "left_tail_caps", w.left_tail_caps_)
        write_frame("outlier", f"winsorizer_small_{method}", w.transform(small)[["x"]])
    raises("outlier", "winsorizer_small_constant",
           lambda: Winsorizer(variables=["const"], fold=3).fit(small))
    raises("outlier", "winsorizer_small_mad_zero",
           lambda: Winsorizer(capping_method="mad", variables=["mostly_same"], fold=3.29).fit(small))
    raises("outlier", "winsorizer_small_nan_raise", lambda: Winsorizer(variables=["x"], fold=3).fit(small))
    raises("outlier", "winsorizer_quantiles_fold_above_0.2",
           lambda: Winsorizer(capping_method="quantiles", fold=0.25))
    write_input("outlier_trimmer_small", small)
    tr = OutlierTrimmer(variables=["x"], capping_method="iqr", tail="both", fold=1.5, missing_values="ignore").fit(small)
    out = tr.transform(small)
    write_attribute("outlier", "outlier_trimmer_small_iqr", "kept_rows", list(out.index))
    write_frame("outlier", "outlier_trimmer_small_iqr", out)

    h = house()
    cap = ArbitraryOutlierCapper(max_capping_dict={"LotArea": 20000.0, "GrLivArea": 3000.0},
                                 min_capping_dict={"GrLivArea": 800.0, "TotalBsmtSF": 100.0}).fit(h)
    write_attribute("outlier", "arbitrary_outlier_capper_house", "variables", cap.variables_)
    write_frame("outlier", "arbitrary_outlier_capper_house", cap.transform(h)[cap.variables_])
    t = titanic()
    cap = ArbitraryOutlierCapper(max_capping_dict={"age": 60.0, "fare": 200.0}, min_capping_dict={"age": 1.0},
                                 missing_values="ignore").fit(t)
    write_attribute("outlier", "arbitrary_outlier_capper_titanic", "variables", cap.variables_)
    write_frame("outlier", "arbitrary_outlier_capper_titanic", cap.transform(t)[cap.variables_])
    raises("outlier", "arbitrary_outlier_capper_titanic_nan_raise",
           lambda: ArbitraryOutlierCapper(max_capping_dict={"age": 60.0}).fit(t))


# --- decision trees ------------------------------------------------------------------
HOUSE_TREE = ["LotArea", "GrLivArea", "OverallQual", "YearBuilt"]


def titanic_tree_input():
    """Titanic rows with age and fare known (trees take no NaN), with the target."""
    t = titanic()
    t = t[t["age"].notna() & t["fare"].notna()].reset_index(drop=True)
    return t[["age", "fare", "sibsp", "sex", "title", "survived"]]


def tree_edges(search):
    """1.9.4's binner_dict_ entry: [-inf] + sorted split thresholds + [inf]."""
    tree = search.best_estimator_.tree_
    return [-np.inf] + sorted(tree.threshold[tree.feature == 0]) + [np.inf]


def tree_search_attributes(case, d, variables):
    """best_params_, cv mean test scores and scores_dict_ of a fitted discretiser."""
    write_attribute("discretise", case, "scores_dict", d.scores_dict_)
    write_attribute("discretise", case, "best_params",
                    {v: {k: float(x) for k, x in d.binner_dict_[v].best_params_.items()} for v in variables})
    write_attribute("discretise", case, "mean_test_score",
                    {v: list(d.binner_dict_[v].cv_results_["mean_test_score"]) for v in variables})


def decision_tree_discretiser():
    """1.6.2 fits the searches ('prediction' output only); 1.9.4's other
    outputs are derived from the same searches as 1.9.4 derives them."""
    h = house()
    X, y = h[HOUSE_TREE], h["SalePrice"]
    cases = [("house_mse", dict(scoring="neg_mean_squared_error"), X, y, HOUSE_TREE),
             ("house_r2_grid", dict(scoring="r2", param_grid={"max_depth": [2, 3], "min_samples_leaf": [5, 50]}), X, y,
              HOUSE_TREE)]
    t = titanic_tree_input()
    write_input("decision_tree_discretiser_titanic", t)
    cases += [("titanic_roc_auc", dict(scoring="roc_auc", regression=False), t[["age", "fare", "sibsp"]],
               t["survived"], ["age", "fare", "sibsp"]),
              ("titanic_accuracy_cv5", dict(scoring="accuracy", regression=False, cv=5), t[["age", "fare"]],
               t["survived"], ["age", "fare"])]
    for name, kw, Xc, yc, variables in cases:
        case = f"decision_tree_discretiser_{name}"
        d = DecisionTreeDiscretiser(variables=variables, random_state=0, **kw).fit(Xc, yc)
        tree_search_attributes(case, d, variables)
        edges = {v: tree_edges(d.binner_dict_[v]) for v in variables}
        write_attribute("discretise", case, "binner_dict", edges)
        predictions = d.transform(Xc)
        write_frame("discretise", case, predictions[variables], "prediction")
        # 1.9.4 bin_output='prediction' with precision: np.round of the same.
        write_frame("discretise", case, np.round(predictions[variables], 2), "prediction_p2")
        bins = Xc.copy()
        labels = Xc.copy()
        for v in variables:
            bins[v] = pd.cut(Xc[v], edges[v], labels=False, include_lowest=True)
            labels[v] = pd.cut(Xc[v], edges[v], precision=3, include_lowest=True)
        labels[variables] = labels[variables].astype(str)
        write_frame("discretise", case, bins[variables], "bin_number")
        write_frame("discretise", case, labels[variables], "boundaries_p3")
    raises("discretise", "decision_tree_discretiser_binary_regression",
           lambda: DecisionTreeDiscretiser(variables=["age"]).fit(t[["age"]], t["survived"]))


def decision_tree_encoder():
    """1.6.2 fits the encoder as a pipeline (OrdinalEncoder, then
    DecisionTreeDiscretiser); 1.9.4's encoder_dict_ is dict(zip(X[var],
    pipeline output)), rounded when precision is set, built here from the
    same fitted pipeline."""
    h = house()
    cat = ["Neighborhood", "MSZoning", "HouseStyle", "MSSubClass"]
    t = titanic_tree_input()
    write_input("decision_tree_encoder_titanic", t)
    cases = [("house_arbitrary", dict(encoding_method="arbitrary"), h[cat], h["SalePrice"], cat, None),
             ("house_ordered_p1", dict(encoding_method="ordered"), h[cat], h["SalePrice"], cat, 1),
             ("titanic_roc_auc", dict(encoding_method="ordered", regression=False, scoring="roc_auc"),
              t[["sex", "title"]], t["survived"], ["sex", "title"], None)]
    for name, kw, Xc, yc, variables, precision in cases:
        case = f"decision_tree_encoder_{name}"
        enc = DecisionTreeEncoder(variables=variables, random_state=0, **kw).fit(Xc, yc)
        out = enc.encoder_.transform(Xc)
        if precision is not None:
            out[variables] = np.round(out[variables], precision)
        write_attribute("discretise", case, "encoder_dict",
                        {v: dict(zip(Xc[v].astype(str), out[v])) for v in variables})
        write_frame("discretise", case, out[variables])
    raises("discretise", "decision_tree_encoder_nan",
           lambda: DecisionTreeEncoder(variables=["cabin"]).fit(titanic()[["cabin"]], titanic()["fare"].fillna(0)))


if __name__ == "__main__":
    discretisers()
    transformers()
    yeo_johnson()
    outliers()
    decision_tree_discretiser()
    decision_tree_encoder()
