// Plugin manifest parser (hwcert::parse_manifest) on arbitrary file contents.
#include <cstdint>
#include <variant>

#include "hwcert/loader/discovery.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = hwcert::fuzz::scratch_dir() / "plugin.toml";
  hwcert::fuzz::write_file(file, hwcert::fuzz::as_text(data, size));
  auto parsed = hwcert::parse_manifest(file);
  if (auto* error = std::get_if<hwcert::LoadError>(&parsed)) {
    if (error->message.empty()) __builtin_trap();  // every refusal says why
  }
  return 0;
}
