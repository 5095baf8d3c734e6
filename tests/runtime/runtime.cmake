# test_runtime loads models through the built-in registry: it links the
# registry compiled once for the suite (fepipe_test_builtins, tests/
# CMakeLists.txt). Included by tests/CMakeLists.txt: sets FAMILY_LIBS.
set(FAMILY_LIBS fepipe_test_builtins)
