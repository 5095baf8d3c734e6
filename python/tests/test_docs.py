"""docs/python.md's quick start runs as written, and the file it saves is
read by a C++ host predicting what Python predicts."""

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
