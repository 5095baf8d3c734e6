"""Reference outputs for the imputers and encoders of GitHub issue 3.

Writes, with feature-engine 1.6.2 (FEATURE_ENGINE_PATH) on Debian's pandas 1.5:
- tests/data/inputs/<class>_*.csv: hand-made frames (NaN, +-inf, a constant
  column, a single row, ties, unseen labels) and course-preprocessed Titanic
  columns;
- tests/data/reference/impute/<class>_<case>__*.csv and
  tests/data/reference/encode/<class>_<case>__*.csv: learned attributes and
  transforms of EndTailImputer, RandomSampleImputer, DropMissingData,
  OneHotEncoder, CountFrequencyEncoder, MeanEncoder, WoEEncoder, and the
  ignore_format cases of OrdinalEncoder and RareLabelEncoder.

fepipe follows feature-engine 1.9.4; where 1.6.2 differs the case is adjusted
here with a comment naming the difference. Known ones for these classes:
- `return_empty` does not exist in 1.6.2 (never used here);
- fepipe has no integer columns: a number's category label is Python's repr
  of a float ("5.0"), so integer columns used as categories
  (ignore_format) are cast to float first;
- `transform_x_y` (DropMissingData inside a Pipeline) does not exist in
  1.6.2: the tests check the target's alignment against the rows transform
  keeps (`kept_id`);
- RareLabelEncoder with ignore_format turns numeric variables into text in
  1.9.4 even when no value is rare; 1.6.2 does so only through pandas'
  upcast when a value is replaced. The CSV text is the same ("7.0").
- pandas sorts value counts with an unstable quicksort above 16 categories,
  so equal counts are ordered by first appearance (fepipe's documented rule)
  only up to 16 categories; count-ordered cases below are checked to have no
  tie where the order matters.

Run: FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/reference/catalogue_impute_encode.py
"""
import numpy as np
import pandas as pd

import common
from common import write_attribute, write_frame, write_input

fe = common.use_feature_engine()
from feature_engine.encoding import (  # noqa: E402
    CountFrequencyEncoder, MeanEncoder, OneHotEncoder, OrdinalEncoder, RareLabelEncoder, WoEEncoder)
from feature_engine.imputation import (  # noqa: E402
    CategoricalImputer, DropMissingData, EndTailImputer, RandomSampleImputer)

NAN = np.nan
INF = np.inf

# House Prices columns used throughout (as tools/reference/foundation.py).
HOUSE_CATEGORICAL = ['MSSubClass', 'MSZoning', 'LotShape', 'LandContour', 'LotConfig', 'Neighborhood', 'RoofStyle',
                     'Exterior1st', 'Foundation', 'CentralAir', 'Functional', 'PavedDrive', 'SaleCondition',
                     'Street', 'HouseStyle']
HOUSE_NUMERIC_NA = ['LotFrontage', 'MasVnrArea', 'GarageYrBlt']
HOUSE_CATEGORICAL_NA = ['Alley', 'MasVnrType', 'BsmtQual', 'FireplaceQu', 'GarageType', 'Electrical']


def house():
    return common.load_houseprice()


def house_X():
    return house().drop(columns=["Id", "SalePrice"])


# House Prices transforms are written for the first rows only: a transform
# is a lookup of the learned dict, which is compared in full, and the
# hand-made and Titanic cases cover the rest; this keeps the files small.
HEAD = 200


def titanic():
    return common.load_titanic()


def titanic_course_categoricals():
    """The course's Titanic categoricals as they reach the OneHotEncoder:
    CategoricalImputer('missing'), cabin := first letter, then
    RareLabelEncoder(tol=0.05, n_categories=1)."""
    t = titanic()
    cats = ["sex", "cabin", "embarked", "title"]
    X = CategoricalImputer(imputation_method="missing", variables=cats).fit_transform(t[cats])
    X["cabin"] = X["cabin"].str[0]
    X = RareLabelEncoder(tol=0.05, n_categories=1, variables=cats).fit_transform(X)
    return X, t["survived"]


def check_no_boundary_tie(series, k, what):
    """top-k by count is the same under pandas' order and fepipe's stable rule."""
    counts = series.value_counts()
    if len(counts) > k:
        assert counts.iloc[k - 1] != counts.iloc[k], f"{what}: tie at the top-{k} boundary"


# --- EndTailImputer ---------------------------------------------------------------
def end_tail_imputer():
    small = pd.DataFrame({
        "x": [1.5, NAN, 3.0, 10.0, -2.5, NAN, 7.25, 4.0],
        "const": [5.0, 5.0, NAN, 5.0, 5.0, 5.0, 5.0, 5.0],
        "neg": [-3.0, -1.5, NAN, -7.0, -2.0, NAN, -4.0, -1.0],
        "posinf": [1.0, INF, NAN, 2.0, 3.0, 4.0, 5.0, 6.0],
        "neginf": [1.0, -INF, NAN, 2.0, 3.0, 4.0, 5.0, 6.0],
        "allnan": [NAN] * 8,
        "label": ["a", "b", NAN, "a", "c", "a", NAN, "b"],
    })
    write_input("end_tail_imputer_small", small)
    one_row = small.iloc[[7]].reset_index(drop=True)
    write_input("end_tail_imputer_one_row", one_row)
    numeric = ["x", "const", "neg", "posinf", "neginf", "allnan"]
    for method in ["gaussian", "iqr", "max"]:
        for tail in ["right", "left"]:
            for fold in [3, 0.5]:
                case = f"end_tail_imputer_small_{method}_{tail}_{fold}"
                imp = EndTailImputer(imputation_method=method, tail=tail, fold=fold).fit(small)
                assert imp.variables_ == numeric
                write_attribute("impute", case, "imputer_dict", imp.imputer_dict_)
                write_frame("impute", case, imp.transform(small)[numeric])
            # Fitted on a single row: the sample std is NaN (nothing filled),
            # the quantiles are the value itself.
            case = f"end_tail_imputer_one_row_{method}_{tail}"
            imp = EndTailImputer(imputation_method=method, tail=tail).fit(one_row)
            write_attribute("impute", case, "imputer_dict", imp.imputer_dict_)
            write_frame("impute", case, imp.transform(small)[numeric])
    X = house_X()
    for method in ["gaussian", "iqr", "max"]:
        for tail in ["right", "left"]:
            case = f"end_tail_imputer_house_{method}_{tail}"
            imp = EndTailImputer(imputation_method=method, tail=tail).fit(X)
            write_attribute("impute", case, "imputer_dict", imp.imputer_dict_)
            write_frame("impute", case, imp.transform(X)[HOUSE_NUMERIC_NA])


# --- RandomSampleImputer ----------------------------------------------------------
def random_sample_imputer():
    X = house_X()
    variables = HOUSE_NUMERIC_NA + ["Alley", "FireplaceQu", "BsmtQual", "Electrical"]
    train, test = X.iloc[:1000], X.iloc[1000:].reset_index(drop=True)
    for seed in [0, 42]:
        case = f"random_sample_imputer_house_general_{seed}"
        imp = RandomSampleImputer(variables=variables, random_state=seed).fit(train)
        write_frame("impute", case, imp.transform(test)[variables])
    for how in ["add", "multiply"]:
        case = f"random_sample_imputer_house_observation_{how}"
        imp = RandomSampleImputer(variables=variables, random_state=["LotArea", "OverallQual"], seed="observation",
                                  seeding_method=how).fit(train)
        write_frame("impute", case, imp.transform(test)[variables])
    # Titanic: fare is both imputed and a seed, so cabin/embarked seed with
    # the fare imputed just before (feature-engine imputes in variable order).
    t = titanic()
    cols = ["pclass", "age", "fare", "cabin", "embarked"]
    write_input("random_sample_imputer_titanic", t[cols])
    imp = RandomSampleImputer(variables=["age", "fare", "cabin", "embarked"], random_state=0).fit(t[cols])
    write_frame("impute", "random_sample_imputer_titanic_general_0", imp.transform(t[cols]))
    imp = RandomSampleImputer(variables=["age", "fare", "cabin", "embarked"], random_state=["fare", "pclass"],
                              seed="observation").fit(t[cols])
    write_frame("impute", "random_sample_imputer_titanic_observation_add", imp.transform(t[cols]))
    # Hand-made: a one-value pool (no draw consumed), +-inf values to draw,
    # seeds that round half to even (2.5 -> 2), all variables automatic.
    small = pd.DataFrame({
        "x": [NAN, 1.0, INF, NAN, -INF, 2.0, NAN, 3.5],
        "one": [NAN, 7.0, NAN, NAN, NAN, NAN, NAN, NAN],
        "c": ["a", NAN, "b", "b", NAN, "c", "a", NAN],
        "s": [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5],
    })
    write_input("random_sample_imputer_small", small)
    for seed in [0, 1, 4294967295]:
        imp = RandomSampleImputer(random_state=seed).fit(small)
        write_frame("impute", f"random_sample_imputer_small_general_{seed}", imp.transform(small))
    for how in ["add", "multiply"]:
        imp = RandomSampleImputer(variables=["x", "one", "c"], random_state="s", seed="observation",
                                  seeding_method=how).fit(small)
        write_frame("impute", f"random_sample_imputer_small_observation_{how}", imp.transform(small))


# --- DropMissingData --------------------------------------------------------------
def drop_missing_data():
    X = house()
    subsets = {
        "num": HOUSE_NUMERIC_NA,
        "mixed": HOUSE_NUMERIC_NA + ["BsmtQual", "FireplaceQu", "Alley"],
    }
    for name, variables in subsets.items():
        for threshold in [None, 0.5, 0.8, 1]:
            case = f"drop_missing_data_house_{name}_{threshold}"
            imp = DropMissingData(variables=variables, threshold=threshold).fit(X)
            write_attribute("impute", case, "variables", imp.variables_)
            write_attribute("impute", case, "kept_id", list(imp.transform(X)["Id"]))
            write_attribute("impute", case, "na_id", list(imp.return_na_data(X)["Id"]))
    # Automatic variables: only those with NaN in the training data.
    t = titanic()
    write_input("drop_missing_data_titanic", t)
    imp = DropMissingData().fit(t)
    write_attribute("impute", "drop_missing_data_titanic", "variables", imp.variables_)
    write_frame("impute", "drop_missing_data_titanic", imp.transform(t).reset_index(drop=True))
    small = pd.DataFrame({
        "a": [1.0, NAN, 3.0, NAN, 5.0, NAN],
        "b": ["x", "y", NAN, NAN, "z", NAN],
        "c": [1.0, 2.0, 3.0, 4.0, INF, NAN],
        "full": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    })
    write_input("drop_missing_data_small", small)
    for missing_only in [True, False]:
        for threshold in [None, 0.25, 0.5, 0.75, 1]:
            case = f"drop_missing_data_small_{missing_only}_{threshold}"
            imp = DropMissingData(missing_only=missing_only, threshold=threshold).fit(small)
            write_attribute("impute", case, "variables", imp.variables_)
            write_frame("impute", case, imp.transform(small).reset_index(drop=True))
            write_frame("impute", case, imp.return_na_data(small).reset_index(drop=True), suffix="na_data")


# --- OneHotEncoder ----------------------------------------------------------------
def one_hot_encoder():
    X = house()[HOUSE_CATEGORICAL]
    for name, kwargs in [("default", {}), ("drop_last", {"drop_last": True}),
                         ("drop_last_binary", {"drop_last_binary": True}), ("top3", {"top_categories": 3}),
                         ("top3_binary", {"top_categories": 3, "drop_last_binary": True})]:
        if "top_categories" in kwargs:
            for v in HOUSE_CATEGORICAL:
                check_no_boundary_tie(X[v], 3, v)
        case = f"one_hot_encoder_house_{name}"
        enc = OneHotEncoder(**kwargs).fit(X)
        write_attribute("encode", case, "encoder_dict", {k: list(v) for k, v in enc.encoder_dict_.items()})
        write_attribute("encode", case, "variables_binary", enc.variables_binary_)
        write_frame("encode", case, enc.transform(X).head(HEAD))
    Xt, _ = titanic_course_categoricals()
    write_input("one_hot_encoder_titanic", Xt)
    enc = OneHotEncoder(drop_last=True).fit(Xt)
    write_attribute("encode", "one_hot_encoder_titanic_drop_last", "encoder_dict",
                    {k: list(v) for k, v in enc.encoder_dict_.items()})
    write_frame("encode", "one_hot_encoder_titanic_drop_last", enc.transform(Xt))
    # Hand-made: ties (b, a, c twice; d once), a constant column, numbers as
    # categories (ignore_format; 1e-05 and inf become "x_1e-05", "x_inf"),
    # and a test frame with unseen categories (all-zero dummies).
    small = pd.DataFrame({
        "t": ["b", "a", "c", "a", "b", "c", "d"],
        "k": ["same"] * 7,
        "x": [1.0, 2.0, 1.0, 1e-05, INF, 2.0, 1.0],
    })
    unseen = pd.DataFrame({"t": ["e", "a", "d"], "k": ["same", "other", "same"], "x": [3.0, 1.0, -INF]})
    write_input("one_hot_encoder_small", small)
    write_input("one_hot_encoder_small_unseen", unseen)
    for name, kwargs in [("default", {}), ("top2", {"top_categories": 2}), ("drop_last", {"drop_last": True})]:
        case = f"one_hot_encoder_small_{name}"
        enc = OneHotEncoder(ignore_format=True, **kwargs).fit(small)
        write_attribute("encode", case, "encoder_dict", {k: list(v) for k, v in enc.encoder_dict_.items()})
        write_frame("encode", case, enc.transform(small))
        write_frame("encode", case, enc.transform(unseen), suffix="unseen")


# --- CountFrequencyEncoder -------------------------------------------------------
def count_frequency_encoder():
    X = house()[HOUSE_CATEGORICAL]
    for method in ["count", "frequency"]:
        case = f"count_frequency_encoder_house_{method}"
        enc = CountFrequencyEncoder(encoding_method=method).fit(X)
        write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
        write_frame("encode", case, enc.transform(X).head(HEAD))
    t = titanic()
    cols = ["sex", "cabin", "embarked", "title"]
    write_input("count_frequency_encoder_titanic", t[cols])
    train, test = t[cols].iloc[:1000], t[cols].iloc[1000:].reset_index(drop=True)
    for method in ["count", "frequency"]:
        for unseen in ["ignore", "encode"]:
            case = f"count_frequency_encoder_titanic_{method}_{unseen}"
            enc = CountFrequencyEncoder(encoding_method=method, missing_values="ignore", unseen=unseen).fit(train)
            write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
            write_frame("encode", case, enc.transform(test))
    small = pd.DataFrame({"t": ["b", "a", "c", "a", "b", "c", "d"], "x": [1.0, 2.0, 1.0, 1e-05, INF, 2.0, 1.0]})
    write_input("count_frequency_encoder_small", small)
    enc = CountFrequencyEncoder(encoding_method="frequency", ignore_format=True).fit(small)
    write_attribute("encode", "count_frequency_encoder_small_frequency", "encoder_dict", enc.encoder_dict_)
    write_frame("encode", "count_frequency_encoder_small_frequency", enc.transform(small))


# --- MeanEncoder --------------------------------------------------------------------
def mean_encoder():
    df = house()
    X, y = df[HOUSE_CATEGORICAL], np.log(df["SalePrice"])
    write_input("mean_encoder_house_target", pd.DataFrame({"y": y}))
    for name, smoothing in [("0", 0.0), ("10", 10.0), ("auto", "auto")]:
        case = f"mean_encoder_house_{name}"
        enc = MeanEncoder(smoothing=smoothing).fit(X, y)
        write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
        write_frame("encode", case, enc.transform(X).head(HEAD))
    t = titanic()
    cols = ["sex", "cabin", "embarked", "title", "survived"]
    write_input("mean_encoder_titanic", t[cols])
    train, test = t.iloc[:1000], t.iloc[1000:].reset_index(drop=True)
    for name, smoothing in [("0", 0.0), ("auto", "auto")]:
        for unseen in ["ignore", "encode"]:
            case = f"mean_encoder_titanic_{name}_{unseen}"
            enc = MeanEncoder(smoothing=smoothing, missing_values="ignore", unseen=unseen).fit(
                train[cols[:-1]], train["survived"])
            write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
            write_frame("encode", case, enc.transform(test[cols[:-1]]))
    # Hand-made: single-row categories (auto: damping 0), numbers as
    # categories, a constant column.
    small = pd.DataFrame({"t": ["a", "a", "b", "c", "c", "c", "d"], "x": [1.5, 1.5, 2.0, 2.0, INF, 1.5, 2.0],
                          "k": ["same"] * 7, "y": [1.0, 3.0, 2.0, 0.5, 4.0, 1.0, 2.5]})
    write_input("mean_encoder_small", small)
    for name, smoothing in [("0", 0.0), ("2.5", 2.5), ("auto", "auto")]:
        case = f"mean_encoder_small_{name}"
        enc = MeanEncoder(smoothing=smoothing, ignore_format=True, variables=["t", "x", "k"]).fit(
            small[["t", "x", "k"]], small["y"])
        write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
        write_frame("encode", case, enc.transform(small[["t", "x", "k"]]))


# --- WoEEncoder -------------------------------------------------------------------------
def woe_encoder():
    Xt, y = titanic_course_categoricals()
    write_input("woe_encoder_titanic", pd.concat([Xt, y], axis=1))
    # embarked's "Rare" group (the two imputed rows) has no negative row.
    variables = ["sex", "cabin", "title"]
    enc = WoEEncoder(variables=variables).fit(Xt, y)
    write_attribute("encode", "woe_encoder_titanic", "encoder_dict", enc.encoder_dict_)
    write_frame("encode", "woe_encoder_titanic", enc.transform(Xt))
    # The target as 1/2 (remapped: 1 -> 0, 2 -> 1) gives the same WoE.
    enc = WoEEncoder(variables=variables).fit(Xt, y + 1)
    write_attribute("encode", "woe_encoder_titanic_remapped", "encoder_dict", enc.encoder_dict_)
    enc = WoEEncoder(fill_value=0.01).fit(Xt, y)
    write_attribute("encode", "woe_encoder_titanic_fill", "encoder_dict", enc.encoder_dict_)
    write_frame("encode", "woe_encoder_titanic_fill", enc.transform(Xt))
    # House Prices, price above the median: some categories are all one
    # class, so a fill_value is needed.
    df = house()
    X, yb = df[HOUSE_CATEGORICAL], (df["SalePrice"] > df["SalePrice"].median()).astype(int)
    write_input("woe_encoder_house_target", pd.DataFrame({"y": yb}))
    for fill in [0.0001, 0.5]:
        case = f"woe_encoder_house_fill{fill}"
        enc = WoEEncoder(fill_value=fill).fit(X, yb)
        write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
        write_frame("encode", case, enc.transform(X).head(HEAD))
    failing = []
    try:
        WoEEncoder().fit(X, yb)
    except ValueError as e:
        failing = str(e).split(": ")[-1].rstrip(".").split(", ")
    write_attribute("encode", "woe_encoder_house_nofill", "failing", failing)
    small = pd.DataFrame({"t": ["a", "a", "b", "b", "b", "c", "c"], "x": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 2.0],
                          "y": [0, 1, 1, 0, 1, 0, 1]})
    write_input("woe_encoder_small", small)
    enc = WoEEncoder(ignore_format=True).fit(small[["t", "x"]], small["y"])
    write_attribute("encode", "woe_encoder_small", "encoder_dict", enc.encoder_dict_)
    write_frame("encode", "woe_encoder_small", enc.transform(small[["t", "x"]]))


# --- ignore_format on OrdinalEncoder and RareLabelEncoder -----------------------------
def ignore_format():
    df = house()
    # Integer columns as categories: cast to float (fepipe's numbers are
    # doubles, so their labels are "5.0", not "5").
    cols = ["OverallQual", "OverallCond", "MSZoning", "MoSold"]
    X = df[cols].astype({"OverallQual": float, "OverallCond": float, "MoSold": float})
    y = np.log(df["SalePrice"])
    write_input("ordinal_encoder_ignore_format_house", X)
    for method in ["ordered", "arbitrary"]:
        case = f"ordinal_encoder_ignore_format_house_{method}"
        enc = OrdinalEncoder(encoding_method=method, ignore_format=True).fit(X, y)
        write_attribute("encode", case, "encoder_dict", enc.encoder_dict_)
        write_frame("encode", case, enc.transform(X).head(HEAD))
    for tol, n_cat in [(0.05, 1), (0.1, 3)]:
        for v in ["OverallQual", "OverallCond", "MoSold"]:
            assert X[v].nunique() <= 16  # value_counts ties keep first appearance
        case = f"rare_label_encoder_ignore_format_house_{tol}_{n_cat}"
        enc = RareLabelEncoder(tol=tol, n_categories=n_cat, ignore_format=True).fit(X)
        write_attribute("encode", case, "encoder_dict", {k: list(v) for k, v in enc.encoder_dict_.items()})
        write_frame("encode", case, enc.transform(X).head(HEAD))


if __name__ == "__main__":
    end_tail_imputer()
    random_sample_imputer()
    drop_missing_data()
    one_hot_encoder()
    count_frequency_encoder()
    mean_encoder()
    woe_encoder()
    ignore_format()
