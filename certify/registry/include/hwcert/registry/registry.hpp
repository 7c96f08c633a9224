// The certified list: a log file of one JSON object a line, each the summary of a signed
// bundle that verified when it was listed (results::CertifiedEntry), chained by SHA-256:
//
//   {"bundle_path":..,"bundle_sha256":..,"date":..,"device":..,"entry_hash":..,"levels":[..],
//    "plugin":..,"plugin_version":..,"previous_hash":..,"seq":1,"target":..}
//
// An entry's canonical bytes are its object without "entry_hash", serialised with members
// sorted by name and no spaces; "entry_hash" is the SHA-256 (hex) of those bytes and
// "previous_hash" the previous line's "entry_hash" (kGenesisHash for the first line). The
// line itself is the whole object in the same canonical form. Changing, removing, reordering
// or inserting a line breaks the chain at that line (docs/certification.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/results/bundle.hpp"
#include "hwcert/results/certified_entry.hpp"
#include "hwcert/support/error.hpp"

namespace hwcert::registry {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::string_view kDefaultRegistryFile = "hwcert-registry.jsonl";

// One line of the log.
struct ListedEntry {
  int64_t seq = 0;  // 1 for the first line, then one more a line
  results::CertifiedEntry entry;
  std::string previous_hash;
  std::string entry_hash;
  uint32_t line = 0;  // where it was read (0: not read from a file)
};

// The entry that follows `previous_hash` as line `seq`, its entry_hash computed.
ListedEntry chain_entry(const results::CertifiedEntry& entry, int64_t seq,
                        std::string previous_hash);
// The JSON object of a line: every member, entry_hash included (also `registry list --json`).
nlohmann::json line_json(const ListedEntry& listed);
// The line of the log for `listed` (line_json in canonical form), with its newline.
std::string format_line(const ListedEntry& listed);

// What a check of the whole log found.
struct RegistryCheck {
  std::vector<ListedEntry> entries;           // the lines that read as entries, in order
  std::vector<support::Diagnostic> problems;  // "LOG:line:column: what was expected"
  bool intact() const { return problems.empty(); }
};

// Checks every line of `text` (the log's bytes; `source` names it in diagnostics): JSON
// syntax, members and their types, canonical form, seq, the previous-hash link, the entry
// hash, one entry per bundle, and a newline ending the last line.
RegistryCheck check_registry_text(std::string_view text, const std::string& source);
// The same for a file; support::Error when it cannot be read.
RegistryCheck check_registry(const std::filesystem::path& log);

// The summary of a bundle for the list. Throws support::Error when the bundle was not
// evaluated against a target or certifies no level of it.
results::CertifiedEntry certified_entry(const results::BundleResults& bundle,
                                        std::string bundle_sha256, std::string bundle_path);

enum class AppendOutcome {
  kAppended,      // `entry` is the new last line
  kAlreadyListed, // the bundle (by hash) is listed already: `entry` is that line, nothing written
  kLogBroken,     // the log does not check: `problems` says where, nothing written
};
struct AppendResult {
  AppendOutcome outcome = AppendOutcome::kAppended;
  ListedEntry entry;
  std::vector<support::Diagnostic> problems;
};

// Appends `entry` to `log` (created with its directories when missing) under an exclusive
// lock of the log's directory: the log is checked, then rewritten whole with the new line
// through support::write_file_atomic, so a crash leaves the old log or the new one.
AppendResult append_entry(const std::filesystem::path& log, const results::CertifiedEntry& entry);

}  // namespace hwcert::registry
