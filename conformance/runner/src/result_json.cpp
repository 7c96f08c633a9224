#include "hwcert/runner/result_json.hpp"

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/conformance/execute_case.hpp"
#include "hwcert/results/json_io.hpp"

namespace hwcert::runner {

using conformance::CaseResult;
using conformance::CaseStatus;

Expected<CaseResult> case_result_from_json(const nlohmann::json& json) {
  try {
    return results::case_result_from_json(json, "case result");
  } catch (const results::ModelError& e) {
    return Status(StatusCode::kInvalidArgument, e.what());
  }
}

CaseResult result_without_run(const conformance::Case& c, std::string_view plugin,
                              uint32_t device_index, CaseStatus status, std::string message) {
  CaseResult r;
  r.case_id = c.id;
  r.op = c.call.op_name();
  r.dtypes = conformance::dtypes_text(c.call);
  r.math_mode = catalogue::math_mode_name(c.call);
  r.status = status;
  r.message = std::move(message);
  r.reproducer = conformance::reproducer(c, plugin, device_index);
  return r;
}

}  // namespace hwcert::runner
