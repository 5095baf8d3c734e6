// The first half of the class catalogue, compiled on its own (see
// tests/reliability/any_model.hpp).
#include "reliability/catalogue_transformers.hpp"
