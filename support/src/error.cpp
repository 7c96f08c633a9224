#include "hwcert/support/error.hpp"

#include <fmt/format.h>

#include <utility>

namespace hwcert::support {

std::string SourcePosition::to_string() const {
  if (line == 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Diagnostic::to_string() const {
  if (where.file.empty()) return message;
  return fmt::format("{}: {}", where.to_string(), message);
}

Error::Error(Diagnostic diagnostic)
    : std::runtime_error(diagnostic.to_string()), diagnostic_(std::move(diagnostic)) {}

Error::Error(SourcePosition where, std::string message)
    : Error(Diagnostic{std::move(where), std::move(message)}) {}

}  // namespace hwcert::support
