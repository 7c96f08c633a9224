#include "hwcert/plugin_testing/table_checks.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace hwcert::plugin_testing {
namespace {

/// The status of `error` (0 for NULL), destroyed through the plugin's own table.
int32_t status_of(const HWC_PluginApi& api, HWC_Error* error) {
  if (error == nullptr) return HWC_STATUS_OK;
  const int32_t code = api.error_code(error);
  api.error_destroy(error);
  return code;
}

}  // namespace

void expect_complete_table(const HWC_PluginApi& api) {
  EXPECT_EQ(api.struct_size, sizeof(HWC_PluginApi));
  EXPECT_EQ(api.abi_version_major, static_cast<uint32_t>(HWC_ABI_VERSION_MAJOR));
  EXPECT_EQ(api.abi_version_minor, static_cast<uint32_t>(HWC_ABI_VERSION_MINOR));
  const auto* first = reinterpret_cast<void* const*>(&api.error_code);
  const auto* last = reinterpret_cast<void* const*>(&api.op_launch);
  for (const auto* slot = first; slot <= last; ++slot)
    EXPECT_NE(*slot, nullptr) << "slot " << (slot - first);
}

void expect_plugin_info_protocol(const HWC_PluginApi& api, const char* name, uint32_t opset) {
  size_t size = 0;
  ASSERT_EQ(status_of(api, api.plugin_get_info(HWC_PLUGIN_INFO_NAME, 0, nullptr, &size)), 0);
  ASSERT_EQ(size, std::strlen(name) + 1);
  std::vector<char> small(size - 1, 'x');
  size_t reported = 0;
  EXPECT_EQ(status_of(api, api.plugin_get_info(HWC_PLUGIN_INFO_NAME, small.size(), small.data(),
                                               &reported)),
            HWC_STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(reported, size);
  EXPECT_EQ(small[0], 'x') << "the value must stay untouched";
  std::vector<char> value(size);
  ASSERT_EQ(status_of(api, api.plugin_get_info(HWC_PLUGIN_INFO_NAME, value.size(), value.data(),
                                               nullptr)),
            0);
  EXPECT_STREQ(value.data(), name);
  uint32_t reported_opset = 0;
  ASSERT_EQ(status_of(api, api.plugin_get_info(HWC_PLUGIN_INFO_OPSET, sizeof(reported_opset),
                                               &reported_opset, &size)),
            0);
  EXPECT_EQ(reported_opset, opset);
  EXPECT_EQ(size, sizeof(uint32_t));
  size = 99;
  EXPECT_EQ(status_of(api, api.plugin_get_info(12345, 0, nullptr, &size)), HWC_STATUS_UNKNOWN_KEY);
  EXPECT_EQ(size, 0u);
}

}  // namespace hwcert::plugin_testing
