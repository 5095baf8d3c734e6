"""docs/python.md's quick start and README.md's Python block run as written,
and the files they save are read by a C++ host predicting what Python
predicts."""

import os
import re
import runpy

import numpy as np
import pandas as pd

from conftest import DATA, ROOT
from test_model_files import cpp_predictions


def test_quick_start(tmp_path, monkeypatch, model_check, capsys):
    text = open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8").read()
    quick_start = text[text.index("## Quick start"):text.index("## The API")]
    code = re.findall(r"```python\n(.*?)```", quick_start, re.S)
    assert len(code) == 1
    script = tmp_path / "quick_start.py"
    script.write_text(code[0].replace('"data/houseprice.csv"', repr(os.path.join(DATA, "houseprice.csv"))))
    monkeypatch.chdir(tmp_path)
    namespace = runpy.run_path(str(script))
    printed = capsys.readouterr().out
    assert "Neighborhood" in printed
    pipe, X = namespace["pipe"], namespace["X"]
    assert (tmp_path / "house_prices.fpm").exists()
    np.testing.assert_array_equal(cpp_predictions(model_check, tmp_path / "house_prices.fpm", X, tmp_path)[:, 0],
                                  pipe.predict(X))


def test_readme_python_block(tmp_path, monkeypatch, model_check):
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text[text.index("## Use it from Python"):text.index("## Use it in your CMake project")]
    code = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(code) == 1
    script = tmp_path / "readme.py"
    script.write_text(code[0].replace('"data/houseprice.csv"', repr(os.path.join(DATA, "houseprice.csv"))))
    monkeypatch.chdir(tmp_path)
    namespace = runpy.run_path(str(script))
    pipe, X, price = namespace["pipe"], namespace["X"], namespace["price"]
    row = pd.DataFrame({"LotFrontage": [65.0], "GrLivArea": [1710.0], "Neighborhood": ["CollgCr"]})
    assert price == pipe.predict(row)[0]
    np.testing.assert_array_equal(cpp_predictions(model_check, tmp_path / "model.fpm", X, tmp_path)[:, 0],
                                  pipe.predict(X))
