#include "hwcert/perfsuite/suite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "hwcert/loader/dtype.hpp"
#include "hwcert/perfsuite/case_builder.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/toml_reader.hpp"

#ifndef HWCERT_PERF_SOURCE_SUITES_DIR
#define HWCERT_PERF_SOURCE_SUITES_DIR ""
#endif

namespace hwcert::perf {
namespace {

// Throws support::ParseError at the first problem; turned into SuiteError at the boundary.
class SuiteParser {
 public:
  explicit SuiteParser(std::string source) : reader_(std::move(source)) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& message) const {
    reader_.fail(*node, message);
  }

  Suite parse(const toml::table& root) {
    Suite suite;
    for (const auto& [key, node] : root) {
      const std::string k(key.str());
      if (k == "name") {
        suite.name = string_of(node, "name");
      } else if (k == "description") {
        suite.description = string_of(node, "description");
      } else if (k != "case") {
        fail(&node, fmt::format("unknown key '{}' (expected name, description, case)", k));
      }
    }
    if (suite.name.empty()) fail(&root, "missing 'name'");
    const toml::node* cases = root.get("case");
    if (cases == nullptr) fail(&root, "no [[case]] tables");
    const toml::array* list = cases->as_array();
    if (list == nullptr) fail(cases, "'case' must be an array of tables ([[case]])");
    std::set<std::string> ids;
    for (const toml::node& entry : *list) {
      const toml::table* table = entry.as_table();
      if (table == nullptr) fail(&entry, "each [[case]] must be a table");
      for (PerfCase& c : expand(*table)) {
        if (!ids.insert(c.id).second) fail(table, fmt::format("duplicate case id '{}'", c.id));
        suite.cases.push_back(std::move(c));
      }
    }
    return suite;
  }

 private:
  std::string string_of(const toml::node& node, std::string_view what) const {
    const auto* value = node.as_string();
    if (value == nullptr) fail(&node, fmt::format("'{}' must be a string", what));
    return value->get();
  }

  std::vector<std::string> strings_of(const toml::node& node, std::string_view what) const {
    const toml::array* list = node.as_array();
    if (list == nullptr || list->empty()) {
      fail(&node, fmt::format("'{}' must be a non-empty list of strings", what));
    }
    std::vector<std::string> out;
    for (const auto& item : *list) out.push_back(string_of(item, what));
    return out;
  }

  DType dtype_of(const toml::node& node, const std::string& name) const {
    auto dtype = parse_dtype(name);
    if (!dtype) fail(&node, fmt::format("unknown dtype '{}'", name));
    return *dtype;
  }

  AttributeValue attribute_value(const toml::node& node, const std::string& name) const {
    if (const auto* v = node.as_integer()) return static_cast<int64_t>(v->get());
    if (const auto* v = node.as_boolean()) return static_cast<int64_t>(v->get() ? 1 : 0);
    if (const auto* v = node.as_floating_point()) return v->get();
    if (const auto* v = node.as_string()) return v->get();
    if (const auto* list = node.as_array()) {
      if (list->empty()) return std::vector<int64_t>{};
      if (list->is_homogeneous(toml::node_type::integer)) {
        std::vector<int64_t> ints;
        for (const auto& item : *list) ints.push_back(item.as_integer()->get());
        return ints;
      }
      std::vector<double> floats;
      for (const auto& item : *list) {
        if (const auto* i = item.as_integer()) {
          floats.push_back(static_cast<double>(i->get()));
        } else if (const auto* f = item.as_floating_point()) {
          floats.push_back(f->get());
        } else {
          fail(&item, fmt::format("attribute '{}': list items must be numbers", name));
        }
      }
      return floats;
    }
    fail(&node, fmt::format("attribute '{}' must be an integer, float, string or list", name));
  }

  ShapeParams shape_of(const toml::node& node, const std::string& op) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) fail(&node, "each entry of 'shapes' must be a table, e.g. {m = 64}");
    const std::vector<std::string> allowed = shape_keys(op, false);
    ShapeParams params;
    for (const auto& [key, value] : *table) {
      const std::string k(key.str());
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        fail(&value, fmt::format("unknown shape key '{}' for {} (expected {})", k, op,
                                 fmt::join(allowed, ", ")));
      }
      if (const auto* i = value.as_integer()) {
        params[k] = static_cast<int64_t>(i->get());
      } else if (const auto* b = value.as_boolean()) {
        params[k] = static_cast<int64_t>(b->get() ? 1 : 0);
      } else if (const auto* list = value.as_array()) {
        std::vector<int64_t> extents;
        for (const auto& item : *list) {
          const auto* extent = item.as_integer();
          if (extent == nullptr) fail(&item, fmt::format("'{}' must list integers", k));
          extents.push_back(extent->get());
        }
        params[k] = extents;
      } else {
        fail(&value, fmt::format("shape key '{}' must be an integer or a list of integers", k));
      }
    }
    for (const auto& key : shape_keys(op, true)) {
      if (params.count(key) == 0) fail(&node, fmt::format("shape of {} needs '{}'", op, key));
    }
    return params;
  }

  // The keys, op, name and size class of one [[case]].
  struct CaseHeader {
    std::string op;
    std::string name;
    std::string size_class;
  };

  CaseHeader read_header(const toml::table& table) const {
    static const std::set<std::string> kKeys = {"op",         "name",       "dtypes",
                                                "out_dtypes", "shapes",     "attributes",
                                                "sweep",      "size_class", "note"};
    for (const auto& [key, node] : table) {
      if (kKeys.count(std::string(key.str())) == 0) {
        fail(&node, fmt::format("unknown key '{}' in [[case]] (expected {})", key.str(),
                                fmt::join(kKeys, ", ")));
      }
    }
    const toml::node* op_node = table.get("op");
    if (op_node == nullptr) fail(&table, "[[case]] needs 'op'");
    CaseHeader header{string_of(*op_node, "op"), "", std::string(kSizeClassAny)};
    if (!is_perf_op(header.op)) fail(op_node, fmt::format("unknown op '{}'", header.op));
    header.name = header.op;
    if (const auto* n = table.get("name")) header.name = string_of(*n, "name");
    if (const auto* s = table.get("size_class")) {
      header.size_class = string_of(*s, "size_class");
      if (header.size_class != kSizeClassAny && header.size_class != kSizeClassSmall &&
          header.size_class != kSizeClassDatacenter) {
        fail(s, "size_class must be \"any\", \"small\" or \"datacenter\"");
      }
    }
    return header;
  }

  std::vector<DType> dtypes_of(const toml::node& node, std::string_view what) const {
    const std::vector<std::string> names = strings_of(node, what);
    std::vector<DType> dtypes;
    for (std::size_t i = 0; i < names.size(); ++i) {
      dtypes.push_back(dtype_of(*node.as_array()->get(i), names[i]));
    }
    return dtypes;
  }

  // Each entry of 'shapes' with the node it came from (for errors found when building).
  std::vector<std::pair<ShapeParams, const toml::node*>> shapes_of(const toml::table& table,
                                                                   const std::string& op) const {
    const toml::node* shapes_node = table.get("shapes");
    if (shapes_node == nullptr) fail(&table, "[[case]] needs 'shapes'");
    const toml::array* shapes = shapes_node->as_array();
    if (shapes == nullptr || shapes->empty()) {
      fail(shapes_node, "'shapes' must be a non-empty list");
    }
    std::vector<std::pair<ShapeParams, const toml::node*>> out;
    for (const auto& item : *shapes) out.emplace_back(shape_of(item, op), &item);
    return out;
  }

  // The fixed 'attributes' extended by the Cartesian product over the 'sweep' lists, in file
  // order; `swept` receives the names of the swept attributes.
  std::vector<std::vector<Attribute>> attribute_combinations(
      const toml::table& table, std::vector<std::string>& swept) const {
    std::vector<Attribute> fixed;
    if (const auto* node = table.get("attributes")) {
      const toml::table* attrs = node->as_table();
      if (attrs == nullptr) fail(node, "'attributes' must be a table");
      for (const auto& [key, value] : *attrs) {
        fixed.push_back({std::string(key.str()), attribute_value(value, std::string(key.str()))});
      }
    }
    std::vector<std::vector<Attribute>> combinations = {fixed};
    const auto* node = table.get("sweep");
    if (node == nullptr) return combinations;
    const toml::table* sweep = node->as_table();
    if (sweep == nullptr) fail(node, "'sweep' must be a table of lists");
    for (const auto& [key, value] : *sweep) {
      const std::string k(key.str());
      const toml::array* values = value.as_array();
      if (values == nullptr || values->empty()) {
        fail(&value, fmt::format("sweep '{}' must be a non-empty list of values", k));
      }
      swept.push_back(k);
      std::vector<std::vector<Attribute>> next;
      for (const auto& combination : combinations) {
        for (const auto& v : *values) {
          auto extended = combination;
          extended.push_back({k, attribute_value(v, k)});
          next.push_back(std::move(extended));
        }
      }
      combinations = std::move(next);
    }
    return combinations;
  }

  // "<name>/<dtype>[-><out dtype>]/<shape>[/<swept attribute>=<value>,...]"
  static std::string case_id(const std::string& name, const PerfCase& c, bool explicit_out_dtype,
                             const std::vector<Attribute>& attributes,
                             const std::vector<std::string>& swept) {
    std::string dtype_label = c.dtype;
    if (explicit_out_dtype) dtype_label += "->" + c.out_dtype;
    std::string id = fmt::format("{}/{}/{}", name, dtype_label, c.shape);
    std::vector<std::string> labels;
    for (const auto& attribute : attributes) {
      if (std::find(swept.begin(), swept.end(), attribute.name) == swept.end()) continue;
      labels.push_back(fmt::format("{}={}", attribute.name, label_of(attribute.value)));
    }
    if (!labels.empty()) id += "/" + fmt::format("{}", fmt::join(labels, ","));
    return id;
  }

  std::vector<PerfCase> expand(const toml::table& table) const {
    const CaseHeader header = read_header(table);
    const toml::node* dtypes_node = table.get("dtypes");
    if (dtypes_node == nullptr) fail(&table, "[[case]] needs 'dtypes'");
    const std::vector<DType> dtypes = dtypes_of(*dtypes_node, "dtypes");
    std::vector<std::optional<DType>> out_dtypes = {std::nullopt};
    if (const auto* node = table.get("out_dtypes")) {
      out_dtypes.clear();
      for (DType dtype : dtypes_of(*node, "out_dtypes")) out_dtypes.emplace_back(dtype);
    }
    const auto shapes = shapes_of(table, header.op);
    std::vector<std::string> swept;
    const auto combinations = attribute_combinations(table, swept);

    std::vector<PerfCase> cases;
    for (const auto& [shape, shape_node] : shapes) {
      for (DType dtype : dtypes) {
        for (const auto& out_dtype : out_dtypes) {
          for (const auto& attributes : combinations) {
            auto built = build_case(CaseSpec{header.op, dtype, out_dtype, shape, attributes});
            if (auto* error = std::get_if<std::string>(&built)) fail(shape_node, *error);
            auto& b = std::get<BuiltCase>(built);
            PerfCase c;
            c.op = header.op;
            c.dtype = std::string(dtype_name(dtype));
            c.out_dtype = std::string(dtype_name(b.call.outputs().at(0).dtype));
            c.shape = b.shape_label;
            c.size_class = header.size_class;
            c.origin = reader_.position(table.source()).to_string();
            c.id = case_id(header.name, c, out_dtype.has_value(), attributes, swept);
            c.call = std::move(b.call);
            cases.push_back(std::move(c));
          }
        }
      }
    }
    return cases;
  }

  static std::string label_of(const AttributeValue& value) {
    if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* l = std::get_if<std::vector<int64_t>>(&value)) {
      return fmt::format("{}", fmt::join(*l, "x"));
    }
    return fmt::format("{}", fmt::join(std::get<std::vector<double>>(value), "x"));
  }

  support::TomlReader reader_;
};

}  // namespace

std::variant<Suite, SuiteError> parse_suite(std::string_view toml_text,
                                            std::string_view source_name) {
  try {
    const toml::table root = support::parse_toml(toml_text, source_name);
    SuiteParser parser{std::string(source_name)};
    Suite suite = parser.parse(root);
    suite.file = std::filesystem::path(source_name);
    return suite;
  } catch (const support::ParseError& failure) {
    return SuiteError{failure.what()};
  }
}

std::variant<Suite, SuiteError> load_suite(const std::filesystem::path& file) {
  try {
    return parse_suite(support::read_file(file), file.string());
  } catch (const support::Error& failure) {
    return SuiteError{failure.what()};
  }
}

std::filesystem::path default_suites_dir(const std::filesystem::path& executable) {
  if (const char* env = std::getenv("HWCERT_PERF_SUITES_DIR"); env != nullptr && *env != 0) {
    return env;
  }
  const auto installed = executable.parent_path() / ".." / "share" / "hwcert" / "perfsuite";
  std::error_code error;
  if (std::filesystem::is_directory(installed, error)) return installed.lexically_normal();
  return HWCERT_PERF_SOURCE_SUITES_DIR;
}

std::filesystem::path resolve_suite(std::string_view name_or_path,
                                    const std::filesystem::path& suites_dir) {
  const std::filesystem::path as_path(name_or_path);
  if (as_path.has_extension() || as_path.has_parent_path()) return as_path;
  return suites_dir / (std::string(name_or_path) + ".toml");
}

std::vector<PerfCase> select_size_class(const std::vector<PerfCase>& cases,
                                        std::string_view size_class) {
  std::vector<PerfCase> out;
  for (const auto& c : cases) {
    if (c.size_class == kSizeClassAny || c.size_class == size_class) out.push_back(c);
  }
  return out;
}

}  // namespace hwcert::perf
