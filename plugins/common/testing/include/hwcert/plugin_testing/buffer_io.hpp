// Moving test data between host vectors and a plugin's buffers through its table, for the
// plugins' test fixtures: each copies on one stream and waits for it, and hands every call's
// error to the fixture's own check.
#pragma once

#include <hwcert/hwcert_plugin.h>

#include <cstddef>
#include <vector>

namespace hwcert::plugin_testing {

/// Writes `values` at the start of `buffer` on `stream`, then synchronizes it (the source must
/// stay valid until then); `check(error)` takes each call's result.
template <class T, class Check>
void write_buffer(const HWC_PluginApi& api, HWC_Stream* stream, HWC_Buffer* buffer,
                  const std::vector<T>& values, Check&& check) {
  if (!values.empty())
    check(api.copy_h2d(stream, buffer, 0, values.data(), values.size() * sizeof(T)));
  check(api.stream_synchronize(stream));
}

/// The first `count` elements of `buffer`, read on `stream` after synchronizing it;
/// `check(error)` takes each call's result.
template <class T, class Check>
std::vector<T> read_buffer(const HWC_PluginApi& api, HWC_Stream* stream, HWC_Buffer* buffer,
                           std::size_t count, Check&& check) {
  std::vector<T> values(count);
  if (count > 0) check(api.copy_d2h(stream, values.data(), buffer, 0, count * sizeof(T)));
  check(api.stream_synchronize(stream));
  return values;
}

}  // namespace hwcert::plugin_testing
