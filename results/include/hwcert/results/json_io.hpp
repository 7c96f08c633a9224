// The result model to and from JSON (nlohmann::json): one writer and one reader per record.
// Readers throw ModelError naming the file and field ("<where>: 'op' must be a string").
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "hwcert/results/bundle.hpp"
#include "hwcert/results/case_result.hpp"
#include "hwcert/results/certified_entry.hpp"
#include "hwcert/results/perf_comparison.hpp"
#include "hwcert/results/perf_record.hpp"

namespace hwcert::results {

// A results file or record that does not follow the result model.
class ModelError : public std::runtime_error {
 public:
  explicit ModelError(const std::string& message) : std::runtime_error(message) {}
};

nlohmann::json to_json(const CaseResult& r);
CaseResult case_result_from_json(const nlohmann::json& j, const std::string& where);

// kAll: every field (perf.json). kSummary: the measurement summary without the raw samples
// and run bookkeeping (out_dtype, benchmark_name, iterations, attempts, samples_ns,
// host_wall_samples_ns, host_wall_median_ns, device_clock_mhz), as report.json holds it.
enum class PerfFields { kAll, kSummary };
nlohmann::json to_json(const PerfRecord& r, PerfFields fields = PerfFields::kAll);
PerfRecord perf_record_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json to_json(const AbiOverhead& overhead);
nlohmann::json to_json(const PerfResult& result);  // the perf.json document
nlohmann::json to_json(const PerfComparison& comparison);

nlohmann::json to_json(const SystemInfo& s);
SystemInfo system_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json to_json(const BundleSummary& s);
BundleSummary summary_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json to_json(const WaiverRecord& w);
WaiverRecord waiver_from_json(const nlohmann::json& j, const std::string& where);
nlohmann::json to_json(const CertifiedEntry& e);  // the registry adds its chain fields

// Whole bundle files: {"format_version": 1, "results": [...]} and the like.
nlohmann::json conformance_file_json(const std::vector<CaseResult>& records);
nlohmann::json perf_file_json(const std::vector<PerfRecord>& records);
nlohmann::json waivers_file_json(const std::vector<WaiverRecord>& waivers);

}  // namespace hwcert::results
