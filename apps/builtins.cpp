// The registration file of the fepipe tool, the examples and the benchmarks
// that load models at run time: the built-in step classes, registered at
// start-up with their spec hooks, compiled once for all of them
// (fepipe_link_builtins, cmake/FepipeWarnings.cmake). Their own files do not
// include fepipe/runtime/builtins.hpp: see its "program of several files".

#include "fepipe/runtime/spec.hpp"  // first: the registry gets the spec hooks
#include "fepipe/runtime/builtins.hpp"
