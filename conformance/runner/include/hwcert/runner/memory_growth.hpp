// Resident memory growth across cases: a plugin that leaks host memory on every launch is a
// finding (a warning in the run summary), not a crash. The worker measures its resident set
// after each case (WorkerOptions::measure_memory in hwcert/support/worker_pool.hpp), so that
// the growth of a case is what the case kept alive. The parent decides per op.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hwcert::runner {

// One case's measurement, as the worker records it.
struct CaseMemory {
  std::string case_id;
  std::string op;
  int64_t rss_growth_bytes = 0;  // resident set after the case minus after the previous one
  // The first case of its op in its worker: one-time growth (kernel compilation, library
  // loading, lazily created handles) is expected there and does not count.
  bool first_of_op_in_worker = false;
};

// {"rss_growth_bytes": N, "first_of_op_in_worker": b}: the "memory" field of a case record.
nlohmann::json to_json(const CaseMemory& memory);
// Reads the fields above from a case record's "memory"; nullopt when absent or malformed.
std::optional<CaseMemory> case_memory_from_json(const nlohmann::json& memory, std::string case_id,
                                                std::string op);

// Thresholds of a "memory growth" finding, over the cases of one op except the first of that
// op in each worker: a single case that grew by more than kCaseGrowthLimit, or all of them
// together by more than kOpGrowthLimit (a steady, smaller leak).
inline constexpr int64_t kCaseGrowthLimit = int64_t{16} << 20;
inline constexpr int64_t kOpGrowthLimit = int64_t{64} << 20;

// One warning per op over a threshold, in order of first appearance:
// "memory growth: op add: resident memory grew by 64.0 MiB over 2 cases after its first
// (largest 32.0 MiB in add.f32_37_dense_exact); limits 16 MiB per case, 64 MiB per op: ..."
std::vector<std::string> memory_growth_warnings(std::span<const CaseMemory> cases);

}  // namespace hwcert::runner
