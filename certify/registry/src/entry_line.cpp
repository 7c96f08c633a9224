#include <utility>

#include "entry_json.hpp"
#include "hwcert/bundle/sha256.hpp"
#include "hwcert/registry/registry.hpp"
#include "hwcert/results/json_io.hpp"

namespace hwcert::registry {
namespace detail {

nlohmann::json content_json(const ListedEntry& listed) {
  nlohmann::json j = results::to_json(listed.entry);  // keys sort: the order cannot change hashes
  j["seq"] = listed.seq;
  j["previous_hash"] = listed.previous_hash;
  return j;
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
