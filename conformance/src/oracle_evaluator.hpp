// Internal interface of the oracle: one evaluator per op family.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hwcert/conformance/dtype_convert.hpp"
#include "hwcert/conformance/tensor_view.hpp"
#include "hwcert/loader/op_call.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::conformance::detail {

// Result of one element before it is encoded into the output dtype.
struct RefValue {
  enum class Kind { kReal, kInteger, kBits } kind = Kind::kReal;
  double real = 0;
  int64_t integer = 0;
  uint64_t bits = 0;
  double magnitude = 0;
  double spread = -1;  // < 0: same as magnitude

  static RefValue of_real(double v, double magnitude = 0, double spread = -1) {
    return {Kind::kReal, v, 0, 0, magnitude, spread};
  }
  static RefValue of_integer(int64_t v) { return {Kind::kInteger, 0, v, 0, 0, -1}; }
  static RefValue of_bits(uint64_t b) { return {Kind::kBits, 0, 0, b, 0, -1}; }
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual RefValue eval(std::span<const int64_t> out_index) = 0;
};

struct EvalContext {
  const OpCall* call;
  std::vector<TensorReader> inputs;
  MathMode mode = MathMode::kStrict;
  std::size_t output_index = 0;  // the output evaluated (split has several)
};

// Compensated summation (Neumaier) with exact products (fma): the oracle's accumulator.
class Accumulator {
 public:
  void add(double x) {
    if (!std::isfinite(x) || !std::isfinite(sum_)) {
      sum_ += x;
      return;
    }
    const double t = sum_ + x;
    compensation_ += std::fabs(sum_) >= std::fabs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
  }
  void add_product(double a, double b) {
    const double p = a * b;
    add(p);
    if (std::isfinite(p)) add(std::fma(a, b, -p));
  }
  double value() const { return std::isfinite(sum_) ? sum_ + compensation_ : sum_; }

 private:
  double sum_ = 0;
  double compensation_ = 0;
};

// Each returns nullptr when the op is not of its family.
Expected<std::unique_ptr<Evaluator>> make_data_movement(const EvalContext& ctx);
Expected<std::unique_ptr<Evaluator>> make_opset2_movement(const EvalContext& ctx);
std::unique_ptr<Evaluator> make_elementwise(const EvalContext& ctx);
std::unique_ptr<Evaluator> make_reduction(const EvalContext& ctx);
std::unique_ptr<Evaluator> make_normalization(const EvalContext& ctx);
std::unique_ptr<Evaluator> make_matmul(const EvalContext& ctx);
std::unique_ptr<Evaluator> make_conv_pool(const EvalContext& ctx);
std::unique_ptr<Evaluator> make_attention(const EvalContext& ctx);

// Maps an output index onto a numpy-broadcast input of `shape` (right-aligned, extent-1 dims
// read index 0).
void broadcast_index(std::span<const int64_t> out_index, std::span<const int64_t> shape,
                     std::vector<int64_t>& in_index);

}  // namespace hwcert::conformance::detail
