#include "error_flag.hpp"

#include "runtime.hpp"

namespace hwcert::cuda {

void CudaErrorFlagCalls::read(int& host, const int* flag, cudaStream_t stream) {
  runtime_.check(cudaMemcpyAsync(&host, flag, sizeof(int), cudaMemcpyDeviceToHost, stream),
                 "reading the error flag");
}

void CudaErrorFlagCalls::wait(cudaStream_t stream) {
  runtime_.check(cudaStreamSynchronize(stream), "cudaStreamSynchronize(error flag)");
}

void CudaErrorFlagCalls::clear(int* flag, cudaStream_t stream) {
  runtime_.check(cudaMemsetAsync(flag, 0, sizeof(int), stream), "clearing the error flag");
}

bool take_error_flag(ErrorFlagCalls& calls, int* flag, cudaStream_t stream) {
  int value = 0;
  calls.read(value, flag, stream);
  calls.wait(stream);
  if (value == 0) return false;
  calls.clear(flag, stream);
  return true;
}

}  // namespace hwcert::cuda
