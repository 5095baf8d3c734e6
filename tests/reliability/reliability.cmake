# test_reliability runs its checks over the class catalogue (any_model.hpp),
# compiled once for the suite: fepipe_test_catalogue (tests/CMakeLists.txt).
# Included by tests/CMakeLists.txt: sets FAMILY_LIBS.
set(FAMILY_LIBS fepipe_test_catalogue)
