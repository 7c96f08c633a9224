// Initializers and inputs read from .safetensors files, checked while the graph file is read
// so that each problem is reported at the TOML value it concerns.
#include <fmt/format.h>

#include <algorithm>

#include "hwcert/model/safetensors.hpp"
#include "toml_fields.hpp"

namespace hwcert::model::detail {
namespace {

std::string names_in(const SafetensorsHeader& header) {
  std::vector<std::string> names;
  for (const auto& [name, tensor] : header.tensors) {
    if (names.size() == 8) {
      names.push_back("...");
      break;
    }
    names.push_back(name);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

std::vector<int64_t> declared_extents(const std::vector<Dim>& shape) {
  std::vector<int64_t> extents;
  for (const Dim& d : shape) extents.push_back(d.extent);
  return extents;
}

}  // namespace

void check_stored_tensor(support::TomlReader& reader, const toml::table& t,
                         const TensorDecl& decl) {
  const std::string file = decl.values.file.string();
  auto header = read_safetensors_header(decl.values.file);
  if (!header.ok()) return reader.error(*t.get("file"), header.status().message());
  const auto it = header->tensors.find(decl.values.tensor);
  if (it == header->tensors.end()) {
    return reader.error(*t.get("tensor"), fmt::format("{} has no tensor '{}' (it holds {})", file,
                                                      decl.values.tensor, names_in(*header)));
  }
  const SafetensorsTensor& stored = it->second;
  if (std::any_of(decl.shape.begin(), decl.shape.end(), [](Dim d) { return d.batch; })) {
    return reader.error(*t.get("shape"), fmt::format("'{}' is read from {}: its shape cannot "
                                                     "have a batch dimension",
                                                     decl.name, file));
  }
  if (declared_extents(decl.shape) != stored.shape) {
    reader.error(*t.get("shape"),
                 fmt::format("'{}' is declared [{}] but tensor '{}' of {} is [{}]", decl.name,
                             fmt::join(declared_extents(decl.shape), ", "), decl.values.tensor,
                             file, fmt::join(stored.shape, ", ")));
  }
  if (decl.dtype && *decl.dtype != stored.dtype) {
    reader.error(*t.get("dtype"), fmt::format("'{}' is declared {} but tensor '{}' of {} is {}",
                                              decl.name, dtype_name(*decl.dtype),
                                              decl.values.tensor, file, dtype_name(stored.dtype)));
  } else if (!decl.dtype && !is_floating(stored.dtype)) {
    reader.error(*t.get("tensor"),
                 fmt::format("tensor '{}' of {} is {}: without a declared dtype '{}' takes the "
                             "compute dtype, which needs a float tensor",
                             decl.values.tensor, file, dtype_name(stored.dtype), decl.name));
  }
}

}  // namespace hwcert::model::detail
