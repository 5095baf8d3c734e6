#pragma once
// The course's House Prices pipeline ("Deployment of Machine Learning
// Models", regression model package), shared by the example, its tests and
// its benchmark. Its two course-specific steps are written here the way any
// user writes a step: a class with fit/transform (and, optionally,
// transform_row for allocation-free single-record prediction) and serialize.

#include <cmath>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Only what the pipeline uses (the umbrella fepipe/fepipe.hpp would compile
// every class into each file that includes this one).
#include <fepipe/core/dict.hpp>
#include <fepipe/core/pipeline.hpp>
#include <fepipe/core/step.hpp>  // locate_columns, check_record, number_in, label_in
#include <fepipe/encode/ordinal_encoder.hpp>
#include <fepipe/encode/rare_label_encoder.hpp>
#include <fepipe/impute/add_missing_indicator.hpp>
#include <fepipe/impute/categorical_imputer.hpp>
#include <fepipe/impute/mean_median_imputer.hpp>
#include <fepipe/io/csv.hpp>
#include <fepipe/linear/lasso.hpp>
#include <fepipe/scale/min_max_scaler.hpp>
#include <fepipe/select/drop_features.hpp>
#include <fepipe/transform/binarizer.hpp>
#include <fepipe/transform/log_transformer.hpp>

namespace house_prices {

using fepipe::Frame;
using fepipe::Row;
using fepipe::Schema;
using fepipe::Target;
using fepipe::Value;

/// The course's "elapsed time" step: variable := reference − variable
/// (e.g. YearRemodAdd := YrSold − YearRemodAdd, years since remodelling).
/// Missing values are refused where they enter, naming the column: the
/// difference would be NaN and the model would report the derived column.
class ElapsedTime {
 public:
  /// The options, as a spec names them ({"class": "ElapsedTime",
  /// "variables": [...], "reference": "YrSold"}): what gives the step its
  /// spec hooks when it is registered (fepipe/runtime/registry.hpp).
  struct Options {
    std::vector<std::string> variables{};
    std::string reference{};
    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(reference));
    }
  };

  static constexpr std::string_view type_name = "ElapsedTime";
  static constexpr std::uint32_t serial_version = 1;

  ElapsedTime() = default;
  explicit ElapsedTime(Options options)
      : variables_(std::move(options.variables)), reference_(std::move(options.reference)) {
    if (variables_.empty()) throw fepipe::ParameterError("ElapsedTime: variables is empty; name the columns to convert");
    if (reference_.empty()) throw fepipe::ParameterError("ElapsedTime: reference is empty; name the reference column");
  }
  ElapsedTime(std::vector<std::string> variables, std::string reference)
      : ElapsedTime(Options{std::move(variables), std::move(reference)}) {}
  Options options() const { return {variables_, reference_}; }

  ElapsedTime& fit(const Frame& X, const Target* = nullptr) {
    Schema schema = X.schema();
    locate(schema, fepipe::Stage::fit);
    schema_ = std::move(schema);
    return *this;
  }
  Frame transform(Frame X) const {
    const auto ref = X.numeric(reference_);
    check_present(ref, reference_);
    for (const auto& v : variables_) {
      auto col = X[v].mutable_values();
      check_present(col, v);
      for (std::size_t r = 0; r < col.size(); ++r) col[r] = ref[r] - col[r];
    }
    return X;
  }
  // Same arithmetic on one record; the record's layout is the fitted one,
  // and check_record keeps the positions inside it whatever a file held.
  void transform_row(Row& row) const {
    fepipe::check_record(row, schema_, type_name);
    const double ref = present(row[reference_pos_], reference_);
    for (std::size_t k = 0; k < positions_.size(); ++k)
      row[positions_[k]] = Value(ref - present(row[positions_[k]], variables_[k]));
  }
  bool is_fitted() const { return !schema_.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(variables_), FEPIPE_NVP(reference_), FEPIPE_NVP(schema_));
    if constexpr (Archive::is_loading) locate(schema_, fepipe::Stage::load);
  }

 private:
  void locate(const Schema& schema, fepipe::Stage stage) {
    using fepipe::Kind;
    positions_ = fepipe::locate_columns(schema, variables_, type_name, Kind::numeric, stage);
    reference_pos_ = fepipe::locate_column(schema, reference_, type_name, Kind::numeric, stage);
  }
  static void check_present(std::span<const double> values, const std::string& column) {
    for (std::size_t r = 0; r < values.size(); ++r)
      if (std::isnan(values[r]))
        throw fepipe::DataError(std::string(type_name), column,
                                "value nan at row " + std::to_string(r) + " is missing (impute it first)");
  }
  static double present(const Value& cell, const std::string& column) {
    const double x = fepipe::number_in(cell, type_name, column);
    if (std::isnan(x)) throw fepipe::DataError(std::string(type_name), column, "value nan is missing (impute it first)");
    return x;
  }
  std::vector<std::string> variables_;
  std::string reference_;
  Schema schema_;
  std::size_t reference_pos_ = 0;
  std::vector<std::size_t> positions_;
};

/// The course's "mapper": a fixed label → number map (quality scales such as
/// Po < Fa < TA < Gd < Ex). pandas' map would turn a label outside the map
/// into NaN, which the model downstream would then report under this
/// column's name as "value nan"; here the label itself is reported
/// (UnseenCategoryError), and a missing value is mapped to NaN as pandas does.
class Mapper {
 public:
  /// The options, as a spec names them ({"class": "Mapper", "variables":
  /// [...], "mapping": {"Po": 1, ...}}).
  struct Options {
    std::vector<std::string> variables{};
    fepipe::Dict<double> mapping{};
    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(mapping));
    }
  };

  static constexpr std::string_view type_name = "Mapper";
  static constexpr std::uint32_t serial_version = 1;

  Mapper() = default;
  explicit Mapper(Options options) : variables_(std::move(options.variables)) {
    if (variables_.empty()) throw fepipe::ParameterError("Mapper: variables is empty; name the columns to map");
    if (options.mapping.empty()) throw fepipe::ParameterError("Mapper: mapping is empty");
    for (const auto& [label, number] : options.mapping) {
      if (!std::isfinite(number))
        throw fepipe::ParameterError("Mapper: mapping of " + fepipe::quoted(label) + " is not finite");
      mapping_.emplace(label, number);
    }
  }
  Mapper(std::vector<std::string> variables, std::map<std::string, double, std::less<>> mapping)
      : variables_(std::move(variables)), mapping_(std::move(mapping)) {}
  Options options() const {
    Options o{variables_, {}};
    for (const auto& [label, number] : mapping_) o.mapping.insert_or_assign(label, number);
    return o;
  }

  Mapper& fit(const Frame& X, const Target* = nullptr) {
    Schema schema = X.schema();
    positions_ = fepipe::locate_columns(schema, variables_, type_name, fepipe::Kind::categorical, fepipe::Stage::fit);
    schema_ = std::move(schema);
    return *this;
  }
  Frame transform(Frame X) const {
    for (const auto& v : variables_) {
      const fepipe::Column& col = X[v];
      // Each label of the column's dictionary is looked up once, when a row
      // first holds it (so an unmapped label is reported as before, and a
      // dictionary label no row holds is never judged).
      std::vector<double> by_code(col.labels().size());
      std::vector<char> known(col.labels().size(), 0);
      std::vector<double> out(col.size());
      for (std::size_t r = 0; r < out.size(); ++r) {
        const auto code = col.codes()[r];
        if (code < 0) {
          out[r] = NAN;
          continue;
        }
        const auto c = static_cast<std::size_t>(code);
        if (!known[c]) {
          by_code[c] = lookup(col.label(code), v);
          known[c] = 1;
        }
        out[r] = by_code[c];
      }
      X.set(v, fepipe::Column::numeric(std::move(out)));
    }
    return X;
  }
  void transform_row(Row& row) const {
    fepipe::check_record(row, schema_, type_name);  // positions stay inside the record
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      const auto label = fepipe::label_in(row[positions_[k]], type_name, variables_[k]);
      row[positions_[k]] = Value(label ? lookup(*label, variables_[k]) : NAN);
    }
  }
  bool is_fitted() const { return !schema_.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    std::vector<std::pair<std::string, double>> pairs(mapping_.begin(), mapping_.end());
    // The mapped numbers are finite: the archive refuses NaN and inf in them.
    ar(FEPIPE_NVP(variables_), fepipe::make_nvp("mapping", pairs), FEPIPE_NVP(schema_));
    if constexpr (Archive::is_loading) {
      mapping_ = {pairs.begin(), pairs.end()};
      if (mapping_.size() != pairs.size()) throw fepipe::ModelFormatError("Mapper: a label is mapped twice");
      positions_ =
          fepipe::locate_columns(schema_, variables_, type_name, fepipe::Kind::categorical, fepipe::Stage::load);
    }
  }

 private:
  // std::less<> makes find() take a string_view: no allocation per lookup.
  double lookup(std::string_view label, const std::string& column) const {
    auto it = mapping_.find(label);
    if (it == mapping_.end()) [[unlikely]]
      throw fepipe::UnseenCategoryError(std::string(type_name), column,
                                        "label " + fepipe::quoted(label) + " is not in the mapping");
    return it->second;
  }
  std::vector<std::string> variables_;
  std::map<std::string, double, std::less<>> mapping_;
  Schema schema_;
  std::vector<std::size_t> positions_;
};

inline const std::vector<std::string> kFeatures = {
    "MSSubClass",  "MSZoning",     "LotFrontage",  "LotShape",    "LandContour", "LotConfig",    "Neighborhood",
    "OverallQual", "OverallCond",  "YearRemodAdd", "RoofStyle",   "Exterior1st", "ExterQual",    "Foundation",
    "BsmtQual",    "BsmtExposure", "BsmtFinType1", "HeatingQC",   "CentralAir",  "1stFlrSF",     "2ndFlrSF",
    "GrLivArea",   "BsmtFullBath", "HalfBath",     "KitchenQual", "TotRmsAbvGrd", "Functional",  "Fireplaces",
    "FireplaceQu", "GarageFinish", "GarageCars",   "GarageArea",  "PavedDrive",  "WoodDeckSF",   "ScreenPorch",
    "SaleCondition", "YrSold"};

inline const std::vector<std::string> kCategorical = {"MSSubClass", "MSZoning",  "LotShape",     "LandContour", "LotConfig",
                                                "Neighborhood", "RoofStyle", "Exterior1st", "Foundation",  "CentralAir",
                                                "Functional",   "PavedDrive", "SaleCondition"};

using Map = std::map<std::string, double, std::less<>>;

/// The course pipeline, step for step.
inline auto make_pipeline() {
  using namespace fepipe;
  const Map quality = {{"Po", 1}, {"Fa", 2}, {"TA", 3}, {"Gd", 4}, {"Ex", 5}, {"Missing", 0}, {"NA", 0}};
  const Map exposure = {{"No", 1}, {"Mn", 2}, {"Av", 3}, {"Gd", 4}};
  const Map finish = {{"Missing", 0}, {"NA", 0}, {"Unf", 1}, {"LwQ", 2}, {"Rec", 3}, {"BLQ", 4}, {"ALQ", 5}, {"GLQ", 6}};
  const Map garage = {{"Missing", 0}, {"NA", 0}, {"Unf", 1}, {"RFn", 2}, {"Fin", 3}};
  return Pipeline(
      CategoricalImputer({.imputation_method = CategoricalImputation::missing, .variables = {"FireplaceQu"}}),
      CategoricalImputer({.imputation_method = CategoricalImputation::frequent,
                          .variables = {"BsmtQual", "BsmtExposure", "BsmtFinType1", "GarageFinish"}}),
      AddMissingIndicator({.variables = {"LotFrontage"}}),
      MeanMedianImputer({.imputation_method = ImputationMethod::mean, .variables = {"LotFrontage"}}),
      ElapsedTime({"YearRemodAdd"}, "YrSold"),
      DropFeatures({.features_to_drop = {"YrSold"}}),
      LogTransformer({.variables = {"LotFrontage", "1stFlrSF", "GrLivArea"}}),
      Binarizer({.threshold = 0.0, .variables = {"ScreenPorch"}}),
      Mapper({"ExterQual", "BsmtQual", "HeatingQC", "KitchenQual", "FireplaceQu"}, quality),
      Mapper({"BsmtExposure"}, exposure),
      Mapper({"BsmtFinType1"}, finish),
      Mapper({"GarageFinish"}, garage),
      RareLabelEncoder({.tol = 0.01, .n_categories = 1, .variables = kCategorical}),
      OrdinalEncoder({.encoding_method = OrdinalEncoding::ordered, .variables = kCategorical}),
      MinMaxScaler(),
      Lasso({.alpha = 0.001, .random_state = 0u}));
}

/// Row `r` of X as a record (input-schema order).
inline std::vector<Value> record_of(const Frame& X, std::size_t r) {
  std::vector<Value> rec;
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const fepipe::Column& col = X.column(c);
    if (col.is_numeric())
      rec.emplace_back(col.values()[r]);
    else
      rec.push_back(col.codes()[r] < 0 ? Value::missing() : Value(col.label(col.codes()[r])));
  }
  return rec;
}


/// The House Prices data as the course reads it: features X (MSSubClass as
/// a category, as the course casts it) and the target log(SalePrice).
inline std::pair<Frame, Target> load(const std::string& csv_path) {
  const Frame df = fepipe::read_csv(csv_path, {.kinds = {{"MSSubClass", fepipe::Kind::categorical}}});
  const auto price = df.numeric("SalePrice");
  Target y(static_cast<Eigen::Index>(price.size()));
  for (std::size_t i = 0; i < price.size(); ++i) y[static_cast<Eigen::Index>(i)] = std::log(price[i]);
  return {df.select(kFeatures), std::move(y)};
}

}  // namespace house_prices
