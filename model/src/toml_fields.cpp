#include "toml_fields.hpp"

#include <fmt/format.h>

#include <cmath>

#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::model::detail {
namespace {

constexpr std::string_view kBatchName = "batch";

// Fan-in of a weight: rank 2 [K, N] (matmul B) gives K; rank 4 [C_out, C_in/g, KH, KW]
// (conv2d W, NCHW) gives C_in/g * KH * KW; rank 1 gives its extent.
std::optional<int64_t> default_fan_in(const std::vector<Dim>& shape) {
  for (const Dim& d : shape) {
    if (d.batch) return std::nullopt;
  }
  if (shape.size() == 1 || shape.size() == 2) return shape[0].extent;
  if (shape.size() == 4) return shape[1].extent * shape[2].extent * shape[3].extent;
  return std::nullopt;
}

void read_stddev(support::TomlReader& reader, const toml::table& t, std::string_view where,
                 const std::vector<Dim>& shape, Distribution& d) {
  const toml::node* node = t.get("std");
  if (node == nullptr) return;
  if (auto rule = node->value<std::string>()) {
    const double gain = *rule == "he" ? 2.0 : *rule == "lecun" ? 1.0 : 0.0;
    if (gain == 0.0) {
      return reader.error(*node,
                          fmt::format("'std' in {} must be a number, \"he\" or \"lecun\"", where));
    }
    std::optional<int64_t> fan_in = default_fan_in(shape);
    if (auto given = reader.integer(t, "fan_in", where, false)) fan_in = *given;
    if (!fan_in || *fan_in <= 0) {
      return reader.error(*node, fmt::format("{} needs 'fan_in' for std = \"{}\" (its shape does "
                                             "not say it)",
                                             where, *rule));
    }
    d.stddev = std::sqrt(gain / static_cast<double>(*fan_in));
    return;
  }
  if (auto value = reader.number(t, "std", where, false)) d.stddev = *value;
}

}  // namespace

std::optional<std::vector<Dim>> read_shape(support::TomlReader& reader, const toml::table& t,
                                           std::string_view where) {
  const toml::node* node = t.get("shape");
  if (node == nullptr || !node->is_array()) {
    reader.error(node ? node->source() : t.source(),
                 fmt::format("{} needs 'shape', an array of extents and \"batch\"", where));
    return std::nullopt;
  }
  std::vector<Dim> shape;
  for (const toml::node& element : *node->as_array()) {
    if (auto extent = element.value<int64_t>(); extent && *extent >= 0 && element.is_integer()) {
      shape.push_back({*extent, false});
    } else if (element.value<std::string>() == std::string(kBatchName)) {
      shape.push_back({0, true});
    } else {
      reader.error(element, fmt::format("an extent of 'shape' in {} must be a non-negative "
                                        "integer or \"batch\"",
                                        where));
      return std::nullopt;
    }
  }
  return shape;
}

Distribution read_distribution(support::TomlReader& reader, const toml::table& t,
                               std::string_view where, const std::vector<Dim>& shape,
                               const std::filesystem::path& base_dir) {
  Distribution d;
  const std::string init = reader.string(t, "init", where, false).value_or("normal");
  if (init == "normal") {
    d.kind = Distribution::Kind::kNormal;
    d.mean = reader.number(t, "mean", where, false).value_or(0.0);
    read_stddev(reader, t, where, shape, d);
  } else if (init == "uniform") {
    d.kind = Distribution::Kind::kUniform;
    d.low = reader.number(t, "low", where, true).value_or(-1.0);
    d.high = reader.number(t, "high", where, true).value_or(1.0);
  } else if (init == "constant") {
    d.kind = Distribution::Kind::kConstant;
    d.value = reader.number(t, "value", where, true).value_or(0.0);
  } else if (init == "npy" || init == "safetensors") {
    d.kind = init == "npy" ? Distribution::Kind::kNpy : Distribution::Kind::kSafetensors;
    const std::filesystem::path file = reader.string(t, "file", where, true).value_or("");
    d.file = file.is_absolute() ? file : base_dir / file;
    if (init == "safetensors") d.tensor = reader.string(t, "tensor", where, true).value_or("");
  } else {
    reader.error(*t.get("init"), fmt::format("'init' in {} must be \"normal\", \"uniform\", "
                                             "\"constant\", \"npy\" or \"safetensors\", not "
                                             "\"{}\"",
                                             where, init));
  }
  return d;
}

std::vector<NamedRef> read_names(support::TomlReader& reader, const toml::table& t,
                                 std::string_view key, std::string_view where, bool required) {
  std::vector<NamedRef> names;
  for (auto& item :
       reader.strings(t, key, where, required).value_or(std::vector<support::TomlReader::Item>{})) {
    names.push_back({item.value, reader.position(item.where)});
  }
  return names;
}

}  // namespace hwcert::model::detail
