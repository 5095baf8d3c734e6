// The registration file of the Python extension (and of the test helper
// model_check): every built-in class, registered at start-up with its spec
// hooks. Its own file, compiled once, because instantiating every class is
// ~90 s of compile time; core.cpp then includes only the list of classes
// (runtime/builtins.hpp, "a program of several files").

#include "fepipe/runtime/spec.hpp"  // first: the registry gets the spec hooks
#include "fepipe/runtime/builtins.hpp"
