// The runner's side of case results: reading one back from a worker, the journal or a results
// file with a Status instead of an exception, and results of cases that never produced one
// themselves (crash, timeout, worker error). The record's JSON itself is the result model's
// (hwcert/results/json_io.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "hwcert/conformance/case.hpp"
#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

// results::case_result_from_json; INVALID_ARGUMENT naming the field that is missing or of the
// wrong type.
Expected<conformance::CaseResult> case_result_from_json(const nlohmann::json& json);

// A result carrying the case's identity (id, op, dtypes as execute_case names them, math
// mode, reproducer) with the given status and message; numeric fields stay at their defaults.
conformance::CaseResult result_without_run(const conformance::Case& c, std::string_view plugin,
                                           uint32_t device_index, conformance::CaseStatus status,
                                           std::string message);

}  // namespace hwcert::runner
