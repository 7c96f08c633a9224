#include <utility>

#include "entry_json.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "hwcert/registry/registry.hpp"

namespace hwcert::registry {
namespace detail {

nlohmann::json content_json(const ListedEntry& listed) {
  const results::CertifiedEntry& e = listed.entry;
  return nlohmann::json{{"seq", listed.seq},
                        {"device", e.device},
                        {"plugin", e.plugin},
                        {"plugin_version", e.plugin_version},
                        {"target", e.target},
                        {"levels", e.levels},
                        {"date", e.date},
                        {"bundle_sha256", e.bundle_sha256},
                        {"bundle_path", e.bundle_path},
                        {"previous_hash", listed.previous_hash}};
}

std::string canonical_bytes(const nlohmann::json& object) {
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string entry_hash_of(nlohmann::json object) {
  object.erase(std::string(kEntryHashKey));
  return bundle::sha256_hex(canonical_bytes(object));
}

}  // namespace detail

ListedEntry chain_entry(const results::CertifiedEntry& entry, int64_t seq,
                        std::string previous_hash) {
  ListedEntry listed{seq, entry, std::move(previous_hash), {}, 0};
  listed.entry_hash = detail::entry_hash_of(detail::content_json(listed));
  return listed;
}

nlohmann::json line_json(const ListedEntry& listed) {
  nlohmann::json line = detail::content_json(listed);
  line[std::string(detail::kEntryHashKey)] = listed.entry_hash;
  return line;
}

std::string format_line(const ListedEntry& listed) {
  return detail::canonical_bytes(line_json(listed)) + "\n";
}

}  // namespace hwcert::registry
