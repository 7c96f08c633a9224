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
  TensorSpec declared;              // the case's spec
  TensorSpec spec;                  // launched spec
  std::vector<std::byte> image;     // guard bytes + poison at every element
  std::vector<bool> addressed;      // bytes that belong to an element
  std::vector<uint64_t> positions;  // byte position of each element, row-major
};

OutputLayout make_output_layout(const TensorSpec& declared, Poison poison_kind = Poison::kFirst) {
  OutputLayout out;
  out.declared = declared;
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

// The outputs as launched (split has several), each with its own guard bytes.
using OutputLayouts = std::vector<OutputLayout>;
// What came back from each output buffer after a launch.
using OutputImages = std::vector<std::vector<std::byte>>;

std::vector<OutputLayout> make_output_layouts(const std::vector<TensorSpec>& declared,
                                              Poison poison_kind = Poison::kFirst) {
  std::vector<OutputLayout> layouts;
  for (const TensorSpec& spec : declared) layouts.push_back(make_output_layout(spec, poison_kind));
  return layouts;
}

// "output 1: " for an op with several outputs, nothing for one.
std::string output_prefix(std::size_t count, std::size_t i) {
  return count > 1 ? fmt::format("output {}: ", i) : std::string();
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
    r.total_elements = 0;
    for (const TensorSpec& out : case_.call.outputs()) {
      r.total_elements += static_cast<uint64_t>(out.element_count().value_or(0));
    }
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
    if (std::string reason = opset_mismatch(call); !reason.empty()) {
      return set(r, CaseStatus::kUnsupported, reason);
    }
    const ToleranceTable& table =
        options_.tolerances != nullptr ? *options_.tolerances : ToleranceTable::builtin();
    const ToleranceRule* rule = table.find(call.op_name(), call.outputs()[0].dtype, r.math_mode);
    if (rule == nullptr) {
      return set(r, CaseStatus::kError,
                 fmt::format("no tolerance rule for {} ({})", call.op_name(), r.dtypes));
    }

    const OutputLayouts layouts = make_output_layouts(call.outputs());
    std::vector<TensorSpec> launched_outputs;
    for (const OutputLayout& layout : layouts) launched_outputs.push_back(layout.spec);
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
    if (std::string error = allocate_buffers(*stream, images, layouts, *workspace_size, buffers);
        !error.empty()) {
      return set(r, CaseStatus::kError, error);
    }
    std::vector<const Buffer*> input_ptrs, output_ptrs;
    for (const Buffer& b : buffers.inputs) input_ptrs.push_back(&b);
    for (const Buffer& b : buffers.outputs) output_ptrs.push_back(&b);
    const Launcher launcher{*stream, launched, input_ptrs, output_ptrs, buffers.workspace};
    if (case_.tier == InputTier::kOutOfRange) return expect_out_of_range(r, launcher, layouts);
    run_launched(r, launcher, table, *rule, images, buffers.inputs, layouts);
  }

  // The reason a case does not apply to the plugin: its op belongs to a later opset than the
  // plugin implements (HWC_PLUGIN_INFO_OPSET; a plugin that does not answer implements 1).
  std::string opset_mismatch(const OpCall& call) const {
    const uint32_t op = catalogue::op_opset(call.op_name());
    auto reported = device_.plugin().info_u32(HWC_PLUGIN_INFO_OPSET);
    const uint32_t plugin = reported ? *reported : 1;
    if (op <= plugin) return {};
    return fmt::format("op {} is opset {}; plugin implements opset {}", call.op_name(), op, plugin);
  }

  // Launches the case, checks inputs and guard bytes, compares every output and checks
  // determinism when asked.
  void run_launched(CaseResult& r, const Launcher& launcher, const ToleranceTable& table,
                    const ToleranceRule& rule, const std::vector<std::vector<std::byte>>& images,
                    const std::vector<Buffer>& input_buffers, const OutputLayouts& layouts) {
    OutputImages results;
    if (Status s = launch_once(launcher, layouts, results); !s.ok()) {
      return set(r, CaseStatus::kError, s.message());
    }
    auto changed = changed_input(launcher.stream, input_buffers, images);
    if (!changed) return set(r, CaseStatus::kError, changed.status().message());
    if (!changed->empty()) return set(r, CaseStatus::kFail, *changed);
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      if (std::string violation = guard_violation(layouts[i], results[i]); !violation.empty()) {
        return set(r, CaseStatus::kFail, output_prefix(layouts.size(), i) + violation);
      }
    }
    std::vector<std::vector<bool>> unwritten;
    if (Status s = find_unwritten(launcher, layouts, results, unwritten); !s.ok()) {
      return set(r, CaseStatus::kError, "launch over the second poison: " + s.message());
    }
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      CaseResult one = r;
      compare(one, i, rule, table, images, layouts[i], results[i], unwritten[i]);
      merge_output(r, one, i, layouts.size());
      if (r.status != CaseStatus::kPass && r.status != CaseStatus::kMistrusted) return;
    }
    if (case_.check_determinism || options_.force_determinism) {
      check_determinism(r, launcher, layouts, results);
    }
  }

  // Folds the comparison of output `i` of `count` into the case result: an output that does
  // not pass decides the status and message; the worst element is the largest error over the
  // outputs, and the checked elements add up.
  static void merge_output(CaseResult& r, const CaseResult& one, std::size_t i, std::size_t count) {
    if (i == 0) {
      r = one;
    } else {
      r.checked_elements += one.checked_elements;
      r.sampled = r.sampled || one.sampled;
      if (one.status != CaseStatus::kPass) r.status = one.status;
      if (one.status != CaseStatus::kPass || one.max_abs_error > r.max_abs_error) {
        r.max_abs_error = one.max_abs_error;
        r.max_rel_error = one.max_rel_error;
        r.max_ulp_error = one.max_ulp_error;
        r.worst_index = one.worst_index;
        r.expected_at_worst = one.expected_at_worst;
        r.actual_at_worst = one.actual_at_worst;
        r.tolerance = one.tolerance;
      }
    }
    if (one.status != CaseStatus::kPass) r.message = output_prefix(count, i) + one.message;
  }

  // The buffers of one case on the device.
  struct DeviceBuffers {
    std::vector<Buffer> inputs;
    std::vector<Buffer> outputs;
    std::optional<Buffer> workspace;  // none when the op needs no workspace
  };

  // Allocates the case's buffers and uploads its inputs: the message of the step that
  // failed, or an empty string.
  std::string allocate_buffers(Stream& stream, const std::vector<std::vector<std::byte>>& images,
                               const OutputLayouts& layouts, uint64_t workspace_bytes,
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
    for (const OutputLayout& layout : layouts) {
      auto output = device_.alloc(layout.image.size());
      if (!output) return "buffer_alloc failed: " + output.status().to_string();
      out.outputs.push_back(std::move(*output));
    }
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

  // A second launch must give the same bits at every element of every output.
  void check_determinism(CaseResult& r, const Launcher& launcher, const OutputLayouts& layouts,
                         const OutputImages& results) const {
    OutputImages again;
    if (Status s = launch_once(launcher, layouts, again); !s.ok()) {
      return set(r, CaseStatus::kError, "second run: " + s.message());
    }
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      const OutputLayout& layout = layouts[i];
      const std::size_t size = dtype_size(layout.spec.dtype);
      for (std::size_t e = 0; e < layout.positions.size(); ++e) {
        const auto pos = static_cast<std::ptrdiff_t>(layout.positions[e]);
        if (!std::equal(results[i].begin() + pos,
                        results[i].begin() + pos + static_cast<std::ptrdiff_t>(size),
                        again[i].begin() + pos)) {
          return set(r, CaseStatus::kFail,
                     fmt::format("{}not deterministic: a second run gave different bits at "
                                 "element {}",
                                 output_prefix(layouts.size(), i), e));
        }
      }
    }
  }

  static Status launch_once(const Launcher& launcher, const OutputLayouts& layouts,
                            OutputImages& results) {
    const Stream& stream = launcher.stream;
    const std::vector<const Buffer*>& outputs = launcher.outputs;
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      if (Status s = stream.copy_h2d(*outputs[i], 0, layouts[i].image); !s.ok()) {
        return {s.code(), "copy_h2d failed: " + s.to_string()};
      }
    }
    if (Status s = stream.launch(launcher.launched, launcher.inputs, outputs,
                                 launcher.workspace ? &*launcher.workspace : nullptr);
        !s.ok()) {
      return {s.code(), "op_launch failed: " + s.to_string()};
    }
    if (Status s = stream.synchronize(); !s.ok()) {
      return {s.code(), "stream_synchronize after launch failed: " + s.to_string()};
    }
    results.assign(layouts.size(), {});
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      results[i].resize(layouts[i].image.size());
      if (Status s = stream.copy_d2h(results[i], *outputs[i], 0); !s.ok()) {
        return {s.code(), "copy_d2h failed: " + s.to_string()};
      }
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
                                  const OutputLayouts& layouts) {
    const Stream& stream = launcher.stream;
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      if (Status s = stream.copy_h2d(*launcher.outputs[i], 0, layouts[i].image); !s.ok()) {
        return set(r, CaseStatus::kError, "copy_h2d failed: " + s.to_string());
      }
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
  static Status find_unwritten(const Launcher& launcher, const OutputLayouts& layouts,
                               const OutputImages& results,
                               std::vector<std::vector<bool>>& unwritten) {
    bool any = false;
    unwritten.assign(layouts.size(), {});
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      const DType dtype = layouts[i].spec.dtype;
      const uint64_t first = poison_bits(dtype, Poison::kFirst);
      unwritten[i].assign(layouts[i].positions.size(), false);
      for (std::size_t e = 0; e < layouts[i].positions.size(); ++e) {
        unwritten[i][e] = load_element_bits(results[i], layouts[i].positions[e], dtype) == first;
        any = any || unwritten[i][e];
      }
    }
    if (!any) return Status::Ok();
    std::vector<TensorSpec> declared;
    for (const OutputLayout& layout : layouts) declared.push_back(layout.declared);
    const OutputLayouts second = make_output_layouts(declared, Poison::kSecond);
    OutputImages again;
    if (Status s = launch_once(launcher, second, again); !s.ok()) return s;
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      const DType dtype = layouts[i].spec.dtype;
      const uint64_t second_bits = poison_bits(dtype, Poison::kSecond);
      for (std::size_t e = 0; e < layouts[i].positions.size(); ++e) {
        if (unwritten[i][e]) {
          unwritten[i][e] =
              load_element_bits(again[i], second[i].positions[e], dtype) == second_bits;
        }
      }
    }
    return Status::Ok();
  }

  void compare(CaseResult& r, std::size_t output, const ToleranceRule& rule,
               const ToleranceTable& table, const std::vector<std::vector<std::byte>>& images,
               const OutputLayout& layout, const std::vector<std::byte>& result,
               const std::vector<bool>& unwritten) {
    const OpCall& call = case_.call;
    std::vector<std::span<const std::byte>> spans(images.begin(), images.end());
    auto oracle = Oracle::create(call, spans, output);
    if (!oracle) return set(r, CaseStatus::kError, "oracle: " + oracle.status().message());
    const DType dtype = layout.declared.dtype;
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
    const Comparison c = comparator.finish(layout.declared.shape);
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
