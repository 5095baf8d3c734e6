#pragma once
// Shared by the runtime family's tests: the course pipelines' own steps
// registered the way a user registers a step, archive helpers that write or
// read one value the way model files do, and a visitor that finds the
// built-in class behind a reliability-catalogue model.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "fepipe/io/detail/archive.hpp"
#include "fepipe/runtime/registry.hpp"
#include "fepipe/runtime/step.hpp"
#include "house_prices_pipeline.hpp"
#include "reliability/any_model.hpp"
#include "support/builtins.hpp"  // the built-in list; the registry is linked in
#include "titanic_pipeline.hpp"

// The user steps of the course pipelines (examples/), registered with the
// one-line API, at namespace scope, as a user's .cpp would.
FEPIPE_REGISTER_STEP(house_prices::ElapsedTime);
FEPIPE_REGISTER_STEP(house_prices::Mapper);
FEPIPE_REGISTER_STEP(titanic::TitanicFeatures);
FEPIPE_REGISTER_STEP(titanic::ExtractLetter);

namespace runtime_support {

/// A class name as a template argument: PassThrough<"Name">.
template <std::size_t N>
struct StepName {
  char text[N];
  constexpr StepName(const char (&name)[N]) { std::copy_n(name, N, text); }  // NOLINT: implicit by design
};

/// A minimal user step named `Name`: a transformer without a record path
/// that passes frames through. `Tag` makes another class of the same name.
template <StepName Name, int Tag = 0>
class PassThrough {
 public:
  static constexpr std::string_view type_name{Name.text, sizeof(Name.text) - 1};
  static constexpr std::uint32_t serial_version = 1;
  PassThrough& fit(const fepipe::Frame&, const fepipe::Target* = nullptr) {
    fitted_ = true;
    return *this;
  }
  fepipe::Frame transform(fepipe::Frame X) const { return X; }
  bool is_fitted() const { return fitted_; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(fitted_));
  }

 private:
  bool fitted_ = false;
};

/// The bytes `write(ar)` produces through a model-file save archive over
/// cereal archive `Raw` (JSON or portable binary), without an envelope.
template <class Raw, class F>
std::string archive_bytes(F&& write) {
  std::ostringstream os(std::ios::binary);
  {
    Raw raw(os);
    fepipe::detail::SaveArchive<Raw> ar(raw);
    write(ar);
  }
  return std::move(os).str();
}

/// Runs `read(ar)` on a model-file load archive over `bytes` (cereal
/// archive `Raw`: JSON or portable binary).
template <class Raw, class F>
void read_archive(std::string_view bytes, F&& read) {
  fepipe::detail::MemoryBuf buf(bytes.data(), bytes.size());
  std::istream is(&buf);
  Raw raw(is);
  fepipe::detail::LoadArchive<Raw> ar(raw, &buf, bytes.size());
  read(ar);
}

/// Calls `f(concrete)` with the built-in object behind a catalogue model;
/// false when the model holds no built-in class (a course pipeline).
template <class F>
bool with_builtin(const fepipe_rel::AnyModel& m, F&& f) {
  return [&]<class... T>(fepipe::detail::StepList<T...>) {
    auto one = [&]<class C>(std::type_identity<C>) {
      const auto* typed = dynamic_cast<const fepipe_rel::Model<C>*>(&m);
      if (typed) f(typed->get());
      return typed != nullptr;
    };
    return (one(std::type_identity<T>{}) || ...);
  }(fepipe::detail::BuiltinSteps{});
}

}  // namespace runtime_support
