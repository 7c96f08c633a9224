// `hwcert registry add|verify|list`: the certified list, an append-only hash-chained log of
// verified bundles' summaries (certify/registry, docs/certification.md).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "bundle_check.hpp"
#include "commands.hpp"
#include "hwcert/bundle/manifest.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "hwcert/bundle/sign_verify.hpp"
#include "hwcert/registry/registry.hpp"
#include "hwcert/reports/bundle_io.hpp"

namespace hwcert::cli {
namespace {

namespace fs = std::filesystem;

struct RegistryOptions {
  std::string log{registry::kDefaultRegistryFile};
  std::string bundle;
  std::string pubkey;
  bool json = false;
};

std::string entry_text(const registry::ListedEntry& listed) {
  const results::CertifiedEntry& e = listed.entry;
  return fmt::format("{}: {} ({} {}) on {}: {} certified, {}, bundle {}", listed.seq, e.device,
                     e.plugin, e.plugin_version, e.target, fmt::join(e.levels, ", "), e.date,
                     e.bundle_sha256.substr(0, 16));
}

void print_json(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// The summary of a bundle that verifies; nullopt (after saying why) when it does not.
std::optional<results::CertifiedEntry> verified_entry(const RegistryOptions& options) {
  if (!bundle_verifies(options.bundle, options.pubkey)) return std::nullopt;
  const results::BundleResults bundle = reports::read_bundle(options.bundle);
  const std::string hash =
      bundle::sha256_hex_file(fs::path(options.bundle) / bundle::kManifestFile);
  fs::path where = fs::absolute(options.bundle).lexically_normal();
  if (where.filename().empty()) where = where.parent_path();  // "dir/" -> "dir"
  return registry::certified_entry(bundle, hash, where.string());
}

int run_add(const RegistryOptions& options) {
  std::optional<results::CertifiedEntry> entry;
  try {
    entry = verified_entry(options);
  } catch (const std::exception& e) {  // support::Error, results::ModelError
    print_error(e.what());
    return kExitUsage;
  }
  if (!entry) return kExitFailures;
  const registry::AppendResult result = registry::append_entry(options.log, *entry);
  switch (result.outcome) {
    case registry::AppendOutcome::kLogBroken:
      for (const auto& problem : result.problems) std::cerr << problem.to_string() << "\n";
      print_error(fmt::format("{} does not verify: nothing appended", options.log));
      return kExitFailures;
    case registry::AppendOutcome::kAlreadyListed:
      print_error(fmt::format(
          "{}: already listed in {} on line {} (bundle SHA-256 {}): not "
          "added twice",
          options.bundle, options.log, result.entry.line, result.entry.entry.bundle_sha256));
      return kExitUsage;
    case registry::AppendOutcome::kAppended:
      break;
  }
  if (options.json) {
    print_json(registry::line_json(result.entry));
  } else {
    std::cout << fmt::format("{}: listed\n{}\n", options.log, entry_text(result.entry));
  }
  return kExitOk;
}

// With --pubkey: every listed bundle still at its path must verify and keep its hash.
void check_listed_bundles(const registry::RegistryCheck& check, const RegistryOptions& options,
                          std::vector<std::string>& problems, std::vector<std::string>& notes) {
  for (const registry::ListedEntry& listed : check.entries) {
    const std::string& dir = listed.entry.bundle_path;
    const support::SourcePosition where{options.log, listed.line, 1};
    if (!fs::is_directory(dir)) {
      notes.push_back(
          fmt::format("{}: bundle {} not present, not checked", where.to_string(), dir));
      continue;
    }
    const bundle::VerifyReport report = bundle::verify_bundle(dir, options.pubkey);
    const fs::path manifest = fs::path(dir) / bundle::kManifestFile;
    if (!report.intact()) {
      problems.push_back(fmt::format("{}: expected the bundle {} to verify: {}", where.to_string(),
                                     dir, report.describe()));
    } else if (bundle::sha256_hex_file(manifest) != listed.entry.bundle_sha256) {
      problems.push_back(
          fmt::format("{}: expected the bundle {} to have bundle_sha256 {}: it "
                      "was signed again since it was listed",
                      where.to_string(), dir, listed.entry.bundle_sha256));
    }
  }
}

int run_registry_verify(const RegistryOptions& options) {
  registry::RegistryCheck check;
  std::vector<std::string> problems, notes;
  try {
    check = registry::check_registry(options.log);
    for (const auto& problem : check.problems) problems.push_back(problem.to_string());
    if (!options.pubkey.empty()) check_listed_bundles(check, options, problems, notes);
  } catch (const support::Error& e) {  // the log, a key or a bundle cannot be read
    print_error(e.what());
    return kExitUsage;
  }
  if (options.json) {
    print_json({{"registry", options.log},
                {"intact", problems.empty()},
                {"entries", check.entries.size()},
                {"problems", problems},
                {"notes", notes}});
  } else {
    for (const auto& line : problems) std::cout << line << "\n";
    for (const auto& line : notes) std::cout << line << "\n";
    std::cout << fmt::format("{}: {} entries, {}\n", options.log, check.entries.size(),
                             problems.empty()
                                 ? "chain intact"
                                 : fmt::format("NOT intact ({} problem(s))", problems.size()));
  }
  return problems.empty() ? kExitOk : kExitFailures;
}

int run_list(const RegistryOptions& options) {
  registry::RegistryCheck check;
  try {
    check = registry::check_registry(options.log);
  } catch (const support::Error& e) {
    print_error(e.what());
    return kExitUsage;
  }
  for (const auto& problem : check.problems) std::cerr << problem.to_string() << "\n";
  if (options.json) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& listed : check.entries) entries.push_back(registry::line_json(listed));
    print_json(entries);
  } else {
    for (const auto& listed : check.entries) std::cout << entry_text(listed) << "\n";
  }
  return check.intact() ? kExitOk : kExitFailures;
}

void add_log_option(CLI::App* command, RegistryOptions& options) {
  command->add_option("--registry", options.log, "The certified list (JSON lines)")
      ->capture_default_str();
}

}  // namespace

void register_registry(CLI::App& app, Context& context) {
  CLI::App* registry_command = app.add_subcommand(
      "registry", "The certified list: an append-only, hash-chained log of verified bundles");
  registry_command->require_subcommand(1);

  auto [add_command, add] = cli::add_command<RegistryOptions>(
      *registry_command, context, "add",
      "Verify a signed bundle and append its summary to the list (once per bundle)", run_add);
  add_command->add_option("bundle", add->bundle, "Bundle directory")->required();
  add_command->add_option("--pubkey", add->pubkey, "Ed25519 public key (PEM) of the signer")
      ->required();
  add_log_option(add_command, *add);
  add_command->add_flag("--json", add->json, "Print the new entry as JSON");

  auto [verify_command, verify] = cli::add_command<RegistryOptions>(
      *registry_command, context, "verify",
      "Check the chain and every entry; name each problem as LOG:line:column", run_registry_verify);
  add_log_option(verify_command, *verify);
  verify_command->add_option(
      "--pubkey", verify->pubkey,
      "Also check that each listed bundle still at its path verifies with this key");
  verify_command->add_flag("--json", verify->json, "Machine-readable output");

  auto [list_command, list] = cli::add_command<RegistryOptions>(
      *registry_command, context, "list", "Print the entries (exit 1 if the chain is broken)",
      run_list);
  add_log_option(list_command, *list);
  list_command->add_flag("--json", list->json, "Print the entries as JSON");
}

}  // namespace hwcert::cli
