// Row-wise ops (softmax, log_softmax, layer_norm, rms_norm) and attention of the CUDA op
// library: kernel choice and support rules on the host (no GPU needed), then the kernels
// against a float64 reference on small random inputs (skipped without a CUDA device).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "device_required.hpp"
#include "library/attention_plan.hpp"
#include "library/library_ops.hpp"
#include "library/row_ops_plan.hpp"

namespace hwcert::cuda::library {
namespace {

// ---- host-only: tensors are described, never dereferenced ----

DeviceTensor dense(int32_t dtype, std::vector<int64_t> shape, std::byte* data) {
  DeviceTensor t;
  t.data = data;
  t.dtype = dtype;
  t.rank = static_cast<uint32_t>(shape.size());
  int64_t stride = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    t.shape[d] = shape[d];
    t.strides[d] = stride;
    stride *= shape[d];
  }
  return t;
}

// A 16-byte-aligned fake address (never dereferenced by the host-only tests).
std::byte* fake_address(std::uintptr_t offset = 0) {
  return reinterpret_cast<std::byte*>(std::uintptr_t{0x10000} + offset);
}

RowProblem row_problem(RowOp op, int32_t dtype, std::vector<int64_t> shape, uint32_t axis) {
  RowProblem p;
  p.op = op;
  p.x = dense(dtype, shape, fake_address());
  p.y = dense(dtype, shape, fake_address(1 << 20));
  p.axis = axis;
  if (op == RowOp::layer_norm || op == RowOp::rms_norm) {
    const std::vector<int64_t> tail(shape.begin() + axis, shape.end());
    p.gamma = dense(dtype, tail, fake_address(2 << 20));
    if (op == RowOp::layer_norm) p.beta = dense(dtype, tail, fake_address(3 << 20));
  }
  return p;
}

TEST(RowVariant, WarpPerRowUpTo1024ThenBlockPerRowThenLooped) {
  for (int64_t length : {1, 5, 256, 1024}) {
    const row::RowVariant v = row::select_row_variant(length, HWC_DTYPE_BF16, true);
    EXPECT_EQ(v.kernel, row::RowKernel::registers) << length;
    EXPECT_EQ(v.threads_per_row, 32) << length;
    EXPECT_TRUE(v.vectorized) << length;
  }
  EXPECT_EQ(row::select_row_variant(1025, HWC_DTYPE_BF16, true).threads_per_row, 128);
  EXPECT_EQ(row::select_row_variant(4096, HWC_DTYPE_F32, true).threads_per_row, 128);
  EXPECT_EQ(row::select_row_variant(4097, HWC_DTYPE_F32, true).threads_per_row, 256);
  EXPECT_EQ(row::select_row_variant(8192, HWC_DTYPE_BF16, true).threads_per_row, 256);
  EXPECT_EQ(row::select_row_variant(8193, HWC_DTYPE_BF16, true).threads_per_row, 512);
  // The strided path has no 128- or 256-thread variant.
  const row::RowVariant strided = row::select_row_variant(2000, HWC_DTYPE_F16, false);
  EXPECT_EQ(strided.threads_per_row, 512);
  EXPECT_FALSE(strided.vectorized);
  const row::RowVariant last = row::select_row_variant(row::kMaxRegisterRow, HWC_DTYPE_F64, true);
  EXPECT_EQ(last.kernel, row::RowKernel::registers);
  EXPECT_GE(int64_t{last.threads_per_row} * last.items_per_thread, row::kMaxRegisterRow);
  const row::RowVariant looped =
      row::select_row_variant(row::kMaxRegisterRow + 1, HWC_DTYPE_BF16, true);
  EXPECT_EQ(looped.kernel, row::RowKernel::looped);
  EXPECT_FALSE(looped.vectorized);
  EXPECT_FALSE(row::select_row_variant(64, HWC_DTYPE_I32, true).vectorized);
}

TEST(RowPlan, ContiguousRowsFoldAndVectorize) {
  const RowProblem p = row_problem(RowOp::softmax, HWC_DTYPE_BF16, {4, 16, 1024}, 2);
  const row::RowPlan plan = row::make_row_plan(p);
  EXPECT_EQ(plan.rows, 64);
  EXPECT_EQ(plan.length, 1024);
  EXPECT_EQ(plan.outer.count, 1);  // [4, 16] folded into 64 rows
  EXPECT_EQ(plan.outer.x[0], 1024);
  EXPECT_EQ(plan.inner.count, 1);
  EXPECT_TRUE(plan.variant.vectorized);
  EXPECT_EQ(row::vector_width(HWC_DTYPE_BF16), 8);
  EXPECT_EQ(row::vector_width(HWC_DTYPE_F32), 4);
  EXPECT_EQ(row::vector_width(HWC_DTYPE_F64), 2);
}

TEST(RowPlan, NormOverTrailingDimsFoldsIntoOneRow) {
  const RowProblem p = row_problem(RowOp::layer_norm, HWC_DTYPE_F32, {6, 8, 16}, 1);
  const row::RowPlan plan = row::make_row_plan(p);
  EXPECT_EQ(plan.rows, 6);
  EXPECT_EQ(plan.length, 128);
  EXPECT_EQ(plan.inner.count, 1);
  EXPECT_EQ(plan.inner.gamma[0], 1);
  EXPECT_TRUE(plan.variant.vectorized);
}

TEST(RowPlan, SoftmaxOverALeadingAxisIsStrided) {
  const RowProblem p = row_problem(RowOp::softmax, HWC_DTYPE_F32, {8, 16}, 0);
  const row::RowPlan plan = row::make_row_plan(p);
  EXPECT_EQ(plan.rows, 16);
  EXPECT_EQ(plan.length, 8);
  EXPECT_EQ(plan.inner.x[0], 16);
  EXPECT_EQ(plan.outer.x[0], 1);
  EXPECT_FALSE(plan.variant.vectorized);
}

TEST(RowPlan, MisalignmentOddLengthsAndStridedGammaDisableVectors) {
  RowProblem misaligned = row_problem(RowOp::rms_norm, HWC_DTYPE_F16, {4, 64}, 1);
  misaligned.x.data = fake_address(2);
  EXPECT_FALSE(row::make_row_plan(misaligned).variant.vectorized);

  const RowProblem odd = row_problem(RowOp::softmax, HWC_DTYPE_F16, {4, 60}, 1);  // 60 % 8
  EXPECT_FALSE(row::make_row_plan(odd).variant.vectorized);

  RowProblem odd_row_stride = row_problem(RowOp::softmax, HWC_DTYPE_F32, {4, 64}, 1);
  odd_row_stride.x.strides[0] = 66;  // rows start every 66 elements: not 16-byte aligned
  EXPECT_FALSE(row::make_row_plan(odd_row_stride).variant.vectorized);

  RowProblem strided_gamma = row_problem(RowOp::layer_norm, HWC_DTYPE_BF16, {4, 64}, 1);
  strided_gamma.gamma->strides[0] = 2;
  EXPECT_FALSE(row::make_row_plan(strided_gamma).variant.vectorized);

  RowProblem broadcast_gamma = row_problem(RowOp::layer_norm, HWC_DTYPE_BF16, {4, 64}, 1);
  broadcast_gamma.gamma->strides[0] = 0;
  EXPECT_FALSE(row::make_row_plan(broadcast_gamma).variant.vectorized);
}

TEST(RowPlan, BroadcastInputRowsKeepTheirZeroStride) {
  RowProblem p = row_problem(RowOp::softmax, HWC_DTYPE_F32, {5, 7, 32}, 2);
  p.x.strides[0] = 0;  // x broadcast over the first dim
  const row::RowPlan plan = row::make_row_plan(p);
  EXPECT_EQ(plan.rows, 35);
  ASSERT_EQ(plan.outer.count, 2);  // cannot fold: x steps 0 then 32, y steps 224 then 32
  EXPECT_EQ(plan.outer.x[0], 0);
  EXPECT_EQ(plan.outer.y[0], 224);
  EXPECT_TRUE(plan.variant.vectorized);
}

TEST(RowPlan, EmptyTensorsHaveNoRows) {
  const RowProblem p = row_problem(RowOp::softmax, HWC_DTYPE_F32, {0, 16}, 1);
  EXPECT_EQ(row::make_row_plan(p).rows, 0);
  const RowProblem q = row_problem(RowOp::rms_norm, HWC_DTYPE_F32, {3, 0}, 1);
  EXPECT_EQ(row::make_row_plan(q).length, 0);
}

TEST(RowSupport, FloatDtypesOnlyWithReasons) {
  const DeviceTraits traits;
  std::string reason;
  for (int32_t dtype : {HWC_DTYPE_F64, HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16}) {
    EXPECT_TRUE(supports(row_problem(RowOp::layer_norm, dtype, {2, 8}, 1), traits, reason))
        << reason;
  }
  EXPECT_FALSE(supports(row_problem(RowOp::softmax, HWC_DTYPE_I32, {2, 8}, 1), traits, reason));
  EXPECT_NE(reason.find("f64, f32, f16 and bf16"), std::string::npos) << reason;
  RowProblem mixed = row_problem(RowOp::rms_norm, HWC_DTYPE_F32, {2, 8}, 1);
  mixed.gamma->dtype = HWC_DTYPE_F16;
  reason.clear();
  EXPECT_FALSE(supports(mixed, traits, reason));
  EXPECT_NE(reason.find("one dtype"), std::string::npos) << reason;
}

AttentionProblem attention_problem(int32_t dtype, int64_t b, int64_t h, int64_t sq, int64_t sk,
                                   int64_t d, int64_t dv) {
  AttentionProblem p;
  p.q = dense(dtype, {b, h, sq, d}, fake_address());
  p.k = dense(dtype, {b, h, sk, d}, fake_address(1 << 20));
  p.v = dense(dtype, {b, h, sk, dv}, fake_address(2 << 20));
  p.y = dense(dtype, {b, h, sq, dv}, fake_address(3 << 20));
  p.scale = 1.0 / std::sqrt(static_cast<double>(d));
  return p;
}

TEST(AttentionSupport, HeadDimsMathModeAndSharedMemory) {
  DeviceTraits h100;
  h100.cc_major = 9;
  h100.shared_memory_per_block_optin = 227 * 1024;
  std::string reason;
  EXPECT_TRUE(
      supports(attention_problem(HWC_DTYPE_BF16, 8, 32, 4096, 4096, 128, 128), h100, reason))
      << reason;
  EXPECT_TRUE(supports(attention_problem(HWC_DTYPE_F64, 1, 1, 3, 5, 256, 256), h100, reason))
      << reason;
  EXPECT_FALSE(supports(attention_problem(HWC_DTYPE_F32, 1, 1, 8, 8, 512, 64), h100, reason));
  EXPECT_NE(reason.find("up to 256"), std::string::npos) << reason;
  AttentionProblem tf32 = attention_problem(HWC_DTYPE_F32, 1, 1, 8, 8, 64, 64);
  tf32.math_mode = MathMode::tf32;
  EXPECT_FALSE(supports(tf32, h100, reason));
  EXPECT_NE(reason.find("strict"), std::string::npos) << reason;
  EXPECT_FALSE(supports(attention_problem(HWC_DTYPE_I8, 1, 1, 8, 8, 64, 64), h100, reason));

  // Without the opt-in limit only 48 KiB: D = Dv = 256 in f32 needs more.
  const DeviceTraits unknown;
  EXPECT_GT(attention::shared_memory_bytes(HWC_DTYPE_F32, 256, 256),
            attention::kDefaultSharedMemory);
  EXPECT_FALSE(supports(attention_problem(HWC_DTYPE_F32, 1, 1, 8, 8, 256, 256), unknown, reason));
  EXPECT_NE(reason.find("shared memory"), std::string::npos) << reason;
  EXPECT_TRUE(supports(attention_problem(HWC_DTYPE_F16, 1, 1, 8, 8, 64, 64), unknown, reason));
}

TEST(AttentionPlan, TensorCoresForHalfTypesWithHeadDimsOf16) {
  using attention::AttentionKernel;
  constexpr uint64_t kH100 = 227 * 1024, kA100 = 163 * 1024;
  const auto choose = [](int32_t dtype, int64_t d, int64_t dv, int cc, uint64_t limit) {
    return attention::choose_kernel(attention_problem(dtype, 1, 1, 64, 64, d, dv), cc, limit);
  };
  EXPECT_EQ(choose(HWC_DTYPE_BF16, 128, 128, 9, kH100), AttentionKernel::tensor_cores);
  EXPECT_EQ(choose(HWC_DTYPE_F16, 64, 16, 8, kA100), AttentionKernel::tensor_cores);
  EXPECT_EQ(choose(HWC_DTYPE_BF16, 128, 128, 7, kH100), AttentionKernel::cuda_cores);
  EXPECT_EQ(choose(HWC_DTYPE_BF16, 72, 128, 9, kH100), AttentionKernel::cuda_cores);
  EXPECT_EQ(choose(HWC_DTYPE_F32, 128, 128, 9, kH100), AttentionKernel::cuda_cores);
  // D = Dv = 256: the tensor-core tiles fit 227 KiB, not 163 KiB.
  EXPECT_EQ(attention::tensor_core_shared_memory_bytes(256, 256), 194560u);
  EXPECT_EQ(choose(HWC_DTYPE_BF16, 256, 256, 9, kH100), AttentionKernel::tensor_cores);
  EXPECT_EQ(choose(HWC_DTYPE_BF16, 256, 256, 8, kA100), AttentionKernel::cuda_cores);
  EXPECT_EQ(choose(HWC_DTYPE_F64, 256, 256, 9, 0), AttentionKernel::none);
  EXPECT_EQ(choose(HWC_DTYPE_F16, 512, 64, 9, kH100), AttentionKernel::none);
}

TEST(AttentionPlan, TilesAndPadding) {
  EXPECT_EQ(attention::key_tile_stride(128), 129);
  EXPECT_EQ(attention::key_tile_stride(33), 33);
  EXPECT_EQ(attention::value_chunks(1), 2);
  EXPECT_EQ(attention::value_chunks(64), 2);
  EXPECT_EQ(attention::value_chunks(65), 4);
  EXPECT_EQ(attention::value_chunks(256), 8);
  EXPECT_EQ(attention::value_chunks(257), 0);
  EXPECT_EQ(attention::block_count(8, 32, 4096), 8 * 32 * (4096 / attention::kQueryTile));
  EXPECT_EQ(attention::block_count(1, 1, attention::kQueryTile + 1), 2);
}

// ---- device tests: the kernels against a float64 reference ----

bool have_device(std::string& why) {
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  if (error != cudaSuccess) {
    why = std::string("cudaGetDeviceCount: ") + cudaGetErrorName(error);
    return false;
  }
  if (count == 0) {
    why = "no CUDA device";
    return false;
  }
  return true;
}

#define REQUIRE_CUDA_DEVICE()                                           \
  do {                                                                  \
    std::string why_;                                                   \
    if (!have_device(why_)) HWCERT_SKIP_WITHOUT_DEVICE(why_);          \
  } while (0)

int32_t element_size(int32_t dtype) {
  return dtype == HWC_DTYPE_F64 ? 8 : dtype == HWC_DTYPE_F32 ? 4 : 2;
}

// Host values are kept as the doubles the stored elements represent.
void store_element(std::vector<std::byte>& bytes, int64_t index, int32_t dtype, double value) {
  std::byte* at = bytes.data() + index * element_size(dtype);
  switch (dtype) {
    case HWC_DTYPE_F64:
      std::memcpy(at, &value, 8);
      break;
    case HWC_DTYPE_F32: {
      const auto f = static_cast<float>(value);
      std::memcpy(at, &f, 4);
      break;
    }
    case HWC_DTYPE_F16: {
      const __half h = __float2half_rn(static_cast<float>(value));
      std::memcpy(at, &h, 2);
      break;
    }
    default: {
      const __nv_bfloat16 h = __float2bfloat16_rn(static_cast<float>(value));
      std::memcpy(at, &h, 2);
      break;
    }
  }
}

double load_element(const std::vector<std::byte>& bytes, int64_t index, int32_t dtype) {
  const std::byte* at = bytes.data() + index * element_size(dtype);
  switch (dtype) {
    case HWC_DTYPE_F64: {
      double d;
      std::memcpy(&d, at, 8);
      return d;
    }
    case HWC_DTYPE_F32: {
      float f;
      std::memcpy(&f, at, 4);
      return f;
    }
    case HWC_DTYPE_F16: {
      __half h;
      std::memcpy(&h, at, 2);
      return __half2float(h);
    }
    default: {
      __nv_bfloat16 h;
      std::memcpy(&h, at, 2);
      return __bfloat162float(h);
    }
  }
}

// Relative tolerance of one rounding to the dtype plus f32 (or f64) accumulation.
double tolerance(int32_t dtype) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return 1e-10;
    case HWC_DTYPE_F32:
      return 2e-5;
    case HWC_DTYPE_F16:
      return 2e-3;
    default:
      return 1.6e-2;
  }
}

struct DeviceMemory {
  void* ptr = nullptr;
  explicit DeviceMemory(std::size_t bytes) {
    if (cudaMalloc(&ptr, std::max<std::size_t>(bytes, 16)) != cudaSuccess) ptr = nullptr;
  }
  ~DeviceMemory() {
    if (ptr != nullptr) cudaFree(ptr);
  }
  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;
  std::byte* data() const { return static_cast<std::byte*>(ptr); }
};

// A host tensor view over its own storage: shape, strides and the storage size they need.
struct HostView {
  int32_t dtype = HWC_DTYPE_F32;
  std::vector<int64_t> shape, strides;
  std::vector<std::byte> bytes;
  HostView(int32_t dt, std::vector<int64_t> sh, std::vector<int64_t> st)
      : dtype(dt), shape(std::move(sh)), strides(std::move(st)) {
    int64_t span = 1;  // one past the largest offset; 0 for an empty tensor
    for (std::size_t d = 0; d < shape.size(); ++d) span += (shape[d] - 1) * strides[d];
    for (int64_t e : shape) span = e == 0 ? 0 : span;
    bytes.resize(static_cast<std::size_t>(span * element_size(dtype)));
  }
  int64_t offset(const std::vector<int64_t>& index) const {
    int64_t o = 0;
    for (std::size_t d = 0; d < index.size(); ++d) o += index[d] * strides[d];
    return o;
  }
  int64_t span() const { return static_cast<int64_t>(bytes.size()) / element_size(dtype); }
  DeviceTensor on(std::byte* device) const {
    DeviceTensor t;
    t.data = device;
    t.dtype = dtype;
    t.rank = static_cast<uint32_t>(shape.size());
    for (std::size_t d = 0; d < shape.size(); ++d) {
      t.shape[d] = shape[d];
      t.strides[d] = strides[d];
    }
    return t;
  }
};

std::vector<int64_t> row_major(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size());
  int64_t s = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

void fill_random(HostView& v, std::mt19937_64& rng, double lo, double hi) {
  std::uniform_real_distribution<double> dist(lo, hi);
  for (int64_t i = 0; i < v.span(); ++i) store_element(v.bytes, i, v.dtype, dist(rng));
}

// Calls f(index) for every multi-index of `shape`.
void for_each_index(const std::vector<int64_t>& shape,
                    const std::function<void(const std::vector<int64_t>&)>& f) {
  for (int64_t e : shape) {
    if (e == 0) return;
  }
  std::vector<int64_t> index(shape.size(), 0);
  while (true) {
    f(index);
    std::size_t d = shape.size();
    while (d > 0) {
      --d;
      if (++index[d] < shape[d]) break;
      index[d] = 0;
      if (d == 0) return;
    }
    if (shape.empty()) return;
  }
}

class DeviceContext {
 public:
  DeviceContext() {
    traits_.cuda_device = 0;
    cudaDeviceGetAttribute(&traits_.cc_major, cudaDevAttrComputeCapabilityMajor, 0);
    cudaDeviceGetAttribute(&traits_.cc_minor, cudaDevAttrComputeCapabilityMinor, 0);
    cudaDeviceGetAttribute(&traits_.sm_count, cudaDevAttrMultiProcessorCount, 0);
    int optin = 0;
    cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0);
    traits_.shared_memory_per_block_optin = static_cast<std::size_t>(optin);
    status_ = create_device_libraries(traits_, libraries_);
  }
  const DeviceTraits& traits() const { return traits_; }
  DeviceLibraries* libraries() const { return libraries_.get(); }
  const OpStatus& status() const { return status_; }

 private:
  DeviceTraits traits_;
  DeviceLibrariesPtr libraries_;
  OpStatus status_;
};

// Checks support, launches, waits and copies y back into `y`.
template <typename Problem>
void run_and_fetch(const DeviceContext& ctx, const Problem& problem, const DeviceMemory& dy,
                   HostView& y) {
  std::string reason;
  ASSERT_TRUE(supports(problem, ctx.traits(), reason)) << reason;
  const OpStatus status = launch(problem, *ctx.libraries(), Workspace{}, nullptr);
  ASSERT_TRUE(status.ok()) << status.message;
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  ASSERT_EQ(cudaMemcpy(y.bytes.data(), dy.ptr, y.bytes.size(), cudaMemcpyDeviceToHost),
            cudaSuccess);
}

struct RowCase {
  RowOp op;
  int32_t dtype;
  std::vector<int64_t> shape;
  uint32_t axis;
  std::vector<int64_t> x_strides = {}, y_strides = {}, gamma_strides = {};  // empty: dense
};

std::string describe_case(const RowCase& c) {
  static const char* const kOps[] = {"softmax", "log_softmax", "layer_norm", "rms_norm"};
  std::string s =
      std::string(kOps[static_cast<int>(c.op)]) + " dtype " + std::to_string(c.dtype) + " shape [";
  for (int64_t e : c.shape) s += std::to_string(e) + ",";
  return s + "] axis " + std::to_string(c.axis);
}

void run_row_case(const DeviceContext& ctx, const RowCase& c, uint64_t seed) {
  SCOPED_TRACE(describe_case(c));
  std::mt19937_64 rng(seed);
  const bool norm = c.op == RowOp::layer_norm || c.op == RowOp::rms_norm;
  HostView x(c.dtype, c.shape, c.x_strides.empty() ? row_major(c.shape) : c.x_strides);
  HostView y(c.dtype, c.shape, c.y_strides.empty() ? row_major(c.shape) : c.y_strides);
  const std::vector<int64_t> tail(c.shape.begin() + c.axis, c.shape.end());
  HostView gamma(c.dtype, tail, c.gamma_strides.empty() ? row_major(tail) : c.gamma_strides);
  HostView beta(c.dtype, tail, row_major(tail));
  fill_random(x, rng, -3.0, 3.0);
  fill_random(gamma, rng, 0.5, 1.5);
  fill_random(beta, rng, -0.5, 0.5);
  const double nan = std::nan("");
  for (int64_t i = 0; i < y.span(); ++i) store_element(y.bytes, i, c.dtype, nan);  // poison

  DeviceMemory dx(x.bytes.size()), dy(y.bytes.size()), dg(gamma.bytes.size()),
      db(beta.bytes.size());
  ASSERT_TRUE(dx.ptr && dy.ptr && dg.ptr && db.ptr);
  ASSERT_EQ(cudaMemcpy(dx.ptr, x.bytes.data(), x.bytes.size(), cudaMemcpyHostToDevice),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy(dy.ptr, y.bytes.data(), y.bytes.size(), cudaMemcpyHostToDevice),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy(dg.ptr, gamma.bytes.data(), gamma.bytes.size(), cudaMemcpyHostToDevice),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy(db.ptr, beta.bytes.data(), beta.bytes.size(), cudaMemcpyHostToDevice),
            cudaSuccess);

  RowProblem p;
  p.op = c.op;
  p.x = x.on(dx.data());
  p.y = y.on(dy.data());
  p.axis = c.axis;
  p.epsilon = c.op == RowOp::layer_norm ? 1e-5 : 1e-6;
  if (norm) p.gamma = gamma.on(dg.data());
  if (c.op == RowOp::layer_norm) p.beta = beta.on(db.data());
  run_and_fetch(ctx, p, dy, y);
  if (::testing::Test::HasFatalFailure()) return;

  // Reference: rows are the dims outside the reduced ones.
  const uint32_t end = norm ? static_cast<uint32_t>(c.shape.size()) : c.axis + 1;
  std::vector<int64_t> outer_shape, inner_shape;
  for (uint32_t d = 0; d < c.shape.size(); ++d) {
    (d >= c.axis && d < end ? inner_shape : outer_shape).push_back(c.shape[d]);
  }
  const double tol = tolerance(c.dtype);
  int64_t checked = 0;
  for_each_index(outer_shape, [&](const std::vector<int64_t>& outer) {
    std::vector<std::vector<int64_t>> indices;
    std::vector<double> values;
    for_each_index(inner_shape, [&](const std::vector<int64_t>& inner) {
      std::vector<int64_t> full;
      std::size_t o = 0, i = 0;
      for (uint32_t d = 0; d < c.shape.size(); ++d) {
        full.push_back(d >= c.axis && d < end ? inner[i++] : outer[o++]);
      }
      indices.push_back(full);
      values.push_back(load_element(x.bytes, x.offset(full), c.dtype));
    });
    const auto n = static_cast<double>(values.size());
    double max = -INFINITY, sum = 0, mean = 0, squares = 0;
    for (double v : values) max = std::max(max, v);
    for (double v : values) sum += std::exp(v - max);
    for (double v : values) mean += v / n;
    for (double v : values)
      squares +=
          (c.op == RowOp::rms_norm ? v : v - mean) * (c.op == RowOp::rms_norm ? v : v - mean);
    const double rstd = 1.0 / std::sqrt(squares / n + p.epsilon);
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::vector<int64_t> g_index(indices[k].begin() + c.axis, indices[k].end());
      const double g = load_element(gamma.bytes, gamma.offset(g_index), c.dtype);
      const double b = load_element(beta.bytes, beta.offset(g_index), c.dtype);
      double expected = 0;
      switch (c.op) {
        case RowOp::softmax:
          expected = std::exp(values[k] - max) / sum;
          break;
        case RowOp::log_softmax:
          expected = values[k] - max - std::log(sum);
          break;
        case RowOp::layer_norm:
          expected = (values[k] - mean) * rstd * g + b;
          break;
        case RowOp::rms_norm:
          expected = values[k] * rstd * g;
          break;
      }
      const double got = load_element(y.bytes, y.offset(indices[k]), c.dtype);
      const double bound = tol * (std::fabs(expected) + (c.op == RowOp::softmax ? 1.0 / n : 1.0));
      ASSERT_LE(std::fabs(got - expected), bound)
          << "element " << k << " expected " << expected << " got " << got;
      ++checked;
    }
  });
  if (x.span() > 0) {
    EXPECT_GT(checked, 0);
  }
}

TEST(RowKernels, MatchFloat64Reference) {
  REQUIRE_CUDA_DEVICE();
  const DeviceContext ctx;
  ASSERT_TRUE(ctx.status().ok()) << ctx.status().message;
  uint64_t seed = 1;
  for (RowOp op : {RowOp::softmax, RowOp::log_softmax, RowOp::layer_norm, RowOp::rms_norm}) {
    for (int32_t dtype : {HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_F64}) {
      run_row_case(ctx, {op, dtype, {3, 5}, 1}, seed++);      // odd length: strided path
      run_row_case(ctx, {op, dtype, {7, 1024}, 1}, seed++);   // warp per row, vectors
      run_row_case(ctx, {op, dtype, {2, 3000}, 1}, seed++);   // block per row (128)
      run_row_case(ctx, {op, dtype, {3, 8192}, 1}, seed++);   // block per row (256)
      run_row_case(ctx, {op, dtype, {2, 10000}, 1}, seed++);  // block per row (512)
      run_row_case(ctx, {op, dtype, {2, 20000}, 1}, seed++);  // looped
      run_row_case(ctx, {op, dtype, {3, 4, 0}, 1}, seed++);   // empty: nothing written
    }
  }
}

TEST(RowKernels, StridedAndBroadcastViews) {
  REQUIRE_CUDA_DEVICE();
  const DeviceContext ctx;
  ASSERT_TRUE(ctx.status().ok()) << ctx.status().message;
  uint64_t seed = 100;
  for (int32_t dtype : {HWC_DTYPE_F32, HWC_DTYPE_BF16}) {
    // softmax over a leading axis: elements of a row are 33 apart.
    run_row_case(ctx, {RowOp::softmax, dtype, {6, 33}, 0}, seed++);
    run_row_case(ctx, {RowOp::log_softmax, dtype, {1500, 3}, 0}, seed++);
    // a transposed input ([4, 5, 6] viewed with strides of a [6, 5, 4] tensor).
    run_row_case(ctx, {RowOp::layer_norm, dtype, {4, 5, 6}, 1, {1, 4, 20}}, seed++);
    run_row_case(ctx, {RowOp::rms_norm, dtype, {4, 5, 6}, 1, {1, 4, 20}, {30, 1, 5}}, seed++);
    // broadcast input rows, padded output rows, strided and broadcast gamma.
    run_row_case(ctx, {RowOp::softmax, dtype, {3, 64}, 1, {0, 1}, {80, 1}}, seed++);
    run_row_case(ctx, {RowOp::layer_norm, dtype, {5, 64}, 1, {}, {}, {2}}, seed++);
    run_row_case(ctx, {RowOp::rms_norm, dtype, {5, 64}, 1, {}, {}, {0}}, seed++);
    // long strided rows take the looped kernel.
    run_row_case(ctx, {RowOp::softmax, dtype, {17000, 2}, 0}, seed++);
    run_row_case(ctx, {RowOp::layer_norm, dtype, {17000, 2}, 0, {1, 17000}}, seed++);
  }
}

struct AttentionCase {
  int32_t dtype;
  int64_t b, h, sq, sk, d, dv;
  bool causal;
  int q_layout = 0;  // 0: dense; 1: q stored as [B, Sq, H, D]; 2: every other element
};

void run_attention_case(const DeviceContext& ctx, const AttentionCase& c, uint64_t seed) {
  SCOPED_TRACE("attention dtype " + std::to_string(c.dtype) + " b" + std::to_string(c.b) + " h" +
               std::to_string(c.h) + " sq" + std::to_string(c.sq) + " sk" + std::to_string(c.sk) +
               " d" + std::to_string(c.d) + " dv" + std::to_string(c.dv) +
               (c.causal ? " causal" : ""));
  std::mt19937_64 rng(seed);
  const std::vector<int64_t> q_shape = {c.b, c.h, c.sq, c.d};
  std::vector<int64_t> q_strides = row_major(q_shape);
  if (c.q_layout == 1) q_strides = {c.sq * c.h * c.d, c.d, c.h * c.d, 1};
  if (c.q_layout == 2) {
    for (int64_t& stride : q_strides) stride *= 2;
  }
  HostView q(c.dtype, q_shape, q_strides);
  HostView k(c.dtype, {c.b, c.h, c.sk, c.d}, row_major({c.b, c.h, c.sk, c.d}));
  HostView v(c.dtype, {c.b, c.h, c.sk, c.dv}, row_major({c.b, c.h, c.sk, c.dv}));
  HostView y(c.dtype, {c.b, c.h, c.sq, c.dv}, row_major({c.b, c.h, c.sq, c.dv}));
  fill_random(q, rng, -1.0, 1.0);
  fill_random(k, rng, -1.0, 1.0);
  fill_random(v, rng, -1.0, 1.0);
  for (int64_t i = 0; i < y.span(); ++i) store_element(y.bytes, i, c.dtype, std::nan(""));

  DeviceMemory dq(q.bytes.size()), dk(k.bytes.size()), dv(v.bytes.size()), dy(y.bytes.size());
  ASSERT_TRUE(dq.ptr && dk.ptr && dv.ptr && dy.ptr);
  const std::vector<std::pair<void*, const HostView*>> uploads = {
      {dq.ptr, &q}, {dk.ptr, &k}, {dv.ptr, &v}, {dy.ptr, &y}};
  for (const auto& [dst, src] : uploads) {
    ASSERT_EQ(cudaMemcpy(dst, src->bytes.data(), src->bytes.size(), cudaMemcpyHostToDevice),
              cudaSuccess);
  }
  AttentionProblem p;
  p.q = q.on(dq.data());
  p.k = k.on(dk.data());
  p.v = v.on(dv.data());
  p.y = y.on(dy.data());
  p.causal = c.causal;
  p.scale = c.d > 0 ? 1.0 / std::sqrt(static_cast<double>(c.d)) : 1.0;
  run_and_fetch(ctx, p, dy, y);
  if (::testing::Test::HasFatalFailure()) return;

  const double tol = tolerance(c.dtype);
  for (int64_t b = 0; b < c.b; ++b) {
    for (int64_t h = 0; h < c.h; ++h) {
      for (int64_t i = 0; i < c.sq; ++i) {
        const int64_t keys = c.causal ? std::min(i + 1, c.sk) : c.sk;
        std::vector<double> s(static_cast<std::size_t>(keys));
        double max = -INFINITY;
        for (int64_t j = 0; j < keys; ++j) {
          double dot = 0;
          for (int64_t d = 0; d < c.d; ++d) {
            dot += load_element(q.bytes, q.offset({b, h, i, d}), c.dtype) *
                   load_element(k.bytes, k.offset({b, h, j, d}), c.dtype);
          }
          s[static_cast<std::size_t>(j)] = p.scale * dot;
          max = std::max(max, p.scale * dot);
        }
        double total = 0;
        for (double& e : s) total += (e = std::exp(e - max));
        for (int64_t col = 0; col < c.dv; ++col) {
          double expected = 0, magnitude = 0;
          for (int64_t j = 0; j < keys; ++j) {
            const double term = s[static_cast<std::size_t>(j)] / total *
                                load_element(v.bytes, v.offset({b, h, j, col}), c.dtype);
            expected += term;
            magnitude += std::fabs(term);
          }
          const double got = load_element(y.bytes, y.offset({b, h, i, col}), c.dtype);
          ASSERT_LE(std::fabs(got - expected), tol * (magnitude + 1e-3))
              << "b" << b << " h" << h << " i" << i << " col" << col << " expected " << expected
              << " got " << got;
        }
      }
    }
  }
}

TEST(AttentionKernel, MatchesFloat64Reference) {
  REQUIRE_CUDA_DEVICE();
  const DeviceContext ctx;
  ASSERT_TRUE(ctx.status().ok()) << ctx.status().message;
  uint64_t seed = 1000;
  for (int32_t dtype : {HWC_DTYPE_F32, HWC_DTYPE_F16, HWC_DTYPE_BF16, HWC_DTYPE_F64}) {
    for (bool causal : {false, true}) {
      run_attention_case(ctx, {dtype, 1, 2, 5, 7, 16, 8, causal}, seed++);
      run_attention_case(ctx, {dtype, 2, 3, 40, 70, 64, 64, causal}, seed++);   // several tiles
      run_attention_case(ctx, {dtype, 1, 2, 70, 40, 33, 100, causal}, seed++);  // Sq > Sk
      run_attention_case(ctx, {dtype, 1, 2, 33, 33, 128, 128, causal, 1}, seed++);
      run_attention_case(ctx, {dtype, 2, 1, 20, 30, 32, 32, causal, 2}, seed++);
    }
  }
  // Tensor-core kernel: several query and key tiles, Sq > Sk, Dv != D.
  for (int32_t dtype : {HWC_DTYPE_F16, HWC_DTYPE_BF16}) {
    run_attention_case(ctx, {dtype, 2, 2, 130, 200, 64, 128, true}, seed++);
    run_attention_case(ctx, {dtype, 1, 3, 150, 70, 32, 16, true}, seed++);
    run_attention_case(ctx, {dtype, 1, 1, 65, 129, 256, 256, false}, seed++);
  }
  // D = Dv = 256 in f32 needs more than 48 KiB of shared memory (opt-in).
  run_attention_case(ctx, {HWC_DTYPE_F32, 1, 1, 20, 50, 256, 256, true}, seed++);
  // No keys: every output is the empty sum, 0.
  run_attention_case(ctx, {HWC_DTYPE_F32, 1, 2, 4, 0, 16, 16, false}, seed++);
}

}  // namespace
}  // namespace hwcert::cuda::library
