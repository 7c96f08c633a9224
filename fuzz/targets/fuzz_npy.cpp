// .npy reader (conformance/runner) on arbitrary bytes; what it accepts must round-trip.
#include <cstddef>
#include <cstdint>
#include <span>

#include "hwcert/runner/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  auto array = hwcert::runner::npy_parse(bytes, "fuzz.npy");
  if (!array.ok()) {
    if (array.status().message().empty()) __builtin_trap();
    return 0;
  }
  const std::string again = hwcert::runner::npy_serialize(*array);
  auto reparsed = hwcert::runner::npy_parse(
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(again.data()), again.size()),
      "again.npy");
  if (!reparsed.ok() || reparsed->shape != array->shape || reparsed->data != array->data ||
      reparsed->descr != array->descr) {
    __builtin_trap();
  }
  return 0;
}
