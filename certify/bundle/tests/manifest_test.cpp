#include <gtest/gtest.h>

#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/manifest.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "temp_dir.hpp"

namespace hwcert::bundle {
namespace {

using testing::TempDir;
using testing::write_text;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Manifest, ListsEveryFileSortedInSha256sumFormat) {
  TempDir dir;
  write_text(dir.path() / "system.json", "{}");
  write_text(dir.path() / "logs" / "worker-0.log", "abc");
  write_text(dir.path() / "a.txt", "");
  write_text(dir.path() / kManifestFile, "ignored");
  Manifest m = build_manifest(dir.path());
  ASSERT_EQ(m.entries.size(), 3u);
  EXPECT_EQ(m.entries[0].path, "a.txt");
  EXPECT_EQ(m.entries[1].path, "logs/worker-0.log");
  EXPECT_EQ(m.entries[2].path, "system.json");
  EXPECT_EQ(m.entries[1].sha256, sha256_hex("abc"));
  std::string text = format_manifest(m);
  EXPECT_EQ(text.substr(0, 66), sha256_hex("") + "  ");
  EXPECT_EQ(parse_manifest(text).entries, m.entries);
}

TEST(Manifest, RefusesSymbolicLinks) {
  TempDir dir;
  write_text(dir.path() / "real", "x");
  std::filesystem::create_symlink(dir.path() / "real", dir.path() / "link");
  EXPECT_THROW(build_manifest(dir.path()), BundleError);
}

TEST(Manifest, ParserRejectsMalformedUnsafeAndUnsortedLines) {
  const std::string h(64, 'a');
  EXPECT_THROW(parse_manifest(h + "  ../escape\n"), BundleError);
  EXPECT_THROW(parse_manifest(h + "  /abs\n"), BundleError);
  EXPECT_THROW(parse_manifest(h + " one-space\n"), BundleError);
  EXPECT_THROW(parse_manifest(std::string(64, 'A') + "  upper\n"), BundleError);
  EXPECT_THROW(parse_manifest(h + "  b\n" + h + "  a\n"), BundleError);
  EXPECT_THROW(parse_manifest(h + "  a\n" + h + "  a\n"), BundleError);
  EXPECT_THROW(parse_manifest(h + "  no-newline"), BundleError);
  EXPECT_EQ(parse_manifest("").entries.size(), 0u);
}

}  // namespace
}  // namespace hwcert::bundle
