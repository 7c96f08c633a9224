#include "hwcert/conformance/suite.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <toml++/toml.h>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/stable_hash.hpp"
#include "hwcert/support/toml_reader.hpp"

#ifndef HWCERT_SOURCE_SUITES_DIR
#define HWCERT_SOURCE_SUITES_DIR ""
#endif

namespace hwcert::conformance {
namespace {

using Shape = std::vector<int64_t>;

Status error_at(std::string_view source, const toml::source_region& where,
                const std::string& what) {
  return {StatusCode::kInvalidArgument,
          support::Diagnostic{support::position_of(source, where), what}.to_string()};
}

// One entry of `shapes`: op-specific flat form or explicit per-input shapes.
struct ShapeEntry {
  bool explicit_inputs = false;
  Shape flat;
  std::vector<Shape> inputs;
};

struct DtypeEntry {
  std::vector<DType> inputs;
  std::optional<DType> output;
  std::string text;
};

struct CaseTemplate {
  std::string op;
  std::vector<DtypeEntry> dtypes;
  std::vector<ShapeEntry> shapes;
  std::vector<std::pair<std::string, std::vector<AttributeValue>>> attributes;
  std::vector<InputTier> tiers{InputTier::kStatistical};
  std::vector<std::string> layouts{"dense"};
  std::vector<bool> bias{false};
  std::vector<uint64_t> seeds;
  bool determinism = false;
  std::optional<double> max_zero_fraction;
  std::optional<uint64_t> sample;
};

std::string id_text(const AttributeValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, int64_t>)
          return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>)
          return fmt::format("{:g}", x);
        else if constexpr (std::is_same_v<T, std::string>)
          return x;
        else
          return fmt::format("{}", fmt::join(x, "."));
      },
      v);
}

std::string shape_id(const Shape& s) {
  return s.empty() ? std::string("scalar") : fmt::format("{}", fmt::join(s, "x"));
}

Expected<Shape> read_int_list(const toml::node& node, std::string_view source,
                              std::string_view what) {
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return error_at(source, node.source(), fmt::format("expected {} (a list of integers)", what));
  Shape out;
  for (const toml::node& v : *array) {
    auto i = v.value_exact<int64_t>();
    if (!i) return error_at(source, v.source(), fmt::format("expected an integer in {}", what));
    out.push_back(*i);
  }
  return out;
}

Expected<std::vector<std::string>> read_strings(const toml::node& node, std::string_view source,
                                                std::string_view key) {
  std::vector<std::string> out;
  if (auto s = node.value_exact<std::string>()) return std::vector<std::string>{*s};
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return error_at(source, node.source(),
                    fmt::format("'{}' must be a string or a list of strings", key));
  for (const toml::node& v : *array) {
    auto s = v.value_exact<std::string>();
    if (!s) return error_at(source, v.source(), fmt::format("'{}' must hold strings", key));
    out.push_back(*s);
  }
  return out;
}

Expected<DtypeEntry> parse_dtype_entry(const std::string& text, const toml::node& node,
                                       std::string_view source) {
  DtypeEntry entry;
  entry.text = text;
  std::string_view left = text;
  const std::size_t arrow = text.find("->");
  if (arrow != std::string::npos) {
    left = std::string_view(text).substr(0, arrow);
    auto out = parse_dtype(std::string_view(text).substr(arrow + 2));
    if (!out)
      return error_at(source, node.source(), fmt::format("unknown output dtype in \"{}\"", text));
    entry.output = *out;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t star = left.find('*', start);
    auto d = parse_dtype(left.substr(start, star - start));
    if (!d) {
      return error_at(source, node.source(),
                      fmt::format("unknown dtype in \"{}\" (expected names like f32, or "
                                  "\"f8e4m3*f8e5m2->bf16\")",
                                  text));
    }
    entry.inputs.push_back(*d);
    if (star == std::string_view::npos) break;
    start = star + 1;
  }
  return entry;
}

// Converts a TOML value to an attribute value of the schema's type.
Expected<AttributeValue> to_attribute(const toml::node& node, catalogue::AttrType type,
                                      std::string_view source, std::string_view name) {
  switch (type) {
    case catalogue::AttrType::kInt:
      if (auto v = node.value_exact<int64_t>()) return AttributeValue{*v};
      break;
    case catalogue::AttrType::kFloat:
      if (auto v = node.value<double>()) return AttributeValue{*v};
      break;
    case catalogue::AttrType::kString:
      if (auto v = node.value_exact<std::string>()) return AttributeValue{*v};
      break;
    case catalogue::AttrType::kInts: {
      auto list = read_int_list(node, source, fmt::format("attribute '{}'", name));
      if (list) return AttributeValue{*list};
      return list.status();
    }
    case catalogue::AttrType::kFloats: {
      const toml::array* array = node.as_array();
      if (array == nullptr) break;
      std::vector<double> out;
      for (const toml::node& v : *array) {
        auto d = v.value<double>();
        if (!d)
          return error_at(source, v.source(), fmt::format("attribute '{}' holds numbers", name));
        out.push_back(*d);
      }
      return AttributeValue{out};
    }
  }
  return error_at(
      source, node.source(),
      fmt::format("attribute '{}' must be {} (or a list of alternatives)", name, to_string(type)));
}

Expected<std::vector<ShapeEntry>> read_shapes(const toml::node& node, std::string_view source) {
  const toml::array* array = node.as_array();
  if (array == nullptr) return error_at(source, node.source(), "'shapes' must be a list of shapes");
  std::vector<ShapeEntry> shapes;
  for (const toml::node& entry : *array) {
    const toml::array* inner = entry.as_array();
    if (inner == nullptr) {
      return error_at(source, entry.source(),
                      "each shape must be a list of integers or a list of per-input shapes");
    }
    ShapeEntry s;
    if (!inner->empty() && inner->front().is_array()) {
      s.explicit_inputs = true;
      for (const toml::node& shape : *inner) {
        auto list = read_int_list(shape, source, "an input shape");
        if (!list) return list.status();
        s.inputs.push_back(std::move(*list));
      }
    } else {
      auto list = read_int_list(entry, source, "a shape");
      if (!list) return list.status();
      s.flat = std::move(*list);
    }
    shapes.push_back(std::move(s));
  }
  return shapes;
}

// `attributes = { name = value or [alternatives] }`, each converted to the schema's type.
Status read_attributes(const toml::node& node, const catalogue::OpSchema& schema,
                       std::string_view source, CaseTemplate& t) {
  const toml::table* attrs = node.as_table();
  if (attrs == nullptr)
    return error_at(source, node.source(), "'attributes' must be a table { name = value }");
  for (const auto& [name_node, value] : *attrs) {
    const std::string name(name_node.str());
    const catalogue::AttrSchema* a = schema.find_attribute(name);
    if (a == nullptr) {
      return error_at(source, value.source(),
                      fmt::format("op {} has no attribute '{}'", t.op, name));
    }
    std::vector<AttributeValue> alternatives;
    const toml::array* array = value.as_array();
    const bool list_type =
        a->type == catalogue::AttrType::kInts || a->type == catalogue::AttrType::kFloats;
    const bool is_alternatives =
        array != nullptr && (!list_type || (!array->empty() && array->front().is_array()));
    if (is_alternatives) {
      for (const toml::node& v : *array) {
        auto converted = to_attribute(v, a->type, source, name);
        if (!converted) return converted.status();
        alternatives.push_back(std::move(*converted));
      }
    } else {
      auto converted = to_attribute(value, a->type, source, name);
      if (!converted) return converted.status();
      alternatives.push_back(std::move(*converted));
    }
    t.attributes.emplace_back(name, std::move(alternatives));
  }
  return Status::Ok();
}

Expected<std::vector<InputTier>> read_tiers(const toml::node& node, std::string_view source) {
  auto names = read_strings(node, source, "tiers");
  if (!names) return names.status();
  std::vector<InputTier> tiers;
  for (const std::string& n : *names) {
    auto tier = parse_input_tier(n);
    if (!tier)
      return error_at(source, node.source(),
                      fmt::format("unknown tier \"{}\" (expected {})", n, input_tier_list()));
    tiers.push_back(*tier);
  }
  return tiers;
}

Expected<std::vector<std::string>> read_layouts(const toml::node& node, std::string_view source) {
  auto names = read_strings(node, source, "layouts");
  if (!names) return names.status();
  const std::vector<std::string> known = layout_names();
  for (const std::string& n : *names) {
    if (std::find(known.begin(), known.end(), n) == known.end()) {
      return error_at(
          source, node.source(),
          fmt::format("unknown layout \"{}\" (expected one of {})", n, fmt::join(known, ", ")));
    }
  }
  return names;
}

Expected<std::vector<bool>> read_bias(const toml::node& node, std::string_view source) {
  std::vector<bool> bias;
  if (auto b = node.value_exact<bool>()) return std::vector<bool>{*b};
  const toml::array* array = node.as_array();
  if (array == nullptr)
    return error_at(source, node.source(), "'bias' must be true, false or a list of them");
  for (const toml::node& v : *array) {
    auto b = v.value_exact<bool>();
    if (!b) return error_at(source, v.source(), "'bias' must hold true or false");
    bias.push_back(*b);
  }
  return bias;
}

// A seed takes the whole uint64 range: a TOML integer (int64; a negative one stands for its
// two's complement) or, above 2^63 - 1, a string of decimal digits ("18446744073709551615").
Expected<uint64_t> read_seed(const toml::node& node, std::string_view source) {
  if (auto i = node.value_exact<int64_t>()) return static_cast<uint64_t>(*i);
  if (auto text = node.value_exact<std::string>()) {
    uint64_t seed = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, seed);
    if (!text->empty() && ec == std::errc() && ptr == end) return seed;
  }
  return error_at(source, node.source(),
                  "a seed must be an integer or a string of decimal digits below 2^64");
}

Expected<std::vector<uint64_t>> read_seeds(const toml::node& node, std::string_view source) {
  const toml::array* array = node.as_array();
  if (array == nullptr) return error_at(source, node.source(), "'seeds' must be a list of seeds");
  std::vector<uint64_t> seeds;
  for (const toml::node& v : *array) {
    auto seed = read_seed(v, source);
    if (!seed) return seed.status();
    seeds.push_back(*seed);
  }
  return seeds;
}

// Moves an Expected value into `field`, or returns its error.
template <typename T, typename Field>
Status assign(Expected<T> value, Field& field) {
  if (!value) return value.status();
  field = std::move(*value);
  return Status::Ok();
}

// One key of a [[case]] table other than `op`.
Status read_template_key(std::string_view key, const toml::node& node,
                         const catalogue::OpSchema& schema, std::string_view source,
                         CaseTemplate& t) {
  if (key == "dtypes") {
    auto names = read_strings(node, source, key);
    if (!names) return names.status();
    for (const std::string& n : *names) {
      auto entry = parse_dtype_entry(n, node, source);
      if (!entry) return entry.status();
      t.dtypes.push_back(std::move(*entry));
    }
    return Status::Ok();
  }
  if (key == "shapes") return assign(read_shapes(node, source), t.shapes);
  if (key == "attributes") return read_attributes(node, schema, source, t);
  if (key == "tiers") return assign(read_tiers(node, source), t.tiers);
  if (key == "layouts") return assign(read_layouts(node, source), t.layouts);
  if (key == "bias") return assign(read_bias(node, source), t.bias);
  if (key == "seeds") return assign(read_seeds(node, source), t.seeds);
  if (key == "determinism") {
    auto b = node.value_exact<bool>();
    if (!b) return error_at(source, node.source(), "'determinism' must be true or false");
    t.determinism = *b;
  } else if (key == "max_zero_fraction") {
    auto f = node.value<double>();
    if (!f || *f < 0 || *f > 1)
      return error_at(source, node.source(), "'max_zero_fraction' must be a number in [0, 1]");
    t.max_zero_fraction = *f;
  } else if (key == "sample") {
    auto n = node.value_exact<int64_t>();
    if (!n || *n < 1) return error_at(source, node.source(), "'sample' must be a positive integer");
    t.sample = static_cast<uint64_t>(*n);
  } else {
    return error_at(
        source, node.source(),
        fmt::format("unknown key '{}' in [[case]] (expected op, dtypes, shapes, attributes, "
                    "tiers, layouts, bias, seeds, determinism, max_zero_fraction, sample)",
                    key));
  }
  return Status::Ok();
}

Expected<CaseTemplate> parse_template(const toml::table& table, std::string_view source) {
  CaseTemplate t;
  const toml::node* op_node = table.get("op");
  if (op_node == nullptr || !op_node->is_string()) {
    return error_at(source, table.source(), "a [[case]] needs op = \"<catalogue op name>\"");
  }
  t.op = *op_node->value<std::string>();
  const catalogue::OpSchema* schema = catalogue::find_op_schema(t.op);
  if (schema == nullptr) {
    return error_at(source, op_node->source(),
                    fmt::format("unknown op \"{}\" (not in the catalogue)", t.op));
  }
  for (const auto& [key_node, node] : table) {
    if (key_node.str() == "op") continue;
    if (Status s = read_template_key(key_node.str(), node, *schema, source, t); !s.ok()) return s;
  }
  if (t.dtypes.empty()) return error_at(source, table.source(), "a [[case]] needs dtypes = [...]");
  if (t.shapes.empty()) return error_at(source, table.source(), "a [[case]] needs shapes = [...]");
  return t;
}

// Input shapes of an op from a flat shape entry.
Expected<std::vector<Shape>> input_shapes(const std::string& op, const ShapeEntry& entry,
                                          const std::vector<Attribute>& attrs, bool bias) {
  if (entry.explicit_inputs) return entry.inputs;
  const Shape& s = entry.flat;
  const auto attr_int = [&](std::string_view name, int64_t fallback) {
    for (const Attribute& a : attrs) {
      if (a.name == name && std::holds_alternative<int64_t>(a.value))
        return std::get<int64_t>(a.value);
    }
    return fallback;
  };
  const auto attr_string = [&](std::string_view name, std::string fallback) {
    for (const Attribute& a : attrs) {
      if (a.name == name && std::holds_alternative<std::string>(a.value))
        return std::get<std::string>(a.value);
    }
    return fallback;
  };
  const catalogue::OpSchema* schema = catalogue::find_op_schema(op);
  const auto need = [&](std::size_t n, const char* form) -> Status {
    if (s.size() < n) {
      return {StatusCode::kInvalidArgument, fmt::format("{} shapes are {}", op, form)};
    }
    return Status::Ok();
  };
  if (op == "matmul") {
    if (Status st = need(3, "[B..., M, N, K]"); !st.ok()) return st;
    const Shape batch(s.begin(), s.end() - 3);
    const int64_t m = s[s.size() - 3], n = s[s.size() - 2], k = s[s.size() - 1];
    Shape a = batch, b = batch;
    const bool ta = attr_int("transpose_a", 0) != 0, tb = attr_int("transpose_b", 0) != 0;
    a.push_back(ta ? k : m);
    a.push_back(ta ? m : k);
    b.push_back(tb ? n : k);
    b.push_back(tb ? k : n);
    std::vector<Shape> out{a, b};
    if (bias) out.push_back({n});
    return out;
  }
  const bool nhwc = attr_string("layout", "NCHW") == "NHWC";
  const auto activation = [&](int64_t n, int64_t c, int64_t h, int64_t w) {
    return nhwc ? Shape{n, h, w, c} : Shape{n, c, h, w};
  };
  if (op == "conv2d") {
    if (Status st = need(7, "[N, C, H, W, C_out, KH, KW]"); !st.ok()) return st;
    const int64_t groups = attr_int("groups", 1);
    const int64_t cg = groups > 0 ? s[1] / groups : s[1];
    std::vector<Shape> out{activation(s[0], s[1], s[2], s[3]),
                           nhwc ? Shape{s[4], s[5], s[6], cg} : Shape{s[4], cg, s[5], s[6]}};
    if (bias) out.push_back({s[4]});
    return out;
  }
  if (schema->family == catalogue::OpFamily::kPooling) {
    if (Status st = need(4, "[N, C, H, W]"); !st.ok()) return st;
    return std::vector<Shape>{activation(s[0], s[1], s[2], s[3])};
  }
  if (op == "scaled_dot_product_attention") {
    if (Status st = need(6, "[B, H, Sq, Sk, D, Dv]"); !st.ok()) return st;
    return std::vector<Shape>{
        {s[0], s[1], s[2], s[4]}, {s[0], s[1], s[3], s[4]}, {s[0], s[1], s[3], s[5]}};
  }
  if (schema->family == catalogue::OpFamily::kBinary || op == "concat")
    return std::vector<Shape>{s, s};
  if (op == "where") return std::vector<Shape>{s, s, s};
  if (op == "gather") return std::vector<Shape>{s, {3}};
  if (op == "batch_norm") {  // X [N, C, ...], then scale, bias, mean, var of [C]
    if (Status st = need(2, "[N, C, ...]"); !st.ok()) return st;
    return std::vector<Shape>{s, {s[1]}, {s[1]}, {s[1]}, {s[1]}};
  }
  if (op == "layer_norm" || op == "rms_norm") {
    auto axis = catalogue::normalize_axis(attr_int("axis", -1), s.size());
    if (!axis)
      return Status{StatusCode::kInvalidArgument,
                    fmt::format("{}: axis out of range for {}", op, shape_id(s))};
    const Shape tail(s.begin() + *axis, s.end());
    std::vector<Shape> out{s, tail};
    if (op == "layer_norm") out.push_back(tail);
    return out;
  }
  return std::vector<Shape>{s};
}

std::vector<DType> input_dtypes(const std::string& op, const DtypeEntry& d, std::size_t count,
                                DType output) {
  std::vector<DType> out;
  for (std::size_t i = 0; i < count; ++i) {
    if (op == "where" && d.inputs.size() == 1) {
      out.push_back(i == 0 ? DType::kU8 : d.inputs[0]);  // dtypes = ["f32"] names A and B
    } else if (i < d.inputs.size()) {
      out.push_back(d.inputs[i]);
    } else if (op == "gather" && i == 1) {
      out.push_back(DType::kI32);
    } else if (op == "matmul" && i == 2) {
      out.push_back(output);  // bias has the output dtype
    } else if (op == "matmul" && i == 1) {
      out.push_back(d.inputs[0]);
    } else {
      out.push_back(d.inputs[0]);
    }
  }
  return out;
}

std::string dtype_id(const DtypeEntry& d) {
  std::string s;
  for (std::size_t i = 0; i < d.inputs.size(); ++i) {
    if (i > 0) s += ".";
    s += dtype_name(d.inputs[i]);
  }
  if (d.output) {
    s += '-';
    s += dtype_name(*d.output);
  }
  return s;
}

Shape padded_strides(const Shape& shape) {
  Shape strides(shape.size());
  int64_t inner = 2;
  for (std::size_t d = shape.size(); d-- > 0;) {
    strides[d] = inner;
    inner = inner * std::max<int64_t>(shape[d], 1) + 1;
  }
  return strides;
}

Shape column_major_strides(const Shape& shape) {
  Shape strides(shape.size());
  int64_t inner = 1;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    strides[d] = inner;
    inner *= std::max<int64_t>(shape[d], 1);
  }
  return strides;
}

// Cartesian product of the attribute alternatives.
std::vector<std::vector<Attribute>> attribute_sets(const CaseTemplate& t) {
  std::vector<std::vector<Attribute>> sets{{}};
  for (const auto& [name, alternatives] : t.attributes) {
    std::vector<std::vector<Attribute>> next;
    for (const auto& set : sets) {
      for (const AttributeValue& v : alternatives) {
        auto extended = set;
        extended.push_back({name, v});
        next.push_back(std::move(extended));
      }
    }
    sets = std::move(next);
  }
  return sets;
}

// One point of a template's cartesian product.
struct Variant {
  const DtypeEntry& dtypes;
  const ShapeEntry& shape;
  const std::vector<Attribute>& attrs;
  bool bias;
  const std::string& layout;
  InputTier tier;
  uint64_t seed;
};

// The validated call of one variant (INVALID_ARGUMENT with the reason otherwise).
Expected<OpCall> variant_call(const std::string& op, const Variant& v) {
  auto shapes = input_shapes(op, v.shape, v.attrs, v.bias);
  if (!shapes) return shapes.status();
  const std::optional<DType> out_dtype =
      v.dtypes.output ? v.dtypes.output : catalogue::default_output_dtype(op, v.dtypes.inputs);
  if (!out_dtype) {
    return Status{StatusCode::kInvalidArgument,
                  fmt::format("{} needs an output dtype: \"in->out\"", op)};
  }
  const std::vector<DType> in_dtypes = input_dtypes(op, v.dtypes, shapes->size(), *out_dtype);
  std::vector<TensorSpec> inputs;
  for (std::size_t i = 0; i < shapes->size(); ++i) {
    inputs.push_back(TensorSpec::dense(in_dtypes[i], (*shapes)[i]));
  }
  OpCall probe(op, inputs, {TensorSpec::dense(*out_dtype, {})}, v.attrs);
  auto outputs = catalogue::infer_outputs(probe);
  if (!outputs) {
    return Status{StatusCode::kInvalidArgument,
                  "expands to an invalid call: " + outputs.status().message()};
  }
  for (TensorSpec& out : *outputs) out.dtype = *out_dtype;
  OpCall dense(op, inputs, std::move(*outputs), v.attrs, catalogue::op_opset(op));
  auto call = apply_layout(dense, v.layout);
  if (!call) return call.status();
  if (Status s = catalogue::validate_op_call(*call); !s.ok()) {
    return Status{StatusCode::kInvalidArgument, "expands to an invalid call: " + s.message()};
  }
  return call;
}

// op.dtypes_shape[_attr...][_bias]_layout_tier[_sSEED], made unique by a _N suffix.
std::string variant_id(const CaseTemplate& t, const Variant& v,
                       std::map<std::string, int>& used_ids) {
  std::string id = fmt::format("{}.{}_", t.op, dtype_id(v.dtypes));
  if (v.shape.explicit_inputs) {
    std::vector<std::string> parts;
    for (const Shape& s : v.shape.inputs) parts.push_back(shape_id(s));
    id += fmt::format("{}", fmt::join(parts, "_"));
  } else {
    id += shape_id(v.shape.flat);
  }
  for (const Attribute& a : v.attrs) id += fmt::format("_{}{}", a.name, id_text(a.value));
  if (v.bias) id += "_bias";
  id += fmt::format("_{}_{}", v.layout, to_string(v.tier));
  if (!t.seeds.empty()) id += fmt::format("_s{}", v.seed);
  const int n = ++used_ids[id];
  if (n > 1) id += fmt::format("_{}", n);
  return id;
}

Status expand(const CaseTemplate& t, std::string_view suite_name, uint64_t base_seed,
              const toml::source_region& where, std::string_view source,
              std::map<std::string, int>& used_ids, std::vector<Case>& out) {
  const std::vector<std::vector<Attribute>> attr_sets = attribute_sets(t);
  const std::vector<uint64_t> seeds = t.seeds.empty() ? std::vector<uint64_t>{0} : t.seeds;
  for (const DtypeEntry& d : t.dtypes) {
    for (const ShapeEntry& shape : t.shapes) {
      for (const auto& attrs : attr_sets) {
        for (bool bias : t.bias) {
          for (const std::string& layout : t.layouts) {
            for (InputTier tier : t.tiers) {
              for (uint64_t seed : seeds) {
                const Variant v{d, shape, attrs, bias, layout, tier, seed};
                auto call = variant_call(t.op, v);
                if (!call) return error_at(source, where, call.status().message());
                if (std::string why = tier_mismatch(*call, tier); !why.empty())
                  return error_at(source, where, why);
                Case c;
                c.id = variant_id(t, v, used_ids);
                c.suite = std::string(suite_name);
                c.call = std::move(*call);
                c.tier = tier;
                c.seed =
                    t.seeds.empty() ? splitmix64(base_seed ^ support::stable_hash(c.id)) : seed;
                c.check_determinism = t.determinism;
                c.max_zero_fraction = t.max_zero_fraction;
                c.sample_elements = t.sample;
                out.push_back(std::move(c));
              }
            }
          }
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> layout_names() {
  return {"dense", "column_major", "strided", "offset", "broadcast_view", "strided_output"};
}

Expected<OpCall> apply_layout(const OpCall& dense, std::string_view layout) {
  std::vector<TensorSpec> inputs = dense.inputs();
  std::vector<TensorSpec> outputs = dense.outputs();
  if (layout == "dense") {
    // unchanged
  } else if (layout == "column_major") {
    for (TensorSpec& s : inputs) s.strides = column_major_strides(s.shape);
  } else if (layout == "strided") {
    for (TensorSpec& s : inputs) s.strides = padded_strides(s.shape);
    for (TensorSpec& s : outputs) s.strides = padded_strides(s.shape);
  } else if (layout == "strided_output") {
    for (TensorSpec& s : outputs) s.strides = padded_strides(s.shape);
  } else if (layout == "offset") {
    for (TensorSpec& s : inputs) s.byte_offset = 5 * dtype_size(s.dtype) + 64;
    for (TensorSpec& s : outputs) s.byte_offset = 3 * dtype_size(s.dtype) + 32;
  } else if (layout == "broadcast_view") {
    TensorSpec& s = inputs.at(0);
    s.strides = s.effective_strides();
    for (std::size_t d = 0; d < s.rank(); ++d) {
      if (s.shape[d] > 1) {
        s.strides[d] = 0;
        // Re-pack the other dims densely.
        int64_t inner = 1;
        for (std::size_t e = s.rank(); e-- > 0;) {
          if (e == d) continue;
          s.strides[e] = inner;
          inner *= std::max<int64_t>(s.shape[e], 1);
        }
        break;
      }
    }
  } else {
    return Status{StatusCode::kInvalidArgument, fmt::format("unknown layout \"{}\"", layout)};
  }
  return OpCall(dense.op_name(), std::move(inputs), std::move(outputs), dense.attributes(),
                dense.opset());
}

Expected<Suite> parse_suite(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = support::parse_toml(toml_text, source_name);
  } catch (const support::ParseError& e) {
    return Status{StatusCode::kInvalidArgument, e.what()};
  }
  Suite suite;
  suite.name = std::filesystem::path(source_name).stem().string();
  uint64_t base_seed = 1;
  std::map<std::string, int> used_ids;
  for (const auto& [key_node, node] : root) {
    const std::string_view key = key_node.str();
    if (key == "name") {
      auto v = node.value_exact<std::string>();
      if (!v) return error_at(source_name, node.source(), "'name' must be a string");
      suite.name = *v;
    } else if (key == "seed") {
      auto v = read_seed(node, source_name);
      if (!v) return v.status();
      base_seed = *v;
    } else if (key == "description") {
      if (!node.is_string())
        return error_at(source_name, node.source(), "'description' must be a string");
    } else if (key != "case") {
      return error_at(
          source_name, node.source(),
          fmt::format("unknown top-level key '{}' (expected name, seed, description, [[case]])",
                      key));
    }
  }
  const toml::node* cases = root.get("case");
  if (cases == nullptr) return suite;
  const toml::array* array = cases->as_array();
  if (array == nullptr)
    return error_at(source_name, cases->source(), "'case' must be [[case]] tables");
  for (const toml::node& entry : *array) {
    const toml::table* table = entry.as_table();
    if (table == nullptr)
      return error_at(source_name, entry.source(), "each [[case]] must be a table");
    auto t = parse_template(*table, source_name);
    if (!t) return t.status();
    if (Status s =
            expand(*t, suite.name, base_seed, table->source(), source_name, used_ids, suite.cases);
        !s.ok()) {
      return s;
    }
  }
  return suite;
}

Expected<Suite> load_suite(const std::filesystem::path& file) {
  try {
    return parse_suite(support::read_file(file), file.string());
  } catch (const support::Error& e) {
    return Status{StatusCode::kInvalidArgument, e.what()};
  }
}

std::vector<std::filesystem::path> suite_search_dirs(const std::filesystem::path& executable) {
  std::vector<std::filesystem::path> dirs;
  if (!executable.empty())
    dirs.push_back(executable.parent_path() / ".." / "share" / "hwcert" / "suites");
  if (std::string_view(HWCERT_SOURCE_SUITES_DIR).size() > 0)
    dirs.emplace_back(HWCERT_SOURCE_SUITES_DIR);
  return dirs;
}

Expected<Suite> load_named_suite(std::string_view name_or_path,
                                 const std::filesystem::path& executable) {
  const std::filesystem::path direct(name_or_path);
  // A name is a path when it ends in .toml or names a file; a folder that happens to share a
  // suite's name (say ./core) is not a suite.
  if (direct.extension() == ".toml" || std::filesystem::is_regular_file(direct))
    return load_suite(direct);
  for (const auto& dir : suite_search_dirs(executable)) {
    const auto candidate = dir / (std::string(name_or_path) + ".toml");
    if (std::filesystem::exists(candidate)) return load_suite(candidate);
  }
  return Status{
      StatusCode::kInvalidArgument,
      fmt::format(
          "no suite named '{}' (looked for {}.toml beside the binary and in the source tree)",
          name_or_path, name_or_path)};
}

}  // namespace hwcert::conformance
