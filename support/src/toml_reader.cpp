#include "hwcert/support/toml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "hwcert/support/atomic_file.hpp"

namespace hwcert::support {
namespace {

std::string_view kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::optional<double> as_number(const toml::node& node) {
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  return std::nullopt;
}

}  // namespace

toml::table parse_toml(std::string_view text, std::string_view source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ParseError(position_of(source, e.source()), std::string(e.description()));
  }
}

toml::table read_toml_file(const std::filesystem::path& file) {
  return parse_toml(read_file(file), file.string());
}

TomlReader::TomlReader(std::string source, OnError on_error)
    : source_(std::move(source)), on_error_(on_error) {}

SourcePosition position_of(std::string_view source, const toml::source_region& region) {
  return {std::string(source), region.begin.line, region.begin.column};
}

SourcePosition TomlReader::position(const toml::source_region& region) const {
  return position_of(source_, region);
}

void TomlReader::error(const toml::source_region& region, std::string message) {
  if (on_error_ == OnError::kThrow) fail(region, std::move(message));
  errors_.push_back({position(region), std::move(message)});
}

void TomlReader::fail(const toml::source_region& region, std::string message) const {
  throw ParseError(position(region), std::move(message));
}

void TomlReader::allow_keys(const toml::table& table, std::string_view where,
                            std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
      error(key.source(), fmt::format("unknown key '{}' in {}", key.str(), where));
    }
  }
}

const toml::node* TomlReader::find(const toml::table& t, std::string_view key,
                                   std::string_view where, std::string_view kind, bool required) {
  const toml::node* node = t.get(key);
  if (node == nullptr && required) {
    error(t.source(), fmt::format("{} needs the {} key '{}'", where, kind, key));
  }
  return node;
}

template <typename T, typename Convert>
std::optional<T> TomlReader::scalar(const toml::table& t, std::string_view key,
                                    std::string_view where, bool required, std::string_view kind,
                                    std::string_view expected, Convert convert) {
  const toml::node* node = find(t, key, where, kind, required);
  if (node == nullptr) return std::nullopt;
  if (std::optional<T> value = convert(*node)) return value;
  error(*node, fmt::format("'{}' in {} must be {}, not {}", key, where, expected, kind_of(*node)));
  return std::nullopt;
}

std::optional<std::string> TomlReader::string(const toml::table& t, std::string_view key,
                                              std::string_view where, bool required) {
  return scalar<std::string>(t, key, where, required, "string", "a string",
                             [](const toml::node& node) -> std::optional<std::string> {
                               if (const auto* s = node.as_string()) return s->get();
                               return std::nullopt;
                             });
}

std::optional<double> TomlReader::number(const toml::table& t, std::string_view key,
                                         std::string_view where, bool required) {
  return scalar<double>(t, key, where, required, "number", "a number", as_number);
}

std::optional<int64_t> TomlReader::integer(const toml::table& t, std::string_view key,
                                           std::string_view where, bool required) {
  return scalar<int64_t>(t, key, where, required, "integer", "an integer",
                         [](const toml::node& node) { return node.value_exact<int64_t>(); });
}

std::optional<bool> TomlReader::boolean(const toml::table& t, std::string_view key,
                                        std::string_view where, bool required) {
  return scalar<bool>(t, key, where, required, "boolean", "true or false",
                      [](const toml::node& node) { return node.value_exact<bool>(); });
}

template <typename T, typename Convert>
std::optional<std::vector<T>> TomlReader::list(const toml::table& t, std::string_view key,
                                               std::string_view where, bool required,
                                               std::string_view elements, Convert convert) {
  const toml::node* node = find(t, key, where, "list", required);
  if (node == nullptr) return std::nullopt;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    error(*node, fmt::format("'{}' in {} must be a list of {}, not {}", key, where, elements,
                             kind_of(*node)));
    return std::nullopt;
  }
  std::vector<T> out;
  for (const toml::node& element : *array) {
    if (std::optional<T> value = convert(element)) {
      out.push_back(std::move(*value));
    } else {
      error(element, fmt::format("'{}' in {} must hold {} only, not {}", key, where, elements,
                                 kind_of(element)));
    }
  }
  return out;
}

std::optional<std::vector<TomlReader::Item>> TomlReader::strings(const toml::table& t,
                                                                 std::string_view key,
                                                                 std::string_view where,
                                                                 bool required) {
  return list<Item>(t, key, where, required, "strings",
                    [](const toml::node& element) -> std::optional<Item> {
                      if (const auto* s = element.as_string())
                        return Item{s->get(), element.source()};
                      return std::nullopt;
                    });
}

std::optional<std::vector<double>> TomlReader::numbers(const toml::table& t, std::string_view key,
                                                       std::string_view where, bool required) {
  return list<double>(t, key, where, required, "numbers", as_number);
}

const toml::table* TomlReader::table(const toml::table& t, std::string_view key,
                                     std::string_view where, bool required) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    if (required) error(t.source(), fmt::format("{} needs the table [{}]", where, key));
    return nullptr;
  }
  if (const auto* table = node->as_table()) return table;
  error(*node, fmt::format("'{}' in {} must be a table, not {}", key, where, kind_of(*node)));
  return nullptr;
}

std::vector<const toml::table*> TomlReader::tables(const toml::table& t, std::string_view key,
                                                   std::string_view where) {
  std::vector<const toml::table*> out;
  const toml::node* node = t.get(key);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    error(*node, fmt::format("'{}' in {} must be an array of tables [[{}]], not {}", key, where,
                             key, kind_of(*node)));
    return out;
  }
  for (const toml::node& element : *array) {
    if (const auto* table = element.as_table()) {
      out.push_back(table);
    } else {
      error(element,
            fmt::format("every '{}' in {} must be a table, not {}", key, where, kind_of(element)));
    }
  }
  return out;
}

}  // namespace hwcert::support
