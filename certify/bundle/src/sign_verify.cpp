#include "hwcert/bundle/sign_verify.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <optional>
#include <variant>

#include "base64.hpp"
#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/manifest.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "key_io.hpp"
#include "openssl_handles.hpp"

namespace hwcert::bundle {
namespace {

using detail::MdCtx;
using detail::openssl_error;

constexpr std::string_view kSignatureHeader = "hwcert-signature-v1";
constexpr size_t kEd25519SignatureBytes = 64;

// The signature file: a header line and "key: value" lines, in this order.
struct SignatureFile {
  std::string key_sha256;       // fingerprint of the signing key
  std::string manifest_sha256;  // SHA-256 of the signed manifest (diagnostics only)
  std::string signature;        // raw bytes
};

std::string format_signature(const SignatureFile& s) {
  return fmt::format("{}\nalgorithm: ed25519\nkey-sha256: {}\nmanifest-sha256: {}\nsignature: {}\n",
                     kSignatureHeader, s.key_sha256, s.manifest_sha256,
                     detail::base64_encode(s.signature));
}

// Returns the parsed file or an explanation of what is wrong with it.
std::variant<SignatureFile, std::string> parse_signature(std::string_view text) {
  const std::vector<std::string_view> keys = {
      "", "algorithm: ", "key-sha256: ", "manifest-sha256: ", "signature: "};
  std::vector<std::string_view> values;
  for (size_t i = 0; i < keys.size(); ++i) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (i == 0) {
      if (line != kSignatureHeader)
        return std::string("it does not start with ") + std::string(kSignatureHeader);
    } else {
      if (line.substr(0, keys[i].size()) != keys[i]) {
        if (text.empty())
          return fmt::format("it ends before '{}' (truncated)",
                             keys[i].substr(0, keys[i].size() - 2));
        return fmt::format("line {} should start with '{}'", i + 1, keys[i]);
      }
      values.push_back(line.substr(keys[i].size()));
    }
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  if (!text.empty()) return std::string("it has text after the signature line");
  if (values[0] != "ed25519") return fmt::format("algorithm '{}' is not ed25519", values[0]);
  auto raw = detail::base64_decode(values[3]);
  if (!raw) return std::string("the signature is not base64");
  if (raw->size() < kEd25519SignatureBytes) {
    return fmt::format("the signature is truncated ({} of {} bytes)", raw->size(),
                       kEd25519SignatureBytes);
  }
  if (raw->size() > kEd25519SignatureBytes) {
    return fmt::format("the signature is {} bytes long, not {}", raw->size(),
                       kEd25519SignatureBytes);
  }
  return SignatureFile{std::string(values[1]), std::string(values[2]), std::move(*raw)};
}

void refuse_exposed_private_key(const std::filesystem::path& key) {
  struct stat st {};
  if (::stat(key.c_str(), &st) != 0) {
    throw BundleError(fmt::format("cannot read the private key {}", key.string()));
  }
  if ((st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
    throw BundleError(fmt::format(
        "refusing to sign: the private key {} is accessible to group or others (mode {:04o}); "
        "run chmod 600 on it",
        key.string(), st.st_mode & 07777));
  }
}

std::string ed25519_sign(EVP_PKEY* key, std::string_view message) {
  MdCtx ctx(EVP_MD_CTX_new());
  std::string signature(kEd25519SignatureBytes, '\0');
  size_t size = signature.size();
  // Ed25519 hashes internally: the digest argument is NULL (one-shot EVP_DigestSign).
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      size != kEd25519SignatureBytes) {
    throw BundleError("OpenSSL could not sign the manifest: " + openssl_error());
  }
  return signature;
}

bool ed25519_verify(EVP_PKEY* key, std::string_view message, std::string_view signature) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
    throw BundleError("OpenSSL could not start verification: " + openssl_error());
  }
  int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size());
  openssl_error();  // a failed verification leaves an error queued; drop it
  return rc == 1;
}

std::optional<std::string> read_if_present(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return support::read_file(path);
}

void compare_files(const std::filesystem::path& dir, const Manifest& manifest, VerifyReport& r) {
  std::vector<std::string> present;
  try {
    present = list_bundle_files(dir);
  } catch (const BundleError& e) {
    r.problems.push_back(e.what());
    return;
  }
  std::map<std::string, std::string> expected;
  for (const auto& e : manifest.entries) expected.emplace(e.path, e.sha256);
  for (const std::string& rel : present) {
    auto it = expected.find(rel);
    if (it == expected.end()) {
      r.added.push_back(rel);
      continue;
    }
    if (sha256_hex_file(dir / rel) != it->second) r.changed.push_back(rel);
    expected.erase(it);
  }
  for (const auto& [rel, hash] : expected) r.removed.push_back(rel);
}

}  // namespace

void sign_bundle(const std::filesystem::path& bundle_dir,
                 const std::filesystem::path& private_key_pem) {
  refuse_exposed_private_key(private_key_pem);
  detail::Pkey key = detail::read_private_key(private_key_pem);
  const std::string manifest = format_manifest(build_manifest(bundle_dir));
  SignatureFile sig{detail::raw_public_key_fingerprint(key.get()), sha256_hex(manifest),
                    ed25519_sign(key.get(), manifest)};
  support::write_file_atomic(bundle_dir / kManifestFile, manifest, 0644);
  support::write_file_atomic(bundle_dir / kSignatureFile, format_signature(sig), 0644);
}

VerifyReport verify_bundle(const std::filesystem::path& bundle_dir,
                           const std::filesystem::path& public_key_pem) {
  detail::Pkey key = detail::read_public_key(public_key_pem);
  std::error_code ec;
  if (!std::filesystem::is_directory(bundle_dir, ec)) {
    throw BundleError(fmt::format("{} is not a bundle directory", bundle_dir.string()));
  }
  VerifyReport r;
  std::optional<std::string> manifest_text = read_if_present(bundle_dir / kManifestFile);
  Manifest manifest;
  if (!manifest_text) {
    r.problems.push_back(fmt::format("{} is missing (the bundle was never signed)", kManifestFile));
  } else {
    try {
      manifest = parse_manifest(*manifest_text);
      r.manifest_ok = true;
    } catch (const BundleError& e) {
      r.problems.push_back(e.what());
    }
  }

  std::optional<std::string> sig_text = read_if_present(bundle_dir / kSignatureFile);
  if (!sig_text) {
    r.problems.push_back(fmt::format("{} is missing", kSignatureFile));
  } else if (manifest_text) {
    auto parsed = parse_signature(*sig_text);
    if (auto* why = std::get_if<std::string>(&parsed)) {
      r.problems.push_back(
          fmt::format("{} is not a valid signature file: {}", kSignatureFile, *why));
    } else {
      const SignatureFile& sig = std::get<SignatureFile>(parsed);
      const std::string given = detail::raw_public_key_fingerprint(key.get());
      r.signature_ok = ed25519_verify(key.get(), *manifest_text, sig.signature);
      if (sig.key_sha256 != given) {
        r.problems.push_back(fmt::format(
            "the bundle was signed by the key with SHA-256 {}, not by the public key given "
            "({}, SHA-256 {})",
            sig.key_sha256, public_key_pem.string(), given));
      } else if (!r.signature_ok) {
        r.problems.push_back(fmt::format(
            "the signature does not match {}: the manifest or the signature was changed",
            kManifestFile));
      }
    }
  }
  if (r.manifest_ok) compare_files(bundle_dir, manifest, r);
  return r;
}

std::string VerifyReport::describe() const {
  if (intact()) return "bundle intact: every file matches the signed manifest\n";
  std::string out;
  for (const auto& p : problems) out += fmt::format("problem: {}\n", p);
  for (const auto& f : changed) out += fmt::format("changed: {}\n", f);
  for (const auto& f : removed) out += fmt::format("removed: {}\n", f);
  for (const auto& f : added) out += fmt::format("added:   {}\n", f);
  return out;
}

}  // namespace hwcert::bundle
