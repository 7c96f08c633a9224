// ABI functions: op capability query, workspace query and launch.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "api_functions.hpp"
#include "ops/op.hpp"

namespace hwcref::api {
namespace {

struct PreparedOp {
  OpCall call;
  OpRunner runner;
};

PreparedOp prepare_op(const HWC_OpDesc* desc) {
  PreparedOp prepared{OpCall::parse(desc), {}};
  const OpCall& call = prepared.call;
  if (call.opset == 0) invalid(call.name + ": opset 0 is invalid (opset 1 is the first)");
  if (call.opset > kPluginOpset) {
    unsupported(call.name + ": opset " + std::to_string(call.opset) + " is newer than the opset " +
                std::to_string(kPluginOpset) + " this plugin implements");
  }
  const OpEntry* entry = find_op(call.name);
  if (entry == nullptr)
    unsupported("op '" + call.name + "' is not in the catalogue of this plugin");
  prepared.runner = entry->prepare(call);
  return prepared;
}

}  // namespace

HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity) {
  return guard([&] {
    plugin().handles().get(device, "op_support: device");
    require(op, "op_support: op");
    require(support, "op_support: support");
    if (reason_capacity > 0) require(reason, "op_support: reason (reason_capacity > 0)");
    std::string why;
    try {
      prepare_op(op);
    } catch (const PluginError& e) {
      if (e.code() != HWC_STATUS_UNSUPPORTED) throw;
      why = e.message();
    }
    *support = why.empty() ? HWC_OP_SUPPORTED : HWC_OP_UNSUPPORTED;
    if (reason_capacity > 0) {
      const size_t n = std::min(why.size(), reason_capacity - 1);
      std::memcpy(reason, why.data(), n);
      reason[n] = '\0';
    }
  });
}

HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes) {
  return guard([&] {
    plugin().handles().get(device, "op_workspace_size: device");
    require(workspace_bytes, "op_workspace_size: workspace_bytes");
    prepare_op(op);
    *workspace_bytes = 0;  // ops allocate their own scratch memory
  });
}

HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t /*workspace_size*/) {
  return guard([&] {
    Plugin& p = plugin();
    p.handles().get(stream, "op_launch: stream");
    require(op, "op_launch: op");
    PreparedOp prepared = prepare_op(op);
    const OpCall& call = prepared.call;
    if (num_inputs != call.inputs.size() || num_outputs != call.outputs.size()) {
      invalid("op_launch: " + call.name + " describes " + std::to_string(call.inputs.size()) +
              " input(s) and " + std::to_string(call.outputs.size()) + " output(s) but " +
              std::to_string(num_inputs) + " and " + std::to_string(num_outputs) +
              " buffers were given");
    }
    if (num_inputs > 0) require(inputs, "op_launch: inputs");
    if (num_outputs > 0) require(outputs, "op_launch: outputs");
    if (workspace != nullptr) p.handles().get(workspace, "op_launch: workspace");

    std::vector<std::shared_ptr<BufferStorage>> keep_alive;
    Operands io;
    auto bind = [&](HWC_Buffer* buffer, const TensorView& view, const std::string& role) {
      p.handles().get(buffer, role.c_str());
      const uint64_t end = view.end_byte();
      if (end > buffer->storage->size()) {
        fail(HWC_STATUS_OUT_OF_RANGE, "op_launch: " + role + " " + view.describe() + " needs " +
                                          std::to_string(end) + " bytes of its buffer, which has " +
                                          std::to_string(buffer->storage->size()));
      }
      keep_alive.push_back(buffer->storage);
      return Operand{view, buffer->storage->data()};
    };
    for (uint32_t i = 0; i < num_inputs; ++i) {
      io.inputs.push_back(
          bind(inputs[i], call.inputs[i], call.name + " input " + std::to_string(i)));
    }
    for (uint32_t i = 0; i < num_outputs; ++i) {
      io.outputs.push_back(
          bind(outputs[i], call.outputs[i], call.name + " output " + std::to_string(i)));
    }
    ThreadPool* pool = &p.pool();
    stream->worker->enqueue([runner = std::move(prepared.runner), io = std::move(io),
                             keep_alive = std::move(keep_alive), pool] { runner(io, *pool); });
  });
}

}  // namespace hwcref::api
