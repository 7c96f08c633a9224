// Loads a plugin with hwcert's loader, runs `add` on four f32 values through the ABI and
// checks the result: the smallest complete round trip a host makes.
//   run_one_op <plugin library or manifest>
#include <array>
#include <cstddef>
#include <cstdio>
#include <span>
#include <variant>

#include <hwcert/loader/plugin.hpp>

namespace {

int fail(const char* what, const hwcert::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what, status.to_string().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <plugin library>\n", argv[0]);
    return 2;
  }
  auto loaded = hwcert::load_plugin(argv[1]);
  if (const auto* error = std::get_if<hwcert::LoadError>(&loaded)) {
    std::fprintf(stderr, "%s\n", error->message.c_str());
    return 3;
  }
  const hwcert::PluginPtr& plugin = std::get<hwcert::PluginPtr>(loaded);
  std::printf("plugin %s %s (ABI %u.%u)\n", plugin->name().c_str(), plugin->version().c_str(),
              plugin->abi_major(), plugin->abi_minor());

  auto device = plugin->open_device(0);
  if (!device) return fail("open_device(0)", device.status());

  const auto spec = hwcert::TensorSpec::dense(hwcert::DType::kF32, {4});
  const hwcert::OpCall add("add", {spec, spec}, {spec});
  auto support = device->op_support(add);
  if (!support) return fail("op_support", support.status());
  if (!support->supported) {
    std::printf("add f32 [4]: unsupported (%s)\n", support->reason.c_str());
    return 0;
  }

  const std::array<float, 4> a{1.5f, -2.0f, 0.25f, 1e30f};
  const std::array<float, 4> b{0.5f, 2.0f, 0.5f, 1e30f};
  std::array<float, 4> y{};
  auto buffer_a = device->alloc(sizeof a);
  auto buffer_b = device->alloc(sizeof b);
  auto buffer_y = device->alloc(sizeof y);
  for (const auto* buffer : {&buffer_a, &buffer_b, &buffer_y}) {
    if (!*buffer) return fail("alloc", buffer->status());
  }
  auto stream = device->create_stream();
  if (!stream) return fail("create_stream", stream.status());

  const hwcert::Buffer* inputs[] = {&*buffer_a, &*buffer_b};
  const hwcert::Buffer* outputs[] = {&*buffer_y};
  for (const hwcert::Status& status :
       {stream->copy_h2d(*buffer_a, 0, std::as_bytes(std::span(a))),
        stream->copy_h2d(*buffer_b, 0, std::as_bytes(std::span(b))),
        stream->launch(add, inputs, outputs),
        stream->copy_d2h(std::as_writable_bytes(std::span(y)), *buffer_y, 0),
        stream->synchronize()}) {
    if (!status.ok()) return fail("add", status);
  }
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != a[i] + b[i]) {
      std::fprintf(stderr, "add: element %zu is %g, expected %g\n", i, y[i], a[i] + b[i]);
      return 1;
    }
  }
  std::printf("add f32 [4]: ok\n");
  return 0;
}
