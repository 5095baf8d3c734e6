#!/usr/bin/env bash
# The Python package (python/, docs/python.md): the extension module and its
# C++ test host built by CMake with the project's warnings as errors, pytest
# on them (python/tests: every binding class, every error path, the
# reference data of the C++ tests, files read by C++ bit for bit), and the
# pip path a user takes on Debian 12: a venv with the system's packages
# (Debian's pip refuses system installs, PEP 668) and
# `pip install --no-build-isolation ./python`, offline, then
# `import fepipe` from another directory. And a user's own module
# (examples/python_house_prices, fepipe_add_python_module): the course's
# House Prices pipeline with its two C++ steps fitted from Python, its file
# loaded by a C++ host, same bits (test_python_house_prices.py).
#
# Short form: the registry (~90 s of compile) is built once, by CMake; pip
# installs that module (FEPIPE_PREBUILT_EXTENSION, python/setup.py), which
# checks the packaging and the install but not setup.py's compile. Long form:
# pip also compiles from source, and pytest runs on the pip-installed package.
# Always /usr/bin/python3: the one Debian's numpy, pandas and pybind11 are for.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
PYTHON_PACKAGES=(pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pandas python3-sklearn
  python3-pytest python3-venv python3-setuptools python3-wheel pkg-config)
ensure_packages "${BASE_PACKAGES[@]}" "${PYTHON_PACKAGES[@]}"
py=/usr/bin/python3

dir=$BUILD_ROOT/python
log "extension module and C++ test host (Release, warnings as errors)"
cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DFEPIPE_BUILD_PYTHON=ON -DFEPIPE_WERROR=ON \
  -DFEPIPE_BUILD_TESTS=OFF -DFEPIPE_BUILD_EXAMPLES=OFF -DFEPIPE_BUILD_APPS=OFF -DFEPIPE_INSTALL=OFF \
  -DFEPIPE_BUILD_PYTHON_EXAMPLE=ON -DPython_EXECUTABLE="$py" >/dev/null
# The example's module reuses the built-in classes compiled for fepipe._core.
# One goal (python/CMakeLists.txt): its four targets build on every core.
cmake --build "$dir" --target python_all -j "$JOBS"

log "pytest on the build, and the user-step example"
# -p no:cacheprovider and no bytecode: nothing written into the source tree.
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$dir/python" FEPIPE_MODEL_CHECK="$dir/python/model_check" \
  "$py" -m pytest -q -p no:cacheprovider python/tests examples/python_house_prices
if [ "$FEPIPE_LONG" = 1 ]; then
  log "the course benchmark from Python (fepipe only: feature-engine is not installable here)"
  PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$dir/python" "$py" benchmarks/python/bench_course.py --repeat 3
fi

log "pip install --no-build-isolation ./python into a venv"
venv=$(mktemp -d "${TMPDIR:-/tmp}/fepipe-venv.XXXXXX")
trap 'rm -rf "$venv"' EXIT
"$py" -m venv --system-site-packages "$venv"
# A copy of python/: pip builds in the tree it is given (setuptools' build/,
# *.egg-info), which must not be the checkout.
src=$venv/src
mkdir -p "$src"
cp -r python "$src/python"
# Without what an earlier in-tree build left (python/.gitignore): setuptools
# would reuse a stale build/.
rm -rf "$src/python/build" "$src/python/dist" "$src/python"/*.egg-info "$src/python/fepipe"/*.so
find "$src/python" -name __pycache__ -prune -exec rm -rf {} +
ln -s "$ROOT/include" "$src/include"
if [ "$FEPIPE_LONG" = 1 ]; then
  NPY_NUM_BUILD_JOBS=$JOBS "$venv/bin/pip" install -q --no-build-isolation --no-index "$src/python"
else
  FEPIPE_PREBUILT_EXTENSION=$(ls "$dir"/python/fepipe/_core*.so) \
    "$venv/bin/pip" install -q --no-build-isolation --no-index "$src/python"
fi
# From another directory: the installed package, not the checkout's python/.
(cd "$venv" && "$venv/bin/python" - <<'PY'
import os
import sys
import numpy as np
import pandas as pd
import fepipe
assert fepipe.__file__.startswith(sys.prefix), fepipe.__file__  # the venv's copy
X = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0], "c": ["x", "y", None, "x"]})
pipe = fepipe.Pipeline([("imp", fepipe.MeanMedianImputer()), ("cat", fepipe.CategoricalImputer()),
                        ("enc", fepipe.OrdinalEncoder(encoding_method="arbitrary")), ("m", fepipe.Lasso(alpha=0.01))])
pipe.fit(X, np.array([1.0, 2.0, 3.0, 4.0]))
fepipe.save_model(pipe, "smoke.fpm")
assert (fepipe.load_model("smoke.fpm").predict(X) == pipe.predict(X)).all()
print(f"fepipe {fepipe.__version__} from {os.path.dirname(fepipe.__file__)}: {len(fepipe.step_classes)} classes")
PY
)
if [ "$FEPIPE_LONG" = 1 ]; then
  log "pytest on the pip-installed package (compiled by setup.py)"
  (cd "$venv" && FEPIPE_MODEL_CHECK="$dir/python/model_check" "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    --rootdir "$ROOT/python/tests" "$ROOT/python/tests")
fi
