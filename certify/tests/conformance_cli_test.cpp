// End-to-end tests of `hwcert conformance` / `hwcert merge` with the real binary: worker
// isolation (crash, hang, garbage), planted numeric bugs, kill -9 and --resume, shards and
// merge, waivers, and the reference plugin's smoke suite.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "hwcert/runner/journal.hpp"
#include "hwcert/support/child_process.hpp"

namespace {

namespace fs = std::filesystem;
namespace support = hwcert::support;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(HWCERT_TEST_TMP) / (name + "." + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Invocation {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Starts hwcert with stdout/stderr into files in `dir`; extra_env entries are NAME=VALUE.
support::ChildProcess spawn_hwcert(const std::vector<std::string>& args, const fs::path& dir,
                                   const std::vector<std::string>& extra_env = {}) {
  std::vector<std::string> argv = {HWCERT_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  support::ChildOptions options;
  options.stdout_target = support::OutputTarget::replace(dir / "stdout.txt");
  options.stderr_target = support::OutputTarget::replace(dir / "stderr.txt");
  options.stdin_from_null = false;
  options.unset_environment_prefixes = {"GTEST_", "HWCERT_RUN_WAIVED"};
  for (const std::string& entry : extra_env) {
    const auto equals = entry.find('=');
    options.set_environment[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  support::ChildProcess child = support::ChildProcess::run_program(argv, options);
  EXPECT_TRUE(child.running());
  return child;
}

Invocation hwcert(const std::vector<std::string>& args, const fs::path& dir,
                  const std::vector<std::string>& extra_env = {}) {
  Invocation run;
  run.exit_code = spawn_hwcert(args, dir, extra_env).wait().shell_status();
  run.out = slurp(dir / "stdout.txt");
  run.err = slurp(dir / "stderr.txt");
  return run;
}

/// `hwcert run-op` in the case form: the good fixture's sqrt on seeded f32 inputs of `shape`
/// ("[5,7]") at `tier`, inputs, expected and actual outputs dumped under dir/dump/<id>.
Invocation dumped_sqrt_case(const fs::path& dir, const std::string& shape, const std::string& tier,
                            const std::string& seed, const std::string& id) {
  return hwcert({"run-op", "--plugin", HWCERT_FIXTURE_GOOD, "--op", "sqrt", "--in", "f32" + shape,
                 "--out", "f32" + shape, "--tier", tier, "--seed", seed, "--id", id, "--out-dir",
                 (dir / "dump").string()},
                dir);
}

nlohmann::json results_of(const fs::path& out) {
  return nlohmann::json::parse(slurp(out / "results.json"));
}

std::map<std::string, nlohmann::json> by_id(const nlohmann::json& results) {
  std::map<std::string, nlohmann::json> map;
  for (const auto& r : results["results"]) map[r["case_id"].get<std::string>()] = r;
  return map;
}

// What must agree between two runs of the same cases (durations and dump paths may not).
std::vector<std::string> essence(const nlohmann::json& results) {
  std::vector<std::string> lines;
  for (const auto& r : results["results"]) {
    lines.push_back(r["case_id"].get<std::string>() + " " + r["status"].get<std::string>() + " " +
                    r["message"].get<std::string>() + " " + r["worst_index"].dump() + " " +
                    r["reproducer"].get<std::string>());
  }
  return lines;
}

const nlohmann::json* find_prefix(const std::map<std::string, nlohmann::json>& map,
                                  const std::string& prefix) {
  for (const auto& [id, r] : map) {
    if (id.rfind(prefix, 0) == 0) return &r;
  }
  return nullptr;
}

TEST(ConformanceCli, CrashHangAndGarbageAreIsolated) {
  const fs::path dir = fresh_dir("misbehave");
  const Invocation run =
      hwcert({"conformance", "--plugin", HWCERT_FIXTURE_MISBEHAVE, "--suite", HWCERT_FIXTURE_SUITE,
              "--out", (dir / "out").string(), "--case-timeout", "2"},
             dir);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto results = by_id(results_of(dir / "out"));
  ASSERT_EQ(results.size(), 15u) << run.out;
  for (const auto& [id, r] : results) {
    const std::string status = r["status"];
    if (id.rfind("exp.", 0) == 0) {
      EXPECT_EQ(status, "crash") << id;
      EXPECT_NE(r["message"].get<std::string>().find("SIGSEGV"), std::string::npos) << r["message"];
    } else if (id.rfind("log.", 0) == 0) {
      EXPECT_EQ(status, "timeout") << id;
    } else if (id.rfind("neg.", 0) == 0) {
      EXPECT_EQ(status, "fail") << id << " " << r["message"];
      EXPECT_GE(r["worst_index"].get<int64_t>(), 0);
    } else if (id.rfind("tanh.", 0) == 0) {
      EXPECT_EQ(status, "unsupported") << id;
      EXPECT_NE(r["message"].get<std::string>().find("not implemented by this plugin"),
                std::string::npos);
    } else {
      EXPECT_EQ(status, "pass") << id << " " << r["message"];
    }
  }
  // The summary names every failing case with a reproducer line.
  EXPECT_NE(run.out.find("crash exp."), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("hwcert run-op"), std::string::npos) << run.out;
  // The worker's output went to its log, not to the terminal.
  EXPECT_TRUE(fs::exists(dir / "out" / "worker.log"));
}

TEST(ConformanceCli, PlantedBugsAreCaughtPrecisely) {
  const fs::path dir = fresh_dir("planted");
  const Invocation run =
      hwcert({"conformance", "--plugin", HWCERT_FIXTURE_PLANTED, "--suite", HWCERT_FIXTURE_SUITE,
              "--out", (dir / "out").string(), "--filter", "relu.*:softmax.*:cast.*:abs.*",
              "--dump-failures", (dir / "dump").string()},
             dir);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto results = by_id(results_of(dir / "out"));
  // relu leaves the last of 64 elements unwritten: the poisoned output is caught at index 63.
  const nlohmann::json* relu = find_prefix(results, "relu.");
  ASSERT_NE(relu, nullptr);
  EXPECT_EQ((*relu)["status"], "fail") << (*relu)["message"];
  EXPECT_EQ((*relu)["worst_index"], 63) << (*relu)["message"];
  // bf16 by truncation: off by one bf16 ulp on about half the elements.
  const nlohmann::json* cast = find_prefix(results, "cast.");
  ASSERT_NE(cast, nullptr);
  EXPECT_EQ((*cast)["status"], "fail") << (*cast)["message"];
  EXPECT_GE((*cast)["max_ulp_error"].get<double>(), 1.0);
  // softmax without max-subtraction overflows on the special tier's large values.
  const nlohmann::json* special = find_prefix(results, "softmax.f32_32x2_dense_special");
  ASSERT_NE(special, nullptr);
  EXPECT_EQ((*special)["status"], "fail") << (*special)["message"];
  EXPECT_NE((*special)["message"].get<std::string>().find("NaN where a number was expected"),
            std::string::npos)
      << (*special)["message"];
  // ... and on the range tier's large logits, where the statistical tier's [-4, 4] never goes.
  for (const char* id : {"softmax.f32_4x16_dense_range", "softmax.f32_32x2_dense_range"}) {
    const nlohmann::json* range = find_prefix(results, id);
    ASSERT_NE(range, nullptr) << id;
    EXPECT_EQ((*range)["status"], "fail") << (*range)["message"];
  }
  const nlohmann::json* abs = find_prefix(results, "abs.");
  ASSERT_NE(abs, nullptr);
  EXPECT_EQ((*abs)["status"], "pass");
  // --dump-failures wrote inputs, expected and actual outputs of the failing relu case.
  const fs::path relu_dump = dir / "dump" / (*relu)["case_id"].get<std::string>();
  EXPECT_TRUE(fs::exists(relu_dump / "input0.f32.npy"));
  EXPECT_TRUE(fs::exists(relu_dump / "expected.f32.npy"));
  EXPECT_TRUE(fs::exists(relu_dump / "actual.f32.npy"));
  const fs::path cast_dump = dir / "dump" / (*cast)["case_id"].get<std::string>();
  EXPECT_TRUE(fs::exists(cast_dump / "actual.bf16.npy"));
}

TEST(ConformanceCli, KillNineThenResumeGivesTheUninterruptedResults) {
  const fs::path dir = fresh_dir("resume");
  const std::vector<std::string> common = {
      "conformance",    "--plugin", HWCERT_FIXTURE_MISBEHAVE, "--suite", HWCERT_FIXTURE_SUITE,
      "--case-timeout", "2"};
  auto with_out = [&](const fs::path& out, bool resume) {
    std::vector<std::string> args = common;
    args.insert(args.end(), {"--out", out.string()});
    if (resume) args.push_back("--resume");
    return args;
  };
  const Invocation full = hwcert(with_out(dir / "full", false), dir);
  ASSERT_EQ(full.exit_code, 1) << full.err;

  // Interrupted run: kill -9 once the cases before the hanging one are journaled.
  const fs::path journal = dir / "cut" / "journal.jsonl";
  support::ChildProcess cut = spawn_hwcert(with_out(dir / "cut", false), dir);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const std::string text = fs::exists(journal) ? slurp(journal) : "";
    if (std::count(text.begin(), text.end(), '\n') >= 5) break;  // header, setup, 3 cases
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "journal never grew";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(cut.running());
  cut.kill();
  EXPECT_EQ(cut.wait().shell_status(), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(dir / "cut" / "results.json"));
  // A record torn by the kill is dropped and redone.
  std::ofstream(journal, std::ios::app) << "1234abcd {\"type\":\"case\",\"result\":{\"case_id\":";

  const Invocation resumed = hwcert(with_out(dir / "cut", true), dir);
  EXPECT_EQ(resumed.exit_code, 1) << resumed.err;
  EXPECT_NE(resumed.out.find("taken from the journal"), std::string::npos) << resumed.out;
  EXPECT_EQ(essence(results_of(dir / "cut")), essence(results_of(dir / "full")));
  auto journal_contents = hwcert::runner::read_journal(journal);
  ASSERT_TRUE(journal_contents.ok()) << journal_contents.status().to_string();
  EXPECT_FALSE(journal_contents->dropped_tail);

  // Resuming the journal of another run is refused.
  std::vector<std::string> other = with_out(dir / "cut", true);
  other.insert(other.end(), {"--filter", "abs.*"});
  const Invocation refused = hwcert(other, dir);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("belongs to a different run"), std::string::npos) << refused.err;
}

TEST(ConformanceCli, ShardsMergedEqualTheUnshardedRun) {
  const fs::path dir = fresh_dir("shards");
  const std::vector<std::string> common = {"conformance", "--plugin",           HWCERT_FIXTURE_GOOD,
                                           "--suite",     HWCERT_FIXTURE_SUITE, "--filter",
                                           "-log.*"};
  std::vector<std::string> args = common;
  args.insert(args.end(), {"--out", (dir / "all").string()});
  const Invocation all = hwcert(args, dir);
  ASSERT_EQ(all.exit_code, 0) << all.out << all.err;

  std::vector<std::string> merge = {"merge"};
  for (int shard = 0; shard < 3; ++shard) {
    const fs::path out = dir / ("shard" + std::to_string(shard));
    args = common;
    args.insert(args.end(), {"--out", out.string()});
    // Shard 1 through the gtest environment variables, the others through flags.
    std::vector<std::string> env;
    if (shard == 1) {
      env = {"GTEST_TOTAL_SHARDS=3", "GTEST_SHARD_INDEX=1"};
    } else {
      args.insert(args.end(), {"--total-shards", "3", "--shard-index", std::to_string(shard)});
    }
    const Invocation run = hwcert(args, dir, env);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_LT(results_of(out)["results"].size(), results_of(dir / "all")["results"].size());
    merge.push_back((out / "results.json").string());
  }
  merge.insert(merge.end(),
               {"-o", (dir / "merged.json").string(), "--junit", (dir / "merged.xml").string()});
  const Invocation merged = hwcert(merge, dir);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const auto merged_json = nlohmann::json::parse(slurp(dir / "merged.json"));
  EXPECT_EQ(essence(merged_json), essence(results_of(dir / "all")));
  EXPECT_EQ(merged_json["summary"], results_of(dir / "all")["summary"]);

  // A shard given twice is an error.
  const Invocation duplicate =
      hwcert({"merge", (dir / "shard0" / "results.json").string(),
              (dir / "shard0" / "results.json").string(), "-o", (dir / "dup.json").string()},
             dir);
  EXPECT_EQ(duplicate.exit_code, 2);
  EXPECT_NE(duplicate.err.find("appears in both"), std::string::npos) << duplicate.err;

  // --list prints exactly the selected ids.
  const Invocation list =
      hwcert({"conformance", "--suite", HWCERT_FIXTURE_SUITE, "--filter", "sqrt.*", "--list"}, dir);
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 2) << list.out;
}

TEST(ConformanceCli, WaiversWaiveXPassAndExpire) {
  const fs::path dir = fresh_dir("waivers");
  std::ofstream(dir / "waivers.toml") << R"([[waiver]]
case = "neg.*"
device = "Tiny"
plugin_version = ">=1.0,<2.0"
category = "known-bug"
reason = "neg returns garbage"
link = "https://example.com/1"
expires = 2099-01-01

[[waiver]]
case = "abs.*"
category = "test-bug"
reason = "suspected"

[[waiver]]
case = "exp.*"
category = "known-bug"
reason = "old crash"
expires = 2001-01-01
)";
  const std::vector<std::string> args = {"conformance",
                                         "--plugin",
                                         HWCERT_FIXTURE_MISBEHAVE,
                                         "--suite",
                                         HWCERT_FIXTURE_SUITE,
                                         "--filter",
                                         "-log.*",
                                         "--waivers",
                                         (dir / "waivers.toml").string(),
                                         "--out",
                                         (dir / "out").string()};
  const Invocation run = hwcert(args, dir);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;  // exp crashes; its waiver has expired
  const auto doc = results_of(dir / "out");
  const auto results = by_id(doc);
  EXPECT_EQ((*find_prefix(results, "neg."))["status"], "waived");
  EXPECT_EQ((*find_prefix(results, "abs."))["status"], "xpass");
  EXPECT_EQ((*find_prefix(results, "exp."))["status"], "crash");
  EXPECT_TRUE(find_prefix(results, "exp.")->contains("expired_waiver"));
  EXPECT_NE(run.err.find("expired on 2001-01-01"), std::string::npos) << run.err;
  ASSERT_EQ(doc["waivers"].size(), 3u);
  EXPECT_EQ(doc["waivers"][2]["expired"], true);

  // Without the crashing case every status is acceptable: exit 0.
  std::vector<std::string> no_exp = args;
  no_exp[6] = "-log.*:exp.*";
  no_exp.back() = (dir / "out2").string();
  EXPECT_EQ(hwcert(no_exp, dir).exit_code, 0);
  // HWCERT_RUN_WAIVED=1 reports the true status.
  no_exp.back() = (dir / "out3").string();
  EXPECT_EQ(hwcert(no_exp, dir, {"HWCERT_RUN_WAIVED=1"}).exit_code, 1);
  EXPECT_EQ((*find_prefix(by_id(results_of(dir / "out3")), "neg."))["status"], "fail");

  // A malformed waiver file is a usage error naming file:line:column.
  std::ofstream(dir / "bad.toml")
      << "[[waiver]]\ncase = \"x\"\ncategory = \"flaky\"\nreason = \"r\"\n";
  std::vector<std::string> bad = args;
  bad[8] = (dir / "bad.toml").string();
  const Invocation bad_run = hwcert(bad, dir);
  EXPECT_EQ(bad_run.exit_code, 2);
  EXPECT_NE(bad_run.err.find("bad.toml:3:"), std::string::npos) << bad_run.err;
}

TEST(ConformanceCli, RunOpAndOracleAgreeWithTheCaseForm) {
  const fs::path dir = fresh_dir("run_op");
  // The reproducer form: seeded inputs, judged like the run, with inputs/expected/actual dumped.
  const Invocation reproduce = dumped_sqrt_case(dir, "[5,7]", "statistical", "5", "sqrt.case");
  ASSERT_EQ(reproduce.exit_code, 0) << reproduce.out << reproduce.err;
  EXPECT_EQ(reproduce.out.rfind("pass sqrt.case", 0), 0u) << reproduce.out;
  const fs::path dumped = dir / "dump" / "sqrt.case";
  ASSERT_TRUE(fs::exists(dumped / "input0.f32.npy"));
  // .npy form of the same op: the oracle and the plugin reproduce the dumped files exactly.
  const Invocation oracle =
      hwcert({"oracle", "--op", "sqrt", "--inputs", (dumped / "input0.f32.npy").string(),
              "--out-dir", (dir / "oracle").string()},
             dir);
  ASSERT_EQ(oracle.exit_code, 0) << oracle.err;
  EXPECT_EQ(slurp(dir / "oracle" / "expected.f32.npy"), slurp(dumped / "expected.f32.npy"));
  const Invocation run_op =
      hwcert({"run-op", "--plugin", HWCERT_FIXTURE_GOOD, "--op", "sqrt", "--inputs",
              (dumped / "input0.f32.npy").string(), "--out-dir", (dir / "out").string()},
             dir);
  ASSERT_EQ(run_op.exit_code, 0) << run_op.err;
  EXPECT_EQ(slurp(dir / "out" / "output0.f32.npy"), slurp(dumped / "actual.f32.npy"));
  // A malformed .npy is a usage error with a clear message.
  std::ofstream(dir / "bad.npy") << "not an npy file";
  const Invocation bad =
      hwcert({"oracle", "--op", "sqrt", "--inputs", (dir / "bad.npy").string()}, dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("malformed .npy file"), std::string::npos) << bad.err;
}

// A cast has no output shape to infer, only a target dtype: --out-dtype names it, in both the
// oracle and the plugin (the test plugin casts f32 to bf16 only), and the two agree bit for
// bit (a cast is exact).
TEST(ConformanceCli, CastFromNpyTakesItsTargetDtypeFromOutDtype) {
  const fs::path dir = fresh_dir("cast_npy");
  ASSERT_EQ(dumped_sqrt_case(dir, "[3,5]", "special", "9", "c").exit_code, 0);
  const std::string input = (dir / "dump" / "c" / "input0.f32.npy").string();
  const Invocation oracle = hwcert({"oracle", "--op", "cast", "--inputs", input, "--out-dtype",
                                    "bf16", "--out-dir", (dir / "oracle").string()},
                                   dir);
  ASSERT_EQ(oracle.exit_code, 0) << oracle.err;
  const Invocation run_op =
      hwcert({"run-op", "--plugin", HWCERT_FIXTURE_GOOD, "--op", "cast", "--inputs", input,
              "--out-dtype", "bf16", "--out-dir", (dir / "out").string()},
             dir);
  ASSERT_EQ(run_op.exit_code, 0) << run_op.err;
  ASSERT_TRUE(fs::exists(dir / "oracle" / "expected.bf16.npy"));
  EXPECT_EQ(slurp(dir / "out" / "output0.bf16.npy"), slurp(dir / "oracle" / "expected.bf16.npy"));
  const Invocation no_dtype =
      hwcert({"oracle", "--op", "cast", "--inputs", input, "--out-dir", (dir / "x").string()}, dir);
  EXPECT_EQ(no_dtype.exit_code, 2);
  EXPECT_NE(no_dtype.err.find("target dtype"), std::string::npos) << no_dtype.err;
}

TEST(ConformanceCli, MissingPluginExitsThree) {
  const fs::path dir = fresh_dir("missing");
  const Invocation run = hwcert({"conformance", "--plugin", (dir / "libnope.so").string(),
                                 "--suite", HWCERT_FIXTURE_SUITE, "--out", (dir / "out").string()},
                                dir);
  EXPECT_EQ(run.exit_code, 3) << run.err;
}

TEST(ConformanceCli, ReferencePluginPassesSmoke) {
  if (std::string(HWCERT_REFERENCE_PLUGIN).empty()) GTEST_SKIP() << "reference plugin not built";
  const fs::path dir = fresh_dir("reference_smoke");
  const Invocation run = hwcert({"conformance", "--plugin", HWCERT_REFERENCE_PLUGIN, "--suite",
                                 "smoke", "--out", (dir / "out").string()},
                                dir);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto doc = results_of(dir / "out");
  EXPECT_EQ(doc["plugin"]["name"], "reference");
  EXPECT_GT(doc["results"].size(), 10u);
  // Well-formed get_info values and no memory growth: no warning at all, and none printed.
  EXPECT_EQ(doc["warnings"], nlohmann::json::array()) << doc["warnings"].dump(2);
  EXPECT_EQ(run.err.find("warning"), std::string::npos) << run.err;
  for (const auto& result : doc["results"]) {
    EXPECT_TRUE(result.contains("memory")) << result.dump();  // every case was measured
  }
  EXPECT_EQ(
      doc["summary"]["pass"].get<std::size_t>() + doc["summary"]["unsupported"].get<std::size_t>(),
      doc["results"].size());
  const std::string xml = slurp(dir / "out" / "junit.xml");
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  std::size_t testcases = 0;
  for (std::size_t at = xml.find("<testcase "); at != std::string::npos;
       at = xml.find("<testcase ", at + 1))
    ++testcases;
  EXPECT_EQ(testcases, doc["results"].size());
}

}  // namespace
