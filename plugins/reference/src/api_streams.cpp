// Streams: an in-order worker thread each; errors of queued work surface at synchronize.
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <memory>
#include <optional>

#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::reference;

namespace {

void throw_deferred(std::optional<DeferredError> error) {
  if (error) fail(error->code, error->message);
}

}  // namespace

HWC_Error* stream_create(HWC_Device* device, HWC_Stream** stream) {
  return guarded("stream_create", [&] {
    PluginState& s = state();
    HWC_Device& d = s.device(device);
    require(stream, "stream");
    auto handle = std::make_unique<HWC_Stream>();
    handle->device = &d;
    handle->worker = std::make_unique<StreamWorker>();
    *stream = s.streams.insert(std::move(handle));
    d.children.fetch_add(1);
  });
}

HWC_Error* stream_destroy(HWC_Stream* stream) {
  return guarded("stream_destroy", [&] {
    std::unique_ptr<HWC_Stream> owned = state().take_stream(stream);
    owned->device->children.fetch_sub(1);
    std::optional<DeferredError> pending = owned->worker->synchronize();
    owned.reset();
    throw_deferred(std::move(pending));
  });
}

HWC_Error* stream_synchronize(HWC_Stream* stream) {
  return guarded("stream_synchronize",
                 [&] { throw_deferred(state().stream(stream).worker->synchronize()); });
}

}  // namespace hwcert::plugin_api
