// One model of an ONNX test-data tree through the importer and a plugin (hwcert_onnx_sweep).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hwcert/loader/plugin.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::model::onnx {

struct SweepOutcome {
  bool accepted = false;             // imported, and the graph read back
  bool agrees = false;               // every output of every test data set within the rule
  std::vector<std::string> reasons;  // why not accepted: "<OpType>: <reason>", one per kind
  std::string detail;                // the worst output's figures, or what disagreed
};

Expected<Device> open_sweep_device(const std::filesystem::path& plugin);

// `dir` holds model.onnx and test_data_set_*; the graph is written under `scratch`.
SweepOutcome sweep_model(const Device& device, const std::filesystem::path& dir,
                         const std::filesystem::path& scratch);

}  // namespace hwcert::model::onnx
