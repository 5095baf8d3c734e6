"""Reference for issue 15's acceptance: GridSearchCV over the course's House
Prices pipeline (feature-engine 1.6.2 + scikit-learn 1.2.1, the pipeline of
foundation.py) tuning the Lasso's alpha and the RareLabelEncoder's tol with
5-fold CV on the course's training split (log SalePrice).

Writes tests/data/reference/model_selection/search_house_prices__cv_results.csv
and __best.csv (the format of model_selection_search.py's searches), read by
tests/model_selection/house_prices_search_test.cpp, which runs the same
search on fepipe's compile-time course pipeline.

Run: FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/reference/house_prices_search.py
"""
import os

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512_SKX")

import numpy as np  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, train_test_split  # noqa: E402

import foundation  # noqa: E402  (puts feature-engine 1.6.2 on the path)
import model_selection_search  # noqa: E402

GRID = {"Lasso__alpha": [0.0005, 0.001, 0.005, 0.01], "rare_label_encoder__tol": [0.01, 0.03, 0.05]}


def main():
    df = foundation.house()
    X_train, _, y_train, _ = train_test_split(df[foundation.FEATURES], df["SalePrice"], test_size=0.1,
                                              random_state=0)
    search = GridSearchCV(foundation.course_pipeline(), GRID, cv=KFold(5), scoring="neg_mean_squared_error")
    search.fit(X_train, np.log(y_train))
    model_selection_search.write_search("house_prices", search)
    print("house_prices search: best", search.best_params_, search.best_score_)


if __name__ == "__main__":
    main()
