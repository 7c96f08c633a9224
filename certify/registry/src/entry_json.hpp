// The JSON form of a log line, shared by writing (entry_line.cpp) and checking (check.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hwcert/registry/registry.hpp"

namespace hwcert::registry::detail {

inline constexpr std::string_view kEntryHashKey = "entry_hash";

// Every member of the line but "entry_hash".
nlohmann::json content_json(const ListedEntry& listed);
// Members sorted (nlohmann's object order), no spaces, invalid UTF-8 replaced by U+FFFD.
std::string canonical_bytes(const nlohmann::json& object);
// SHA-256 (hex) of the canonical bytes of `object` without its "entry_hash".
std::string entry_hash_of(nlohmann::json object);

}  // namespace hwcert::registry::detail
