// One line of the certified list (`hwcert registry`): the summary of a signed bundle that
// verified when it was listed. Plain data, so that the report writers can render the list
// without depending on the registry (certify/registry keeps the hash chain around it).
#pragma once

#include <string>
#include <vector>

namespace hwcert::results {

struct CertifiedEntry {
  std::string device;                // system.json device.name
  std::string plugin;                // system.json plugin.name
  std::string plugin_version;        // system.json plugin.version
  std::string target;                // summary.json target (profile id)
  std::vector<std::string> levels;   // the levels summary.json says "certified", in its order
  std::string date;                  // summary.json date (when certification finished)
  std::string bundle_sha256;         // SHA-256 of the bundle's signed manifest.sha256
  std::string bundle_path;           // where the bundle was when it was listed (absolute)
};

}  // namespace hwcert::results
