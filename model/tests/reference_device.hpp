// Device 0 of the reference plugin the model tests run on (REFERENCE_PLUGIN).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <variant>

#include "hwcert/loader/plugin.hpp"

namespace hwcert::model {

// Opens the device into `device` (a gtest failure when it cannot).
inline void open_reference_device(std::optional<Device>& device) {
  auto loaded = load_plugin(REFERENCE_PLUGIN);
  ASSERT_TRUE(std::holds_alternative<PluginPtr>(loaded));
  auto opened = std::get<PluginPtr>(loaded)->open_device(0);
  ASSERT_TRUE(opened.ok()) << opened.status().to_string();
  device.emplace(std::move(*opened));
}

}  // namespace hwcert::model
