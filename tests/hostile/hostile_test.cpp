// Runs the real `hwcert conformance` against the hostile plugin, one fault at a time, and
// checks that hwcert itself ends normally (exit 0, 1 or 3, never a signal, never killed for
// time), records the faulty case with the right status and a message that says what
// happened, and loses none of the other cases' results.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "run_hwcert.hpp"

namespace hwcert::hostile {
namespace {

const std::filesystem::path kHwcert = HWCERT_EXE;
const std::filesystem::path kPlugin = HOSTILE_PLUGIN;
const std::filesystem::path kSuite = HOSTILE_SUITE;
const std::filesystem::path kWorkRoot = HOSTILE_WORK_DIR;
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

// In ASan builds the plugin's faults must reach the worker as real signals (ASan would turn a
// SIGSEGV into exit 1), and the deliberate leak must not fail the worker's exit.
const std::pair<const std::string, std::string> kSanitizerOptions = {
    "ASAN_OPTIONS", "handle_segv=0:handle_sigfpe=0:handle_sigbus=0:detect_leaks=0"};

struct FaultExpectation {
  std::string fault;
  std::set<int> exit_codes;           // hwcert's allowed exit codes
  std::set<std::string> trap_status;  // allowed statuses of the trap case; empty: no results
  std::string message_part;           // in the trap case's message, or in stderr without results
  bool others_pass = true;            // the two other cases pass
  std::vector<std::string> extra_args = {};
  int limit_seconds = 120;  // hwcert is killed (and the fault not survived) after this
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

class SurvivalSummary : public testing::Environment {
 public:
  void TearDown() override {
    std::cout << "faults survived " << g_faults_survived << " of " << g_faults_run << "\n";
  }
};
const auto* const kSummary = testing::AddGlobalTestEnvironment(new SurvivalSummary);

bool is_trap_case(const nlohmann::json& result) {
  // Case ids name the shape: "add.f32_37_dense_exact".
  return result.value("case_id", "").find("_" + std::to_string(kTrapElements) + "_") !=
         std::string::npos;
}

class HostileFault : public testing::TestWithParam<FaultExpectation> {};

TEST_P(HostileFault, HwcertSurvivesAndRecordsIt) {
  const FaultExpectation& expect = GetParam();
  const std::filesystem::path work = kWorkRoot / expect.fault;
  std::filesystem::remove_all(work);
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
  if (expect.trap_status.empty()) {
    // Refused before any case ran: the reason is on stderr.
    EXPECT_NE(outcome.stderr_text.find(expect.message_part), std::string::npos)
        << "stderr lacks '" << expect.message_part << "'";
    survived = survived && outcome.stderr_text.find(expect.message_part) != std::string::npos;
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
      } else if (expect.others_pass) {
        EXPECT_EQ(status, "pass");
        survived = survived && status == "pass";
      }
    }
    EXPECT_EQ(traps, 1);
  }
  if (survived) ++g_faults_survived;
}

// hwcert exit codes: 0 all acceptable, 1 failures recorded, 3 plugin could not be loaded.
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
    {"info_unterminated", {0}, {"pass"}, ""},
    {"info_huge_size", {0}, {"pass"}, ""},
    {"leak", {0}, {"pass"}, ""},
    // 2^31 devices with --device all: hwcert must refuse the count (exit 3 with a message)
    // rather than try to run 2^31 devices. Limited to 30 s.
    {"many_devices", {3}, {}, "devices", true, {"--device", "all"}, 30},
};

INSTANTIATE_TEST_SUITE_P(Faults, HostileFault, testing::ValuesIn(kFaults), print_name);

}  // namespace
}  // namespace hwcert::hostile

namespace hwcert::hostile {
namespace {

// --case-timeout values that are not a positive, finite, representable number of seconds are
// a usage error (exit 2), not a negative or undefined deadline.
class CaseTimeoutArgument : public testing::TestWithParam<const char*> {};

TEST_P(CaseTimeoutArgument, IsRefusedAsAUsageError) {
  const std::string value = GetParam();
  const std::filesystem::path work = kWorkRoot / ("case-timeout-" + value);
  std::filesystem::remove_all(work);
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
