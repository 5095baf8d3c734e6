import os
import re

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain
from conan.tools.files import copy, load, rmdir
from conan.tools.layout import basic_layout
from conan.tools.scm import Version

required_conan_version = ">=2.0"


class FepipeConan(ConanFile):
    """fepipe's in-repository Conan 2 recipe.

    It packages the checkout it lives in (packaging/conan/ -> two levels up):
    `conan create packaging/conan` from the repository root. The version is
    read from include/fepipe/version.hpp, the single place it is written.
    """

    name = "fepipe"
    license = "MIT"
    description = (
        "Header-only C++20 feature engineering and machine-learning pipelines: "
        "feature-engine transformers and scikit-learn pipelines rebuilt in C++"
    )
    topics = ("machine-learning", "feature-engineering", "pipeline", "scikit-learn", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    no_copy_source = True

    @property
    def _repository_root(self):
        return os.path.join(self.recipe_folder, "..", "..")

    @property
    def _min_cppstd(self):
        return 20

    @property
    def _compilers_minimum_version(self):
        # The compilers CI builds with; C++20 concepts, <span> and
        # designated initialisers as fepipe uses them need these.
        return {"gcc": "12", "clang": "14"}

    def set_version(self):
        header = load(self, os.path.join(self._repository_root, "include", "fepipe", "version.hpp"))
        parts = [re.search(rf"#define FEPIPE_VERSION_{part} (\d+)", header).group(1) for part in ("MAJOR", "MINOR", "PATCH")]
        self.version = ".".join(parts)

    def export_sources(self):
        # What the CMake install needs; the tests, examples and data stay out.
        root = self._repository_root
        copy(self, "CMakeLists.txt", root, self.export_sources_folder)
        copy(self, "LICENSE*", root, self.export_sources_folder)
        copy(self, "*.cmake*", os.path.join(root, "cmake"), os.path.join(self.export_sources_folder, "cmake"))
        copy(self, "*.hpp", os.path.join(root, "include"), os.path.join(self.export_sources_folder, "include"))

    def layout(self):
        basic_layout(self, src_folder="src")

    def requirements(self):
        # fepipe's public headers include all three: their headers are part of
        # fepipe's interface. fepipe accepts Eigen 3.4 and 5.x, xtensor 0.24 to
        # 0.27 (fepipe/core/detail/xtensor_compat.hpp picks the header layout).
        self.requires("eigen/[>=3.4.0 <6]", transitive_headers=True)
        self.requires("xtensor/0.27.1", transitive_headers=True)
        self.requires("cereal/1.3.2", transitive_headers=True)

    def package_id(self):
        self.info.clear()

    def validate(self):
        check_min_cppstd(self, self._min_cppstd)
        minimum_version = self._compilers_minimum_version.get(str(self.settings.compiler))
        if minimum_version and Version(self.settings.compiler.version) < minimum_version:
            raise ConanInvalidConfiguration(
                f"{self.ref} requires C++{self._min_cppstd}, which {self.settings.compiler} "
                f"{self.settings.compiler.version} does not support well enough (needs {minimum_version})"
            )

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["FEPIPE_BUILD_TESTS"] = False
        tc.cache_variables["FEPIPE_BUILD_EXAMPLES"] = False
        tc.cache_variables["FEPIPE_BUILD_BENCHMARKS"] = False
        tc.cache_variables["FEPIPE_INSTALL"] = True
        tc.generate()
        CMakeDeps(self).generate()

    def build(self):
        # Configuring checks the dependencies as fepipeConfig.cmake does;
        # there is nothing to compile.
        cmake = CMake(self)
        cmake.configure()

    def package(self):
        copy(self, "LICENSE*", self.source_folder, os.path.join(self.package_folder, "licenses"))
        cmake = CMake(self)
        cmake.install()
        # CMakeDeps generates the consumers' config from package_info().
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        # The same names as fepipe's own CMake package.
        self.cpp_info.set_property("cmake_file_name", "fepipe")
        self.cpp_info.set_property("cmake_target_name", "fepipe::fepipe")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        # What the fepipe::fepipe target of fepipe's own CMake package adds
        # (cmake/FepipeDependencies.cmake and CMakeLists.txt): the threads
        # library, and no FMA contraction, so that predictions are
        # bit-identical on x86_64, ARM and every other host.
        if self.settings.os in ["Linux", "FreeBSD"]:
            self.cpp_info.system_libs = ["pthread"]
        if self.settings.compiler in ["gcc", "clang", "apple-clang"]:
            self.cpp_info.cxxflags = ["-ffp-contract=off"]
