// The mutation harness driver (README.md beside this file): runs a suite on the mutants build
// of the reference plugin once per variant of mutants.def (and once with none), each run a
// `hwcert conformance` child, `--jobs` at a time, and prints
//   caught X of Y, benign passing A of B
// Exit 0 only when every variant expected to be caught is, every benign variant and the run
// without a variant pass, and no variant listed as an expected escape is caught (the list is
// kept true); 1 otherwise, 2 on bad usage.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "hwcert/support/child_process.hpp"

namespace {

namespace fs = std::filesystem;

enum class Expectation {
  kCaught,
  kBenign,
  kNeedsRangeCases,
  kWaitingOnTolerances,
  kNeedsSuiteFeature
};

struct Variant {
  std::string name;  // empty: the run without a variant (the control)
  Expectation expectation;
  std::string what;
};

const std::vector<Variant>& table() {
  static const std::vector<Variant> variants = {
#define HWCERT_MUTANT(enumerator, name, expectation, what) {name, Expectation::expectation, what},
#include "mutants.def"
#undef HWCERT_MUTANT
  };
  return variants;
}

struct Options {
  std::string hwcert, plugin, suite = "core";
  fs::path work;
  int jobs = 2;
  std::set<std::string> only;  // empty: every variant
};

// How one run ended: case counts per status and the first case that did not pass.
struct Outcome {
  std::map<std::string, int> statuses;
  std::string first_bad;  // "<status> <case id>: <message>"
  std::string error;      // the run gave no results
  int not_passing() const {
    int n = 0;
    for (const auto& [status, count] : statuses) n += status == "pass" ? 0 : count;
    return n;
  }
};

Outcome read_results(const fs::path& out, const hwcert::support::ChildExit& exit) {
  Outcome o;
  std::ifstream in(out / "results.json");
  if (!in) {
    o.error = "no results.json (hwcert " + exit.describe() + ")";
    return o;
  }
  const nlohmann::json results = nlohmann::json::parse(in)["results"];
  for (const nlohmann::json& r : results) {
    const std::string status = r["status"];
    ++o.statuses[status];
    if (status != "pass" && o.first_bad.empty()) {
      o.first_bad = status + " " + r["case_id"].get<std::string>() + ": " +
                    r["message"].get<std::string>().substr(0, 140);
    }
  }
  return o;
}

Outcome run_variant(const Options& opt, const Variant& v) {
  const fs::path dir = opt.work / (v.name.empty() ? "none" : v.name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  hwcert::support::ChildOptions child;
  child.stdout_target = hwcert::support::OutputTarget::replace(dir / "hwcert.log");
  child.stderr_target = hwcert::support::OutputTarget::same_as_stdout();
  child.die_with_parent = true;
  // One pool thread per run: the runs themselves go in parallel.
  child.set_environment = {{"HWCERT_REFERENCE_MUTANT", v.name}, {"HWCERT_REFERENCE_THREADS", "1"}};
  auto process = hwcert::support::ChildProcess::run_program(
      {opt.hwcert, "conformance", "--plugin", opt.plugin, "--suite", opt.suite, "--out",
       (dir / "out").string()},
      child);
  return read_results(dir / "out", process.wait());
}

std::string counts_text(const Outcome& o) {
  if (!o.error.empty()) return o.error;
  std::ostringstream text;
  for (const auto& [status, count] : o.statuses) text << status << " " << count << "  ";
  return text.str();
}

const char* expectation_text(Expectation e) {
  switch (e) {
    case Expectation::kNeedsRangeCases:
      return "needs range cases";
    case Expectation::kWaitingOnTolerances:
      return "waiting on tolerances";
    case Expectation::kNeedsSuiteFeature:
      return "needs a suite feature";
    default:
      return "";
  }
}

// Prints one line per variant; returns false when the harness fails.
bool report(const std::vector<Variant>& variants, const std::vector<Outcome>& outcomes) {
  int planted = 0, caught = 0, benign = 0, benign_ok = 0;
  bool ok = true;
  std::vector<std::string> expected_escapes;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    const Outcome& o = outcomes[i];
    const bool passes = o.error.empty() && o.not_passing() == 0;
    std::string verdict;
    if (v.name.empty() || v.expectation == Expectation::kBenign) {
      verdict = passes ? "passes" : "FAILS (must pass)";
      if (!v.name.empty()) {
        ++benign;
        benign_ok += passes ? 1 : 0;
      }
      ok = ok && passes;
    } else {
      ++planted;
      caught += passes ? 0 : 1;
      const bool expected_escape = v.expectation != Expectation::kCaught;
      if (expected_escape) {
        expected_escapes.push_back(v.name + " (" + expectation_text(v.expectation) +
                                   (passes ? "" : "; NOW CAUGHT: mark it kCaught") +
                                   "): " + v.what);
      }
      verdict = passes ? (expected_escape ? "escapes (expected)" : "ESCAPES") : "caught";
      ok = ok && passes == expected_escape;
    }
    std::printf("%-20s %-32s %s\n", verdict.c_str(),
                v.name.empty() ? "(no variant)" : v.name.c_str(), counts_text(o).c_str());
    if (!o.first_bad.empty() && !v.name.empty()) std::printf("%53s %s\n", "", o.first_bad.c_str());
  }
  for (const std::string& e : expected_escapes) std::printf("expected escape: %s\n", e.c_str());
  std::printf("caught %d of %d, benign passing %d of %d\n", caught, planted, benign_ok, benign);
  return ok;
}

bool parse(int argc, char** argv, Options& opt) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--jobs" && i + 1 < argc) {
      opt.jobs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--suite" && i + 1 < argc) {
      opt.suite = argv[++i];
    } else if (arg == "--only" && i + 1 < argc) {
      std::stringstream names(argv[++i]);
      for (std::string name; std::getline(names, name, ',');) opt.only.insert(name);
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 3) return false;
  opt.hwcert = positional[0];
  opt.plugin = positional[1];
  opt.work = positional[2];
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse(argc, argv, opt)) {
    std::fprintf(stderr,
                 "usage: %s HWCERT MUTANTS_PLUGIN WORK_DIR [--jobs N] [--suite S] "
                 "[--only name,name]\n",
                 argv[0]);
    return 2;
  }
  std::vector<Variant> variants = {{"", Expectation::kBenign, "the mutants build, no variant"}};
  for (const Variant& v : table()) {
    if (opt.only.empty() || opt.only.count(v.name) != 0) variants.push_back(v);
  }
  std::vector<Outcome> outcomes(variants.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int j = 0; j < opt.jobs; ++j) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < variants.size(); i = next++)
        outcomes[i] = run_variant(opt, variants[i]);
    });
  }
  for (std::thread& w : workers) w.join();
  std::printf("mutation harness: suite %s on %s\n", opt.suite.c_str(), opt.plugin.c_str());
  return report(variants, outcomes) ? 0 : 1;
}
