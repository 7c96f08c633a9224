// Bundle verifier (certify/bundle) on a fuzzed directory of files.
//
// Input: a flags byte, then '\0'-separated fields taken as (file name, contents) pairs. Names
// are reduced to safe relative paths (at most 3 parts). Flag bit 0: sign the directory with
// the target's own key once the files are written, then apply the last pair as tampering
// (so the verifier sees a validly signed bundle changed in one file). Names may be
// "manifest.sha256" and "manifest.sig", so fuzzed manifests and signatures are read too.
// verify_bundle may only throw BundleError for an unreadable key or a missing directory, and
// neither happens here: any exception is a bug.
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/keys.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;

const hwcert::bundle::KeyPairFiles& test_key() {
  static const hwcert::bundle::KeyPairFiles key =
      hwcert::bundle::generate_keypair(hwcert::fuzz::scratch_dir() / "key", true);
  return key;
}

// "a/b/c.json"-style names only; empty when nothing usable is left.
std::string safe_name(std::string_view raw) {
  std::string name;
  std::string part;
  int parts = 0;
  auto flush = [&] {
    if (!part.empty() && part != "." && part != ".." && parts < 3) {
      if (!name.empty()) name += '/';
      name += part;
      ++parts;
    }
    part.clear();
  };
  for (char c : raw.substr(0, 64)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (keep) part += c;
    if (c == '/') flush();
  }
  flush();
  return name;
}

void put(const fs::path& dir, std::string_view raw_name, std::string_view contents) {
  const std::string name = safe_name(raw_name);
  if (name.empty()) return;
  std::error_code error;
  fs::create_directories((dir / name).parent_path(), error);
  if (error || fs::is_directory(dir / name)) return;
  hwcert::fuzz::write_file(dir / name, contents);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool sign = (data[0] & 1) != 0;
  const std::string_view body = hwcert::fuzz::as_text(data + 1, size - 1);
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t end = body.find('\0', start);
    fields.push_back(
        body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::vector<std::pair<std::string_view, std::string_view>> files;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) files.emplace_back(fields[i], fields[i + 1]);

  const auto& key = test_key();
  const fs::path dir = hwcert::fuzz::scratch_dir() / "bundle";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const size_t before_signing = sign && !files.empty() ? files.size() - 1 : files.size();
  for (size_t i = 0; i < before_signing; ++i) put(dir, files[i].first, files[i].second);
  if (sign) {
    try {
      hwcert::bundle::sign_bundle(dir, key.private_key);
    } catch (const hwcert::bundle::BundleError&) {
      // e.g. a name the manifest cannot carry: nothing signed, verify the directory as it is
    }
    if (before_signing < files.size()) put(dir, files.back().first, files.back().second);
  }
  const auto report = hwcert::bundle::verify_bundle(dir, key.public_key);
  (void)report.describe();
  return 0;
}
