// Every built-in class through the spec bridge (runtime/spec.hpp): its
// defaults round-trip through get_params, every keyword reaches its C++
// field, and the messages for unknown options, wrong JSON types, unknown
// values and out-of-range values are exact. The keyword lists in the
// "unknown option" messages are the classes' spec keywords; they are
// checked against the reference signatures in spec_docs_test.cpp. Each
// class's spec_keywords table (reference spellings: fold='auto',
// smoothing='auto', ...) has a "(spec_keywords)" case proving that the
// reference spelling reads to the right field and get_params writes it back.

#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/fepipe.hpp"
#include "fepipe/runtime/spec.hpp"

namespace runtime_spec_classes_test {

using namespace fepipe;
using detail::JsonValue;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

JsonValue parse(std::string_view text) { return detail::parse_spec_json(text); }

const JsonValue* member(const JsonValue& object, std::string_view key) {
  for (std::size_t i = 0; i < object.keys.size(); ++i)
    if (object.keys[i] == key) return &object.items[i];
  return nullptr;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

/// The JSON that get_params writes for `keyword`.
template <class Step>
std::string param(const Step& step, std::string_view keyword) {
  const JsonValue out = parse(step_params_json(step));
  const JsonValue* v = member(out, keyword);
  return v ? detail::json_dump(*v) : "<absent>";
}

template <class Step>
Step read(std::string_view json) {
  return step_from_params<Step>("s", json);
}

/// get_params of `step` reads back to the same get_params.
template <class Step>
bool params_roundtrip(const Step& step) {
  const std::string json = step_params_json(step);
  return step_params_json(read<Step>(json)) == json;
}

template <class Step>
std::string error_of(std::string_view json) {
  try {
    (void)step_from_params<Step>("s", json);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "no error";
}

/// get_params of the defaults reads back to the same options.
template <class Step>
void check_defaults_roundtrip() {
  const std::string json = step_params_json(Step{});
  CHECK(step_params_json(read<Step>(json)) == json);
}

/// Reads each of `jsons` (together they set every keyword but `fixed`,
/// whose type has a single value, to something other than its default),
/// checks that get_params writes each given keyword off its default and
/// reads back to itself, and returns the steps for the field checks.
template <class Step>
std::vector<Step> check_every_option(const std::vector<std::string_view>& jsons,
                                     const std::vector<std::string>& fixed = {}) {
  const JsonValue defaults = parse(step_params_json(Step{}));
  std::vector<std::string> given_keys;
  std::vector<Step> steps;
  for (std::string_view json : jsons) {
    Step step = read<Step>(json);
    const std::string written = step_params_json(step);
    CHECK(step_params_json(read<Step>(written)) == written);
    const JsonValue given = parse(json), out = parse(written);
    for (const std::string& key : given.keys) {
      given_keys.push_back(key);
      const JsonValue* now = member(out, key);
      const JsonValue* before = member(defaults, key);
      REQUIRE_MESSAGE((now && before), Step::type_name, ": ", key);
      CHECK_MESSAGE(!(*now == *before), Step::type_name, ": '", key, "' is left at its default");
    }
    steps.push_back(std::move(step));
  }
  for (const std::string& key : defaults.keys)
    CHECK_MESSAGE((contains(given_keys, key) || contains(fixed, key)), Step::type_name, ": '", key,
                  "' is never set");
  return steps;
}

}  // namespace

// ---------------------------------------------------------------------------
// impute

TEST_CASE("spec: MeanMedianImputer") {
  check_defaults_roundtrip<MeanMedianImputer>();
  const auto steps = check_every_option<MeanMedianImputer>({
      R"({"imputation_method": "mean", "variables": ["a", "b"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.imputation_method == ImputationMethod::mean);
    CHECK(o.variables == Variables{"a", "b"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<MeanMedianImputer>(R"({"nope": 1})") ==
        R"(step 's' (MeanMedianImputer): unknown option 'nope'; accepted: imputation_method, variables, return_empty)");
  CHECK(error_of<MeanMedianImputer>(R"({"imputation_method": "mode"})") ==
        R"(step 's' (MeanMedianImputer): option 'imputation_method': unknown value "mode"; accepted: "mean", "median")");
  CHECK(error_of<MeanMedianImputer>(R"({"variables": 3})") ==
        R"(step 's' (MeanMedianImputer): option 'variables': expected str | list[str] | null, got 3)");
  CHECK(error_of<MeanMedianImputer>(R"({"variables": []})") ==
        R"(step 's' (MeanMedianImputer): variables: the list is empty (omit it to select automatically))");
  CHECK(error_of<MeanMedianImputer>(R"({"return_empty": 1})") ==
        R"(step 's' (MeanMedianImputer): option 'return_empty': expected bool, got 1)");
}

TEST_CASE("spec: ArbitraryNumberImputer") {
  check_defaults_roundtrip<ArbitraryNumberImputer>();
  const auto steps = check_every_option<ArbitraryNumberImputer>({
      R"({"arbitrary_number": -1, "variables": "a", "return_empty": true, "imputer_dict": {"a": 1.5, "b": -2}})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.arbitrary_number == -1.0);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.imputer_dict == Dict<double>{{"a", 1.5}, {"b", -2.0}});
  }
  CHECK(error_of<ArbitraryNumberImputer>(R"({"nope": 1})") ==
        R"(step 's' (ArbitraryNumberImputer): unknown option 'nope'; accepted: arbitrary_number, variables, return_empty, imputer_dict)");
  CHECK(error_of<ArbitraryNumberImputer>(R"({"arbitrary_number": "999"})") ==
        R"(step 's' (ArbitraryNumberImputer): option 'arbitrary_number': expected float, got "999")");
  CHECK(error_of<ArbitraryNumberImputer>(R"({"arbitrary_number": Infinity})") ==
        R"(step 's' (ArbitraryNumberImputer): option 'arbitrary_number': expected a finite float, got Infinity)");
  CHECK(error_of<ArbitraryNumberImputer>(R"({"imputer_dict": {"a": "x"}})") ==
        R"(step 's' (ArbitraryNumberImputer): option 'imputer_dict' at ["a"]: expected float, got "x")");
  CHECK(error_of<ArbitraryNumberImputer>(R"({"imputer_dict": [1]})") ==
        R"(step 's' (ArbitraryNumberImputer): option 'imputer_dict': expected dict[str, float] | null, got [1])");
}

TEST_CASE("spec: EndTailImputer") {
  check_defaults_roundtrip<EndTailImputer>();
  const auto steps = check_every_option<EndTailImputer>({
      R"({"imputation_method": "iqr", "tail": "left", "fold": 1.5, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.imputation_method == EndTailImputation::iqr);
    CHECK(o.tail == ImputationTail::left);
    CHECK(o.fold == 1.5);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<EndTailImputer>(R"({"nope": 1})") ==
        R"(step 's' (EndTailImputer): unknown option 'nope'; accepted: imputation_method, tail, fold, variables, return_empty)");
  CHECK(error_of<EndTailImputer>(R"({"imputation_method": "mean"})") ==
        R"(step 's' (EndTailImputer): option 'imputation_method': unknown value "mean"; accepted: "gaussian", "iqr", "max")");
  CHECK(error_of<EndTailImputer>(R"({"tail": "both"})") ==
        R"(step 's' (EndTailImputer): option 'tail': unknown value "both"; accepted: "right", "left")");
  CHECK(error_of<EndTailImputer>(R"({"fold": 0})") ==
        R"(step 's' (EndTailImputer): fold must be a positive finite number, got 0.0)");
  CHECK(error_of<EndTailImputer>(R"({"fold": "3"})") ==
        R"(step 's' (EndTailImputer): option 'fold': expected float, got "3")");
}

TEST_CASE("spec: CategoricalImputer") {
  check_defaults_roundtrip<CategoricalImputer>();
  const auto steps = check_every_option<CategoricalImputer>({
      R"({"imputation_method": "frequent", "fill_value": "NA", "variables": ["a"], "return_empty": true, "return_object": true, "ignore_format": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.imputation_method == CategoricalImputation::frequent);
    CHECK(o.fill_value == "NA");
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.return_object);
    CHECK(o.ignore_format);
  }
  CHECK(error_of<CategoricalImputer>(R"({"nope": 1})") ==
        R"(step 's' (CategoricalImputer): unknown option 'nope'; accepted: imputation_method, fill_value, variables, return_empty, return_object, ignore_format)");
  CHECK(error_of<CategoricalImputer>(R"({"imputation": "missing"})") ==
        R"(step 's' (CategoricalImputer): unknown option 'imputation'; accepted: imputation_method, fill_value, variables, return_empty, return_object, ignore_format)");
  CHECK(error_of<CategoricalImputer>(R"({"imputation_method": "mode"})") ==
        R"(step 's' (CategoricalImputer): option 'imputation_method': unknown value "mode"; accepted: "missing", "frequent")");
  CHECK(error_of<CategoricalImputer>(R"({"fill_value": 0})") ==
        R"(step 's' (CategoricalImputer): option 'fill_value': expected str, got 0)");
  CHECK(error_of<CategoricalImputer>(R"({"variables": ["a", "a"]})") ==
        R"(step 's' (CategoricalImputer): variables: 'a' is listed twice)");
}

TEST_CASE("spec: AddMissingIndicator") {
  check_defaults_roundtrip<AddMissingIndicator>();
  const auto steps = check_every_option<AddMissingIndicator>({
      R"({"missing_only": false, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(!o.missing_only);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<AddMissingIndicator>(R"({"nope": 1})") ==
        R"(step 's' (AddMissingIndicator): unknown option 'nope'; accepted: missing_only, variables, return_empty)");
  CHECK(error_of<AddMissingIndicator>(R"({"missing_only": "yes"})") ==
        R"(step 's' (AddMissingIndicator): option 'missing_only': expected bool, got "yes")");
  CHECK(error_of<AddMissingIndicator>(R"({"variables": ["a", 1]})") ==
        R"(step 's' (AddMissingIndicator): option 'variables' at [1]: expected str, got 1)");
}

TEST_CASE("spec: RandomSampleImputer") {
  check_defaults_roundtrip<RandomSampleImputer>();
  const auto steps = check_every_option<RandomSampleImputer>({
      R"({"variables": ["a"], "return_empty": true, "random_state": 42, "seeding_method": "multiply"})",
      R"({"seed": "observation", "random_state": "b"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.random_state == 42u);
    CHECK(o.seeding_method == SeedingMethod::multiply);
  }
  {
    const auto& o = steps[1].options();
    CHECK(o.seed == SampleSeed::observation);
    CHECK(o.seed_variables == std::vector<std::string>{"b"});
    CHECK(!o.random_state);
  }
  CHECK(error_of<RandomSampleImputer>(R"({"nope": 1})") ==
        R"(step 's' (RandomSampleImputer): unknown option 'nope'; accepted: variables, return_empty, random_state, seed, seeding_method)");
  CHECK(error_of<RandomSampleImputer>(R"({"random_state": -1})") ==
        R"(step 's' (RandomSampleImputer): option 'random_state': -1 is out of range (0 to 4294967295))");
  CHECK(error_of<RandomSampleImputer>(R"({"random_state": 1.5})") ==
        R"(step 's' (RandomSampleImputer): option 'random_state': expected int | str | list[str] | null, got 1.5)");
  CHECK(error_of<RandomSampleImputer>(R"({"random_state": ["a", 1]})") ==
        R"(step 's' (RandomSampleImputer): option 'random_state' at [1]: expected str, got 1)");
  CHECK(error_of<RandomSampleImputer>(R"({"seed_variables": ["a"]})") ==
        R"(step 's' (RandomSampleImputer): unknown option 'seed_variables'; accepted: variables, return_empty, random_state, seed, seeding_method)");
  CHECK(error_of<RandomSampleImputer>(R"({"random_state": "a"})") ==
        R"(step 's' (RandomSampleImputer): seed_variables are used only with seed = observation)");
  CHECK(error_of<RandomSampleImputer>(R"({"seed": "row"})") ==
        R"(step 's' (RandomSampleImputer): option 'seed': unknown value "row"; accepted: "general", "observation")");
  CHECK(error_of<RandomSampleImputer>(R"({"seeding_method": "sum"})") ==
        R"(step 's' (RandomSampleImputer): option 'seeding_method': unknown value "sum"; accepted: "add", "multiply")");
  CHECK(error_of<RandomSampleImputer>(R"({"seed": "observation"})") ==
        R"(step 's' (RandomSampleImputer): seed = observation needs seed_variables (the columns that seed each draw))");
}

TEST_CASE("spec: RandomSampleImputer's random_state names the seeding columns (spec_keywords)") {
  // feature-engine: random_state=['a', 'b'] with seed='observation'.
  const auto columns = read<RandomSampleImputer>(
      R"({"class": "RandomSampleImputer", "seed": "observation", "random_state": ["a", "b"]})");
  CHECK(columns.options().seed_variables == std::vector<std::string>{"a", "b"});
  CHECK(!columns.options().random_state);
  CHECK(param(columns, "random_state") == R"(["a", "b"])");
  CHECK(params_roundtrip(columns));
  const auto one = read<RandomSampleImputer>(R"({"seed": "observation", "random_state": "a"})");
  CHECK(one.options().seed_variables == std::vector<std::string>{"a"});
  CHECK(param(one, "random_state") == R"(["a"])");
  // An int is the seed, as before.
  const auto seeded = read<RandomSampleImputer>(R"({"class": "RandomSampleImputer", "random_state": 7})");
  CHECK(seeded.options().random_state == 7u);
  CHECK(seeded.options().seed_variables.empty());
  CHECK(param(seeded, "random_state") == "7");
  CHECK(param(RandomSampleImputer{}, "random_state") == "null");
}

TEST_CASE("spec: DropMissingData") {
  check_defaults_roundtrip<DropMissingData>();
  const auto steps = check_every_option<DropMissingData>({
      R"({"missing_only": false, "threshold": 0.5, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(!o.missing_only);
    CHECK(o.threshold == 0.5);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<DropMissingData>(R"({"nope": 1})") ==
        R"(step 's' (DropMissingData): unknown option 'nope'; accepted: missing_only, threshold, variables, return_empty)");
  CHECK(error_of<DropMissingData>(R"({"threshold": 0})") ==
        R"(step 's' (DropMissingData): threshold must be in (0, 1], got 0.0)");
  CHECK(error_of<DropMissingData>(R"({"threshold": 1.5})") ==
        R"(step 's' (DropMissingData): threshold must be in (0, 1], got 1.5)");
  CHECK(error_of<DropMissingData>(R"({"threshold": "0.5"})") ==
        R"(step 's' (DropMissingData): option 'threshold': expected float | null, got "0.5")");
}

// ---------------------------------------------------------------------------
// encode

TEST_CASE("spec: OneHotEncoder") {
  check_defaults_roundtrip<OneHotEncoder>();
  const auto steps = check_every_option<OneHotEncoder>({
      R"({"top_categories": 5, "drop_last": true, "drop_last_binary": true, "variables": ["a"], "return_empty": true, "ignore_format": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.top_categories == 5);
    CHECK(o.drop_last);
    CHECK(o.drop_last_binary);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.ignore_format);
  }
  CHECK(error_of<OneHotEncoder>(R"({"nope": 1})") ==
        R"(step 's' (OneHotEncoder): unknown option 'nope'; accepted: top_categories, drop_last, drop_last_binary, variables, return_empty, ignore_format)");
  CHECK(error_of<OneHotEncoder>(R"({"top_categories": 2.5})") ==
        R"(step 's' (OneHotEncoder): option 'top_categories': expected int | null, got 2.5)");
  CHECK(error_of<OneHotEncoder>(R"({"top_categories": -1})") ==
        R"(step 's' (OneHotEncoder): top_categories must be a positive integer, got -1)");
  CHECK(error_of<OneHotEncoder>(R"({"drop_last": null})") ==
        R"(step 's' (OneHotEncoder): option 'drop_last': expected bool, got null)");
}

TEST_CASE("spec: OrdinalEncoder") {
  check_defaults_roundtrip<OrdinalEncoder>();
  const auto steps = check_every_option<OrdinalEncoder>({
      R"({"encoding_method": "arbitrary", "variables": ["a"], "return_empty": true, "missing_values": "ignore", "unseen": "encode", "ignore_format": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.encoding_method == OrdinalEncoding::arbitrary);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.missing_values == MissingValues::ignore);
    CHECK(o.unseen == UnseenPolicy::encode);
    CHECK(o.ignore_format);
  }
  CHECK(error_of<OrdinalEncoder>(R"({"nope": 1})") ==
        R"(step 's' (OrdinalEncoder): unknown option 'nope'; accepted: encoding_method, variables, return_empty, missing_values, unseen, ignore_format)");
  CHECK(error_of<OrdinalEncoder>(R"({"encoding_method": "sorted"})") ==
        R"(step 's' (OrdinalEncoder): option 'encoding_method': unknown value "sorted"; accepted: "ordered", "arbitrary")");
  CHECK(error_of<OrdinalEncoder>(R"({"unseen": "error"})") ==
        R"(step 's' (OrdinalEncoder): option 'unseen': unknown value "error"; accepted: "ignore", "raise", "encode")");
  CHECK(error_of<OrdinalEncoder>(R"({"missing_values": "include"})") ==
        R"(step 's' (OrdinalEncoder): option 'missing_values': unknown value "include"; accepted: "raise", "ignore")");
}

TEST_CASE("spec: CountFrequencyEncoder") {
  check_defaults_roundtrip<CountFrequencyEncoder>();
  const auto steps = check_every_option<CountFrequencyEncoder>({
      R"({"encoding_method": "frequency", "variables": ["a"], "return_empty": true, "missing_values": "ignore", "ignore_format": true, "unseen": "encode"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.encoding_method == CountEncoding::frequency);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.missing_values == MissingValues::ignore);
    CHECK(o.ignore_format);
    CHECK(o.unseen == UnseenPolicy::encode);
  }
  CHECK(error_of<CountFrequencyEncoder>(R"({"nope": 1})") ==
        R"(step 's' (CountFrequencyEncoder): unknown option 'nope'; accepted: encoding_method, variables, return_empty, missing_values, ignore_format, unseen)");
  CHECK(error_of<CountFrequencyEncoder>(R"({"encoding_method": "percent"})") ==
        R"(step 's' (CountFrequencyEncoder): option 'encoding_method': unknown value "percent"; accepted: "count", "frequency")");
  CHECK(error_of<CountFrequencyEncoder>(R"({"unseen": 0})") ==
        R"(step 's' (CountFrequencyEncoder): option 'unseen': expected "ignore" | "raise" | "encode", got 0)");
}

TEST_CASE("spec: MeanEncoder") {
  check_defaults_roundtrip<MeanEncoder>();
  const auto steps = check_every_option<MeanEncoder>({
      R"({"variables": ["a"], "return_empty": true, "missing_values": "ignore", "ignore_format": true, "unseen": "raise", "smoothing": 2.0})",
      R"({"smoothing": "auto"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.missing_values == MissingValues::ignore);
    CHECK(o.ignore_format);
    CHECK(o.unseen == UnseenPolicy::raise);
    CHECK(o.smoothing == 2.0);
  }
  {
    const auto& o = steps[1].options();
    CHECK(o.smoothing_method == MeanSmoothing::automatic);
  }
  CHECK(error_of<MeanEncoder>(R"({"nope": 1})") ==
        R"(step 's' (MeanEncoder): unknown option 'nope'; accepted: variables, return_empty, missing_values, ignore_format, unseen, smoothing)");
  CHECK(error_of<MeanEncoder>(R"({"smoothing": -1})") ==
        R"(step 's' (MeanEncoder): smoothing must be a finite number >= 0 (or smoothing_method auto), got -1.0)");
  CHECK(error_of<MeanEncoder>(R"({"smoothing": true})") ==
        R"(step 's' (MeanEncoder): option 'smoothing': expected float | "fixed" | "auto", got true)");
  CHECK(error_of<MeanEncoder>(R"({"smoothing": "automatic"})") ==
        R"(step 's' (MeanEncoder): option 'smoothing': unknown value "automatic"; accepted: "fixed", "auto")");
  CHECK(error_of<MeanEncoder>(R"({"smoothing_method": "auto"})") ==
        R"(step 's' (MeanEncoder): unknown option 'smoothing_method'; accepted: variables, return_empty, missing_values, ignore_format, unseen, smoothing)");
}

TEST_CASE("spec: MeanEncoder's smoothing='auto' (spec_keywords)") {
  const auto automatic = read<MeanEncoder>(R"({"class": "MeanEncoder", "smoothing": "auto"})");
  CHECK(automatic.options().smoothing_method == MeanSmoothing::automatic);
  CHECK(automatic.options().smoothing == 0.0);
  CHECK(param(automatic, "smoothing") == R"("auto")");
  CHECK(params_roundtrip(automatic));
  const auto fixed = read<MeanEncoder>(R"({"smoothing": 2.5})");
  CHECK(fixed.options().smoothing_method == MeanSmoothing::fixed);
  CHECK(param(fixed, "smoothing") == "2.5");
  CHECK(param(MeanEncoder{}, "smoothing") == "0.0");
  // A damping together with 'auto' (which ignores it) has no reference spelling.
  CHECK_THROWS_WITH_AS(
      step_params_json(MeanEncoder({.smoothing = 1.0, .smoothing_method = MeanSmoothing::automatic})),
      "MeanEncoder: 'smoothing' and 'smoothing_method' are both set, but the one keyword 'smoothing' they share in a "
      "spec holds only one of them",
      ParameterError);
}

TEST_CASE("spec: WoEEncoder") {
  check_defaults_roundtrip<WoEEncoder>();
  const auto steps = check_every_option<WoEEncoder>({
      R"({"variables": ["a"], "return_empty": true, "ignore_format": true, "unseen": "raise", "fill_value": 0.001})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.ignore_format);
    CHECK(o.unseen == UnseenPolicy::raise);
    CHECK(o.fill_value == 0.001);
  }
  CHECK(error_of<WoEEncoder>(R"({"nope": 1})") ==
        R"(step 's' (WoEEncoder): unknown option 'nope'; accepted: variables, return_empty, ignore_format, unseen, fill_value)");
  CHECK(error_of<WoEEncoder>(R"({"fill_value": 0})") ==
        R"(step 's' (WoEEncoder): fill_value must be a finite number > 0, got 0.0)");
  CHECK(error_of<WoEEncoder>(R"({"unseen": "encode"})") ==
        R"(step 's' (WoEEncoder): unseen must be ignore or raise (there is no WoE for an unseen category))");
}

TEST_CASE("spec: RareLabelEncoder") {
  check_defaults_roundtrip<RareLabelEncoder>();
  const auto steps = check_every_option<RareLabelEncoder>({
      R"({"tol": 0.1, "n_categories": 5, "max_n_categories": 3, "replace_with": "Other", "variables": ["a"], "return_empty": true, "missing_values": "ignore", "ignore_format": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.tol == 0.1);
    CHECK(o.n_categories == 5);
    CHECK(o.max_n_categories == 3);
    CHECK(o.replace_with == "Other");
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.missing_values == MissingValues::ignore);
    CHECK(o.ignore_format);
  }
  CHECK(error_of<RareLabelEncoder>(R"({"nope": 1})") ==
        R"(step 's' (RareLabelEncoder): unknown option 'nope'; accepted: tol, n_categories, max_n_categories, replace_with, variables, return_empty, missing_values, ignore_format)");
  CHECK(error_of<RareLabelEncoder>(R"({"tol": 1.5})") ==
        R"(step 's' (RareLabelEncoder): tol must be in [0, 1], got 1.5)");
  CHECK(error_of<RareLabelEncoder>(R"({"n_categories": -1})") ==
        R"(step 's' (RareLabelEncoder): n_categories must be >= 0)");
  CHECK(error_of<RareLabelEncoder>(R"({"replace_with": 0})") ==
        R"(step 's' (RareLabelEncoder): option 'replace_with': expected str, got 0)");
  CHECK(error_of<RareLabelEncoder>(R"({"max_n_categories": 1e3})") ==
        R"(step 's' (RareLabelEncoder): option 'max_n_categories': expected int | null, got 1e3)");
}

TEST_CASE("spec: DecisionTreeEncoder") {
  check_defaults_roundtrip<DecisionTreeEncoder>();
  const auto steps = check_every_option<DecisionTreeEncoder>({
      R"({"encoding_method": "ordered", "cv": 5, "scoring": "roc_auc", "param_grid": {"max_depth": [2, 3], "min_samples_leaf": [1, 5]}, "regression": false, "random_state": 0, "variables": ["a"], "return_empty": true, "ignore_format": true, "precision": 2, "unseen": "encode", "fill_value": -1})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.encoding_method == OrdinalEncoding::ordered);
    CHECK(o.cv == 5);
    CHECK(o.scoring == TreeScoring::roc_auc);
    CHECK(o.param_grid.max_depth == std::vector<int>{2, 3});
    CHECK(o.param_grid.min_samples_leaf == std::vector<int>{1, 5});
    CHECK(!o.regression);
    CHECK(o.random_state == 0u);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.ignore_format);
    CHECK(o.precision == 2);
    CHECK(o.unseen == UnseenPolicy::encode);
    CHECK(o.fill_value == -1.0);
  }
  CHECK(error_of<DecisionTreeEncoder>(R"({"nope": 1})") ==
        R"(step 's' (DecisionTreeEncoder): unknown option 'nope'; accepted: encoding_method, cv, scoring, param_grid, regression, random_state, variables, return_empty, ignore_format, precision, unseen, fill_value)");
  CHECK(error_of<DecisionTreeEncoder>(R"({"cv": 1})") ==
        R"(step 's' (DecisionTreeEncoder): cv must be at least 2 folds, got 1)");
  CHECK(error_of<DecisionTreeEncoder>(R"({"scoring": "f1"})") ==
        R"(step 's' (DecisionTreeEncoder): option 'scoring': unknown value "f1"; accepted: "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error", "r2", "roc_auc", "accuracy")");
  CHECK(error_of<DecisionTreeEncoder>(R"({"param_grid": {"max_leaf_nodes": [2]}})") ==
        R"(step 's' (DecisionTreeEncoder): option 'param_grid': unknown key 'max_leaf_nodes'; accepted: max_depth, min_samples_leaf)");
  CHECK(error_of<DecisionTreeEncoder>(R"({"param_grid": {"max_depth": 3}})") ==
        R"(step 's' (DecisionTreeEncoder): option 'param_grid' at ["max_depth"]: expected list[int] | null, got 3)");
  CHECK(error_of<DecisionTreeEncoder>(R"({"param_grid": [{"max_depth": [1]}]})") ==
        R"(step 's' (DecisionTreeEncoder): option 'param_grid': expected dict | null, got [{"max_depth": [1]}])");
  CHECK(error_of<DecisionTreeEncoder>(R"({"unseen": "encode"})") ==
        R"(step 's' (DecisionTreeEncoder): unseen = encode needs a finite fill_value)");
}

// ---------------------------------------------------------------------------
// discretise

TEST_CASE("spec: EqualFrequencyDiscretiser") {
  check_defaults_roundtrip<EqualFrequencyDiscretiser>();
  const auto steps = check_every_option<EqualFrequencyDiscretiser>({
      R"({"q": 4, "variables": ["a"], "return_empty": true, "return_object": true, "return_boundaries": true, "precision": 5})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.q == 4);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.return_object);
    CHECK(o.return_boundaries);
    CHECK(o.precision == 5);
  }
  CHECK(error_of<EqualFrequencyDiscretiser>(R"({"nope": 1})") ==
        R"(step 's' (EqualFrequencyDiscretiser): unknown option 'nope'; accepted: q, variables, return_empty, return_object, return_boundaries, precision)");
  CHECK(error_of<EqualFrequencyDiscretiser>(R"({"q": 0})") ==
        R"(step 's' (EqualFrequencyDiscretiser): q must be a positive number of intervals, got 0)");
  CHECK(error_of<EqualFrequencyDiscretiser>(R"({"q": 2.0})") ==
        R"(step 's' (EqualFrequencyDiscretiser): option 'q': expected int, got 2.0)");
  CHECK(error_of<EqualFrequencyDiscretiser>(R"({"precision": 0})") ==
        R"(step 's' (EqualFrequencyDiscretiser): precision must be between 1 and 19, got 0)");
}

TEST_CASE("spec: EqualWidthDiscretiser") {
  check_defaults_roundtrip<EqualWidthDiscretiser>();
  const auto steps = check_every_option<EqualWidthDiscretiser>({
      R"({"bins": 4, "variables": ["a"], "return_empty": true, "return_object": true, "return_boundaries": true, "precision": 5})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.bins == 4);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.return_object);
    CHECK(o.return_boundaries);
    CHECK(o.precision == 5);
  }
  CHECK(error_of<EqualWidthDiscretiser>(R"({"nope": 1})") ==
        R"(step 's' (EqualWidthDiscretiser): unknown option 'nope'; accepted: bins, variables, return_empty, return_object, return_boundaries, precision)");
  CHECK(error_of<EqualWidthDiscretiser>(R"({"bins": 0})") ==
        R"(step 's' (EqualWidthDiscretiser): bins must be a positive number of intervals, got 0)");
  CHECK(error_of<EqualWidthDiscretiser>(R"({"bins": "10"})") ==
        R"(step 's' (EqualWidthDiscretiser): option 'bins': expected int, got "10")");
  CHECK(error_of<EqualWidthDiscretiser>(R"({"precision": 20})") ==
        R"(step 's' (EqualWidthDiscretiser): precision must be between 1 and 19, got 20)");
}

TEST_CASE("spec: ArbitraryDiscretiser") {
  const auto steps = check_every_option<ArbitraryDiscretiser>({
      R"({"binning_dict": {"a": [-Infinity, 0, 10, Infinity], "b": [0, 1]}, "return_object": true, "return_boundaries": true, "precision": 5, "errors": "raise"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.binning_dict.at("a") == std::vector<double>{-kInf, 0.0, 10.0, kInf});
    CHECK(o.binning_dict.keys() == std::vector<std::string>{"a", "b"});
    CHECK(o.return_object);
    CHECK(o.return_boundaries);
    CHECK(o.precision == 5);
    CHECK(o.errors == OutsideBins::raise);
  }
  CHECK(error_of<ArbitraryDiscretiser>(R"({"nope": 1})") ==
        R"(step 's' (ArbitraryDiscretiser): unknown option 'nope'; accepted: binning_dict, return_object, return_boundaries, precision, errors)");
  CHECK(error_of<ArbitraryDiscretiser>(R"({})") ==
        R"(step 's' (ArbitraryDiscretiser): binning_dict is required (variable → edges))");
  CHECK(error_of<ArbitraryDiscretiser>(R"({"binning_dict": {"a": [1]}})") ==
        R"(step 's' (ArbitraryDiscretiser): column 'a': binning_dict: needs at least two edges, got 1)");
  CHECK(error_of<ArbitraryDiscretiser>(R"({"binning_dict": {"a": [2, 1]}})") ==
        R"(step 's' (ArbitraryDiscretiser): column 'a': binning_dict: edges must increase strictly, but edge 1 (1.0) follows 2.0)");
  CHECK(error_of<ArbitraryDiscretiser>(R"({"binning_dict": {"a": [0, NaN]}})") ==
        R"(step 's' (ArbitraryDiscretiser): option 'binning_dict' at ["a"][1]: expected a finite float, got NaN)");
  CHECK(error_of<ArbitraryDiscretiser>(R"({"errors": "warn"})") ==
        R"(step 's' (ArbitraryDiscretiser): option 'errors': unknown value "warn"; accepted: "ignore", "raise")");
}

TEST_CASE("spec: DecisionTreeDiscretiser") {
  check_defaults_roundtrip<DecisionTreeDiscretiser>();
  const auto steps = check_every_option<DecisionTreeDiscretiser>({
      R"({"variables": ["a"], "return_empty": true, "bin_output": "boundaries", "precision": 2, "cv": 4, "scoring": "accuracy", "param_grid": {"max_depth": [1, 2]}, "regression": false, "random_state": 1})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.bin_output == TreeBinOutput::boundaries);
    CHECK(o.precision == 2);
    CHECK(o.cv == 4);
    CHECK(o.scoring == TreeScoring::accuracy);
    CHECK(o.param_grid == TreeParamGrid{{1, 2}, {1}});
    CHECK(!o.regression);
    CHECK(o.random_state == 1u);
  }
  CHECK(error_of<DecisionTreeDiscretiser>(R"({"nope": 1})") ==
        R"(step 's' (DecisionTreeDiscretiser): unknown option 'nope'; accepted: variables, return_empty, bin_output, precision, cv, scoring, param_grid, regression, random_state)");
  CHECK(error_of<DecisionTreeDiscretiser>(R"({"bin_output": "interval"})") ==
        R"(step 's' (DecisionTreeDiscretiser): option 'bin_output': unknown value "interval"; accepted: "prediction", "bin_number", "boundaries")");
  CHECK(error_of<DecisionTreeDiscretiser>(R"({"bin_output": "boundaries"})") ==
        R"(step 's' (DecisionTreeDiscretiser): bin_output boundaries needs a precision (digits of the interval labels))");
  CHECK(error_of<DecisionTreeDiscretiser>(R"({"cv": 1})") ==
        R"(step 's' (DecisionTreeDiscretiser): cv must be at least 2 folds, got 1)");
  CHECK(error_of<DecisionTreeDiscretiser>(R"({"random_state": 4294967296})") ==
        R"(step 's' (DecisionTreeDiscretiser): option 'random_state': 4294967296 is out of range (0 to 4294967295))");
}

// ---------------------------------------------------------------------------
// transform

TEST_CASE("spec: LogTransformer") {
  check_defaults_roundtrip<LogTransformer>();
  const auto steps = check_every_option<LogTransformer>({
      R"({"base": "10", "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.base == LogBase::ten);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<LogTransformer>(R"({"nope": 1})") ==
        R"(step 's' (LogTransformer): unknown option 'nope'; accepted: base, variables, return_empty)");
  CHECK(error_of<LogTransformer>(R"({"base": "2"})") ==
        R"(step 's' (LogTransformer): option 'base': unknown value "2"; accepted: "e", "10")");
  CHECK(error_of<LogTransformer>(R"({"base": 10})") ==
        R"(step 's' (LogTransformer): option 'base': expected "e" | "10", got 10)");
}

TEST_CASE("spec: LogCpTransformer") {
  check_defaults_roundtrip<LogCpTransformer>();
  const auto steps = check_every_option<LogCpTransformer>({
      R"({"base": "10", "C": 1, "variables": ["a"], "return_empty": true})",
      R"({"C": {"a": 1, "b": 2}})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.base == LogBase::ten);
    CHECK(o.C == 1.0);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  {
    const auto& o = steps[1].options();
    CHECK(o.C_dict == Dict<double>{{"a", 1.0}, {"b", 2.0}});
    CHECK(!o.C);
  }
  CHECK(error_of<LogCpTransformer>(R"({"nope": 1})") ==
        R"(step 's' (LogCpTransformer): unknown option 'nope'; accepted: base, C, variables, return_empty)");
  CHECK(error_of<LogCpTransformer>(R"({"C": "automatic"})") ==
        R"(step 's' (LogCpTransformer): option 'C': expected float | dict[str, float] | null | "auto", got "automatic")");
  CHECK(error_of<LogCpTransformer>(R"({"C": [1]})") ==
        R"(step 's' (LogCpTransformer): option 'C': expected float | dict[str, float] | null | "auto", got [1])");
  CHECK(error_of<LogCpTransformer>(R"({"C": {"a": "x"}})") ==
        R"(step 's' (LogCpTransformer): option 'C' at ["a"]: expected float, got "x")");
  CHECK(error_of<LogCpTransformer>(R"({"C": -Infinity})") ==
        R"(step 's' (LogCpTransformer): option 'C': expected a finite float, got -Infinity)");
  CHECK(error_of<LogCpTransformer>(R"({"C_dict": {"a": 1}})") ==
        R"(step 's' (LogCpTransformer): unknown option 'C_dict'; accepted: base, C, variables, return_empty)");
  CHECK(error_of<LogCpTransformer>(R"({"C": {"a": 1}, "variables": ["a"]})") ==
        R"(step 's' (LogCpTransformer): C_dict names the variables; leave variables unset)");
}

TEST_CASE("spec: LogCpTransformer's C is a number, 'auto' or a dict (spec_keywords)") {
  const auto automatic = read<LogCpTransformer>(R"({"class": "LogCpTransformer", "C": "auto"})");
  CHECK(!automatic.options().C);
  CHECK(automatic.options().C_dict.empty());
  CHECK(param(automatic, "C") == R"("auto")");
  CHECK(param(LogCpTransformer{}, "C") == R"("auto")");
  CHECK(params_roundtrip(automatic));
  const auto dict = read<LogCpTransformer>(R"({"class": "LogCpTransformer", "C": {"a": 1, "b": 2.5}})");
  CHECK(!dict.options().C);
  CHECK(dict.options().C_dict == Dict<double>{{"a", 1.0}, {"b", 2.5}});
  CHECK(param(dict, "C") == R"({"a": 1.0, "b": 2.5})");
  CHECK(params_roundtrip(dict));
  const auto number = read<LogCpTransformer>(R"({"C": 3})");
  CHECK(number.options().C == 3.0);
  CHECK(number.options().C_dict.empty());
  CHECK(param(number, "C") == "3.0");
  CHECK(params_roundtrip(number));
}

TEST_CASE("spec: ReciprocalTransformer") {
  check_defaults_roundtrip<ReciprocalTransformer>();
  const auto steps = check_every_option<ReciprocalTransformer>({
      R"({"variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<ReciprocalTransformer>(R"({"nope": 1})") ==
        R"(step 's' (ReciprocalTransformer): unknown option 'nope'; accepted: variables, return_empty)");
  CHECK(error_of<ReciprocalTransformer>(R"({"variables": {"a": 1}})") ==
        R"(step 's' (ReciprocalTransformer): option 'variables': expected str | list[str] | null, got {"a": 1})");
}

TEST_CASE("spec: PowerTransformer") {
  check_defaults_roundtrip<PowerTransformer>();
  const auto steps = check_every_option<PowerTransformer>({
      R"({"exp": 2, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.exp == 2.0);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<PowerTransformer>(R"({"nope": 1})") ==
        R"(step 's' (PowerTransformer): unknown option 'nope'; accepted: exp, variables, return_empty)");
  CHECK(error_of<PowerTransformer>(R"({"exp": "2"})") ==
        R"(step 's' (PowerTransformer): option 'exp': expected float, got "2")");
  CHECK(error_of<PowerTransformer>(R"({"exp": NaN})") ==
        R"(step 's' (PowerTransformer): option 'exp': expected a finite float, got NaN)");
}

TEST_CASE("spec: BoxCoxTransformer") {
  check_defaults_roundtrip<BoxCoxTransformer>();
  const auto steps = check_every_option<BoxCoxTransformer>({
      R"({"variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<BoxCoxTransformer>(R"({"nope": 1})") ==
        R"(step 's' (BoxCoxTransformer): unknown option 'nope'; accepted: variables, return_empty)");
  CHECK(error_of<BoxCoxTransformer>(R"({"return_empty": "false"})") ==
        R"(step 's' (BoxCoxTransformer): option 'return_empty': expected bool, got "false")");
}

TEST_CASE("spec: YeoJohnsonTransformer") {
  check_defaults_roundtrip<YeoJohnsonTransformer>();
  const auto steps = check_every_option<YeoJohnsonTransformer>({
      R"({"variables": ["a"], "return_empty": true, "optimizer": "brent"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.optimizer == LambdaOptimizer::brent);
  }
  CHECK(error_of<YeoJohnsonTransformer>(R"({"nope": 1})") ==
        R"(step 's' (YeoJohnsonTransformer): unknown option 'nope'; accepted: variables, return_empty, optimizer)");
  CHECK(error_of<YeoJohnsonTransformer>(R"({"optimizer": "newton"})") ==
        R"(step 's' (YeoJohnsonTransformer): option 'optimizer': unknown value "newton"; accepted: "bounded", "brent")");
}

TEST_CASE("spec: ArcsinTransformer") {
  check_defaults_roundtrip<ArcsinTransformer>();
  const auto steps = check_every_option<ArcsinTransformer>({
      R"({"variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<ArcsinTransformer>(R"({"nope": 1})") ==
        R"(step 's' (ArcsinTransformer): unknown option 'nope'; accepted: variables, return_empty)");
  CHECK(error_of<ArcsinTransformer>(R"({"variables": null, "variables": ["a"]})") ==
        R"(step 's' (ArcsinTransformer): invalid JSON at offset 20: key "variables" is given twice)");
}

TEST_CASE("spec: Binarizer") {
  check_defaults_roundtrip<Binarizer>();
  const auto steps = check_every_option<Binarizer>({
      R"({"threshold": 1.5, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.threshold == 1.5);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<Binarizer>(R"({"nope": 1})") ==
        R"(step 's' (Binarizer): unknown option 'nope'; accepted: threshold, variables, return_empty)");
  CHECK(error_of<Binarizer>(R"({"threshold": "0"})") ==
        R"(step 's' (Binarizer): option 'threshold': expected float, got "0")");
  CHECK(error_of<Binarizer>(R"({"copy": true})") ==
        R"(step 's' (Binarizer): unknown option 'copy'; accepted: threshold, variables, return_empty)");
}

// ---------------------------------------------------------------------------
// outlier

TEST_CASE("spec: Winsorizer") {
  check_defaults_roundtrip<Winsorizer>();
  const auto steps = check_every_option<Winsorizer>({
      R"({"capping_method": "iqr", "tail": "both", "fold": 2, "add_indicators": true, "variables": ["a"], "return_empty": true, "missing_values": "ignore"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.capping_method == CappingMethod::iqr);
    CHECK(o.tail == Tail::both);
    CHECK(o.fold == 2.0);
    CHECK(o.add_indicators);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.missing_values == MissingValues::ignore);
  }
  CHECK(error_of<Winsorizer>(R"({"nope": 1})") ==
        R"(step 's' (Winsorizer): unknown option 'nope'; accepted: capping_method, tail, fold, add_indicators, variables, return_empty, missing_values)");
  CHECK(error_of<Winsorizer>(R"({"capping_method": "zscore"})") ==
        R"(step 's' (Winsorizer): option 'capping_method': unknown value "zscore"; accepted: "gaussian", "iqr", "quantiles", "mad")");
  CHECK(error_of<Winsorizer>(R"({"tail": "up"})") ==
        R"(step 's' (Winsorizer): option 'tail': unknown value "up"; accepted: "right", "left", "both")");
  CHECK(error_of<Winsorizer>(R"({"fold": -1})") ==
        R"(step 's' (Winsorizer): fold must be a positive number (or unset for 'auto'), got -1.0)");
  CHECK(error_of<Winsorizer>(R"({"capping_method": "quantiles", "fold": 0.3})") ==
        R"(step 's' (Winsorizer): with capping_method = quantiles, fold is the fraction cut from each tail and must be at most 0.2, got 0.3)");
  CHECK(error_of<Winsorizer>(R"({"fold": "automatic"})") ==
        R"(step 's' (Winsorizer): option 'fold': expected float | null | "auto", got "automatic")");
}

TEST_CASE("spec: Winsorizer's fold='auto' (spec_keywords)") {
  const auto automatic = read<Winsorizer>(R"({"class": "Winsorizer", "fold": "auto"})");
  CHECK(!automatic.options().fold);
  CHECK(param(automatic, "fold") == R"("auto")");
  CHECK(param(Winsorizer{}, "fold") == R"("auto")");
  CHECK(params_roundtrip(automatic));
  CHECK(!read<Winsorizer>(R"({"fold": null})").options().fold);
  const auto given = read<Winsorizer>(R"({"fold": 1.5})");
  CHECK(given.options().fold == 1.5);
  CHECK(param(given, "fold") == "1.5");
}

TEST_CASE("spec: ArbitraryOutlierCapper") {
  const auto steps = check_every_option<ArbitraryOutlierCapper>({
      R"({"max_capping_dict": {"a": 10}, "min_capping_dict": {"b": -1}, "missing_values": "ignore"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.max_capping_dict == Dict<double>{{"a", 10.0}});
    CHECK(o.min_capping_dict == Dict<double>{{"b", -1.0}});
    CHECK(o.missing_values == MissingValues::ignore);
  }
  CHECK(error_of<ArbitraryOutlierCapper>(R"({"nope": 1})") ==
        R"(step 's' (ArbitraryOutlierCapper): unknown option 'nope'; accepted: max_capping_dict, min_capping_dict, missing_values)");
  CHECK(error_of<ArbitraryOutlierCapper>(R"({})") ==
        R"(step 's' (ArbitraryOutlierCapper): give at least one of max_capping_dict and min_capping_dict)");
  CHECK(error_of<ArbitraryOutlierCapper>(R"({"max_capping_dict": {"a": "x"}})") ==
        R"(step 's' (ArbitraryOutlierCapper): option 'max_capping_dict' at ["a"]: expected float, got "x")");
  CHECK(error_of<ArbitraryOutlierCapper>(R"({"missing_values": "skip"})") ==
        R"(step 's' (ArbitraryOutlierCapper): option 'missing_values': unknown value "skip"; accepted: "raise", "ignore")");
}

TEST_CASE("spec: OutlierTrimmer") {
  check_defaults_roundtrip<OutlierTrimmer>();
  const auto steps = check_every_option<OutlierTrimmer>({
      R"({"capping_method": "quantiles", "tail": "left", "fold": 0.1, "variables": ["a"], "return_empty": true, "missing_values": "ignore"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.capping_method == CappingMethod::quantiles);
    CHECK(o.tail == Tail::left);
    CHECK(o.fold == 0.1);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
    CHECK(o.missing_values == MissingValues::ignore);
  }
  CHECK(error_of<OutlierTrimmer>(R"({"nope": 1})") ==
        R"(step 's' (OutlierTrimmer): unknown option 'nope'; accepted: capping_method, tail, fold, variables, return_empty, missing_values)");
  CHECK(error_of<OutlierTrimmer>(R"({"add_indicators": true})") ==
        R"(step 's' (OutlierTrimmer): unknown option 'add_indicators'; accepted: capping_method, tail, fold, variables, return_empty, missing_values)");
  CHECK(error_of<OutlierTrimmer>(R"({"fold": 0})") ==
        R"(step 's' (OutlierTrimmer): fold must be a positive number (or unset for 'auto'), got 0.0)");
  CHECK(error_of<OutlierTrimmer>(R"({"fold": "automatic"})") ==
        R"(step 's' (OutlierTrimmer): option 'fold': expected float | null | "auto", got "automatic")");
}

TEST_CASE("spec: OutlierTrimmer's fold='auto' (spec_keywords)") {
  const auto automatic = read<OutlierTrimmer>(R"({"class": "OutlierTrimmer", "fold": "auto"})");
  CHECK(!automatic.options().fold);
  CHECK(param(automatic, "fold") == R"("auto")");
  CHECK(param(OutlierTrimmer{}, "fold") == R"("auto")");
  CHECK(params_roundtrip(automatic));
  const auto given = read<OutlierTrimmer>(R"({"capping_method": "quantiles", "fold": 0.1})");
  CHECK(given.options().fold == 0.1);
  CHECK(param(given, "fold") == "0.1");
}

// ---------------------------------------------------------------------------
// scale

TEST_CASE("spec: MinMaxScaler") {
  check_defaults_roundtrip<MinMaxScaler>();
  const auto steps = check_every_option<MinMaxScaler>({
      R"({"feature_range": [-1, 1], "clip": true, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.feature_range == std::pair<double, double>{-1.0, 1.0});
    CHECK(o.clip);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<MinMaxScaler>(R"({"nope": 1})") ==
        R"(step 's' (MinMaxScaler): unknown option 'nope'; accepted: feature_range, clip, variables, return_empty)");
  CHECK(error_of<MinMaxScaler>(R"({"feature_range": [1, 0]})") ==
        R"(step 's' (MinMaxScaler): feature_range must be finite with min < max, got (1.0, 0.0))");
  CHECK(error_of<MinMaxScaler>(R"({"feature_range": [0, 1, 2]})") ==
        R"(step 's' (MinMaxScaler): option 'feature_range': expected [float, float], got [0, 1, 2])");
  CHECK(error_of<MinMaxScaler>(R"({"feature_range": "0,1"})") ==
        R"(step 's' (MinMaxScaler): option 'feature_range': expected [float, float], got "0,1")");
  CHECK(error_of<MinMaxScaler>(R"({"copy": false})") ==
        R"(step 's' (MinMaxScaler): unknown option 'copy'; accepted: feature_range, clip, variables, return_empty)");
}

TEST_CASE("spec: StandardScaler") {
  check_defaults_roundtrip<StandardScaler>();
  const auto steps = check_every_option<StandardScaler>({
      R"({"with_mean": false, "with_std": false, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(!o.with_mean);
    CHECK(!o.with_std);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<StandardScaler>(R"({"nope": 1})") ==
        R"(step 's' (StandardScaler): unknown option 'nope'; accepted: with_mean, with_std, variables, return_empty)");
  CHECK(error_of<StandardScaler>(R"({"with_mean": 0})") ==
        R"(step 's' (StandardScaler): option 'with_mean': expected bool, got 0)");
}

TEST_CASE("spec: RobustScaler") {
  check_defaults_roundtrip<RobustScaler>();
  const auto steps = check_every_option<RobustScaler>({
      R"({"with_centering": false, "with_scaling": false, "quantile_range": [10, 90], "unit_variance": true, "variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(!o.with_centering);
    CHECK(!o.with_scaling);
    CHECK(o.quantile_range == std::pair<double, double>{10.0, 90.0});
    CHECK(o.unit_variance);
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<RobustScaler>(R"({"nope": 1})") ==
        R"(step 's' (RobustScaler): unknown option 'nope'; accepted: with_centering, with_scaling, quantile_range, unit_variance, variables, return_empty)");
  CHECK(error_of<RobustScaler>(R"({"quantile_range": [75, 25]})") ==
        R"(step 's' (RobustScaler): quantile_range must satisfy 0 <= q_min <= q_max <= 100, got (75.0, 25.0))");
  CHECK(error_of<RobustScaler>(R"({"quantile_range": [0, Infinity]})") ==
        R"(step 's' (RobustScaler): quantile_range must satisfy 0 <= q_min <= q_max <= 100, got (0.0, inf))");
}

TEST_CASE("spec: MaxAbsScaler") {
  check_defaults_roundtrip<MaxAbsScaler>();
  const auto steps = check_every_option<MaxAbsScaler>({
      R"({"variables": ["a"], "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.return_empty);
  }
  CHECK(error_of<MaxAbsScaler>(R"({"nope": 1})") ==
        R"(step 's' (MaxAbsScaler): unknown option 'nope'; accepted: variables, return_empty)");
  CHECK(error_of<MaxAbsScaler>(R"({"copy": true})") ==
        R"(step 's' (MaxAbsScaler): unknown option 'copy'; accepted: variables, return_empty)");
}

// ---------------------------------------------------------------------------
// create

TEST_CASE("spec: MathFeatures") {
  const auto steps = check_every_option<MathFeatures>({
      R"({"variables": ["a", "b"], "func": ["sum", "mean"], "new_variables_names": ["s", "m"], "missing_values": "ignore", "drop_original": true})",
      R"({"variables": ["a", "b"], "func": "std"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == std::vector<std::string>{"a", "b"});
    CHECK(o.func == std::vector<MathFunction>{MathFunction::sum, MathFunction::mean});
    CHECK(o.new_variables_names == std::vector<std::string>{"s", "m"});
    CHECK(o.missing_values == MissingValues::ignore);
    CHECK(o.drop_original);
  }
  {
    const auto& o = steps[1].options();
    CHECK(o.func == std::vector<MathFunction>{MathFunction::std});
  }
  CHECK(error_of<MathFeatures>(R"({"nope": 1})") ==
        R"(step 's' (MathFeatures): unknown option 'nope'; accepted: variables, func, new_variables_names, missing_values, drop_original)");
  CHECK(error_of<MathFeatures>(R"({})") ==
        R"(step 's' (MathFeatures): variables is empty)");
  CHECK(error_of<MathFeatures>(R"({"variables": ["a", "b"], "func": "average"})") ==
        R"(step 's' (MathFeatures): option 'func': unknown value "average"; accepted: "sum", "prod", "mean", "median", "min", "max", "std", "var")");
  CHECK(error_of<MathFeatures>(R"({"variables": ["a"], "func": "sum"})") ==
        R"(step 's' (MathFeatures): variables must list at least 2 columns to combine)");
  CHECK(error_of<MathFeatures>(R"({"variables": ["a", "b"], "func": 1})") ==
        R"(step 's' (MathFeatures): option 'func': expected "sum" | "prod" | "mean" | "median" | "min" | "max" | "std" | "var" | list["sum" | "prod" | "mean" | "median" | "min" | "max" | "std" | "var"] | null, got 1)");
}

TEST_CASE("spec: RelativeFeatures") {
  const auto steps = check_every_option<RelativeFeatures>({
      R"({"variables": ["a"], "reference": ["b"], "func": ["div", "sub"], "fill_value": 0, "missing_values": "raise", "drop_original": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == std::vector<std::string>{"a"});
    CHECK(o.reference == std::vector<std::string>{"b"});
    CHECK(o.func == std::vector<RelativeFunction>{RelativeFunction::div, RelativeFunction::sub});
    CHECK(o.fill_value == 0.0);
    CHECK(o.missing_values == MissingValues::raise);
    CHECK(o.drop_original);
  }
  CHECK(error_of<RelativeFeatures>(R"({"nope": 1})") ==
        R"(step 's' (RelativeFeatures): unknown option 'nope'; accepted: variables, reference, func, fill_value, missing_values, drop_original)");
  CHECK(error_of<RelativeFeatures>(R"({})") ==
        R"(step 's' (RelativeFeatures): variables is empty)");
  CHECK(error_of<RelativeFeatures>(R"({"variables": ["a"], "reference": ["b"], "func": ["divide"]})") ==
        R"(step 's' (RelativeFeatures): option 'func' at [0]: unknown value "divide"; accepted: "add", "sub", "mul", "div", "truediv", "floordiv", "mod", "pow")");
  CHECK(error_of<RelativeFeatures>(R"({"variables": ["a"], "reference": ["b"], "func": ["div"], "fill_value": "0"})") ==
        R"(step 's' (RelativeFeatures): option 'fill_value': expected float | null, got "0")");
}

TEST_CASE("spec: CyclicalFeatures") {
  check_defaults_roundtrip<CyclicalFeatures>();
  const auto steps = check_every_option<CyclicalFeatures>({
      R"({"variables": ["a"], "max_values": {"a": 24}, "drop_original": true, "return_empty": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a"});
    CHECK(o.max_values == Dict<double>{{"a", 24.0}});
    CHECK(o.drop_original);
    CHECK(o.return_empty);
  }
  CHECK(error_of<CyclicalFeatures>(R"({"nope": 1})") ==
        R"(step 's' (CyclicalFeatures): unknown option 'nope'; accepted: variables, max_values, drop_original, return_empty)");
  CHECK(error_of<CyclicalFeatures>(R"({"max_values": {"a": 0}})") ==
        R"(step 's' (CyclicalFeatures): max_values['a'] must be a finite, non-zero number, got 0.0)");
  CHECK(error_of<CyclicalFeatures>(R"({"max_values": [24]})") ==
        R"(step 's' (CyclicalFeatures): option 'max_values': expected dict[str, float] | null, got [24])");
}

// ---------------------------------------------------------------------------
// select

TEST_CASE("spec: DropFeatures") {
  const auto steps = check_every_option<DropFeatures>({
      R"({"features_to_drop": ["a", "b"]})",
      R"({"features_to_drop": "c"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.features_to_drop == std::vector<std::string>{"a", "b"});
  }
  {
    const auto& o = steps[1].options();
    CHECK(o.features_to_drop == std::vector<std::string>{"c"});
  }
  CHECK(error_of<DropFeatures>(R"({"nope": 1})") ==
        R"(step 's' (DropFeatures): unknown option 'nope'; accepted: features_to_drop)");
  CHECK(error_of<DropFeatures>(R"({})") ==
        R"(step 's' (DropFeatures): features_to_drop is empty)");
  CHECK(error_of<DropFeatures>(R"({"features_to_drop": [1]})") ==
        R"(step 's' (DropFeatures): option 'features_to_drop' at [0]: expected str, got 1)");
}

TEST_CASE("spec: DropConstantFeatures") {
  check_defaults_roundtrip<DropConstantFeatures>();
  const auto steps = check_every_option<DropConstantFeatures>({
      R"({"variables": ["a", "b"], "tol": 0.9, "missing_values": "include", "confirm_variables": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a", "b"});
    CHECK(o.tol == 0.9);
    CHECK(o.missing_values == ConstantMissing::include);
    CHECK(o.confirm_variables);
  }
  CHECK(error_of<DropConstantFeatures>(R"({"nope": 1})") ==
        R"(step 's' (DropConstantFeatures): unknown option 'nope'; accepted: variables, tol, missing_values, confirm_variables)");
  CHECK(error_of<DropConstantFeatures>(R"({"tol": 1.5})") ==
        R"(step 's' (DropConstantFeatures): tol must be between 0 and 1, got 1.5)");
  CHECK(error_of<DropConstantFeatures>(R"({"missing_values": "drop"})") ==
        R"(step 's' (DropConstantFeatures): option 'missing_values': unknown value "drop"; accepted: "raise", "ignore", "include")");
}

TEST_CASE("spec: DropDuplicateFeatures") {
  check_defaults_roundtrip<DropDuplicateFeatures>();
  const auto steps = check_every_option<DropDuplicateFeatures>({
      R"({"variables": ["a", "b"], "missing_values": "raise", "confirm_variables": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a", "b"});
    CHECK(o.missing_values == MissingValues::raise);
    CHECK(o.confirm_variables);
  }
  CHECK(error_of<DropDuplicateFeatures>(R"({"nope": 1})") ==
        R"(step 's' (DropDuplicateFeatures): unknown option 'nope'; accepted: variables, missing_values, confirm_variables)");
  CHECK(error_of<DropDuplicateFeatures>(R"({"missing_values": "include"})") ==
        R"(step 's' (DropDuplicateFeatures): option 'missing_values': unknown value "include"; accepted: "raise", "ignore")");
}

TEST_CASE("spec: DropCorrelatedFeatures") {
  check_defaults_roundtrip<DropCorrelatedFeatures>();
  const auto steps = check_every_option<DropCorrelatedFeatures>({
      R"({"variables": ["a", "b"], "method": "spearman", "threshold": 0.9, "missing_values": "raise", "confirm_variables": true})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.variables == Variables{"a", "b"});
    CHECK(o.method == CorrelationMethod::spearman);
    CHECK(o.threshold == 0.9);
    CHECK(o.missing_values == MissingValues::raise);
    CHECK(o.confirm_variables);
  }
  CHECK(error_of<DropCorrelatedFeatures>(R"({"nope": 1})") ==
        R"(step 's' (DropCorrelatedFeatures): unknown option 'nope'; accepted: variables, method, threshold, missing_values, confirm_variables)");
  CHECK(error_of<DropCorrelatedFeatures>(R"({"method": "callable"})") ==
        R"(step 's' (DropCorrelatedFeatures): option 'method': unknown value "callable"; accepted: "pearson", "spearman", "kendall")");
  CHECK(error_of<DropCorrelatedFeatures>(R"({"threshold": 2})") ==
        R"(step 's' (DropCorrelatedFeatures): threshold must be between 0 and 1, got 2.0)");
}

TEST_CASE("spec: SelectByLasso") {
  check_defaults_roundtrip<SelectByLasso>();
  const auto steps = check_every_option<SelectByLasso>({
      R"({"lasso": {"alpha": 0.001, "fit_intercept": false, "max_iter": 50, "tol": 0.01, "positive": true, "warm_start": true, "selection": "random", "random_state": 0}, "threshold_rule": "mean", "threshold": 0.01, "threshold_scale": 1.25, "max_features": 10})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.lasso.alpha == 0.001);
    CHECK(!o.lasso.fit_intercept);
    CHECK(o.lasso.max_iter == 50);
    CHECK(o.lasso.tol == 0.01);
    CHECK(o.lasso.positive);
    CHECK(o.lasso.warm_start);
    CHECK(o.lasso.selection == Selection::random);
    CHECK(o.lasso.random_state == 0u);
    CHECK(o.threshold_rule == ImportanceThreshold::mean);
    CHECK(o.threshold == 0.01);
    CHECK(o.threshold_scale == 1.25);
    CHECK(o.max_features == 10u);
  }
  CHECK(error_of<SelectByLasso>(R"({"nope": 1})") ==
        R"(step 's' (SelectByLasso): unknown option 'nope'; accepted: lasso, threshold_rule, threshold, threshold_scale, max_features)");
  CHECK(error_of<SelectByLasso>(R"({"lasso": {"alpah": 1}})") ==
        R"(step 's' (SelectByLasso): option 'lasso': unknown key 'alpah'; accepted: alpha, fit_intercept, max_iter, tol, positive, warm_start, selection, random_state)");
  CHECK(error_of<SelectByLasso>(R"({"lasso": {"alpha": -1}})") ==
        R"(step 's' (SelectByLasso): Lasso: alpha must be a finite number >= 0, got -1.0)");
  CHECK(error_of<SelectByLasso>(R"({"threshold_rule": "1.25*mean"})") ==
        R"(step 's' (SelectByLasso): option 'threshold_rule': unknown value "1.25*mean"; accepted: "value", "mean", "median")");
  CHECK(error_of<SelectByLasso>(R"({"max_features": -1})") ==
        R"(step 's' (SelectByLasso): option 'max_features': -1 is out of range (0 to 18446744073709551615))");
  CHECK(error_of<SelectByLasso>(R"({"lasso": 0.001})") ==
        R"(step 's' (SelectByLasso): option 'lasso': expected dict | null, got 0.001)");
}

// ---------------------------------------------------------------------------
// linear

TEST_CASE("spec: Lasso") {
  check_defaults_roundtrip<Lasso>();
  const auto steps = check_every_option<Lasso>({
      R"({"alpha": 0.001, "fit_intercept": false, "max_iter": 50, "tol": 0.01, "positive": true, "warm_start": true, "selection": "random", "random_state": 0})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.alpha == 0.001);
    CHECK(!o.fit_intercept);
    CHECK(o.max_iter == 50);
    CHECK(o.tol == 0.01);
    CHECK(o.positive);
    CHECK(o.warm_start);
    CHECK(o.selection == Selection::random);
    CHECK(o.random_state == 0u);
  }
  CHECK(error_of<Lasso>(R"({"nope": 1})") ==
        R"(step 's' (Lasso): unknown option 'nope'; accepted: alpha, fit_intercept, max_iter, tol, positive, warm_start, selection, random_state)");
  CHECK(error_of<Lasso>(R"({"alpah": 1})") ==
        R"(step 's' (Lasso): unknown option 'alpah'; accepted: alpha, fit_intercept, max_iter, tol, positive, warm_start, selection, random_state)");
  CHECK(error_of<Lasso>(R"({"alpha": "x"})") ==
        R"(step 's' (Lasso): option 'alpha': expected float, got "x")");
  CHECK(error_of<Lasso>(R"({"selection": "rand"})") ==
        R"(step 's' (Lasso): option 'selection': unknown value "rand"; accepted: "cyclic", "random")");
  CHECK(error_of<Lasso>(R"({"max_iter": 3000000000})") ==
        R"(step 's' (Lasso): option 'max_iter': 3000000000 is out of range (-2147483648 to 2147483647))");
  CHECK(error_of<Lasso>(R"({"max_iter": 100.0})") ==
        R"(step 's' (Lasso): option 'max_iter': expected int, got 100.0)");
  CHECK(error_of<Lasso>(R"({"alpha": -1})") ==
        R"(step 's' (Lasso): alpha must be a finite number >= 0, got -1.0)");
  CHECK(error_of<Lasso>(R"({"precompute": true})") ==
        R"(step 's' (Lasso): unknown option 'precompute'; accepted: alpha, fit_intercept, max_iter, tol, positive, warm_start, selection, random_state)");
  CHECK(error_of<Lasso>(R"({"alpha": NaN})") ==
        R"(step 's' (Lasso): option 'alpha': expected a finite float, got NaN)");
  CHECK(error_of<Lasso>(R"([1])") ==
        R"(step 's' (Lasso): the options must be a JSON object, got [1])");
  CHECK(error_of<Lasso>(R"({"alpha": 1, "alpha": 2})") ==
        R"(step 's' (Lasso): invalid JSON at offset 13: key "alpha" is given twice)");
  CHECK(error_of<Lasso>(R"({"alpha": 1)") ==
        R"(step 's' (Lasso): invalid JSON at offset 11: expected ',' or '}' in an object)");
}

TEST_CASE("spec: LogisticRegression") {
  check_defaults_roundtrip<LogisticRegression>();
  const auto steps = check_every_option<LogisticRegression>({
      R"({"penalty": null, "C": 0.5, "fit_intercept": false, "max_iter": 10, "tol": 0.01, "class_weight": "given", "class_weights": [1, 2]})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.penalty == LogisticRegression::Penalty::none);
    CHECK(o.C == 0.5);
    CHECK(!o.fit_intercept);
    CHECK(o.max_iter == 10);
    CHECK(o.tol == 0.01);
    CHECK(o.class_weight == LogisticRegression::ClassWeight::given);
    CHECK(o.class_weights == std::vector<double>{1.0, 2.0});
  }
  CHECK(error_of<LogisticRegression>(R"({"nope": 1})") ==
        R"(step 's' (LogisticRegression): unknown option 'nope'; accepted: penalty, C, fit_intercept, max_iter, tol, class_weight, class_weights)");
  CHECK(error_of<LogisticRegression>(R"({"penalty": "l1"})") ==
        R"(step 's' (LogisticRegression): option 'penalty': unknown value "l1"; accepted: "l2", "none", null)");
  CHECK(error_of<LogisticRegression>(R"({"penalty": false})") ==
        R"(step 's' (LogisticRegression): option 'penalty': expected "l2" | "none" | null, got false)");
  CHECK(error_of<LogisticRegression>(R"({"class_weight": {"0": 1, "1": 2}})") ==
        R"(step 's' (LogisticRegression): option 'class_weight': expected "none" | "balanced" | "given" | null, got {"0": 1, "1": 2})");
  CHECK(error_of<LogisticRegression>(R"({"class_weight": "given"})") ==
        R"(step 's' (LogisticRegression): class_weight is 'given' but class_weights is empty)");
  CHECK(error_of<LogisticRegression>(R"({"C": 0})") ==
        R"(step 's' (LogisticRegression): C must be > 0, got 0.0)");
  CHECK(error_of<LogisticRegression>(R"({"solver": "lbfgs"})") ==
        R"(step 's' (LogisticRegression): unknown option 'solver'; accepted: penalty, C, fit_intercept, max_iter, tol, class_weight, class_weights)");
}

TEST_CASE("spec: LogisticRegression's penalty=None and class_weight=None (spec_keywords)") {
  const auto none = read<LogisticRegression>(R"({"class": "LogisticRegression", "penalty": null, "class_weight": null})");
  CHECK(none.options().penalty == LogisticRegression::Penalty::none);
  CHECK(none.options().class_weight == LogisticRegression::ClassWeight::none);
  CHECK(param(none, "penalty") == "null");
  CHECK(param(none, "class_weight") == "null");
  CHECK(params_roundtrip(none));
  // scikit-learn 1.2's deprecated penalty='none' still reads; get_params writes None.
  const auto deprecated = read<LogisticRegression>(R"({"penalty": "none"})");
  CHECK(deprecated.options().penalty == LogisticRegression::Penalty::none);
  CHECK(param(deprecated, "penalty") == "null");
  CHECK(param(LogisticRegression{}, "penalty") == R"("l2")");
  CHECK(param(LogisticRegression{}, "class_weight") == "null");
  const auto balanced = read<LogisticRegression>(R"({"class_weight": "balanced"})");
  CHECK(balanced.options().class_weight == LogisticRegression::ClassWeight::balanced);
  CHECK(param(balanced, "class_weight") == R"("balanced")");
}

// ---------------------------------------------------------------------------
// tree

TEST_CASE("spec: DecisionTreeClassifier") {
  check_defaults_roundtrip<DecisionTreeClassifier>();
  const auto steps = check_every_option<DecisionTreeClassifier>({
      R"({"criterion": "entropy", "max_depth": 4, "min_samples_split": 0.1, "min_samples_leaf": 3, "min_weight_fraction_leaf": 0.1, "max_features": "sqrt", "random_state": 7, "max_leaf_nodes": 8, "min_impurity_decrease": 0.01})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.criterion == ClassificationCriterion::entropy);
    CHECK(o.max_depth == 4);
    CHECK(o.min_samples_split.fraction == 0.1);
    CHECK(o.min_samples_leaf.count == 3);
    CHECK(!o.min_samples_leaf.fraction);
    CHECK(o.min_weight_fraction_leaf == 0.1);
    CHECK(o.max_features.rule == MaxFeaturesRule::sqrt);
    CHECK(o.random_state == 7u);
    CHECK(o.max_leaf_nodes == 8);
    CHECK(o.min_impurity_decrease == 0.01);
  }
  CHECK(error_of<DecisionTreeClassifier>(R"({"nope": 1})") ==
        R"(step 's' (DecisionTreeClassifier): unknown option 'nope'; accepted: criterion, max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_features, random_state, max_leaf_nodes, min_impurity_decrease)");
  CHECK(error_of<DecisionTreeClassifier>(R"({"criterion": "squared_error"})") ==
        R"(step 's' (DecisionTreeClassifier): option 'criterion': unknown value "squared_error"; accepted: "gini", "entropy", "log_loss")");
  CHECK(error_of<DecisionTreeClassifier>(R"({"max_features": "auto"})") ==
        R"(step 's' (DecisionTreeClassifier): option 'max_features': unknown value "auto"; accepted: null, "sqrt", "log2", an int or a float)");
  CHECK(error_of<DecisionTreeClassifier>(R"({"min_samples_split": 1})") ==
        R"(step 's' (DecisionTreeClassifier): min_samples_split must be >= 2, got 1)");
  CHECK(error_of<DecisionTreeClassifier>(R"({"min_samples_leaf": 1.0})") ==
        R"(step 's' (DecisionTreeClassifier): min_samples_leaf as a fraction must be in (0, 1), got 1.0)");
  CHECK(error_of<DecisionTreeClassifier>(R"({"max_depth": 0})") ==
        R"(step 's' (DecisionTreeClassifier): max_depth must be >= 1 (or unset), got 0)");
  CHECK(error_of<DecisionTreeClassifier>(R"({"splitter": "best"})") ==
        R"(step 's' (DecisionTreeClassifier): unknown option 'splitter'; accepted: criterion, max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_features, random_state, max_leaf_nodes, min_impurity_decrease)");
  CHECK(error_of<DecisionTreeClassifier>(R"({"max_features": true})") ==
        R"(step 's' (DecisionTreeClassifier): option 'max_features': expected "sqrt" | "log2" | int | float | null, got true)");
}

TEST_CASE("spec: DecisionTreeRegressor") {
  check_defaults_roundtrip<DecisionTreeRegressor>();
  const auto steps = check_every_option<DecisionTreeRegressor>({
      R"({"criterion": "friedman_mse", "max_depth": 4, "min_samples_split": 4, "min_samples_leaf": 0.05, "min_weight_fraction_leaf": 0.1, "max_features": 0.5, "random_state": 7, "max_leaf_nodes": 8, "min_impurity_decrease": 0.01})",
      R"({"max_features": 3})",
      R"({"max_features": "log2"})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.criterion == RegressionCriterion::friedman_mse);
    CHECK(o.max_depth == 4);
    CHECK(o.min_samples_split.count == 4);
    CHECK(o.min_samples_leaf.fraction == 0.05);
    CHECK(o.min_weight_fraction_leaf == 0.1);
    CHECK(o.max_features.rule == MaxFeaturesRule::fraction);
    CHECK(o.max_features.fraction == 0.5);
    CHECK(o.random_state == 7u);
    CHECK(o.max_leaf_nodes == 8);
    CHECK(o.min_impurity_decrease == 0.01);
  }
  {
    const auto& o = steps[1].options();
    CHECK(o.max_features.rule == MaxFeaturesRule::count);
    CHECK(o.max_features.count == 3);
  }
  {
    const auto& o = steps[2].options();
    CHECK(o.max_features.rule == MaxFeaturesRule::log2);
  }
  CHECK(error_of<DecisionTreeRegressor>(R"({"nope": 1})") ==
        R"(step 's' (DecisionTreeRegressor): unknown option 'nope'; accepted: criterion, max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_features, random_state, max_leaf_nodes, min_impurity_decrease)");
  CHECK(error_of<DecisionTreeRegressor>(R"({"criterion": "gini"})") ==
        R"(step 's' (DecisionTreeRegressor): option 'criterion': unknown value "gini"; accepted: "squared_error", "friedman_mse")");
  CHECK(error_of<DecisionTreeRegressor>(R"({"min_samples_leaf": 0})") ==
        R"(step 's' (DecisionTreeRegressor): min_samples_leaf must be >= 1, got 0)");
  CHECK(error_of<DecisionTreeRegressor>(R"({"max_features": 1.5})") ==
        R"(step 's' (DecisionTreeRegressor): max_features as a fraction must be in (0, 1], got 1.5)");
  CHECK(error_of<DecisionTreeRegressor>(R"({"ccp_alpha": 0.0})") ==
        R"(step 's' (DecisionTreeRegressor): unknown option 'ccp_alpha'; accepted: criterion, max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_features, random_state, max_leaf_nodes, min_impurity_decrease)");
}

TEST_CASE("spec: GradientBoostingClassifier") {
  check_defaults_roundtrip<GradientBoostingClassifier>();
  const auto steps = check_every_option<GradientBoostingClassifier>({
      R"({"loss": "exponential", "learning_rate": 0.05, "n_estimators": 10, "subsample": 0.8, "criterion": "squared_error", "min_samples_split": 4, "min_samples_leaf": 2, "min_weight_fraction_leaf": 0.1, "max_depth": null, "min_impurity_decrease": 0.1, "init": "zero", "random_state": 1, "max_features": "log2", "max_leaf_nodes": 10, "validation_fraction": 0.2, "n_iter_no_change": 5, "tol": 0.001})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.loss == ClassificationLoss::exponential);
    CHECK(o.learning_rate == 0.05);
    CHECK(o.n_estimators == 10);
    CHECK(o.subsample == 0.8);
    CHECK(o.criterion == RegressionCriterion::squared_error);
    CHECK(o.min_samples_split.count == 4);
    CHECK(o.min_samples_leaf.count == 2);
    CHECK(o.min_weight_fraction_leaf == 0.1);
    CHECK(!o.max_depth);
    CHECK(o.min_impurity_decrease == 0.1);
    CHECK(o.init == BoostingInit::zero);
    CHECK(o.random_state == 1u);
    CHECK(o.max_features.rule == MaxFeaturesRule::log2);
    CHECK(o.max_leaf_nodes == 10);
    CHECK(o.validation_fraction == 0.2);
    CHECK(o.n_iter_no_change == 5);
    CHECK(o.tol == 0.001);
  }
  CHECK(error_of<GradientBoostingClassifier>(R"({"nope": 1})") ==
        R"(step 's' (GradientBoostingClassifier): unknown option 'nope'; accepted: loss, learning_rate, n_estimators, subsample, criterion, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_depth, min_impurity_decrease, init, random_state, max_features, max_leaf_nodes, validation_fraction, n_iter_no_change, tol)");
  CHECK(error_of<GradientBoostingClassifier>(R"({"loss": "deviance"})") ==
        R"(step 's' (GradientBoostingClassifier): option 'loss': unknown value "deviance"; accepted: "log_loss", "exponential")");
  CHECK(error_of<GradientBoostingClassifier>(R"({"alpha": 0.5})") ==
        R"(step 's' (GradientBoostingClassifier): unknown option 'alpha'; accepted: loss, learning_rate, n_estimators, subsample, criterion, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_depth, min_impurity_decrease, init, random_state, max_features, max_leaf_nodes, validation_fraction, n_iter_no_change, tol)");
  CHECK(error_of<GradientBoostingClassifier>(R"({"init": 0})") ==
        R"(step 's' (GradientBoostingClassifier): option 'init': expected "default" | "zero" | null, got 0)");
  CHECK(error_of<GradientBoostingClassifier>(R"({"init": "none"})") ==
        R"(step 's' (GradientBoostingClassifier): option 'init': unknown value "none"; accepted: "default", "zero", null)");
  CHECK(error_of<GradientBoostingClassifier>(R"({"subsample": 0})") ==
        R"(step 's' (GradientBoostingClassifier): subsample must be in (0, 1], got 0.0)");
  CHECK(error_of<GradientBoostingClassifier>(R"({"n_iter_no_change": 0})") ==
        R"(step 's' (GradientBoostingClassifier): n_iter_no_change must be >= 1 (or unset), got 0)");
}

TEST_CASE("spec: GradientBoostingClassifier's init=None and no alpha (spec_keywords)") {
  const auto none = read<GradientBoostingClassifier>(R"({"class": "GradientBoostingClassifier", "init": null})");
  CHECK(none.options().init == BoostingInit::default_estimator);
  CHECK(param(none, "init") == "null");
  CHECK(param(GradientBoostingClassifier{}, "init") == "null");
  CHECK(params_roundtrip(none));
  CHECK(read<GradientBoostingClassifier>(R"({"init": "default"})").options().init == BoostingInit::default_estimator);
  const auto zero = read<GradientBoostingClassifier>(R"({"init": "zero"})");
  CHECK(zero.options().init == BoostingInit::zero);
  CHECK(param(zero, "init") == R"("zero")");
  // The classifier's get_params has no alpha; the regressor's does.
  CHECK(param(GradientBoostingClassifier{}, "alpha") == "<absent>");
  CHECK(param(GradientBoostingRegressor{}, "alpha") == "0.9");
}

TEST_CASE("spec: GradientBoostingRegressor") {
  check_defaults_roundtrip<GradientBoostingRegressor>();
  const auto steps = check_every_option<GradientBoostingRegressor>({
      R"({"loss": "huber", "learning_rate": 0.05, "n_estimators": 10, "subsample": 0.8, "criterion": "squared_error", "min_samples_split": 0.2, "min_samples_leaf": 2, "min_weight_fraction_leaf": 0.1, "max_depth": 5, "min_impurity_decrease": 0.1, "init": "zero", "random_state": 1, "max_features": 3, "alpha": 0.5, "max_leaf_nodes": 10, "validation_fraction": 0.2, "n_iter_no_change": 5, "tol": 0.001})"});
  {
    const auto& o = steps[0].options();
    CHECK(o.loss == RegressionLoss::huber);
    CHECK(o.learning_rate == 0.05);
    CHECK(o.n_estimators == 10);
    CHECK(o.subsample == 0.8);
    CHECK(o.criterion == RegressionCriterion::squared_error);
    CHECK(o.min_samples_split.fraction == 0.2);
    CHECK(o.min_samples_leaf.count == 2);
    CHECK(o.min_weight_fraction_leaf == 0.1);
    CHECK(o.max_depth == 5);
    CHECK(o.min_impurity_decrease == 0.1);
    CHECK(o.init == BoostingInit::zero);
    CHECK(o.random_state == 1u);
    CHECK(o.max_features.count == 3);
    CHECK(o.alpha == 0.5);
    CHECK(o.max_leaf_nodes == 10);
    CHECK(o.validation_fraction == 0.2);
    CHECK(o.n_iter_no_change == 5);
    CHECK(o.tol == 0.001);
  }
  CHECK(error_of<GradientBoostingRegressor>(R"({"nope": 1})") ==
        R"(step 's' (GradientBoostingRegressor): unknown option 'nope'; accepted: loss, learning_rate, n_estimators, subsample, criterion, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_depth, min_impurity_decrease, init, random_state, max_features, alpha, max_leaf_nodes, validation_fraction, n_iter_no_change, tol)");
  CHECK(error_of<GradientBoostingRegressor>(R"({"loss": "ls"})") ==
        R"(step 's' (GradientBoostingRegressor): option 'loss': unknown value "ls"; accepted: "squared_error", "absolute_error", "huber", "quantile")");
  CHECK(error_of<GradientBoostingRegressor>(R"({"alpha": 1})") ==
        R"(step 's' (GradientBoostingRegressor): alpha must be in (0, 1), got 1.0)");
  CHECK(error_of<GradientBoostingRegressor>(R"({"n_estimators": 0})") ==
        R"(step 's' (GradientBoostingRegressor): n_estimators must be >= 1, got 0)");
  CHECK(error_of<GradientBoostingRegressor>(R"({"init": "mean"})") ==
        R"(step 's' (GradientBoostingRegressor): option 'init': unknown value "mean"; accepted: "default", "zero", null)");
  CHECK(error_of<GradientBoostingRegressor>(R"({"warm_start": false})") ==
        R"(step 's' (GradientBoostingRegressor): unknown option 'warm_start'; accepted: loss, learning_rate, n_estimators, subsample, criterion, min_samples_split, min_samples_leaf, min_weight_fraction_leaf, max_depth, min_impurity_decrease, init, random_state, max_features, alpha, max_leaf_nodes, validation_fraction, n_iter_no_change, tol)");
}

TEST_CASE("spec: GradientBoostingRegressor's init=None (spec_keywords)") {
  const auto none = read<GradientBoostingRegressor>(R"({"class": "GradientBoostingRegressor", "init": null})");
  CHECK(none.options().init == BoostingInit::default_estimator);
  CHECK(param(none, "init") == "null");
  CHECK(params_roundtrip(none));
  const auto zero = read<GradientBoostingRegressor>(R"({"init": "zero", "loss": "huber", "alpha": 0.5})");
  CHECK(zero.options().init == BoostingInit::zero);
  CHECK(param(zero, "init") == R"("zero")");
  CHECK(param(zero, "alpha") == "0.5");
}

TEST_CASE("spec: HistGradientBoostingClassifier") {
  check_defaults_roundtrip<HistGradientBoostingClassifier>();
  const auto steps = check_every_option<HistGradientBoostingClassifier>({
      R"({"learning_rate": 0.2, "max_iter": 50, "max_leaf_nodes": null, "max_depth": 5, "min_samples_leaf": 10, "l2_regularization": 1, "max_bins": 128, "categorical_features": ["c"], "early_stopping": true, "validation_fraction": null, "n_iter_no_change": 3, "tol": 0.001, "random_state": 2, "n_threads": 1})"}, {"loss", "scoring"});
  {
    const auto& o = steps[0].options();
    CHECK(o.learning_rate == 0.2);
    CHECK(o.max_iter == 50);
    CHECK(!o.max_leaf_nodes);
    CHECK(o.max_depth == 5);
    CHECK(o.min_samples_leaf == 10);
    CHECK(o.l2_regularization == 1.0);
    CHECK(o.max_bins == 128);
    CHECK(o.categorical_features == std::vector<std::string>{"c"});
    CHECK(o.early_stopping == HistEarlyStopping::on);
    CHECK(!o.validation_fraction);
    CHECK(o.n_iter_no_change == 3);
    CHECK(o.tol == 0.001);
    CHECK(o.random_state == 2u);
    CHECK(o.n_threads == 1);
  }
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"nope": 1})") ==
        R"(step 's' (HistGradientBoostingClassifier): unknown option 'nope'; accepted: loss, learning_rate, max_iter, max_leaf_nodes, max_depth, min_samples_leaf, l2_regularization, max_bins, categorical_features, early_stopping, scoring, validation_fraction, n_iter_no_change, tol, random_state, n_threads)");
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"loss": "binary_crossentropy"})") ==
        R"(step 's' (HistGradientBoostingClassifier): option 'loss': unknown value "binary_crossentropy"; accepted: "log_loss")");
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"early_stopping": 1})") ==
        R"(step 's' (HistGradientBoostingClassifier): option 'early_stopping': expected "auto" | "on" | "off" | true | false, got 1)");
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"early_stopping": "yes"})") ==
        R"(step 's' (HistGradientBoostingClassifier): option 'early_stopping': unknown value "yes"; accepted: "auto", "on", "off", true, false)");
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"scoring": "accuracy"})") ==
        R"(step 's' (HistGradientBoostingClassifier): option 'scoring': unknown value "accuracy"; accepted: "loss")");
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"max_bins": 256})") ==
        R"(step 's' (HistGradientBoostingClassifier): max_bins must be in [2, 255], got 256)");
  CHECK(error_of<HistGradientBoostingClassifier>(R"({"categorical_features": [0, 1]})") ==
        R"(step 's' (HistGradientBoostingClassifier): option 'categorical_features' at [0]: expected str, got 0)");
}

/// early_stopping: scikit-learn's True/False are fepipe's on/off; 'auto' is spelled alike.
template <class Step>
void check_early_stopping_spellings() {
  const auto on = read<Step>(R"({"early_stopping": true})");
  CHECK(on.options().early_stopping == HistEarlyStopping::on);
  CHECK(param(on, "early_stopping") == "true");
  CHECK(params_roundtrip(on));
  const auto off = read<Step>(R"({"early_stopping": false})");
  CHECK(off.options().early_stopping == HistEarlyStopping::off);
  CHECK(param(off, "early_stopping") == "false");
  CHECK(params_roundtrip(off));
  const auto automatic = read<Step>(R"({"early_stopping": "auto"})");
  CHECK(automatic.options().early_stopping == HistEarlyStopping::automatic);
  CHECK(param(automatic, "early_stopping") == R"("auto")");
  CHECK(param(Step{}, "early_stopping") == R"("auto")");
  // fepipe's own spellings still read; get_params writes the reference's.
  CHECK(param(read<Step>(R"({"early_stopping": "on"})"), "early_stopping") == "true");
  CHECK(param(read<Step>(R"({"early_stopping": "off"})"), "early_stopping") == "false");
}

TEST_CASE("spec: HistGradientBoostingClassifier's early_stopping=True/False (spec_keywords)") {
  CHECK(read<HistGradientBoostingClassifier>(R"({"class": "HistGradientBoostingClassifier", "early_stopping": false})")
            .options()
            .early_stopping == HistEarlyStopping::off);
  check_early_stopping_spellings<HistGradientBoostingClassifier>();
}

TEST_CASE("spec: HistGradientBoostingRegressor") {
  check_defaults_roundtrip<HistGradientBoostingRegressor>();
  const auto steps = check_every_option<HistGradientBoostingRegressor>({
      R"({"loss": "quantile", "quantile": 0.3, "learning_rate": 0.2, "max_iter": 50, "max_leaf_nodes": 15, "max_depth": 5, "min_samples_leaf": 10, "l2_regularization": 1, "max_bins": 128, "categorical_features": "c", "early_stopping": false, "validation_fraction": 0.25, "n_iter_no_change": 3, "tol": 0.001, "random_state": 2, "n_threads": 1})"}, {"scoring"});
  {
    const auto& o = steps[0].options();
    CHECK(o.loss == HistRegressionLoss::quantile);
    CHECK(o.quantile == 0.3);
    CHECK(o.learning_rate == 0.2);
    CHECK(o.max_iter == 50);
    CHECK(o.max_leaf_nodes == 15);
    CHECK(o.max_depth == 5);
    CHECK(o.min_samples_leaf == 10);
    CHECK(o.l2_regularization == 1.0);
    CHECK(o.max_bins == 128);
    CHECK(o.categorical_features == std::vector<std::string>{"c"});
    CHECK(o.early_stopping == HistEarlyStopping::off);
    CHECK(o.validation_fraction == 0.25);
    CHECK(o.n_iter_no_change == 3);
    CHECK(o.tol == 0.001);
    CHECK(o.random_state == 2u);
    CHECK(o.n_threads == 1);
  }
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"nope": 1})") ==
        R"(step 's' (HistGradientBoostingRegressor): unknown option 'nope'; accepted: loss, quantile, learning_rate, max_iter, max_leaf_nodes, max_depth, min_samples_leaf, l2_regularization, max_bins, categorical_features, early_stopping, scoring, validation_fraction, n_iter_no_change, tol, random_state, n_threads)");
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"loss": "gamma"})") ==
        R"(step 's' (HistGradientBoostingRegressor): option 'loss': unknown value "gamma"; accepted: "squared_error", "absolute_error", "poisson", "quantile")");
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"loss": "quantile", "quantile": 1})") ==
        R"(step 's' (HistGradientBoostingRegressor): loss = quantile needs quantile in (0, 1), got 1.0)");
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"max_leaf_nodes": 1})") ==
        R"(step 's' (HistGradientBoostingRegressor): max_leaf_nodes must be >= 2 (or unset), got 1)");
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"n_threads": -1})") ==
        R"(step 's' (HistGradientBoostingRegressor): n_threads must be >= 0 (0 = all cores), got -1)");
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"monotonic_cst": null})") ==
        R"(step 's' (HistGradientBoostingRegressor): unknown option 'monotonic_cst'; accepted: loss, quantile, learning_rate, max_iter, max_leaf_nodes, max_depth, min_samples_leaf, l2_regularization, max_bins, categorical_features, early_stopping, scoring, validation_fraction, n_iter_no_change, tol, random_state, n_threads)");
  CHECK(error_of<HistGradientBoostingRegressor>(R"({"early_stopping": null})") ==
        R"(step 's' (HistGradientBoostingRegressor): option 'early_stopping': expected "auto" | "on" | "off" | true | false, got null)");
}

TEST_CASE("spec: HistGradientBoostingRegressor's early_stopping=True/False (spec_keywords)") {
  CHECK(read<HistGradientBoostingRegressor>(R"({"class": "HistGradientBoostingRegressor", "early_stopping": true})")
            .options()
            .early_stopping == HistEarlyStopping::on);
  check_early_stopping_spellings<HistGradientBoostingRegressor>();
}

}  // namespace runtime_spec_classes_test
