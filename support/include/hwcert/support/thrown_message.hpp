// The message of the error a piece of code throws: for tests that check what an error says.
#pragma once

#include <string>

namespace hwcert::support {

/// Runs `body`; the what() of the `Exception` it throws, or "" when it throws none (another
/// exception passes through).
template <class Exception, class Body>
std::string thrown_message(Body&& body) {
  try {
    body();
  } catch (const Exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace hwcert::support
