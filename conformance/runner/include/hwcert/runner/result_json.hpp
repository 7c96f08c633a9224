// CaseResult <-> JSON (field names are CaseResult's member names, status by its name), and
// results of cases that never produced one themselves (crash, timeout, worker error).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

nlohmann::json to_json(const conformance::CaseResult& result);
// INVALID_ARGUMENT naming the field that is missing or of the wrong type.
Expected<conformance::CaseResult> case_result_from_json(const nlohmann::json& json);

// "f32", or "f8e4m3*f8e4m3->bf16" when inputs and output differ.
std::string dtypes_label(const OpCall& call);

// A result carrying the case's identity (id, op, dtypes, math mode, reproducer) with the
// given status and message; numeric fields stay at their defaults.
conformance::CaseResult result_without_run(const conformance::Case& c, std::string_view plugin,
                                           uint32_t device_index, conformance::CaseStatus status,
                                           std::string message);

// True for the statuses that do not fail a run: pass, unsupported, waived, xpass.
bool is_acceptable(conformance::CaseStatus status);

}  // namespace hwcert::runner
