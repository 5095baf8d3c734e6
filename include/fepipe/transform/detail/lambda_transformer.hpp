#pragma once
/// @file
/// LambdaTransformer: the power transforms that learn one lambda per
/// variable (Box-Cox, Yeo-Johnson). They differ only in the transform, its
/// inverse, its domain and how lambda is estimated; the lambda dict, its
/// file layout and checks live here.

#include <span>
#include <string>
#include <utility>

#include "fepipe/config.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/transform/detail/value_transformer.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// CRTP base over ValueTransformer. `Derived` also has
/// `double fit_lambda(std::span<const double> x, const std::string& var) const`
/// and the static `forward(x, lambda)` and `inverse(y, lambda)`.
template <class Derived>
class LambdaTransformer : public ValueTransformer<Derived> {
 public:
  Derived& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = this->fit_domain(X);
    Dict<double> lambdas = learn_each(X, fitted, [this](std::span<const double> x, const std::string& var) {
      return static_cast<const Derived&>(*this).fit_lambda(x, var);
    });
    return this->adopt(std::move(fitted), lambda_dict_, std::move(lambdas));
  }

  Frame inverse_transform(Frame X) const {
    return this->map_finite(std::move(X),
                            [this](std::size_t k, double y) { return Derived::inverse(y, lambda_dict_[k].second); });
  }

  Dict<double> lambda_dict_;

 protected:
  LambdaTransformer() = default;

  double apply(std::size_t k, double x) const noexcept { return Derived::forward(x, lambda_dict_[k].second); }
  template <class Archive>
  void serialize_learned(Archive& ar) {
    ar(FEPIPE_NVP(lambda_dict_));
  }
  void check_loaded() const {
    check_loaded_parameters(lambda_dict_, this->variables_, Derived::type_name, "lambda_dict_", "lambda");
  }
};

}  // namespace detail
FEPIPE_NAMESPACE_END
