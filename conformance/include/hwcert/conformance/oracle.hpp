// The float64 oracle: an independent, deliberately simple implementation of every op of the
// catalogue. Each output element is computed on its own from the logical inputs (decoded to
// double, math-mode rounding applied to the inputs of matmul/conv2d/attention), then rounded
// once to the output dtype. Sums use compensated (Neumaier) summation with exact products,
// so even f64 references carry far less error than any device result.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance {

// The expected value of one output element.
struct Reference {
  uint64_t bits = 0;     // expected bits in the output dtype
  double magnitude = 0;  // scale of the magnitude-based bound (sum |a_i*b_i| ...), 0 if none
  // Root of the sum of squared terms (sqrt(sum (a_i*b_i)^2)) of products under a math mode:
  // the scale of independent input-rounding errors; equals magnitude where not computed.
  double spread = 0;
};

namespace detail {
class Evaluator;
}

class Oracle {
 public:
  // `inputs[i]` is the buffer image holding call.inputs()[i] (what was uploaded); the oracle
  // computes output `output_index` (split has several). The call must be valid
  // (validate_op_call). INVALID_ARGUMENT for data the op rejects (a gather index out of range).
  static Expected<Oracle> create(const OpCall& call, std::vector<std::span<const std::byte>> inputs,
                                 std::size_t output_index = 0);
  Oracle(Oracle&&) noexcept;
  Oracle& operator=(Oracle&&) noexcept;
  ~Oracle();

  const TensorSpec& output() const { return output_; }
  int64_t output_elements() const { return output_elements_; }
  // Reference of the element at a logical output index / row-major flat index.
  Reference at(std::span<const int64_t> index);
  Reference at_flat(int64_t flat);

  // For the tolerance model.
  int64_t accumulation_length() const { return accumulation_length_; }
  DType accumulation_dtype() const { return accumulation_dtype_; }
  MathMode math_mode() const { return math_mode_; }

 private:
  Oracle() = default;
  std::unique_ptr<detail::Evaluator> evaluator_;
  TensorSpec output_;
  int64_t output_elements_ = 0;
  int64_t accumulation_length_ = 1;
  DType accumulation_dtype_ = DType::kF32;
  MathMode math_mode_ = MathMode::kStrict;
  std::vector<int64_t> scratch_;
};

// Every element of output `output_index` in row-major order (for tests and small cases).
Expected<std::vector<Reference>> compute_reference(const OpCall& call,
                                                   std::vector<std::span<const std::byte>> inputs,
                                                   std::size_t output_index = 0);

}  // namespace hwcert::conformance
