// The host side of the two-call get_info protocol, shared by plugin and device properties.
// A value the plugin reports in a malformed way (an absurd size, more bytes written than the
// buffer holds, a string without its NUL, a scalar of the wrong size) becomes INTERNAL, and the
// same one-line reason goes to `*warning` (when given) so callers that fall back to a default
// can still tell the user what was wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hwcert/loader/status.hpp"

namespace hwcert::detail {

// Larger values are refused without allocating.
inline constexpr std::size_t kMaxInfoSize = std::size_t{1} << 20;

// One call of plugin_get_info or device_get_info for a key, its error already consumed.
using InfoQuery = std::function<Status(std::size_t value_size, void* value, std::size_t* size_ret)>;

// `call` names the function and key in messages: "plugin_get_info(NAME)".
Expected<std::vector<uint8_t>> read_info_bytes(const InfoQuery& query, std::string_view call,
                                               std::string* warning);
// The text before the first NUL; a value without one is malformed.
Expected<std::string> info_bytes_to_string(Expected<std::vector<uint8_t>> raw,
                                           std::string_view call, std::string* warning);
// Checks that a scalar value has exactly `expected` bytes.
Status check_scalar_size(std::size_t size, std::size_t expected, std::string_view call,
                         std::string* warning);

}  // namespace hwcert::detail
