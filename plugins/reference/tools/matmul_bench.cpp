// Measures the reference plugin's matmul throughput through its ABI:
//   hwcert_reference_matmul_bench [M N K] [repetitions] [f32|f16|bf16|f64|i8]
//   [strict|tf32|bf16|f16]
// Prints the best and median GFLOP/s over the repetitions, timed with plugin events.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/plugin_testing/op_desc.hpp"

namespace {

const HWC_PluginApi* g_api = nullptr;

void check(HWC_Error* error, const char* what) {
  if (error == nullptr) return;
  std::fprintf(stderr, "%s failed: %s\n", what, g_api->error_message(error));
  g_api->error_destroy(error);
  std::exit(1);
}

int32_t parse_dtype(const std::string& name) {
  if (name == "f16") return HWC_DTYPE_F16;
  if (name == "bf16") return HWC_DTYPE_BF16;
  if (name == "f64") return HWC_DTYPE_F64;
  if (name == "i8") return HWC_DTYPE_I8;
  return HWC_DTYPE_F32;
}

size_t dtype_bytes(int32_t dtype) {
  switch (dtype) {
    case HWC_DTYPE_F64:
      return 8;
    case HWC_DTYPE_F16:
    case HWC_DTYPE_BF16:
      return 2;
    case HWC_DTYPE_I8:
      return 1;
    default:
      return 4;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t m = 1024, n = 1024, k = 1024;
  int repetitions = 10;
  std::string dtype_name = "f32";
  std::string mode = "strict";
  if (argc >= 4) {
    m = std::atoll(argv[1]);
    n = std::atoll(argv[2]);
    k = std::atoll(argv[3]);
  }
  if (argc >= 5) repetitions = std::max(1, std::atoi(argv[4]));
  if (argc >= 6) dtype_name = argv[5];
  if (argc >= 7) mode = argv[6];
  const int32_t dtype = parse_dtype(dtype_name);
  const int32_t out_dtype = dtype == HWC_DTYPE_I8 ? HWC_DTYPE_I32 : dtype;

  check(hwc_get_plugin_api(nullptr, &g_api), "hwc_get_plugin_api");
  HWC_Device* device = nullptr;
  HWC_Stream* stream = nullptr;
  check(g_api->device_open(0, &device), "device_open");
  check(g_api->stream_create(device, &stream), "stream_create");
  HWC_Buffer *a = nullptr, *b = nullptr, *y = nullptr;
  const size_t es = dtype_bytes(dtype);
  check(g_api->buffer_alloc(device, static_cast<uint64_t>(m * k) * es, &a), "alloc A");
  check(g_api->buffer_alloc(device, static_cast<uint64_t>(k * n) * es, &b), "alloc B");
  check(g_api->buffer_alloc(device, static_cast<uint64_t>(m * n) * dtype_bytes(out_dtype), &y),
        "alloc Y");
  const uint8_t pattern = dtype == HWC_DTYPE_I8 ? 3 : 0x3c;  // small finite values in every dtype
  check(g_api->fill(stream, a, 0, static_cast<uint64_t>(m * k) * es, &pattern, 1), "fill A");
  check(g_api->fill(stream, b, 0, static_cast<uint64_t>(k * n) * es, &pattern, 1), "fill B");

  using hwcert::plugin_testing::tensor;
  const hwcert::plugin_testing::OpCall matmul(
      "matmul", {tensor(dtype, {m, k}), tensor(dtype, {k, n})}, {tensor(out_dtype, {m, n})},
      {hwcert::plugin_testing::string_attr("math_mode", mode)});
  const HWC_OpDesc& op = *matmul.desc();
  HWC_Buffer* in_buffers[] = {a, b};
  HWC_Buffer* out_buffers[] = {y};

  HWC_Event *start = nullptr, *end = nullptr;
  check(g_api->event_create(device, &start), "event_create");
  check(g_api->event_create(device, &end), "event_create");
  check(g_api->op_launch(stream, &op, in_buffers, 2, out_buffers, 1, nullptr, 0), "warm-up");
  check(g_api->stream_synchronize(stream), "synchronize");
  std::vector<double> gflops;
  for (int r = 0; r < repetitions; ++r) {
    check(g_api->event_record(start, stream), "event_record");
    check(g_api->op_launch(stream, &op, in_buffers, 2, out_buffers, 1, nullptr, 0), "op_launch");
    check(g_api->event_record(end, stream), "event_record");
    check(g_api->stream_synchronize(stream), "synchronize");
    uint64_t ns = 0;
    check(g_api->event_elapsed_ns(start, end, &ns), "event_elapsed_ns");
    gflops.push_back(2.0 * static_cast<double>(m) * static_cast<double>(n) *
                     static_cast<double>(k) / static_cast<double>(std::max<uint64_t>(ns, 1)));
  }
  std::sort(gflops.begin(), gflops.end());
  char name[256] = {};
  size_t size = 0;
  check(g_api->device_get_info(device, HWC_DEVICE_INFO_NAME, sizeof(name), name, &size),
        "device name");
  uint32_t threads = 0;
  check(g_api->device_get_info(device, HWC_DEVICE_INFO_COMPUTE_UNITS, sizeof(threads), &threads,
                               &size),
        "units");
  std::printf(
      "matmul %s %s %lldx%lldx%lld on %s (%u logical CPUs): best %.1f GFLOP/s, median %.1f "
      "GFLOP/s\n",
      dtype_name.c_str(), mode.c_str(), static_cast<long long>(m), static_cast<long long>(n),
      static_cast<long long>(k), name, threads, gflops.back(), gflops[gflops.size() / 2]);

  check(g_api->event_destroy(start), "event_destroy");
  check(g_api->event_destroy(end), "event_destroy");
  check(g_api->buffer_free(a), "free");
  check(g_api->buffer_free(b), "free");
  check(g_api->buffer_free(y), "free");
  check(g_api->stream_destroy(stream), "stream_destroy");
  check(g_api->device_close(device), "device_close");
  check(g_api->plugin_shutdown(), "plugin_shutdown");
  return 0;
}
