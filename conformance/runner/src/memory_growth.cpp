#include "hwcert/runner/memory_growth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hwcert::runner {

nlohmann::json to_json(const CaseMemory& memory) {
  return {{"rss_growth_bytes", memory.rss_growth_bytes},
          {"first_of_op_in_worker", memory.first_of_op_in_worker}};
}

std::optional<CaseMemory> case_memory_from_json(const nlohmann::json& memory, std::string case_id,
                                                std::string op) {
  if (!memory.is_object()) return std::nullopt;
  const auto growth = memory.find("rss_growth_bytes");
  const auto first = memory.find("first_of_op_in_worker");
  if (growth == memory.end() || !growth->is_number_integer() || first == memory.end() ||
      !first->is_boolean()) {
    return std::nullopt;
  }
  return CaseMemory{std::move(case_id), std::move(op), growth->get<int64_t>(), first->get<bool>()};
}

namespace {

double mib(int64_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

struct OpGrowth {
  std::size_t order = 0;  // first appearance, for a stable report
  std::size_t cases = 0;
  int64_t total = 0;
  int64_t largest = 0;
  std::string largest_case;
};

}  // namespace

std::vector<std::string> memory_growth_warnings(std::span<const CaseMemory> cases) {
  std::map<std::string, OpGrowth> ops;
  for (const CaseMemory& memory : cases) {
    if (memory.first_of_op_in_worker) continue;
    auto [it, added] = ops.try_emplace(memory.op);
    OpGrowth& op = it->second;
    if (added) op.order = ops.size();
    ++op.cases;
    op.total += memory.rss_growth_bytes;
    if (op.largest_case.empty() || memory.rss_growth_bytes > op.largest) {
      op.largest = memory.rss_growth_bytes;
      op.largest_case = memory.case_id;
    }
  }
  std::vector<std::pair<std::size_t, std::string>> found;
  for (const auto& [name, op] : ops) {
    if (op.largest <= kCaseGrowthLimit && op.total <= kOpGrowthLimit) continue;
    found.emplace_back(
        op.order,
        fmt::format("memory growth: op {}: resident memory grew by {:.1f} MiB over {} case(s) "
                    "after its first (largest {:.1f} MiB in {}); limits {} MiB per case, {} MiB "
                    "per op: the plugin keeps host memory across launches (a leak, or a cache "
                    "that keeps growing)",
                    name, mib(op.total), op.cases, mib(op.largest), op.largest_case,
                    kCaseGrowthLimit >> 20, kOpGrowthLimit >> 20));
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> warnings;
  for (auto& [order, text] : found) warnings.push_back(std::move(text));
  return warnings;
}

}  // namespace hwcert::runner
