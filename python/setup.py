"""Builds and installs the fepipe Python package (pip's path; CMake's is python/CMakeLists.txt).

Offline, with Debian's setuptools and pybind11 (python3-setuptools,
python3-pybind11, pybind11-dev, python3-dev, python3-wheel) and fepipe's
header dependencies (libeigen3-dev, xtensor-dev, libcereal-dev)::

    python3 -m venv --system-site-packages /opt/fepipe-venv
    /opt/fepipe-venv/bin/pip install --no-build-isolation ./python

(a venv because Debian's pip refuses to install into the system Python,
PEP 668; --system-site-packages so that it sees Debian's numpy, pandas and
pybind11; --no-build-isolation so that pip builds with them instead of
downloading its own.) The headers are read from this checkout's include/.
"""

import os
import re
import shlex
import shutil
import subprocess
import sysconfig

from pybind11.setup_helpers import ParallelCompile, Pybind11Extension, build_ext
from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
INCLUDE = os.path.normpath(os.path.join(HERE, "..", "include"))


def _version():
    text = open(os.path.join(INCLUDE, "fepipe", "version.hpp"), encoding="utf-8").read()
    parts = [re.search(rf"FEPIPE_VERSION_{p} (\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


def _eigen_include():
    # pkg-config knows where the distribution puts Eigen (Debian: /usr/include/eigen3).
    try:
        flags = subprocess.run(
            ["pkg-config", "--cflags-only-I", "eigen3"], check=True, capture_output=True, text=True
        ).stdout
        dirs = [f[2:] for f in shlex.split(flags) if f.startswith("-I")]
        if dirs:
            return dirs
    except (OSError, subprocess.CalledProcessError):
        pass
    return ["/usr/include/eigen3"]


# The two files compile in parallel (NPY_NUM_BUILD_JOBS=1 for one at a time):
# builtins.cpp is most of the time, core.cpp the rest.
ParallelCompile("NPY_NUM_BUILD_JOBS").install()


class BuildExt(build_ext):
    """pybind11's build_ext, or a copy of a module CMake already built.

    FEPIPE_PREBUILT_EXTENSION=<path of _core*.so> skips the compile (the
    registry of every class is ~90 s of it): CI's short form builds the
    module once with CMake and checks pip's packaging and install with it.
    """

    def build_extension(self, ext):
        prebuilt = os.environ.get("FEPIPE_PREBUILT_EXTENSION")
        if not prebuilt:
            return super().build_extension(ext)
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        if not prebuilt.endswith(suffix):
            raise RuntimeError(f"FEPIPE_PREBUILT_EXTENSION={prebuilt}: not a module for this Python ({suffix})")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(prebuilt, target)


ext = Pybind11Extension(
    "fepipe._core",
    # builtins.cpp registers every class (most of the build's time);
    # core.cpp, the bindings, includes only their list.
    [os.path.join("src", "builtins.cpp"), os.path.join("src", "core.cpp")],
    include_dirs=[INCLUDE, *_eigen_include()],
    cxx_std=20,
    # -ffp-contract=off: the predictions must be bit-identical to the C++
    # library's on every host (CMakeLists.txt sets it on fepipe::fepipe).
    # -g0: Python's default flags ask for debug info, which makes the
    # module of every class ~10x larger and slower to build.
    extra_compile_args=["-ffp-contract=off", "-g0", "-O2"],
    extra_link_args=["-pthread"],
)

setup(
    name="fepipe",
    version=_version(),
    description="feature-engine and scikit-learn pipelines in C++, from Python",
    packages=["fepipe"],
    ext_modules=[ext],
    cmdclass={"build_ext": BuildExt},
    install_requires=["numpy", "pandas"],
    python_requires=">=3.9",
    zip_safe=False,
)
