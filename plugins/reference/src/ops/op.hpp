// How an op plugs into the reference plugin: prepare() validates an OpCall and returns a
// runner; the runner later executes on the stream's thread with bound memory.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/op_call.hpp"
#include "scratch_arena.hpp"
#include "thread_pool.hpp"

namespace hwcert::reference {
class BufferStorage;
}

namespace hwcert::reference {

// A tensor view bound to the start of its buffer (the view's byte_offset is not applied).
struct Operand {
  TensorView view;
  std::byte* buffer = nullptr;
  // The buffer's storage: its generation and packed cache (null in tests that bind raw memory).
  BufferStorage* storage = nullptr;

  std::byte* origin() const { return buffer + view.byte_offset; }
};

struct Operands {
  std::vector<Operand> inputs;
  std::vector<Operand> outputs;
  ScratchArena* scratch = nullptr;  // the plugin's; null: ops allocate per launch
};

using OpRunner = std::function<void(const Operands& io, ThreadPool& pool)>;

// Validates `call`: throws INVALID_ARGUMENT for a malformed call and UNSUPPORTED (with the
// reason) for a valid call this plugin does not run. Returns the runner otherwise.
using OpPrepareFn = OpRunner (*)(const OpCall& call);

struct OpEntry {
  std::string_view name;
  OpPrepareFn prepare;
  uint32_t since = 1;  // the opset that introduced the op
};

// The catalogue entry for `name`, or nullptr.
const OpEntry* find_op(std::string_view name);
std::vector<std::string_view> op_names();

// --- helpers shared by op implementations ---

void expect_counts(const OpCall& call, std::size_t min_inputs, std::size_t max_inputs,
                   std::size_t outputs);
void expect_dtype(const OpCall& call, const TensorView& view, int32_t dtype, const char* role);
void expect_shape(const OpCall& call, const TensorView& view, const std::vector<int64_t>& shape,
                  const char* role);
// UNSUPPORTED unless `dtype` is one of `allowed`.
void expect_dtype_in(const OpCall& call, int32_t dtype, std::initializer_list<int32_t> allowed,
                     const char* role);
std::string shape_text(const std::vector<int64_t>& shape);
// Normalises a possibly negative axis against `rank`; INVALID_ARGUMENT when out of range.
int64_t normalize_axis(const OpCall& call, const char* attr, int64_t axis, int64_t rank);

}  // namespace hwcert::reference
