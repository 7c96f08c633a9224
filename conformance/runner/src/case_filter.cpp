#include "hwcert/runner/case_filter.hpp"

#include <charconv>

namespace hwcert::runner {

namespace {

std::vector<std::string> split_patterns(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find(':', start);
    const std::string_view piece =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!piece.empty()) out.emplace_back(piece);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool any_match(const std::vector<std::string>& patterns, std::string_view id) {
  for (const auto& pattern : patterns) {
    if (glob_match(pattern, id)) return true;
  }
  return false;
}

std::optional<uint32_t> parse_u32(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  const std::string_view view(text);
  uint32_t value = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size()) return std::nullopt;
  return value;
}

}  // namespace

CaseFilter CaseFilter::parse(std::string_view text) {
  CaseFilter filter;
  filter.text_ = text.empty() ? "*" : std::string(text);
  const std::size_t dash = text.find('-');
  filter.positive_ = split_patterns(text.substr(0, dash));
  if (dash != std::string_view::npos) filter.negative_ = split_patterns(text.substr(dash + 1));
  if (filter.positive_.empty()) filter.positive_.push_back("*");
  return filter;
}

bool CaseFilter::matches(std::string_view case_id) const {
  return any_match(positive_, case_id) && !any_match(negative_, case_id);
}

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
