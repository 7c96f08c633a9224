// Reading .safetensors files (https://huggingface.co/docs/safetensors): an 8-byte
// little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} (and an
// optional "__metadata__"), then the tensors' little-endian bytes. Every inconsistency of
// the file (header length, JSON, dtype names, offsets against shapes and the file size) is
// an error naming the file and what is wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "hwcert/loader/dtype.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::model {

struct SafetensorsTensor {
  DType dtype = DType::kInvalid;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte range in the data section
  uint64_t end = 0;
};

struct SafetensorsHeader {
  uint64_t data_start = 0;  // file offset of the data section
  std::map<std::string, SafetensorsTensor> tensors;
};

// The safetensors dtype name ("F32", "BF16", ...) as a DType; kInvalid when unknown.
DType safetensors_dtype(std::string_view name);
// The safetensors name of `dtype`; empty for kInvalid.
std::string_view safetensors_dtype_name(DType dtype);

// A tensor to write: its dense little-endian image.
struct SafetensorsEntry {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int64_t> shape;
  std::span<const std::byte> data;
};
// The bytes of a .safetensors file holding `tensors` (in that order in the data section;
// the header padded with spaces to a multiple of 8 bytes, as the format recommends).
std::string encode_safetensors(const std::vector<SafetensorsEntry>& tensors);

// Parses `header` (the JSON text) for a file whose data section has `data_bytes` bytes.
Expected<SafetensorsHeader> parse_safetensors_header(std::string_view header, uint64_t data_bytes);
// Reads and checks the header of `file`.
Expected<SafetensorsHeader> read_safetensors_header(const std::filesystem::path& file);
// The bytes of tensor `name` of `file` (its header read and checked again).
Expected<std::vector<std::byte>> read_safetensors_tensor(const std::filesystem::path& file,
                                                         const std::string& name,
                                                         SafetensorsTensor* info = nullptr);

}  // namespace hwcert::model
