#pragma once
/// @file
/// ArbitraryDiscretiser — feature_engine.discretisation.ArbitraryDiscretiser.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/discretise/detail/binning.hpp"
#include "fepipe/transform/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What ArbitraryDiscretiser does with a value outside the given edges.
enum class OutsideBins : std::uint8_t {
  ignore,  ///< the value becomes missing (feature-engine also warns)
  raise,   ///< DataError naming the column, value and row
};
constexpr std::array<std::string_view, 2> enum_names(OutsideBins) { return {"ignore", "raise"}; }

/// Sorts numeric values into intervals whose edges the user gives per
/// variable (pandas.cut with explicit bins): (e[0], e[1]], (e[1], e[2]], ...
/// with e[0] itself in the first bin. The edges are not extended to ±inf:
/// values outside [e[0], e[K]] become missing, or raise with
/// `errors = raise`.
///
/// Output per variable: the bin number as a number; with `return_object`
/// the bin number as a label ("0", "1", ...); with `return_boundaries` the
/// interval label, e.g. "(-0.001, 10.0]". NaN and ±inf in the data are
/// rejected at fit and transform (DataError).
///
/// Differences from feature-engine: edges must increase strictly
/// (ParameterError at construction; pandas raises at transform); outside
/// values are missing in every output mode (feature-engine writes the text
/// "nan" with return_boundaries and "0.0"-style codes with return_object
/// when a column has outside values) and no warning is emitted.
///
/// Learns:
/// - `binner_dict_`: the given `binning_dict`; its keys are `variables_`.
/// - `feature_names_in_`.
class ArbitraryDiscretiser {
 public:
  struct Options {
    /// Variable → strictly increasing edges (at least two). Required.
    Dict<std::vector<double>> binning_dict{};
    bool return_object = false;
    bool return_boundaries = false;
    /// Significant digits of the interval labels (1 to 19).
    int precision = 3;
    OutsideBins errors = OutsideBins::ignore;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(binning_dict), FEPIPE_NVP(return_object), FEPIPE_NVP(return_boundaries), FEPIPE_NVP(precision),
         FEPIPE_NVP(errors));
    }
  };

  static constexpr std::string_view type_name = "ArbitraryDiscretiser";
  static constexpr std::uint32_t serial_version = 1;

  ArbitraryDiscretiser() = default;
  explicit ArbitraryDiscretiser(Options options) : options_(std::move(options)) { validate(); }

  ArbitraryDiscretiser& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    if (options_.binning_dict.empty())
      detail::throw_parameter(type_name, "binning_dict is required (variable → edges)");
    auto fitted = detail::fit_numeric_variables(X, Variables(options_.binning_dict.keys()), false, type_name);
    detail::BinTable table(options_.binning_dict, output(), options_.precision);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    binner_dict_ = options_.binning_dict;
    table_ = std::move(table);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::transform_bins(X, table_, positions_, type_name, raise_outside());
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::transform_bins_row(row, table_, positions_, variables_, type_name, raise_outside());
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<std::vector<double>> binner_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(binner_dict_));
    if constexpr (Archive::is_loading) {
      // A default-constructed (unfitted) step has an empty dict; anything
      // else must be a valid set of edges.
      if (!options_.binning_dict.empty() || !feature_names_in_.empty()) validate();
      detail::check_dict_keys(binner_dict_, variables_, type_name, "binner_dict_");
      if (!feature_names_in_.empty() && binner_dict_ != options_.binning_dict)
        detail::throw_model_format("ArbitraryDiscretiser: binner_dict_ differs from options.binning_dict");
      detail::check_loaded_edges(binner_dict_, type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      table_ = detail::BinTable(binner_dict_, output(), options_.precision);
    }
  }

 private:
  void validate() const {
    if (options_.binning_dict.empty())
      detail::throw_parameter(type_name, "binning_dict is required (variable → edges)");
    for (const auto& [var, edges] : options_.binning_dict)
      if (auto why = detail::edges_problem(edges); !why.empty())
        throw ParameterError(std::string(type_name), var, "binning_dict: " + why);
    detail::check_label_precision(options_.precision, type_name);
  }
  detail::BinOutput output() const noexcept {
    return detail::bin_output(options_.return_object, options_.return_boundaries);
  }
  bool raise_outside() const noexcept { return options_.errors == OutsideBins::raise; }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::BinTable table_;
};

static_assert(RowTransformer<ArbitraryDiscretiser>);

FEPIPE_NAMESPACE_END
