#!/usr/bin/env python3
"""Offline checks of the Conan recipe and the vcpkg port (CI: 20-package.sh).

Neither Conan nor vcpkg can run here (no PyPI, no downloads), so this runs
what can run without them and compares both with what fepipe's CMake build
declares, which is where they would silently drift:

Conan (packaging/conan/conanfile.py):
  * the recipe and test_package compile (py_compile);
  * the recipe is executed through its whole `conan create` life cycle
    (set_version, export_sources, layout, requirements, validate, package_id,
    generate, build, package, package_info) against a small stand-in of the
    Conan 2 API below: the export is exactly the files a source release needs
    (CMakeLists.txt, cmake/, include/), CMake really configures and installs
    the exported sources, and the package holds the headers and nothing else;
  * its version, requirements (with transitive headers), C++ standard, target
    name, flags and system libraries match version.hpp, the dependencies of
    cmake/FepipeDependencies.cmake and what the fepipe::fepipe target adds.

vcpkg (packaging/vcpkg/ports/fepipe):
  * vcpkg.json is valid JSON in vcpkg's canonical form (dependencies sorted,
    host tools as objects) with the version of version.hpp and the same
    dependencies;
  * portfile.cmake runs under `cmake -P` with the vcpkg functions replaced by
    recorders: the source path is this checkout, every -D option it passes is
    an option of CMakeLists.txt, CONFIG_PATH is where `cmake --install` puts
    the package files;
  * `usage` tells users exactly the two lines tests/package/find_package
    builds with.

    python3 packaging/check_packaging.py --prefix <fepipe install prefix>
"""

import argparse
import fnmatch
import importlib.util
import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def fepipe_version():
    header = read("include/fepipe/version.hpp")
    return ".".join(re.search(rf"#define FEPIPE_VERSION_{p} (\d+)", header).group(1) for p in ("MAJOR", "MINOR", "PATCH"))


def cmake_options():
    return set(re.findall(r"^\s*option\((\w+)", read("CMakeLists.txt"), re.M))


def cmake_dependencies():
    """Packages cmake/FepipeDependencies.cmake finds."""
    return re.findall(r"^_fepipe_find\((\w+)", read("cmake/FepipeDependencies.cmake"), re.M)


def release_files():
    """What a source release needs for CMake: CMakeLists.txt, cmake/, include/."""
    files = {"CMakeLists.txt"}
    for top in ("cmake", "include"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                files.add(os.path.relpath(os.path.join(dirpath, name), ROOT))
    return files


def tree(folder):
    out = set()
    for dirpath, _, names in os.walk(folder):
        for name in names:
            out.add(os.path.relpath(os.path.join(dirpath, name), folder))
    return out


# --- a stand-in of the parts of the Conan 2 API the recipe uses --------------


class ConanInvalidConfiguration(Exception):
    pass


class Version:
    def __init__(self, text):
        self.parts = [int(p) if p.isdigit() else p for p in re.split(r"[.-]", str(text))]

    def _cmp(self, other):
        a, b = self.parts, Version(other).parts
        return (a > b) - (a < b)

    def __lt__(self, other):
        return self._cmp(other) < 0

    def __ge__(self, other):
        return self._cmp(other) >= 0


class Setting(str):
    """A settings value: a string with sub-settings as attributes."""

    def __new__(cls, value, **subsettings):
        s = super().__new__(cls, value)
        for k, v in subsettings.items():
            setattr(s, k, v)
        return s


class Settings:
    def __init__(self, os_name, compiler, version, cppstd):
        self.os = Setting(os_name)
        self.compiler = Setting(compiler, version=Setting(version), cppstd=Setting(cppstd), libcxx=Setting("libstdc++11"))
        self.arch = Setting("x86_64")
        self.build_type = Setting("Release")

    def get_safe(self, name):
        value = self
        for part in name.split("."):
            value = getattr(value, part, None)
        return value


class CppInfo:
    def __init__(self):
        self.properties = {}
        self.bindirs = ["bin"]
        self.libdirs = ["lib"]
        self.system_libs = []
        self.cxxflags = []
        self.defines = []

    def set_property(self, name, value):
        self.properties[name] = value


class Info:
    def __init__(self):
        self.cleared = False

    def clear(self):
        self.cleared = True


class ConanFile:
    def __init__(self, recipe_folder, settings, work):
        self.recipe_folder = recipe_folder
        self.settings = settings
        self.requirements_seen = []
        self.cppstd_checked = None
        self.cpp_info = CppInfo()
        self.info = Info()
        self.export_sources_folder = os.path.join(work, "export_source")
        self.package_folder = os.path.join(work, "package")
        self.build_folder = os.path.join(work, "build")
        self.generators_folder = os.path.join(work, "build", "generators")
        self.layout_src_folder = None
        self.cache_variables = {}
        self.version = None
        self.ref = "fepipe/<version>"

    @property
    def source_folder(self):
        # Conan copies the exported sources into the layout's source folder.
        return os.path.join(os.path.dirname(self.export_sources_folder), "base", self.layout_src_folder or ".")

    def requires(self, ref, **kwargs):
        self.requirements_seen.append((ref, kwargs))


def conan_copy(conanfile, pattern, src, dst, keep_path=True, excludes=None):
    copied = []
    if not os.path.isdir(src):
        return copied
    for dirpath, _, names in os.walk(src):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            if not fnmatch.fnmatch(rel, pattern):  # as Conan: the pattern matches the relative path
                continue
            if excludes and any(fnmatch.fnmatch(rel, e) for e in excludes):
                continue
            target = os.path.join(dst, rel if keep_path else name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(os.path.join(dirpath, name), target)
            copied.append(target)
    return copied


def conan_load(conanfile, path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def conan_rmdir(conanfile, path):
    shutil.rmtree(path, ignore_errors=True)


def check_min_cppstd(conanfile, cppstd):
    conanfile.cppstd_checked = int(cppstd)
    if int(str(conanfile.settings.compiler.cppstd).replace("gnu", "")) < int(cppstd):
        raise ConanInvalidConfiguration(f"needs C++{cppstd}")


def basic_layout(conanfile, src_folder="."):
    conanfile.layout_src_folder = src_folder


class CMakeToolchain:
    def __init__(self, conanfile):
        self.conanfile = conanfile
        self.cache_variables = {}

    def generate(self):
        self.conanfile.cache_variables.update(self.cache_variables)


class CMakeDeps:
    def __init__(self, conanfile):
        pass

    def generate(self):
        pass


class CMake:
    """Runs the real CMake, as Conan's helper would (dependencies come from
    the system here, from CMakeDeps under Conan)."""

    def __init__(self, conanfile):
        self.conanfile = conanfile

    def configure(self):
        c = self.conanfile
        args = ["cmake", "-S", c.source_folder, "-B", c.build_folder]
        for k, v in c.cache_variables.items():
            args.append(f"-D{k}={'ON' if v is True else 'OFF' if v is False else v}")
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)

    def build(self):
        subprocess.run(["cmake", "--build", self.conanfile.build_folder], check=True, stdout=subprocess.DEVNULL)

    def install(self):
        subprocess.run(["cmake", "--install", self.conanfile.build_folder, "--prefix", self.conanfile.package_folder],
                       check=True, stdout=subprocess.DEVNULL)


def install_conan_stand_in():
    modules = {
        "conan": {"ConanFile": ConanFile},
        "conan.errors": {"ConanInvalidConfiguration": ConanInvalidConfiguration},
        "conan.tools": {},
        "conan.tools.build": {"check_min_cppstd": check_min_cppstd, "can_run": lambda c: True},
        "conan.tools.cmake": {"CMake": CMake, "CMakeDeps": CMakeDeps, "CMakeToolchain": CMakeToolchain,
                              "cmake_layout": lambda c: None},
        "conan.tools.files": {"copy": conan_copy, "load": conan_load, "rmdir": conan_rmdir},
        "conan.tools.layout": {"basic_layout": basic_layout},
        "conan.tools.scm": {"Version": Version},
    }
    for name, attrs in modules.items():
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module


def load_recipe(path):
    spec = importlib.util.spec_from_file_location("fepipe_conanfile", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, ConanFile) and v is not ConanFile]
    assert len(classes) == 1, "one ConanFile class expected"
    return classes[0]


def check_conan(prefix):
    recipe_dir = os.path.join(ROOT, "packaging", "conan")
    for f in ("conanfile.py", os.path.join("test_package", "conanfile.py")):
        py_compile.compile(os.path.join(recipe_dir, f), doraise=True)
    install_conan_stand_in()
    Recipe = load_recipe(os.path.join(recipe_dir, "conanfile.py"))
    version = fepipe_version()

    check(Recipe.name == "fepipe", "conan: name is not fepipe")
    check(Recipe.package_type == "header-library", "conan: package_type is not header-library")
    check(getattr(Recipe, "no_copy_source", False), "conan: a header-only recipe sets no_copy_source")
    check(set(Recipe.settings) == {"os", "arch", "compiler", "build_type"}, "conan: settings")

    with tempfile.TemporaryDirectory() as work:
        r = Recipe(recipe_dir, Settings("Linux", "gcc", "12", "20"), work)
        r.set_version()
        check(r.version == version, f"conan: set_version gives {r.version}, version.hpp {version}")
        r.export_sources()
        exported = tree(r.export_sources_folder)
        expected = release_files() | ({"LICENSE"} if os.path.exists(os.path.join(ROOT, "LICENSE")) else set())
        check(exported == expected, f"conan: export_sources differs from a source release: "
                                    f"missing {sorted(expected - exported)[:5]}, extra {sorted(exported - expected)[:5]}")
        r.layout()
        shutil.copytree(r.export_sources_folder, r.source_folder)  # no source() step: exported sources
        r.requirements()
        r.validate()
        check(r.cppstd_checked == 20, "conan: validate() must require C++20 (check_min_cppstd)")
        r.package_id()
        check(r.info.cleared, "conan: package_id() must clear the info (one package for every configuration)")
        r.generate()
        for option in r.cache_variables:
            check(option in cmake_options(), f"conan: generate() sets {option}, not an option of CMakeLists.txt")
        r.build()
        r.package()
        r.package_info()
        packaged = tree(r.package_folder)
        headers = {os.path.join("include", f) for f in tree(os.path.join(ROOT, "include"))}
        check(packaged - {p for p in packaged if p.startswith("licenses/")} == headers,
              f"conan: the package must hold exactly the headers (extra: {sorted(packaged - headers)[:5]})")

    names = {ref.split("/")[0]: kwargs for ref, kwargs in r.requirements_seen}
    dependency_of = {"Eigen3": "eigen", "xtensor": "xtensor", "cereal": "cereal"}
    expected_requires = {dependency_of[d] for d in cmake_dependencies() if d in dependency_of}
    check(set(names) == expected_requires,
          f"conan: requires {sorted(names)}, FepipeDependencies.cmake finds {sorted(expected_requires)}")
    for name, kwargs in names.items():
        check(kwargs.get("transitive_headers") is True, f"conan: {name} must be required with transitive_headers=True")

    # The consumer's view must be the fepipe::fepipe target of the CMake package.
    props = r.cpp_info.properties
    check(props.get("cmake_file_name") == "fepipe" and os.path.exists(
        os.path.join(prefix, "share", "cmake", "fepipe", "fepipeConfig.cmake")),
        "conan: cmake_file_name must be fepipe, as the CMake package")
    targets = open(os.path.join(prefix, "share", "cmake", "fepipe", "fepipeTargets.cmake"), encoding="utf-8").read()
    check(props.get("cmake_target_name") == "fepipe::fepipe" and "add_library(fepipe::fepipe INTERFACE IMPORTED)" in targets,
          "conan: cmake_target_name must be fepipe::fepipe, as the CMake package")
    check(r.cpp_info.bindirs == [] and r.cpp_info.libdirs == [], "conan: header-only: bindirs and libdirs empty")
    cmake_flags = re.findall(r"-ffp-\S+?(?=>|\s|\))", read("CMakeLists.txt"))
    check(r.cpp_info.cxxflags == cmake_flags,
          f"conan: cxxflags {r.cpp_info.cxxflags} differ from fepipe::fepipe's compile options {cmake_flags}")
    check(("Threads" in cmake_dependencies()) == ("pthread" in r.cpp_info.system_libs),
          "conan: system_libs must carry the threads library FepipeDependencies.cmake finds")

    # Too old a compiler or standard is refused.
    for settings, what in ((Settings("Linux", "gcc", "11", "20"), "gcc 11"), (Settings("Linux", "gcc", "12", "17"), "C++17")):
        old = Recipe(recipe_dir, settings, tempfile.gettempdir())
        try:
            old.validate()
            check(False, f"conan: validate() accepts {what}")
        except ConanInvalidConfiguration:
            pass
    print(f"conan: recipe fepipe/{version} ran export, package and package_info; requires "
          + ", ".join(ref for ref, _ in r.requirements_seen))


# --- vcpkg ---------------------------------------------------------------------

VCPKG_STAND_IN = r"""
function(vcpkg_cmake_configure)
  cmake_parse_arguments(PARSE_ARGV 0 a "" "SOURCE_PATH" "OPTIONS")
  file(APPEND "${RECORD}" "configure_source=${a_SOURCE_PATH}\n")
  foreach(o IN LISTS a_OPTIONS)
    file(APPEND "${RECORD}" "option=${o}\n")
  endforeach()
endfunction()
function(vcpkg_cmake_install)
  file(APPEND "${RECORD}" "install\n")
endfunction()
function(vcpkg_cmake_config_fixup)
  cmake_parse_arguments(PARSE_ARGV 0 a "" "CONFIG_PATH;PACKAGE_NAME" "")
  file(APPEND "${RECORD}" "config_path=${a_CONFIG_PATH}\n")
endfunction()
function(vcpkg_install_copyright)
  cmake_parse_arguments(PARSE_ARGV 0 a "" "" "FILE_LIST")
  file(APPEND "${RECORD}" "copyright=${a_FILE_LIST}\n")
endfunction()
set(CURRENT_PACKAGES_DIR "${WORK}/packages")
set(PORT fepipe)
include("${PORTFILE}")
file(APPEND "${RECORD}" "build_type=${VCPKG_BUILD_TYPE}\n")
"""


def check_vcpkg(prefix):
    port = os.path.join(ROOT, "packaging", "vcpkg", "ports", "fepipe")
    with open(os.path.join(port, "vcpkg.json"), encoding="utf-8") as f:
        text = f.read()
    manifest = json.loads(text)
    version = fepipe_version()
    check(manifest.get("name") == "fepipe", "vcpkg: name")
    check(manifest.get("version-semver", manifest.get("version")) == version,
          f"vcpkg: version {manifest.get('version-semver')} differs from version.hpp {version}")
    deps = manifest.get("dependencies", [])
    dep_names = [d if isinstance(d, str) else d["name"] for d in deps]
    check(dep_names == sorted(dep_names), "vcpkg: dependencies must be sorted by name (vcpkg format-manifest)")
    hosts = {d["name"] for d in deps if isinstance(d, dict) and d.get("host")}
    check(hosts == {"vcpkg-cmake", "vcpkg-cmake-config"}, f"vcpkg: host dependencies {sorted(hosts)}")
    port_of = {"Eigen3": "eigen3", "xtensor": "xtensor", "cereal": "cereal"}
    expected = {port_of[d] for d in cmake_dependencies() if d in port_of}
    check(set(dep_names) - hosts == expected,
          f"vcpkg: dependencies {sorted(set(dep_names) - hosts)}, FepipeDependencies.cmake finds {sorted(expected)}")
    check(text == json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
          "vcpkg: vcpkg.json is not in canonical form (2-space indent, trailing newline)")

    with tempfile.TemporaryDirectory() as work:
        script = os.path.join(work, "stand_in.cmake")
        record = os.path.join(work, "record.txt")
        with open(script, "w", encoding="utf-8") as f:
            f.write(VCPKG_STAND_IN)
        run = subprocess.run(["cmake", f"-DRECORD={record}", f"-DWORK={work}",
                              f"-DPORTFILE={os.path.join(port, 'portfile.cmake')}", "-P", script],
                             capture_output=True, text=True)
        license_missing = not os.path.exists(os.path.join(ROOT, "LICENSE"))
        if run.returncode != 0:
            check(license_missing and "LICENSE is missing" in run.stderr, f"vcpkg: portfile.cmake failed:\n{run.stderr}")
        lines = open(record, encoding="utf-8").read().splitlines() if os.path.exists(record) else []
    values = {}
    for line in lines:
        key, _, value = line.partition("=")
        values.setdefault(key, []).append(value)
    check(os.path.realpath(values.get("configure_source", [""])[0]) == os.path.realpath(ROOT),
          "vcpkg: the port must configure this checkout")
    options = cmake_options()
    for o in values.get("option", []):
        m = re.match(r"-D(\w+)=", o)
        check(m and m.group(1) in options, f"vcpkg: portfile passes {o}, not an option of CMakeLists.txt")
    config_path = values.get("config_path", [""])[0]
    check(os.path.exists(os.path.join(prefix, config_path, "fepipeConfig.cmake")),
          f"vcpkg: CONFIG_PATH '{config_path}' is not where cmake --install puts fepipeConfig.cmake")
    if license_missing:
        print("vcpkg: NOTE: the repository has no LICENSE file; the port stops at vcpkg_install_copyright "
              "until there is one")
    else:
        check(values.get("build_type") == ["release"], "vcpkg: a header-only port sets VCPKG_BUILD_TYPE release")

    usage = open(os.path.join(port, "usage"), encoding="utf-8").read()
    consumer = read("tests/package/find_package/CMakeLists.txt")
    for line in ("find_package(fepipe CONFIG REQUIRED)", "target_link_libraries(main PRIVATE fepipe::fepipe)"):
        check(line in usage, f"vcpkg: usage lacks '{line}'")
        check(line.replace("main", "embed_predict") in consumer,
              f"vcpkg: usage's '{line}' is not what tests/package/find_package builds with")
    print(f"vcpkg: port fepipe/{version} (dependencies {', '.join(dep_names)}) configures this checkout, "
          f"fixes up {config_path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", required=True, help="a `cmake --install` prefix of this checkout")
    args = parser.parse_args()
    prefix = os.path.abspath(args.prefix)
    check_conan(prefix)
    check_vcpkg(prefix)
    for failure in FAILURES:
        print("FAILED:", failure, file=sys.stderr)
    if FAILURES:
        return 1
    print("check_packaging: Conan recipe and vcpkg port consistent with the CMake package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
