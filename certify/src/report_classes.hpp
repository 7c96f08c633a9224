// The target profiles a report compares, handed to the reports library as plain data
// (reports/target_class.hpp): the reports library reads no profile itself.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hwcert/profile/profile.hpp"
#include "hwcert/reports/comparison.hpp"

namespace hwcert::cli {

reports::TargetClass to_report_class(const profile::TargetProfile& profile);

// Loads, from `dir`, the profile of every target a bundle was evaluated against, then of every
// expected target, each once, into comparison.target_classes; a note in class_notes for each
// that cannot be read.
void add_target_classes(reports::Comparison& comparison,
                        const std::vector<std::string>& expected_targets,
                        const std::filesystem::path& dir);

}  // namespace hwcert::cli
