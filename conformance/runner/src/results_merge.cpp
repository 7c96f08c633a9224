#include "hwcert/runner/results_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "hwcert/conformance/case.hpp"
#include "hwcert/runner/conformance_run.hpp"
#include "hwcert/runner/result_json.hpp"

namespace hwcert::runner {
namespace {

std::string field_text(const nlohmann::json& doc, const nlohmann::json::json_pointer& pointer) {
  return doc.contains(pointer) ? doc.at(pointer).dump() : "(absent)";
}

// Every input must be a results file of the same run as the first.
Status check_same_run(const std::vector<MergeInput>& inputs) {
  const std::vector<nlohmann::json::json_pointer> same = {
      nlohmann::json::json_pointer("/suite"),
      nlohmann::json::json_pointer("/filter"),
      nlohmann::json::json_pointer("/seed"),
      nlohmann::json::json_pointer("/plugin/name"),
      nlohmann::json::json_pointer("/plugin/version"),
      nlohmann::json::json_pointer("/device/index"),
      nlohmann::json::json_pointer("/device/name"),
      nlohmann::json::json_pointer("/shard/total")};
  for (const MergeInput& input : inputs) {
    if (!input.document.is_object() ||
        input.document.value("format", "") != "hwcert-conformance-results" ||
        !input.document.contains("results") || !input.document["results"].is_array()) {
      return Status(StatusCode::kInvalidArgument,
                    input.source + ": not a hwcert conformance results file");
    }
    for (const auto& pointer : same) {
      const std::string a = field_text(inputs.front().document, pointer);
      const std::string b = field_text(input.document, pointer);
      if (a != b) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("{} and {} are not shards of one run: {} is {} vs {}",
                                  inputs.front().source, input.source, pointer.to_string(), a, b));
      }
    }
  }
  return Status();
}

// What the shards hold together.
struct Gathered {
  std::vector<nlohmann::json> records;
  std::vector<conformance::CaseResult> results;
  std::set<uint64_t> shard_indexes;
  nlohmann::json merged_from = nlohmann::json::array();
  std::map<std::string, nlohmann::json> waivers;  // by origin
  nlohmann::json warnings = nlohmann::json::array();
};

// Adds one shard's records, waivers and warnings; a case already seen in another shard is an
// error.
Status gather_shard(const MergeInput& input, std::map<std::string, std::string>& seen,
                    Gathered& gathered) {
  const nlohmann::json& doc = input.document;
  gathered.shard_indexes.insert(doc["shard"].value("index", 0u));
  gathered.merged_from.push_back({{"source", input.source}, {"shard", doc["shard"]}});
  for (const nlohmann::json& record : doc["results"]) {
    const std::string id = record.value("case_id", "");
    auto [it, inserted] = seen.emplace(id, input.source);
    if (!inserted) {
      return Status(StatusCode::kInvalidArgument, fmt::format("case {} appears in both {} and {}",
                                                              id, it->second, input.source));
    }
    auto result = case_result_from_json(record);
    if (!result.ok()) {
      return Status(StatusCode::kInvalidArgument, input.source + ": " + result.status().message());
    }
    gathered.results.push_back(std::move(*result));
    gathered.records.push_back(record);
  }
  for (const nlohmann::json& waiver : doc.value("waivers", nlohmann::json::array())) {
    const std::string key = waiver.value("origin", waiver.value("pattern", ""));
    auto [it, inserted] = gathered.waivers.emplace(key, waiver);
    if (!inserted) {
      for (const auto& id : waiver.value("cases", nlohmann::json::array()))
        it->second["cases"].push_back(id);
    }
  }
  for (const nlohmann::json& warning : doc.value("warnings", nlohmann::json::array())) {
    gathered.warnings.push_back(warning);
  }
  return Status();
}

}  // namespace

Expected<MergeOutcome> merge_results(const std::vector<MergeInput>& inputs) {
  if (inputs.empty()) return Status(StatusCode::kInvalidArgument, "nothing to merge");
  if (Status same = check_same_run(inputs); !same.ok()) return same;
  std::map<std::string, std::string> seen;  // case id -> source
  Gathered gathered;
  for (const MergeInput& input : inputs) {
    if (Status added = gather_shard(input, seen, gathered); !added.ok()) return added;
  }
  const std::vector<nlohmann::json>& records = gathered.records;
  std::vector<std::size_t> order(records.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return records[a].value("index", uint64_t{0}) < records[b].value("index", uint64_t{0});
  });

  MergeOutcome outcome;
  const uint64_t total = inputs.front().document["shard"].value("total", 1u);
  for (uint64_t index = 0; index < total; ++index) {
    if (!gathered.shard_indexes.count(index)) {
      outcome.warnings.push_back(fmt::format("shard {} of {} is missing", index, total));
    }
  }
  nlohmann::json doc = inputs.front().document;
  doc["shard"] = {{"index", 0}, {"total", 1}, {"merged_from", gathered.merged_from}};
  doc["results"] = nlohmann::json::array();
  for (std::size_t i : order) doc["results"].push_back(records[i]);
  doc["summary"] = count_statuses(gathered.results);
  doc["waivers"] = nlohmann::json::array();
  for (auto& [key, waiver] : gathered.waivers) doc["waivers"].push_back(waiver);
  for (const auto& warning : outcome.warnings) gathered.warnings.push_back(warning);
  doc["warnings"] = gathered.warnings;
  outcome.document = std::move(doc);
  return outcome;
}

}  // namespace hwcert::runner
