// One `hwcert model check`: values drawn for a seed, the graph run through the device (once
// reading every node's output back for the accuracy check, once more reading only the
// outputs, timed), the float64 chain, the accuracy report and, when asked, the dump.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/model/accuracy.hpp"
#include "hwcert/model/dump.hpp"
#include "hwcert/model/executor.hpp"

namespace hwcert::model {

struct CheckOptions {
  uint64_t seed = 1;
  std::optional<NodeRange> dump_range;
  std::filesystem::path dump_dir;
};

struct CheckResult {
  AccuracyReport accuracy;
  MemoryReport memory;
  double milliseconds = 0;  // the timed run
};

// UNIMPLEMENTED, naming the first node beyond it, when the plugin's HWC_PLUGIN_INFO_OPSET
// is below the opset the graph needs (a plugin without the key implements opset 1).
Status check_plugin_opset(const Plugin& plugin, const BoundGraph& graph);
// Refuses a plugin whose opset is too old (check_plugin_opset) before anything runs.
Expected<CheckResult> check_model(const Device& device, const BoundGraph& graph,
                                  const CheckOptions& options);

// The result as text lines (one per node, one per output, memory, time) and as JSON.
std::string to_text(const BoundGraph& graph, const CheckResult& result);
nlohmann::json to_json(const BoundGraph& graph, const CheckResult& result);

}  // namespace hwcert::model
