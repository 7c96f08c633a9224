// `hwcert keygen --out DIR`: a new Ed25519 signing key pair (private key mode 0600).
// `hwcert sign BUNDLE --key KEY`: (re)writes a bundle's manifest and signature.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "hwcert/bundle/archive.hpp"
#include "hwcert/bundle/keys.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::cli {
namespace {

struct KeygenOptions {
  std::string out;
  bool force = false;
};

int run_keygen(const KeygenOptions& options) {
  try {
    const bundle::KeyPairFiles keys = bundle::generate_keypair(options.out, options.force);
    std::cout << fmt::format(
        "private key: {} (mode 0600; keep it secret)\npublic key:  {}\nfingerprint: "
        "SHA-256 {}\n",
        keys.private_key.string(), keys.public_key.string(), keys.fingerprint);
    return kExitOk;
  } catch (const support::Error& e) {  // a bundle or a file problem
    print_error(e.what());
    return kExitUsage;
  }
}

struct SignOptions {
  std::string bundle;
  std::string key;
  std::string archive;
};

int run_sign(const SignOptions& options) {
  try {
    bundle::sign_bundle(options.bundle, options.key);
    std::cout << fmt::format("signed {}\n", options.bundle);
    if (!options.archive.empty()) {
      bundle::write_archive(options.bundle, options.archive);
      std::cout << fmt::format("wrote {}\n", options.archive);
    }
    return kExitOk;
  } catch (const support::Error& e) {  // a bundle or a file problem
    print_error(e.what());
    return kExitUsage;
  }
}

}  // namespace

void register_keygen(CLI::App& app, Context& context) {
  auto [command, options] = add_command<KeygenOptions>(
      app, context, "keygen", "Create an Ed25519 key pair for signing result bundles", run_keygen);
  command->add_option("-o,--out", options->out, "Directory for hwcert-signing.key and .pub")
      ->required();
  command->add_flag("--force", options->force, "Replace an existing key pair");
}

void register_sign(CLI::App& app, Context& context) {
  auto [command, options] = add_command<SignOptions>(
      app, context, "sign",
      "Write a bundle's manifest (SHA-256 of every file) and its Ed25519 signature", run_sign);
  command->add_option("bundle", options->bundle, "Bundle directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--key", options->key, "Ed25519 private key (PEM, mode 0600)")->required();
  command->add_option("--archive", options->archive, "Also write the signed bundle as .tar.gz");
}

}  // namespace hwcert::cli
