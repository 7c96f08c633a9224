// JSON of what report.json adds beside the bundles: target classes, a device's fractions of
// its class's figures, and the certified list.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "hwcert/reports/target_class.hpp"
#include "hwcert/results/certified_entry.hpp"

namespace hwcert::reports::detail {

nlohmann::json class_json(const TargetClass& target_class);
nlohmann::json fractions_json(const std::vector<ClassFraction>& fractions);
nlohmann::json certified_json(const std::vector<results::CertifiedEntry>& entries);

}  // namespace hwcert::reports::detail
