// The result model to and from JSON (nlohmann::json), with errors that name the field.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "hwcert/reports/model.hpp"

namespace hwcert::reports {

// A bundle or report file that does not follow the result model.
class ModelError : public std::runtime_error {
 public:
  explicit ModelError(const std::string& message) : std::runtime_error(message) {}
};

nlohmann::json to_json(const ConformanceRecord& r);
nlohmann::json to_json(const PerfRecord& r);
nlohmann::json to_json(const SystemInfo& s);
nlohmann::json to_json(const BundleSummary& s);
nlohmann::json to_json(const WaiverRecord& w);

// Each throws ModelError("<where>: ...") naming the offending field.
ConformanceRecord conformance_from_json(const nlohmann::json& j, const std::string& where);
PerfRecord perf_from_json(const nlohmann::json& j, const std::string& where);
SystemInfo system_from_json(const nlohmann::json& j, const std::string& where);
BundleSummary summary_from_json(const nlohmann::json& j, const std::string& where);
WaiverRecord waiver_from_json(const nlohmann::json& j, const std::string& where);

// Whole files: {"format_version": 1, "results": [...]} and the like.
nlohmann::json conformance_file_json(const std::vector<ConformanceRecord>& records);
nlohmann::json perf_file_json(const std::vector<PerfRecord>& records);
nlohmann::json waivers_file_json(const std::vector<WaiverRecord>& waivers);

}  // namespace hwcert::reports
