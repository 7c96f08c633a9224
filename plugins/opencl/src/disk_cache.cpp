#include "disk_cache.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <system_error>

#include "content_hash.hpp"

namespace hwcert::opencl {
namespace {

constexpr char kMagic[8] = {'H', 'W', 'C', 'C', 'L', 'B', '0', '1'};
constexpr size_t kHeaderSize = 8 + 8 + 8;

void put_u64(std::vector<unsigned char>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

uint64_t get_u64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return (value != nullptr && value[0] != '\0') ? value : nullptr;
}

}  // namespace

DiskCache::DiskCache(std::filesystem::path directory, Logger logger)
    : directory_(std::move(directory)), logger_(logger) {}

std::optional<std::filesystem::path> DiskCache::default_directory() {
  if (const char* off = env("HWCERT_OPENCL_CACHE")) {
    std::string v(off);
    if (v == "0" || v == "off" || v == "OFF") return std::nullopt;
  }
  if (const char* dir = env("HWCERT_OPENCL_CACHE_DIR")) return std::filesystem::path(dir);
  if (const char* xdg = env("XDG_CACHE_HOME"))
    return std::filesystem::path(xdg) / "hwcert" / "opencl";
  if (const char* home = env("HOME"))
    return std::filesystem::path(home) / ".cache" / "hwcert" / "opencl";
  return std::nullopt;
}

std::filesystem::path DiskCache::entry_path(const std::string& key) const {
  return directory_ / (key + ".clbin");
}

std::vector<unsigned char> DiskCache::encode(std::span<const unsigned char> payload) {
  std::vector<unsigned char> out(std::begin(kMagic), std::end(kMagic));
  put_u64(out, payload.size());
  put_u64(out, fnv1a64(payload, kFnvSeedA));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

std::optional<std::vector<unsigned char>> DiskCache::load(const std::string& key) const {
  const auto path = entry_path(key);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  bool valid = in.good() || in.eof();
  valid = valid && bytes.size() >= kHeaderSize &&
          std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) == 0 &&
          get_u64(bytes.data() + 8) == bytes.size() - kHeaderSize;
  if (valid) {
    std::span payload(bytes.data() + kHeaderSize, bytes.size() - kHeaderSize);
    valid = get_u64(bytes.data() + 16) == fnv1a64(payload, kFnvSeedA);
  }
  if (!valid) {
    logger_(HWC_LOG_WARNING, "opencl: deleting corrupt program cache entry " + path.string());
    remove(key);
    return std::nullopt;
  }
  return std::vector<unsigned char>(bytes.begin() + kHeaderSize, bytes.end());
}

bool DiskCache::store(const std::string& key, std::span<const unsigned char> payload) const {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) {
    logger_(HWC_LOG_WARNING, "opencl: cannot create program cache directory " +
                                 directory_.string() + ": " + ec.message());
    return false;
  }
  const auto final_path = entry_path(key);
  auto temp_path = final_path;
  temp_path += ".tmp" + std::to_string(std::random_device{}());
  const auto bytes = encode(payload);
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      logger_(HWC_LOG_WARNING, "opencl: cannot write program cache entry " + temp_path.string());
      std::filesystem::remove(temp_path, ec);
      return false;
    }
  }
  std::filesystem::rename(temp_path, final_path, ec);
  if (ec) {
    logger_(HWC_LOG_WARNING, "opencl: cannot rename program cache entry to " + final_path.string() +
                                 ": " + ec.message());
    std::filesystem::remove(temp_path, ec);
    return false;
  }
  return true;
}

void DiskCache::remove(const std::string& key) const {
  std::error_code ec;
  std::filesystem::remove(entry_path(key), ec);
}

}  // namespace hwcert::opencl
