#include "hwcert/bundle/manifest.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hwcert/bundle/error.hpp"
#include "hwcert/bundle/sha256.hpp"

namespace hwcert::bundle {
namespace {

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Relative, '/'-separated, no empty, "." or ".." parts, nothing the line format cannot carry.
bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  if (path.find_first_of(std::string_view("\n\r\\\0", 4)) != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::vector<std::string> list_bundle_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw BundleError(fmt::format("{} is not a directory", dir.string()));
  }
  std::vector<std::string> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec) break;
    // lexically: std::filesystem::relative() would resolve a symbolic link to its target.
    const std::string rel = it->path().lexically_relative(dir).generic_string();
    if (std::filesystem::is_directory(status)) continue;
    if (std::filesystem::is_symlink(status)) {
      throw BundleError(
          fmt::format("{} is a symbolic link; a bundle holds regular files only", rel));
    }
    if (!std::filesystem::is_regular_file(status)) {
      throw BundleError(
          fmt::format("{} is not a regular file; a bundle holds regular files only", rel));
    }
    if (rel == kManifestFile || rel == kSignatureFile) continue;
    if (!is_safe_relative_path(rel)) {
      throw BundleError(fmt::format("the file name {:?} cannot be listed in a manifest", rel));
    }
    files.push_back(rel);
  }
  if (ec) throw BundleError(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

Manifest build_manifest(const std::filesystem::path& dir) {
  Manifest manifest;
  for (std::string& rel : list_bundle_files(dir)) {
    std::string hash = sha256_hex_file(dir / rel);
    manifest.entries.push_back({std::move(rel), std::move(hash)});
  }
  return manifest;
}

std::string format_manifest(const Manifest& manifest) {
  std::string text;
  for (const ManifestEntry& e : manifest.entries) {
    text += e.sha256;
    text += "  ";
    text += e.path;
    text += '\n';
  }
  return text;
}

Manifest parse_manifest(std::string_view text) {
  Manifest manifest;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      throw BundleError(
          fmt::format("manifest line {} does not end in a newline (truncated?)", line_no));
    }
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    if (line.size() < 67 || line.substr(64, 2) != "  " || !is_lower_hex(line.substr(0, 64))) {
      throw BundleError(fmt::format("manifest line {} is not '<sha256>  <path>'", line_no));
    }
    std::string_view path = line.substr(66);
    if (!is_safe_relative_path(path)) {
      throw BundleError(
          fmt::format("manifest line {} names an unsafe path {:?}", line_no, std::string(path)));
    }
    if (!manifest.entries.empty() && !(manifest.entries.back().path < path)) {
      throw BundleError(fmt::format("manifest line {} is out of order or repeats {}", line_no,
                                    std::string(path)));
    }
    manifest.entries.push_back({std::string(path), std::string(line.substr(0, 64))});
  }
  return manifest;
}

}  // namespace hwcert::bundle
