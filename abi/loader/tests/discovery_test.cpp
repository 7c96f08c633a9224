// Manifests, HWCERT_PLUGIN_PATH entries and name resolution.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hwcert/loader/discovery.hpp"

namespace hwcert {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  fs::path dir = fs::path(HWCERT_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

TEST(Manifest, ParsesAndResolvesLibraryRelativeToManifest) {
  fs::path dir = temp_dir("manifest_ok");
  write(dir / "good.toml",
        "name = \"good\"\nlibrary = \"libgood.so\"\nabi_version = \"1.0\"\n"
        "description = \"a test\"\n");
  auto parsed = parse_manifest(dir / "good.toml");
  ASSERT_TRUE(std::holds_alternative<PluginManifest>(parsed));
  const auto& manifest = std::get<PluginManifest>(parsed);
  EXPECT_EQ(manifest.name, "good");
  EXPECT_EQ(manifest.library, fs::absolute(dir / "libgood.so"));
  EXPECT_EQ(manifest.abi_version, "1.0");
}

TEST(Manifest, SyntaxErrorNamesFileLineAndColumn) {
  fs::path dir = temp_dir("manifest_syntax");
  write(dir / "bad.toml", "name = \"x\"\nlibrary = \n");
  auto parsed = parse_manifest(dir / "bad.toml");
  ASSERT_TRUE(std::holds_alternative<LoadError>(parsed));
  const auto& error = std::get<LoadError>(parsed);
  EXPECT_EQ(error.kind, LoadErrorKind::kMalformedManifest);
  EXPECT_NE(error.message.find((dir / "bad.toml").string() + ":2:"), std::string::npos)
      << error.message;
}

TEST(Manifest, WrongTypeNamesKeyAndPosition) {
  fs::path dir = temp_dir("manifest_type");
  write(dir / "bad.toml", "name = \"x\"\nlibrary = \"libx.so\"\nabi_version = 1\n");
  auto parsed = parse_manifest(dir / "bad.toml");
  ASSERT_TRUE(std::holds_alternative<LoadError>(parsed));
  const auto& message = std::get<LoadError>(parsed).message;
  EXPECT_NE(message.find((dir / "bad.toml").string() + ":3:15: 'abi_version' in the manifest must "
                                                       "be a string, not an integer"),
            std::string::npos)
      << message;
}

TEST(Manifest, MissingKeyIsNamed) {
  fs::path dir = temp_dir("manifest_missing");
  write(dir / "bad.toml", "name = \"x\"\nabi_version = \"1.0\"\n");
  auto parsed = parse_manifest(dir / "bad.toml");
  ASSERT_TRUE(std::holds_alternative<LoadError>(parsed));
  EXPECT_NE(std::get<LoadError>(parsed).message.find("the manifest needs the string key 'library'"),
            std::string::npos)
      << std::get<LoadError>(parsed).message;
}

TEST(Manifest, BadAbiVersionFormat) {
  fs::path dir = temp_dir("manifest_version");
  write(dir / "bad.toml", "name = \"x\"\nlibrary = \"l.so\"\nabi_version = \"one\"\n");
  auto parsed = parse_manifest(dir / "bad.toml");
  ASSERT_TRUE(std::holds_alternative<LoadError>(parsed));
  EXPECT_NE(std::get<LoadError>(parsed).message.find("major.minor"), std::string::npos);
}

TEST(Discovery, EnvironmentEntriesComeFirstAndNamesAreUnique) {
  fs::path dir = temp_dir("discovery");
  write(dir / "a.toml", "name = \"alpha\"\nlibrary = \"liba.so\"\nabi_version = \"1.0\"\n");
  write(dir / "broken.toml", "name = ");
  DiscoveryOptions options;
  options.manifest_dirs = {dir};
  options.env_plugin_path = std::string(HWCERT_FIXTURE_DIR) + "/libhwcert_fixture_good.so";
  auto found = discover_plugins(options);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].name, "hwcert_fixture_good");  // lib prefix stripped
  EXPECT_NE(found[0].origin.find("HWCERT_PLUGIN_PATH"), std::string::npos);
  EXPECT_EQ(found[1].name, "alpha");
  EXPECT_EQ(found[2].name, "broken");
  ASSERT_TRUE(found[2].error.has_value());
  EXPECT_EQ(found[2].error->kind, LoadErrorKind::kMalformedManifest);
}

TEST(Discovery, ResolveByNameByPathAndUnknown) {
  fs::path dir = temp_dir("resolve");
  write(dir / "a.toml", "name = \"alpha\"\nlibrary = \"liba.so\"\nabi_version = \"1.0\"\n");
  DiscoveryOptions options;
  options.manifest_dirs = {dir};
  auto by_name = resolve_plugin("alpha", options);
  ASSERT_TRUE(std::holds_alternative<PluginCandidate>(by_name));
  EXPECT_EQ(std::get<PluginCandidate>(by_name).library, fs::absolute(dir / "liba.so"));

  auto by_path = resolve_plugin((dir / "a.toml").string(), options);
  ASSERT_TRUE(std::holds_alternative<PluginCandidate>(by_path));
  EXPECT_EQ(std::get<PluginCandidate>(by_path).name, "alpha");

  auto unknown = resolve_plugin("gamma", options);
  ASSERT_TRUE(std::holds_alternative<LoadError>(unknown));
  const auto& error = std::get<LoadError>(unknown);
  EXPECT_EQ(error.kind, LoadErrorKind::kUnknownPlugin);
  EXPECT_NE(error.message.find("known: alpha"), std::string::npos) << error.message;
}

}  // namespace
}  // namespace hwcert
