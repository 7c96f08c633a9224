// The certified list's chain: append, check, and what a changed log looks like.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hwcert/registry/registry.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "hwcert/support/temp_dir.hpp"

namespace hwcert::registry {
namespace {

results::CertifiedEntry sample_entry(char hash_digit) {
  return {"Sample GPU",  "sample-plugin", "1.2.3", "a100", {"core"}, "2026-12-07T10:00:00Z",
          std::string(64, hash_digit), "/bundles/" + std::string(1, hash_digit)};
}

// A log of three entries, as lines with their newlines.
std::vector<std::string> three_lines() {
  std::vector<std::string> lines;
  std::string previous(kGenesisHash);
  for (char digit : {'a', 'b', 'c'}) {
    const ListedEntry listed =
        chain_entry(sample_entry(digit), static_cast<int64_t>(lines.size()) + 1, previous);
    previous = listed.entry_hash;
    lines.push_back(format_line(listed));
  }
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line;
  return text;
}

std::string first_problem(const RegistryCheck& check) {
  return check.problems.empty() ? "(none)" : check.problems.front().to_string();
}

TEST(Registry, AppendedEntriesChainAndCheck) {
  support::TempDir dir("registry");
  const auto log = dir.path() / "sub" / "list.jsonl";
  const AppendResult first = append_entry(log, sample_entry('a'));
  ASSERT_EQ(first.outcome, AppendOutcome::kAppended);
  EXPECT_EQ(first.entry.previous_hash, kGenesisHash);
  EXPECT_EQ(first.entry.seq, 1);
  const AppendResult second = append_entry(log, sample_entry('b'));
  ASSERT_EQ(second.outcome, AppendOutcome::kAppended);
  EXPECT_EQ(second.entry.previous_hash, first.entry.entry_hash);
  EXPECT_EQ(second.entry.seq, 2);

  const RegistryCheck check = check_registry(log);
  EXPECT_TRUE(check.intact()) << first_problem(check);
  ASSERT_EQ(check.entries.size(), 2u);
  EXPECT_EQ(check.entries[1].entry.device, "Sample GPU");
  EXPECT_EQ(check.entries[1].entry.levels, std::vector<std::string>{"core"});
  EXPECT_EQ(check.entries[1].entry_hash, second.entry.entry_hash);
  EXPECT_EQ(check.entries[1].line, 2u);
  EXPECT_EQ(support::read_file(log), joined({format_line(first.entry), format_line(second.entry)}));
}

TEST(Registry, TheSameBundleTwiceIsRefusedAndNothingIsWritten) {
  support::TempDir dir("registry");
  const auto log = dir.path() / "list.jsonl";
  ASSERT_EQ(append_entry(log, sample_entry('a')).outcome, AppendOutcome::kAppended);
  const std::string before = support::read_file(log);
  const AppendResult again = append_entry(log, sample_entry('a'));
  EXPECT_EQ(again.outcome, AppendOutcome::kAlreadyListed);
  EXPECT_EQ(again.entry.line, 1u);
  EXPECT_EQ(support::read_file(log), before);
}

TEST(Registry, ADuplicateBundleInTheLogIsNamed) {
  std::vector<std::string> lines = three_lines();
  const ListedEntry third = chain_entry(sample_entry('a'), 4, [&] {
    return check_registry_text(joined(lines), "L").entries.back().entry_hash;
  }());
  lines.push_back(format_line(third));
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_EQ(check.problems[0].where.line, 4u);
  EXPECT_NE(check.problems[0].message.find("listed on line 1"), std::string::npos);
}

TEST(Registry, AChangedByteBreaksThatEntrysHash) {
  std::vector<std::string> lines = three_lines();
  const size_t at = lines[1].find("Sample GPU");
  lines[1][at] = 'X';  // "Xample GPU"
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_EQ(check.problems.size(), 1u) << first_problem(check);
  const support::Diagnostic& p = check.problems[0];
  EXPECT_EQ(p.where.file, "list.jsonl");
  EXPECT_EQ(p.where.line, 2u);
  EXPECT_EQ(p.where.column, lines[1].find("\"entry_hash\":") + 14);
  EXPECT_NE(p.message.find("expected entry_hash"), std::string::npos) << p.message;
}

TEST(Registry, ARewrittenHashBreaksTheNextLink) {
  // Whoever changes an entry and recomputes its hash breaks the next line's previous_hash.
  std::vector<std::string> lines = three_lines();
  ListedEntry forged = chain_entry(sample_entry('d'), 2, check_registry_text(lines[0], "L")
                                                             .entries.front()
                                                             .entry_hash);
  lines[1] = format_line(forged);
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_EQ(check.problems.size(), 1u) << first_problem(check);
  EXPECT_EQ(check.problems[0].where.line, 3u);
  EXPECT_NE(check.problems[0].message.find("expected previous_hash"), std::string::npos);
}

TEST(Registry, ReorderedLinesBreakTheChain) {
  std::vector<std::string> lines = three_lines();
  std::swap(lines[1], lines[2]);
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_FALSE(check.intact());
  EXPECT_EQ(check.problems.front().where.line, 2u);
  EXPECT_NE(check.problems.front().message.find("expected seq 2, found 3"), std::string::npos);
}

TEST(Registry, ARemovedLineBreaksTheChain) {
  std::vector<std::string> lines = three_lines();
  lines.erase(lines.begin());
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_FALSE(check.intact());
  EXPECT_EQ(check.problems.front().to_string().rfind("list.jsonl:1:", 0), 0u)
      << check.problems.front().to_string();
}

TEST(Registry, ATruncatedLastLineIsReportedWhereItEnds) {
  std::vector<std::string> lines = three_lines();
  lines[2].resize(40);  // cut inside the object, no newline
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_FALSE(check.intact());
  EXPECT_EQ(check.entries.size(), 2u);
  const support::Diagnostic& p = check.problems.front();
  EXPECT_EQ(p.where.line, 3u);
  EXPECT_EQ(p.where.column, 41u) << p.to_string();
}

TEST(Registry, AMissingFinalNewlineIsReported) {
  std::string text = joined(three_lines());
  text.pop_back();
  const RegistryCheck check = check_registry_text(text, "list.jsonl");
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_NE(check.problems[0].message.find("truncated"), std::string::npos);
}

TEST(Registry, MemberTypesAndExtraMembersAreChecked) {
  std::vector<std::string> lines = three_lines();
  const size_t seq = lines[0].find("\"seq\":1");
  lines[0].replace(seq, 7, "\"seq\":\"1\"");
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_FALSE(check.intact());
  EXPECT_EQ(check.problems[0].where.column, seq + 7);
  EXPECT_NE(check.problems[0].message.find("\"seq\" (an integer)"), std::string::npos);

  const RegistryCheck spaced = check_registry_text("{\"seq\": 1}\n", "list.jsonl");
  ASSERT_FALSE(spaced.intact());
  EXPECT_NE(first_problem(spaced).find("expected a member \"bundle_path\""), std::string::npos);
}

TEST(Registry, BrokenJsonGivesLineAndColumn) {
  std::vector<std::string> lines = three_lines();
  lines[1] = "{\"seq\":2,,}\n";
  const RegistryCheck check = check_registry_text(joined(lines), "list.jsonl");
  ASSERT_FALSE(check.intact());
  EXPECT_EQ(check.problems[0].where.line, 2u);
  EXPECT_EQ(check.problems[0].where.column, 10u) << first_problem(check);
}

TEST(Registry, AppendingToABrokenLogIsRefused) {
  support::TempDir dir("registry");
  const auto log = dir.path() / "list.jsonl";
  std::vector<std::string> lines = three_lines();
  std::swap(lines[0], lines[1]);
  support::write_file_atomic(log, joined(lines));
  const AppendResult result = append_entry(log, sample_entry('d'));
  EXPECT_EQ(result.outcome, AppendOutcome::kLogBroken);
  EXPECT_FALSE(result.problems.empty());
  EXPECT_EQ(support::read_file(log), joined(lines));
}

TEST(Registry, OnlyCertifiedBundlesHaveAnEntry) {
  results::BundleResults bundle;
  bundle.system.device.name = "Dev";
  bundle.system.plugin = {"plug", "2.0", "", "", "", ""};
  EXPECT_THROW(certified_entry(bundle, std::string(64, 'a'), "/b"), support::Error);
  results::BundleSummary summary;
  summary.target = "cpu";
  summary.date = "2026-12-07T09:00:00Z";
  summary.levels = {{"core", "certified", {}, {}, {}, {}},
                    {"full", "not_certified", {}, {}, {}, {}}};
  bundle.summary = summary;
  const results::CertifiedEntry entry = certified_entry(bundle, std::string(64, 'a'), "/b");
  EXPECT_EQ(entry.levels, std::vector<std::string>{"core"});
  EXPECT_EQ(entry.target, "cpu");
  EXPECT_EQ(entry.plugin_version, "2.0");
  EXPECT_EQ(entry.date, "2026-12-07T09:00:00Z");
  bundle.summary->levels[0].status = "not_certified";
  EXPECT_THROW(certified_entry(bundle, std::string(64, 'a'), "/b"), support::Error);
}

}  // namespace
}  // namespace hwcert::registry
