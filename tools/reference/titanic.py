"""Reference outputs of the course's Titanic pipelines (scikit-learn 1.2.1 +
feature-engine 1.6.2): test-set probabilities and metrics of the logistic
regression and of the same transformers with GradientBoostingClassifier.

  FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/reference/titanic.py
"""
import os

# numpy's AVX-512 exp/log differ from libm in the last bit on some CPUs; the
# boosted trees must not depend on the machine that made the reference.
os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import common  # noqa: E402
from common import write_attribute, write_frame  # noqa: E402

common.use_feature_engine()
from feature_engine.encoding import OneHotEncoder, RareLabelEncoder  # noqa: E402
from feature_engine.imputation import AddMissingIndicator, CategoricalImputer, MeanMedianImputer  # noqa: E402
from sklearn.base import BaseEstimator, TransformerMixin  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, roc_auc_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

CATEGORICAL = ['sex', 'cabin', 'embarked', 'title']
NUMERICAL = ['age', 'fare']


class ExtractLetterTransformer(BaseEstimator, TransformerMixin):
    def __init__(self, variables):
        self.variables = variables

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        for feature in self.variables:
            X[feature] = X[feature].str[0]
        return X


def pipeline(model):
    return Pipeline([
        ('categorical_imputation', CategoricalImputer(imputation_method='missing', variables=CATEGORICAL)),
        ('missing_indicator', AddMissingIndicator(variables=NUMERICAL)),
        ('median_imputation', MeanMedianImputer(imputation_method='median', variables=NUMERICAL)),
        ('extract_letter', ExtractLetterTransformer(variables=['cabin'])),
        ('rare_label_encoder', RareLabelEncoder(tol=0.05, n_categories=1, variables=CATEGORICAL)),
        ('categorical_encoder', OneHotEncoder(drop_last=True, variables=CATEGORICAL)),
        ('scaler', StandardScaler()),
        ('model', model),
    ])


def main():
    data = common.load_titanic()
    X_train, X_test, y_train, y_test = train_test_split(data.drop('survived', axis=1), data['survived'],
                                                        test_size=0.2, random_state=0)
    write_attribute("pipelines", "titanic", "test_index", list(X_test.index))
    for name, model in [("logit", LogisticRegression(C=0.0005, random_state=0)),
                        ("gbm", GradientBoostingClassifier(random_state=0))]:
        pipe = pipeline(model).fit(X_train, y_train)
        proba = pipe.predict_proba(X_test)[:, 1]
        pred = pipe.predict(X_test)
        write_frame("pipelines", f"titanic_{name}", pd.DataFrame({"proba": proba, "prediction": pred}),
                    suffix="predict_test")
        write_attribute("pipelines", f"titanic_{name}", "metrics",
                        {"accuracy": accuracy_score(y_test, pred), "roc_auc": roc_auc_score(y_test, proba),
                         "train_accuracy": accuracy_score(y_train, pipe.predict(X_train)),
                         "train_roc_auc": roc_auc_score(y_train, pipe.predict_proba(X_train)[:, 1])})
        write_attribute("pipelines", f"titanic_{name}", "feature_names", list(pipe[:-2].transform(X_test.head()).columns))
        print(name, accuracy_score(y_test, pred), roc_auc_score(y_test, proba))


if __name__ == "__main__":
    main()
