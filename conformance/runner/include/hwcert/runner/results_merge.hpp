// Merging the results files of the shards of one run into the results of the whole run.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hwcert/loader/status.hpp"

namespace hwcert::runner {

struct MergeInput {
  std::string source;       // file name, for messages
  nlohmann::json document;  // a results.json
};

struct MergeOutcome {
  nlohmann::json document;            // merged results.json
  std::vector<std::string> warnings;  // missing shards
};

// The shards must share suite, filter, seed, plugin name and version and device (index and
// name); a case id present twice is an error (INVALID_ARGUMENT naming both files). Results
// are ordered by their position in the unsharded run ("index"), counts recomputed, waivers
// and warnings combined; "shard" becomes {index 0, total 1, merged_from [...]}.
Expected<MergeOutcome> merge_results(const std::vector<MergeInput>& inputs);

}  // namespace hwcert::runner
