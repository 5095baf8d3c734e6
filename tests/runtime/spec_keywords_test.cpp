// The spec_keywords mechanism (core/spec_keyword.hpp), on option
// structs shaped like the classes whose reference keywords differ from
// their fields. Each table here mirrors the one in that class's header; the
// "(spec_keywords)" cases of spec_classes_test.cpp check the real classes.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/core/dict.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/runtime/spec.hpp"

namespace runtime_spec_keywords_test {

using namespace fepipe;

enum class Smoothing : std::uint8_t { fixed, automatic };
constexpr std::array<std::string_view, 2> enum_names(Smoothing) { return {"fixed", "auto"}; }
enum class Early : std::uint8_t { automatic, on, off };
constexpr std::array<std::string_view, 3> enum_names(Early) { return {"auto", "on", "off"}; }
enum class Init : std::uint8_t { default_estimator, zero };
constexpr std::array<std::string_view, 2> enum_names(Init) { return {"default", "zero"}; }

/// A step over any options struct, as the real classes are.
template <class O, const std::string_view& Name>
class Mock {
 public:
  using Options = O;
  static constexpr std::string_view type_name = Name;
  Mock() = default;
  explicit Mock(Options o) : options_(std::move(o)) {}
  const Options& options() const noexcept { return options_; }

 private:
  Options options_;
};

template <class Step>
std::string error_of(std::string_view json) {
  try {
    (void)step_from_params<Step>("s", json);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "no error";
}

template <class Step>
std::string params_error(const Step& step) {
  try {
    (void)step_params_json(step);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "no error";
}

// MeanEncoder: smoothing is a number or 'auto'.
struct SmoothingOptions {
  double smoothing = 0.0;
  Smoothing smoothing_method = Smoothing::fixed;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(smoothing), FEPIPE_NVP(smoothing_method));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "smoothing_method", .keyword = "smoothing"}}};
};
constexpr std::string_view kMeanEncoder = "MeanEncoder";
using MeanLike = Mock<SmoothingOptions, kMeanEncoder>;

TEST_CASE("spec keywords: two fields behind one keyword, chosen by JSON type (MeanEncoder's smoothing)") {
  CHECK(step_params_json(MeanLike()) == R"({"smoothing": 0.0})");
  auto a = step_from_params<MeanLike>("s", R"({"smoothing": "auto"})");
  CHECK(a.options().smoothing_method == Smoothing::automatic);
  CHECK(a.options().smoothing == 0.0);
  CHECK(step_params_json(a) == R"({"smoothing": "auto"})");
  auto b = step_from_params<MeanLike>("s", R"({"smoothing": 2.5})");
  CHECK(b.options().smoothing == 2.5);
  CHECK(b.options().smoothing_method == Smoothing::fixed);
  CHECK(step_params_json(b) == R"({"smoothing": 2.5})");
  CHECK(error_of<MeanLike>(R"({"smoothing": true})") ==
        R"(step 's' (MeanEncoder): option 'smoothing': expected float | "fixed" | "auto", got true)");
  CHECK(error_of<MeanLike>(R"({"smoothing": "mean"})") ==
        R"(step 's' (MeanEncoder): option 'smoothing': unknown value "mean"; accepted: "fixed", "auto")");
  CHECK(error_of<MeanLike>(R"({"smoothing_method": "auto"})") ==
        "step 's' (MeanEncoder): unknown option 'smoothing_method'; accepted: smoothing");
  CHECK(params_error(MeanLike({.smoothing = 1.0, .smoothing_method = Smoothing::automatic})) ==
        "MeanEncoder: 'smoothing' and 'smoothing_method' are both set, but the one keyword 'smoothing' they share "
        "in a spec holds only one of them");
  const auto docs = step_options<MeanLike>();
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].keyword == "smoothing");
  CHECK(docs[0].type == R"(float | "fixed" | "auto")");
  CHECK(docs[0].default_value == "0.0");
  CHECK(docs[0].fields == std::vector<std::string>{"smoothing", "smoothing_method"});
}

// Winsorizer / OutlierTrimmer: fold unset is 'auto'.
struct FoldOptions {
  std::optional<double> fold{};
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(fold));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "fold", .values = R"([["auto", null]])"}}};
};
constexpr std::string_view kWinsorizer = "Winsorizer";
using FoldLike = Mock<FoldOptions, kWinsorizer>;

TEST_CASE("spec keywords: a reference spelling of a value (Winsorizer's fold='auto')") {
  CHECK(step_params_json(FoldLike()) == R"({"fold": "auto"})");
  CHECK_FALSE(step_from_params<FoldLike>("s", R"({"fold": "auto"})").options().fold);
  CHECK_FALSE(step_from_params<FoldLike>("s", R"({"fold": null})").options().fold);
  CHECK(step_from_params<FoldLike>("s", R"({"fold": 3})").options().fold == 3.0);
  CHECK(step_params_json(FoldLike({.fold = 1.5})) == R"({"fold": 1.5})");
  CHECK(error_of<FoldLike>(R"({"fold": "automatic"})") ==
        R"(step 's' (Winsorizer): option 'fold': expected float | null | "auto", got "automatic")");
  CHECK(step_options<FoldLike>()[0].type == R"(float | null | "auto")");
}

// LogCpTransformer: C is a number, 'auto' or a dict.
struct COptions {
  std::optional<double> C{};
  Dict<double> C_dict{};
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(C), FEPIPE_NVP(C_dict));
  }
  static constexpr std::array<SpecKeyword, 2> spec_keywords{{
      {.field = "C", .values = R"([["auto", null]])"},
      {.field = "C_dict", .keyword = "C"},
  }};
};
constexpr std::string_view kLogCp = "LogCpTransformer";
using LogCpLike = Mock<COptions, kLogCp>;

TEST_CASE("spec keywords: a number, 'auto' or a dict behind one keyword (LogCpTransformer's C)") {
  CHECK(step_params_json(LogCpLike()) == R"({"C": "auto"})");
  auto d = step_from_params<LogCpLike>("s", R"({"C": {"a": 1, "b": 2.5}})");
  CHECK_FALSE(d.options().C);
  CHECK(d.options().C_dict == Dict<double>{{"a", 1.0}, {"b", 2.5}});
  CHECK(step_params_json(d) == R"({"C": {"a": 1.0, "b": 2.5}})");
  auto n = step_from_params<LogCpLike>("s", R"({"C": 4})");
  CHECK(n.options().C == 4.0);
  CHECK(n.options().C_dict.empty());
  CHECK_FALSE(step_from_params<LogCpLike>("s", R"({"C": "auto"})").options().C);
  CHECK(error_of<LogCpLike>(R"({"C": [1]})") ==
        R"(step 's' (LogCpTransformer): option 'C': expected float | dict[str, float] | null | "auto", got [1])");
  CHECK(error_of<LogCpLike>(R"({"C": {"a": "x"}})") ==
        R"(step 's' (LogCpTransformer): option 'C' at ["a"]: expected float, got "x")");
}

// RandomSampleImputer: random_state is a seed or the seeding columns.
struct SeedOptions {
  std::optional<std::uint32_t> random_state{};
  std::vector<std::string> seed_variables{};
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(random_state), FEPIPE_NVP(seed_variables));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{
      {{.field = "seed_variables", .keyword = "random_state"}}};
};
constexpr std::string_view kRandomSample = "RandomSampleImputer";
using SeedLike = Mock<SeedOptions, kRandomSample>;

TEST_CASE("spec keywords: an int or column names behind one keyword (RandomSampleImputer's random_state)") {
  CHECK(step_params_json(SeedLike()) == R"({"random_state": null})");
  CHECK(step_from_params<SeedLike>("s", R"({"random_state": 7})").options().random_state == 7u);
  auto one = step_from_params<SeedLike>("s", R"({"random_state": "a"})");
  CHECK(one.options().seed_variables == std::vector<std::string>{"a"});
  CHECK_FALSE(one.options().random_state);
  CHECK(step_params_json(one) == R"({"random_state": ["a"]})");
  CHECK(step_from_params<SeedLike>("s", R"({"random_state": ["a", "b"]})").options().seed_variables ==
        std::vector<std::string>{"a", "b"});
  CHECK(error_of<SeedLike>(R"({"random_state": -1})") ==
        "step 's' (RandomSampleImputer): option 'random_state': -1 is out of range (0 to 4294967295)");
  CHECK(error_of<SeedLike>(R"({"random_state": ["a", 1]})") ==
        "step 's' (RandomSampleImputer): option 'random_state' at [1]: expected str, got 1");
}

// HistGradientBoosting: early_stopping is 'auto', True or False.
struct EarlyOptions {
  Early early_stopping = Early::automatic;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(early_stopping));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{
      {{.field = "early_stopping", .values = R"([[true, "on"], [false, "off"]])"}}};
};
constexpr std::string_view kHist = "HistGradientBoostingRegressor";
using EarlyLike = Mock<EarlyOptions, kHist>;

TEST_CASE("spec keywords: enum values spelled as booleans (HistGradientBoosting's early_stopping)") {
  CHECK(step_from_params<EarlyLike>("s", R"({"early_stopping": true})").options().early_stopping == Early::on);
  CHECK(step_from_params<EarlyLike>("s", R"({"early_stopping": false})").options().early_stopping == Early::off);
  CHECK(step_from_params<EarlyLike>("s", R"({"early_stopping": "on"})").options().early_stopping == Early::on);
  CHECK(step_params_json(EarlyLike({.early_stopping = Early::off})) == R"({"early_stopping": false})");
  CHECK(step_params_json(EarlyLike()) == R"({"early_stopping": "auto"})");
  CHECK(error_of<EarlyLike>(R"({"early_stopping": "yes"})") ==
        R"(step 's' (HistGradientBoostingRegressor): option 'early_stopping': unknown value "yes"; accepted: "auto", "on", "off", true, false)");
  CHECK(error_of<EarlyLike>(R"({"early_stopping": 1})") ==
        R"(step 's' (HistGradientBoostingRegressor): option 'early_stopping': expected "auto" | "on" | "off" | true | false, got 1)");
}

// GradientBoosting: init=None is the default estimator; the classifier has
// no alpha (its table is on the class: the Options type is shared).
struct BoostOptions {
  Init init = Init::default_estimator;
  double alpha = 0.9;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(init), FEPIPE_NVP(alpha));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "init", .values = R"([[null, "default"]])"}}};
};
class BoostClassifierLike {
 public:
  using Options = BoostOptions;
  static constexpr std::string_view type_name = "GradientBoostingClassifier";
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "alpha", .hidden = true}}};
  BoostClassifierLike() = default;
  explicit BoostClassifierLike(Options o) : options_(o) {}
  const Options& options() const noexcept { return options_; }

 private:
  Options options_;
};
constexpr std::string_view kGbr = "GradientBoostingRegressor";
using BoostRegressorLike = Mock<BoostOptions, kGbr>;

TEST_CASE("spec keywords: a class-level table hides a field of a shared Options type (GradientBoosting)") {
  CHECK(step_params_json(BoostRegressorLike()) == R"({"init": null, "alpha": 0.9})");
  CHECK(step_params_json(BoostClassifierLike()) == R"({"init": null})");
  CHECK(step_from_params<BoostClassifierLike>("s", R"({"init": null})").options().init == Init::default_estimator);
  CHECK(step_from_params<BoostClassifierLike>("s", R"({"init": "zero"})").options().init == Init::zero);
  CHECK(step_from_params<BoostRegressorLike>("s", R"({"alpha": 0.5})").options().alpha == 0.5);
  CHECK(error_of<BoostClassifierLike>(R"({"alpha": 0.5})") ==
        "step 's' (GradientBoostingClassifier): unknown option 'alpha'; accepted: init");
  CHECK(params_error(BoostClassifierLike({.alpha = 0.5})) ==
        "GradientBoostingClassifier: 'alpha' = 0.5 has no keyword in a spec (the reference class has no such option)");
}

// A nested option object with a table of its own.
struct Inner {
  std::optional<double> fold{};
  int depth = 3;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(fold), FEPIPE_NVP(depth));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "depth", .keyword = "max_depth"}}};
};
struct OuterOptions {
  Inner inner{};
  std::vector<Inner> many{};
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(inner), FEPIPE_NVP(many));
  }
};
constexpr std::string_view kOuter = "Outer";
using OuterLike = Mock<OuterOptions, kOuter>;

TEST_CASE("spec keywords: nested option objects use their own table") {
  CHECK(step_params_json(OuterLike()) == R"({"inner": {"fold": null, "max_depth": 3}, "many": null})");
  auto o = step_from_params<OuterLike>("s", R"({"inner": {"max_depth": 5}, "many": [{"fold": 1}, null]})");
  CHECK(o.options().inner.depth == 5);
  REQUIRE(o.options().many.size() == 2);
  CHECK(o.options().many[0].fold == 1.0);
  CHECK(o.options().many[1].depth == 3);
  CHECK(error_of<OuterLike>(R"({"inner": {"depth": 5}})") ==
        "step 's' (Outer): option 'inner': unknown key 'depth'; accepted: fold, max_depth");
  CHECK(error_of<OuterLike>(R"({"many": [{"max_depth": 5.5}]})") ==
        R"(step 's' (Outer): option 'many' at [0]["max_depth"]: expected int, got 5.5)");
  CHECK(error_of<OuterLike>(R"({"inner": {"class": 1}})") ==
        "step 's' (Outer): option 'inner': unknown key 'class'; accepted: fold, max_depth");
  const auto docs = step_options<OuterLike>();
  REQUIRE(docs.size() == 6);
  CHECK(docs[2].keyword == "inner.max_depth");
  CHECK(docs[2].fields == std::vector<std::string>{"depth"});
  CHECK(docs[2].default_value == "3");
  CHECK(docs[3].keyword == "many");
  CHECK(docs[3].type == "list[dict | null] | null");
  CHECK(docs[5].keyword == "many.max_depth");
}

// A table naming no field is a bug of the class, reported as such.
struct BrokenOptions {
  int a = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(a));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "b", .keyword = "c"}}};
};
struct BrokenValues {
  int a = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(FEPIPE_NVP(a));
  }
  static constexpr std::array<SpecKeyword, 1> spec_keywords{{{.field = "a", .values = R"([[1]])"}}};
};
constexpr std::string_view kBroken = "Broken";

TEST_CASE("spec keywords: a table that names no field, or malformed values, is a fepipe bug") {
  using B1 = Mock<BrokenOptions, kBroken>;
  using B2 = Mock<BrokenValues, kBroken>;
  CHECK_THROWS_WITH_AS(step_params_json(B1()), "Broken::Options::spec_keywords: no field is named 'b' (a fepipe bug)", Error);
  CHECK_THROWS_WITH_AS(step_from_params<B2>("s", "{}"),
                       "Broken::Options::spec_keywords: values of 'a' must be [reference, fepipe] pairs (a fepipe bug)", Error);
}

}  // namespace runtime_spec_keywords_test
