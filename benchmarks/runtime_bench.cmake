# runtime_bench loads models with load_any_model: it links the built-in
# registry compiled once for the apps, examples and benchmarks
# (fepipe_link_builtins, cmake/FepipeWarnings.cmake; apps/builtins.cpp).
fepipe_link_builtins(${BENCH_TARGET})
