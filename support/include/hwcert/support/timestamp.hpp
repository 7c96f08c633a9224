// UTC time stamps as hwcert writes them into results, bundles and reports.
#pragma once

#include <chrono>
#include <compare>
#include <string>

namespace hwcert::support {

// "2026-12-06T23:40:00Z" (ISO 8601, whole seconds, UTC).
std::string utc_timestamp(std::chrono::system_clock::time_point when);
std::string utc_timestamp_now();

// A calendar day in UTC.
struct UtcDate {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const UtcDate&) const = default;
  std::string to_string() const;  // YYYY-MM-DD
};
UtcDate utc_date(std::chrono::system_clock::time_point when);
UtcDate utc_today();

}  // namespace hwcert::support
