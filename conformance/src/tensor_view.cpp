#include "hwcert/conformance/tensor_view.hpp"

#include <stdexcept>

#include "hwcert/conformance/dtype_convert.hpp"

namespace hwcert::conformance {

TensorReader::TensorReader(TensorSpec spec, std::span<const std::byte> image)
    : spec_(std::move(spec)), strides_(spec_.effective_strides()), image_(image) {}

std::size_t TensorReader::byte_position(std::span<const int64_t> index) const {
  int64_t element = 0;
  for (std::size_t d = 0; d < index.size(); ++d) element += index[d] * strides_[d];
  return spec_.byte_offset + static_cast<std::size_t>(element) * dtype_size(spec_.dtype);
}

uint64_t TensorReader::bits(std::span<const int64_t> index) const {
  const std::size_t position = byte_position(index);
  if (position + dtype_size(spec_.dtype) > image_.size()) {
    throw std::out_of_range("tensor element outside its buffer image");
  }
  return load_element_bits(image_, position, spec_.dtype);
}

double TensorReader::real(std::span<const int64_t> index) const {
  return decode_value(spec_.dtype, bits(index));
}

int64_t TensorReader::integer(std::span<const int64_t> index) const {
  return decode_integer(spec_.dtype, bits(index));
}

void unravel_index(int64_t flat, std::span<const int64_t> shape, std::vector<int64_t>& index) {
  index.resize(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    const int64_t extent = shape[d] > 0 ? shape[d] : 1;
    index[d] = flat % extent;
    flat /= extent;
  }
}

bool next_index(std::span<const int64_t> shape, std::vector<int64_t>& index) {
  for (std::size_t d = shape.size(); d-- > 0;) {
    if (++index[d] < shape[d]) return true;
    index[d] = 0;
  }
  return false;
}

int64_t shape_elements(std::span<const int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

}  // namespace hwcert::conformance
