#include <gtest/gtest.h>

#include <cstdlib>

#include "hwcert/bundle/archive.hpp"
#include "hwcert/bundle/keys.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "temp_dir.hpp"

namespace hwcert::bundle {
namespace {

using testing::TempDir;
using testing::write_text;

TEST(Archive, ExtractedArchiveStillVerifies) {
  TempDir dir;
  KeyPairFiles k = generate_keypair(dir.path() / "keys");
  const auto bundle = dir.path() / "run-1";
  write_text(bundle / "system.json", "{}");
  write_text(bundle / "logs" / "a.log", "log");
  sign_bundle(bundle, k.private_key);
  const auto archive = dir.path() / "run-1.tar.gz";
  write_archive(bundle.string() + "/", archive);
  ASSERT_TRUE(std::filesystem::exists(archive));

  const auto out = dir.path() / "extracted";
  std::filesystem::create_directories(out);
  const std::string command = "tar -xzf '" + archive.string() + "' -C '" + out.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_TRUE(verify_bundle(out / "run-1", k.public_key).intact());
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace hwcert::bundle
