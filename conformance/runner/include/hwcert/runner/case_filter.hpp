// Case selection: gtest-style --filter patterns and sharding (GTEST_TOTAL_SHARDS /
// GTEST_SHARD_INDEX compatible).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/loader/glob.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

using hwcert::glob_match;  // '*' any run, '?' one character

// "POS1:POS2-NEG1:NEG2" as gtest reads --gtest_filter: a name is selected when it matches a
// positive pattern (none given = "*") and no negative pattern.
class CaseFilter {
 public:
  CaseFilter() = default;
  static CaseFilter parse(std::string_view text);
  bool matches(std::string_view case_id) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_ = "*";
  std::vector<std::string> positive_;
  std::vector<std::string> negative_;
};

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
