// Signing and verifying bundles: any changed byte, added, removed or renamed file is named;
// a wrong key and a damaged signature are refused.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/keys.hpp"
#include "hwcert/bundle/manifest.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "temp_dir.hpp"

namespace hwcert::bundle {
namespace {

using testing::read_text;
using testing::TempDir;
using testing::write_text;

class SignedBundle : public ::testing::Test {
 protected:
  void SetUp() override {
    keys_ = generate_keypair(keys_dir_.path());
    write_text(bundle() / "system.json", R"({"device": "toy"})");
    write_text(bundle() / "conformance.json", R"({"results": []})");
    write_text(bundle() / "perf.json", R"({"results": []})");
    write_text(bundle() / "summary.json", R"({"levels": []})");
    write_text(bundle() / "waivers.json", "[]");
    write_text(bundle() / "logs" / "worker-0.log", "started\nfinished\n");
    sign_bundle(bundle(), keys_.private_key);
  }
  std::filesystem::path bundle() const { return bundle_dir_.path() / "bundle"; }
  VerifyReport verify() const { return verify_bundle(bundle(), keys_.public_key); }

  TempDir keys_dir_;
  TempDir bundle_dir_;
  KeyPairFiles keys_;
};

TEST_F(SignedBundle, FreshBundleVerifies) {
  VerifyReport r = verify();
  EXPECT_TRUE(r.intact()) << r.describe();
  EXPECT_EQ(r.describe().rfind("bundle intact", 0), 0u);
}

TEST_F(SignedBundle, ChangingOneByteOfAnyFileNamesThatFile) {
  for (const std::string& rel : list_bundle_files(bundle())) {
    const auto path = bundle() / rel;
    const std::string original = read_text(path);
    for (size_t at : {size_t{0}, original.size() / 2, original.size() - 1}) {
      std::string altered = original;
      altered[at] = static_cast<char>(altered[at] ^ 0x01);
      write_text(path, altered);
      VerifyReport r = verify();
      EXPECT_FALSE(r.intact()) << rel << " byte " << at;
      EXPECT_EQ(r.changed, std::vector<std::string>{rel}) << r.describe();
      EXPECT_TRUE(r.signature_ok);  // the manifest itself is untouched
      EXPECT_NE(r.describe().find("changed: " + rel), std::string::npos);
    }
    write_text(path, original);
  }
  EXPECT_TRUE(verify().intact());
}

TEST_F(SignedBundle, AddedRemovedAndRenamedFilesAreNamed) {
  write_text(bundle() / "logs" / "extra.log", "x");
  VerifyReport added = verify();
  EXPECT_EQ(added.added, std::vector<std::string>{"logs/extra.log"});
  EXPECT_FALSE(added.intact());
  std::filesystem::remove(bundle() / "logs" / "extra.log");

  std::filesystem::remove(bundle() / "waivers.json");
  VerifyReport removed = verify();
  EXPECT_EQ(removed.removed, std::vector<std::string>{"waivers.json"});
  EXPECT_TRUE(removed.added.empty());
  write_text(bundle() / "waivers.json", "[]");
  EXPECT_TRUE(verify().intact());

  std::filesystem::rename(bundle() / "perf.json", bundle() / "perf2.json");
  VerifyReport renamed = verify();
  EXPECT_EQ(renamed.removed, std::vector<std::string>{"perf.json"});
  EXPECT_EQ(renamed.added, std::vector<std::string>{"perf2.json"});
  EXPECT_TRUE(renamed.changed.empty());
}

TEST_F(SignedBundle, EditedManifestBreaksTheSignature) {
  // Someone changes a result and "fixes" the manifest to match: the signature catches it.
  write_text(bundle() / "summary.json", R"({"levels": ["forged"]})");
  Manifest m = build_manifest(bundle());
  write_text(bundle() / kManifestFile, format_manifest(m));
  VerifyReport r = verify();
  EXPECT_FALSE(r.signature_ok);
  EXPECT_FALSE(r.intact());
  EXPECT_TRUE(r.changed.empty());
  EXPECT_NE(r.describe().find("signature does not match"), std::string::npos) << r.describe();
}

TEST_F(SignedBundle, WrongPublicKeyIsRejected) {
  TempDir other;
  KeyPairFiles stranger = generate_keypair(other.path());
  VerifyReport r = verify_bundle(bundle(), stranger.public_key);
  EXPECT_FALSE(r.signature_ok);
  EXPECT_FALSE(r.intact());
  EXPECT_NE(r.describe().find("signed by the key with SHA-256 " + keys_.fingerprint),
            std::string::npos)
      << r.describe();
}

TEST_F(SignedBundle, SwappedKeyAndResignedBundleDoesNotVerifyAgainstTheOriginalKey) {
  TempDir other;
  KeyPairFiles attacker = generate_keypair(other.path());
  write_text(bundle() / "summary.json", R"({"levels": ["forged"]})");
  sign_bundle(bundle(), attacker.private_key);
  VerifyReport r = verify();  // the certifier's public key
  EXPECT_FALSE(r.intact());
  EXPECT_FALSE(r.signature_ok);
}

TEST_F(SignedBundle, TruncatedSignatureIsRejected) {
  const auto sig_path = bundle() / kSignatureFile;
  const std::string sig = read_text(sig_path);
  // Drop characters from the base64 signature (keeping the final newline).
  write_text(sig_path, sig.substr(0, sig.size() - 12) + "\n");
  VerifyReport r = verify();
  EXPECT_FALSE(r.signature_ok);
  EXPECT_NE(r.describe().find("truncated"), std::string::npos) << r.describe();

  // Cut the file itself short.
  write_text(sig_path, sig.substr(0, sig.size() / 2));
  VerifyReport cut = verify();
  EXPECT_FALSE(cut.signature_ok);
  EXPECT_FALSE(cut.intact());

  std::filesystem::remove(sig_path);
  VerifyReport missing = verify();
  EXPECT_FALSE(missing.intact());
  EXPECT_NE(missing.describe().find("manifest.sig is missing"), std::string::npos);
}

TEST_F(SignedBundle, UnsignedDirectoryIsNotIntact) {
  std::filesystem::remove(bundle() / kManifestFile);
  VerifyReport r = verify();
  EXPECT_FALSE(r.manifest_ok);
  EXPECT_NE(r.describe().find("never signed"), std::string::npos);
}

TEST(Keys, PrivateKeyIsOwnerOnlyAndExistingKeysAreKept) {
  TempDir dir;
  KeyPairFiles k = generate_keypair(dir.path() / "keys");
  struct stat st {};
  ASSERT_EQ(::stat(k.private_key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(k.public_key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_NE(read_text(k.private_key).find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_NE(read_text(k.public_key).find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_EQ(public_key_fingerprint(k.public_key), k.fingerprint);
  EXPECT_EQ(k.fingerprint.size(), 64u);
  EXPECT_THROW(generate_keypair(dir.path() / "keys"), BundleError);
  KeyPairFiles replaced = generate_keypair(dir.path() / "keys", /*overwrite=*/true);
  EXPECT_NE(replaced.fingerprint, k.fingerprint);
}

TEST(Keys, RefusesToSignWithAPrivateKeyOthersCanRead) {
  TempDir dir;
  KeyPairFiles k = generate_keypair(dir.path());
  write_text(dir.path() / "b" / "system.json", "{}");
  ASSERT_EQ(::chmod(k.private_key.c_str(), 0644), 0);
  try {
    sign_bundle(dir.path() / "b", k.private_key);
    FAIL() << "signed with a world-readable key";
  } catch (const BundleError& e) {
    EXPECT_NE(std::string(e.what()).find("mode 0644"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "b" / kManifestFile));
  ASSERT_EQ(::chmod(k.private_key.c_str(), 0640), 0);
  EXPECT_THROW(sign_bundle(dir.path() / "b", k.private_key), BundleError);
  ASSERT_EQ(::chmod(k.private_key.c_str(), 0600), 0);
  sign_bundle(dir.path() / "b", k.private_key);
  EXPECT_TRUE(verify_bundle(dir.path() / "b", k.public_key).intact());
}

TEST(Keys, APublicKeyIsNotAPrivateKey) {
  TempDir dir;
  KeyPairFiles k = generate_keypair(dir.path());
  write_text(dir.path() / "b" / "system.json", "{}");
  ASSERT_EQ(::chmod(k.public_key.c_str(), 0600), 0);
  EXPECT_THROW(sign_bundle(dir.path() / "b", k.public_key), BundleError);
  EXPECT_THROW(verify_bundle(dir.path() / "b", k.private_key), BundleError);
}

}  // namespace
}  // namespace hwcert::bundle
