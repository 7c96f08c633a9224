#include "hwcert/runner/op_invocation.hpp"

#include "hwcert/catalogue/op_schema.hpp"
#include "hwcert/catalogue/shape_inference.hpp"
#include "hwcert/conformance/input_generator.hpp"
#include "hwcert/conformance/reproducer.hpp"
#include "hwcert/runner/npy.hpp"
#include "hwcert/runner/tensor_files.hpp"

namespace hwcert::runner {

namespace {

Expected<OpInvocation> from_case_form(const OpArguments& args) {
  std::vector<std::string> argv = {"--op", args.op};
  for (const auto& spec : args.in_specs) argv.insert(argv.end(), {"--in", spec});
  for (const auto& spec : args.out_specs) argv.insert(argv.end(), {"--out", spec});
  for (const auto& attr : args.attributes) argv.insert(argv.end(), {"--attr", attr});
  if (!args.tier.empty()) argv.insert(argv.end(), {"--tier", args.tier});
  if (args.seed) argv.insert(argv.end(), {"--seed", std::to_string(*args.seed)});
  argv.insert(argv.end(), args.extra.begin(), args.extra.end());
  auto parsed = conformance::parse_case_arguments(argv);
  if (!parsed.ok()) return parsed.status();
  OpInvocation invocation;
  invocation.call = parsed->call;
  Status valid = catalogue::validate_op_call(invocation.call);
  if (!valid.ok()) return valid;
  invocation.inputs = conformance::generate_inputs(invocation.call, parsed->tier, parsed->seed);
  invocation.from_case = std::move(*parsed);
  return invocation;
}

}  // namespace

Expected<OpInvocation> build_invocation(const OpArguments& args) {
  if (args.op.empty()) return Status(StatusCode::kInvalidArgument, "--op is required");
  if (!args.in_specs.empty()) {
    if (!args.npy_inputs.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    "give either --inputs (.npy files) or --in specs, not both");
    }
    return from_case_form(args);
  }
  if (args.npy_inputs.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "--inputs a.npy[,b.npy...] (or the --in case form) is required");
  }
  std::vector<TensorSpec> specs;
  OpInvocation invocation;
  for (const std::string& file : args.npy_inputs) {
    auto array = read_npy(file);
    if (!array.ok()) return array.status();
    auto dtype = npy_dtype(array->descr, dtype_noted_in_file_name(file));
    if (!dtype) {
      return Status(StatusCode::kInvalidArgument,
                    file + ": dtype '" + array->descr +
                        "' needs the real dtype in the file name (e.g. x.bf16.npy)");
    }
    specs.push_back(dense_spec(*array, *dtype));
    invocation.inputs.push_back(std::move(array->data));
  }
  std::vector<Attribute> attributes;
  for (const std::string& text : args.attributes) {
    auto attr = conformance::parse_attribute(text);
    if (!attr.ok()) return attr.status();
    attributes.push_back(std::move(*attr));
  }
  std::optional<DType> out_dtype;
  if (!args.out_dtype.empty()) {
    out_dtype = parse_dtype(args.out_dtype);
    if (!out_dtype)
      return Status(StatusCode::kInvalidArgument, "unknown --out-dtype '" + args.out_dtype + "'");
  }
  // An output of the first input's shape in --out-dtype names the target dtype of a cast;
  // shape inference gives every other op its outputs, then takes the dtype.
  std::vector<TensorSpec> named_outputs;
  if (out_dtype && !specs.empty()) {
    named_outputs.push_back(specs[0]);
    named_outputs[0].dtype = *out_dtype;
  }
  OpCall probe(args.op, specs, named_outputs, attributes);
  auto outputs = catalogue::infer_outputs(probe);
  if (!outputs.ok()) return outputs.status();
  if (out_dtype) {
    for (TensorSpec& out : *outputs) out.dtype = *out_dtype;
  }
  invocation.call = OpCall(args.op, specs, *outputs, attributes, catalogue::op_opset(args.op));
  Status valid = catalogue::validate_op_call(invocation.call);
  if (!valid.ok()) return valid;
  return invocation;
}

Status write_input_files(const std::filesystem::path& dir, const OpInvocation& invocation) {
  for (std::size_t i = 0; i < invocation.call.inputs().size(); ++i) {
    const TensorSpec& spec = invocation.call.inputs()[i];
    Status status = write_npy(dir / npy_file_name("input" + std::to_string(i), spec.dtype),
                              dense_array(spec, invocation.inputs[i]));
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace hwcert::runner
