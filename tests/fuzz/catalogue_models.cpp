// The second half of the class catalogue, compiled on its own.
#include "reliability/catalogue_models.hpp"
