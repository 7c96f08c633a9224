#include "hwcert/runner/result_json.hpp"

#include <algorithm>
#include <limits>

#include "hwcert/catalogue/op_schema.hpp"

namespace hwcert::runner {

using conformance::CaseResult;
using conformance::CaseStatus;

nlohmann::json to_json(const CaseResult& r) {
  return {{"case_id", r.case_id},
          {"op", r.op},
          {"dtypes", r.dtypes},
          {"math_mode", r.math_mode},
          {"status", std::string(conformance::to_string(r.status))},
          {"message", r.message},
          {"max_abs_error", r.max_abs_error},
          {"max_rel_error", r.max_rel_error},
          {"max_ulp_error", r.max_ulp_error},
          {"worst_index", r.worst_index},
          {"expected_at_worst", r.expected_at_worst},
          {"actual_at_worst", r.actual_at_worst},
          {"tolerance", r.tolerance},
          {"checked_elements", r.checked_elements},
          {"total_elements", r.total_elements},
          {"sampled", r.sampled},
          {"duration_ms", r.duration_ms},
          {"reproducer", r.reproducer}};
}

namespace {

// JSON cannot hold NaN/Inf: nlohmann writes them as null. Read null back as NaN.
bool read_double(const nlohmann::json& json, const char* key, double* out) {
  const auto it = json.find(key);
  if (it == json.end()) return true;  // optional: keep the default
  if (it->is_null()) {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (!it->is_number()) return false;
  *out = it->get<double>();
  return true;
}

template <typename T>
bool read_value(const nlohmann::json& json, const char* key, T* out) {
  const auto it = json.find(key);
  if (it == json.end()) return true;
  try {
    *out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

}  // namespace

Expected<CaseResult> case_result_from_json(const nlohmann::json& json) {
  auto bad = [](const std::string& field) {
    return Status(StatusCode::kInvalidArgument,
                  "case result: field '" + field + "' is missing or has the wrong type");
  };
  if (!json.is_object()) return bad("(record)");
  CaseResult r;
  if (!json.contains("case_id") || !json["case_id"].is_string()) return bad("case_id");
  r.case_id = json["case_id"].get<std::string>();
  if (!json.contains("status") || !json["status"].is_string()) return bad("status");
  const auto status = conformance::parse_case_status(json["status"].get<std::string>());
  if (!status) return bad("status");
  r.status = *status;
  if (!read_value(json, "op", &r.op)) return bad("op");
  if (!read_value(json, "dtypes", &r.dtypes)) return bad("dtypes");
  if (!read_value(json, "math_mode", &r.math_mode)) return bad("math_mode");
  if (!read_value(json, "message", &r.message)) return bad("message");
  if (!read_double(json, "max_abs_error", &r.max_abs_error)) return bad("max_abs_error");
  if (!read_double(json, "max_rel_error", &r.max_rel_error)) return bad("max_rel_error");
  if (!read_double(json, "max_ulp_error", &r.max_ulp_error)) return bad("max_ulp_error");
  if (!read_value(json, "worst_index", &r.worst_index)) return bad("worst_index");
  if (!read_double(json, "expected_at_worst", &r.expected_at_worst))
    return bad("expected_at_worst");
  if (!read_double(json, "actual_at_worst", &r.actual_at_worst)) return bad("actual_at_worst");
  if (!read_value(json, "tolerance", &r.tolerance)) return bad("tolerance");
  if (!read_value(json, "checked_elements", &r.checked_elements)) return bad("checked_elements");
  if (!read_value(json, "total_elements", &r.total_elements)) return bad("total_elements");
  if (!read_value(json, "sampled", &r.sampled)) return bad("sampled");
  if (!read_double(json, "duration_ms", &r.duration_ms)) return bad("duration_ms");
  if (!read_value(json, "reproducer", &r.reproducer)) return bad("reproducer");
  return r;
}

std::string dtypes_label(const OpCall& call) {
  std::vector<std::string> inputs;
  for (const auto& spec : call.inputs()) inputs.emplace_back(dtype_name(spec.dtype));
  std::string output =
      call.outputs().empty() ? "" : std::string(dtype_name(call.outputs()[0].dtype));
  const bool uniform =
      std::all_of(inputs.begin(), inputs.end(), [&](const std::string& d) { return d == output; });
  if (uniform && !output.empty()) return output;
  std::string label;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0) label += '*';
    label += inputs[i];
  }
  return label + "->" + output;
}

CaseResult result_without_run(const conformance::Case& c, std::string_view plugin,
                              uint32_t device_index, CaseStatus status, std::string message) {
  CaseResult r;
  r.case_id = c.id;
  r.op = c.call.op_name();
  r.dtypes = dtypes_label(c.call);
  r.math_mode = catalogue::math_mode_name(c.call);
  r.status = status;
  r.message = std::move(message);
  r.reproducer = conformance::reproducer(c, plugin, device_index);
  return r;
}

bool is_acceptable(CaseStatus status) {
  return status == CaseStatus::kPass || status == CaseStatus::kUnsupported ||
         status == CaseStatus::kWaived || status == CaseStatus::kXPass;
}

}  // namespace hwcert::runner
