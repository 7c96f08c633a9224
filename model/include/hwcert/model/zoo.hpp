// The model zoo shipped with hwcert (model/zoo/*.toml): found beside the installed binaries
// (<prefix>/share/hwcert/models) or, in a build tree, in the source folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hwcert::model {

struct ZooEntry {
  std::string name;  // file stem
  std::filesystem::path file;
};

// Every zoo model, by name; `executable` is the running hwcert.
std::vector<ZooEntry> zoo_models(const std::filesystem::path& executable);
// NAME from the zoo, or FILE when it names an existing file.
std::optional<std::filesystem::path> resolve_model(const std::string& name_or_file,
                                                   const std::filesystem::path& executable);

}  // namespace hwcert::model
