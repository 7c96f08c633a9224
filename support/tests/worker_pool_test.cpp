#include "hwcert/support/worker_pool.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

namespace hwcert::support {
namespace {

using namespace std::chrono_literals;

struct Collected {
  std::map<std::size_t, nlohmann::json> results;
  std::map<std::size_t, WorkerFailure> failures;
  int setups = 0;
};

WorkerEvents collect(Collected& out) {
  WorkerEvents events;
  events.on_setup = [&out](const nlohmann::json& d) {
    EXPECT_EQ(d["who"], "worker");
    ++out.setups;
  };
  events.on_result = [&out](std::size_t item, nlohmann::json record, std::optional<int64_t>) {
    EXPECT_FALSE(out.results.count(item) || out.failures.count(item)) << "item twice: " << item;
    out.results[item] = std::move(record);
  };
  events.on_failure = [&out](std::size_t item, const WorkerFailure& failure) {
    EXPECT_FALSE(out.results.count(item) || out.failures.count(item)) << "item twice: " << item;
    out.failures[item] = failure;
  };
  return events;
}

// Item 2 segfaults, 4 hangs, 5 exits, 6 throws; every item spams stdout first.
WorkerProgram misbehaving_program() {
  WorkerProgram program;
  program.setup = [] { return nlohmann::json{{"who", "worker"}}; };
  program.run_item = [](std::size_t item) -> nlohmann::json {
    std::printf("plugin noise for item %zu\n\x01\x02 binary junk\n", item);
    std::fflush(stdout);
    switch (item) {
      case 2:
        std::raise(SIGSEGV);
        break;
      case 4:
        for (;;) ::pause();
      case 5:
        ::_exit(7);
      case 6:
        throw std::runtime_error("kaputt");
      default:
        break;
    }
    return {{"square", item * item}};
  };
  return program;
}

TEST(WorkerPool, CrashHangExitAndExceptionCostOnlyTheirItem) {
  const auto log =
      std::filesystem::path(HWCERT_TEST_TMP) / ("worker." + std::to_string(::getpid()) + ".log");
  std::filesystem::create_directories(log.parent_path());
  std::filesystem::remove(log);
  const std::vector<std::size_t> items = {0, 1, 2, 3, 4, 5, 6, 7};
  Collected out;
  WorkerOptions options;
  options.item_timeout = 1500ms;
  options.log_file = log;
  const WorkerRunOutcome outcome =
      run_in_workers(misbehaving_program(), items, options, collect(out));
  EXPECT_FALSE(outcome.setup_failed);
  EXPECT_EQ(outcome.workers_started, 4u);  // initial + after crash, hang, exit
  EXPECT_EQ(out.setups, 4);

  for (std::size_t item : {0u, 1u, 3u, 7u}) {
    ASSERT_TRUE(out.results.count(item)) << item;
    EXPECT_EQ(out.results[item]["square"], item * item);
  }
  ASSERT_TRUE(out.failures.count(2));
  EXPECT_EQ(out.failures[2].kind, WorkerFailure::Kind::kCrash);
  EXPECT_NE(out.failures[2].message.find("SIGSEGV"), std::string::npos) << out.failures[2].message;
  ASSERT_TRUE(out.failures.count(4));
  EXPECT_EQ(out.failures[4].kind, WorkerFailure::Kind::kTimeout);
  ASSERT_TRUE(out.failures.count(5));
  EXPECT_EQ(out.failures[5].kind, WorkerFailure::Kind::kCrash);
  EXPECT_EQ(out.failures[5].message, "worker exited with status 7 during case");
  ASSERT_TRUE(out.failures.count(6));
  EXPECT_EQ(out.failures[6].kind, WorkerFailure::Kind::kError);
  EXPECT_NE(out.failures[6].message.find("kaputt"), std::string::npos);

  // The plugin's stdout went to the log, not into the result channel.
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("plugin noise for item 7"), std::string::npos);
}

TEST(WorkerPool, SetupFailureIsReportedAndNothingRuns) {
  WorkerProgram program;
  program.setup = []() -> nlohmann::json {
    throw std::runtime_error("libfoo.so: cannot open shared object file");
  };
  program.run_item = [](std::size_t) -> nlohmann::json { return {}; };
  Collected out;
  const std::vector<std::size_t> items = {0, 1};
  const auto outcome = run_in_workers(program, items, WorkerOptions{}, collect(out));
  EXPECT_TRUE(outcome.setup_failed);
  EXPECT_EQ(outcome.setup_error, "libfoo.so: cannot open shared object file");
  EXPECT_TRUE(out.results.empty());
  EXPECT_TRUE(out.failures.empty());
}

TEST(WorkerPool, CrashDuringSetupIsASetupFailure) {
  WorkerProgram program;
  program.setup = []() -> nlohmann::json { std::abort(); };
  program.run_item = [](std::size_t) -> nlohmann::json { return {}; };
  Collected out;
  const std::vector<std::size_t> items = {0};
  const auto outcome = run_in_workers(program, items, WorkerOptions{}, collect(out));
  EXPECT_TRUE(outcome.setup_failed);
  EXPECT_NE(outcome.setup_error.find("SIGABRT"), std::string::npos) << outcome.setup_error;
}

TEST(WorkerPool, MeasuresWhatEachItemKeepsResident) {
  constexpr std::size_t kKept = std::size_t{32} << 20;
  WorkerProgram program;
  program.setup = [] { return nlohmann::json{{"who", "worker"}}; };
  // Item 1 keeps 32 MiB touched (the worker ends soon after; nothing frees it).
  program.run_item = [](std::size_t item) -> nlohmann::json {
    if (item == 1) {
      auto* block = static_cast<volatile unsigned char*>(std::malloc(kKept));
      for (std::size_t i = 0; i < kKept; i += 4096) block[i] = 1;
    }
    return {{"item", item}};
  };
  std::map<std::size_t, std::optional<int64_t>> growth;
  WorkerEvents events;
  events.on_setup = [](const nlohmann::json&) {};
  events.on_result = [&growth](std::size_t item, nlohmann::json, std::optional<int64_t> bytes) {
    growth[item] = bytes;
  };
  events.on_failure = [](std::size_t item, const WorkerFailure& failure) {
    ADD_FAILURE() << item << ": " << failure.message;
  };
  WorkerOptions options;
  options.measure_memory = true;
  const std::vector<std::size_t> items = {0, 1, 2};
  run_in_workers(program, items, options, events);
  ASSERT_EQ(growth.size(), 3u);
  ASSERT_TRUE(growth[1].has_value());
  EXPECT_GE(*growth[1], static_cast<int64_t>(kKept) - (int64_t{2} << 20));
  ASSERT_TRUE(growth[2].has_value());
  EXPECT_LT(*growth[2], int64_t{4} << 20);

  // Without measure_memory there is no measurement.
  growth.clear();
  run_in_workers(program, items, WorkerOptions{}, events);
  ASSERT_EQ(growth.size(), 3u);
  EXPECT_FALSE(growth[1].has_value());
}

TEST(WorkerPool, ProbeReturnsTheDescriptionOrHowTheWorkerDied) {
  const WorkerProbe answered =
      probe_in_worker([] { return nlohmann::json{{"device_count", 2}}; }, WorkerOptions{});
  ASSERT_TRUE(answered.description.has_value());
  EXPECT_EQ((*answered.description)["device_count"], 2);
  EXPECT_TRUE(answered.error.empty());

  const WorkerProbe crashed = probe_in_worker(
      []() -> nlohmann::json {
        std::raise(SIGSEGV);
        return {};
      },
      WorkerOptions{});
  EXPECT_FALSE(crashed.description.has_value());
  EXPECT_EQ(crashed.error,
            "worker killed by SIGSEGV (Segmentation fault) while loading the plugin");

  WorkerOptions short_limit;
  short_limit.setup_timeout = 300ms;
  const WorkerProbe hung = probe_in_worker(
      []() -> nlohmann::json {
        for (;;) ::pause();
      },
      short_limit);
  EXPECT_FALSE(hung.description.has_value());
  EXPECT_EQ(hung.error, "no answer within 0.300 s while loading the plugin");
}

}  // namespace
}  // namespace hwcert::support
