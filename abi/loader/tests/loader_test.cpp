// Loading fixture plugins: every negotiation path gives the right outcome and a message that
// names the file and the cause.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hwcert/loader/plugin.hpp"

namespace hwcert {
namespace {

namespace fs = std::filesystem;

fs::path fixture(const std::string& variant) {
  return fs::path(HWCERT_FIXTURE_DIR) / ("libhwcert_fixture_" + variant + ".so");
}

PluginPtr expect_loaded(const fs::path& path) {
  auto result = load_plugin(path);
  if (auto* error = std::get_if<LoadError>(&result)) {
    ADD_FAILURE() << "unexpected load error: " << error->message;
    return nullptr;
  }
  return std::get<PluginPtr>(result);
}

LoadError expect_error(const fs::path& path, LoadErrorKind kind) {
  auto result = load_plugin(path);
  EXPECT_TRUE(std::holds_alternative<LoadError>(result)) << path << " loaded unexpectedly";
  if (!std::holds_alternative<LoadError>(result)) return {};
  LoadError error = std::get<LoadError>(result);
  EXPECT_EQ(error.kind, kind) << error.message;
  EXPECT_NE(error.message.find(path.string()), std::string::npos)
      << "message does not name the file: " << error.message;
  return error;
}

TEST(Loader, GoodPluginLoadsWithAllSlotsPresentOrStubbed) {
  PluginPtr plugin = expect_loaded(fixture("good"));
  ASSERT_TRUE(plugin);
  EXPECT_EQ(plugin->abi_major(), 1u);
  EXPECT_EQ(plugin->name(), "fixture_good");
  EXPECT_EQ(plugin->version(), "9.9.9");
  auto count = plugin->device_count();
  ASSERT_TRUE(count.ok()) << count.status().to_string();
  EXPECT_EQ(*count, 2u);
  auto device = plugin->open_device(1);
  ASSERT_TRUE(device.ok()) << device.status().to_string();
  EXPECT_EQ(device->index(), 1u);
  auto name = device->info_string(HWC_DEVICE_INFO_NAME);
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "fixture");
}

TEST(Loader, NullSlotsBecomeUnimplementedStubs) {
  PluginPtr plugin = expect_loaded(fixture("good"));
  ASSERT_TRUE(plugin);
  // The fixture leaves buffers, streams, events and ops NULL.
  const auto& stubbed = plugin->stubbed_slots();
  EXPECT_NE(std::find(stubbed.begin(), stubbed.end(), "op_launch"), stubbed.end());
  EXPECT_NE(std::find(stubbed.begin(), stubbed.end(), "buffer_alloc"), stubbed.end());
  EXPECT_EQ(std::find(stubbed.begin(), stubbed.end(), "device_open"), stubbed.end());
  auto device = plugin->open_device(0);
  ASSERT_TRUE(device.ok());
  auto buffer = device->alloc(64);
  ASSERT_FALSE(buffer.ok());
  EXPECT_EQ(buffer.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(buffer.status().message().find("buffer_alloc"), std::string::npos);
}

TEST(Loader, UnknownInfoKeyIsDistinct) {
  PluginPtr plugin = expect_loaded(fixture("good"));
  ASSERT_TRUE(plugin);
  auto device = plugin->open_device(0);
  ASSERT_TRUE(device.ok());
  auto memory = device->info_u64(HWC_DEVICE_INFO_MEMORY_BYTES);
  ASSERT_FALSE(memory.ok());
  EXPECT_EQ(memory.status().code(), StatusCode::kUnknownKey);
}

TEST(Loader, OpenDeviceOutOfRangeIsAnError) {
  PluginPtr plugin = expect_loaded(fixture("good"));
  ASSERT_TRUE(plugin);
  auto device = plugin->open_device(5);
  ASSERT_FALSE(device.ok());
  EXPECT_EQ(device.status().code(), StatusCode::kOutOfRange);
}

TEST(Loader, MissingFile) {
  LoadError error = expect_error(fixture("does_not_exist"), LoadErrorKind::kNotFound);
  EXPECT_NE(error.message.find("not found"), std::string::npos);
}

TEST(Loader, NotASharedLibrary) {
  fs::create_directories(HWCERT_TEST_TMP);
  const fs::path fake = fs::path(HWCERT_TEST_TMP) / "libnot_a_library.so";
  std::ofstream(fake) << std::string(256, '#') << "\nthis is text, not an ELF shared object\n";
  LoadError error = expect_error(fake, LoadErrorKind::kNotSharedLibrary);
  // dlerror's own words reach the user.
  EXPECT_NE(error.message.find("invalid ELF header"), std::string::npos) << error.message;
}

TEST(Loader, EntryPointMissing) {
  LoadError error = expect_error(fixture("no_entry"), LoadErrorKind::kEntryPointMissing);
  EXPECT_NE(error.message.find(HWC_PLUGIN_ENTRY_POINT_NAME), std::string::npos);
}

TEST(Loader, OtherMajorIsRefusedNamingBothVersions) {
  LoadError error = expect_error(fixture("major_2"), LoadErrorKind::kAbiMajorMismatch);
  EXPECT_NE(error.message.find("2.3"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("1.0"), std::string::npos) << error.message;
}

TEST(Loader, NewerMinorWithLargerTableLoads) {
  PluginPtr plugin = expect_loaded(fixture("newer_minor"));
  ASSERT_TRUE(plugin);
  EXPECT_EQ(plugin->abi_minor(), 7u);
  EXPECT_GT(plugin->table_size(), sizeof(HWC_PluginApi));
  EXPECT_TRUE(plugin->device_count().ok());
}

TEST(Loader, OlderSmallerTableLoadsAndMissingSlotsAreStubbed) {
  PluginPtr plugin = expect_loaded(fixture("older_table"));
  ASSERT_TRUE(plugin);
  EXPECT_LT(plugin->table_size(), sizeof(HWC_PluginApi));
  const auto& stubbed = plugin->stubbed_slots();
  EXPECT_NE(std::find(stubbed.begin(), stubbed.end(), "device_can_access_peer"), stubbed.end());
  auto device = plugin->open_device(0);
  ASSERT_TRUE(device.ok());
  auto stream = device->create_stream();
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), StatusCode::kUnimplemented);
}

TEST(Loader, TableWithoutMandatorySlotsIsRefused) {
  LoadError error = expect_error(fixture("table_too_small"), LoadErrorKind::kTableTooSmall);
  EXPECT_NE(error.message.find("mandatory"), std::string::npos) << error.message;
}

TEST(Loader, AbsurdTableSizeIsRefused) {
  LoadError error = expect_error(fixture("table_absurd"), LoadErrorKind::kTableTooSmall);
  EXPECT_NE(error.message.find("1073741824"), std::string::npos) << error.message;
}

TEST(Loader, EntryPointWithoutTable) {
  LoadError error = expect_error(fixture("no_table"), LoadErrorKind::kNoTable);
  EXPECT_NE(error.message.find("without a function table"), std::string::npos);
}

TEST(Loader, EntryPointErrorReachesTheUserWordForWord) {
  LoadError error = expect_error(fixture("entry_error"), LoadErrorKind::kEntryPointFailed);
  EXPECT_NE(error.message.find("DEVICE_LOST: fixture: no accelerator driver is loaded"),
            std::string::npos)
      << error.message;
}

TEST(Loader, HandlesKeepTheLibraryAlive) {
  Expected<Device> device = Status(StatusCode::kInternal, "unset");
  {
    PluginPtr plugin = expect_loaded(fixture("good"));
    ASSERT_TRUE(plugin);
    device = plugin->open_device(0);
  }  // the last PluginPtr is gone; the device still holds the library
  ASSERT_TRUE(device.ok());
  EXPECT_EQ(device->info_string(HWC_DEVICE_INFO_NAME).value(), "fixture");
}

}  // namespace
}  // namespace hwcert
