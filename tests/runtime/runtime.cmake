# test_runtime loads models through the built-in registry and checks the
# reliability catalogue against it: it links both, compiled once for the
# suite (fepipe_test_builtins, fepipe_test_catalogue: tests/CMakeLists.txt).
# Included by tests/CMakeLists.txt: sets FAMILY_LIBS.
set(FAMILY_LIBS fepipe_test_builtins fepipe_test_catalogue)
