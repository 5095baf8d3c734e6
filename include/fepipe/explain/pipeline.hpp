#pragma once
/// @file
/// Explanations through a fitted Pipeline: the model's contributions
/// (fepipe/explain/contributions.hpp) on its inputs, the transformers'
/// outputs, carried back step by step to the pipeline's *input* columns.
///
/// Each transformer step has a **provenance**: for every output column, the
/// input columns it derives from, with weights that sum to 1. A
/// contribution on an output is handed to its inputs in those proportions,
/// so the contributions on the input columns still sum, with the base
/// value, to the raw prediction. How a step's provenance is found:
///
/// 1. `fepipe::ProvenanceOf<Step>` specialised with
///    `static Provenance get(const Step&, const std::vector<std::string>& in,
///    const std::vector<std::string>& out)`; or
/// 2. a member `Provenance explain_provenance(in, out) const`; otherwise
/// 3. the name rule, which covers steps that keep, drop or derive columns by
///    name: an output named as an input comes from it (one-to-one: imputers,
///    encoders replacing a column, scalers, transformers); an output named
///    `<input>_<suffix>` comes from the input with the longest such name
///    (one-hot dummies `X_label`, missing indicators `X_na`, cyclical
///    `X_sin`/`X_cos`); an input no output names is dropped and gets 0. An
///    output matching no input is an Error naming the step and column: the
///    step must declare its provenance.
///
/// Rule for a feature created from several inputs (declared as in 1 or 2):
/// each of its k sources receives 1/k of its contribution (MathFeatures,
/// below; the course's ElapsedTime, `v := reference − v`, credits v and the
/// reference ½ each). docs/explain.md lists the rule per step kind.
///
/// The model-level view (per estimator input, `feature_names_out()`) is
/// returned too.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/create/math_features.hpp"
#include "fepipe/create/relative_features.hpp"
#include "fepipe/explain/contributions.hpp"

FEPIPE_NAMESPACE_BEGIN

/// One source of an output column: input position and share (0..1].
struct ColumnSource {
  std::size_t input = 0;
  double weight = 1.0;
};
/// Per output column of a step, its sources (weights summing to 1).
using Provenance = std::vector<std::vector<ColumnSource>>;

/// Specialise for a step whose outputs the name rule cannot trace (see the
/// file comment); the primary template is deliberately undefined.
template <class Step>
struct ProvenanceOf;

namespace detail {

template <class Step>
concept HasProvenanceTrait = requires(const Step& s, const std::vector<std::string>& names) {
  { ProvenanceOf<Step>::get(s, names, names) } -> std::convertible_to<Provenance>;
};
template <class Step>
concept HasProvenanceMember = requires(const Step& s, const std::vector<std::string>& names) {
  { s.explain_provenance(names, names) } -> std::convertible_to<Provenance>;
};

inline std::size_t position_of(const std::vector<std::string>& names, std::string_view name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? names.size() : static_cast<std::size_t>(it - names.begin());
}

/// The name rule (file comment, 3).
inline Provenance provenance_by_name(std::string_view step, const std::vector<std::string>& in,
                                     const std::vector<std::string>& out) {
  Provenance p(out.size());
  for (std::size_t o = 0; o < out.size(); ++o) {
    const std::size_t same = position_of(in, out[o]);
    if (same < in.size()) {
      p[o] = {{same, 1.0}};
      continue;
    }
    std::size_t best = in.size();
    for (std::size_t i = 0; i < in.size(); ++i) {
      const std::string& n = in[i];
      if (out[o].size() > n.size() + 1 && out[o].compare(0, n.size(), n) == 0 && out[o][n.size()] == '_' &&
          (best == in.size() || n.size() > in[best].size()))
        best = i;
    }
    if (best == in.size())
      throw Error(std::string(step), out[o],
                  "is created from inputs the column names do not tell; declare the step's provenance "
                  "(fepipe::ProvenanceOf or explain_provenance, docs/explain.md)");
    p[o] = {{best, 1.0}};
  }
  return p;
}

/// A declared provenance must have one entry per output, sources inside
/// the inputs, weights in (0, 1] summing to 1.
inline void check_provenance(std::string_view step, const Provenance& p, const std::vector<std::string>& in,
                             const std::vector<std::string>& out) {
  if (p.size() != out.size())
    throw Error(std::string(step), "",
                "provenance lists " + std::to_string(p.size()) + " outputs, the step has " +
                    std::to_string(out.size()));
  for (std::size_t o = 0; o < out.size(); ++o) {
    double sum = 0.0;
    for (const ColumnSource& s : p[o]) {
      if (s.input >= in.size() || !(s.weight > 0.0) || !(s.weight <= 1.0))
        throw Error(std::string(step), out[o], "provenance names an invalid input or weight");
      sum += s.weight;
    }
    if (!(std::fabs(sum - 1.0) <= 1e-12))
      throw Error(std::string(step), out[o], "provenance weights sum to " + std::to_string(sum) + ", not 1");
  }
}

template <class Step>
Provenance step_provenance(const Step& step, const std::vector<std::string>& in, const std::vector<std::string>& out) {
  Provenance p;
  if constexpr (HasProvenanceTrait<Step>)
    p = ProvenanceOf<Step>::get(step, in, out);
  else if constexpr (HasProvenanceMember<Step>)
    p = step.explain_provenance(in, out);
  else
    p = provenance_by_name(Step::type_name, in, out);
  check_provenance(Step::type_name, p, in, out);
  return p;
}

inline std::vector<std::string> names_of(const Frame& X) {
  std::vector<std::string> n;
  for (std::size_t c = 0; c < X.cols(); ++c) n.push_back(X.name(c));
  return n;
}

}  // namespace detail

/// MathFeatures: each new feature credits its k variables 1/k each (the
/// created-feature rule); the original columns pass through.
template <>
struct ProvenanceOf<MathFeatures> {
  static Provenance get(const MathFeatures& step, const std::vector<std::string>& in,
                        const std::vector<std::string>& out) {
    Provenance p(out.size());
    std::vector<ColumnSource> sources;
    for (const auto& v : step.variables_) sources.push_back({detail::position_of(in, v), 0.0});
    for (auto& s : sources) s.weight = 1.0 / static_cast<double>(sources.size());
    for (std::size_t o = 0; o < out.size(); ++o) {
      const std::size_t same = detail::position_of(in, out[o]);
      p[o] = same < in.size() ? std::vector<ColumnSource>{{same, 1.0}} : sources;
    }
    return p;
  }
};

/// RelativeFeatures: `<var>_<func>_<reference>` credits var and reference
/// ½ each (the created-feature rule); the original columns pass through.
template <>
struct ProvenanceOf<RelativeFeatures> {
  static Provenance get(const RelativeFeatures& step, const std::vector<std::string>& in,
                        const std::vector<std::string>& out) {
    const auto starts = [](const std::string& s, const std::string& p) {
      return s.size() > p.size() + 1 && s.compare(0, p.size(), p) == 0 && s[p.size()] == '_';
    };
    const auto ends = [](const std::string& s, const std::string& p) {
      return s.size() > p.size() + 1 && s.compare(s.size() - p.size(), p.size(), p) == 0 &&
             s[s.size() - p.size() - 1] == '_';
    };
    Provenance p(out.size());
    for (std::size_t o = 0; o < out.size(); ++o) {
      const std::size_t same = detail::position_of(in, out[o]);
      if (same < in.size()) {
        p[o] = {{same, 1.0}};
        continue;
      }
      const std::string* var = nullptr;
      const std::string* ref = nullptr;
      for (const auto& v : step.variables_)
        if (starts(out[o], v) && (!var || v.size() > var->size())) var = &v;
      for (const auto& r : step.reference_)
        if (ends(out[o], r) && (!ref || r.size() > ref->size())) ref = &r;
      if (!var || !ref)
        throw Error(std::string(RelativeFeatures::type_name), out[o], "is not a column this step creates");
      const std::size_t a = detail::position_of(in, *var), b = detail::position_of(in, *ref);
      p[o] = a == b ? std::vector<ColumnSource>{{a, 1.0}} : std::vector<ColumnSource>{{a, 0.5}, {b, 0.5}};
    }
    return p;
  }
};

/// Contributions of one pipeline's predictions.
struct PipelineExplanation {
  /// The pipeline's input columns (input_schema order).
  std::vector<std::string> columns;
  /// The estimator's inputs (feature_names_out order).
  std::vector<std::string> model_features;
  /// Raw outputs explained (see ModelExplainer).
  std::size_t n_outputs = 1;
  /// rows × n_outputs·(columns + 1): per output, the input columns'
  /// contributions then the base value.
  Eigen::MatrixXd contributions;
  /// rows × n_outputs·(model_features + 1): the model-level view.
  Eigen::MatrixXd model_contributions;
};

namespace detail {

template <class P, std::size_t... I>
Frame transform_with_provenance(const P& pipe, Frame X, std::vector<Provenance>& provenances,
                                std::index_sequence<I...>) {
  const auto one = [&](const auto& step) {
    std::vector<std::string> in = names_of(X);
    X = step.transform(std::move(X));
    provenances.push_back(step_provenance(step, in, names_of(X)));
  };
  (one(pipe.template step<I>()), ...);
  return X;
}

}  // namespace detail

/// Explains every row of X through a fitted pipeline whose last step is a
/// model ModelExplainer supports (the transforms run as predict runs them).
template <class... Steps>
PipelineExplanation explain(const Pipeline<Steps...>& pipe, const Frame& X) {
  constexpr std::size_t n = sizeof...(Steps);
  if (!pipe.is_fitted()) detail::throw_not_fitted("Pipeline");
  std::vector<std::string> inputs;
  for (const auto& spec : pipe.input_schema()) inputs.push_back(spec.name);
  for (const auto& name : inputs)
    if (!X.contains(name)) detail::throw_schema("Pipeline", name, "is an input column of the pipeline, absent from the frame");
  std::vector<Provenance> provenances;
  const Frame model_input =
      detail::transform_with_provenance(pipe, X.select(inputs), provenances, std::make_index_sequence<n - 1>{});

  const auto& model = pipe.template step<n - 1>();
  ModelExplainer<std::remove_cvref_t<decltype(model)>> e(model);
  PipelineExplanation out;
  out.columns = inputs;
  out.model_features = detail::names_of(model_input);
  out.n_outputs = e.n_outputs();
  out.model_contributions = e.explain(model_input);

  const std::size_t K = e.n_outputs(), F = out.model_features.size(), C = inputs.size();
  const auto rows = static_cast<Eigen::Index>(model_input.rows());
  out.contributions.resize(rows, static_cast<Eigen::Index>(K * (C + 1)));
  // Inputs of each transformer step: the previous step's outputs.
  std::vector<std::size_t> step_inputs(provenances.size(), C);
  for (std::size_t s = 1; s < provenances.size(); ++s) step_inputs[s] = provenances[s - 1].size();
  std::vector<double> current, previous;
  for (Eigen::Index r = 0; r < rows; ++r)
    for (std::size_t k = 0; k < K; ++k) {
      current.assign(F, 0.0);
      for (std::size_t j = 0; j < F; ++j)
        current[j] = out.model_contributions(r, static_cast<Eigen::Index>(k * (F + 1) + j));
      // Back through the transformers, last first.
      for (std::size_t s = provenances.size(); s-- > 0;) {
        const Provenance& p = provenances[s];
        previous.assign(step_inputs[s], 0.0);
        for (std::size_t o = 0; o < p.size(); ++o)
          for (const ColumnSource& src : p[o]) previous[src.input] += src.weight * current[o];
        std::swap(current, previous);
      }
      for (std::size_t c = 0; c < C; ++c)
        out.contributions(r, static_cast<Eigen::Index>(k * (C + 1) + c)) = current[c];
      out.contributions(r, static_cast<Eigen::Index>(k * (C + 1) + C)) =
          out.model_contributions(r, static_cast<Eigen::Index>(k * (F + 1) + F));
    }
  return out;
}

/// One record (values in input_schema() order) through the pipeline.
/// Builds a one-row frame: unlike ModelExplainer::explain_one, this
/// allocates.
template <class... Steps>
PipelineExplanation explain_one(const Pipeline<Steps...>& pipe, std::span<const Value> record) {
  const Schema& schema = pipe.input_schema();
  if (record.size() != schema.size())
    detail::throw_schema("Pipeline", "",
                         "record has " + std::to_string(record.size()) + " values, the pipeline was fitted on " +
                             std::to_string(schema.size()) + " columns");
  Frame X(1);
  for (std::size_t c = 0; c < schema.size(); ++c) {
    const Value& v = record[c];
    if (schema[c].kind == Kind::numeric) {
      X.add(schema[c].name, Column::numeric({detail::cell_number(v, "Pipeline", schema[c].name)}));
    } else {
      const auto label = detail::cell_label(v, "Pipeline", schema[c].name);
      X.add(schema[c].name, label ? Column::categorical({0}, {std::string(*label)})
                                  : Column::categorical({Column::missing_code}, {}));
    }
  }
  return explain(pipe, X);
}

FEPIPE_NAMESPACE_END
