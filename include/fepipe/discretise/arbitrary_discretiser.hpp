#pragma once
/// @file
/// ArbitraryDiscretiser — feature_engine.discretisation.ArbitraryDiscretiser.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/detail/binning.hpp"
#include "fepipe/discretise/detail/edge_discretiser.hpp"
#include "fepipe/core/detail/numeric_fit.hpp"

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
class ArbitraryDiscretiser : public detail::EdgeDiscretiser<ArbitraryDiscretiser> {
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
      ar(FEPIPE_NVP_NONFINITE(binning_dict), FEPIPE_NVP(return_object), FEPIPE_NVP(return_boundaries), FEPIPE_NVP(precision),
         FEPIPE_NVP(errors));
    }
  };

  static constexpr std::string_view type_name = "ArbitraryDiscretiser";
  static constexpr std::uint32_t serial_version = 1;

  ArbitraryDiscretiser() = default;
  explicit ArbitraryDiscretiser(Options options) : options_(std::move(options)) { validate(); }

 private:
  friend class detail::EdgeDiscretiser<ArbitraryDiscretiser>;

  detail::NumericFit fit_variables(const Frame& X) const {
    if (options_.binning_dict.empty())
      detail::throw_parameter(type_name, "binning_dict is required (variable → edges)");
    return detail::fit_numeric_variables(X, Variables(options_.binning_dict.keys()), false, type_name);
  }
  /// The given edges: nothing is estimated.
  std::vector<double> edges(std::span<const double> /*x*/, const std::string& var) const {
    return options_.binning_dict.at(var);
  }
  // A default-constructed (unfitted) step has an empty dict; anything else
  // must be a valid set of edges.
  void validate_loaded() const {
    if (!options_.binning_dict.empty() || !feature_names_in_.empty()) validate();
  }
  void check_loaded_binner() const {
    if (!feature_names_in_.empty() && binner_dict_ != options_.binning_dict)
      detail::throw_model_format("ArbitraryDiscretiser: binner_dict_ differs from options.binning_dict");
  }
  void validate() const {
    if (options_.binning_dict.empty())
      detail::throw_parameter(type_name, "binning_dict is required (variable → edges)");
    for (const auto& [var, given] : options_.binning_dict)
      if (auto why = detail::edges_problem(given); !why.empty())
        throw ParameterError(std::string(type_name), var, "binning_dict: " + why);
    detail::check_label_precision(options_.precision, type_name);
  }
  bool raise_outside() const noexcept { return options_.errors == OutsideBins::raise; }

  Options options_;
};

static_assert(RowTransformer<ArbitraryDiscretiser>);

FEPIPE_NAMESPACE_END
