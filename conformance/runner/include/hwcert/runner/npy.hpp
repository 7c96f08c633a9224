// NumPy .npy files (format 1.0 written; 1.0 and 2.0 read), little-endian, C order.
// dtypes: <f8 <f4 <f2 |i1 |u1 <i4 <i8 |b1 (plus <u2 for raw 16-bit patterns). bf16 and fp8
// have no NumPy dtype: they are stored as their raw bits (<u2, |u1) and the file name notes
// the real dtype ("actual.bf16.npy").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/loader/dtype.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

struct NpyArray {
  std::string descr;            // e.g. "<f4"
  std::vector<int64_t> shape;   // () for a scalar
  std::vector<std::byte> data;  // C order, little-endian
};

// The descr that stores `dtype` ("<u2" for bf16, "|u1" for fp8).
std::string npy_descr(DType dtype);
// Bytes per element of a descr this module knows; 0 otherwise.
std::size_t npy_item_size(std::string_view descr);
// The dtype an array holds. `noted` (from the file name) picks bf16 / fp8 for raw bits.
std::optional<DType> npy_dtype(std::string_view descr, std::optional<DType> noted = std::nullopt);

// Serialised file contents.
std::string npy_serialize(const NpyArray& array);
// INVALID_ARGUMENT "<source>: <what is malformed>" for a bad magic, version, header
// (dict syntax, missing or unknown keys, fortran_order True, unknown descr, negative
// dims) or a data size that does not match the shape.
Expected<NpyArray> npy_parse(std::span<const std::byte> bytes, const std::string& source);

Expected<NpyArray> read_npy(const std::filesystem::path& path);
Status write_npy(const std::filesystem::path& path, const NpyArray& array);

// "name.<dtype>.npy"; and the dtype noted in such a file name, if any.
std::string npy_file_name(std::string_view stem, DType dtype);
std::optional<DType> dtype_noted_in_file_name(const std::filesystem::path& path);

}  // namespace hwcert::runner
