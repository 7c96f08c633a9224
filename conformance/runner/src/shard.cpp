#include "hwcert/runner/shard.hpp"

#include <charconv>
#include <string>

namespace hwcert::runner {

namespace {

std::optional<uint32_t> parse_u32(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  const std::string_view view(text);
  uint32_t value = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size()) return std::nullopt;
  return value;
}

}  // namespace

Expected<Shard> resolve_shard(std::optional<uint32_t> flag_total,
                              std::optional<uint32_t> flag_index, const char* env_total,
                              const char* env_index) {
  std::optional<uint32_t> total = flag_total;
  std::optional<uint32_t> index = flag_index;
  const bool from_flags = flag_total.has_value() || flag_index.has_value();
  if (!from_flags) {
    const bool env_given = (env_total && *env_total) || (env_index && *env_index);
    if (!env_given) return Shard{};
    total = parse_u32(env_total);
    index = parse_u32(env_index);
    if (!total || !index) {
      return Status(StatusCode::kInvalidArgument,
                    "GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX must both be non-negative "
                    "integers (got '" +
                        std::string(env_total ? env_total : "") + "' and '" +
                        std::string(env_index ? env_index : "") + "')");
    }
  }
  if (!total || !index) {
    return Status(StatusCode::kInvalidArgument,
                  "--total-shards and --shard-index must be given together");
  }
  if (*total == 0 || *index >= *total) {
    return Status(StatusCode::kInvalidArgument, "shard index " + std::to_string(*index) +
                                                    " is not below the shard total " +
                                                    std::to_string(*total));
  }
  return Shard{*index, *total};
}

}  // namespace hwcert::runner
