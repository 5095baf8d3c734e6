#pragma once
/// @file
/// The single source of fepipe's version: CMake parses these macros, model
/// files record them, and the inline ABI namespace is derived from the major.

#define FEPIPE_VERSION_MAJOR 0
#define FEPIPE_VERSION_MINOR 1
#define FEPIPE_VERSION_PATCH 0
#define FEPIPE_VERSION_STRING "0.1.0"

/// Version of the model-file envelope written by this build. Files with a
/// larger number are rejected; smaller numbers keep loading.
#define FEPIPE_MODEL_FORMAT_VERSION 1
