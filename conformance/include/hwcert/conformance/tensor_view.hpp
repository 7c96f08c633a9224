// Reading logical elements of a tensor out of a raw buffer image through its TensorSpec
// (shape, element strides, byte offset), and row-major index helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hwcert/loader/op_call.hpp"

namespace hwcert::conformance {

class TensorReader {
 public:
  // `image` must hold spec.required_bytes() bytes (the buffer as the device sees it).
  TensorReader(TensorSpec spec, std::span<const std::byte> image);

  const TensorSpec& spec() const { return spec_; }
  // Byte position of a logical element in the image.
  std::size_t byte_position(std::span<const int64_t> index) const;
  uint64_t bits(std::span<const int64_t> index) const;
  double real(std::span<const int64_t> index) const;
  int64_t integer(std::span<const int64_t> index) const;

 private:
  TensorSpec spec_;
  std::vector<int64_t> strides_;
  std::span<const std::byte> image_;
};

// Row-major multi-index of flat index `flat` in `shape`.
void unravel_index(int64_t flat, std::span<const int64_t> shape, std::vector<int64_t>& index);
// Advances a row-major multi-index; false after the last one.
bool next_index(std::span<const int64_t> shape, std::vector<int64_t>& index);
int64_t shape_elements(std::span<const int64_t> shape);

}  // namespace hwcert::conformance
