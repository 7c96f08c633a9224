// Quick throughput figures of the OpenCL plugin through its ABI: d2d copy bandwidth, the
// copy op, and matmul GFLOP/s, timed with the plugin's own events (device timestamps).
// Usage: hwcert_opencl_bench [matmul-size] [repetitions]
#include <hwcert/hwcert_plugin.h>
#include <hwcert/plugin_testing/host_table.hpp>
#include <hwcert/plugin_testing/op_desc.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

namespace plugin_testing = hwcert::plugin_testing;
using plugin_testing::tensor;

const HWC_PluginApi* g_api = nullptr;

void check(HWC_Error* e, const char* what) {
  if (e == nullptr) return;
  std::fprintf(stderr, "%s: %s\n", what, g_api->error_message(e));
  std::exit(1);
}

struct Timer {
  HWC_Device* device;
  HWC_Stream* stream;
  HWC_Event* start = nullptr;
  HWC_Event* end = nullptr;
  Timer(HWC_Device* d, HWC_Stream* s) : device(d), stream(s) {
    check(g_api->event_create(device, &start), "event_create");
    check(g_api->event_create(device, &end), "event_create");
  }
  ~Timer() {
    g_api->event_destroy(start);
    g_api->event_destroy(end);
  }
  /// Median device seconds of `reps` runs of `body` (after one warm-up run).
  template <typename Body>
  double median_seconds(int reps, Body body) {
    body();
    check(g_api->stream_synchronize(stream), "synchronize");
    std::vector<double> times;
    for (int r = 0; r < reps; ++r) {
      check(g_api->event_record(start, stream), "record");
      body();
      check(g_api->event_record(end, stream), "record");
      check(g_api->event_synchronize(end), "event_synchronize");
      uint64_t ns = 0;
      check(g_api->event_elapsed_ns(start, end, &ns), "elapsed");
      times.push_back(static_cast<double>(ns) * 1e-9);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
  }
};

void run_op(HWC_Stream* stream, const char* name, std::vector<HWC_TensorDesc> ins,
            std::vector<HWC_TensorDesc> outs, std::vector<HWC_Buffer*> in_bufs,
            std::vector<HWC_Buffer*> out_bufs) {
  const plugin_testing::OpCall op(name, std::move(ins), std::move(outs));
  check(g_api->op_launch(stream, op.desc(), in_bufs.data(), op.desc()->num_inputs, out_bufs.data(),
                         op.desc()->num_outputs, nullptr, 0),
        name);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 1024;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  const HWC_HostApi host = plugin_testing::host_table("hwcert_opencl_bench");
  check(hwc_get_plugin_api(&host, &g_api), "entry point");
  uint32_t count = 0;
  check(g_api->device_count(&count), "device_count");
  if (count == 0) {
    std::puts("no OpenCL device");
    return 0;
  }
  HWC_Device* device = nullptr;
  HWC_Stream* stream = nullptr;
  check(g_api->device_open(0, &device), "device_open");
  check(g_api->stream_create(device, &stream), "stream_create");
  char name[256] = {};
  size_t size = 0;
  check(g_api->device_get_info(device, HWC_DEVICE_INFO_NAME, sizeof(name), name, &size), "info");
  std::printf("device: %s\n", name);
  {
    Timer timer(device, stream);
    const uint64_t bytes = 256ull << 20;
    HWC_Buffer *a = nullptr, *b = nullptr;
    check(g_api->buffer_alloc(device, bytes, &a), "alloc");
    check(g_api->buffer_alloc(device, bytes, &b), "alloc");
    const uint32_t zero = 0;
    check(g_api->fill(stream, a, 0, bytes, &zero, 4), "fill");
    double t = timer.median_seconds(
        reps, [&] { check(g_api->copy_d2d(stream, b, 0, a, 0, bytes), "d2d"); });
    std::printf("copy_d2d 256 MiB: %.2f GB/s (read + write counted: %.2f GB/s)\n", bytes / t * 1e-9,
                2 * bytes / t * 1e-9);
    const int64_t elems = static_cast<int64_t>(bytes / 4);
    t = timer.median_seconds(reps, [&] {
      run_op(stream, "copy", {tensor(HWC_DTYPE_F32, {elems})}, {tensor(HWC_DTYPE_F32, {elems})},
             {a}, {b});
    });
    std::printf("copy op f32 256 MiB: %.2f GB/s (read + write)\n", 2 * bytes / t * 1e-9);
    t = timer.median_seconds(reps, [&] {
      run_op(stream, "add",
             {tensor(HWC_DTYPE_F32, {elems / 2}), tensor(HWC_DTYPE_F32, {elems / 2})},
             {tensor(HWC_DTYPE_F32, {elems / 2})}, {a, a}, {b});
    });
    std::printf("add f32 %lld elements: %.2f GB/s (2 reads + 1 write)\n",
                static_cast<long long>(elems / 2), 1.5 * bytes / t * 1e-9);
    check(g_api->buffer_free(a), "free");
    check(g_api->buffer_free(b), "free");
  }
  {
    Timer timer(device, stream);
    const uint64_t bytes = static_cast<uint64_t>(n * n) * 4;
    HWC_Buffer *a = nullptr, *b = nullptr, *c = nullptr;
    check(g_api->buffer_alloc(device, bytes, &a), "alloc");
    check(g_api->buffer_alloc(device, bytes, &b), "alloc");
    check(g_api->buffer_alloc(device, bytes, &c), "alloc");
    const float one = 1.0f;
    check(g_api->fill(stream, a, 0, bytes, &one, 4), "fill");
    check(g_api->fill(stream, b, 0, bytes, &one, 4), "fill");
    const double t = timer.median_seconds(reps, [&] {
      run_op(stream, "matmul", {tensor(HWC_DTYPE_F32, {n, n}), tensor(HWC_DTYPE_F32, {n, n})},
             {tensor(HWC_DTYPE_F32, {n, n})}, {a, b}, {c});
    });
    std::vector<float> corner(1);
    check(g_api->copy_d2h(stream, corner.data(), c, 0, 4), "d2h");
    check(g_api->stream_synchronize(stream), "sync");
    std::printf("matmul f32 %lld^3: %.3f ms, %.2f GFLOP/s (C[0,0] = %g, expected %lld)\n",
                static_cast<long long>(n), t * 1e3, 2.0 * n * n * n / t * 1e-9, corner[0],
                static_cast<long long>(n));
    check(g_api->buffer_free(a), "free");
    check(g_api->buffer_free(b), "free");
    check(g_api->buffer_free(c), "free");
  }
  check(g_api->stream_destroy(stream), "stream_destroy");
  check(g_api->device_close(device), "device_close");
  check(g_api->plugin_shutdown(), "shutdown");
  return 0;
}
