// Child processes: how they end (exit, signal, time limit, never started), where their output
// goes, their environment and process group; and the message pipe between child and parent.
#include "hwcert/support/child_process.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include "hwcert/support/message_pipe.hpp"

namespace hwcert::support {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A file of the running test, none there yet: HWCERT_TEST_TMP/<test>.<pid>/<name>.
fs::path test_file(const std::string& name) {
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir =
      fs::path(HWCERT_TEST_TMP) / (std::string(test->name()) + "." + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove(dir / name);
  return dir / name;
}

[[noreturn]] int hang() {
  for (;;) ::pause();
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ChildOptions quiet() {
  ChildOptions options;
  options.stdout_target = OutputTarget::discard();
  options.stderr_target = OutputTarget::discard();
  return options;
}

TEST(ChildProcess, DescribeSignal) {
  EXPECT_EQ(describe_signal(SIGSEGV), "SIGSEGV (Segmentation fault)");
  EXPECT_EQ(describe_signal(SIGKILL).rfind("SIGKILL", 0), 0u);
}

TEST(ChildProcess, FunctionExitCodeAndException) {
  ChildProcess child = ChildProcess::run_function([] { return 7; }, quiet());
  const ChildExit exit = child.wait();
  EXPECT_TRUE(exit.exited());
  EXPECT_EQ(exit.exit_code, 7);
  EXPECT_EQ(exit.describe(), "exited with status 7");
  EXPECT_EQ(exit.shell_status(), 7);
  EXPECT_FALSE(child.running());

  const ChildExit thrown =
      ChildProcess::run_function([]() -> int { throw std::runtime_error("no"); }, quiet()).wait();
  EXPECT_EQ(thrown.exit_code, 125);
}

TEST(ChildProcess, FaultSignalIsReportedWithItsName) {
  ChildOptions options = quiet();
  options.default_fault_signals = true;
  const ChildExit exit = ChildProcess::run_function(
                             [] {
                               std::raise(SIGSEGV);
                               return 0;
                             },
                             options)
                             .wait();
  EXPECT_EQ(exit.kind, ChildExit::Kind::kSignaled);
  EXPECT_EQ(exit.signal_number, SIGSEGV);
  EXPECT_EQ(exit.describe(), "killed by SIGSEGV (Segmentation fault)");
  EXPECT_EQ(exit.shell_status(), 128 + SIGSEGV);
}

TEST(ChildProcess, TimeLimitKillsTheChild) {
  const auto start = std::chrono::steady_clock::now();
  const ChildExit exit = ChildProcess::run_function(hang, quiet()).wait(200ms);
  EXPECT_EQ(exit.kind, ChildExit::Kind::kTimedOut);
  EXPECT_EQ(exit.describe(), "ran past its time limit and was killed");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(ChildProcess, OutputGoesWhereAsked) {
  const fs::path log = test_file("log");
  ChildOptions options;
  options.stdout_target = OutputTarget::append_to(log);
  options.stderr_target = OutputTarget::same_as_stdout();
  for (int round = 0; round < 2; ++round) {
    ChildProcess::run_function(
        [] {
          std::printf("out\n");
          std::fflush(stdout);
          std::fprintf(stderr, "err\n");
          return 0;
        },
        options)
        .wait();
  }
  EXPECT_EQ(read_file(log), "out\nerr\nout\nerr\n");

  const fs::path out = test_file("out");
  const fs::path err = test_file("err");
  options.stdout_target = OutputTarget::replace(out);
  options.stderr_target = OutputTarget::replace(err);
  for (int round = 0; round < 2; ++round) {
    ChildProcess::run_program({"/bin/sh", "-c", "echo one; echo two >&2"}, options).wait();
  }
  EXPECT_EQ(read_file(out), "one\n");
  EXPECT_EQ(read_file(err), "two\n");
}

TEST(ChildProcess, ProgramEnvironmentIsSetAndFiltered) {
  const fs::path listing = test_file("env");
  ::setenv("HWCERT_CHILD_TEST_DROPPED", "1", 1);
  ChildOptions options;
  options.stdout_target = OutputTarget::replace(listing);
  options.set_environment = {{"HWCERT_CHILD_TEST_SET", "yes"}};
  options.unset_environment_prefixes = {"HWCERT_CHILD_TEST_D"};
  const ChildExit exit = ChildProcess::run_program({"/usr/bin/env"}, options).wait();
  ::unsetenv("HWCERT_CHILD_TEST_DROPPED");
  ASSERT_TRUE(exit.succeeded()) << exit.describe();
  const std::string environment = read_file(listing);
  EXPECT_NE(environment.find("HWCERT_CHILD_TEST_SET=yes\n"), std::string::npos);
  EXPECT_EQ(environment.find("HWCERT_CHILD_TEST_DROPPED"), std::string::npos);
  EXPECT_NE(environment.find("PATH="), std::string::npos);
}

TEST(ChildProcess, MissingProgramNeverStarts) {
  const ChildExit exit =
      ChildProcess::run_program({"/nonexistent/hwcert-no-such-program"}, quiet()).wait();
  EXPECT_EQ(exit.kind, ChildExit::Kind::kNotStarted);
  EXPECT_EQ(exit.describe(),
            "cannot run /nonexistent/hwcert-no-such-program: No such file or directory");
  EXPECT_EQ(exit.shell_status(), 127);
}

TEST(ChildProcess, ProcessGroupEndsWithTheChild) {
  const fs::path pid_file = test_file("grandchild.pid");
  ChildOptions options = quiet();
  options.own_process_group = true;
  options.stdout_target = OutputTarget::replace(pid_file);
  // The shell starts a sleeper in the background, prints its pid and exits.
  const ChildExit exit =
      ChildProcess::run_program({"/bin/sh", "-c", "sleep 60 & echo $!"}, options).wait(10s);
  ASSERT_TRUE(exit.succeeded()) << exit.describe();
  const pid_t grandchild = std::stoi(read_file(pid_file));
  // Gone, or a zombie waiting for whoever adopted it to reap it.
  const auto ended = [grandchild] {
    const std::string stat = read_file("/proc/" + std::to_string(grandchild) + "/stat");
    const std::size_t close = stat.rfind(')');
    return stat.empty() || (close != std::string::npos && stat.substr(close + 2, 1) == "Z");
  };
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = ended();
    if (!gone) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(gone) << "the background sleeper outlived its process group's leader";
}

TEST(ChildProcess, DestroyingARunningChildKillsIt) {
  pid_t pid = 0;
  {
    ChildProcess child = ChildProcess::run_function(hang, quiet());
    pid = child.pid();
    ASSERT_TRUE(child.running());
  }
  EXPECT_NE(::kill(pid, 0), 0) << "the child is still there";
}

// A child that runs `body` on the write end of `pipe`; the caller keeps the read end.
ChildProcess start_writer(MessagePipe& pipe, const std::function<int(MessagePipe&)>& body) {
  ChildProcess child = ChildProcess::run_function(
      [&] {
        pipe.keep_write_end();
        return body(pipe);
      },
      quiet());
  pipe.keep_read_end();
  return child;
}

TEST(MessagePipe, FramesArriveInOrderAndGarbageIsFlagged) {
  std::optional<MessagePipe> pipe = MessagePipe::open();
  ASSERT_TRUE(pipe.has_value());
  ChildProcess child = start_writer(*pipe, [](MessagePipe& out) {
    out.send({{"type", "a"}, {"n", 1}});
    out.send(nlohmann::json::array({1, 2}));                        // not an object
    out.send({{"type", "b"}, {"text", std::string("\xff\xfe")}});  // invalid UTF-8
    return 0;
  });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  nlohmann::json message;
  ASSERT_EQ(pipe->receive(&message, deadline), MessagePipe::Received::kMessage);
  EXPECT_EQ(message, (nlohmann::json{{"type", "a"}, {"n", 1}}));
  ASSERT_EQ(pipe->receive(&message, deadline), MessagePipe::Received::kMessage);
  EXPECT_EQ(message, (nlohmann::json{{"type", "garbled"}}));
  ASSERT_EQ(pipe->receive(&message, deadline), MessagePipe::Received::kMessage);
  EXPECT_EQ(message["type"], "b");
  EXPECT_EQ(pipe->receive(&message, deadline), MessagePipe::Received::kEnded);
  EXPECT_TRUE(child.wait().succeeded());
}

TEST(MessagePipe, SilenceTimesOut) {
  std::optional<MessagePipe> pipe = MessagePipe::open();
  ASSERT_TRUE(pipe.has_value());
  ChildProcess child = start_writer(*pipe, [](MessagePipe&) { return hang(); });
  nlohmann::json message;
  EXPECT_EQ(pipe->receive(&message, std::chrono::steady_clock::now() + 100ms),
            MessagePipe::Received::kTimedOut);
}

}  // namespace
}  // namespace hwcert::support
