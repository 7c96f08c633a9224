#include "hwcert/bundle/keys.hpp"

#include <fmt/format.h>
#include <openssl/pem.h>

#include <array>

#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "hwcert/support/atomic_file.hpp"
#include "key_io.hpp"
#include "openssl_handles.hpp"

namespace hwcert::bundle {
namespace {

using detail::Bio;
using detail::openssl_error;
using detail::Pkey;

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

namespace detail {

std::string raw_public_key_fingerprint(EVP_PKEY* key) {
  std::array<unsigned char, 32> raw{};
  size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &size) != 1 || size != raw.size()) {
    throw BundleError("cannot extract the raw Ed25519 public key: " + openssl_error());
  }
  return sha256_hex(std::string_view(reinterpret_cast<const char*>(raw.data()), size));
}

Pkey read_public_key(const std::filesystem::path& pem) {
  std::string text = support::read_file(pem);
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    throw BundleError(fmt::format("{} is not a PEM public key: {}", pem.string(), openssl_error()));
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    throw BundleError(fmt::format("{} is not an Ed25519 public key", pem.string()));
  }
  return key;
}

Pkey read_private_key(const std::filesystem::path& pem) {
  std::string text = support::read_file(pem);
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  OPENSSL_cleanse(text.data(), text.size());
  if (!key) {
    throw BundleError(
        fmt::format("{} is not a PEM private key: {}", pem.string(), openssl_error()));
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    throw BundleError(fmt::format("{} is not an Ed25519 private key", pem.string()));
  }
  return key;
}

}  // namespace detail

KeyPairFiles generate_keypair(const std::filesystem::path& dir, bool overwrite) {
  KeyPairFiles files{dir / kPrivateKeyFile, dir / kPublicKeyFile, ""};
  std::error_code ec;
  if (!overwrite) {
    for (const auto& path : {files.private_key, files.public_key}) {
      if (std::filesystem::exists(path, ec)) {
        throw BundleError(
            fmt::format("{} exists; refusing to replace a signing key", path.string()));
      }
    }
  }
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) throw BundleError("OpenSSL could not generate an Ed25519 key: " + openssl_error());

  Bio priv(BIO_new(BIO_s_mem()));
  Bio pub(BIO_new(BIO_s_mem()));
  if (!priv || !pub ||
      PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) {
    throw BundleError("OpenSSL could not encode the key pair: " + openssl_error());
  }
  std::string private_pem = bio_contents(priv.get());
  support::write_file_atomic(files.private_key, private_pem, 0600);
  OPENSSL_cleanse(private_pem.data(), private_pem.size());
  support::write_file_atomic(files.public_key, bio_contents(pub.get()), 0644);
  files.fingerprint = detail::raw_public_key_fingerprint(key.get());
  return files;
}

std::string public_key_fingerprint(const std::filesystem::path& public_key_pem) {
  Pkey key = detail::read_public_key(public_key_pem);
  return detail::raw_public_key_fingerprint(key.get());
}

}  // namespace hwcert::bundle
