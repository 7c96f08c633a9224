// Sharding of the selected cases (GTEST_TOTAL_SHARDS / GTEST_SHARD_INDEX compatible); the
// selection itself is a support::NameFilter (hwcert/support/glob.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

struct Shard {
  uint32_t index = 0;
  uint32_t total = 1;
  // Case number i (counted among the cases the filter selected) runs in shard i % total.
  bool owns(std::size_t position) const { return position % total == index; }
};

// Flags win over the environment; both must be given together and index < total.
// INVALID_ARGUMENT with a message naming the offending value otherwise.
Expected<Shard> resolve_shard(std::optional<uint32_t> flag_total,
                              std::optional<uint32_t> flag_index, const char* env_total,
                              const char* env_index);

}  // namespace hwcert::runner
