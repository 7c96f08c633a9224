// `hwcert verify BUNDLE --pubkey KEY`: exit 0 when every file matches the signed manifest,
// 1 when anything changed (naming each file), 2 on usage or input errors.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::cli {
namespace {

struct VerifyOptions {
  std::string bundle;
  std::string pubkey;
  bool json = false;
};

int run_verify(const VerifyOptions& options) {
  bundle::VerifyReport report;
  try {
    report = bundle::verify_bundle(options.bundle, options.pubkey);
  } catch (const support::Error& e) {  // a bundle or a file problem
    print_error(e.what());
    return kExitUsage;
  }
  if (options.json) {
    nlohmann::json j{{"bundle", options.bundle},
                     {"intact", report.intact()},
                     {"manifest_ok", report.manifest_ok},
                     {"signature_ok", report.signature_ok},
                     {"added", report.added},
                     {"removed", report.removed},
                     {"changed", report.changed},
                     {"problems", report.problems}};
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << fmt::format("{}: {}", options.bundle,
                             report.intact() ? "" : "NOT intact (changed since it was signed)\n");
    std::cout << report.describe();
  }
  return report.intact() ? kExitOk : kExitFailures;
}

}  // namespace

void register_verify(CLI::App& app, Context& context) {
  auto [command, options] = add_command<VerifyOptions>(
      app, context, "verify",
      "Check a bundle's signature and every file's SHA-256; name what changed", run_verify);
  command->add_option("bundle", options->bundle, "Bundle directory")->required();
  command->add_option("--pubkey", options->pubkey, "Ed25519 public key (PEM) of the signer")
      ->required();
  command->add_flag("--json", options->json, "Machine-readable output");
}

}  // namespace hwcert::cli
