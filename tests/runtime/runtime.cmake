# test_runtime loads models through the built-in registry and checks the
# reliability catalogue against it: it links both, compiled once for the
# suite (fepipe_test_builtins, fepipe_test_catalogue: tests/CMakeLists.txt).
# Included by tests/CMakeLists.txt: sets FAMILY_LIBS.
set(FAMILY_LIBS fepipe_test_builtins fepipe_test_catalogue)
# Two unity TUs instead of one: as one, test_runtime was the last TU of the
# sanitizer build by minutes (one core idle). Each TU must see spec.hpp
# before the registry, whichever file comes first in it.
set(FAMILY_UNITY_BATCH 7)
set(FAMILY_UNITY_BEFORE "#include \"fepipe/runtime/spec.hpp\"")
