// The one exception type of the bundle library: an I/O, key or format problem, worded for the
// user (a changed bundle is not an error: verify_bundle reports it).
#pragma once

#include <string>

#include "hwcert/support/error.hpp"

namespace hwcert::bundle {

// A support::Error, so that one handler also catches the file errors of hwcert::support.
class BundleError : public support::Error {
 public:
  explicit BundleError(const std::string& message) : support::Error({}, message) {}
};

}  // namespace hwcert::bundle
