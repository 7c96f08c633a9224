// Test helpers: the plugin's table obtained directly from hwc_get_plugin_api (no dlopen),
// one device and stream, and small builders for tensors, attributes and op launches.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hwcert/hwcert_plugin.h"
#include "hwcert/plugin_testing/buffer_io.hpp"
#include "hwcert/plugin_testing/op_desc.hpp"

namespace hwcert::reference::test {

// The dtype most op tests use.
inline constexpr int32_t F32 = HWC_DTYPE_F32;

// Status code of `error` (OK for NULL), releasing it.
int32_t take_status(const HWC_PluginApi* api, HWC_Error* error, std::string* message = nullptr);

/// A tensor descriptor: dense row-major at offset 0 unless changed.
struct Tensor {
  HWC_TensorDesc desc{};
  Tensor(int32_t dtype, const std::vector<int64_t>& shape)
      : desc(plugin_testing::tensor(dtype, shape)) {}
  Tensor& strides(const std::vector<int64_t>& s);
  Tensor& offset(uint64_t bytes);
};

using plugin_testing::Attr;
using plugin_testing::float_attr;
using plugin_testing::int_attr;
using plugin_testing::ints_attr;
using plugin_testing::string_attr;

/// An op whose tensors a test may change between calls; desc() builds the descriptor from
/// them as they are (valid until the next desc()).
struct Op {
  Op(std::string op_name, std::vector<Tensor> ins, std::vector<Tensor> outs,
     std::vector<Attr> attributes = {})
      : name(std::move(op_name)),
        inputs(std::move(ins)),
        outputs(std::move(outs)),
        attrs(std::move(attributes)) {}
  /// A copy has the same tensors and attributes and builds its own descriptor.
  Op(const Op& other) : Op(other.name, other.inputs, other.outputs, other.attrs) {}
  std::string name;
  std::vector<Tensor> inputs;
  std::vector<Tensor> outputs;
  std::vector<Attr> attrs;
  const HWC_OpDesc* desc();

 private:
  std::optional<plugin_testing::OpCall> built_;
};

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  int32_t status(HWC_Error* error, std::string* message = nullptr) {
    return take_status(api_, error, message);
  }

  HWC_Buffer* alloc(uint64_t bytes);
  template <class T>
  HWC_Buffer* upload(const std::vector<T>& values) {
    HWC_Buffer* buffer = alloc(std::max<uint64_t>(1, values.size() * sizeof(T)));
    plugin_testing::write_buffer(*api_, stream_, buffer, values,
                                 [this](HWC_Error* error) { EXPECT_EQ(status(error), 0); });
    return buffer;
  }
  template <class T>
  std::vector<T> download(HWC_Buffer* buffer, std::size_t count) {
    return plugin_testing::read_buffer<T>(
        *api_, stream_, buffer, count, [this](HWC_Error* error) { EXPECT_EQ(status(error), 0); });
  }
  // Launches and synchronizes; returns the first status (launch or synchronize).
  int32_t run(Op& op, const std::vector<HWC_Buffer*>& inputs,
              const std::vector<HWC_Buffer*>& outputs, std::string* message = nullptr);
  // op_support: HWC_OP_SUPPORTED / HWC_OP_UNSUPPORTED, or -status when the query failed.
  int32_t support(Op& op, std::string* reason = nullptr);

  const HWC_PluginApi* api_ = nullptr;
  HWC_Device* device_ = nullptr;
  HWC_Stream* stream_ = nullptr;
  std::vector<HWC_Buffer*> buffers_;
};

}  // namespace hwcert::reference::test
