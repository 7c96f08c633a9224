#include "hwcert/results/case_status.hpp"

#include <array>

namespace hwcert::results {
namespace {

constexpr std::array<std::string_view, kCaseStatusCount> kNames = {
    "pass", "fail", "mistrusted", "unsupported", "waived", "xpass", "crash", "timeout", "error"};

}  // namespace

std::string_view to_string(CaseStatus status) {
  const auto i = static_cast<size_t>(status);
  return i < kNames.size() ? kNames[i] : "error";
}

std::optional<CaseStatus> parse_case_status(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<CaseStatus>(i);
  }
  return std::nullopt;
}

bool is_failure(CaseStatus status) {
  switch (status) {
    case CaseStatus::kFail:
    case CaseStatus::kMistrusted:
    case CaseStatus::kCrash:
    case CaseStatus::kTimeout:
    case CaseStatus::kError:
      return true;
    default:
      return false;
  }
}

bool is_acceptable(CaseStatus status) {
  return status == CaseStatus::kPass || status == CaseStatus::kUnsupported ||
         status == CaseStatus::kWaived || status == CaseStatus::kXPass;
}

int severity(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPass:
      return 0;
    case CaseStatus::kUnsupported:
      return 1;
    case CaseStatus::kXPass:
      return 2;
    case CaseStatus::kWaived:
      return 3;
    case CaseStatus::kMistrusted:
      return 4;
    case CaseStatus::kFail:
      return 5;
    case CaseStatus::kError:
      return 6;
    case CaseStatus::kTimeout:
      return 7;
    case CaseStatus::kCrash:
      return 8;
  }
  return 0;
}

}  // namespace hwcert::results
