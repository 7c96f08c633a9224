// The device's own roofline: copy bandwidth and matmul rate, measured like any case.
#include <fmt/format.h>

#include <algorithm>

#include "hwcert/catalogue/op_cost.hpp"
#include "hwcert/perfsuite/statistics.hpp"
#include "measure_context.hpp"
#include "op_fixture.hpp"

namespace hwcert::perf {
namespace {

constexpr uint64_t kMiB = 1024ULL * 1024ULL;

uint64_t copy_size(const Device& device) {
  uint64_t size = 256 * kMiB;
  if (auto llc = device.info_u64(HWC_DEVICE_INFO_LAST_LEVEL_CACHE_BYTES); llc.ok() && *llc > 0) {
    size = std::clamp<uint64_t>(8 * *llc, 64 * kMiB, 1024 * kMiB);
  }
  if (auto memory = device.info_u64(HWC_DEVICE_INFO_MEMORY_BYTES); memory.ok() && *memory > 0) {
    size = std::min(size, *memory / 16);
  }
  return std::max<uint64_t>(size / 4096 * 4096, 4096);
}

std::optional<double> best_copy_gbps(const MeasureContext& c, uint64_t size) {
  auto src = c.device.alloc(size);
  auto dst = c.device.alloc(size);
  if (!src.ok() || !dst.ok()) {
    c.progress("roofline: cannot allocate copy buffers");
    return std::nullopt;
  }
  const std::byte pattern[4] = {std::byte{0x3f}, std::byte{0x80}, std::byte{0x12}, std::byte{0x34}};
  if (!c.stream.fill(*src, 0, size, pattern).ok() || !c.stream.synchronize().ok()) {
    return std::nullopt;
  }
  TimedWork work;
  work.timed = [&]() -> Expected<double> {
    if (Status s = c.stream.record(c.start); !s.ok()) return s;
    if (Status s = c.stream.copy_d2d(*dst, 0, *src, 0, size); !s.ok()) return s;
    if (Status s = c.stream.record(c.end); !s.ok()) return s;
    return elapsed_seconds(c.start, c.end);
  };
  auto per_iteration = warm_up(work, c.options.warmup_launches);
  if (!per_iteration.ok()) {
    c.progress("roofline: copy_d2d failed: " + per_iteration.status().to_string());
    return std::nullopt;
  }
  RunRequest request;
  request.name = fmt::format("roofline/copy_d2d/{}MiB", size / kMiB);
  request.iterations = iterations_for(*per_iteration, c.options.min_time_s);
  request.repetitions = c.options.repetitions;
  request.deadline = c.deadline;
  RunOutcome outcome = run_benchmark(c.reporter, request, work);
  if (!outcome.error.empty() || outcome.samples_ns.empty()) return std::nullopt;
  const double best_ns = summarize(outcome.samples_ns).min;
  return best_ns > 0 ? 2.0 * static_cast<double>(size) / best_ns : 0.0;  // bytes/ns = GB/s
}

}  // namespace

std::optional<Roofline> measure_roofline(const MeasureContext& c) {
  Roofline roofline;
  roofline.copy_bytes = copy_size(c.device);
  c.progress(fmt::format("roofline: copy_d2d of {} MiB", roofline.copy_bytes / kMiB));
  if (auto gbps = best_copy_gbps(c, roofline.copy_bytes)) roofline.copy_gbps = *gbps;

  // f32 square matmuls, growing while one launch stays short.
  const int64_t largest = c.size_class == kSizeClassDatacenter ? 8192 : 1024;
  for (int64_t n = 128; n <= largest; n *= 2) {
    if (Clock::now() > c.deadline) break;
    OpCall call("matmul",
                {TensorSpec::dense(DType::kF32, {n, n}), TensorSpec::dense(DType::kF32, {n, n})},
                {TensorSpec::dense(DType::kF32, {n, n})});
    auto support = c.device.op_support(call);
    if (!support.ok() || !support->supported) break;
    auto fixture = OpFixture::prepare(c.device, c.stream, call, c.options.seed);
    if (!fixture.ok()) break;
    TimedWork work;
    const OpFixture& f = **fixture;
    work.timed = [&]() { return f.launch_timed(c.stream, c.start, c.end); };
    auto per_iteration = warm_up(work, 1);
    if (!per_iteration.ok()) break;
    RunRequest request;
    request.name = fmt::format("roofline/matmul/f32/n{}", n);
    request.iterations = iterations_for(*per_iteration, c.options.min_time_s);
    request.repetitions = std::min(c.options.repetitions, 3);
    request.deadline = c.deadline;
    c.progress(fmt::format("roofline: matmul f32 {}^3", n));
    RunOutcome outcome = run_benchmark(c.reporter, request, work);
    if (outcome.error.empty() && !outcome.samples_ns.empty()) {
      const double best_ns = summarize(outcome.samples_ns).min;
      const double tflops = best_ns > 0 ? catalogue::op_cost(call).flops / best_ns * 1e-3 : 0;
      if (tflops > roofline.matmul_tflops) {
        roofline.matmul_tflops = tflops;
        roofline.matmul_size = n;
      }
    }
    if (*per_iteration > 0.25) break;  // the next size would take 8x longer
  }
  if (roofline.copy_gbps <= 0 && roofline.matmul_tflops <= 0) return std::nullopt;
  return roofline;
}

}  // namespace hwcert::perf
