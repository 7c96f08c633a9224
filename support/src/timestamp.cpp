#include "hwcert/support/timestamp.hpp"

#include <fmt/format.h>

#include <ctime>

namespace hwcert::support {
namespace {

std::tm utc_calendar(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  return parts;
}

}  // namespace

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  const std::tm parts = utc_calendar(when);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string utc_timestamp_now() {
  return utc_timestamp(std::chrono::system_clock::now());
}

std::string UtcDate::to_string() const {
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

UtcDate utc_date(std::chrono::system_clock::time_point when) {
  const std::tm parts = utc_calendar(when);
  return UtcDate{parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};
}

UtcDate utc_today() {
  return utc_date(std::chrono::system_clock::now());
}

}  // namespace hwcert::support
