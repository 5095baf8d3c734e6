#pragma once
/// @file
/// xtensor interoperability: a Frame from a 2-D xtensor array and column
/// names, and an xtensor view of a numeric column.
///
/// A Frame built from an xtensor *lvalue* of doubles whose columns are
/// contiguous (column-major layout, or a single column) borrows the array's
/// memory through Column::view: no copy, and the array is never modified
/// (the first transformer that writes a column copies that column). The array
/// must then outlive the Frame and every Frame copied from it, exactly as for
/// Column::view. Anything else (row-major or strided arrays, other value
/// types, lazy expressions, temporaries) is copied column by column.
///
/// The other direction, as_xtensor(column), adapts a numeric column's
/// storage with xt::adapt, again without copying.

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/column.hpp"
#include "fepipe/core/detail/xtensor_compat.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// An expression fepipe can address by pointer: contiguous storage with
/// strides (xarray, xtensor, their adaptors, strided views).
template <class E>
concept XtensorStrided = requires(const E& e) {
  { e.data() } -> std::convertible_to<const typename E::value_type*>;
  e.strides();
  e.data_offset();
};

/// True when every column of the 2-D expression `e` occupies `rows`
/// consecutive doubles, so Column::view can borrow it.
template <class E>
bool columns_are_contiguous(const E& e, std::size_t rows, std::size_t cols) {
  if constexpr (XtensorStrided<E> && std::is_same_v<typename E::value_type, double>) {
    // xtensor stores a stride of 0 for dimensions of extent 1.
    const auto& strides = e.strides();
    const bool rows_step_by_one = rows <= 1 || strides[0] == 1;
    const bool columns_forward = cols <= 1 || strides[1] >= 0;
    return rows_step_by_one && columns_forward;
  } else {
    (void)e, (void)rows, (void)cols;
    return false;
  }
}

}  // namespace detail

/// A Frame with one numeric column per column of the 2-D xtensor
/// expression `expr`, named by `names` (one per column, distinct).
///
/// Zero-copy when `expr` is an lvalue array of doubles with contiguous
/// columns (`xt::xtensor<double, 2, xt::layout_type::column_major>`, a
/// column-major xarray, an adaptor over column-major memory); copies
/// otherwise. SchemaError if `expr` is not 2-D or the names do not match.
template <class E>
  requires std::is_base_of_v<xt::xexpression<std::decay_t<E>>, std::decay_t<E>>
Frame from_xtensor(E&& expr, std::span<const std::string> names) {
  using D = std::decay_t<E>;
  using value_type = typename D::value_type;
  static_assert(std::is_arithmetic_v<value_type>,
                "fepipe::from_xtensor: the expression's values must be numbers (they become double columns)");
  const D& e = expr;
  if (e.dimension() != 2)
    detail::throw_schema("from_xtensor", "",
                         "expected a 2-D expression (rows x columns), got " + std::to_string(e.dimension()) +
                             " dimensions");
  const std::size_t rows = static_cast<std::size_t>(e.shape()[0]);
  const std::size_t cols = static_cast<std::size_t>(e.shape()[1]);
  if (names.size() != cols)
    detail::throw_schema("from_xtensor", "",
                         std::to_string(names.size()) + " column names for " + std::to_string(cols) + " columns");

  Frame frame(rows);
  // Borrowing is safe only from an lvalue: a temporary dies with this call.
  if constexpr (std::is_lvalue_reference_v<E> && detail::XtensorStrided<D> && std::is_same_v<value_type, double>) {
    if (detail::columns_are_contiguous(e, rows, cols)) {
      const double* base = e.data() + e.data_offset();
      const auto column_stride = cols <= 1 ? std::ptrdiff_t{0} : static_cast<std::ptrdiff_t>(e.strides()[1]);
      for (std::size_t c = 0; c < cols; ++c)
        frame.add(names[c], Column::view(std::span<const double>(
                                base + static_cast<std::ptrdiff_t>(c) * column_stride, rows)));
      return frame;
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    std::vector<double> values(rows);
    for (std::size_t r = 0; r < rows; ++r) values[r] = static_cast<double>(e(r, c));
    frame.add(names[c], Column::numeric(std::move(values)));
  }
  return frame;
}

template <class E>
  requires std::is_base_of_v<xt::xexpression<std::decay_t<E>>, std::decay_t<E>>
Frame from_xtensor(E&& expr, std::initializer_list<std::string> names) {
  return from_xtensor(std::forward<E>(expr), std::span<const std::string>(names.begin(), names.size()));
}

/// A read-only 1-D xtensor view of a numeric column's values (no copy). It
/// stays valid while the column is alive and not modified.
inline auto as_xtensor(const Column& column) {
  if (!column.is_numeric()) detail::throw_schema("as_xtensor", "", "the column is categorical, not numeric");
  const std::span<const double> values = column.values();
  const std::array<std::size_t, 1> shape{values.size()};
  return xt::adapt(values.data(), values.size(), xt::no_ownership(), shape);
}

/// A writable 1-D xtensor view of a numeric column's values. A column that
/// borrows a caller's buffer copies it first (the caller's data is never
/// modified through a Frame).
inline auto as_xtensor(Column& column) {
  if (!column.is_numeric()) detail::throw_schema("as_xtensor", "", "the column is categorical, not numeric");
  const std::span<double> values = column.mutable_values();
  const std::array<std::size_t, 1> shape{values.size()};
  return xt::adapt(values.data(), values.size(), xt::no_ownership(), shape);
}

/// The numeric column `name` of `frame` as a read-only xtensor view
/// (SchemaError naming the column if it is absent or categorical).
inline auto as_xtensor(const Frame& frame, std::string_view name) {
  const std::span<const double> values = frame.numeric(name);
  const std::array<std::size_t, 1> shape{values.size()};
  return xt::adapt(values.data(), values.size(), xt::no_ownership(), shape);
}

/// The numeric column `name` of `frame` as a writable xtensor view.
inline auto as_xtensor(Frame& frame, std::string_view name) {
  (void)frame.numeric(name);  // SchemaError naming the column if absent or categorical
  return as_xtensor(frame[name]);
}

FEPIPE_NAMESPACE_END
