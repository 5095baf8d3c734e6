#pragma once
/// @file
/// Where a missing value came from, for the message of the step that
/// refuses it. An encoder with `unseen = ignore` turns a category it did not
/// see at fit into NaN, as feature-engine does (feature-engine warns "NaN
/// values were introduced in the feature(s)"); a later step that cannot take
/// NaN (a tree, a transformer) then saw only "value nan at row 0 is
/// missing", which names neither the encoder, nor the category, nor the
/// option that changes it. The encoder notes these in a per-thread slot;
/// detail::throw_data adds the note to a DataError about a NaN in the same
/// column; each pipeline call starts with a clear slot (pipeline_core.hpp).
///
/// Costs nothing where nothing is unseen: the note is written only on the
/// unseen path, into fixed buffers (no allocation, so predict_one stays
/// allocation-free), and clearing it is one store.

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// The first missing value made in this thread since the slot was cleared.
struct MissingOrigin {
  static constexpr std::size_t capacity = 96;
  bool set = false;
  std::string_view step;    // a class's static type_name
  std::string_view advice;  // static text: the option that changes it
  std::size_t column_size = 0, label_size = 0;
  char column[capacity];  // a longer name is not noted (it could not be compared)
  char label[capacity];   // cut to capacity bytes
};

inline MissingOrigin& missing_origin() noexcept {
  thread_local MissingOrigin slot;
  return slot;
}

/// Starts a new call: earlier notes no longer apply.
inline void clear_missing_origin() noexcept { missing_origin().set = false; }

/// Notes that `step` made column `column` missing from the category `label`
/// (the first such note of a call is kept). `step` and `advice` must be
/// static strings.
inline void note_missing_origin(std::string_view step, std::string_view column, std::string_view label,
                                std::string_view advice) noexcept {
  MissingOrigin& o = missing_origin();
  if (o.set || column.size() > MissingOrigin::capacity) return;
  o.set = true;
  o.step = step;
  o.advice = advice;
  o.column_size = column.size();
  std::memcpy(o.column, column.data(), column.size());
  o.label_size = label.size() < MissingOrigin::capacity ? label.size() : MissingOrigin::capacity;
  std::memcpy(o.label, label.data(), o.label_size);
}

/// The note for a DataError about `column` whose message `what` reports a
/// NaN ("value nan at row r", detail::value_at_row), or "".
inline std::string missing_origin_note(std::string_view column, const std::string& what) {
  const MissingOrigin& o = missing_origin();
  if (!o.set || std::string_view(o.column, o.column_size) != column || what.find("value nan") == std::string::npos)
    return "";
  return " (the value was made missing by " + std::string(o.step) + ": category " +
         quote_label(std::string_view(o.label, o.label_size)) + " was not seen at fit, and unseen = ignore encodes " +
         "such categories as NaN; " + std::string(o.advice) + ")";
}

}  // namespace detail

FEPIPE_NAMESPACE_END
