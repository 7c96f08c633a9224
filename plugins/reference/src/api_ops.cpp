// ABI functions: op capability query, workspace query and launch.
#include <hwcert/plugin_common/op_support.hpp>
#include <hwcert/plugin_common/plugin_functions.hpp>

#include <memory>
#include <string>
#include <vector>

#include "ops/op.hpp"
#include "runtime.hpp"

namespace hwcert::plugin_api {
using namespace hwcert::reference;

namespace {

struct PreparedOp {
  OpCall call;
  OpRunner runner;
};

// The descriptor's opset against the op's and the one the plugin runs (state().opset()).
void check_opset(const OpCall& call, const OpEntry& entry) {
  const uint32_t implemented = state().opset();
  if (call.opset == 0) fail_invalid(call.name + ": opset 0 is invalid (opset 1 is the first)");
  if (entry.since > implemented) {
    fail_unsupported("op " + call.name + " is opset " + std::to_string(entry.since) +
                     "; this plugin is set to opset " + std::to_string(implemented) +
                     " (HWCERT_REFERENCE_OPSET)");
  }
  if (call.opset > implemented) {
    fail_unsupported(call.name + ": opset " + std::to_string(call.opset) +
                     " is newer than the opset " + std::to_string(implemented) +
                     " this plugin implements");
  }
  if (call.opset < entry.since) {
    fail_invalid(call.name + " is an op of opset " + std::to_string(entry.since) +
                 "; the descriptor names opset " + std::to_string(call.opset));
  }
}

// An op whose operands hold at most this many bytes in all runs on the launching thread when
// its stream is idle (StreamWorker::submit): it takes less time than the hand-offs to the
// stream's thread and back would.
constexpr uint64_t kRunOnCallerBytes = 64 * 1024;

uint64_t operand_bytes(const OpCall& call) {
  uint64_t bytes = 0;
  for (const auto* views : {&call.inputs, &call.outputs}) {
    for (const TensorView& v : *views) bytes += static_cast<uint64_t>(v.numel()) * v.element_size();
  }
  return bytes;
}

PreparedOp prepare_op(const HWC_OpDesc* desc) {
  PreparedOp prepared{OpCall::parse(desc), {}};
  const OpCall& call = prepared.call;
  const OpEntry* entry = find_op(call.name);
  if (entry == nullptr)
    fail_unsupported("op '" + call.name + "' is not in the catalogue of this plugin");
  check_opset(call, *entry);
  prepared.runner = entry->prepare(call);
  return prepared;
}

}  // namespace

HWC_Error* op_support(HWC_Device* device, const HWC_OpDesc* op, int32_t* support, char* reason,
                      size_t reason_capacity) {
  return guarded("op_support", [&] {
    state().device(device);
    require(op, "op");
    plugin_common::answer_op_support([&] { prepare_op(op); }, support, reason, reason_capacity);
  });
}

HWC_Error* op_workspace_size(HWC_Device* device, const HWC_OpDesc* op, uint64_t* workspace_bytes) {
  return guarded("op_workspace_size", [&] {
    state().device(device);
    require(workspace_bytes, "workspace_bytes");
    prepare_op(op);
    *workspace_bytes = 0;  // ops allocate their own scratch memory
  });
}

HWC_Error* op_launch(HWC_Stream* stream, const HWC_OpDesc* op, HWC_Buffer* const* inputs,
                     uint32_t num_inputs, HWC_Buffer* const* outputs, uint32_t num_outputs,
                     HWC_Buffer* workspace, uint64_t /*workspace_size*/) {
  return guarded("op_launch", [&] {
    PluginState& s = state();
    HWC_Stream& q = s.stream(stream);
    require(op, "op");
    PreparedOp prepared = prepare_op(op);
    const OpCall& call = prepared.call;
    if (num_inputs != call.inputs.size() || num_outputs != call.outputs.size()) {
      fail_invalid(call.name + " describes " + std::to_string(call.inputs.size()) +
                   " input(s) and " + std::to_string(call.outputs.size()) + " output(s) but " +
                   std::to_string(num_inputs) + " and " + std::to_string(num_outputs) +
                   " buffers were given");
    }
    if (num_inputs > 0) require(inputs, "inputs");
    if (num_outputs > 0) require(outputs, "outputs");
    if (workspace != nullptr) s.buffer(workspace);

    std::vector<std::shared_ptr<BufferStorage>> keep_alive;
    Operands io;
    auto bind = [&](HWC_Buffer* buffer, const TensorView& view, const std::string& role) {
      if (!s.buffers.contains(buffer)) fail_invalid(role + " is not a live HWC_Buffer handle");
      const std::shared_ptr<BufferStorage>& storage = buffer->storage;
      const uint64_t end = view.end_byte();
      if (end > storage->size()) {
        fail_out_of_range(role + " " + view.describe() + " needs " + std::to_string(end) +
                          " bytes of its buffer, which has " + std::to_string(storage->size()));
      }
      keep_alive.push_back(storage);
      return Operand{view, storage->data(), storage.get()};
    };
    for (uint32_t i = 0; i < num_inputs; ++i) {
      io.inputs.push_back(
          bind(inputs[i], call.inputs[i], call.name + " input " + std::to_string(i)));
    }
    for (uint32_t i = 0; i < num_outputs; ++i) {
      io.outputs.push_back(
          bind(outputs[i], call.outputs[i], call.name + " output " + std::to_string(i)));
    }
    io.scratch = &s.scratch();
    ThreadPool* pool = &s.pool();
    const bool small = operand_bytes(call) <= kRunOnCallerBytes;
    q.worker->submit(
        [runner = std::move(prepared.runner), io = std::move(io),
         keep_alive = std::move(keep_alive), pool] {
          // The outputs change even when the op fails part way.
          const auto note_writes = [&] {
            for (const Operand& out : io.outputs) out.storage->note_write();
          };
          try {
            runner(io, *pool);
          } catch (...) {
            note_writes();
            throw;
          }
          note_writes();
        },
        small);
  });
}

}  // namespace hwcert::plugin_api
