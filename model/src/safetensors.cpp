#include "hwcert/model/safetensors.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>

namespace hwcert::model {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // the format's own limit

struct DTypeName {
  std::string_view name;
  DType dtype;
};
constexpr std::array<DTypeName, 11> kDTypeNames{{{"F64", DType::kF64},
                                                 {"F32", DType::kF32},
                                                 {"F16", DType::kF16},
                                                 {"BF16", DType::kBF16},
                                                 {"F8_E4M3", DType::kF8E4M3},
                                                 {"F8_E5M2", DType::kF8E5M2},
                                                 {"I8", DType::kI8},
                                                 {"U8", DType::kU8},
                                                 {"I32", DType::kI32},
                                                 {"I64", DType::kI64},
                                                 {"BOOL", DType::kBool}}};

Status bad(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

Expected<std::vector<int64_t>> parse_shape(const std::string& name, const nlohmann::json& shape) {
  std::vector<int64_t> extents;
  if (!shape.is_array()) return bad(fmt::format("tensor '{}': 'shape' is not an array", name));
  for (const nlohmann::json& extent : shape) {
    if (!extent.is_number_unsigned())
      return bad(
          fmt::format("tensor '{}': shape {} holds a value that is not a non-negative "
                      "integer",
                      name, shape.dump()));
    extents.push_back(extent.get<int64_t>());
  }
  return extents;
}

Expected<SafetensorsTensor> parse_entry(const std::string& name, const nlohmann::json& entry,
                                        uint64_t data_bytes) {
  if (!entry.is_object()) return bad(fmt::format("tensor '{}': not a JSON object", name));
  SafetensorsTensor t;
  const auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string())
    return bad(fmt::format("tensor '{}': no 'dtype' string", name));
  t.dtype = safetensors_dtype(dtype->get<std::string>());
  if (t.dtype == DType::kInvalid)
    return bad(fmt::format("tensor '{}': unknown dtype \"{}\"", name, dtype->get<std::string>()));
  const auto shape = entry.find("shape");
  if (shape == entry.end()) return bad(fmt::format("tensor '{}': no 'shape'", name));
  auto extents = parse_shape(name, *shape);
  if (!extents.ok()) return extents.status();
  t.shape = std::move(*extents);
  const auto offsets = entry.find("data_offsets");
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
      !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
    return bad(fmt::format("tensor '{}': 'data_offsets' is not [begin, end]", name));
  t.begin = (*offsets)[0].get<uint64_t>();
  t.end = (*offsets)[1].get<uint64_t>();
  if (t.begin > t.end || t.end > data_bytes)
    return bad(fmt::format("tensor '{}': data_offsets [{}, {}] outside the {} data bytes", name,
                           t.begin, t.end, data_bytes));
  uint64_t bytes = dtype_size(t.dtype);
  for (int64_t e : t.shape) {
    if (e != 0 && bytes > data_bytes / static_cast<uint64_t>(e))
      return bad(fmt::format("tensor '{}': shape larger than the file", name));
    bytes *= static_cast<uint64_t>(e);
  }
  if (bytes != t.end - t.begin)
    return bad(fmt::format("tensor '{}': {} bytes for {} [{}] but data_offsets span {}", name,
                           bytes, dtype->get<std::string>(), fmt::join(t.shape, ", "),
                           t.end - t.begin));
  return t;
}

}  // namespace

DType safetensors_dtype(std::string_view name) {
  for (const DTypeName& d : kDTypeNames) {
    if (d.name == name) return d.dtype;
  }
  return DType::kInvalid;
}

std::string_view safetensors_dtype_name(DType dtype) {
  for (const DTypeName& d : kDTypeNames) {
    if (d.dtype == dtype) return d.name;
  }
  return {};
}

std::string encode_safetensors(const std::vector<SafetensorsEntry>& tensors) {
  nlohmann::json header = nlohmann::json::object();
  uint64_t offset = 0;
  for (const SafetensorsEntry& t : tensors) {
    header[t.name] = {{"dtype", safetensors_dtype_name(t.dtype)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + t.data.size()}}};
    offset += t.data.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string out;
  out.reserve(8 + text.size() + offset);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((text.size() >> (8 * i)) & 0xff));
  out += text;
  for (const SafetensorsEntry& t : tensors) {
    out.append(reinterpret_cast<const char*>(t.data.data()), t.data.size());
  }
  return out;
}

Expected<SafetensorsHeader> parse_safetensors_header(std::string_view header, uint64_t data_bytes) {
  const nlohmann::json doc = nlohmann::json::parse(header, nullptr, false);
  if (doc.is_discarded()) return bad("the header is not valid JSON");
  if (!doc.is_object()) return bad("the header is not a JSON object");
  SafetensorsHeader parsed;
  for (const auto& [name, entry] : doc.items()) {
    if (name == "__metadata__") continue;
    auto tensor = parse_entry(name, entry, data_bytes);
    if (!tensor.ok()) return tensor.status();
    parsed.tensors.emplace(name, std::move(*tensor));
  }
  return parsed;
}

Expected<SafetensorsHeader> read_safetensors_header(const std::filesystem::path& file) {
  const auto in_file = [&](const Status& s) {
    return Status(s.code(), fmt::format("{}: {}", file.string(), s.message()));
  };
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) return in_file(bad(ec.message()));
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 8> length_bytes{};
  if (size < 8 || !in.read(reinterpret_cast<char*>(length_bytes.data()), 8))
    return in_file(bad(fmt::format("{} bytes: shorter than the 8-byte header length", size)));
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = length << 8 | length_bytes[static_cast<std::size_t>(i)];
  if (length > size - 8 || length > kMaxHeaderBytes)
    return in_file(bad(fmt::format("header length {} exceeds the file ({} bytes)", length, size)));
  std::string header(length, '\0');
  if (!in.read(header.data(), static_cast<std::streamsize>(length)))
    return in_file(bad("cannot read the header"));
  auto parsed = parse_safetensors_header(header, size - 8 - length);
  if (!parsed.ok()) return in_file(parsed.status());
  parsed->data_start = 8 + length;
  return parsed;
}

Expected<std::vector<std::byte>> read_safetensors_tensor(const std::filesystem::path& file,
                                                         const std::string& name,
                                                         SafetensorsTensor* info) {
  auto header = read_safetensors_header(file);
  if (!header.ok()) return header.status();
  const auto it = header->tensors.find(name);
  if (it == header->tensors.end())
    return bad(fmt::format("{}: no tensor '{}'", file.string(), name));
  std::vector<std::byte> bytes(it->second.end - it->second.begin);
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(header->data_start + it->second.begin));
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())))
    return bad(fmt::format("{}: cannot read tensor '{}'", file.string(), name));
  if (info != nullptr) *info = it->second;
  return bytes;
}

}  // namespace hwcert::model
