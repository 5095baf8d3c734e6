#pragma once
/// @file
/// The outlier family: the outlier cappers and trimmers.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of outlier/.

#include "fepipe/outlier/arbitrary_outlier_capper.hpp"
#include "fepipe/outlier/outlier_trimmer.hpp"
#include "fepipe/outlier/winsorizer.hpp"
