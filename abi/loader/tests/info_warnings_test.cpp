// get_info values a plugin reports in a malformed way (a string without its NUL, a size of
// 2^40 bytes, a scalar of the wrong size): the loader keeps its fallback and says, per key,
// what was wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hwcert/loader/device_properties.hpp"
#include "hwcert/loader/info_keys.hpp"
#include "hwcert/loader/plugin.hpp"

namespace hwcert {
namespace {

namespace fs = std::filesystem;

PluginPtr load_fixture(const std::string& variant) {
  auto result =
      load_plugin(fs::path(HWCERT_FIXTURE_DIR) / ("libhwcert_fixture_" + variant + ".so"));
  if (auto* error = std::get_if<LoadError>(&result)) {
    ADD_FAILURE() << error->message;
    return nullptr;
  }
  return std::get<PluginPtr>(result);
}

TEST(InfoWarnings, PluginStringsKeepTheirFallbackAndSayWhatWasWrong) {
  PluginPtr plugin = load_fixture("bad_info");
  ASSERT_TRUE(plugin);
  EXPECT_EQ(plugin->name(), "libhwcert_fixture_bad_info");  // the library's stem
  EXPECT_EQ(plugin->version(), "unknown");

  std::string warning;
  auto name = plugin->info_string(HWC_PLUGIN_INFO_NAME, &warning);
  EXPECT_FALSE(name.ok());
  EXPECT_EQ(warning, "plugin_get_info(NAME): 16 bytes without a NUL terminator");

  warning.clear();
  auto version = plugin->info_string(HWC_PLUGIN_INFO_VERSION, &warning);
  EXPECT_FALSE(version.ok());
  EXPECT_EQ(warning, "plugin_get_info(VERSION) claims 1099511627776 bytes; limit 1048576");

  const std::vector<std::string> expected = {
      "plugin_get_info(NAME): 16 bytes without a NUL terminator; the name shown is the "
      "library's stem 'libhwcert_fixture_bad_info'",
      "plugin_get_info(VERSION) claims 1099511627776 bytes; limit 1048576; the version shown "
      "is 'unknown'"};
  EXPECT_EQ(plugin->info_warnings(), expected);
}

TEST(InfoWarnings, DevicePropertiesListEveryMalformedValue) {
  PluginPtr plugin = load_fixture("bad_info");
  ASSERT_TRUE(plugin);
  auto device = plugin->open_device(0);
  ASSERT_TRUE(device.ok()) << device.status().to_string();
  const DeviceProperties properties = read_device_properties(*device);
  EXPECT_EQ(properties.name, "");
  EXPECT_EQ(properties.vendor, "");
  EXPECT_EQ(properties.type, "unknown");
  const std::vector<std::string> expected = {
      "device_get_info(NAME): 7 bytes without a NUL terminator",
      "device_get_info(VENDOR) claims 1099511627776 bytes; limit 1048576",
      "device_get_info(TYPE): 2 bytes, expected 4"};
  EXPECT_EQ(properties.warnings, expected);
  EXPECT_EQ(to_json(properties)["warnings"], nlohmann::json(expected));
}

TEST(InfoWarnings, WellFormedAndUnknownKeysGiveNone) {
  PluginPtr plugin = load_fixture("good");
  ASSERT_TRUE(plugin);
  EXPECT_TRUE(plugin->info_warnings().empty());  // VENDOR and DESCRIPTION are unknown keys
  std::string warning;
  EXPECT_EQ(plugin->info_string(HWC_PLUGIN_INFO_VENDOR, &warning).status().code(),
            StatusCode::kUnknownKey);
  EXPECT_EQ(warning, "");
  auto device = plugin->open_device(0);
  ASSERT_TRUE(device.ok()) << device.status().to_string();
  const DeviceProperties properties = read_device_properties(*device);
  EXPECT_EQ(properties.name, "fixture");
  EXPECT_TRUE(properties.warnings.empty());
}

TEST(InfoWarnings, KeyNames) {
  EXPECT_EQ(plugin_info_key_name(HWC_PLUGIN_INFO_VERSION), "VERSION");
  EXPECT_EQ(plugin_info_key_name(999), "999");
  EXPECT_EQ(device_info_key_name(HWC_DEVICE_INFO_PCI_BUS_ID), "PCI_BUS_ID");
  EXPECT_EQ(device_info_key_name(HWC_DEVICE_INFO_PEAK_TFLOPS_BASE + 2), "PEAK_TFLOPS_BASE+2");
  EXPECT_EQ(device_info_key_name(-5), "-5");
}

}  // namespace
}  // namespace hwcert
