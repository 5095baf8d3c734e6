#pragma once
/// @file
/// The io family: read_csv, CsvScanner and model files (save_model, load_model).
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of io/.

#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"
