#include "hwcert/reports/status.hpp"

#include <array>

namespace hwcert::reports {
namespace {

constexpr std::array<std::string_view, kStatusCount> kNames = {
    "pass", "fail", "mistrusted", "unsupported", "waived", "xpass", "crash", "timeout", "error"};

}  // namespace

std::string_view to_string(Status status) {
  return kNames[static_cast<size_t>(status)];
}

std::optional<Status> parse_status(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Status>(i);
  }
  return std::nullopt;
}

bool is_failure(Status status) {
  switch (status) {
    case Status::kFail:
    case Status::kMistrusted:
    case Status::kCrash:
    case Status::kTimeout:
    case Status::kError:
      return true;
    default:
      return false;
  }
}

int severity(Status status) {
  switch (status) {
    case Status::kPass:
      return 0;
    case Status::kUnsupported:
      return 1;
    case Status::kXPass:
      return 2;
    case Status::kWaived:
      return 3;
    case Status::kMistrusted:
      return 4;
    case Status::kFail:
      return 5;
    case Status::kError:
      return 6;
    case Status::kTimeout:
      return 7;
    case Status::kCrash:
      return 8;
  }
  return 0;
}

}  // namespace hwcert::reports
