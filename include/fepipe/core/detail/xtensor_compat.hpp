#pragma once
/// @file
/// The xtensor headers fepipe uses, from whichever xtensor is installed.
///
/// xtensor 0.26 moved its headers into subfolders (`xtensor/containers/`,
/// `xtensor/core/`, `xtensor/utils/`) and dropped the flat ones. Debian ships
/// 0.24 (flat), Conan and vcpkg ship 0.27: the headers' location, not a
/// version macro, decides, because the version header itself moved too.
/// Include this header instead of naming xtensor paths anywhere else.

#if __has_include(<xtensor/containers/xtensor.hpp>)
// xtensor >= 0.26
#include <xtensor/containers/xadapt.hpp>
#include <xtensor/containers/xarray.hpp>
#include <xtensor/containers/xtensor.hpp>
#include <xtensor/core/xexpression.hpp>
#include <xtensor/core/xlayout.hpp>
#include <xtensor/core/xtensor_config.hpp>
#include <xtensor/utils/xutils.hpp>
/// 1 when xtensor's headers live in subfolders (xtensor >= 0.26).
#define FEPIPE_XTENSOR_NESTED_HEADERS 1
#elif __has_include(<xtensor/xtensor.hpp>)
// xtensor 0.24 and 0.25
#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xexpression.hpp>
#include <xtensor/xlayout.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xtensor_config.hpp>
#include <xtensor/xutils.hpp>
#define FEPIPE_XTENSOR_NESTED_HEADERS 0
#else
#error "fepipe: xtensor >= 0.24 was not found on the include path (link fepipe::fepipe, which brings it)"
#endif

#if XTENSOR_VERSION_MAJOR == 0 && XTENSOR_VERSION_MINOR < 24
#error "fepipe requires xtensor >= 0.24"
#endif
