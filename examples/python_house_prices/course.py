"""The House Prices course's data and its scikit-learn + feature-engine
pipeline, shared by the example (house_prices.py), the benchmark
(benchmarks/python/bench_course.py) and the exporter's reference generator
(tools/reference/export_feature_engine.py). No fepipe here: the generator
runs where fepipe is not built.

sklearn_pipeline() needs feature-engine 1.6.2 importable (its pure-Python
source on sys.path: FEATURE_ENGINE_PATH in the benchmark and generator).
"""

import math
import os

import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "houseprice.csv")

FEATURES = [
    "MSSubClass", "MSZoning", "LotFrontage", "LotShape", "LandContour", "LotConfig", "Neighborhood",
    "OverallQual", "OverallCond", "YearRemodAdd", "RoofStyle", "Exterior1st", "ExterQual", "Foundation",
    "BsmtQual", "BsmtExposure", "BsmtFinType1", "HeatingQC", "CentralAir", "1stFlrSF", "2ndFlrSF",
    "GrLivArea", "BsmtFullBath", "HalfBath", "KitchenQual", "TotRmsAbvGrd", "Functional", "Fireplaces",
    "FireplaceQu", "GarageFinish", "GarageCars", "GarageArea", "PavedDrive", "WoodDeckSF", "ScreenPorch",
    "SaleCondition", "YrSold",
]
CATEGORICAL = ["MSSubClass", "MSZoning", "LotShape", "LandContour", "LotConfig", "Neighborhood", "RoofStyle",
               "Exterior1st", "Foundation", "CentralAir", "Functional", "PavedDrive", "SaleCondition"]
QUALITY = {"Po": 1, "Fa": 2, "TA": 3, "Gd": 4, "Ex": 5, "Missing": 0, "NA": 0}
EXPOSURE = {"No": 1, "Mn": 2, "Av": 3, "Gd": 4}
FINISH = {"Missing": 0, "NA": 0, "Unf": 1, "LwQ": 2, "Rec": 3, "BLQ": 4, "ALQ": 5, "GLQ": 6}
GARAGE = {"Missing": 0, "NA": 0, "Unf": 1, "RFn": 2, "Fin": 3}
MAPPINGS = [
    (["ExterQual", "BsmtQual", "HeatingQC", "KitchenQual", "FireplaceQu"], QUALITY),
    (["BsmtExposure"], EXPOSURE),
    (["BsmtFinType1"], FINISH),
    (["GarageFinish"], GARAGE),
]


def load(path=DATA):
    """X and log(SalePrice) as the course reads them (MSSubClass categorical)."""
    df = pd.read_csv(path)
    df["MSSubClass"] = df["MSSubClass"].astype("O")
    # math.log is the C library's log, as C++'s std::log: numpy's SIMD log
    # (AVX-512) may differ in the last bit, and the C++ fit would then
    # learn other bits (the example compares them: predict_house_prices).
    y = pd.Series([math.log(p) for p in df["SalePrice"]], name="SalePrice")
    return df[FEATURES], y


def split(X, y):
    """The course's split: scikit-learn's train_test_split(test_size=0.1, random_state=0)."""
    from sklearn.model_selection import train_test_split

    return train_test_split(X, y, test_size=0.1, random_state=0)


def sklearn_pipeline():
    """The course pipeline as the course writes it: scikit-learn + feature-engine, and its two
    steps of its own in Python (ElapsedTime, Mapper; ../house_prices_pipeline.hpp has them in C++)."""
    from feature_engine.encoding import OrdinalEncoder, RareLabelEncoder
    from feature_engine.imputation import AddMissingIndicator, CategoricalImputer, MeanMedianImputer
    from feature_engine.selection import DropFeatures
    from feature_engine.transformation import LogTransformer
    from feature_engine.wrappers import SklearnTransformerWrapper
    from sklearn.linear_model import Lasso
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import Binarizer, MinMaxScaler

    return Pipeline([
        ("missing_imputation", CategoricalImputer(imputation_method="missing", variables=["FireplaceQu"])),
        ("frequent_imputation", CategoricalImputer(
            imputation_method="frequent", variables=["BsmtQual", "BsmtExposure", "BsmtFinType1", "GarageFinish"])),
        ("missing_indicator", AddMissingIndicator(variables=["LotFrontage"])),
        ("mean_imputation", MeanMedianImputer(imputation_method="mean", variables=["LotFrontage"])),
        ("elapsed_time", ElapsedTime(variables=["YearRemodAdd"], reference="YrSold")),
        ("drop_features", DropFeatures(features_to_drop=["YrSold"])),
        ("log", LogTransformer(variables=["LotFrontage", "1stFlrSF", "GrLivArea"])),
        ("binarizer", SklearnTransformerWrapper(transformer=Binarizer(threshold=0), variables=["ScreenPorch"])),
        *[(f"mapper_{variables[0].lower()}", Mapper(variables, mapping)) for variables, mapping in MAPPINGS],
        ("rare_label_encoder", RareLabelEncoder(tol=0.01, n_categories=1, variables=CATEGORICAL)),
        ("categorical_encoder", OrdinalEncoder(encoding_method="ordered", variables=CATEGORICAL)),
        ("scaler", MinMaxScaler()),
        ("lasso", Lasso(alpha=0.001, random_state=0)),
    ])


class ElapsedTime(BaseEstimator, TransformerMixin):
    """The course's temporal step: each variable := reference - variable."""

    def __init__(self, variables, reference):
        self.variables, self.reference = variables, reference

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        for v in self.variables:
            X[v] = X[self.reference] - X[v]
        return X


class Mapper(BaseEstimator, TransformerMixin):
    """The course's fixed label -> number map."""

    def __init__(self, variables, mappings):
        self.variables, self.mappings = variables, mappings

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        for v in self.variables:
            X[v] = X[v].map(self.mappings)
        return X
