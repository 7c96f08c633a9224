// CaseResult <-> JSON.
#include <fmt/format.h>

#include "hwcert/results/json_io.hpp"
#include "json_fields.hpp"

namespace hwcert::results {

using nlohmann::json;

std::string CaseResult::primary_dtype() const {
  size_t end = dtypes.find_first_of("*->, ");
  return dtypes.substr(0, end);
}

json to_json(const CaseResult& r) {
  return json{{"case_id", r.case_id},
              {"op", r.op},
              {"dtypes", r.dtypes},
              {"math_mode", r.math_mode},
              {"status", std::string(to_string(r.status))},
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

CaseResult case_result_from_json(const json& j, const std::string& where) {
  detail::Fields f(j, where);
  CaseResult r;
  r.case_id = f.str("case_id", true);
  r.op = f.str("op", true);
  r.dtypes = f.str("dtypes");
  r.math_mode = f.str("math_mode", false, "strict");
  const std::string status = f.str("status", true);
  const auto parsed = parse_case_status(status);
  if (!parsed) throw ModelError(fmt::format("{}: unknown status '{}'", f.sub("status"), status));
  r.status = *parsed;
  r.message = f.str("message");
  r.max_abs_error = f.real("max_abs_error");
  r.max_rel_error = f.real("max_rel_error");
  r.max_ulp_error = f.real("max_ulp_error");
  r.worst_index = f.integer("worst_index", -1);
  r.expected_at_worst = f.real("expected_at_worst");
  r.actual_at_worst = f.real("actual_at_worst");
  r.tolerance = f.str("tolerance");
  r.checked_elements = static_cast<uint64_t>(f.integer("checked_elements"));
  r.total_elements = static_cast<uint64_t>(f.integer("total_elements"));
  r.sampled = f.boolean("sampled");
  r.duration_ms = f.real("duration_ms");
  r.reproducer = f.str("reproducer");
  return r;
}

json conformance_file_json(const std::vector<CaseResult>& records) {
  return detail::list_file_json("results", records);
}

}  // namespace hwcert::results
