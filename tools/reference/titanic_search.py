"""Reference for issue 15's Titanic example: GridSearchCV over the course's
Titanic GBM pipeline (tools/reference/titanic.py: feature-engine 1.6.2 +
scikit-learn 1.2.1) tuning the GradientBoostingClassifier's max_depth and
learning_rate, 5-fold StratifiedKFold (GridSearchCV's cv=5 for a
classifier) on every row of data/titanic.csv, scoring roc_auc.

The same search from the tool: examples/titanic_gbm_grid.json with
examples/titanic_gbm_spec.json (the last step is named "gbm", as here),

    course_cli search examples/titanic_gbm_spec.json data/titanic.csv --target survived --na-values '?' \\
        --grid examples/titanic_gbm_grid.json --cv 5 --scoring roc_auc

which tests/cli/course_cli_e2e.sh runs and compares with the files this
writes: tests/data/reference/model_selection/search_titanic_gbm__{cv_results,best}.csv.

Run: FEATURE_ENGINE_PATH=<feature-engine 1.6.2> /usr/bin/python3 tools/reference/titanic_search.py
"""
import json
import os

os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL")

from sklearn.ensemble import GradientBoostingClassifier  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402

import common  # noqa: E402
import model_selection_search  # noqa: E402
import titanic  # noqa: E402  (the course pipeline; puts feature-engine 1.6.2 on the path)

GRID_FILE = os.path.join(common.ROOT, "examples", "titanic_gbm_grid.json")


def main():
    with open(GRID_FILE) as f:
        grid = json.load(f)
    data = common.load_titanic()
    X, y = data.drop("survived", axis=1), data["survived"]
    course = titanic.pipeline(GradientBoostingClassifier(random_state=0))
    pipe = Pipeline(course.steps[:-1] + [("gbm", course.steps[-1][1])])
    search = GridSearchCV(pipe, grid, cv=5, scoring="roc_auc").fit(X, y)
    model_selection_search.write_search("titanic_gbm", search)
    print("titanic_gbm search: best", search.best_params_, search.best_score_)


if __name__ == "__main__":
    main()
