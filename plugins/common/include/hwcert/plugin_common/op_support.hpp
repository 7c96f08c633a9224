// op_support's answer from a plugin's planning function: an op is supported exactly when
// planning it throws nothing, and unsupported (with the message as the reason) when planning
// throws UNSUPPORTED. Any other failure is the call's error.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "hwcert/plugin_common/plugin_error.hpp"

namespace hwcert::plugin_common {

/// Writes `text` into reason[0, capacity), truncated and NUL-terminated; nothing when
/// capacity is 0.
inline void write_reason(const std::string& text, char* reason, size_t capacity) {
  if (reason == nullptr || capacity == 0) return;
  const size_t n = std::min(text.size(), capacity - 1);
  std::memcpy(reason, text.data(), n);
  reason[n] = '\0';
}

/// Runs `plan` and answers *support and reason from its outcome.
template <typename Plan>
void answer_op_support(Plan&& plan, int32_t* support, char* reason, size_t reason_capacity) {
  if (support == nullptr) fail_invalid("support is NULL");
  if (reason == nullptr && reason_capacity > 0) fail_invalid("reason is NULL");
  try {
    plan();
    *support = HWC_OP_SUPPORTED;
    write_reason("", reason, reason_capacity);
  } catch (const Failure& failure) {
    if (failure.code() != HWC_STATUS_UNSUPPORTED) throw;
    *support = HWC_OP_UNSUPPORTED;
    write_reason(failure.message(), reason, reason_capacity);
  }
}

}  // namespace hwcert::plugin_common
