#pragma once
/// @file
/// The step contracts. A class that models them — built in or written by a
/// user — is a pipeline step; nothing is inherited and nothing is virtual.

#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {
/// Stands in for a model-file archive when checking that a class has a
/// serialize member; it accepts any named values.
struct SerializeProbe {
  static constexpr bool is_loading = false;
  static constexpr bool is_saving = true;
  template <class... T>
  void operator()(NameValue<T>...) {}
};
}  // namespace detail

/// Can be stored in a model file: a stable type name, a format version and
/// `serialize(Archive&, std::uint32_t version)`.
template <class T>
concept Serializable = requires(T& t, detail::SerializeProbe& ar) {
  { T::type_name } -> std::convertible_to<std::string_view>;
  { T::serial_version } -> std::convertible_to<std::uint32_t>;
  t.serialize(ar, std::uint32_t{0});
};

/// Learns from a Frame (and optionally a target) and transforms Frames.
/// `fit(X, y)` returns *this; `transform(X)` is const, takes the frame by
/// value and returns the transformed frame.
template <class T>
concept Transformer = std::default_initializable<T> && std::copy_constructible<T> && Serializable<T> &&
                      requires(T t, const T ct, const Frame& f, const Target* y, Frame g) {
                        { t.fit(f, y) } -> std::same_as<T&>;
                        { ct.transform(std::move(g)) } -> std::same_as<Frame>;
                        { ct.is_fitted() } -> std::convertible_to<bool>;
                      };

/// A Transformer that can also transform one record in place, without
/// allocating; pipelines made of these predict single records allocation-free.
template <class T>
concept RowTransformer = Transformer<T> && requires(const T ct, Row& r) { ct.transform_row(r); };

/// A Transformer that removes rows (missing data, outliers) and keeps the
/// target aligned: the pipeline calls `transform_xy` during fit.
template <class T>
concept RowFilter = Transformer<T> && requires(const T ct, Frame f, Target y) {
  { ct.transform_xy(std::move(f), std::move(y)) } -> std::same_as<std::pair<Frame, Target>>;
};

/// Learns a prediction function from a Frame and a target.
template <class T>
concept Estimator = std::default_initializable<T> && std::copy_constructible<T> && Serializable<T> &&
                    requires(T t, const T ct, const Frame& f, const Target& y) {
                      { t.fit(f, y) } -> std::same_as<T&>;
                      { ct.predict(f) } -> std::same_as<Eigen::VectorXd>;
                      { ct.is_fitted() } -> std::convertible_to<bool>;
                    };

/// An Estimator that predicts class probabilities (one column per class).
template <class T>
concept Classifier = Estimator<T> && requires(const T ct, const Frame& f) {
  { ct.predict_proba(f) } -> std::same_as<Eigen::MatrixXd>;
  { ct.n_classes() } -> std::convertible_to<std::size_t>;
};

/// An Estimator that predicts one record given as a span of numbers.
template <class T>
concept RowEstimator = Estimator<T> && requires(const T ct, std::span<const Value> r) {
  { ct.predict_row(r) } -> std::same_as<double>;
};

/// A Classifier that writes one record's class probabilities into `out`.
template <class T>
concept RowClassifier = Classifier<T> && RowEstimator<T> && requires(const T ct, std::span<const Value> r,
                                                                      std::span<double> out) {
  ct.predict_proba_row(r, out);
};

FEPIPE_NAMESPACE_END
