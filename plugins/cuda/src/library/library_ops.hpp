// Contract between the CUDA plugin's ABI layer (plugins/cuda/src) and its heavy-op library
// (plugins/cuda/src/library): matmul (cuBLASLt), conv2d (cuDNN), the row-wise
// softmax / log_softmax / layer_norm / rms_norm kernels and attention.
//
// The ABI layer validates every descriptor against docs/op-catalogue.md (dtypes, ranks,
// shapes, attribute names, types and ranges) and resolves buffers to device addresses
// before it builds one of the problem structs below; the library trusts them. The library
// decides what it can run (supports), how much scratch it needs (workspace_bytes) and
// enqueues the work (launch). Nothing here blocks the host or synchronizes a stream.
#pragma once

#include <cuda_runtime_api.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <hwcert/hwcert_plugin.h>

namespace hwcert::cuda::library {

/// Outcome of a library call. code is an HWC_STATUS_* value; message is empty on success.
struct OpStatus {
  int32_t code = HWC_STATUS_OK;
  std::string message;
  bool ok() const noexcept { return code == HWC_STATUS_OK; }
};

/// A tensor on the device. data is the address of element 0 (buffer base + byte_offset);
/// strides are in elements (>= 0, 0 broadcasts). Entries at index >= rank are 0.
/// In supports() and workspace_bytes() there is no buffer yet: data then holds the
/// descriptor's byte_offset as an address, never to be dereferenced; buffers are 256-byte
/// aligned, so its alignment modulo 256 equals that of the address launch() receives.
struct DeviceTensor {
  std::byte* data = nullptr;
  int32_t dtype = HWC_DTYPE_INVALID;
  uint32_t rank = 0;
  std::array<int64_t, HWC_MAX_RANK> shape{};
  std::array<int64_t, HWC_MAX_RANK> strides{};
};

/// math_mode attribute (docs/op-catalogue.md, "math_mode").
enum class MathMode { strict, tf32, hf32, f16, bf16, f16_accumulate };

/// What the library needs to know of the device it runs on.
struct DeviceTraits {
  int cuda_device = 0;
  int cc_major = 0;  ///< compute capability, e.g. 9.0 on an H100
  int cc_minor = 0;
  int sm_count = 0;
  std::size_t shared_memory_per_block_optin = 0;  ///< cudaDevAttrMaxSharedMemoryPerBlockOptin
};

/// matmul: Y = alpha * op(A) * op(B) + beta * bias. Batch dims (all but the last two) are
/// already broadcast: a, b and y have y's rank and a 0 stride on a broadcast batch dim.
/// bias, when present, is broadcast to y's shape the same way.
struct MatmulProblem {
  DeviceTensor a, b, y;
  std::optional<DeviceTensor> bias;
  bool transpose_a = false, transpose_b = false;
  double alpha = 1.0, beta = 1.0;
  MathMode math_mode = MathMode::strict;
};

/// conv2d; pads are top, left, bottom, right.
struct Conv2dProblem {
  DeviceTensor x, w, y;
  std::optional<DeviceTensor> bias;  ///< [C_out]
  bool nhwc = false;
  std::array<int64_t, 2> strides{1, 1};
  std::array<int64_t, 4> pads{0, 0, 0, 0};
  std::array<int64_t, 2> dilations{1, 1};
  int64_t groups = 1;
  MathMode math_mode = MathMode::strict;
};

enum class RowOp { softmax, log_softmax, layer_norm, rms_norm };

/// softmax and log_softmax reduce over the single dim `axis`; layer_norm and rms_norm over
/// dims axis..rank-1, with gamma (and beta for layer_norm) of shape x.shape[axis:].
struct RowProblem {
  RowOp op = RowOp::softmax;
  DeviceTensor x, y;
  std::optional<DeviceTensor> gamma, beta;
  uint32_t axis = 0;  ///< normalized, in [0, rank)
  double epsilon = 0.0;
};

/// scaled_dot_product_attention: q [B,H,Sq,D], k [B,H,Sk,D], v [B,H,Sk,Dv] -> y [B,H,Sq,Dv].
struct AttentionProblem {
  DeviceTensor q, k, v, y;
  bool causal = false;
  double scale = 0.0;  ///< already defaulted to 1/sqrt(D) when absent
  MathMode math_mode = MathMode::strict;
};

/// Per-device vendor-library state (cuBLASLt and cuDNN handles, cached plans). Created once
/// per opened device, destroyed before the device's context goes away. Safe to call from
/// several host threads at once.
class DeviceLibraries;
struct DeviceLibrariesDeleter {
  void operator()(DeviceLibraries* libraries) const noexcept;
};
using DeviceLibrariesPtr = std::unique_ptr<DeviceLibraries, DeviceLibrariesDeleter>;

/// Creates the state for `traits.cuda_device` (handles may be created lazily on first use).
OpStatus create_device_libraries(const DeviceTraits& traits, DeviceLibrariesPtr& out);

/// Support query: true when launch() will run the problem exactly as described, in the
/// asked math_mode, without lowering precision; otherwise false with a one-line reason.
bool supports(const MatmulProblem& problem, const DeviceTraits& traits, std::string& reason);
bool supports(const Conv2dProblem& problem, const DeviceTraits& traits, std::string& reason);
bool supports(const RowProblem& problem, const DeviceTraits& traits, std::string& reason);
bool supports(const AttentionProblem& problem, const DeviceTraits& traits, std::string& reason);

/// Scratch bytes launch() needs for the problem (0 for none). Only called for supported
/// problems. The same value must be accepted by launch().
uint64_t workspace_bytes(const MatmulProblem& problem, DeviceLibraries& libraries);
uint64_t workspace_bytes(const Conv2dProblem& problem, DeviceLibraries& libraries);
uint64_t workspace_bytes(const RowProblem& problem, DeviceLibraries& libraries);
uint64_t workspace_bytes(const AttentionProblem& problem, DeviceLibraries& libraries);

/// Scratch memory handed to launch(): workspace_bytes() or more, or null and 0.
struct Workspace {
  std::byte* data = nullptr;
  uint64_t bytes = 0;
};

/// Enqueues the problem on `stream` (on the device the libraries were created for).
/// Errors known before enqueue come back here, mapped to HWC_STATUS_* (cudaErrorMemoryAllocation
/// -> OUT_OF_MEMORY, sticky errors such as cudaErrorIllegalAddress -> DEVICE_LOST,
/// CUBLAS_STATUS_NOT_SUPPORTED -> UNSUPPORTED, everything else INTERNAL with the library's
/// own error name in the message). Never aborts the process.
OpStatus launch(const MatmulProblem& problem, DeviceLibraries& libraries, Workspace workspace,
                cudaStream_t stream);
OpStatus launch(const Conv2dProblem& problem, DeviceLibraries& libraries, Workspace workspace,
                cudaStream_t stream);
OpStatus launch(const RowProblem& problem, DeviceLibraries& libraries, Workspace workspace,
                cudaStream_t stream);
OpStatus launch(const AttentionProblem& problem, DeviceLibraries& libraries, Workspace workspace,
                cudaStream_t stream);

}  // namespace hwcert::cuda::library
