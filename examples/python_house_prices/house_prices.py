"""House Prices, the course pipeline, fitted from Python with the course's
two C++ user steps, ElapsedTime and Mapper (../house_prices_pipeline.hpp),
step for step as ../house_prices.cpp fits it in C++; the model file it
saves is what a C++ host loads (predict_house_prices.cpp).

    PYTHONPATH=<build>/python python3 house_prices.py [houseprice.csv] [model file]

prints test_r2=0.8854 (as the C++ example). house_prices_fepipe is the
module of CMakeLists.txt: fepipe's classes plus the two steps.

builtin_pipeline() is the same transformation with built-in classes only,
as far as feature-engine has them (see README.md).
"""

import os
import sys

import numpy as np

import fepipe
import house_prices_fepipe as hp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course import CATEGORICAL, DATA, FEATURES, MAPPINGS, load, split  # noqa: E402,F401  (the course's data)

def pipeline():
    """The course pipeline (../house_prices_pipeline.hpp, make_pipeline), step for step."""
    return fepipe.Pipeline([
        ("missing_imputation", hp.CategoricalImputer(imputation_method="missing", variables=["FireplaceQu"])),
        ("frequent_imputation", hp.CategoricalImputer(
            imputation_method="frequent", variables=["BsmtQual", "BsmtExposure", "BsmtFinType1", "GarageFinish"])),
        ("missing_indicator", hp.AddMissingIndicator(variables=["LotFrontage"])),
        ("mean_imputation", hp.MeanMedianImputer(imputation_method="mean", variables=["LotFrontage"])),
        ("elapsed_time", hp.ElapsedTime(variables=["YearRemodAdd"], reference="YrSold")),
        ("drop_features", hp.DropFeatures(features_to_drop=["YrSold"])),
        ("log", hp.LogTransformer(variables=["LotFrontage", "1stFlrSF", "GrLivArea"])),
        ("binarizer", hp.Binarizer(threshold=0.0, variables=["ScreenPorch"])),
        *[(f"mapper_{variables[0].lower()}", hp.Mapper(variables=variables, mapping=mapping))
          for variables, mapping in MAPPINGS],
        ("rare_label_encoder", hp.RareLabelEncoder(tol=0.01, n_categories=1, variables=CATEGORICAL)),
        ("categorical_encoder", hp.OrdinalEncoder(encoding_method="ordered", variables=CATEGORICAL)),
        ("scaler", hp.MinMaxScaler()),
        ("lasso", hp.Lasso(alpha=0.001, random_state=0)),
    ])


def builtin_pipeline():
    """The same transformation with fepipe's built-in (feature-engine) classes only.

    ElapsedTime is RelativeFeatures(func=["sub"]) then DropFeatures: the new
    column is YearRemodAdd - YrSold (the opposite sign, appended last), the
    same information for the scaler and Lasso. Mapper (a fixed label -> number
    map) has no feature-engine class; the nearest is OrdinalEncoder("ordered"),
    which learns an order from the target's means instead of taking the
    course's scale: the same kind of feature, not the same numbers.
    """
    mapped = [v for variables, _ in MAPPINGS for v in variables]
    return fepipe.Pipeline([
        ("missing_imputation", fepipe.CategoricalImputer(imputation_method="missing", variables=["FireplaceQu"])),
        ("frequent_imputation", fepipe.CategoricalImputer(
            imputation_method="frequent", variables=["BsmtQual", "BsmtExposure", "BsmtFinType1", "GarageFinish"])),
        ("missing_indicator", fepipe.AddMissingIndicator(variables=["LotFrontage"])),
        ("mean_imputation", fepipe.MeanMedianImputer(imputation_method="mean", variables=["LotFrontage"])),
        ("elapsed_time", fepipe.RelativeFeatures(variables=["YearRemodAdd"], reference=["YrSold"], func=["sub"])),
        ("drop_features", fepipe.DropFeatures(features_to_drop=["YrSold", "YearRemodAdd"])),
        ("log", fepipe.LogTransformer(variables=["LotFrontage", "1stFlrSF", "GrLivArea"])),
        ("binarizer", fepipe.Binarizer(threshold=0.0, variables=["ScreenPorch"])),
        ("quality_encoder", fepipe.OrdinalEncoder(encoding_method="ordered", variables=mapped)),
        ("rare_label_encoder", fepipe.RareLabelEncoder(tol=0.01, n_categories=1, variables=CATEGORICAL)),
        ("categorical_encoder", fepipe.OrdinalEncoder(encoding_method="ordered", variables=CATEGORICAL)),
        ("scaler", fepipe.MinMaxScaler()),
        ("lasso", fepipe.Lasso(alpha=0.001, random_state=0)),
    ])


def r2(y, pred):
    y = np.asarray(y, dtype=float)
    return 1.0 - float(np.sum((y - pred) ** 2)) / float(np.sum((y - y.mean()) ** 2))


def main(argv):
    data = argv[1] if len(argv) > 1 else DATA
    model_path = argv[2] if len(argv) > 2 else "house_prices.fpm"
    X, y = load(data)
    X_train, X_test, y_train, y_test = split(X, y)
    pipe = pipeline().fit(X_train, y_train)
    pred = pipe.predict(X_test)
    fepipe.save_model(pipe, model_path)
    print(f"house_prices.py: test_r2={r2(y_test, pred):.4f} model={model_path}")
    builtin = builtin_pipeline().fit(X_train, y_train)
    print(f"house_prices.py: built-in classes only: test_r2={r2(y_test, builtin.predict(X_test)):.4f}")
    return pipe, X_test, pred


if __name__ == "__main__":
    main(sys.argv)
