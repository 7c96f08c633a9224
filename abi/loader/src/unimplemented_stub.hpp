// Stubs the loader puts into NULL or missing table slots: they return a host-owned sentinel
// that Plugin::consume() turns into UNIMPLEMENTED without calling the plugin.
#pragma once

#include "hwcert/hwcert_plugin.h"

namespace hwcert::detail {

HWC_Error* unimplemented_sentinel();

template <typename Fn>
struct UnimplementedStub;

template <typename... Args>
struct UnimplementedStub<HWC_Error* (*)(Args...)> {
  static HWC_Error* call(Args...) { return unimplemented_sentinel(); }
};

}  // namespace hwcert::detail
