// The one exception type of the bundle library: an I/O, key or format problem, worded for the
// user (a changed bundle is not an error: verify_bundle reports it).
#pragma once

#include <stdexcept>
#include <string>

namespace hwcert::bundle {

class BundleError : public std::runtime_error {
 public:
  explicit BundleError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace hwcert::bundle
