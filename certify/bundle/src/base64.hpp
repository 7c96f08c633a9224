// Standard base64 (RFC 4648, with padding), private to the bundle library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hwcert::bundle::detail {

std::string base64_encode(std::string_view bytes);
// Decodes as many whole bytes as the text holds (padding optional); nullopt if the text
// contains a character outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace hwcert::bundle::detail
