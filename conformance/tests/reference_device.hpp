// Test fixture: device 0 of the reference plugin built in this tree (HWCERT_REFERENCE_PLUGIN)
// and execute options naming it.
#pragma once

#include <gtest/gtest.h>

#include <optional>

#include "hwcert/conformance/execute_case.hpp"

namespace hwcert::conformance::testing {

class ReferenceDevice : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = load_plugin(HWCERT_REFERENCE_PLUGIN);
    ASSERT_TRUE(std::holds_alternative<PluginPtr>(loaded)) << std::get<LoadError>(loaded).message;
    plugin_ = std::get<PluginPtr>(loaded);
    auto device = plugin_->open_device(0);
    ASSERT_TRUE(device.ok()) << device.status().to_string();
    device_.emplace(std::move(*device));
    options_.plugin_name = "reference";
  }
  PluginPtr plugin_;
  std::optional<Device> device_;
  ExecuteOptions options_;
};

}  // namespace hwcert::conformance::testing
