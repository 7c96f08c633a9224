#include "hwcert/loader/status.hpp"

#include <array>

#include "hwcert/support/enum_names.hpp"

namespace hwcert {

namespace {

// Indexed by the status code's value.
constexpr std::array<std::string_view, 11> kStatusNames = {
    "OK",          "INVALID_ARGUMENT", "UNIMPLEMENTED", "UNSUPPORTED",      "OUT_OF_MEMORY",
    "DEVICE_LOST", "INTERNAL",         "UNKNOWN_KEY",   "BUFFER_TOO_SMALL", "OUT_OF_RANGE",
    "TIMEOUT"};
static_assert(kStatusNames.size() == static_cast<std::size_t>(StatusCode::kTimeout) + 1);

}  // namespace

std::string_view to_string(StatusCode code) {
  return support::enum_name(kStatusNames, code, "INTERNAL");
}

bool is_known_status_code(int32_t raw) {
  return raw >= 0 && raw <= static_cast<int32_t>(StatusCode::kTimeout);
}

std::string Status::to_string() const {
  if (ok()) return "OK";
  std::string text(hwcert::to_string(code_));
  if (!message_.empty()) text += ": " + message_;
  return text;
}

}  // namespace hwcert
