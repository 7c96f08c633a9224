#include "info_value.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hwcert::detail {
namespace {

Status malformed(std::string text, std::string* warning) {
  if (warning != nullptr) *warning = text;
  return {StatusCode::kInternal, std::move(text)};
}

}  // namespace

Expected<std::vector<uint8_t>> read_info_bytes(const InfoQuery& query, std::string_view call,
                                               std::string* warning) {
  std::size_t size = 0;
  Status status = query(0, nullptr, &size);
  if (!status.ok()) return status;
  if (size > kMaxInfoSize) {
    return malformed(fmt::format("{} claims {} bytes; limit {}", call, size, kMaxInfoSize),
                     warning);
  }
  std::vector<uint8_t> value(size);
  std::size_t written = 0;
  status = query(value.size(), value.data(), &written);
  if (!status.ok()) return status;
  if (written > value.size()) {
    return malformed(fmt::format("{} claims {} bytes written into the {}-byte buffer it asked for",
                                 call, written, value.size()),
                     warning);
  }
  value.resize(written == 0 ? value.size() : written);
  return value;
}

Expected<std::string> info_bytes_to_string(Expected<std::vector<uint8_t>> raw,
                                           std::string_view call, std::string* warning) {
  if (!raw.ok()) return raw.status();
  const auto nul = std::find(raw->begin(), raw->end(), uint8_t{0});
  if (nul == raw->end()) {
    return malformed(fmt::format("{}: {} bytes without a NUL terminator", call, raw->size()),
                     warning);
  }
  return std::string(raw->begin(), nul);
}

Status check_scalar_size(std::size_t size, std::size_t expected, std::string_view call,
                         std::string* warning) {
  if (size == expected) return Status::Ok();
  return malformed(fmt::format("{}: {} bytes, expected {}", call, size, expected), warning);
}

}  // namespace hwcert::detail
