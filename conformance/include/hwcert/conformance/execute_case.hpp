// Runs one conformance case on a device and judges it (DESIGN §3).
#pragma once

#include <cstdint>
#include <string>

#include "hwcert/conformance/case.hpp"
#include "hwcert/conformance/tolerance.hpp"
#include "hwcert/loader/plugin.hpp"

namespace hwcert::conformance {

struct ExecuteOptions {
  const ToleranceTable* tolerances = nullptr;  // nullptr: ToleranceTable::builtin()
  uint64_t sample_threshold = 1'000'000;  // outputs with more elements are verified on a sample
  uint64_t default_sample = 65'536;       // sample size when the case sets none
  bool force_determinism = false;         // run every case twice
  std::string plugin_name = "plugin";     // for the reproducer line
  uint32_t device_index = 0;
};

// Guard bytes placed before and after every output tensor (a multiple of every element size).
inline constexpr uint64_t kGuardBytes = 256;
inline constexpr std::byte kGuardByte{0x5A};

// Validates the case against the schema, asks op_support (no: kUnsupported with the reason),
// queries the workspace, allocates buffers (outputs with guard bytes around them, poisoned),
// uploads seeded inputs, launches, synchronizes, downloads, checks that inputs are unchanged
// and nothing was written outside the outputs, computes the oracle and compares (optionally
// a second run must give identical bits). Plugin errors give kError with their message.
CaseResult execute_case(const Device& device, const Case& c, const ExecuteOptions& options);

// "f32", "f32->f16" (cast), "f8e4m3*f8e5m2->bf16", "f32*i64->f32" (gather).
std::string dtypes_text(const OpCall& call);

}  // namespace hwcert::conformance
