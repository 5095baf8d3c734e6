"""Reference numbers of the explain family (tests/explain/): the node covers
scikit-learn 1.2.1 records in the trees fepipe's path-dependent TreeSHAP
reads, and the training means the linear models' contributions are
measured from.

Writes tests/data/reference/explain/<case>__covers.csv: every node's cover
in pre-order (a node, then its left subtree, then its right subtree), tree
after tree in fepipe's order (iteration i, class k at i*K + k):
- DecisionTree*, GradientBoosting*: tree_.weighted_n_node_samples (for
  subsample < 1, the in-bag weight);
- HistGradientBoosting*: the predictor nodes' `count`.
and <dataset>__means.csv: numpy's column means of the training features.

The datasets are those of tools/reference/tree_gb.py and tree_hgb.py (House
Prices' numeric columns, median-filled for the CART models and with NaN for
HGB; Titanic's five numeric columns).
"""
import os

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES",
                      "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

import sys  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor,  # noqa: E402
                              HistGradientBoostingClassifier, HistGradientBoostingRegressor)
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import common  # noqa: E402

assert sklearn.__version__ == "1.2.1", sklearn.__version__
FAMILY = "explain"


def house(fill):
    df = common.load_houseprice()
    X = df.select_dtypes("number").drop(columns=["Id", "SalePrice"]).astype(float)
    if fill:
        X = X.fillna(X.median())
    return X, df["SalePrice"].to_numpy(dtype=float)


def titanic(fill):
    df = pd.read_csv(os.path.join(common.DATA, "titanic.csv"), na_values="?")
    X = df[["pclass", "age", "sibsp", "parch", "fare"]].astype(float)
    if fill:
        X = X.fillna(X.median())
    return X, df["survived"].to_numpy(dtype=float)


def preorder(left, right, values):
    out, todo = [], [0]
    while todo:
        n = todo.pop()
        out.append(values[n])
        if left[n] >= 0:
            todo.append(right[n])
            todo.append(left[n])
    return out


def cart_covers(tree):
    return preorder(tree.children_left, tree.children_right, tree.weighted_n_node_samples)


def hgb_covers(predictor):
    nodes = predictor.nodes
    left = np.where(nodes["is_leaf"] == 1, -1, nodes["left"].astype(int))
    return preorder(left, nodes["right"].astype(int), nodes["count"].astype(float))


def write_covers(case, covers):
    common.write_attribute(FAMILY, case, "covers", [float(c) for c in covers])


HOUSE_F, HOUSE_Y = house(True)
HOUSE_NAN, _ = house(False)
TITANIC_F, TITANIC_Y = titanic(True)
TITANIC_NAN, _ = titanic(False)

common.write_attribute(FAMILY, "house", "means", dict(zip(HOUSE_F.columns, HOUSE_F.to_numpy().mean(axis=0))))
common.write_attribute(FAMILY, "titanic", "means", dict(zip(TITANIC_F.columns, TITANIC_F.to_numpy().mean(axis=0))))

est = DecisionTreeRegressor(max_depth=6, random_state=0).fit(HOUSE_F.to_numpy(), HOUSE_Y)
write_covers("dt_reg_house", cart_covers(est.tree_))
common.write_attribute(FAMILY, "dt_reg_house", "n_node_samples",
                       [float(c) for c in preorder(est.tree_.children_left, est.tree_.children_right,
                                                   est.tree_.n_node_samples)])

est = DecisionTreeClassifier(max_depth=5, random_state=0).fit(TITANIC_F.to_numpy(), TITANIC_Y)
write_covers("dt_clf_titanic", cart_covers(est.tree_))

est = GradientBoostingRegressor(n_estimators=10, max_depth=3, subsample=0.8, random_state=0)
est.fit(HOUSE_F.to_numpy(), HOUSE_Y)
write_covers("gb_reg_house_sub", [c for t in est.estimators_[:, 0] for c in cart_covers(t.tree_)])

est = GradientBoostingClassifier(n_estimators=10, max_depth=3, random_state=0)
est.fit(TITANIC_F.to_numpy(), TITANIC_Y)
write_covers("gb_clf_titanic", [c for t in est.estimators_[:, 0] for c in cart_covers(t.tree_)])

est = HistGradientBoostingRegressor(early_stopping=False, max_iter=10).fit(HOUSE_NAN, HOUSE_Y)
write_covers("hgb_reg_house", [c for it in est._predictors for p in it for c in hgb_covers(p)])

est = HistGradientBoostingClassifier(early_stopping=False, max_iter=10).fit(TITANIC_NAN, TITANIC_Y)
write_covers("hgb_clf_titanic", [c for it in est._predictors for p in it for c in hgb_covers(p)])
