// Graph-file fields that the support layer's TomlReader has no accessor for: shapes with a
// symbolic batch, value distributions and op attributes typed by the catalogue's schema.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <vector>

#include "hwcert/model/graph.hpp"
#include "hwcert/support/toml_reader.hpp"

namespace hwcert::model::detail {

// [4, "batch", 16]; nullopt (and an error) for anything else.
std::optional<std::vector<Dim>> read_shape(support::TomlReader& reader, const toml::table& t,
                                           std::string_view where);
// init = "normal" | "uniform" | "constant" | "npy" | "safetensors" with its parameters;
// `shape` resolves std = "he" | "lecun" from the fan-in.
Distribution read_distribution(support::TomlReader& reader, const toml::table& t,
                               std::string_view where, const std::vector<Dim>& shape,
                               const std::filesystem::path& base_dir);
// A tensor read from a .safetensors file: the file's header must be sound, hold the tensor,
// with the declared shape, and the declared dtype (or, with none declared, a float dtype,
// rounded to the compute dtype). Errors at the `file`, `tensor`, `shape` or `dtype` value.
void check_stored_tensor(support::TomlReader& reader, const toml::table& t, const TensorDecl& decl);
// attributes = { name = value, ... } typed by the op's schema (an integer where a float is
// declared is taken as that float).
std::vector<Attribute> read_attributes(support::TomlReader& reader, const toml::table& node,
                                       std::string_view op, std::string_view where);
// A list of tensor names, each with its position.
std::vector<NamedRef> read_names(support::TomlReader& reader, const toml::table& t,
                                 std::string_view key, std::string_view where, bool required);

}  // namespace hwcert::model::detail
