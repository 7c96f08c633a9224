// Case statuses as the result model spells them (the same strings as conformance's
// CaseStatus; reports depends on the JSON, not on conformance).
#pragma once

#include <optional>
#include <string_view>

namespace hwcert::reports {

enum class Status {
  kPass,
  kFail,
  kMistrusted,
  kUnsupported,
  kWaived,
  kXPass,
  kCrash,
  kTimeout,
  kError,
};
inline constexpr int kStatusCount = 9;

std::string_view to_string(Status status);  // "pass", "fail", "mistrusted", ...
std::optional<Status> parse_status(std::string_view name);

// fail, mistrusted, crash, timeout, error: a result that is wrong or never came.
bool is_failure(Status status);
// How bad a status is when several cases share a cell: higher is worse.
int severity(Status status);

}  // namespace hwcert::reports
