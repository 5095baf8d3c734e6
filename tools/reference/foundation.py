"""Reference outputs for the foundation classes and the House Prices pipeline.

Writes tests/data/reference/{core,impute,encode,transform,linear,pipelines}/:
- train_test_split indices (scikit-learn 1.2.1) for several sizes and seeds;
- fit results and transforms of MeanMedianImputer, ArbitraryNumberImputer,
  CategoricalImputer, AddMissingIndicator, LogTransformer, RareLabelEncoder,
  OrdinalEncoder (feature-engine 1.6.2), Binarizer and Lasso (scikit-learn);
- the whole course pipeline's predictions on the course split.

Run: FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/reference/foundation.py
"""
import numpy as np
import pandas as pd

import common
from common import write_attribute, write_frame, write_input

fe = common.use_feature_engine()
from feature_engine.encoding import OrdinalEncoder, RareLabelEncoder  # noqa: E402
from feature_engine.imputation import (  # noqa: E402
    AddMissingIndicator, ArbitraryNumberImputer, CategoricalImputer, MeanMedianImputer)
from feature_engine.selection import DropFeatures  # noqa: E402
from feature_engine.transformation import LogTransformer  # noqa: E402
from feature_engine.wrappers import SklearnTransformerWrapper  # noqa: E402
from sklearn.base import BaseEstimator, TransformerMixin  # noqa: E402
from sklearn.linear_model import Lasso  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import Binarizer, MinMaxScaler  # noqa: E402

FEATURES = ['MSSubClass', 'MSZoning', 'LotFrontage', 'LotShape', 'LandContour', 'LotConfig', 'Neighborhood',
            'OverallQual', 'OverallCond', 'YearRemodAdd', 'RoofStyle', 'Exterior1st', 'ExterQual', 'Foundation',
            'BsmtQual', 'BsmtExposure', 'BsmtFinType1', 'HeatingQC', 'CentralAir', '1stFlrSF', '2ndFlrSF',
            'GrLivArea', 'BsmtFullBath', 'HalfBath', 'KitchenQual', 'TotRmsAbvGrd', 'Functional', 'Fireplaces',
            'FireplaceQu', 'GarageFinish', 'GarageCars', 'GarageArea', 'PavedDrive', 'WoodDeckSF', 'ScreenPorch',
            'SaleCondition', 'YrSold']
CATEGORICAL = ['MSSubClass', 'MSZoning', 'LotShape', 'LandContour', 'LotConfig', 'Neighborhood', 'RoofStyle',
               'Exterior1st', 'Foundation', 'CentralAir', 'Functional', 'PavedDrive', 'SaleCondition']


def house():
    df = common.load_houseprice()
    return df


# --- train_test_split ---------------------------------------------------------
def split_indices():
    for n, test_size, seed in [(1460, 0.1, 0), (1309, 0.2, 0), (10, 0.25, 42), (1000, 0.33, 123),
                               (7, 0.5, 4294967295), (20000, 0.1, 7)]:
        idx = np.arange(n)
        train, test = train_test_split(idx, test_size=test_size, random_state=seed)
        case = f"split_n{n}_seed{seed}"
        write_attribute("core", case, "train", list(train))
        write_attribute("core", case, "test", list(test))


# --- imputation -----------------------------------------------------------------
def imputers():
    df = house()
    X = df.drop(columns=["Id", "SalePrice"])
    num = ["LotFrontage", "MasVnrArea", "GarageYrBlt"]
    cat = ["Alley", "MasVnrType", "BsmtQual", "FireplaceQu", "GarageType", "Electrical"]
    for method in ["mean", "median"]:
        imp = MeanMedianImputer(imputation_method=method).fit(X)
        write_attribute("impute", f"mean_median_imputer_house_{method}", "imputer_dict", imp.imputer_dict_)
        write_frame("impute", f"mean_median_imputer_house_{method}", imp.transform(X)[num])
    imp = ArbitraryNumberImputer(arbitrary_number=-1, variables=num).fit(X)
    write_frame("impute", "arbitrary_number_imputer_house", imp.transform(X)[num])
    imp = ArbitraryNumberImputer(imputer_dict={"LotFrontage": 0.5, "MasVnrArea": -2}).fit(X)
    write_frame("impute", "arbitrary_number_imputer_house_dict", imp.transform(X)[num])
    imp = CategoricalImputer(imputation_method="missing", variables=cat).fit(X)
    write_frame("impute", "categorical_imputer_house_missing", imp.transform(X)[cat])
    # GarageType's mode is unique; 'frequent' on every categorical column
    # except those with tied modes (none in this data).
    imp = CategoricalImputer(imputation_method="frequent").fit(X)
    write_attribute("impute", "categorical_imputer_house_frequent", "imputer_dict", imp.imputer_dict_)
    write_frame("impute", "categorical_imputer_house_frequent", imp.transform(X)[cat])
    imp = AddMissingIndicator().fit(X)
    write_attribute("impute", "add_missing_indicator_house", "variables", imp.variables_)
    out = imp.transform(X)
    write_frame("impute", "add_missing_indicator_house", out[[f"{v}_na" for v in imp.variables_]])
    imp = AddMissingIndicator(missing_only=False, variables=["LotFrontage", "Street", "Alley"]).fit(X)
    write_frame("impute", "add_missing_indicator_house_all", imp.transform(X)[["LotFrontage_na", "Street_na", "Alley_na"]])


# --- transformation -------------------------------------------------------------
def transformers():
    df = house()
    cols = ["LotArea", "GrLivArea", "1stFlrSF", "SalePrice"]
    for base in ["e", "10"]:
        t = LogTransformer(variables=cols, base=base).fit(df)
        write_frame("transform", f"log_transformer_house_{base}", t.transform(df)[cols])
    t = SklearnTransformerWrapper(transformer=Binarizer(threshold=0), variables=["ScreenPorch", "WoodDeckSF"]).fit(df)
    write_frame("transform", "binarizer_house_0", t.transform(df)[["ScreenPorch", "WoodDeckSF"]])
    t = SklearnTransformerWrapper(transformer=Binarizer(threshold=100.5), variables=["ScreenPorch", "WoodDeckSF"]).fit(df)
    write_frame("transform", "binarizer_house_100.5", t.transform(df)[["ScreenPorch", "WoodDeckSF"]])


# --- encoding -------------------------------------------------------------------
def encoders():
    df = house()
    X = df[CATEGORICAL + ["Street", "HouseStyle"]]
    y = np.log(df["SalePrice"])
    for tol, n_cat, max_n in [(0.01, 1, None), (0.05, 10, None), (0.05, 1, 3), (0.2, 3, None)]:
        case = f"rare_label_encoder_house_tol{tol}_n{n_cat}_max{max_n}"
        enc = RareLabelEncoder(tol=tol, n_categories=n_cat, max_n_categories=max_n,
                               variables=list(X.columns)).fit(X)
        write_attribute("encode", case, "encoder_dict", {k: list(v) for k, v in enc.encoder_dict_.items()})
        write_frame("encode", case, enc.transform(X))
    for method in ["ordered", "arbitrary"]:
        enc = OrdinalEncoder(encoding_method=method, variables=list(X.columns)).fit(X, y)
        write_attribute("encode", f"ordinal_encoder_house_{method}", "encoder_dict", enc.encoder_dict_)
        write_frame("encode", f"ordinal_encoder_house_{method}", enc.transform(X))
    # Titanic: categorical with missing values (missing_values='ignore').
    t = common.load_titanic()
    Xt = t[["sex", "cabin", "embarked", "title"]]
    write_frame("encode", "ordinal_titanic", t[["sex", "cabin", "embarked", "title", "survived"]], suffix="input")
    enc = OrdinalEncoder(encoding_method="ordered", missing_values="ignore").fit(Xt, t["survived"])
    write_attribute("encode", "ordinal_encoder_titanic_ordered_ignore", "encoder_dict", enc.encoder_dict_)
    write_frame("encode", "ordinal_encoder_titanic_ordered_ignore", enc.transform(Xt))
    enc = RareLabelEncoder(tol=0.05, n_categories=1, missing_values="ignore").fit(Xt)
    write_attribute("encode", "rare_label_encoder_titanic_ignore", "encoder_dict",
                    {k: [c for c in v if c == c] for k, v in enc.encoder_dict_.items()})
    write_frame("encode", "rare_label_encoder_titanic_ignore", enc.transform(Xt))


# --- Lasso ------------------------------------------------------------------------
def lasso():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 8))
    X[:, 3] = X[:, 2] * 0.5 + 0.1 * rng.standard_normal(200)  # correlated pair
    X[:, 7] = 0.0  # constant column: zero norm, skipped by coordinate descent
    y = X @ np.array([1.5, -2.0, 0.0, 0.7, 0.0, 0.3, 0.0, 0.0]) + 0.5 * rng.standard_normal(200) + 3.0
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(8)])
    frame["y"] = y
    write_input("lasso_synthetic", frame)
    for alpha, fit_intercept, positive, selection in [
            (0.1, True, False, "cyclic"), (0.01, True, False, "cyclic"), (0.5, False, False, "cyclic"),
            (0.05, True, True, "cyclic"), (0.05, True, False, "random"), (10.0, True, False, "cyclic")]:
        m = Lasso(alpha=alpha, fit_intercept=fit_intercept, positive=positive, selection=selection,
                  random_state=0).fit(X, y)
        case = f"lasso_synthetic_a{alpha}_i{int(fit_intercept)}_p{int(positive)}_{selection}"
        write_attribute("linear", case, "coef", list(m.coef_))
        write_attribute("linear", case, "intercept", float(m.intercept_))
        write_attribute("linear", case, "n_iter", int(m.n_iter_))
        write_attribute("linear", case, "dual_gap", float(m.dual_gap_))
        write_frame("linear", case, pd.DataFrame({"prediction": m.predict(X)}), suffix="predict")


# --- the course pipeline ---------------------------------------------------------------
class TemporalVariableTransformer(BaseEstimator, TransformerMixin):
    def __init__(self, variables, reference_variable):
        self.variables = variables
        self.reference_variable = reference_variable

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        for f in self.variables:
            X[f] = X[self.reference_variable] - X[f]
        return X


class Mapper(BaseEstimator, TransformerMixin):
    def __init__(self, variables, mappings):
        self.variables = variables
        self.mappings = mappings

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        for f in self.variables:
            X[f] = X[f].map(self.mappings)
        return X


def course_pipeline():
    from feature_engine.imputation import AddMissingIndicator as AMI
    qual = {'Po': 1, 'Fa': 2, 'TA': 3, 'Gd': 4, 'Ex': 5, 'Missing': 0, 'NA': 0}
    expo = {'No': 1, 'Mn': 2, 'Av': 3, 'Gd': 4}
    fin = {'Missing': 0, 'NA': 0, 'Unf': 1, 'LwQ': 2, 'Rec': 3, 'BLQ': 4, 'ALQ': 5, 'GLQ': 6}
    gar = {'Missing': 0, 'NA': 0, 'Unf': 1, 'RFn': 2, 'Fin': 3}
    return Pipeline([
        ('missing_imputation', CategoricalImputer(imputation_method='missing', variables=['FireplaceQu'])),
        ('frequent_imputation', CategoricalImputer(imputation_method='frequent',
                                                   variables=['BsmtQual', 'BsmtExposure', 'BsmtFinType1',
                                                              'GarageFinish'])),
        ('missing_indicator', AMI(variables=['LotFrontage'])),
        ('mean_imputation', MeanMedianImputer(imputation_method='mean', variables=['LotFrontage'])),
        ('elapsed_time', TemporalVariableTransformer(variables=['YearRemodAdd'], reference_variable='YrSold')),
        ('drop_features', DropFeatures(features_to_drop=['YrSold'])),
        ('log', LogTransformer(variables=['LotFrontage', '1stFlrSF', 'GrLivArea'])),
        ('binarizer', SklearnTransformerWrapper(transformer=Binarizer(threshold=0), variables=['ScreenPorch'])),
        ('mapper_qual', Mapper(['ExterQual', 'BsmtQual', 'HeatingQC', 'KitchenQual', 'FireplaceQu'], qual)),
        ('mapper_exposure', Mapper(['BsmtExposure'], expo)),
        ('mapper_finish', Mapper(['BsmtFinType1'], fin)),
        ('mapper_garage', Mapper(['GarageFinish'], gar)),
        ('rare_label_encoder', RareLabelEncoder(tol=0.01, n_categories=1, variables=CATEGORICAL)),
        ('categorical_encoder', OrdinalEncoder(encoding_method='ordered', variables=CATEGORICAL)),
        ('scaler', MinMaxScaler()),
        ('Lasso', Lasso(alpha=0.001, random_state=0)),
    ])


def pipeline():
    df = house()
    X_train, X_test, y_train, y_test = train_test_split(df[FEATURES], df['SalePrice'], test_size=0.1,
                                                        random_state=0)
    y_train, y_test = np.log(y_train), np.log(y_test)
    pipe = course_pipeline().fit(X_train, y_train)
    write_attribute("pipelines", "house_prices", "test_index", list(X_test.index))
    write_frame("pipelines", "house_prices", pd.DataFrame({"prediction": pipe.predict(X_test)}), suffix="predict_test")
    write_frame("pipelines", "house_prices", pd.DataFrame({"prediction": pipe.predict(X_train)}), suffix="predict_train")
    write_attribute("pipelines", "house_prices", "lasso_coef", list(pipe[-1].coef_))
    write_attribute("pipelines", "house_prices", "lasso_intercept", float(pipe[-1].intercept_))
    write_attribute("pipelines", "house_prices", "lasso_n_iter", int(pipe[-1].n_iter_))
    # The matrix reaching the scaler, to test the transformers in isolation.
    Xt = pipe[:-2].transform(X_test)
    write_frame("pipelines", "house_prices", Xt, suffix="transformed_test")
    write_attribute("pipelines", "house_prices", "ordinal_encoder_dict", pipe["categorical_encoder"].encoder_dict_)
    write_attribute("pipelines", "house_prices", "rare_label_dict",
                    {k: list(v) for k, v in pipe["rare_label_encoder"].encoder_dict_.items()})


if __name__ == "__main__":
    split_indices()
    imputers()
    transformers()
    encoders()
    lasso()
    pipeline()
    print("foundation references written")
