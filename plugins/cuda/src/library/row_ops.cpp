// Support query and workspace of the row-wise ops; the kernels are in row_ops.cu.
#include <string>

#include "library_ops.hpp"
#include "row_ops_plan.hpp"

namespace hwcert::cuda::library {

bool supports(const RowProblem& problem, const DeviceTraits& /*traits*/, std::string& reason) {
  const int32_t dtype = problem.x.dtype;
  if (row::row_element_bytes(dtype) == 0) {
    reason = "softmax, log_softmax, layer_norm and rms_norm run on f64, f32, f16 and bf16 only";
    return false;
  }
  const bool same_dtype = problem.y.dtype == dtype &&
                          (!problem.gamma || problem.gamma->dtype == dtype) &&
                          (!problem.beta || problem.beta->dtype == dtype);
  if (!same_dtype) {
    reason = "the row kernels need x, y, gamma and beta of one dtype";
    return false;
  }
  if (problem.x.rank == 0 || problem.axis >= problem.x.rank) {
    reason = "the row kernels need a tensor of rank >= 1 and an axis inside it";
    return false;
  }
  return true;
}

uint64_t workspace_bytes(const RowProblem& /*problem*/, DeviceLibraries& /*libraries*/) {
  return 0;
}

}  // namespace hwcert::cuda::library
