#pragma once
// The course's Titanic pipelines ("Deployment of Machine Learning Models",
// titanic assignment): the same transformers ending in a LogisticRegression
// or a GradientBoostingClassifier. Shared by the example, its tests and its
// benchmark. The course's preprocessing (first cabin token, passenger title,
// dropped columns) and its cabin-letter step are user-written steps here, so
// the fitted pipeline takes raw passenger records.

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fepipe/fepipe.hpp>

namespace titanic {

using fepipe::Column;
using fepipe::Frame;
using fepipe::Row;
using fepipe::Schema;
using fepipe::Target;
using fepipe::Value;

/// Rewrites a categorical column label by label through `f` (string_view in,
/// string_view out), merging labels that `f` maps to the same text.
template <class F>
Column relabel(const Column& col, F f) {
  std::vector<std::string> labels;
  std::map<std::string, std::int32_t, std::less<>> index;
  std::vector<std::int32_t> new_code(col.labels().size());
  for (std::size_t c = 0; c < col.labels().size(); ++c) {
    const std::string_view out = f(std::string_view(col.labels()[c]));
    auto it = index.find(out);
    if (it == index.end()) {
      it = index.emplace(std::string(out), static_cast<std::int32_t>(labels.size())).first;
      labels.emplace_back(out);
    }
    new_code[c] = it->second;
  }
  std::vector<std::int32_t> codes(col.size());
  for (std::size_t r = 0; r < codes.size(); ++r)
    codes[r] = col.codes()[r] < 0 ? Column::missing_code : new_code[static_cast<std::size_t>(col.codes()[r])];
  return Column::categorical(std::move(codes), std::move(labels));
}

/// "C23 C25 C27" → "C23": the first space-separated token.
inline std::string_view first_token(std::string_view s) {
  const auto start = s.find_first_not_of(' ');
  if (start == std::string_view::npos) return s.substr(0, 0);
  s.remove_prefix(start);
  return s.substr(0, s.find(' '));
}

/// The course's title rule: the first of Mrs, Mr, Miss, Master found in the
/// name (in that order, so "Mrs" wins over its prefix "Mr"), else Other.
inline std::string_view title_of(std::string_view name) {
  static constexpr std::array<std::string_view, 4> titles{"Mrs", "Mr", "Miss", "Master"};
  for (std::string_view t : titles)
    if (name.find(t) != std::string_view::npos) return t;
  return "Other";
}

/// The course's preprocessing as a step: cabin := its first token, a new
/// `title` column from `name`, and the columns the course drops removed.
class TitanicFeatures {
 public:
  /// No options: {"class": "TitanicFeatures"} in a spec.
  struct Options {
    template <class Archive>
    void serialize(Archive&) {}
  };

  static constexpr std::string_view type_name = "TitanicFeatures";
  static constexpr std::uint32_t serial_version = 1;
  static constexpr std::array<std::string_view, 5> dropped{"name", "ticket", "boat", "body", "home.dest"};

  TitanicFeatures() = default;
  explicit TitanicFeatures(Options) {}
  Options options() const { return {}; }

  TitanicFeatures& fit(const Frame& X, const Target* = nullptr) {
    schema_ = X.schema();
    locate();
    return *this;
  }
  Frame transform(Frame X) const {
    X["cabin"] = relabel(X["cabin"], first_token);
    Column title = relabel(X["name"], title_of);
    std::vector<std::string> drop(dropped.begin(), dropped.end());
    X.drop(drop);
    X.add("title", std::move(title));
    return X;
  }
  // The same on one record; labels stay views into the record or into the
  // static titles, so nothing is allocated.
  void transform_row(Row& row) const {
    fepipe::check_record(row, schema_, type_name);  // positions stay inside the record
    if (row[cabin_].is_label()) row[cabin_] = Value(first_token(row[cabin_].label()));
    const Value title = row[name_].is_label() ? Value(title_of(row[name_].label())) : Value::missing();
    row.erase(dropped_positions_);
    row.append(title);
  }
  bool is_fitted() const { return !schema_.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(schema_));
    if constexpr (Archive::is_loading)
      if (!schema_.empty()) locate();
  }

 private:
  void locate() {
    auto pos = [&](std::string_view name) {
      auto i = schema_.find(name);
      if (!i) throw fepipe::SchemaError("TitanicFeatures", std::string(name), "is missing");
      if (schema_[*i].kind != fepipe::Kind::categorical)
        throw fepipe::SchemaError("TitanicFeatures", std::string(name), "must be categorical");
      return *i;
    };
    cabin_ = pos("cabin");
    name_ = pos("name");
    dropped_positions_.clear();
    for (std::string_view d : dropped) {
      auto i = schema_.find(d);
      if (!i) throw fepipe::SchemaError("TitanicFeatures", std::string(d), "is missing");
      dropped_positions_.push_back(*i);
    }
    std::sort(dropped_positions_.begin(), dropped_positions_.end());
  }
  Schema schema_;
  std::size_t cabin_ = 0, name_ = 0;
  std::vector<std::size_t> dropped_positions_;
};

/// The course's ExtractLetterTransformer: cabin := its first letter.
class ExtractLetter {
 public:
  /// The options, as a spec names them ({"class": "ExtractLetter", "variable": "cabin"}).
  struct Options {
    std::string variable{};
    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variable));
    }
  };

  static constexpr std::string_view type_name = "ExtractLetter";
  static constexpr std::uint32_t serial_version = 1;

  ExtractLetter() = default;
  explicit ExtractLetter(Options options) : variable_(std::move(options.variable)) {
    if (variable_.empty()) throw fepipe::ParameterError("ExtractLetter: variable is empty; name the column");
  }
  explicit ExtractLetter(std::string variable) : ExtractLetter(Options{std::move(variable)}) {}
  Options options() const { return {variable_}; }

  ExtractLetter& fit(const Frame& X, const Target* = nullptr) {
    Schema schema = X.schema();
    position_ = fepipe::locate_column(schema, variable_, type_name, fepipe::Kind::categorical, fepipe::Stage::fit);
    schema_ = std::move(schema);
    return *this;
  }
  Frame transform(Frame X) const {
    X[variable_] = relabel(X[variable_], first_letter);
    return X;
  }
  void transform_row(Row& row) const {
    fepipe::check_record(row, schema_, type_name);  // position_ stays inside the record
    if (auto label = fepipe::label_in(row[position_], type_name, variable_)) row[position_] = Value(first_letter(*label));
  }
  bool is_fitted() const { return !schema_.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(variable_), FEPIPE_NVP(schema_));
    // The column must exist and be categorical: the batch path relabels it
    // and the record path reads it as a label.
    if constexpr (Archive::is_loading)
      position_ = fepipe::locate_column(schema_, variable_, type_name, fepipe::Kind::categorical, fepipe::Stage::load);
  }

 private:
  static std::string_view first_letter(std::string_view s) { return s.substr(0, 1); }
  std::string variable_;
  Schema schema_;
  std::size_t position_ = 0;
};

inline const std::vector<std::string> kCategorical{"sex", "cabin", "embarked", "title"};
inline const std::vector<std::string> kNumerical{"age", "fare"};

/// The shared transformers followed by `model`.
template <class Model>
auto make_pipeline(Model model) {
  using namespace fepipe;
  return Pipeline(TitanicFeatures(),
                  CategoricalImputer({.imputation_method = CategoricalImputation::missing, .variables = kCategorical}),
                  AddMissingIndicator({.variables = kNumerical}),
                  MeanMedianImputer({.imputation_method = ImputationMethod::median, .variables = kNumerical}),
                  ExtractLetter("cabin"),
                  RareLabelEncoder({.tol = 0.05, .n_categories = 1, .variables = kCategorical}),
                  OneHotEncoder({.drop_last = true, .variables = kCategorical}),
                  StandardScaler(),
                  std::move(model));
}

inline auto make_logit_pipeline() { return make_pipeline(fepipe::LogisticRegression({.C = 0.0005})); }
inline auto make_gbm_pipeline() {
  return make_pipeline(fepipe::GradientBoostingClassifier({.random_state = 0u}));
}

/// The Titanic data as the course reads it ("?" is missing): raw passenger
/// columns X (everything but `survived`) and the target.
inline std::pair<Frame, Target> load(const std::string& csv_path) {
  Frame df = fepipe::read_csv(csv_path, {.na_values = {"?"}});
  const Column survived = df.pop("survived");
  Target y(static_cast<Eigen::Index>(survived.size()));
  for (std::size_t i = 0; i < survived.size(); ++i) y[static_cast<Eigen::Index>(i)] = survived.values()[i];
  return {std::move(df), std::move(y)};
}

}  // namespace titanic
