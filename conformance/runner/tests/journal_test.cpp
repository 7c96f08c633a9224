#include "hwcert/runner/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "hwcert/support/atomic_file.hpp"

namespace hwcert::runner {
namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::path(HWCERT_TEST_TMP) / (name + "." + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& path) {
  return support::read_file(path);
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TEST(Crc32, KnownVector) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
}

TEST(Journal, RoundTrip) {
  const auto path = temp_dir("journal_roundtrip") / "j.jsonl";
  auto writer = JournalWriter::create(path, {{"type", "header"}, {"n", 3}});
  ASSERT_TRUE(writer.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(writer->append({{"type", "case"}, {"i", i}}).ok());
  auto journal = read_journal(path);
  ASSERT_TRUE(journal.ok()) << journal.status().to_string();
  EXPECT_EQ(journal->header["n"], 3);
  ASSERT_EQ(journal->records.size(), 3u);
  EXPECT_EQ(journal->records[2]["i"], 2);
  EXPECT_FALSE(journal->dropped_tail);
  EXPECT_EQ(journal->valid_bytes, std::filesystem::file_size(path));
}

TEST(Journal, TruncatedLastRecordIsDroppedAndCutOnResume) {
  const auto path = temp_dir("journal_truncated") / "j.jsonl";
  {
    auto writer = JournalWriter::create(path, {{"type", "header"}});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->append({{"i", 0}}).ok());
    ASSERT_TRUE(writer->append({{"i", 1}, {"message", "a longer record that gets cut"}}).ok());
  }
  const std::string full = slurp(path);
  // Cut the last record in the middle (as a kill during write() would).
  const std::size_t cut = full.size() - 12;
  write(path, full.substr(0, cut));
  auto journal = read_journal(path);
  ASSERT_TRUE(journal.ok()) << journal.status().to_string();
  ASSERT_EQ(journal->records.size(), 1u);
  EXPECT_EQ(journal->records[0]["i"], 0);
  EXPECT_TRUE(journal->dropped_tail);
  EXPECT_LT(journal->valid_bytes, cut);

  auto writer = JournalWriter::resume(path, journal->valid_bytes);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->append({{"i", 2}}).ok());
  auto again = read_journal(path);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->records.size(), 2u);
  EXPECT_EQ(again->records[1]["i"], 2);
  EXPECT_FALSE(again->dropped_tail);
}

TEST(Journal, CompleteLastLineWithBadChecksumIsDropped) {
  const auto path = temp_dir("journal_badsum") / "j.jsonl";
  write(path,
        journal_line({{"type", "header"}}) + journal_line({{"i", 0}}) + "00000000 {\"i\":1}\n");
  auto journal = read_journal(path);
  ASSERT_TRUE(journal.ok());
  EXPECT_EQ(journal->records.size(), 1u);
  EXPECT_TRUE(journal->dropped_tail);
}

TEST(Journal, CorruptMiddleLineIsAnErrorNamingTheLine) {
  const auto path = temp_dir("journal_corrupt") / "j.jsonl";
  std::string line = journal_line({{"i", 0}});
  line[12] = 'X';  // flip a byte of the JSON text: checksum no longer matches
  write(path, journal_line({{"type", "header"}}) + line + journal_line({{"i", 1}}));
  auto journal = read_journal(path);
  ASSERT_FALSE(journal.ok());
  EXPECT_NE(journal.status().message().find("j.jsonl:2"), std::string::npos)
      << journal.status().message();
}

TEST(Journal, MissingHeaderIsAnError) {
  const auto path = temp_dir("journal_empty") / "j.jsonl";
  write(path, "");
  EXPECT_FALSE(read_journal(path).ok());
  write(path, "garbage");
  EXPECT_FALSE(read_journal(path).ok());
}

}  // namespace
}  // namespace hwcert::runner
