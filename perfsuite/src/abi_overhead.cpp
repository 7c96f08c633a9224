// Cost of one launch through the ABI, against the same kernel called directly when the
// plugin exposes it (HWCERT_PERF_EXT_DIRECT_KERNEL).
#include <fmt/format.h>

#include "hwcert/ext/direct_kernel.h"
#include "hwcert/perfsuite/statistics.hpp"
#include "measure_context.hpp"
#include "op_fixture.hpp"

namespace hwcert::perf {
namespace {

const HWCertPerfDirectKernel* find_direct_kernel(const Plugin& plugin) {
  for (const HWC_Extension* e = plugin.api().extension; e != nullptr; e = e->next) {
    if (e->type == HWCERT_PERF_EXT_DIRECT_KERNEL &&
        e->struct_size >= sizeof(HWCertPerfDirectKernel)) {
      const auto* kernel = reinterpret_cast<const HWCertPerfDirectKernel*>(e);
      if (kernel->run != nullptr) return kernel;
    }
  }
  return nullptr;
}

double host_seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Median per-launch microseconds of `work`, or nullopt when it fails.
std::optional<double> measure(const MeasureContext& c, const std::string& name,
                              const TimedWork& work) {
  auto per_iteration = warm_up(work, std::max(2, c.options.warmup_launches));
  if (!per_iteration.ok()) {
    c.progress(
        fmt::format("abi overhead: {} failed: {}", name, per_iteration.status().to_string()));
    return std::nullopt;
  }
  RunRequest request;
  request.name = "abi_overhead/" + name;
  request.iterations = iterations_for(*per_iteration, c.options.min_time_s);
  request.repetitions = c.options.repetitions;
  request.deadline = c.deadline;
  RunOutcome outcome = run_benchmark(c.reporter, request, work);
  if (!outcome.error.empty() || outcome.samples_ns.empty()) return std::nullopt;
  return summarize(outcome.samples_ns).median * 1e-3;
}

}  // namespace

std::optional<AbiOverhead> measure_abi_overhead(const MeasureContext& c) {
  const HWCertPerfDirectKernel* direct = find_direct_kernel(c.plugin);
  AbiOverhead overhead;
  const auto one = TensorSpec::dense(DType::kF32, {1});
  OpCall call(direct != nullptr ? HWCERT_PERF_NOOP_OP : "copy", {one}, {one});
  overhead.op = fmt::format("{} 1 x f32", call.op_name());
  auto support = c.device.op_support(call);
  if (!support.ok() || !support->supported) {
    c.progress("abi overhead: " + call.op_name() + " is not supported; not measured");
    return std::nullopt;
  }
  auto prepared = OpFixture::prepare(c.device, c.stream, call, c.options.seed);
  if (!prepared.ok()) return std::nullopt;
  const OpFixture& fixture = **prepared;

  TimedWork launch_sync;
  launch_sync.timed = [&]() -> Expected<double> {
    const auto start = Clock::now();
    if (Status s = fixture.launch(c.stream); !s.ok()) return s;
    if (Status s = c.stream.synchronize(); !s.ok()) return s;
    return host_seconds(start);
  };
  auto sync_us = measure(c, "launch_sync", launch_sync);
  if (!sync_us) return std::nullopt;
  overhead.launch_sync_us = *sync_us;

  TimedWork launch_only;
  launch_only.timed = [&]() -> Expected<double> {
    const auto start = Clock::now();
    if (Status s = fixture.launch(c.stream); !s.ok()) return s;
    return host_seconds(start);
  };
  launch_only.after = [&]() { return c.stream.synchronize(); };
  if (auto only_us = measure(c, "launch_only", launch_only)) overhead.launch_only_us = *only_us;

  if (direct != nullptr) {
    float src = 1.5f, dst = 0.0f;
    TimedWork direct_call;
    direct_call.timed = [&]() -> Expected<double> {
      const auto start = Clock::now();
      direct->run(&src, &dst, 1);
      benchmark::DoNotOptimize(dst);
      return host_seconds(start);
    };
    overhead.direct_us = measure(c, "direct_call", direct_call);
    if (overhead.direct_us) overhead.overhead_us = overhead.launch_sync_us - *overhead.direct_us;
    overhead.note =
        "launch_sync_us - direct_us: the same kernel through op_launch + "
        "stream_synchronize and called directly";
  } else {
    overhead.note =
        "the plugin exposes no direct kernel: launch_sync_us is an upper bound of "
        "the ABI's own cost (it includes the plugin's queue and kernel)";
  }
  return overhead;
}

}  // namespace hwcert::perf
