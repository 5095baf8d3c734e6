#pragma once
/// @file
/// DriftReport: what a DriftMonitor (fepipe/drift/monitor.hpp) has seen,
/// per input column, against the training baseline; and its three
/// renderings: JSON (`fepipe drift --json`, the server's
/// `GET /v1/models/<name>/drift`), a text table (the CLI) and Prometheus'
/// text exposition format (a /metrics endpoint). docs/drift.md shows them.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/column.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/utf8.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A column's verdict. `insufficient_data` until the monitor has seen
/// DriftOptions::min_records records; then by PSI against psi_warn /
/// psi_alert, counted only when the chi-square test on the same bins finds
/// the difference significant (DriftOptions::significance).
enum class DriftLevel : std::uint8_t { insufficient_data, ok, warn, alert };
constexpr std::array<std::string_view, 4> enum_names(DriftLevel) {
  return {"insufficient_data", "ok", "warn", "alert"};
}
constexpr std::string_view to_string(DriftLevel l) { return enum_names(l)[static_cast<std::size_t>(l)]; }

/// A category seen live but not in training, with its count. Counts come
/// from a bounded top-k (space-saving): `count` may exceed the true count
/// by at most `overestimate` (0 while the column has had no more distinct
/// new categories than DriftOptions::max_new_categories).
struct NewCategory {
  std::string label;  ///< first DriftOptions::max_label_bytes bytes
  std::uint64_t count = 0;
  std::uint64_t overestimate = 0;
};

/// One input column against its training distribution. Statistics that are
/// not defined are NaN (`null` in JSON): `ks` for categorical columns and
/// whenever a side has no present value, everything before any record.
struct ColumnDrift {
  std::string name;
  Kind kind = Kind::numeric;
  std::uint64_t count = 0;    ///< live values (one per record)
  std::uint64_t missing = 0;  ///< of which missing
  double missing_share_train = std::nan("");
  double missing_share_live = std::nan("");
  double missing_share_change = std::nan("");  ///< live − train
  double psi = std::nan("");
  double ks = std::nan("");  ///< numeric: KS statistic at the training edges
  double chi2 = std::nan("");
  std::size_t chi2_dof = 0;
  double chi2_p = std::nan("");
  std::vector<NewCategory> new_categories;  ///< categorical: most frequent first
  std::uint64_t new_categories_total = 0;   ///< live values of unseen categories (exact)
  DriftLevel level = DriftLevel::insufficient_data;
};

/// Everything a monitor has seen since construction or reset().
struct DriftReport {
  std::uint64_t records = 0;
  std::uint64_t min_records = 0;
  double psi_warn = 0.0;
  double psi_alert = 0.0;
  double significance = 0.0;
  std::vector<ColumnDrift> columns;  ///< input-schema order

  /// The worst column level (insufficient_data before min_records).
  DriftLevel level() const noexcept {
    if (records < min_records) return DriftLevel::insufficient_data;
    DriftLevel worst = DriftLevel::ok;
    for (const auto& c : columns)
      if (c.level > worst) worst = c.level;
    return worst;
  }

  /// Names of the columns at `level`.
  std::vector<std::string> columns_at(DriftLevel l) const {
    std::vector<std::string> out;
    for (const auto& c : columns)
      if (c.level == l) out.push_back(c.name);
    return out;
  }

  /// {"records": n, "min_records": m, "psi_warn": ..., "psi_alert": ...,
  ///  "significance": ..., "level": "...", "columns": [{"name", "kind",
  ///  "count", "missing", "missing_share_train", "missing_share_live",
  ///  "missing_share_change", "psi", "ks", "chi2", "chi2_dof", "chi2_p",
  ///  "new_categories": [{"label", "count", "overestimate"}],
  ///  "new_categories_total", "level"}]}. NaN is null; numbers round-trip.
  std::string to_json() const {
    std::string o;
    put(o, "{\"records\": ", std::to_string(records), ", \"min_records\": ", std::to_string(min_records),
        ", \"psi_warn\": ", num(psi_warn), ", \"psi_alert\": ", num(psi_alert), ", \"significance\": ",
        num(significance), ", \"level\": \"", to_string(level()), "\", \"columns\": [");
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const ColumnDrift& c = columns[i];
      if (i) o += ", ";
      put(o, "{\"name\": ", quote(c.name), ", \"kind\": \"", to_string(c.kind), "\", \"count\": ",
          std::to_string(c.count), ", \"missing\": ", std::to_string(c.missing));
      put(o, ", \"missing_share_train\": ", num(c.missing_share_train), ", \"missing_share_live\": ",
          num(c.missing_share_live), ", \"missing_share_change\": ", num(c.missing_share_change));
      put(o, ", \"psi\": ", num(c.psi), ", \"ks\": ", num(c.ks), ", \"chi2\": ", num(c.chi2), ", \"chi2_dof\": ",
          std::to_string(c.chi2_dof), ", \"chi2_p\": ", num(c.chi2_p), ", \"new_categories\": [");
      for (std::size_t k = 0; k < c.new_categories.size(); ++k) {
        const NewCategory& n = c.new_categories[k];
        if (k) o += ", ";
        put(o, "{\"label\": ", quote(n.label), ", \"count\": ", std::to_string(n.count), ", \"overestimate\": ",
            std::to_string(n.overestimate), "}");
      }
      put(o, "], \"new_categories_total\": ", std::to_string(c.new_categories_total), ", \"level\": \"",
          to_string(c.level), "\"}");
    }
    o += "]}";
    return o;
  }

  /// A table for a terminal: one line per column, then the new categories.
  std::string to_text() const {
    std::string o;
    put(o, "records: ", std::to_string(records), " (verdicts from ", std::to_string(min_records), ")   level: ",
        to_string(level()), "   PSI warn ", num(psi_warn), ", alert ", num(psi_alert), ", significance ",
        num(significance), "\n");
    std::size_t width = 6;
    for (const auto& c : columns) width = std::max(width, std::min<std::size_t>(c.name.size(), 40));
    char line[256];
    std::snprintf(line, sizeof line, "%-*s  %-11s  %-17s  %8s  %8s  %10s  %9s  %8s\n", static_cast<int>(width),
                  "column", "kind", "level", "psi", "ks", "chi2_p", "missing+", "new");
    o += line;
    for (const auto& c : columns) {
      std::string name = c.name;
      if (name.size() > 40) {
        name.resize(37);
        name.append("...");
      }
      std::snprintf(line, sizeof line, "%-*s  %-11s  %-17s  %8s  %8s  %10s  %9s  %8llu\n", static_cast<int>(width),
                    name.c_str(), std::string(to_string(c.kind)).c_str(), std::string(to_string(c.level)).c_str(),
                    fixed(c.psi, "%.4f").c_str(), fixed(c.ks, "%.4f").c_str(), fixed(c.chi2_p, "%.3g").c_str(),
                    fixed(c.missing_share_change, "%+.4f").c_str(),
                    static_cast<unsigned long long>(c.new_categories_total));
      o += line;
    }
    for (const auto& c : columns) {
      if (c.new_categories.empty()) continue;
      put(o, "new categories of ", c.name, ":");
      for (const auto& n : c.new_categories)
        put(o, " ", detail::quote_label(n.label), " (", std::to_string(n.count), ")");
      o += "\n";
    }
    return o;
  }

  /// Prometheus text exposition format: gauges fepipe_drift_psi, _ks,
  /// _chi2_p, _missing_share_change, _level (-1 insufficient data, 0 ok,
  /// 1 warn, 2 alert) per {model, variant, column}, the counter
  /// fepipe_drift_new_categories_total per column and
  /// fepipe_drift_records_total per {model, variant}. ks is written for
  /// numeric columns only; an undefined value is NaN.
  std::string to_prometheus(std::string_view model, std::string_view variant) const {
    const PrometheusSource one{model, variant, this};
    return prometheus(std::span(&one, 1));
  }
  /// One report's place in a Prometheus text of several.
  struct PrometheusSource {
    std::string_view model, variant;
    const DriftReport* report;
  };
  /// Several reports (a server's models and variants) as one Prometheus
  /// text: each metric family once — its HELP and TYPE lines, then every
  /// source's samples — as the text format requires.
  static std::string prometheus(std::span<const PrometheusSource> sources) {
    std::string o;
    std::vector<std::string> bases;
    for (const auto& src : sources) {
      std::string base;
      put(base, "model=\"", prom_escape(src.model), "\",variant=\"", prom_escape(src.variant), "\"");
      bases.push_back(std::move(base));
    }
    put(o, "# HELP fepipe_drift_records_total Records observed by the drift monitor.\n",
        "# TYPE fepipe_drift_records_total counter\n");
    for (std::size_t i = 0; i < sources.size(); ++i)
      put(o, "fepipe_drift_records_total{", bases[i], "} ", std::to_string(sources[i].report->records), "\n");
    auto family = [&](std::string_view metric, std::string_view type, std::string_view help, auto value,
                      bool numeric_only) {
      put(o, "# HELP ", metric, " ", help, "\n# TYPE ", metric, " ", type, "\n");
      for (std::size_t i = 0; i < sources.size(); ++i)
        for (const auto& c : sources[i].report->columns) {
          if (numeric_only && c.kind != Kind::numeric) continue;
          put(o, metric, "{", bases[i], ",column=\"", prom_escape(c.name), "\"} ", value(c), "\n");
        }
    };
    family("fepipe_drift_psi", "gauge", "Population stability index against the training distribution.",
           [](const ColumnDrift& c) { return prom_num(c.psi); }, false);
    family("fepipe_drift_ks", "gauge", "Kolmogorov-Smirnov statistic at the training quantile edges.",
           [](const ColumnDrift& c) { return prom_num(c.ks); }, true);
    family("fepipe_drift_chi2_p", "gauge", "Chi-square homogeneity test p-value (training vs live bins).",
           [](const ColumnDrift& c) { return prom_num(c.chi2_p); }, false);
    family("fepipe_drift_missing_share_change", "gauge", "Live missing share minus training missing share.",
           [](const ColumnDrift& c) { return prom_num(c.missing_share_change); }, false);
    family("fepipe_drift_new_categories_total", "counter", "Live values of categories unseen in training.",
           [](const ColumnDrift& c) { return std::to_string(c.new_categories_total); }, false);
    family("fepipe_drift_level", "gauge", "Drift level: -1 insufficient data, 0 ok, 1 warn, 2 alert.",
           [](const ColumnDrift& c) { return std::to_string(static_cast<int>(c.level) - 1); }, false);
    return o;
  }

 private:
  // Appends pieces (GCC 12 reports false overflows in `"literal" + std::string`).
  template <class... Parts>
  static void put(std::string& o, const Parts&... parts) {
    (o.append(std::string_view(parts)), ...);
  }
  static std::string num(double x) { return std::isfinite(x) ? detail::python_float_repr(x) : "null"; }
  static std::string fixed(double x, const char* format) {
    if (std::isnan(x)) return "-";
    char b[32];
    std::snprintf(b, sizeof b, format, x);
    return b;
  }
  static std::string prom_num(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "+Inf" : "-Inf";
    return detail::python_float_repr(x);
  }
  /// Appends `s` with bytes that are not UTF-8 replaced by U+FFFD (JSON and
  /// Prometheus text must be UTF-8; a label is whatever the input held).
  template <class Escape>
  static std::string utf8_escaped(std::string_view s, Escape&& escape) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t n = detail::utf8_sequence_length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else if (n > 1) {
        out.append(s.substr(i, n));
        i += n;
      } else {
        escape(s[i], out);
        ++i;
      }
    }
    return out;
  }
  static std::string quote(std::string_view s) {
    std::string text(1, '"');
    text.append(utf8_escaped(s, [](char c, std::string& out) {
             static constexpr char hex[] = "0123456789abcdef";
             const auto u = static_cast<unsigned char>(c);
             if (c == '"' || c == '\\') {
               out += '\\';
               out += c;
             } else if (u < 0x20 || u == 0x7F) {
               out += "\\u00";
               out += hex[u >> 4];
               out += hex[u & 15];
             } else {
               out += c;
             }
           }));
    text.push_back('"');
    return text;
  }
  /// A label value per the exposition format: \\, \" and \n escaped.
  static std::string prom_escape(std::string_view s) {
    return utf8_escaped(s, [](char c, std::string& out) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '"')
        out += "\\\"";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    });
  }
};

FEPIPE_NAMESPACE_END
