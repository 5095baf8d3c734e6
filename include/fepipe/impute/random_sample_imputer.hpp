#pragma once
/// @file
/// RandomSampleImputer — feature_engine.imputation.RandomSampleImputer.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How RandomSampleImputer seeds its draws.
enum class SampleSeed : std::uint8_t {
  general,      ///< one seed (`random_state`) for every variable
  observation,  ///< a seed per missing cell, from that row's `seed_variables`
};
constexpr std::array<std::string_view, 2> enum_names(SampleSeed) { return {"general", "observation"}; }

/// How the seed variables of a row make the seed (seed = observation).
enum class SeedingMethod : std::uint8_t { add, multiply };
constexpr std::array<std::string_view, 2> enum_names(SeedingMethod) { return {"add", "multiply"}; }

/// Replaces missing values (numeric or categorical) by values drawn at
/// random, with replacement, from the variable's non-missing training values
/// — which keeps each variable's distribution.
///
/// Draws are those of feature-engine 1.6.2 bit for bit, on every platform:
/// pandas' `Series.sample(n, replace=True, random_state=seed)` is numpy's
/// legacy `RandomState(seed).randint(0, n_values, n)` (MT19937, masked
/// rejection), which fepipe reproduces.
/// - seed = general: per variable, a generator seeded with `random_state`
///   draws one training value per missing cell, in row order (every variable
///   restarts from the same seed, as in feature-engine). A single record
///   (transform_row) is a one-row frame: its missing value gets the first
///   draw.
/// - seed = observation: each missing cell is filled by one draw from a
///   generator seeded with that row's `seed_variables` added (or multiplied),
///   NaN skipped, rounded half to even — the same record always gets the
///   same value, batch or single. Variables are imputed in order, so a seed
///   variable imputed earlier seeds with its imputed value. A seed outside
///   numpy's range [0, 2^32) is a DataError naming the row.
/// - `random_state` unset (seed = general): seeded from std::random_device on
///   every call, so results are not reproducible (feature-engine then uses
///   numpy's global generator).
///
/// Learns:
/// - `X_`: variable → its non-missing training values in row order (the
///   pool the draws index).
/// - `variables_` (any kind; automatic = every column), `feature_names_in_`.
///
/// A variable with no training value to draw from is a DataError when a
/// missing value has to be filled.
class RandomSampleImputer {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;
    /// seed = general: the seed of every variable's draws (unset: entropy).
    std::optional<std::uint32_t> random_state{};
    SampleSeed seed = SampleSeed::general;
    /// seed = observation: numeric columns whose values seed each draw
    /// (feature-engine's `random_state` in that mode).
    std::vector<std::string> seed_variables{};
    SeedingMethod seeding_method = SeedingMethod::add;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(random_state), FEPIPE_NVP(seed),
         FEPIPE_NVP(seed_variables), FEPIPE_NVP(seeding_method));
    }
    // feature-engine's random_state is the seed or, with seed='observation', the seeding column(s).
    static constexpr std::array<SpecKeyword, 1> spec_keywords{{
        {.field = "seed_variables", .keyword = "random_state"},
    }};
  };

  /// One variable's training values: numbers, or label codes into a
  /// dictionary (so a categorical pool stores each label once).
  struct SamplePool {
    std::vector<double> numbers;
    std::vector<std::string> labels;
    std::vector<std::int32_t> codes;

    std::size_t size() const noexcept { return numbers.empty() ? codes.size() : numbers.size(); }
    friend bool operator==(const SamplePool&, const SamplePool&) = default;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP_NONFINITE(numbers), FEPIPE_NVP(labels), FEPIPE_NVP(codes));  // ±inf are training values
    }
  };

  static constexpr std::string_view type_name = "RandomSampleImputer";
  static constexpr std::uint32_t serial_version = 1;

  RandomSampleImputer() = default;
  explicit RandomSampleImputer(Options options) : options_(std::move(options)) { validate(); }

  RandomSampleImputer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto vars = resolve_variables(X, options_.variables, type_name,
                                  {.type = VariableType::any, .return_empty = options_.return_empty});
    if (!options_.seed_variables.empty())  // they must exist and hold numbers
      resolve_variables(X, Variables(options_.seed_variables), type_name, {.type = VariableType::numeric});
    Dict<SamplePool> pools;
    for (const auto& v : vars) pools.insert_or_assign(v, pool_of(X[v]));
    auto positions = detail::positions_in(schema, vars, type_name);
    auto seed_positions = detail::positions_in(schema, options_.seed_variables, type_name);
    positions_ = std::move(positions);
    seed_positions_ = std::move(seed_positions);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    X_ = std::move(pools);
    first_draws_ = first_draws();
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    std::optional<detail::NumpyRandomState> shared;  // random_state unset: one stream for the call
    if (options_.seed == SampleSeed::general && !options_.random_state) shared.emplace(entropy_seed());
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Column& col = X.column(positions_[k]);
      if (!detail::has_missing(col)) continue;
      std::optional<detail::NumpyRandomState> own;
      if (options_.seed == SampleSeed::general && options_.random_state) own.emplace(*options_.random_state);
      detail::NumpyRandomState* general = own ? &*own : shared ? &*shared : nullptr;
      // The draw for the missing cell at row r: the next of the variable's
      // stream, or the first of the row's own stream.
      auto draw = [&](std::size_t r) {
        if (general) return draw_index(k, *general);
        detail::NumpyRandomState rng(observation_seed(
            [&](std::size_t j) { return X.column(seed_positions_[j]).values()[r]; }, k, r));
        return draw_index(k, rng);
      };
      const SamplePool& pool = X_[k].second;
      if (col.is_numeric()) {
        auto values = col.mutable_values();
        for (std::size_t r = 0; r < values.size(); ++r)
          if (std::isnan(values[r])) values[r] = pool.numbers[draw(r)];
      } else {
        // Pool label → code in this column's dictionary, interned once.
        std::vector<std::int32_t> code_of(pool.labels.size(), Column::missing_code - 1);
        for (std::size_t r = 0; r < col.size(); ++r) {
          if (col.codes()[r] != Column::missing_code) continue;
          const auto p = static_cast<std::size_t>(pool.codes[draw(r)]);
          if (code_of[p] == Column::missing_code - 1) code_of[p] = col.intern_label(pool.labels[p]);
          col.mutable_codes()[r] = code_of[p];
        }
      }
    }
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    std::optional<detail::NumpyRandomState> shared;
    if (options_.seed == SampleSeed::general && !options_.random_state) shared.emplace(entropy_seed());
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      const bool numeric = feature_names_in_[positions_[k]].kind == Kind::numeric;
      const bool missing = numeric ? std::isnan(detail::cell_number(cell, type_name, variables_[k]))
                                   : !detail::cell_label(cell, type_name, variables_[k]);
      if (!missing) continue;
      std::size_t i = 0;
      if (options_.seed == SampleSeed::observation) {
        detail::NumpyRandomState rng(observation_seed(
            [&](std::size_t j) {
              return detail::cell_number(row[seed_positions_[j]], type_name, options_.seed_variables[j]);
            },
            k, std::nullopt));
        i = draw_index(k, rng);
      } else if (shared) {
        i = draw_index(k, *shared);
      } else {
        i = first_draws_[k];  // a fresh generator's first draw, cached
        if (i == no_draw) throw_empty_pool(k);
      }
      const SamplePool& pool = X_[k].second;
      cell = numeric ? Value(pool.numbers[i])
                     : Value(std::string_view(pool.labels[static_cast<std::size_t>(pool.codes[i])]));
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<SamplePool> X_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(X_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(X_, variables_, type_name, "X_");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, std::nullopt);
      seed_positions_ =
          detail::restore_positions(feature_names_in_, options_.seed_variables, type_name, Kind::numeric);
      for (std::size_t k = 0; k < positions_.size(); ++k)
        check_pool(X_[k].second, feature_names_in_[positions_[k]].kind, variables_[k]);
      first_draws_ = first_draws();
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (options_.seed == SampleSeed::observation) {
      if (options_.seed_variables.empty())
        detail::throw_parameter(type_name, "seed = observation needs seed_variables (the columns that seed each draw)");
      if (options_.random_state)
        detail::throw_parameter(type_name, "seed = observation takes its seeds from seed_variables; unset random_state");
      Variables(options_.seed_variables).validate(type_name);
    } else if (!options_.seed_variables.empty()) {
      detail::throw_parameter(type_name, "seed_variables are used only with seed = observation");
    }
  }

  static std::uint32_t entropy_seed() {
    std::random_device rd;
    return static_cast<std::uint32_t>(rd());
  }

  static SamplePool pool_of(const Column& col) {
    SamplePool pool;
    if (col.is_numeric()) {
      for (double x : col.values())
        if (!std::isnan(x)) pool.numbers.push_back(x);
      return pool;
    }
    std::vector<std::int32_t> remap(col.labels().size(), Column::missing_code);
    for (std::int32_t c : col.codes()) {
      if (c < 0) continue;
      auto& m = remap[static_cast<std::size_t>(c)];
      if (m < 0) {
        m = static_cast<std::int32_t>(pool.labels.size());
        pool.labels.emplace_back(col.label(c));
      }
      pool.codes.push_back(m);
    }
    return pool;
  }

  // A pool read from a file must be one fit could have written.
  static void check_pool(const SamplePool& pool, Kind kind, const std::string& var) {
    auto bad = [&](const std::string& what) {
      detail::throw_model_format(std::string(type_name) + ": X_['" + var + "'] " + what);
    };
    if (kind == Kind::numeric) {
      if (!pool.labels.empty() || !pool.codes.empty()) bad("holds labels for a numeric variable");
      for (double x : pool.numbers)
        if (std::isnan(x)) bad("holds a missing value");
      return;
    }
    if (!pool.numbers.empty()) bad("holds numbers for a categorical variable");
    for (std::int32_t c : pool.codes)
      if (c < 0 || static_cast<std::size_t>(c) >= pool.labels.size()) bad("holds a code outside its labels");
  }

  static constexpr std::size_t no_draw = static_cast<std::size_t>(-1);

  // seed = general with random_state: a single record's missing value gets
  // the first draw of a freshly seeded generator, the same every time, so it
  // is drawn once here (seeding MT19937 costs more than the rest of a record).
  std::vector<std::size_t> first_draws() const {
    std::vector<std::size_t> out(X_.size(), no_draw);
    if (options_.seed != SampleSeed::general || !options_.random_state) return out;
    for (std::size_t k = 0; k < X_.size(); ++k) {
      if (X_[k].second.size() == 0) continue;
      detail::NumpyRandomState rng(*options_.random_state);
      out[k] = draw_index(k, rng);
    }
    return out;
  }

  // numpy's RandomState.choice(n, replace=True) for one value: randint(0, n).
  std::size_t draw_index(std::size_t k, detail::NumpyRandomState& rng) const {
    const std::size_t n = X_[k].second.size();
    if (n == 0) throw_empty_pool(k);
    return static_cast<std::size_t>(detail::numpy_randint(rng, 0, static_cast<std::int64_t>(n)));
  }

  [[noreturn]] void throw_empty_pool(std::size_t k) const {
    detail::throw_data(type_name, variables_[k],
                       "has no non-missing training value to draw a replacement for a missing value from");
  }

  // seed = observation: the row's seed variables (value_at(j)) added or
  // multiplied with NaN skipped, as pandas' sum/prod skip it, and rounded
  // half to even as np.round; numpy accepts seeds in [0, 2^32).
  template <class ValueAt>
  std::uint32_t observation_seed(ValueAt&& value_at, std::size_t k, std::optional<std::size_t> row) const {
    const bool add = options_.seeding_method == SeedingMethod::add;
    double acc = add ? 0.0 : 1.0;
    for (std::size_t j = 0; j < seed_positions_.size(); ++j) {
      const double v = value_at(j);
      if (std::isnan(v)) continue;
      acc = add ? acc + v : acc * v;
    }
    const double seed = std::nearbyint(acc);
    if (!(seed >= 0.0 && seed <= 4294967295.0)) [[unlikely]]
      detail::throw_data(type_name, variables_[k],
                         "the seed of the missing value " +
                             (row ? "at row " + std::to_string(*row) : std::string("in the record")) + " (" +
                             detail::python_float_repr(seed) + ", from " + seed_names() +
                             ") is outside numpy's seed range [0, 2**32 - 1]");
    return static_cast<std::uint32_t>(seed);
  }

  std::string seed_names() const {
    std::string out;
    for (const auto& s : options_.seed_variables) {
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  std::vector<std::size_t> seed_positions_;
  std::vector<std::size_t> first_draws_;  // derived: see first_draws()
};

static_assert(RowTransformer<RandomSampleImputer>);

FEPIPE_NAMESPACE_END
