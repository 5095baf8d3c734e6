#pragma once
// The course's House Prices pipeline ("Deployment of Machine Learning
// Models", regression model package), shared by the example, its tests and
// its benchmark. Its two course-specific steps are written here the way any
// user writes a step: a class with fit/transform (and, optionally,
// transform_row for allocation-free single-record prediction) and serialize.

#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// Only what the pipeline uses (the umbrella fepipe/fepipe.hpp would compile
// every class into each file that includes this one).
#include <fepipe/core/detail/step_support.hpp>  // check_row_width, cell_number
#include <fepipe/core/pipeline.hpp>
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
class ElapsedTime {
 public:
  static constexpr std::string_view type_name = "ElapsedTime";
  static constexpr std::uint32_t serial_version = 1;

  ElapsedTime() = default;
  ElapsedTime(std::vector<std::string> variables, std::string reference)
      : variables_(std::move(variables)), reference_(std::move(reference)) {}

  ElapsedTime& fit(const Frame& X, const Target* = nullptr) {
    schema_ = X.schema();
    reference_pos_ = X.index_of(reference_, type_name);
    positions_.clear();
    for (const auto& v : variables_) positions_.push_back(X.index_of(v, type_name));
    return *this;
  }
  Frame transform(Frame X) const {
    auto ref = X.numeric(reference_);
    for (const auto& v : variables_) {
      auto col = X[v].mutable_values();
      for (std::size_t r = 0; r < col.size(); ++r) col[r] = ref[r] - col[r];
    }
    return X;
  }
  // Same arithmetic on one record; the record's layout is the fitted one.
  // The width check keeps the positions inside the record whatever a model
  // file held (a schema longer than the pipeline's record would otherwise
  // index past it), and cell_number turns a label into a SchemaError.
  void transform_row(Row& row) const {
    fepipe::detail::check_row_width(row, schema_, type_name);
    const double ref = fepipe::detail::cell_number(row[reference_pos_], type_name, reference_);
    for (std::size_t k = 0; k < positions_.size(); ++k)
      row[positions_[k]] = Value(ref - fepipe::detail::cell_number(row[positions_[k]], type_name, variables_[k]));
  }
  bool is_fitted() const { return !schema_.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(FEPIPE_NVP(variables_), FEPIPE_NVP(reference_), FEPIPE_NVP(schema_));
    if constexpr (Archive::is_loading) fit_positions();
  }

 private:
  void fit_positions() {
    positions_.clear();
    auto pos_of = [&](const std::string& name) {
      auto i = schema_.find(name);
      if (!i) throw fepipe::ModelFormatError("ElapsedTime: unknown column '" + name + "'");
      return *i;
    };
    if (schema_.empty()) return;
    reference_pos_ = pos_of(reference_);
    for (const auto& v : variables_) positions_.push_back(pos_of(v));
  }
  std::vector<std::string> variables_;
  std::string reference_;
  Schema schema_;
  std::size_t reference_pos_ = 0;
  std::vector<std::size_t> positions_;
};

/// The course's "mapper": a fixed label → number map (quality scales such as
/// Po < Fa < TA < Gd < Ex); labels outside the map become NaN.
class Mapper {
 public:
  static constexpr std::string_view type_name = "Mapper";
  static constexpr std::uint32_t serial_version = 1;

  Mapper() = default;
  Mapper(std::vector<std::string> variables, std::map<std::string, double, std::less<>> mapping)
      : variables_(std::move(variables)), mapping_(std::move(mapping)) {}

  Mapper& fit(const Frame& X, const Target* = nullptr) {
    schema_ = X.schema();
    positions_.clear();
    for (const auto& v : variables_) positions_.push_back(X.index_of(v, type_name));
    return *this;
  }
  Frame transform(Frame X) const {
    for (const auto& v : variables_) {
      const fepipe::Column& col = X[v];
      std::vector<double> out(col.size());
      for (std::size_t r = 0; r < out.size(); ++r)
        out[r] = col.codes()[r] < 0 ? NAN : lookup(col.label(col.codes()[r]));
      X.set(v, fepipe::Column::numeric(std::move(out)));
    }
    return X;
  }
  void transform_row(Row& row) const {
    fepipe::detail::check_row_width(row, schema_, type_name);  // positions stay inside the record
    for (std::size_t pos : positions_) row[pos] = Value(row[pos].is_label() ? lookup(row[pos].label()) : NAN);
  }
  bool is_fitted() const { return !schema_.empty(); }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    std::vector<std::pair<std::string, double>> pairs(mapping_.begin(), mapping_.end());
    ar(FEPIPE_NVP(variables_), fepipe::make_nvp("mapping", pairs), FEPIPE_NVP(schema_));
    if constexpr (Archive::is_loading) {
      mapping_ = {pairs.begin(), pairs.end()};
      positions_.clear();
      for (const auto& v : variables_) {
        auto i = schema_.find(v);
        if (!schema_.empty() && !i) throw fepipe::ModelFormatError("Mapper: unknown column '" + v + "'");
        if (i) positions_.push_back(*i);
      }
    }
  }

 private:
  // std::less<> makes find() take a string_view: no allocation per lookup.
  double lookup(std::string_view label) const {
    auto it = mapping_.find(label);
    return it == mapping_.end() ? NAN : it->second;
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
