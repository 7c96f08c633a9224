#include "hwcert/model/zoo.hpp"

#include <algorithm>

namespace hwcert::model {
namespace {

std::optional<std::filesystem::path> zoo_dir(const std::filesystem::path& executable) {
  std::error_code ec;
  const auto installed = executable.parent_path().parent_path() / "share" / "hwcert" / "models";
  if (std::filesystem::is_directory(installed, ec)) return installed;
  const std::filesystem::path source = HWCERT_SOURCE_ZOO_DIR;
  if (std::filesystem::is_directory(source, ec)) return source;
  return std::nullopt;
}

}  // namespace

std::vector<ZooEntry> zoo_models(const std::filesystem::path& executable) {
  std::vector<ZooEntry> models;
  const auto dir = zoo_dir(executable);
  if (!dir) return models;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(*dir, ec)) {
    if (entry.path().extension() == ".toml")
      models.push_back({entry.path().stem().string(), entry.path()});
  }
  std::sort(models.begin(), models.end(),
            [](const ZooEntry& a, const ZooEntry& b) { return a.name < b.name; });
  return models;
}

std::optional<std::filesystem::path> resolve_model(const std::string& name_or_file,
                                                   const std::filesystem::path& executable) {
  for (const ZooEntry& entry : zoo_models(executable)) {
    if (entry.name == name_or_file) return entry.file;
  }
  std::error_code ec;
  if (std::filesystem::is_regular_file(name_or_file, ec))
    return std::filesystem::path(name_or_file);
  return std::nullopt;
}

}  // namespace hwcert::model
