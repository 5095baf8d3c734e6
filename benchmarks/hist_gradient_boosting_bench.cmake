# XGBoost is the peer HistGradientBoosting is compared with (Debian:
# libxgboost-dev). Its CMake package is not used: Debian's copy references
# the xgboost command-line program, which libxgboost-dev does not install,
# and find_package then fails. Without XGBoost the benchmark measures fepipe
# alone.
find_library(FEPIPE_XGBOOST_LIBRARY NAMES xgboost)
find_path(FEPIPE_XGBOOST_INCLUDE_DIR NAMES xgboost/c_api.h)
if(FEPIPE_XGBOOST_LIBRARY AND FEPIPE_XGBOOST_INCLUDE_DIR)
  target_include_directories(${BENCH_TARGET} SYSTEM PRIVATE ${FEPIPE_XGBOOST_INCLUDE_DIR})
  target_link_libraries(${BENCH_TARGET} PRIVATE ${FEPIPE_XGBOOST_LIBRARY})
  target_compile_definitions(${BENCH_TARGET} PRIVATE FEPIPE_HAVE_XGBOOST=1)
else()
  message(STATUS "${BENCH_TARGET}: XGBoost not found, comparing with nothing")
endif()
