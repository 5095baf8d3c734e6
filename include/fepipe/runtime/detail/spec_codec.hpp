#pragma once
/// @file
/// The per-type half of the spec bridge (fepipe/runtime/spec.hpp): how a
/// value of each option type is read from JSON, written to JSON and
/// described, and the archive that walks an Options struct's `serialize`
/// to list its fields. Nothing here knows a class: a class's options are
/// what its serialize function lists (the FEPIPE_NVP names are the
/// keywords) plus its optional `spec_keywords` table (core/spec_keyword.hpp).
///
/// JSON forms (Python's, so a spec reads like the Python call):
/// - bool: true/false. Integers: JSON integers only (2.0 is a float, as in
///   Python), range-checked exactly. Floats: any JSON number; NaN never,
///   ±Infinity only inside lists and dicts (ArbitraryDiscretiser's edges),
///   where the class's own validation judges them.
/// - enums: their `enum_names` strings. Strings: JSON strings only.
/// - std::optional: null when unset. std::pair: a 2-element list (a Python
///   tuple). std::vector: a list (a single string for a list of strings or
///   names, as feature-engine accepts; null for an empty list). fepipe::Dict:
///   an object (null for an empty one).
/// - Variables: null (automatic), a string or a list of strings.
/// - RowCount (scikit-learn's int-or-float sizes): an int is a count, a
///   float a fraction. MaxFeatures: null, "sqrt", "log2", an int or a float.
/// - any other struct with `serialize(Archive&)` (TreeParamGrid,
///   Lasso::Options): an object of its own keywords, null for its defaults.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/type_traits.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/io/detail/spec_json.hpp"
#include "fepipe/core/spec_keyword.hpp"

FEPIPE_NAMESPACE_BEGIN

// Value types with a JSON form of their own (tree/tree_options.hpp). Only
// declared: the codecs below touch them in dependent code, so a program
// that uses no tree model does not need their header.
struct RowCount;
struct MaxFeatures;

/// One row of a class's option documentation (see step_options()).
struct SpecOptionDoc {
  /// The spec keyword; "parent.key" for a key of a nested option object.
  std::string keyword;
  /// The JSON forms accepted, Python-style: `int`, `float | null`,
  /// `"mean" | "median"`, `list[str] | null`, `dict[str, float] | null`.
  std::string type;
  /// The default, as get_params writes it.
  std::string default_value;
  /// The C++ Options field(s) behind the keyword.
  std::vector<std::string> fields;
};

namespace detail {

// ---------------------------------------------------------------------------
// Places and errors

/// Which step a spec is read for: every message starts with it.
struct SpecContext {
  std::string step;
  std::string cls;
  [[noreturn]] void fail(const std::string& what) const {
    throw ParameterError("step " + quote_label(step) + " (" + cls + "): " + what);
  }
};

using SpecAliases = std::vector<std::pair<JsonValue, JsonValue>>;

/// Where a value is read: the option and the path inside it.
struct SpecPlace {
  const SpecContext* ctx = nullptr;
  std::string keyword;
  std::string path;
  /// Inside a list or dict (±Infinity accepted there).
  bool in_container = false;
  /// The option's reference spellings, listed with its accepted values.
  const SpecAliases* aliases = nullptr;

  SpecPlace at_index(std::size_t i) const {
    SpecPlace p = *this;
    p.path += "[" + std::to_string(i) + "]";
    p.in_container = true;
    p.aliases = nullptr;
    return p;
  }
  SpecPlace at_key(std::string_view key, bool container) const {
    SpecPlace p = *this;
    p.path += "[" + json_quote(key.size() > 80 ? key.substr(0, 80) : key) + "]";
    p.in_container = container;
    p.aliases = nullptr;
    return p;
  }
  std::string where() const { return "option " + quote_label(keyword) + (path.empty() ? "" : " at " + path); }
  [[noreturn]] void fail(const std::string& problem) const { ctx->fail(where() + ": " + problem); }
  [[noreturn]] void expected(const std::string& type, const JsonValue& got) const {
    fail("expected " + type + ", got " + json_brief(got));
  }
};

inline constexpr unsigned json_bit(JsonValue::Kind k) noexcept { return 1u << static_cast<unsigned>(k); }
inline constexpr unsigned kNullBit = json_bit(JsonValue::Kind::null);
inline constexpr unsigned kBoolBit = json_bit(JsonValue::Kind::boolean);
inline constexpr unsigned kIntBit = json_bit(JsonValue::Kind::integer);
inline constexpr unsigned kRealBit = json_bit(JsonValue::Kind::real);
inline constexpr unsigned kStringBit = json_bit(JsonValue::Kind::string);
inline constexpr unsigned kArrayBit = json_bit(JsonValue::Kind::array);
inline constexpr unsigned kObjectBit = json_bit(JsonValue::Kind::object);

// ---------------------------------------------------------------------------
// Type traits (the containers' in core/detail/type_traits.hpp)

/// A struct whose own keywords form a nested option object.
template <class T>
concept SpecStruct = std::is_class_v<T> && !std::is_same_v<T, std::string> && !std::is_same_v<T, Variables> &&
                     !std::is_same_v<T, RowCount> && !std::is_same_v<T, MaxFeatures> && !is_std_vector<T>::value &&
                     !is_std_optional<T>::value && !is_std_pair<T>::value && !is_dict<T>::value;

template <class T>
constexpr bool spec_listlike_element = std::is_same_v<T, std::string> || NamedEnum<T>;

// ---------------------------------------------------------------------------
// The fields of an options struct

struct SpecField {
  std::string name;
  std::string keyword;
  SpecAliases aliases;
  bool hidden = false;
  unsigned kinds = 0;
  std::function<void(const JsonValue&, const SpecPlace&)> read;
  std::function<JsonValue()> write;
  std::string (*type)() = nullptr;
  std::vector<SpecOptionDoc> (*children)() = nullptr;
};

template <class T>
void spec_read(T& v, const JsonValue& j, const SpecPlace& at);
template <class T>
JsonValue spec_write(const T& v, bool inside_optional = false);
template <class T>
std::string spec_type();
template <class T>
unsigned spec_kinds();
template <class T>
std::vector<SpecOptionDoc> spec_children();

/// The archive a `serialize` function lists its fields to.
class SpecFieldCollector {
 public:
  static constexpr bool is_loading = false;
  static constexpr bool is_saving = true;

  template <class... T>
  void operator()(NameValue<T>... nv) {
    (add(nv.name, nv.value), ...);
  }

  std::vector<SpecField> fields;

 private:
  template <class T>
  void add(const char* name, T& value) {
    SpecField f;
    f.name = name;
    f.keyword = name;
    f.kinds = spec_kinds<T>();
    T* p = &value;
    f.read = [p](const JsonValue& j, const SpecPlace& at) { spec_read(*p, j, at); };
    f.write = [p] { return spec_write(*p); };
    f.type = &spec_type<T>;
    f.children = &spec_children<T>;
    fields.push_back(std::move(f));
  }
};

/// Applies `Owner::spec_keywords`, if it has one, to `fields`.
template <class Owner>
void apply_spec_keywords(std::vector<SpecField>& fields, std::string_view owner) {
  if constexpr (requires { Owner::spec_keywords; }) {
    for (const auto& k : Owner::spec_keywords) {
      const std::string_view field = k.field;
      auto it = std::find_if(fields.begin(), fields.end(), [&](const SpecField& f) { return f.name == field; });
      auto bad = [&](const std::string& what) {
        throw Error(std::string(owner) + "::spec_keywords: " + what + " (a fepipe bug)");
      };
      if (it == fields.end()) bad("no field is named '" + std::string(field) + "'");
      const std::string_view keyword = k.keyword;
      if (!keyword.empty()) it->keyword = std::string(keyword);
      it->hidden = k.hidden;
      const std::string_view values = k.values;
      if (!values.empty()) {
        JsonValue table;
        try {
          table = parse_spec_json(values);
        } catch (const ParameterError& e) {
          bad("values of '" + std::string(field) + "': " + e.what());
        }
        if (table.kind != JsonValue::Kind::array) bad("values of '" + std::string(field) + "' must be a list");
        it->aliases.clear();
        for (const JsonValue& pair : table.items) {
          if (pair.kind != JsonValue::Kind::array || pair.items.size() != 2)
            bad("values of '" + std::string(field) + "' must be [reference, fepipe] pairs");
          it->aliases.emplace_back(pair.items[0], pair.items[1]);
        }
      }
    }
  }
}

template <class T>
std::string spec_owner_name() {
  if constexpr (requires { T::type_name; })
    return std::string(T::type_name);
  else
    return "options";
}

/// The fields of `obj` (an Options struct or a nested option struct), with
/// the keyword tables of its type and of `Step` (void: none) applied.
template <class Step, class T>
std::vector<SpecField> spec_fields(T& obj) {
  SpecFieldCollector c;
  obj.serialize(c);
  if constexpr (std::is_void_v<Step>) {
    apply_spec_keywords<T>(c.fields, "a nested option struct");
  } else {
    apply_spec_keywords<T>(c.fields, spec_owner_name<Step>() + "::Options");
    apply_spec_keywords<Step>(c.fields, spec_owner_name<Step>());
  }
  return std::move(c.fields);
}

/// Fields sharing a keyword, in the order the keywords first appear.
struct SpecGroup {
  std::string keyword;
  std::vector<std::size_t> fields;
};

inline std::vector<SpecGroup> spec_groups(const std::vector<SpecField>& fields) {
  std::vector<SpecGroup> groups;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].hidden) continue;
    auto g = std::find_if(groups.begin(), groups.end(), [&](const SpecGroup& x) { return x.keyword == fields[i].keyword; });
    if (g == groups.end())
      groups.push_back({fields[i].keyword, {i}});
    else
      g->fields.push_back(i);
  }
  return groups;
}

inline std::string spec_join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

/// The JSON forms a keyword accepts: its fields' types, then the reference
/// spellings of their values.
inline std::string spec_group_type(const std::vector<SpecField>& fields, const SpecGroup& g) {
  // "null" once, after the fields' own forms: a keyword over an optional
  // and a dict reads "float | dict[str, float] | null".
  std::vector<std::string> parts;
  bool null = false;
  for (std::size_t i : g.fields) {
    std::string t = fields[i].type();
    constexpr std::string_view or_null = " | null";
    if (t.size() > or_null.size() && std::string_view(t).substr(t.size() - or_null.size()) == or_null) {
      t.resize(t.size() - or_null.size());
      null = true;
    }
    parts.push_back(std::move(t));
  }
  if (null) parts.emplace_back("null");
  for (std::size_t i : g.fields)
    for (const auto& a : fields[i].aliases) parts.push_back(json_dump(a.first));
  return spec_join(parts, " | ");
}

/// Reads the members of `obj` into `fields`. `parent`: the option whose
/// value `obj` is (nested), or null for a step's options (where "class",
/// the registry's key, is skipped).
inline void spec_read_object(const JsonValue& obj, std::vector<SpecField>& fields, const SpecContext& ctx,
                             const SpecPlace* parent) {
  const std::vector<SpecGroup> groups = spec_groups(fields);
  for (std::size_t m = 0; m < obj.keys.size(); ++m) {
    const std::string& key = obj.keys[m];
    const JsonValue& value = obj.items[m];
    if (!parent && key == "class") continue;
    auto g = std::find_if(groups.begin(), groups.end(), [&](const SpecGroup& x) { return x.keyword == key; });
    if (g == groups.end()) {
      std::vector<std::string> accepted;
      for (const auto& x : groups) accepted.push_back(x.keyword);
      const std::string list = "; accepted: " + (accepted.empty() ? std::string("none") : spec_join(accepted, ", "));
      if (parent) parent->fail("unknown key " + quote_label(key) + list);
      ctx.fail("unknown option " + quote_label(key) + list);
    }
    SpecPlace at;
    if (parent) {
      at = parent->at_key(key, false);
    } else {
      at.ctx = &ctx;
      at.keyword = key;
    }
    bool done = false;
    for (std::size_t i : g->fields) {
      SpecField& f = fields[i];
      at.aliases = &f.aliases;
      for (const auto& a : f.aliases)
        if (a.first == value) {
          f.read(a.second, at);
          done = true;
          break;
        }
      if (done) break;
      if (f.kinds & json_bit(value.kind)) {
        f.read(value, at);
        done = true;
        break;
      }
    }
    if (!done) at.expected(spec_group_type(fields, *g), value);
  }
}

/// Writes `fields` as an object of keywords. `defaults`: the same fields of
/// a default-constructed struct (a keyword shared by several fields writes
/// the one that differs from its default). `owner` names the class in errors.
inline JsonValue spec_write_object(const std::vector<SpecField>& fields, const std::vector<SpecField>& defaults,
                                   std::string_view owner) {
  JsonValue out = JsonValue::object();
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].hidden && fields[i].write() != defaults[i].write())
      throw_parameter(owner, "'" + fields[i].name + "' = " + json_brief(fields[i].write()) +
                                 " has no keyword in a spec (the reference class has no such option)");
  for (const SpecGroup& g : spec_groups(fields)) {
    std::vector<std::size_t> changed;
    for (std::size_t i : g.fields)
      if (fields[i].write() != defaults[i].write()) changed.push_back(i);
    if (changed.size() > 1)
      throw_parameter(owner, "'" + fields[changed[0]].name + "' and '" + fields[changed[1]].name +
                                 "' are both set, but the one keyword '" + g.keyword +
                                 "' they share in a spec holds only one of them");
    const SpecField& f = fields[changed.empty() ? g.fields.front() : changed.front()];
    JsonValue v = f.write();
    for (const auto& a : f.aliases)
      if (v == a.second) {
        v = a.first;
        break;
      }
    out.add(g.keyword, std::move(v));
  }
  return out;
}

/// The documentation rows of `fields` (`defaults`: the same fields of a
/// default-constructed struct), keywords prefixed by `prefix`.
inline std::vector<SpecOptionDoc> spec_docs(const std::vector<SpecField>& fields,
                                            const std::vector<SpecField>& defaults, const std::string& prefix,
                                            std::string_view owner) {
  std::vector<SpecOptionDoc> rows;
  const JsonValue written = spec_write_object(defaults, defaults, owner);
  const std::vector<SpecGroup> groups = spec_groups(fields);
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const SpecGroup& g = groups[k];
    SpecOptionDoc row;
    row.keyword = prefix + g.keyword;
    row.type = spec_group_type(fields, g);
    row.default_value = json_dump(written.items[k]);
    for (std::size_t i : g.fields) row.fields.push_back(fields[i].name);
    rows.push_back(row);
    for (std::size_t i : g.fields) {
      auto children = fields[i].children();
      for (auto& c : children) {
        c.keyword = row.keyword + "." + c.keyword;
        rows.push_back(std::move(c));
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Codecs

inline std::string spec_real_token(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  return python_float_repr(x);
}

template <class T>
void spec_read_integer(T& v, const JsonValue& j, const SpecPlace& at) {
  if (j.kind != JsonValue::Kind::integer) at.expected("int", j);
  using Wide = std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>;
  Wide x = 0;
  const char* end = j.text.data() + j.text.size();
  auto [ptr, ec] = std::from_chars(j.text.data(), end, x);
  if (ec != std::errc() || ptr != end || x < static_cast<Wide>(std::numeric_limits<T>::min()) ||
      x > static_cast<Wide>(std::numeric_limits<T>::max()))
    at.fail(json_brief(j) + " is out of range (" + std::to_string(std::numeric_limits<T>::min()) + " to " +
            std::to_string(std::numeric_limits<T>::max()) + ")");
  v = static_cast<T>(x);
}

inline double spec_read_double(const JsonValue& j, const SpecPlace& at) {
  if (!j.is_number()) at.expected("float", j);
  double x = 0;
  if (!j.to_double(x)) at.fail(json_brief(j) + " is out of the range of a float");
  if (std::isnan(x)) at.fail("expected a finite float, got NaN");
  if (std::isinf(x) && !at.in_container)
    at.fail("expected a finite float, got " + j.text);
  return x;
}

template <class E>
std::string spec_enum_values(const SpecAliases* aliases) {
  std::vector<std::string> parts;
  for (std::string_view n : enum_names(E{})) parts.push_back(json_quote(n));
  if (aliases)
    for (const auto& a : *aliases) parts.push_back(json_dump(a.first));
  return spec_join(parts, ", ");
}

template <class T>
void spec_read(T& v, const JsonValue& j, const SpecPlace& at) {
  using K = JsonValue::Kind;
  if constexpr (std::is_same_v<T, bool>) {
    if (j.kind != K::boolean) at.expected("bool", j);
    v = j.boolean;
  } else if constexpr (std::is_integral_v<T>) {
    spec_read_integer(v, j, at);
  } else if constexpr (std::is_floating_point_v<T>) {
    v = static_cast<T>(spec_read_double(j, at));
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (j.kind != K::string) at.expected("str", j);
    v = j.text;
  } else if constexpr (NamedEnum<T>) {
    if (j.kind != K::string) at.expected(spec_type<T>(), j);
    constexpr auto names = enum_names(T{});
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == j.text) {
        v = static_cast<T>(i);
        return;
      }
    at.fail("unknown value " + json_brief(j) + "; accepted: " + spec_enum_values<T>(at.aliases));
  } else if constexpr (is_std_optional<T>::value) {
    if (j.kind == K::null) {
      v.reset();
      return;
    }
    typename T::value_type x{};
    spec_read(x, j, at);
    v = std::move(x);
  } else if constexpr (is_std_vector<T>::value) {
    using E = typename T::value_type;
    if (j.kind == K::null) {
      v.clear();
      return;
    }
    if constexpr (spec_listlike_element<E>) {
      if (j.kind == K::string) {
        E x{};
        spec_read(x, j, at);
        v.assign(1, std::move(x));
        return;
      }
    }
    if (j.kind != K::array) at.expected(spec_type<T>(), j);
    T out;
    out.reserve(j.items.size());
    for (std::size_t i = 0; i < j.items.size(); ++i) {
      E x{};
      spec_read(x, j.items[i], at.at_index(i));
      out.push_back(std::move(x));
    }
    v = std::move(out);
  } else if constexpr (is_dict<T>::value) {
    if (j.kind == K::null) {
      v.clear();
      return;
    }
    if (j.kind != K::object) at.expected(spec_type<T>(), j);
    // The parser refused repeated keys, so entries are appended as they
    // come (insert_or_assign would search: quadratic in a large dict).
    T out;
    out.items().reserve(j.keys.size());
    for (std::size_t i = 0; i < j.keys.size(); ++i) {
      typename T::value_type::second_type x{};
      spec_read(x, j.items[i], at.at_key(j.keys[i], true));
      out.items().emplace_back(j.keys[i], std::move(x));
    }
    v = std::move(out);
  } else if constexpr (is_std_pair<T>::value) {
    if (j.kind != K::array || j.items.size() != 2) at.expected(spec_type<T>(), j);
    spec_read(v.first, j.items[0], at.at_index(0));
    spec_read(v.second, j.items[1], at.at_index(1));
  } else if constexpr (std::is_same_v<T, Variables>) {
    if (j.kind == K::null) {
      v = Variables{};
    } else if (j.kind == K::string) {
      v = Variables(j.text);
    } else if (j.kind == K::array) {
      std::vector<std::string> names;
      spec_read(names, j, at);
      v = Variables(std::move(names));
    } else {
      at.expected(spec_type<T>(), j);
    }
  } else if constexpr (std::is_same_v<T, RowCount>) {
    if (j.kind == K::integer) {
      T r{};
      spec_read_integer(r.count, j, at);
      r.fraction.reset();
      v = r;
    } else if (j.kind == K::real) {
      v = T::fraction_of_rows(spec_read_double(j, at));
    } else {
      at.expected(spec_type<T>(), j);
    }
  } else if constexpr (std::is_same_v<T, MaxFeatures>) {
    if (j.kind == K::null) {
      v = T::all();
    } else if (j.kind == K::string) {
      if (j.text == "sqrt")
        v = T::square_root();
      else if (j.text == "log2")
        v = T::log2();
      else
        at.fail("unknown value " + json_brief(j) + "; accepted: null, \"sqrt\", \"log2\", an int or a float");
    } else if (j.kind == K::integer) {
      int n = 0;
      spec_read_integer(n, j, at);
      v = T(n);
    } else if (j.kind == K::real) {
      v = T::fraction_of_features(spec_read_double(j, at));
    } else {
      at.expected(spec_type<T>(), j);
    }
  } else {
    static_assert(SpecStruct<T>, "an option type the spec cannot read");
    if (j.kind == K::null) {
      v = T{};
      return;
    }
    if (j.kind != K::object) at.expected(spec_type<T>(), j);
    T fresh{};
    std::vector<SpecField> fields = spec_fields<void>(fresh);
    spec_read_object(j, fields, *at.ctx, &at);
    v = std::move(fresh);
  }
}

template <class T>
JsonValue spec_write(const T& v, bool inside_optional) {
  using K = JsonValue::Kind;
  if constexpr (std::is_same_v<T, bool>) {
    return JsonValue::from_bool(v);
  } else if constexpr (std::is_integral_v<T>) {
    return JsonValue::number_token(K::integer, std::to_string(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    return JsonValue::number_token(K::real, spec_real_token(static_cast<double>(v)));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return JsonValue::from_string(v);
  } else if constexpr (NamedEnum<T>) {
    return JsonValue::from_string(std::string(enum_names(v).at(static_cast<std::size_t>(v))));
  } else if constexpr (is_std_optional<T>::value) {
    return v ? spec_write(*v, true) : JsonValue::null_value();
  } else if constexpr (is_std_vector<T>::value) {
    if (v.empty() && !inside_optional) return JsonValue::null_value();
    JsonValue out = JsonValue::array();
    for (const auto& e : v) out.items.push_back(spec_write(static_cast<const typename T::value_type&>(e)));
    return out;
  } else if constexpr (is_dict<T>::value) {
    if (v.empty() && !inside_optional) return JsonValue::null_value();
    JsonValue out = JsonValue::object();
    for (const auto& [key, value] : v) out.add(key, spec_write(value));
    return out;
  } else if constexpr (is_std_pair<T>::value) {
    JsonValue out = JsonValue::array();
    out.items.push_back(spec_write(v.first));
    out.items.push_back(spec_write(v.second));
    return out;
  } else if constexpr (std::is_same_v<T, Variables>) {
    if (v.automatic()) return JsonValue::null_value();
    JsonValue out = JsonValue::array();
    for (const auto& n : v.names()) out.items.push_back(JsonValue::from_string(n));
    return out;
  } else if constexpr (std::is_same_v<T, RowCount>) {
    if (v.fraction) return spec_write(*v.fraction);
    return spec_write(v.count);
  } else if constexpr (std::is_same_v<T, MaxFeatures>) {
    using Rule = decltype(v.rule);
    switch (v.rule) {
      case Rule::all: return JsonValue::null_value();
      case Rule::sqrt: return JsonValue::from_string("sqrt");
      case Rule::log2: return JsonValue::from_string("log2");
      case Rule::count: return spec_write(v.count);
      case Rule::fraction: break;
    }
    return spec_write(v.fraction);
  } else {
    static_assert(SpecStruct<T>, "an option type the spec cannot write");
    T copy = v, fresh{};
    const std::vector<SpecField> fields = spec_fields<void>(copy);
    const std::vector<SpecField> defaults = spec_fields<void>(fresh);
    return spec_write_object(fields, defaults, "options");
  }
}

template <class T>
std::string spec_type() {
  if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (std::is_integral_v<T>) {
    return "int";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "float";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "str";
  } else if constexpr (NamedEnum<T>) {
    std::vector<std::string> parts;
    for (std::string_view n : enum_names(T{})) parts.push_back(json_quote(n));
    return spec_join(parts, " | ");
  } else if constexpr (is_std_optional<T>::value) {
    std::string inner = spec_type<typename T::value_type>();
    constexpr std::string_view or_null = " | null";
    const bool has_null = inner.size() > or_null.size() &&
                          std::string_view(inner).substr(inner.size() - or_null.size()) == or_null;
    return has_null ? inner : inner + " | null";
  } else if constexpr (is_std_vector<T>::value) {
    using E = typename T::value_type;
    const std::string element = spec_type<E>();
    return (spec_listlike_element<E> ? element + " | " : std::string()) + "list[" + element + "] | null";
  } else if constexpr (is_dict<T>::value) {
    return "dict[str, " + spec_type<typename T::value_type::second_type>() + "] | null";
  } else if constexpr (is_std_pair<T>::value) {
    return "[" + spec_type<typename T::first_type>() + ", " + spec_type<typename T::second_type>() + "]";
  } else if constexpr (std::is_same_v<T, Variables>) {
    return "str | list[str] | null";
  } else if constexpr (std::is_same_v<T, RowCount>) {
    return "int | float";
  } else if constexpr (std::is_same_v<T, MaxFeatures>) {
    return "\"sqrt\" | \"log2\" | int | float | null";
  } else {
    static_assert(SpecStruct<T>, "an option type the spec cannot describe");
    return "dict | null";
  }
}

template <class T>
unsigned spec_kinds() {
  if constexpr (std::is_same_v<T, bool>) {
    return kBoolBit;
  } else if constexpr (std::is_integral_v<T>) {
    return kIntBit;
  } else if constexpr (std::is_floating_point_v<T>) {
    return kIntBit | kRealBit;
  } else if constexpr (std::is_same_v<T, std::string> || NamedEnum<T>) {
    return kStringBit;
  } else if constexpr (is_std_optional<T>::value) {
    return kNullBit | spec_kinds<typename T::value_type>();
  } else if constexpr (is_std_vector<T>::value) {
    return kNullBit | kArrayBit | (spec_listlike_element<typename T::value_type> ? kStringBit : 0u);
  } else if constexpr (is_dict<T>::value) {
    return kNullBit | kObjectBit;
  } else if constexpr (is_std_pair<T>::value) {
    return kArrayBit;
  } else if constexpr (std::is_same_v<T, Variables>) {
    return kNullBit | kStringBit | kArrayBit;
  } else if constexpr (std::is_same_v<T, RowCount>) {
    return kIntBit | kRealBit;
  } else if constexpr (std::is_same_v<T, MaxFeatures>) {
    return kNullBit | kStringBit | kIntBit | kRealBit;
  } else {
    static_assert(SpecStruct<T>, "an option type the spec cannot read");
    return kNullBit | kObjectBit;
  }
}

template <class T>
std::vector<SpecOptionDoc> spec_children() {
  if constexpr (SpecStruct<T>) {
    T a{}, b{};
    const std::vector<SpecField> fields = spec_fields<void>(a);
    const std::vector<SpecField> defaults = spec_fields<void>(b);
    return spec_docs(fields, defaults, "", "options");
  } else if constexpr (is_std_optional<T>::value || is_std_vector<T>::value) {
    return spec_children<typename T::value_type>();
  } else {
    return {};
  }
}

}  // namespace detail
FEPIPE_NAMESPACE_END
