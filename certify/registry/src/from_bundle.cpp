#include <fmt/format.h>

#include <utility>

#include "hwcert/registry/registry.hpp"

namespace hwcert::registry {

results::CertifiedEntry certified_entry(const results::BundleResults& bundle,
                                        std::string bundle_sha256, std::string bundle_path) {
  if (!bundle.summary) {
    throw support::Error({bundle.path.string()},
                         "not evaluated against a target (no summary.json): nothing certified "
                         "to list");
  }
  const results::BundleSummary& summary = *bundle.summary;
  std::vector<std::string> levels;
  for (const results::LevelResult& level : summary.levels) {
    if (level.status == "certified") levels.push_back(level.level);
  }
  if (levels.empty()) {
    throw support::Error({bundle.path.string()},
                         fmt::format("certifies no level of target '{}': only certified bundles "
                                     "are listed",
                                     summary.target));
  }
  return {bundle.system.device.name,
          bundle.system.plugin.name,
          bundle.system.plugin.version,
          summary.target,
          std::move(levels),
          summary.date.empty() ? bundle.system.created : summary.date,
          std::move(bundle_sha256),
          std::move(bundle_path)};
}

}  // namespace hwcert::registry
