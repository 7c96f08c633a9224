// hwcert-api-conformance [--plugin=LIB[,LIB...]] [--device=N] [gtest flags]
// Plugins also come from HWCERT_API_PLUGINS (':'-separated). Exit 3 when a plugin does not load,
// 77 when no plugin has a device (1 with HWCERT_REQUIRE_DEVICES=1).
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "api_conformance.hpp"
#include "hwcert/loader/plugin.hpp"

namespace {
constexpr int kExitNoDevice = 77;
}  // namespace

namespace hwcert::api_conformance {

std::vector<Target>& targets() {
  static std::vector<Target> list;
  return list;
}

namespace {

void split_into(const std::string& text, char separator, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string label_for(const std::string& library, uint32_t device) {
  std::string stem = std::filesystem::path(library).stem().string();
  for (char& c : stem) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return stem + "_dev" + std::to_string(device);
}

}  // namespace
}  // namespace hwcert::api_conformance

int main(int argc, char** argv) {
  using namespace hwcert::api_conformance;
  std::vector<std::string> libraries;
  std::optional<uint32_t> only_device;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--plugin=", 0) == 0) {
      split_into(arg.substr(9), ',', libraries);
    } else if (arg.rfind("--device=", 0) == 0) {
      only_device = static_cast<uint32_t>(std::stoul(arg.substr(9)));
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (const char* env = std::getenv("HWCERT_API_PLUGINS"); env != nullptr && libraries.empty()) {
    split_into(env, ':', libraries);
  }
  if (libraries.empty()) {
    std::fprintf(stderr, "hwcert-api-conformance: give --plugin=LIB or HWCERT_API_PLUGINS\n");
    return 2;
  }
  for (const std::string& library : libraries) {
    auto loaded = hwcert::load_plugin(library);
    if (auto* error = std::get_if<hwcert::LoadError>(&loaded)) {
      std::fprintf(stderr, "hwcert-api-conformance: %s\n", error->message.c_str());
      return 3;
    }
    auto count = std::get<hwcert::PluginPtr>(loaded)->device_count();
    if (!count.ok()) {
      std::fprintf(stderr, "hwcert-api-conformance: %s: device_count: %s\n", library.c_str(),
                   count.status().to_string().c_str());
      return 1;
    }
    for (uint32_t device = 0; device < *count; ++device) {
      if (only_device && *only_device != device) continue;
      targets().push_back({library, device, label_for(library, device)});
    }
  }
  if (targets().empty()) {
    // Nothing to test is not a pass: 77 (CTest's SKIP_RETURN_CODE; `hwcert conformance --api`
    // reports it as "no device", exit 3), or a failure where devices are required (GPU CI).
    const char* require = std::getenv("HWCERT_REQUIRE_DEVICES");
    const bool required = require != nullptr && std::string(require) == "1";
    std::fprintf(stderr, "hwcert-api-conformance: no device to test%s\n",
                 required ? " and HWCERT_REQUIRE_DEVICES=1: failing" : "; skipped");
    return required ? 1 : kExitNoDevice;
  }
  int gtest_argc = static_cast<int>(rest.size());
  testing::InitGoogleTest(&gtest_argc, rest.data());
  return RUN_ALL_TESTS();
}
