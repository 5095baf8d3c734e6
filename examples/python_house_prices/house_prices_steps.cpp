// The registration file of the house_prices_fepipe module: the course's two
// steps, registered with their spec hooks (the Python keyword constructors
// house_prices_fepipe.ElapsedTime(variables=..., reference=...) and
// house_prices_fepipe.Mapper(variables=..., mapping=...)). This is all the
// C++ a user writes for the module; fepipe_add_python_module adds fepipe's
// bindings and built-in classes.

#include <fepipe/runtime/spec.hpp>  // first: the registrations get the spec hooks
#include <fepipe/runtime/registry.hpp>

#include "house_prices_pipeline.hpp"

FEPIPE_REGISTER_STEP(house_prices::ElapsedTime);
FEPIPE_REGISTER_STEP(house_prices::Mapper);
