#pragma once
/// @file
/// What the `fepipe` tool's commands share (cli/cli.hpp, cli/search_command.hpp):
/// file errors and helpers, comma-separated lists, the read_csv options of
/// the commands that read data, and reading training data (fit, search), so
/// each option is declared once and a file is read the same way by every
/// command.

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"  // write_file_atomically

namespace fepipe::cli {

/// A file that cannot be read or written (exit code 4).
class IoError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {

inline std::string read_text_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw IoError("'" + path.string() + "' is not a readable file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open '" + path.string() + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError("cannot read '" + path.string() + "'");
  return std::move(ss).str();
}

inline void require_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw IoError("'" + path.string() + "' is not a readable file");
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  try {
    ::fepipe::detail::write_file_atomically(path, bytes);
  } catch (const ::fepipe::Error& e) {
    throw IoError(e.what());
  }
}

inline std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::size_t start = 0;
    for (;;) {
      const auto comma = item.find(',', start);
      std::string part = item.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(std::move(part));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

/// The read_csv options of the commands that read data (fit, predict,
/// validate): one declaration for the three, so a file fitted with an
/// option is read the same way at predict.
struct CsvArgs {
  std::vector<std::string> na_values;
  bool skipinitialspace = false;

  void add_to(CLI::App* command, const std::string& na_values_help) {
    command->add_option("--na-values", na_values, na_values_help);
    command->add_flag("--skipinitialspace", skipinitialspace,
                      "Skip spaces after each delimiter (pandas' skipinitialspace), for files written as 'a, b'");
  }
  void apply_to(CsvOptions& o) const {
    o.na_values = split_list(na_values);
    o.skipinitialspace = skipinitialspace;
  }
};

/// The training data options of fit and search: the file, the target (as
/// is or its log), the feature columns and how the CSV is read.
struct TrainingDataArgs {
  std::string data, target;
  bool log_target = false;
  std::vector<std::string> features, categorical;
  CsvArgs csv;

  void add_to(CLI::App* command) {
    command->add_option("data", data, "Training data (CSV with a header row)")->required();
    command->add_option("--target", target, "Target column")->required();
    command->add_flag("--log-target", log_target, "Fit on log(target)");
    command->add_option("--features", features, "Feature columns (comma-separated; default: all but the target)");
    command->add_option("--categorical", categorical, "Columns read as categories even if numeric-looking");
    csv.add_to(command, "More strings read as missing (comma-separated; pandas' defaults always are)");
  }
};

struct TrainingData {
  Frame X;
  Target y;
  std::size_t file_columns = 0;  ///< columns in the file (features, target and any others)
};

/// Reads the training data: IoError for a file that cannot be read,
/// DataError (naming `command` and the target column) for a target that is
/// absent, not numeric, missing in a row or, with log_target, not positive.
inline TrainingData load_training_data(const TrainingDataArgs& a, std::string_view command) {
  require_file(a.data);
  CsvOptions csv;
  for (const auto& c : split_list(a.categorical)) csv.kinds.insert_or_assign(c, Kind::categorical);
  a.csv.apply_to(csv);
  const Frame df = read_csv(a.data, csv);
  const std::string where(command);
  if (!df.find(a.target)) throw DataError(where, a.target, "the target column is not in " + a.data);
  if (!df[a.target].is_numeric()) throw DataError(where, a.target, "the target column is not numeric");
  const auto values = df.numeric(a.target);
  Target y(static_cast<Eigen::Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    double v = values[i];
    if (std::isnan(v)) throw DataError(where, a.target, "the target is missing at row " + std::to_string(i));
    if (a.log_target) {
      if (!(v > 0))
        throw DataError(where, a.target,
                        "--log-target: value " + ::fepipe::detail::python_float_repr(v) + " at row " +
                            std::to_string(i) + " is not positive");
      v = std::log(v);
    }
    y[static_cast<Eigen::Index>(i)] = v;
  }
  std::vector<std::string> features = split_list(a.features);
  if (features.empty())
    for (const auto& name : df.schema().names())
      if (name != a.target) features.push_back(name);
  return {df.select(features), std::move(y), df.cols()};
}

}  // namespace detail
}  // namespace fepipe::cli
