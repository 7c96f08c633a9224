#include "hwcert/conformance/execute_case.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <stdexcept>

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/conformance/comparator.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/conformance/oracle.hpp"
#include "hwcert/conformance/reproducer.hpp"
#include "hwcert/conformance/tensor_view.hpp"

namespace hwcert::conformance {
namespace {

// The output as launched: its tensor shifted past the leading guard bytes.
struct OutputLayout {
  TensorSpec spec;                  // launched spec
  std::vector<std::byte> image;     // guard bytes + poison at every element
  std::vector<bool> addressed;      // bytes that belong to an element
  std::vector<uint64_t> positions;  // byte position of each element, row-major
};

OutputLayout make_output_layout(const TensorSpec& declared, Poison poison_kind = Poison::kFirst) {
  OutputLayout out;
  out.spec = declared;
  out.spec.byte_offset += kGuardBytes;
  const uint64_t required = out.spec.required_bytes().value_or(kGuardBytes);
  const uint64_t size = std::max(required, kGuardBytes) + kGuardBytes;
  out.image.assign(size, kGuardByte);
  out.addressed.assign(size, false);
  const std::vector<std::byte> poison = poison_pattern(declared.dtype, poison_kind);
  const int64_t count = declared.element_count().value_or(0);
  if (count > 0) {
    const std::vector<int64_t> strides = out.spec.effective_strides();
    std::vector<int64_t> index(declared.rank(), 0);
    out.positions.reserve(static_cast<std::size_t>(count));
    do {
      int64_t element = 0;
      for (std::size_t d = 0; d < index.size(); ++d) element += index[d] * strides[d];
      const uint64_t pos = out.spec.byte_offset + static_cast<uint64_t>(element) * poison.size();
      out.positions.push_back(pos);
      std::copy(poison.begin(), poison.end(), out.image.begin() + static_cast<std::ptrdiff_t>(pos));
      std::fill_n(out.addressed.begin() + static_cast<std::ptrdiff_t>(pos), poison.size(), true);
    } while (next_index(declared.shape, index));
  }
  return out;
}

// First byte outside the elements that no longer holds the guard pattern.
std::string guard_violation(const OutputLayout& layout, std::span<const std::byte> got) {
  uint64_t first_element = got.size(), last_element_end = 0;
  if (!layout.positions.empty()) {
    first_element = *std::min_element(layout.positions.begin(), layout.positions.end());
    last_element_end = *std::max_element(layout.positions.begin(), layout.positions.end()) +
                       dtype_size(layout.spec.dtype);
  } else {
    first_element = layout.spec.byte_offset;
    last_element_end = layout.spec.byte_offset;
  }
  for (uint64_t i = 0; i < got.size(); ++i) {
    if (layout.addressed[i] || got[i] == kGuardByte) continue;
    if (i >= last_element_end) {
      return fmt::format(
          "wrote past the end of the output: byte {} after its last element was "
          "changed to 0x{:02x}",
          i - last_element_end, static_cast<unsigned>(got[i]));
    }
    if (i < first_element) {
      return fmt::format(
          "wrote before the start of the output: byte {} before its first "
          "element was changed to 0x{:02x}",
          first_element - i, static_cast<unsigned>(got[i]));
    }
    return fmt::format(
        "wrote into a gap between output elements (stride padding) at byte {} "
        "of the view",
        i - first_element);
  }
  return {};
}

std::vector<int64_t> sample_indices(int64_t total, uint64_t count, uint64_t seed) {
  std::set<int64_t> chosen{0, total - 1};
  for (uint64_t i = 0; chosen.size() < count && i < 4 * count; ++i) {
    chosen.insert(
        static_cast<int64_t>(counter_hash(seed, 0x5A4D, i) % static_cast<uint64_t>(total)));
  }
  return {chosen.begin(), chosen.end()};
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// What every launch of a case shares.
struct Launcher {
  const Stream& stream;
  const OpCall& launched;
  const std::vector<const Buffer*>& inputs;
  const std::vector<const Buffer*>& outputs;
  const std::optional<Buffer>& workspace;
};

class Execution {
 public:
  Execution(const Device& device, const Case& c, const ExecuteOptions& options)
      : device_(device), case_(c), options_(options) {}

  CaseResult run() {
    const auto start = std::chrono::steady_clock::now();
    CaseResult r;
    r.case_id = case_.id;
    r.op = case_.call.op_name();
    r.dtypes = dtypes_text(case_.call);
    r.math_mode = catalogue::math_mode_name(case_.call);
    r.reproducer = reproducer(case_, options_.plugin_name, options_.device_index);
    r.total_elements =
        case_.call.outputs().empty()
            ? 0
            : static_cast<uint64_t>(case_.call.outputs()[0].element_count().value_or(0));
    try {
      run_checks(r);
    } catch (const std::exception& e) {
      r.status = CaseStatus::kError;
      r.message = fmt::format("harness error: {}", e.what());
    }
    r.duration_ms = elapsed_ms(start);
    return r;
  }

 private:
  static void set(CaseResult& r, CaseStatus status, std::string message) {
    r.status = status;
    r.message = std::move(message);
  }

  void run_checks(CaseResult& r) {
    const OpCall& call = case_.call;
    if (Status s = catalogue::validate_op_call(call); !s.ok()) {
      return set(r, CaseStatus::kError, "invalid case: " + s.message());
    }
    if (std::string why = tier_mismatch(call, case_.tier); !why.empty()) {
      return set(r, CaseStatus::kError, "invalid case: " + why);
    }
    const ToleranceTable& table =
        options_.tolerances != nullptr ? *options_.tolerances : ToleranceTable::builtin();
    const TensorSpec& declared = call.outputs()[0];
    const ToleranceRule* rule = table.find(call.op_name(), declared.dtype, r.math_mode);
    if (rule == nullptr) {
      return set(r, CaseStatus::kError,
                 fmt::format("no tolerance rule for {} ({})", call.op_name(), r.dtypes));
    }

    const OutputLayout layout = make_output_layout(declared);
    std::vector<TensorSpec> launched_outputs{layout.spec};
    const OpCall launched(call.op_name(), call.inputs(), launched_outputs, call.attributes(),
                          call.opset());

    auto support = device_.op_support(launched);
    if (!support)
      return set(r, CaseStatus::kError, "op_support failed: " + support.status().to_string());
    if (!support->supported) {
      return set(r, CaseStatus::kUnsupported,
                 support->reason.empty() ? "op_support: unsupported" : support->reason);
    }
    auto workspace_size = device_.workspace_size(launched);
    if (!workspace_size) {
      return set(r, CaseStatus::kError,
                 "op_workspace_size failed: " + workspace_size.status().to_string());
    }

    const std::vector<std::vector<std::byte>> images =
        generate_inputs(call, case_.tier, case_.seed);
    auto stream = device_.create_stream();
    if (!stream)
      return set(r, CaseStatus::kError, "stream_create failed: " + stream.status().to_string());

    DeviceBuffers buffers;
    if (std::string error =
            allocate_buffers(*stream, images, layout.image.size(), *workspace_size, buffers);
        !error.empty()) {
      return set(r, CaseStatus::kError, error);
    }
    std::vector<const Buffer*> input_ptrs;
    for (const Buffer& b : buffers.inputs) input_ptrs.push_back(&b);
    const std::vector<const Buffer*> output_ptrs{&*buffers.output};

    const Launcher launcher{*stream, launched, input_ptrs, output_ptrs, buffers.workspace};
    if (case_.tier == InputTier::kOutOfRange) return expect_out_of_range(r, launcher, layout);
    std::vector<std::byte> result(layout.image.size());
    if (Status s = launch_once(launcher, layout, result); !s.ok()) {
      return set(r, CaseStatus::kError, s.message());
    }

    auto changed = changed_input(*stream, buffers.inputs, images);
    if (!changed) return set(r, CaseStatus::kError, changed.status().message());
    if (!changed->empty()) return set(r, CaseStatus::kFail, *changed);
    if (std::string violation = guard_violation(layout, result); !violation.empty()) {
      return set(r, CaseStatus::kFail, violation);
    }

    std::vector<bool> unwritten;
    if (Status s = find_unwritten(launcher, layout, declared, result, unwritten); !s.ok()) {
      return set(r, CaseStatus::kError, "launch over the second poison: " + s.message());
    }
    compare(r, *rule, table, images, layout, result, unwritten);
    if (r.status != CaseStatus::kPass && r.status != CaseStatus::kMistrusted) return;
    if (case_.check_determinism || options_.force_determinism) {
      check_determinism(r, launcher, layout, result);
    }
  }

  // The buffers of one case on the device.
  struct DeviceBuffers {
    std::vector<Buffer> inputs;
    std::optional<Buffer> output;
    std::optional<Buffer> workspace;  // none when the op needs no workspace
  };

  // Allocates the case's buffers and uploads its inputs: the message of the step that
  // failed, or an empty string.
  std::string allocate_buffers(Stream& stream, const std::vector<std::vector<std::byte>>& images,
                               uint64_t output_bytes, uint64_t workspace_bytes,
                               DeviceBuffers& out) {
    for (const auto& image : images) {
      auto buffer = device_.alloc(std::max<uint64_t>(image.size(), 1));
      if (!buffer) return "buffer_alloc failed: " + buffer.status().to_string();
      if (!image.empty()) {
        if (Status s = stream.copy_h2d(*buffer, 0, image); !s.ok()) {
          return "copy_h2d failed: " + s.to_string();
        }
      }
      out.inputs.push_back(std::move(*buffer));
    }
    auto output = device_.alloc(output_bytes);
    if (!output) return "buffer_alloc failed: " + output.status().to_string();
    out.output.emplace(std::move(*output));
    if (workspace_bytes > 0) {
      auto buffer = device_.alloc(workspace_bytes);
      if (!buffer) return "workspace alloc failed: " + buffer.status().to_string();
      out.workspace.emplace(std::move(*buffer));
    }
    return {};
  }

  // Inputs must come back unchanged: what changed (empty when nothing did), or the error
  // that kept them from being read back.
  static Expected<std::string> changed_input(const Stream& stream,
                                             const std::vector<Buffer>& buffers,
                                             const std::vector<std::vector<std::byte>>& images) {
    for (std::size_t i = 0; i < images.size(); ++i) {
      if (images[i].empty()) continue;
      std::vector<std::byte> back(images[i].size());
      if (Status s = stream.copy_d2h(back, buffers[i], 0); !s.ok()) {
        return Status{s.code(), "copy_d2h failed: " + s.to_string()};
      }
      if (Status s = stream.synchronize(); !s.ok()) {
        return Status{s.code(), "stream_synchronize failed: " + s.to_string()};
      }
      if (back != images[i]) {
        const auto diff = std::mismatch(back.begin(), back.end(), images[i].begin());
        return fmt::format("input {} was modified by the launch (first changed byte {})", i,
                           diff.first - back.begin());
      }
    }
    return std::string();
  }

  // A second launch must give the same bits at every element.
  void check_determinism(CaseResult& r, const Launcher& launcher, const OutputLayout& layout,
                         const std::vector<std::byte>& result) const {
    std::vector<std::byte> again(layout.image.size());
    if (Status s = launch_once(launcher, layout, again); !s.ok()) {
      return set(r, CaseStatus::kError, "second run: " + s.message());
    }
    const std::size_t size = dtype_size(layout.spec.dtype);
    for (std::size_t e = 0; e < layout.positions.size(); ++e) {
      const auto pos = static_cast<std::ptrdiff_t>(layout.positions[e]);
      if (!std::equal(result.begin() + pos,
                      result.begin() + pos + static_cast<std::ptrdiff_t>(size),
                      again.begin() + pos)) {
        return set(
            r, CaseStatus::kFail,
            fmt::format("not deterministic: a second run gave different bits at element {}", e));
      }
    }
  }

  static Status launch_once(const Launcher& launcher, const OutputLayout& layout,
                            std::vector<std::byte>& result) {
    const Stream& stream = launcher.stream;
    const std::vector<const Buffer*>& outputs = launcher.outputs;
    if (Status s = stream.copy_h2d(*outputs[0], 0, layout.image); !s.ok()) {
      return {s.code(), "copy_h2d failed: " + s.to_string()};
    }
    if (Status s = stream.launch(launcher.launched, launcher.inputs, outputs,
                                 launcher.workspace ? &*launcher.workspace : nullptr);
        !s.ok()) {
      return {s.code(), "op_launch failed: " + s.to_string()};
    }
    if (Status s = stream.synchronize(); !s.ok()) {
      return {s.code(), "stream_synchronize after launch failed: " + s.to_string()};
    }
    if (Status s = stream.copy_d2h(result, *outputs[0], 0); !s.ok()) {
      return {s.code(), "copy_d2h failed: " + s.to_string()};
    }
    if (Status s = stream.synchronize(); !s.ok()) {
      return {s.code(), "stream_synchronize failed: " + s.to_string()};
    }
    return Status::Ok();
  }

  // The out_of_range tier: an index input holds values outside its range, which the catalogue
  // makes an error: OUT_OF_RANGE from op_launch or from the stream_synchronize after it. A
  // launch that succeeds has clamped, wrapped or read outside the data (the output is not
  // judged); another status is the wrong error.
  static void expect_out_of_range(CaseResult& r, const Launcher& launcher,
                                  const OutputLayout& layout) {
    const Stream& stream = launcher.stream;
    if (Status s = stream.copy_h2d(*launcher.outputs[0], 0, layout.image); !s.ok()) {
      return set(r, CaseStatus::kError, "copy_h2d failed: " + s.to_string());
    }
    Status s = stream.launch(launcher.launched, launcher.inputs, launcher.outputs,
                             launcher.workspace ? &*launcher.workspace : nullptr);
    const char* step = "op_launch";
    if (s.ok()) {
      s = stream.synchronize();
      step = "stream_synchronize after launch";
    }
    if (s.code() == StatusCode::kOutOfRange) {
      return set(r, CaseStatus::kPass,
                 fmt::format("{} reported OUT_OF_RANGE: {}", step, s.message()));
    }
    if (s.ok()) {
      return set(r, CaseStatus::kFail,
                 "indices outside [0, extent) were accepted: expected OUT_OF_RANGE from "
                 "op_launch or stream_synchronize (the plugin clamps, wraps or reads out of "
                 "bounds)");
    }
    return set(r, CaseStatus::kFail,
               fmt::format("indices outside [0, extent): expected OUT_OF_RANGE, {} gave {}", step,
                           s.to_string()));
  }

  // Elements holding the first poison after launch are written values or were never written
  // (see poison_pattern): launched again over the second poison, those that hold it as well
  // were never written. No second launch when no element holds the first poison.
  static Status find_unwritten(const Launcher& launcher, const OutputLayout& layout,
                               const TensorSpec& declared, const std::vector<std::byte>& result,
                               std::vector<bool>& unwritten) {
    const DType dtype = declared.dtype;
    const uint64_t first = poison_bits(dtype, Poison::kFirst);
    unwritten.assign(layout.positions.size(), false);
    bool any = false;
    for (std::size_t e = 0; e < layout.positions.size(); ++e) {
      unwritten[e] = load_element_bits(result, layout.positions[e], dtype) == first;
      any = any || unwritten[e];
    }
    if (!any) return Status::Ok();
    const OutputLayout second = make_output_layout(declared, Poison::kSecond);
    std::vector<std::byte> again(second.image.size());
    if (Status s = launch_once(launcher, second, again); !s.ok()) return s;
    const uint64_t second_bits = poison_bits(dtype, Poison::kSecond);
    for (std::size_t e = 0; e < layout.positions.size(); ++e) {
      if (unwritten[e])
        unwritten[e] = load_element_bits(again, second.positions[e], dtype) == second_bits;
    }
    return Status::Ok();
  }

  void compare(CaseResult& r, const ToleranceRule& rule, const ToleranceTable& table,
               const std::vector<std::vector<std::byte>>& images, const OutputLayout& layout,
               const std::vector<std::byte>& result, const std::vector<bool>& unwritten) {
    const OpCall& call = case_.call;
    std::vector<std::span<const std::byte>> spans(images.begin(), images.end());
    auto oracle = Oracle::create(call, spans);
    if (!oracle) return set(r, CaseStatus::kError, "oracle: " + oracle.status().message());
    const DType dtype = call.outputs()[0].dtype;
    ToleranceContext ctx;
    ctx.output = dtype;
    ctx.accumulation = oracle->accumulation_dtype();
    ctx.accumulation_length = oracle->accumulation_length();
    ctx.mode = oracle->math_mode();
    const double zero_limit = case_.max_zero_fraction.value_or(
        rule.max_zero_fraction.value_or(table.default_max_zero_fraction()));
    Comparator comparator(rule, ctx, case_.tier, zero_limit);

    const auto total = static_cast<int64_t>(layout.positions.size());
    const auto actual_bits = [&](int64_t e) {
      return load_element_bits(result, layout.positions[static_cast<std::size_t>(e)], dtype);
    };
    const bool sampled = total > 0 && (case_.sample_elements.has_value() ||
                                       static_cast<uint64_t>(total) > options_.sample_threshold);
    const auto check = [&](int64_t e) {
      const Reference ref = oracle->at_flat(e);
      if (unwritten[static_cast<std::size_t>(e)]) {
        comparator.unwritten(e, ref.bits, actual_bits(e));
      } else {
        comparator.check(e, ref.bits, ref.magnitude, actual_bits(e), ref.spread);
      }
    };
    if (!sampled) {
      for (int64_t e = 0; e < total; ++e) check(e);
    } else {
      std::vector<int64_t> chosen = sample_indices(
          total, case_.sample_elements.value_or(options_.default_sample), case_.seed);
      // Every element never written is checked as well: nothing unwritten hides.
      for (int64_t e = 0; e < total; ++e) {
        if (unwritten[static_cast<std::size_t>(e)]) chosen.push_back(e);
      }
      std::sort(chosen.begin(), chosen.end());
      chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
      for (int64_t e : chosen) check(e);
    }
    const Comparison c = comparator.finish(call.outputs()[0].shape);
    r.status = c.status;
    r.message = c.message;
    r.max_abs_error = c.max_abs_error;
    r.max_rel_error = c.max_rel_error;
    r.max_ulp_error = c.max_ulp_error;
    r.worst_index = c.worst_index;
    r.expected_at_worst = c.expected_at_worst;
    r.actual_at_worst = c.actual_at_worst;
    r.tolerance = c.tolerance;
    r.checked_elements = c.checked_elements;
    r.sampled = sampled;
  }

  const Device& device_;
  const Case& case_;
  const ExecuteOptions& options_;
};

}  // namespace

std::string dtypes_text(const OpCall& call) {
  std::vector<DType> inputs;
  for (const TensorSpec& s : call.inputs()) inputs.push_back(s.dtype);
  const DType out = call.outputs().empty() ? DType::kInvalid : call.outputs()[0].dtype;
  const bool uniform = std::all_of(inputs.begin(), inputs.end(), [&](DType d) { return d == out; });
  if (uniform) return std::string(dtype_name(out));
  std::string text;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0 &&
        (call.op_name() == "concat" || call.op_name() == "layer_norm" ||
         call.op_name() == "rms_norm" || call.op_name() == "matmul") &&
        i >= 2) {
      break;  // bias, gamma, beta and further concat inputs repeat a dtype already named
    }
    if (i > 0) text += "*";
    text += dtype_name(inputs[i]);
  }
  return text + "->" + std::string(dtype_name(out));
}

CaseResult execute_case(const Device& device, const Case& c, const ExecuteOptions& options) {
  return Execution(device, c, options).run();
}

}  // namespace hwcert::conformance
