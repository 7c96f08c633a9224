// What became of one conformance case, as every results file spells it ("pass", "fail", ...).
#pragma once

#include <optional>
#include <string_view>

namespace hwcert::results {

enum class CaseStatus {
  kPass,
  kFail,
  kMistrusted,   // output degenerate (zero-trust check)
  kUnsupported,  // op_support said no (reason in message)
  kWaived,       // failed, covered by a waiver
  kXPass,        // waived but passed
  kCrash,        // worker died on a signal
  kTimeout,      // worker exceeded the per-case limit
  kError,        // plugin returned an error
};
inline constexpr int kCaseStatusCount = 9;

// Every status, in the order above.
inline constexpr CaseStatus kAllCaseStatuses[kCaseStatusCount] = {
    CaseStatus::kPass,        CaseStatus::kFail,    CaseStatus::kMistrusted,
    CaseStatus::kUnsupported, CaseStatus::kWaived,  CaseStatus::kXPass,
    CaseStatus::kCrash,       CaseStatus::kTimeout, CaseStatus::kError};

std::string_view to_string(CaseStatus status);  // "pass", "fail", "mistrusted", ...
std::optional<CaseStatus> parse_case_status(std::string_view name);

// fail, mistrusted, crash, timeout, error: a result that is wrong or never came.
bool is_failure(CaseStatus status);
// pass, unsupported, waived, xpass: the statuses that do not fail a run.
bool is_acceptable(CaseStatus status);
// How bad a status is when several cases share a cell: higher is worse.
int severity(CaseStatus status);

}  // namespace hwcert::results
