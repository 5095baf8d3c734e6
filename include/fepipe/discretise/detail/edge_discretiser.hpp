#pragma once
/// @file
/// EdgeDiscretiser: the discretisers that bin each variable by a list of
/// edges (equal frequency, equal width, arbitrary) written once. They differ
/// only in which variables they take and where a variable's edges come
/// from, so a discretiser is its Options plus those two hooks; fitting,
/// both transform paths and the model file layout live here.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/detail/binning.hpp"
#include "fepipe/core/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// CRTP base. `Derived` has `options_` (with `return_object`,
/// `return_boundaries` and `precision`), `type_name`, `validate()` and
/// `std::vector<double> edges(std::span<const double> x, const std::string& var) const`,
/// the edges of one variable from its training values. It may redefine the
/// protected hooks below; they are found statically (no virtual calls), so
/// the row path stays inlined and allocation-free.
template <class Derived>
class EdgeDiscretiser {
 public:
  Derived& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = self().fit_variables(X);
    Dict<std::vector<double>> binner;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k) {
      const std::string& var = fitted.variables[k];
      std::vector<double> edges = self().edges(X.column(fitted.positions[k]).values(), var);
      // What fit learns must be what the loader accepts (check_loaded_edges),
      // or a fitted model could not be saved and loaded again. Subclasses
      // raise clearer errors for the cases they know; this catches the rest.
      if (auto why = edges_problem(edges); !why.empty())
        throw_data(Derived::type_name, var, "the learned edges are unusable: " + why);
      binner.insert_or_assign(var, std::move(edges));
    }
    BinTable table = make_table(binner);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    binner_dict_ = std::move(binner);
    table_ = std::move(table);
    return self();
  }

  Frame transform(Frame X) const {
    align_to_schema(X, feature_names_in_, Derived::type_name);
    transform_bins(X, table_, positions_, Derived::type_name, self().raise_outside());
    return X;
  }

  void transform_row(Row& row) const {
    check_row_width(row, feature_names_in_, Derived::type_name);
    transform_bins_row(row, table_, positions_, variables_, Derived::type_name, self().raise_outside());
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const auto& options() const noexcept { return self().options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<std::vector<double>> binner_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", self().options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP_NONFINITE(binner_dict_));  // the outer edges are -inf and inf
    if constexpr (Archive::is_loading) {
      self().validate_loaded();
      check_dict_keys(binner_dict_, variables_, Derived::type_name, "binner_dict_");
      self().check_loaded_binner();
      check_loaded_edges(binner_dict_, Derived::type_name);
      positions_ = restore_positions(feature_names_in_, variables_, Derived::type_name, Kind::numeric);
      table_ = make_table(binner_dict_);
    }
  }

 protected:
  EdgeDiscretiser() = default;

  // Hooks with the common answer; a discretiser redefines them to differ.
  /// The numeric variables of `options_.variables` (all, when automatic).
  NumericFit fit_variables(const Frame& X) const {
    const auto& o = self().options_;
    return fit_numeric_variables(X, o.variables, o.return_empty, Derived::type_name);
  }
  /// Values outside the edges become missing (true: DataError).
  static constexpr bool raise_outside() noexcept { return false; }
  /// The options read from a file must be valid options.
  void validate_loaded() const { self().validate(); }
  /// Learned edges that the options fix must agree with them.
  void check_loaded_binner() const {}

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }

  BinTable make_table(const Dict<std::vector<double>>& binner) const {
    const auto& o = self().options_;
    return BinTable(binner, bin_output(o.return_object, o.return_boundaries), o.precision);
  }

  std::vector<std::size_t> positions_;
  BinTable table_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
