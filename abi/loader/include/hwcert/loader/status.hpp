// Status and Expected<T>: how host code carries errors that come from (or concern) a plugin.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace hwcert {

// Mirrors the ABI's HWC_STATUS_* numbers.
enum class StatusCode : int32_t {
  kOk = 0,
  kInvalidArgument = 1,
  kUnimplemented = 2,
  kUnsupported = 3,
  kOutOfMemory = 4,
  kDeviceLost = 5,
  kInternal = 6,
  kUnknownKey = 7,
  kBufferTooSmall = 8,
  kOutOfRange = 9,
  kTimeout = 10,
};

// "INVALID_ARGUMENT", ...; "UNKNOWN(n)" is never returned: unknown codes map to kInternal.
std::string_view to_string(StatusCode code);
// Maps a raw ABI code; codes this host does not know become kInternal (flagged by caller).
bool is_known_status_code(int32_t raw);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "CODE: message"
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status saying why there is none.
template <typename T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Expected(Status status) : state_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace hwcert
