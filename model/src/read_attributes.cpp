// Op attributes of a graph node, typed by the catalogue's schema.
#include <fmt/format.h>

#include "hwcert/catalogue/op_schema.hpp"
#include "toml_fields.hpp"

namespace hwcert::model::detail {
namespace {

std::optional<double> real(const toml::node& node) {
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  return std::nullopt;
}

// The value of `node` as `type`; nullopt when it is not one.
std::optional<AttributeValue> convert(const toml::node& node, catalogue::AttrType type) {
  using catalogue::AttrType;
  switch (type) {
    case AttrType::kInt:
      if (const auto* i = node.as_integer()) return AttributeValue{i->get()};
      return std::nullopt;
    case AttrType::kFloat:
      if (auto v = real(node)) return AttributeValue{*v};
      return std::nullopt;
    case AttrType::kString:
      if (const auto* s = node.as_string()) return AttributeValue{s->get()};
      return std::nullopt;
    case AttrType::kInts:
    case AttrType::kFloats: {
      const auto* array = node.as_array();
      if (array == nullptr) return std::nullopt;
      std::vector<int64_t> ints;
      std::vector<double> floats;
      for (const toml::node& element : *array) {
        if (type == AttrType::kInts) {
          const auto* i = element.as_integer();
          if (i == nullptr) return std::nullopt;
          ints.push_back(i->get());
        } else {
          auto v = real(element);
          if (!v) return std::nullopt;
          floats.push_back(*v);
        }
      }
      if (type == AttrType::kInts) return AttributeValue{std::move(ints)};
      return AttributeValue{std::move(floats)};
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Attribute> read_attributes(support::TomlReader& reader, const toml::table& node,
                                       std::string_view op, std::string_view where) {
  std::vector<Attribute> attributes;
  const catalogue::OpSchema* schema = catalogue::find_op_schema(op);
  const toml::table* table = reader.table(node, "attributes", where, false);
  if (table == nullptr || schema == nullptr) return attributes;
  for (const auto& [key, value] : *table) {
    const catalogue::AttrSchema* attr = schema->find_attribute(key.str());
    if (attr == nullptr) {
      reader.error(value, fmt::format("{} has no attribute '{}'", op, key.str()));
      continue;
    }
    auto converted = convert(value, attr->type);
    if (!converted) {
      reader.error(value, fmt::format("attribute '{}' of {} must be of type {}", key.str(), op,
                                      catalogue::to_string(attr->type)));
      continue;
    }
    attributes.push_back({std::string(key.str()), std::move(*converted)});
  }
  return attributes;
}

}  // namespace hwcert::model::detail
