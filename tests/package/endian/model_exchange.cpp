// model_exchange: model files move between hosts of different byte order.
//
//   model_exchange write <houseprice.csv> <dir>
//       trains the House Prices pipeline (examples/house_prices_pipeline.hpp,
//       the example's split), saves <dir>/house_prices.fpm (portable binary)
//       and <dir>/house_prices.json, and writes <dir>/predictions.txt: the
//       prediction for every row of the CSV, one per line, 17 significant
//       digits. Checks on the way that predict_one agrees with predict.
//   model_exchange read <houseprice.csv> <dir>
//       loads both model files of <dir> (written on any host), predicts every
//       row with predict and predict_one, and checks each prediction is
//       bit-identical to <dir>/predictions.txt.
//
// CI (tools/ci/stages/40-s390x.sh) runs `write` natively on x86_64 and under
// qemu on big-endian s390x, `read` of each host's files on the other, and
// compares the two hosts' files byte for byte.

#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/io/model_file.hpp"

#include "house_prices_pipeline.hpp"

namespace {

namespace fs = std::filesystem;
using Model = decltype(house_prices::make_pipeline());

struct Failure : std::exception {
  explicit Failure(std::string m) : message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};

std::string format(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }

/// Predictions for every row of X, checked against predict_one row by row.
std::vector<double> predict_all(const Model& model, const fepipe::Frame& X, const std::string& what) {
  const Eigen::VectorXd batch = model.predict(X);
  std::vector<double> out(static_cast<std::size_t>(batch.size()));
  fepipe::Workspace ws;
  for (std::size_t r = 0; r < out.size(); ++r) {
    out[r] = batch[static_cast<Eigen::Index>(r)];
    const std::vector<fepipe::Value> record = house_prices::record_of(X, r);
    const double one = model.predict_one(record, ws);
    if (!same_bits(one, out[r]))
      throw Failure(what + ": row " + std::to_string(r) + ": predict_one gives " + format(one) + ", predict " +
                    format(out[r]));
  }
  return out;
}

int write(const std::string& csv, const fs::path& dir) {
  const auto [X, y] = house_prices::load(csv);
  const auto split = fepipe::train_test_split(X, y, {.test_size = 0.1, .random_state = 0u});
  Model model = house_prices::make_pipeline();
  model.fit(split.X_train, split.y_train);
  fs::create_directories(dir);
  fepipe::save_model(model, dir / "house_prices.fpm");
  fepipe::save_model(model, dir / "house_prices.json");
  const std::vector<double> pred = predict_all(model, X, "the fitted model");
  std::ofstream out(dir / "predictions.txt", std::ios::binary);
  for (double p : pred) out << format(p) << '\n';
  if (!out.flush()) throw Failure("cannot write " + (dir / "predictions.txt").string());
  std::printf("model_exchange: wrote %zu predictions, %ju-byte binary and %ju-byte JSON model to %s\n", pred.size(),
              static_cast<std::uintmax_t>(fs::file_size(dir / "house_prices.fpm")),
              static_cast<std::uintmax_t>(fs::file_size(dir / "house_prices.json")), dir.string().c_str());
  return 0;
}

int read(const std::string& csv, const fs::path& dir) {
  std::vector<double> expected;
  {
    std::ifstream in(dir / "predictions.txt", std::ios::binary);
    if (!in) throw Failure("cannot open " + (dir / "predictions.txt").string());
    std::string line;
    while (std::getline(in, line)) {
      double x = 0.0;
      const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), x);
      if (ec != std::errc() || end != line.data() + line.size()) throw Failure("bad prediction line '" + line + "'");
      expected.push_back(x);
    }
  }
  const fepipe::Frame X = house_prices::load(csv).first;
  for (const char* file : {"house_prices.fpm", "house_prices.json"}) {
    const Model model = fepipe::load_model<Model>(dir / file);
    const std::vector<double> got = predict_all(model, X, file);
    if (got.size() != expected.size())
      throw Failure(std::string(file) + ": " + std::to_string(got.size()) + " predictions, the writer made " +
                    std::to_string(expected.size()));
    for (std::size_t r = 0; r < got.size(); ++r)
      if (!same_bits(got[r], expected[r]))
        throw Failure(std::string(file) + ": row " + std::to_string(r) + " predicts " + format(got[r]) +
                      ", the writer predicted " + format(expected[r]));
  }
  std::printf("model_exchange: %zu predictions from the binary and JSON models in %s are bit-identical to the writer's\n",
              expected.size(), dir.string().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 4 ? argv[1] : "";
  if (mode != "write" && mode != "read") {
    std::fprintf(stderr, "usage: %s write|read <houseprice.csv> <dir>\n", argv[0]);
    return 2;
  }
  try {
    return mode == "write" ? write(argv[2], argv[3]) : read(argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "model_exchange %s: %s\n", mode.c_str(), e.what());
    return 1;
  }
}
