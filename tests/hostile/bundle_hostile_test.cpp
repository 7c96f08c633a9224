// Hostile bundle directories: links and special files are refused by name, and the verifier
// reports them instead of following them.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/keys.hpp"
#include "hwcert/bundle/manifest.hpp"
#include "hwcert/bundle/sign_verify.hpp"

namespace hwcert::bundle {
namespace {

namespace fs = std::filesystem;

class HostileBundle : public testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(HOSTILE_WORK_DIR) / "bundle" /
            testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "bundle");
    std::ofstream(root_ / "bundle" / "results.json") << "{}\n";
    keys_ = generate_keypair(root_ / "keys");
    sign_bundle(root_ / "bundle", keys_.private_key);
  }
  fs::path bundle() const { return root_ / "bundle"; }
  fs::path root_;
  KeyPairFiles keys_;
};

// The finding names the link inside the bundle, not the file it points at.
TEST_F(HostileBundle, SymlinkToAFileOutsideIsNamedByItsOwnName) {
  fs::create_symlink("/etc/hostname", bundle() / "link.json");
  const VerifyReport report = verify_bundle(bundle(), keys_.public_key);
  EXPECT_FALSE(report.intact());
  const std::string text = report.describe();
  EXPECT_NE(text.find("link.json"), std::string::npos) << text;
  EXPECT_EQ(text.find("etc/hostname"), std::string::npos) << text;
}

TEST_F(HostileBundle, SymlinkToItsOwnDirectoryIsRefusedNotFollowed) {
  fs::create_directory_symlink(".", bundle() / "loop");
  const VerifyReport report = verify_bundle(bundle(), keys_.public_key);
  EXPECT_FALSE(report.intact());
  EXPECT_NE(report.describe().find("loop"), std::string::npos) << report.describe();
}

TEST_F(HostileBundle, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((bundle() / "fifo").c_str(), 0600), 0);
  const VerifyReport report = verify_bundle(bundle(), keys_.public_key);
  EXPECT_FALSE(report.intact());
  EXPECT_NE(report.describe().find("fifo"), std::string::npos) << report.describe();
}

TEST_F(HostileBundle, ManifestNamingAPathOutsideIsRefused) {
  std::ofstream(bundle() / "manifest.sha256", std::ios::trunc)
      << std::string(64, '0') << "  ../../outside.json\n";
  const VerifyReport report = verify_bundle(bundle(), keys_.public_key);
  EXPECT_FALSE(report.intact());
  EXPECT_FALSE(report.manifest_ok);
}

}  // namespace
}  // namespace hwcert::bundle
