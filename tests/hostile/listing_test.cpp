// `hwcert plugins` and `hwcert devices` against a hostile plugin: the plugin is asked in a
// worker process, so a crash in its entry point, a broken table or absurd answers are
// reported (exit 3 where the plugin is unusable) and hwcert's JSON output stays valid.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "hostile_paths.hpp"
#include "run_hwcert.hpp"

namespace hwcert::hostile {
namespace {

struct ListingExpectation {
  std::string fault;
  bool loads;              // `plugins` lists it as loaded
  std::string error_part;  // in the `plugins` entry's error, and in `devices`' stderr
  int devices_exit;        // exit code of `hwcert devices --plugin <hostile>`
};

void PrintTo(const ListingExpectation& expect, std::ostream* out) {
  *out << expect.fault;
}

class HostileListing : public testing::TestWithParam<ListingExpectation> {};

nlohmann::json parse_or_fail(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << "stdout is not JSON:\n" << text.substr(0, 2000);
  return doc;
}

TEST_P(HostileListing, PluginsAndDevicesSurvive) {
  const ListingExpectation& expect = GetParam();
  const std::filesystem::path work = fresh_work_dir("listing-" + expect.fault);
  const std::map<std::string, std::string> env = {{"HWCERT_HOSTILE_FAULT", expect.fault},
                                                  {"HWCERT_PLUGIN_PATH", kPlugin.string()},
                                                  kSanitizerOptions};

  const ProcessOutcome plugins =
      run_process({kHwcert.string(), "plugins", "--json"}, env, work, std::chrono::seconds(60));
  ASSERT_TRUE(plugins.exited) << "hwcert plugins " << plugins.describe();
  const nlohmann::json list = parse_or_fail(plugins.stdout_text);
  const nlohmann::json* hostile = nullptr;
  for (const auto& entry : list["plugins"]) {
    if (entry.value("library", "") == kPlugin.string()) hostile = &entry;
  }
  ASSERT_NE(hostile, nullptr) << plugins.stdout_text;
  EXPECT_EQ((*hostile)["loaded"].get<bool>(), expect.loads) << hostile->dump();
  if (!expect.loads) {
    EXPECT_EQ(plugins.exit_code, 3);
    EXPECT_NE((*hostile)["error"].get<std::string>().find(expect.error_part), std::string::npos)
        << hostile->dump();
  }

  const ProcessOutcome devices =
      run_process({kHwcert.string(), "devices", "--plugin", kPlugin.string(), "--json"}, env, work,
                  std::chrono::seconds(60));
  ASSERT_TRUE(devices.exited) << "hwcert devices " << devices.describe();
  EXPECT_EQ(devices.exit_code, expect.devices_exit) << devices.stderr_text;
  parse_or_fail(devices.stdout_text);
  if (!expect.error_part.empty()) {
    const std::string both = devices.stdout_text + devices.stderr_text;
    EXPECT_NE(both.find(expect.error_part), std::string::npos) << both;
  }
}

const ListingExpectation kListings[] = {
    {"entry_crash", false, "worker killed by SIGSEGV", 3},
    {"null_table", false, "without a function table", 3},
    {"table_size_zero", false, "struct_size 0 is not plausible", 3},
    {"table_size_huge", false, "struct_size 1073741824 is not plausible", 3},
    {"many_devices", true, "more than the 4096 devices hwcert accepts", 3},
    {"no_devices", true, "", 0},
    {"info_huge_size", true, "plugin_get_info(NAME) claims 1099511627776 bytes", 0},
};

INSTANTIATE_TEST_SUITE_P(Faults, HostileListing, testing::ValuesIn(kListings),
                         [](const testing::TestParamInfo<ListingExpectation>& info) {
                           return info.param.fault;
                         });

}  // namespace
}  // namespace hwcert::hostile

namespace hwcert::hostile {
namespace {

// `hwcert perf` drives the plugin in a child process: a crash in a launch or a launch that
// never returns ends the perf run with exit 1 and a message, not hwcert with a signal.
struct PerfExpectation {
  std::string fault;
  std::string stderr_part;
};

void PrintTo(const PerfExpectation& expect, std::ostream* out) {
  *out << expect.fault;
}

class HostilePerf : public testing::TestWithParam<PerfExpectation> {};

TEST_P(HostilePerf, PerfRunIsContained) {
  const PerfExpectation& expect = GetParam();
  const std::filesystem::path work = fresh_work_dir("perf-" + expect.fault);
  const ProcessOutcome outcome = run_process(
      {kHwcert.string(), "perf", "--plugin", kPlugin.string(), "--suite", kPerfSuite.string(),
       "--hot", "--repetitions", "2", "--min-time", "0.001", "--no-roofline", "--no-abi-overhead",
       "--timeout", "1", "--out", (work / "out").string()},
      {{"HWCERT_HOSTILE_FAULT", expect.fault}, kSanitizerOptions}, work, std::chrono::seconds(60));
  ASSERT_TRUE(outcome.exited) << "hwcert perf " << outcome.describe();
  EXPECT_EQ(outcome.exit_code, 1) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find(expect.stderr_part), std::string::npos) << outcome.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(work / "out" / "perf.json"));
}

const PerfExpectation kPerfFaults[] = {
    {"segfault_launch", "the perf run ended by SIGSEGV (Segmentation fault) inside the plugin"},
    {"abort_launch", "the perf run ended by SIGABRT"},
    {"hang_launch", "the perf run ran past 11 s and was killed"},
};

INSTANTIATE_TEST_SUITE_P(Faults, HostilePerf, testing::ValuesIn(kPerfFaults),
                         [](const testing::TestParamInfo<PerfExpectation>& info) {
                           return info.param.fault;
                         });

}  // namespace
}  // namespace hwcert::hostile
