// Runs the real `hwcert conformance` against the hostile plugin, one fault at a time, and
// checks that hwcert itself ends normally (exit 0, 1 or 3, never a signal, never killed for
// time), records the faulty case with the right status and a message that says what
// happened, and loses none of the other cases' results.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cstdint>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "hostile_paths.hpp"
#include "run_hwcert.hpp"

namespace hwcert::hostile {
namespace {

constexpr int kTrapElements = 37;  // the case the plugin misbehaves on

// hwcert's data segment is capped at 4 GiB (a runaway allocation then fails fast) except in
// sanitizer builds, whose shadow memory the cap would count.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr uint64_t kDataLimit = 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr uint64_t kDataLimit = 0;
#else
constexpr uint64_t kDataLimit = uint64_t{4} << 30;
#endif
#else
constexpr uint64_t kDataLimit = uint64_t{4} << 30;
#endif

struct FaultExpectation {
  std::string fault;
  std::set<int> exit_codes;           // hwcert's allowed exit codes
  std::set<std::string> trap_status;  // allowed statuses of the trap case; empty: no results
  std::string message_part;           // in the trap case's message, or in stderr without results
  bool others_pass = true;            // the two other cases pass
  std::vector<std::string> extra_args = {};
  int limit_seconds = 120;  // hwcert is killed (and the fault not survived) after this
  // In the run's warnings (results.json and hwcert's summary on stderr); empty: no warning at
  // all. Checked only when the run wrote results.
  std::string warning_part = {};
};

// gtest prints this instead of the struct's bytes.
void PrintTo(const FaultExpectation& expect, std::ostream* out) {
  *out << expect.fault;
}

std::string print_name(const testing::TestParamInfo<FaultExpectation>& info) {
  return info.param.fault;
}

std::atomic<int> g_faults_run{0};
std::atomic<int> g_faults_survived{0};

// One line per fault run: its name, survived or not, and what hwcert recorded.
std::vector<std::string>& fault_outcomes() {
  static std::vector<std::string> lines;
  return lines;
}

class SurvivalSummary : public testing::Environment {
 public:
  void TearDown() override {
    for (const std::string& line : fault_outcomes()) std::cout << line << "\n";
    std::cout << "faults survived " << g_faults_survived << " of " << g_faults_run << "\n";
  }
};
const auto* const kSummary = testing::AddGlobalTestEnvironment(new SurvivalSummary);

bool is_trap_case(const nlohmann::json& result) {
  // Case ids name the shape: "add.f32_37_dense_exact".
  return result.value("case_id", "").find("_" + std::to_string(kTrapElements) + "_") !=
         std::string::npos;
}

// The first line of `text` that contains `part` (without its newline).
std::string first_line_with(const std::string& text, const std::string& part) {
  const std::size_t at = text.find(part);
  if (at == std::string::npos) return "";
  const std::size_t begin = text.rfind('\n', at);
  const std::size_t end = text.find('\n', at);
  const std::size_t from = begin == std::string::npos ? 0 : begin + 1;
  return text.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

std::string first_warning_with(const nlohmann::json& warnings, const std::string& part) {
  for (const auto& warning : warnings) {
    if (warning.is_string() && warning.get<std::string>().find(part) != std::string::npos) {
      return warning.get<std::string>();
    }
  }
  return "";
}

bool contains_warning(const nlohmann::json& warnings, const std::string& part) {
  return !first_warning_with(warnings, part).empty();
}

class HostileFault : public testing::TestWithParam<FaultExpectation> {};

TEST_P(HostileFault, HwcertSurvivesAndRecordsIt) {
  const FaultExpectation& expect = GetParam();
  const std::filesystem::path work = fresh_work_dir(expect.fault);
  std::vector<std::string> argv = {
      kHwcert.string(), "conformance",    "--plugin", kPlugin.string(), "--suite",
      kSuite.string(),  "--case-timeout", "2",        "--out",          (work / "out").string()};
  argv.insert(argv.end(), expect.extra_args.begin(), expect.extra_args.end());
  ++g_faults_run;
  const ProcessOutcome outcome =
      run_process(argv, {{"HWCERT_HOSTILE_FAULT", expect.fault}, kSanitizerOptions}, work,
                  std::chrono::seconds(expect.limit_seconds), kDataLimit);
  SCOPED_TRACE("hwcert " + outcome.describe() + "\nstdout:\n" +
               outcome.stdout_text.substr(0, 4000) + "\nstderr:\n" +
               outcome.stderr_text.substr(0, 4000));

  bool survived = outcome.exited && expect.exit_codes.count(outcome.exit_code) == 1;
  EXPECT_TRUE(outcome.exited) << "hwcert did not exit normally";
  EXPECT_EQ(expect.exit_codes.count(outcome.exit_code), 1u) << "exit code " << outcome.exit_code;
  // A plugin's chatter never reaches hwcert's own stdout.
  EXPECT_LT(outcome.stdout_bytes, 64u << 10);
  survived = survived && outcome.stdout_bytes < (64u << 10);

  const auto results_file = work / "out" / "results.json";
  std::string recorded = outcome.describe();
  if (expect.trap_status.empty()) {
    // Refused before any case ran: the reason is on stderr.
    EXPECT_NE(outcome.stderr_text.find(expect.message_part), std::string::npos)
        << "stderr lacks '" << expect.message_part << "'";
    survived = survived && outcome.stderr_text.find(expect.message_part) != std::string::npos;
    recorded += ", refused: " + first_line_with(outcome.stderr_text, expect.message_part);
  } else {
    ASSERT_TRUE(std::filesystem::exists(results_file));
    const auto document = nlohmann::json::parse(read_text_file(results_file, 16 << 20));
    const auto& results = document.at("results");
    EXPECT_EQ(results.size(), 3u) << "a case result was lost";
    survived = survived && results.size() == 3;
    int traps = 0;
    for (const auto& result : results) {
      const std::string status = result.value("status", "");
      const std::string message = result.value("message", "");
      SCOPED_TRACE(result.value("case_id", "?") + ": " + status + ": " + message);
      if (is_trap_case(result)) {
        ++traps;
        EXPECT_EQ(expect.trap_status.count(status), 1u) << "trap case status " << status;
        EXPECT_NE(message.find(expect.message_part), std::string::npos)
            << "message lacks '" << expect.message_part << "'";
        survived = survived && expect.trap_status.count(status) == 1 &&
                   message.find(expect.message_part) != std::string::npos;
        recorded += ", " + std::to_string(kTrapElements) + "-element case " + status +
                    (message.empty() ? "" : ": " + message.substr(0, 100));
      } else if (expect.others_pass) {
        EXPECT_EQ(status, "pass");
        survived = survived && status == "pass";
      }
    }
    EXPECT_EQ(traps, 1);
    const auto warnings = document.value("warnings", nlohmann::json::array());
    if (expect.warning_part.empty()) {
      EXPECT_TRUE(warnings.empty()) << warnings.dump(2);
    } else {
      const bool warned = contains_warning(warnings, expect.warning_part);
      EXPECT_TRUE(warned) << "no warning with '" << expect.warning_part << "' in "
                          << warnings.dump(2);
      // The summary hwcert prints says it too.
      EXPECT_NE(outcome.stderr_text.find("hwcert: warning: "), std::string::npos);
      EXPECT_NE(outcome.stderr_text.find(expect.warning_part), std::string::npos);
      if (warned) recorded += "; warning: " + first_warning_with(warnings, expect.warning_part);
    }
  }
  if (survived) ++g_faults_survived;
  fault_outcomes().push_back(expect.fault + ": " + (survived ? "survived" : "NOT survived") + " (" +
                             recorded + ")");
}

// hwcert exit codes: 0 all acceptable, 1 failures recorded, 3 plugin could not be loaded or
// has no such device.
const FaultExpectation kFaults[] = {
    {"none", {0}, {"pass"}, ""},
    {"segfault_launch", {1}, {"crash"}, "SIGSEGV"},
    {"abort_launch", {1}, {"crash"}, "SIGABRT"},
    {"exit_launch", {1}, {"crash"}, "exited with status 0"},
    {"fpe_launch", {1}, {"crash"}, "SIGFPE"},
    {"hang_launch", {1}, {"timeout"}, "no result within 2 s"},
    {"hang_sync", {1}, {"timeout"}, "no result within 2 s"},
    {"throw_launch", {1}, {"error", "crash"}, "exception thrown through the C ABI"},
    {"segfault_support", {1}, {"crash"}, "SIGSEGV"},
    {"null_table", {3}, {}, "without a function table"},
    {"table_size_zero", {3}, {}, "struct_size 0 is not plausible"},
    {"table_size_huge", {3}, {}, "struct_size 1073741824 is not plausible"},
    {"entry_crash", {3}, {}, "SIGSEGV"},
    {"unknown_status", {1}, {"error"}, "unknown status code 12345"},
    {"null_error_message", {1}, {"error"}, "(no message)"},
    {"write_past_end", {1}, {"fail"}, "wrote past the end of the output"},
    {"write_nothing", {1}, {"fail"}, "never written"},
    {"modify_input", {1}, {"fail"}, "input 0 was modified"},
    {"spam_output", {0}, {"pass"}, ""},
    {"nondeterministic", {1}, {"fail"}, "not deterministic"},
    // Malformed get_info strings: the name falls back to the library's stem, and the run says
    // why. "hostile" without its NUL is 7 bytes.
    {.fault = "info_unterminated",
     .exit_codes = {0},
     .trap_status = {"pass"},
     .message_part = "",
     .warning_part = "plugin_get_info(NAME): 7 bytes without a NUL terminator"},
    {.fault = "info_huge_size",
     .exit_codes = {0},
     .trap_status = {"pass"},
     .message_part = "",
     .warning_part = "plugin_get_info(NAME) claims 1099511627776 bytes; limit 1048576"},
    // 16 MiB kept per launch of add: the 37- and 16-element cases (after the first add case of
    // the worker) grow by 32 MiB each (two launches for the determinism check).
    {.fault = "leak",
     .exit_codes = {0},
     .trap_status = {"pass"},
     .message_part = "",
     .warning_part = "memory growth: op add: "},
    // 2^31 devices with --device all: hwcert must refuse the count (exit 3 with a message)
    // rather than try to run 2^31 devices. Limited to 30 s.
    {"many_devices", {3}, {}, "devices", true, {"--device", "all"}, 30},
    // No devices at all with --device all: refused as an unusable plugin (exit 3), no results.
    {"no_devices", {3}, {}, "reports no devices", true, {"--device", "all"}, 30},
};

INSTANTIATE_TEST_SUITE_P(Faults, HostileFault, testing::ValuesIn(kFaults), print_name);

// The leak fault keeps 16 MiB per launch of add and nothing in sub: the run reports memory
// growth for add (with each case's measured growth in results.json) and nothing for sub.
TEST(HostileLeak, MemoryGrowthIsReportedForTheLeakingOpOnly) {
  const std::filesystem::path work = fresh_work_dir("leak_add_not_sub");
  const ProcessOutcome outcome =
      run_process({kHwcert.string(), "conformance", "--plugin", kPlugin.string(), "--suite",
                   kLeakSuite.string(), "--case-timeout", "10", "--out", (work / "out").string()},
                  {{"HWCERT_HOSTILE_FAULT", "leak"}, kSanitizerOptions}, work,
                  std::chrono::seconds(120), kDataLimit);
  SCOPED_TRACE("hwcert " + outcome.describe() + "\nstderr:\n" +
               outcome.stderr_text.substr(0, 4000));
  ASSERT_TRUE(outcome.exited);
  EXPECT_EQ(outcome.exit_code, 0);  // a finding, not a failure

  const auto document =
      nlohmann::json::parse(read_text_file(work / "out" / "results.json", 16 << 20));
  const auto& results = document.at("results");
  ASSERT_EQ(results.size(), 6u);
  constexpr int64_t kLeakPerCase = int64_t{32} << 20;  // 16 MiB in each of two launches
  for (const auto& result : results) {
    SCOPED_TRACE(result.dump());
    EXPECT_EQ(result.value("status", ""), "pass");
    ASSERT_TRUE(result.contains("memory"));
    const int64_t growth = result["memory"].at("rss_growth_bytes").get<int64_t>();
    const bool first = result["memory"].at("first_of_op_in_worker").get<bool>();
    if (result.value("op", "") == "add") {
      EXPECT_GE(growth, kLeakPerCase - (int64_t{1} << 20));
    } else {
      EXPECT_LT(growth, int64_t{4} << 20) << "sub keeps nothing";
      EXPECT_EQ(first, result.value("case_id", "").find("_64_") != std::string::npos);
    }
  }

  std::vector<std::string> growth_warnings;
  for (const auto& warning : document.at("warnings")) {
    const std::string text = warning.get<std::string>();
    if (text.find("memory growth") != std::string::npos) growth_warnings.push_back(text);
  }
  ASSERT_EQ(growth_warnings.size(), 1u) << document.at("warnings").dump(2);
  EXPECT_EQ(growth_warnings[0].rfind("memory growth: op add: resident memory grew by ", 0), 0u)
      << growth_warnings[0];
  EXPECT_NE(growth_warnings[0].find("over 2 case(s) after its first"), std::string::npos);
  EXPECT_NE(outcome.stderr_text.find("hwcert: warning: memory growth: op add: "),
            std::string::npos);
  EXPECT_EQ(outcome.stderr_text.find("op sub"), std::string::npos);
}

}  // namespace
}  // namespace hwcert::hostile

namespace hwcert::hostile {
namespace {

// --case-timeout values that are not a positive, finite, representable number of seconds are
// a usage error (exit 2), not a negative or undefined deadline.
class CaseTimeoutArgument : public testing::TestWithParam<const char*> {};

TEST_P(CaseTimeoutArgument, IsRefusedAsAUsageError) {
  const std::string value = GetParam();
  const std::filesystem::path work = fresh_work_dir("case-timeout-" + value);
  const ProcessOutcome outcome = run_process(
      {kHwcert.string(), "conformance", "--plugin", kPlugin.string(), "--suite", kSuite.string(),
       "--case-timeout", value, "--out", (work / "out").string()},
      {{"HWCERT_HOSTILE_FAULT", "hang_launch"}}, work, std::chrono::seconds(60), kDataLimit);
  EXPECT_TRUE(outcome.exited) << outcome.describe();
  EXPECT_EQ(outcome.exit_code, 2) << outcome.stdout_text << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("--case-timeout"), std::string::npos) << outcome.stderr_text;
}

INSTANTIATE_TEST_SUITE_P(Hostile, CaseTimeoutArgument,
                         testing::Values("nan", "inf", "1e300", "0", "-1"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace hwcert::hostile
