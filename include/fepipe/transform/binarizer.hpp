#pragma once
/// @file
/// Binarizer — sklearn.preprocessing.Binarizer, applied to chosen variables
/// (as feature-engine's SklearnTransformerWrapper(Binarizer) does).

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/transform/detail/value_transformer.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces numeric values by 1 where x > threshold and 0 otherwise.
/// NaN and ±inf are rejected (scikit-learn's Binarizer validates finite
/// input), with a DataError naming the column and row.
///
/// Learns: `variables_`, `feature_names_in_` (nothing is estimated).
class Binarizer : public detail::ValueTransformer<Binarizer> {
 public:
  struct Options {
    double threshold = 0.0;
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(threshold), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "Binarizer";
  static constexpr std::uint32_t serial_version = 1;

  Binarizer() = default;
  explicit Binarizer(Options options) : options_(std::move(options)) { validate(); }

  Binarizer& fit(const Frame& X, const Target* /*y*/ = nullptr) { return adopt(fit_domain(X)); }

 private:
  friend class detail::ValueTransformer<Binarizer>;

  void validate() const {
    options_.variables.validate(type_name);
    if (std::isnan(options_.threshold)) detail::throw_parameter(type_name, "threshold must not be NaN");
  }
  double apply(std::size_t, double x) const noexcept { return x > options_.threshold ? 1.0 : 0.0; }

  Options options_;
};

static_assert(RowTransformer<Binarizer>);

FEPIPE_NAMESPACE_END
